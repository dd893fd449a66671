"""``cpr-rules lint [PATH…] [--format text|json|sarif|github] [--select CODES] [--ignore CODES]``.

The linter for rule authors: every problem in rule sets and code tables, each at its
``file:line:col`` with a stable code (``docs/lint/README.md``). Without paths it lints the
project's ``rulesets/`` and ``codetables/`` in the working folder. ``--update-lock`` first
records new rule ids in ``rule-ids.lock`` beside the rule sets.

Exit codes: 0 clean, 1 findings, 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cpr_rules.cli._common import input_path

__all__ = ["register"]


def _codes(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


def register(sub: Any) -> None:
    """Add the ``lint`` sub-command."""
    from cpr_rules.lint.output import FORMATS

    p: argparse.ArgumentParser = sub.add_parser(
        "lint", help="check rule sets and code tables (every problem, with its position)"
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=input_path,
        help="files or folders (default: rulesets/ codetables/)",
    )
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help="output format")
    p.add_argument("--select", metavar="CODES", help="only these codes or prefixes (CPRL0,…)")
    p.add_argument("--ignore", metavar="CODES", help="not these codes or prefixes")
    p.add_argument(
        "--update-lock", action="store_true", help="record new rule ids in rule-ids.lock first"
    )
    p.add_argument("--no-cache", action="store_true", help="scan every code table again")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Lint and print; 0 clean, 1 findings (2 is raised as an InputError)."""
    from cpr_rules.lint._ruleset import display_name
    from cpr_rules.lint.output import render
    from cpr_rules.lint.runner import lint_paths, update_locks

    if args.update_lock:
        for path in update_locks(args.paths):
            print(f"wrote {display_name(path)}", file=sys.stderr)
    diagnostics = lint_paths(
        args.paths, _codes(args.select), _codes(args.ignore), cache=not args.no_cache
    )
    sys.stdout.write(render(diagnostics, args.format))
    return 1 if diagnostics else 0
