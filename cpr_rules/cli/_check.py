"""``cpr-rules check HAENDELSE [DATA.json] [--stamdata S.json] [--today D] [--partial]``.

Checks one submission against the shipped rule set (or ``--rules DIR``) and prints every finding
at once: as text (default) or as the JSON report (``docs/report.md``). ``--sample`` checks the
rule set's first scenario (else its ``example_base``), so the command runs with no files.

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
from cpr_rules.cli._help import command_help
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
_COUNTS = {  # CLDR plural categories, chosen by babel (cpr_rules.locale.format_count)
    "da": {"error": {"other": "fejl"}, "warning": {"one": "advarsel", "other": "advarsler"}},
    "en": {
        "error": {"one": "error", "other": "errors"},
        "warning": {"one": "warning", "other": "warnings"},
    },
}
_REASONS = {  # why a rule is undecided (Undecided.reason), in the reader's language
    "da": {
        "missing": "et felt, den bruger, er ikke udfyldt",
        "stamdata": "den venter på CPR's stamdata",
        "invalid": "et felt, den bruger, er ugyldigt",
        "blocked": "en regel, den bygger på, holdt ikke",
    },
    "en": {
        "missing": "a field it uses is not filled in",
        "stamdata": "it waits for CPR's stamdata",
        "invalid": "a field it uses is invalid",
        "blocked": "a rule it builds on did not hold",
    },
}


def register(sub: Any) -> None:
    """Add the ``check`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="check a submission (all findings)",
        **command_help(
            "Check one submission against the rule set of its hændelse and print every finding "
            "at once (text, or the JSON report of docs/report.md). --sample checks the rule "
            "set's example submission, so it runs without files.",
            (
                "cpr-rules check FLYTB-I --sample",
                "cpr-rules check FLYTB-I flytning.json --stamdata stamdata.json --lang en",
                "cpr-rules check FLYTB-I - --format json < flytning.json",
            ),
            {
                0: "no errors (warnings allowed)",
                1: "errors in the submission",
                2: "unusable input or usage (one line on stderr)",
            },
        ),
    )
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
    p.add_argument(
        "--sample",
        action="store_true",
        help="check the rule set's first scenario, else its example_base (no DATA needed)",
    )
    add_format(p, help="text (a line per finding, default) or json (the report, docs/report.md)")
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
    except ValueError as exc:  # a number of more than 4,300 digits (sys.get_int_max_str_digits)
        raise InputError(f"{what} {name} cannot be read: {exc}") from None


def _inputs(args: argparse.Namespace, validator: Any) -> tuple[Any, Any, Any]:
    """The submission, stamdata and today to check; ``--stamdata`` and ``--today`` override the
    sample's own (never silently ignored)."""
    stamdata = _read_json(args.stamdata, "stamdata") if args.stamdata else None
    if stamdata is not None and not isinstance(stamdata, dict):
        raise InputError("the stamdata must be a JSON object")
    if args.sample:
        samples = validator.compiled(args.haendelse).samples
        if not samples:
            raise InputError(
                f"the rule set of {args.haendelse} has no example_base or scenario to check"
            )
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
    """A summary line, then each finding once: its message (which names the field by its
    title), then the rule and where it is written; every word in ``lang``."""
    from cpr_rules._printable import printable
    from cpr_rules.locale import format_count

    words, counts = _LABELS[lang], _COUNTS[lang]
    errors = format_count(len(report.errors), counts["error"], lang)
    state = words["ok"] if report.ok else errors
    warnings = format_count(len(report.warnings), counts["warning"], lang)
    print(f"{report.haendelse}: {state}, {warnings} ({words['version']} {report.ruleset_version})")
    for f in report.findings:  # a message may quote the input: printable, one line each
        print(printable(f"  {words[f.severity]:<12} {f.message}  [{f.rule}, {f.source}]"))
    for u in report.undecided:
        print(f"  {words['undecided']:<12} {u.rule}: {_REASONS[lang][u.reason]}")
    for name, text in report.klarskrift.items():
        if text:
            print(printable(f"  {words['klarskrift']} {name}: {text}"))
