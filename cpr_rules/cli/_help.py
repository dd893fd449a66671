"""What ``cpr-rules COMMAND --help`` says: a description, every option, the exit codes and an
example. Every sub-command builds its parser with :func:`command_help`, so a test can check
that none of them forgets a part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["EXIT_CODES", "command_help"]

EXIT_CODES = {
    0: "ok",
    1: "findings or errors in the data",
    2: "unusable input or usage (one line on stderr, never a traceback)",
}


def _wrapped(code: int, text: str) -> str:
    """``textwrap.fill`` of one exit code's line; a line that fits is kept as it is without
    importing textwrap (≈ 0.8 ms of every command's start)."""
    line = f"  {code}  {text}"
    if text and len(line) <= 78 and " ".join(text.split()) == text:
        return line
    import textwrap

    return textwrap.fill(text, 78, initial_indent=f"  {code}  ", subsequent_indent="     ")


def command_help(
    description: str, examples: Sequence[str], exit_codes: dict[int, str] | None = None
) -> dict[str, Any]:
    """The keyword arguments of ``add_parser`` for a sub-command's ``--help``."""
    codes = exit_codes or EXIT_CODES
    epilog = "exit codes:\n" + "".join(_wrapped(code, text) + "\n" for code, text in codes.items())
    epilog += "\nexamples:\n" + "".join(f"  {line}\n" for line in examples)
    return {"description": description, "epilog": epilog}
