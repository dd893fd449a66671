"""``cpr-rules schema ruleset|report [-o FILE]``: the JSON Schemas, wherever they are needed.

The rule-file schema lets an editor (yaml-language-server) check rule files as they are typed,
also in a rule author's own repository; the report schema describes ``check --format json``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cpr_rules.cli._help import command_help
from cpr_rules.errors import InputError

__all__ = ["register"]

KINDS = {"ruleset": "ruleset.schema.json", "report": "report.schema.json"}


def register(sub: Any) -> None:
    """Add the ``schema`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "schema",
        help="print or write the JSON Schema of rule files or of the JSON report",
        **command_help(
            "Print (or write with -o) the JSON Schema 2020-12 of a rule-set file ('ruleset') "
            "or of the JSON report of 'check --format json' ('report'). Point an editor at it "
            "with a first line '# yaml-language-server: $schema=PATH' in each rule file.",
            (
                "cpr-rules schema ruleset -o rulesets/ruleset.schema.json",
                "cpr-rules schema report > report.schema.json",
            ),
            {0: "written", 2: "usage, or the file cannot be written (one line on stderr)"},
        ),
    )
    p.add_argument("kind", choices=tuple(KINDS), help="ruleset (rule files) or report (JSON)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print or write the schema."""
    from cpr_rules.rules.schema import render_schema

    text = render_schema(KINDS[args.kind])
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
