"""Text for one line of a terminal or a log: what input cannot do to the lines around it.

A value from a submission, a rule file or a log may hold a newline, a carriage return or an
escape sequence (``ESC[2J`` clears a terminal). Printed as it is, it starts a forged line of
its own or drives the terminal. :func:`printable` writes every such character as its Python
escape; everything else is left as it is.

>>> printable("X\\n  fejl  Forged"), printable("a\\x1b[31mred"), printable("Søndre Fasanvej")
('X\\\\n  fejl  Forged', 'a\\\\x1b[31mred', 'Søndre Fasanvej')
"""

from __future__ import annotations

__all__ = ["printable"]


def printable(text: str) -> str:
    """``text`` with every character that is not printable (``str.isprintable``) escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
