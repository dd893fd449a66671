"""Write a GCTP message as the ISO-8859-1 bytes CPR expects (bilag 5 §4.1, bilag 8).

A document is the XML declaration of bilag 5, then ``<root xmlns="http://www.cpr.dk">`` around
the ``<Gctp>`` block, on one line: "CPR-klienter skriver XML-strengen som en linje uden CRLF og
ekstra blanke" (bilag 5 §4.1). ``pretty=True`` indents two blanks per level, like the examples in
bilag 7. Attributes come in the order the bilag examples write them (the ``ATTRIBUTES`` of each
model class), then the unknown ones in the order they were read.

>>> from cpr_rules.gctp.model import Field, Key
>>> render_fragment(Key(children=(Field("PNR", "0202802729"),)))
b'<Key><Field r="PNR" v="0202802729"/></Key>'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from cpr_rules.gctp.charset import ENCODING, check_value, double_reserved, escape_attribute
from cpr_rules.gctp.errors import GctpRequestError
from cpr_rules.gctp.model import Field, GctpMessage, Node

__all__ = ["NAMESPACE", "XML_DECLARATION", "render", "render_fragment"]

NAMESPACE: Final = "http://www.cpr.dk"
"""The namespace of the ``<root>`` envelope (bilag 5 §4.1)."""

XML_DECLARATION: Final = '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>'
"""The XML declaration of every bilag 5 example."""

_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_INDENT: Final = "  "


def render(message: GctpMessage, *, pretty: bool = False) -> bytes:
    """The whole document for ``message``: declaration, ``<root>`` envelope, ``<Gctp>`` block.

    Raises :class:`~cpr_rules.gctp.errors.GctpEncodingError` naming the field if a value has a
    character CPR cannot carry (see :mod:`cpr_rules.gctp.charset`).
    """
    inner = list(_lines(message, "", _INDENT if pretty else ""))
    lines = [XML_DECLARATION, f'<root xmlns="{NAMESPACE}">', *inner, "</root>"]
    return ("\n" if pretty else "").join(lines).encode(ENCODING)


def render_fragment(node: Node, *, pretty: bool = False) -> bytes:
    """One element without declaration or envelope, as bilag 7 §11-16 and bilag 8 show them."""
    lines = _lines(node, "", _INDENT if pretty else "", indent="")
    return ("\n" if pretty else "").join(lines).encode(ENCODING)


def _lines(node: Node, parent: str, step: str, indent: str | None = None) -> Iterator[str]:
    """The lines of ``node`` and its children; ``parent`` is the path used in error messages."""
    indent = step if indent is None else indent
    tag = "F" if isinstance(node, Field) and node.short else node.TAG
    where = f"{parent}/{_label(node, tag)}" if parent else _label(node, tag)
    start = f"<{tag}{_attributes(node, where)}"
    children: tuple[Node, ...] = () if isinstance(node, Field) else node.children
    if not children:
        yield f"{indent}{start}/>"
        return
    yield f"{indent}{start}>"
    for child in children:
        yield from _lines(child, where, step, indent + step)
    yield f"{indent}</{tag}>"


def _label(node: Node, tag: str) -> str:
    """``Field[CADR_CONVN]``: the tag and the attribute that identifies the element."""
    ident = getattr(node, "r", None) or getattr(node, "u", None)
    return f"{tag}[{ident}]" if isinstance(ident, str) else tag


def _attributes(node: Node, where: str) -> str:
    """`` name="value"`` for each attribute that is present, escaped and checked."""
    known = tuple((name, getattr(node, name)) for name in node.ATTRIBUTES)
    _check_extra(node, where)
    parts = []
    for name, value in (*known, *node.extra):
        if value is None:
            continue
        check_value(value, f"{where}@{name}")
        if isinstance(node, Field) and name == "v":
            value = double_reserved(value)
        parts.append(f' {name}="{escape_attribute(value)}"')
    return "".join(parts)


def _check_extra(node: Node, where: str) -> None:
    """Unknown attributes must be XML names the model does not already name, each once."""
    names = [name for name, _ in node.extra]
    for position, name in enumerate(names):
        if not _NAME.fullmatch(name) or name in node.ATTRIBUTES or name in names[:position]:
            raise GctpRequestError(
                f"{where}: extra attribute {name!r} must be an XML name without a prefix that"
                f" the model does not already name ({', '.join(node.ATTRIBUTES)}), given once"
            )
