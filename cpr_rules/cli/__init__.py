"""The ``cpr-rules`` command line.

Each sub-command lives in its own module (``_address.py``, ``_tables.py`` …) and registers
itself in :data:`COMMANDS` below: one literal mapping, readable at a glance. Exit codes are the
same everywhere: 0 ok, 1 findings/errors in the data, 2 unusable input or usage, 3 a bug.
Whatever goes wrong, stderr gets one line and never a traceback: a usage error, a
:class:`~cpr_rules.errors.CprRulesError`, an ``OSError``, input too deep or too large each
become one line and exit 2; any other exception is reported in one line as a bug, exit 3
(``CPR_RULES_TRACEBACK=1`` shows the traceback). The argument types and helpers that give a
sub-command this for free are in :mod:`cpr_rules.cli._common`; a new sub-command only needs
to register itself in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from cpr_rules._printable import printable
from cpr_rules.errors import CprRulesError
from cpr_rules.personnummer import mask_text

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BUG = 3

# sub-command -> module that defines ``register(subparsers)`` and whose parser sets ``func``.
# Modules are imported lazily so that ``cpr-rules address`` does not import the sandbox.
COMMANDS: dict[str, str] = {
    "check": "cpr_rules.cli._check",
    "address": "cpr_rules.cli._address",
    "translate": "cpr_rules.cli._translate",
    "tables": "cpr_rules.cli._tables",
    "lint": "cpr_rules.cli._lint",
    "drift": "cpr_rules.cli._drift",
    "schema": "cpr_rules.cli._schema",
    "sandbox": "cpr_rules.cli._sandbox",
    "cache": "cpr_rules.cli._cache",
    "portal": "cpr_rules.cli._portal",
    "js": "cpr_rules.cli._js",
}

Handler = Callable[[argparse.Namespace], int]


def _terminal_width() -> int:
    """What ``shutil.get_terminal_size`` gives (``$COLUMNS``, the terminal, else 80), without
    importing shutil (and its compression modules) on every start."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    stdout = sys.__stdout__
    try:
        return os.get_terminal_size(stdout.fileno()).columns or 80 if stdout else 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized as argparse sizes it (see :func:`_terminal_width`)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _terminal_width() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """The exit codes and examples (``cli/_help.py``) keep their lines; the rest reflows."""
        if text.startswith("exit codes"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line reason (the usage is in ``--help``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        _say(f"{self.prog}: error: {message} (see {self.prog} --help)")
        raise SystemExit(EXIT_USAGE)


class _Version(argparse.Action):
    """``--version``: the installed version, imported only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from cpr_rules import __version__

        print(f"cpr-rules {__version__}")
        parser.exit()


EPILOG = """\
exit codes (every command):
  0  ok
  1  findings or errors in the data (each command's --help says which)
  2  unusable input or usage (one line on stderr, never a traceback)

examples:
  cpr-rules check FLYTB-I --sample
  cpr-rules lint --explain CPRL003
  cpr-rules COMMAND --help
"""


def _say(line: str) -> None:
    """One line on stderr, personnumre masked, no control characters."""
    text = mask_text(printable(" ".join(line.split())))
    print(text if len(text) <= 1000 else text[:997] + "...", file=sys.stderr)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with ``only`` set, just that sub-command is imported and registered."""
    parser = _Parser(
        prog="cpr-rules",
        description="Pre-check and translate CPR hændelser; lint their rule sets and code tables.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, help="see COMMAND --help"
    )
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
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exit_:  # a usage error (one line already printed), or --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    func: Handler | None = getattr(args, "func", None)
    if func is None:  # `cpr-rules` or `cpr-rules tables` alone
        prog = " ".join(["cpr-rules", *([args.command] if args.command else [])])
        _say(f"{prog}: error: give a command (see {prog} --help)")
        return EXIT_USAGE
    try:
        return func(args)
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except KeyboardInterrupt:
        _say("cpr-rules: interrupted")
        return 130
    except CprRulesError as exc:
        _say(f"cpr-rules: error: {exc}")
    except OSError as exc:  # a file that vanished or cannot be written, a port taken at bind
        where = f" {exc.filename}" if exc.filename else ""
        _say(f"cpr-rules: error:{where} {exc.strerror or exc}")
    except RecursionError:
        _say("cpr-rules: error: input nested too deep")
    except MemoryError:
        _say("cpr-rules: error: input too large for memory")
    except Exception as exc:
        if os.environ.get("CPR_RULES_TRACEBACK"):
            raise
        _say(f"cpr-rules: internal error (a bug, please report it): {type(exc).__name__}: {exc}")
        return EXIT_BUG
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
