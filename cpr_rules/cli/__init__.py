"""The ``cpr-rules`` command line.

Each sub-command lives in its own module (``_address.py``, ``_tables.py`` …) and registers
itself in :data:`COMMANDS` below: one literal mapping, readable at a glance. Exit codes are the
same everywhere: 0 ok, 1 findings/errors in the data, 2 unusable input or usage. A
:class:`~cpr_rules.errors.CprRulesError` becomes a one-line reason on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from cpr_rules.errors import CprRulesError

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

# sub-command -> module that defines ``register(subparsers)`` and whose parser sets ``func``.
# Modules are imported lazily so that ``cpr-rules address`` does not import the sandbox.
COMMANDS: dict[str, str] = {
    "check": "cpr_rules.cli._check",
    "address": "cpr_rules.cli._address",
    "translate": "cpr_rules.cli._translate",
    "tables": "cpr_rules.cli._tables",
    "lint": "cpr_rules.cli._lint",
    "drift": "cpr_rules.cli._drift",
    "sandbox": "cpr_rules.cli._sandbox",
    "portal": "cpr_rules.cli._portal",
    "js": "cpr_rules.cli._js",
}

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line reason (its default, kept explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with ``only`` set, just that sub-command is imported and registered."""
    parser = _Parser(prog="cpr-rules", description="Pre-check and translate CPR hændelser.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(module_name)
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used by the console script)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(args_list)
    func: Handler | None = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return func(args)
    except CprRulesError as exc:
        print(f"cpr-rules: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
