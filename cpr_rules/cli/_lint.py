"""``cpr-rules lint [PATH…]``: the linter for rule authors.

Every problem in rule sets and code tables, each at its ``file:line:col`` with a stable code
(``docs/lint/README.md``). Without paths it lints the project's ``rulesets/`` and
``codetables/`` in the working folder. Settings come from ``[tool.cpr-rules]`` in the nearest
``pyproject.toml`` (:mod:`cpr_rules.lint.config`); options given here win.

Exit codes: 0 clean (or only findings below ``--fail-on``, or ``--exit-zero``), 1 findings,
2 unusable input or usage (also: nothing to lint).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cpr_rules.cli._common import input_path
from cpr_rules.errors import InputError

__all__ = ["register"]

from cpr_rules.cli._help import command_help

DESCRIPTION = """\
Check rule sets and code tables: every problem, each at file:line:col with a stable code
(CPRLxxx, explained by --explain CODE). Without PATHs: rulesets/ and codetables/ of the
working folder. Settings are read from [tool.cpr-rules] in the nearest pyproject.toml
(select, ignore, per-file-ignores, severity, fail-on); options given here win.
"""

EXIT_CODES = {
    0: "no findings (or only warnings with --fail-on error, or --exit-zero)",
    1: "findings",
    2: "unusable input or usage: a path that does not exist or holds no rule set or code "
    "table, an unknown code, a bad [tool.cpr-rules] setting",
}
EXAMPLES = (
    "cpr-rules lint",
    "cpr-rules lint rulesets/FLYTB-I.yaml --format sarif > lint.sarif",
    "cpr-rules lint --fix --fail-on error",
    "cpr-rules lint --explain CPRL003",
)

FIXABLE_BY_LOCK = "CPRL013"


def _codes(text: str | None) -> list[str] | None:
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


def register(sub: Any) -> None:
    """Add the ``lint`` sub-command."""
    from cpr_rules.lint.output import FORMATS

    p: argparse.ArgumentParser = sub.add_parser(
        "lint",
        help="check rule sets and code tables (every problem, with its position)",
        **command_help(DESCRIPTION, EXAMPLES, EXIT_CODES),
    )
    p.add_argument(
        "paths",
        nargs="*",
        type=input_path,
        metavar="PATH",
        help="files or folders (default: rulesets/ codetables/)",
    )
    p.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default="text",
        help="text (file:line:col: CODE message, default), json (a list), sarif (SARIF 2.1.0 for "
        "code scanning) or github (workflow annotations)",
    )
    p.add_argument("--select", metavar="CODES", help="only these codes or prefixes (CPRL0,…)")
    p.add_argument("--ignore", metavar="CODES", help="not these codes or prefixes")
    p.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes first (a field or table name with exactly one close match; "
        "new rule ids into rule-ids.lock), then report what is left",
    )
    p.add_argument(
        "--update-lock", action="store_true", help="record new rule ids in rule-ids.lock first"
    )
    p.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default=None,
        help="the lowest severity that makes the exit code 1 (default: warning, or fail-on "
        "in [tool.cpr-rules])",
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    p.add_argument(
        "--explain",
        metavar="CODE",
        help="print the documentation of a lint code (what it does, why, an example) and exit",
    )
    p.add_argument(
        "--config",
        metavar="PYPROJECT",
        type=Path,
        help="read [tool.cpr-rules] from this file instead of the nearest pyproject.toml",
    )
    p.add_argument("--no-cache", action="store_true", help="scan every code table again")
    p.set_defaults(func=run)


def explain(code: str) -> str:
    """The documentation page of a lint code, as ``docs/lint/CODE.md`` has it."""
    from cpr_rules.lint.docs import render_page
    from cpr_rules.lint.registry import CHECKS, RETIRED

    key = code.strip().upper()
    if key in RETIRED:
        return f"# {key} (retired)\n\n{RETIRED[key]}\n"
    if key not in CHECKS:
        raise InputError(f"--explain: {code!r} is not a lint code (CPRL001 … {max(CHECKS)})")
    return render_page(CHECKS[key])


def run(args: argparse.Namespace) -> int:
    """Lint and print; 0 clean, 1 findings (2 is raised as an InputError)."""
    from cpr_rules.lint._ruleset import display_name
    from cpr_rules.lint.config import find_config, read_config
    from cpr_rules.lint.fix import apply_fixes
    from cpr_rules.lint.output import render
    from cpr_rules.lint.runner import lint_paths, update_locks

    if args.explain:
        sys.stdout.write(explain(args.explain))
        return 0
    config = read_config(args.config) if args.config else find_config(Path.cwd())

    def lint() -> list[Any]:
        return lint_paths(
            args.paths,
            _codes(args.select),
            _codes(args.ignore),
            cache=not args.no_cache,
            config=config,
        )

    if args.update_lock:
        for path in update_locks(args.paths):
            print(f"wrote {display_name(path)}", file=sys.stderr)
    diagnostics = lint()
    if args.fix:
        fixed = len(apply_fixes(diagnostics))
        if any(d.code == FIXABLE_BY_LOCK for d in diagnostics):
            written = update_locks(args.paths)
            fixed += sum(d.code == FIXABLE_BY_LOCK for d in diagnostics) if written else 0
        if fixed:
            print(f"Fixed {fixed} problem{'s' * (fixed != 1)}.", file=sys.stderr)
            diagnostics = lint()
    sys.stdout.write(render(diagnostics, args.format))
    fail_on = args.fail_on or config.fail_on
    failing = [d for d in diagnostics if fail_on == "warning" or d.severity == "error"]
    return 0 if args.exit_zero or not failing else 1
