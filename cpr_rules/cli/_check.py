"""``cpr-rules check HAENDELSE [DATA.json] [--stamdata S.json] [--today D] [--partial]``.

Checks one submission against the shipped rule set (or ``--rules DIR``) and prints every finding
at once: as text (default) or as the JSON report (``docs/report.md``). ``--sample`` checks the
rule set's first example submission, so the command runs with no files at all.

Exit codes: 0 no errors (warnings allowed), 1 errors, 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cpr_rules.cli._common import (
    add_format,
    add_lang,
    input_file_or_stdin,
    input_folder,
    parse_date,
    print_json,
)
from cpr_rules.errors import InputError

__all__ = ["register"]

_LABELS = {
    "da": {
        "error": "fejl",
        "warning": "advarsel",
        "ok": "i orden",
        "undecided": "ikke afgjort",
        "klarskrift": "klarskrift",
        "version": "regelsæt",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "ok": "ok",
        "undecided": "undecided",
        "klarskrift": "klarskrift",
        "version": "rule set",
    },
}


def register(sub: Any) -> None:
    """Add the ``check`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser("check", help="check a submission (all findings)")
    p.add_argument("haendelse", help="hændelseskode, e.g. FLYTB-I")
    p.add_argument(
        "data",
        nargs="?",
        type=input_file_or_stdin,
        help="JSON file with the submission ('-' for stdin)",
    )
    p.add_argument(
        "--stamdata",
        type=input_file_or_stdin,
        help="JSON file with the stamdata CPR returned at initier",
    )
    p.add_argument("--today", type=parse_date, help="the date to check deadlines against")
    p.add_argument("--partial", action="store_true", help="a form still being filled in")
    p.add_argument(
        "--rules", type=input_folder, help="folder of rule sets (default: the shipped ones)"
    )
    p.add_argument("--sample", action="store_true", help="check the rule set's first example")
    add_format(p)
    add_lang(p)
    p.set_defaults(func=run)


def _read_json(name: Path, what: str) -> Any:
    import json  # not needed for --sample

    try:
        text = sys.stdin.read() if str(name) == "-" else name.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {what} {name}: {exc}") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(f"{what} {name} is nested too deep to read") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{what} {name} is not JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None


def _inputs(args: argparse.Namespace, validator: Any) -> tuple[Any, Any, Any]:
    """The submission, stamdata and today to check; ``--stamdata`` and ``--today`` override the
    sample's own (never silently ignored)."""
    stamdata = _read_json(args.stamdata, "stamdata") if args.stamdata else None
    if stamdata is not None and not isinstance(stamdata, dict):
        raise InputError("the stamdata must be a JSON object")
    if args.sample:
        samples = validator.compiled(args.haendelse).samples
        if not samples:
            raise InputError(f"the rule set of {args.haendelse} has no examples")
        data, sample_stamdata, today = samples[0]
        return data, sample_stamdata if stamdata is None else stamdata, args.today or today
    if args.data is None:
        raise InputError("give a DATA.json file (or --sample)")
    data = _read_json(args.data, "submission")
    if not isinstance(data, dict):
        raise InputError(f"the submission must be a JSON object, not {type(data).__name__}")
    return data, stamdata, args.today


def run(args: argparse.Namespace) -> int:
    """Check and print; 0 ok, 1 errors."""
    from cpr_rules.rules import Validator, default_validator

    validator = Validator(args.rules) if args.rules else default_validator()
    data, stamdata, today = _inputs(args, validator)
    report = validator.check(
        args.haendelse, data, stamdata=stamdata, today=today, partial=args.partial, lang=args.lang
    )
    if args.format == "json":
        print_json(report.to_dict())
    else:
        _print_text(report, args.lang)
    return 0 if report.ok else 1


def _print_text(report: Any, lang: str) -> None:
    words = _LABELS[lang]
    errors, warnings = len(report.errors), len(report.warnings)
    state = words["ok"] if report.ok else f"{errors} {words['error']}"
    print(
        f"{report.haendelse}: {state}, {warnings} {words['warning']} "
        f"({words['version']} {report.ruleset_version})"
    )
    for f in report.findings:
        fields = ",".join(f.fields) or "-"
        print(f"  {words[f.severity]:<9} {fields:<24} {f.rule}: {f.message}  [{f.source}]")
    for u in report.undecided:
        print(f"  {words['undecided']}: {u.rule} ({u.reason})")
    for name, text in report.klarskrift.items():
        if text:
            print(f"  {words['klarskrift']} {name}: {text}")
