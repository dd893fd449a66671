"""Write a GCTP message as the ISO-8859-1 bytes CPR expects (bilag 5 §4.1, bilag 8).

A document is the XML declaration of bilag 5, then ``<root xmlns="http://www.cpr.dk">`` around
the ``<Gctp>`` block, on one line: "CPR-klienter skriver XML-strengen som en linje uden CRLF og
ekstra blanke" (bilag 5 §4.1). ``pretty=True`` indents two blanks per level, like the examples in
bilag 7. Attributes come in the order the bilag examples write them (the ``ATTRIBUTES`` of each
model class), then the unknown ones in the order they were read.

>>> from cpr_rules.gctp.model import Field, Key
>>> render_fragment(Key(children=(Field("PNR", "0202802729"),)))
b'<Key><Field r="PNR" v="0202802729"/></Key>'

Rendering is on every request and answer of the sandbox and the session client, so it is one
pass that appends strings: a value is checked and escaped only when a precompiled pattern finds a
character that needs it (most values are plain), and the path that names an element in an error
(``Gctp/System[CprAjour]/…/Field[PNR]@v``) is built only when there is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import attrgetter
from typing import Final

from cpr_rules.gctp.charset import ENCODING, check_value, double_reserved, escape_attribute
from cpr_rules.gctp.errors import GctpRequestError
from cpr_rules.gctp.model import CONTENT, Field, GctpMessage, Node

__all__ = ["NAMESPACE", "XML_DECLARATION", "render", "render_fragment"]

NAMESPACE: Final = "http://www.cpr.dk"
"""The namespace of the ``<root>`` envelope (bilag 5 §4.1)."""

XML_DECLARATION: Final = '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>'
"""The XML declaration of every bilag 5 example."""

_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_INDENT: Final = "  "
# a character that is escaped, doubled (bilag 8 §1.4) or refused: anything but plain Latin-1
_SPECIAL: Final = re.compile(r"[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\xff]")
_ROOT: Final = f'<root xmlns="{NAMESPACE}">'


def _getter(names: tuple[str, ...]) -> Callable[[Node], tuple[str | None, ...]]:
    """A function that returns the values of ``names`` of a node, as a tuple."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda node: tuple(getattr(node, name) for name in names)


_GETTERS: Final = {cls: (cls.ATTRIBUTES, _getter(cls.ATTRIBUTES)) for cls in CONTENT}


def render(message: GctpMessage, *, pretty: bool = False) -> bytes:
    """The whole document for ``message``: declaration, ``<root>`` envelope, ``<Gctp>`` block.

    Raises :class:`~cpr_rules.gctp.errors.GctpEncodingError` naming the field if a value has a
    character CPR cannot carry (see :mod:`cpr_rules.gctp.charset`).
    """
    lines = [XML_DECLARATION, _ROOT]
    _emit(message, _INDENT if pretty else "", _INDENT if pretty else "", [], lines)
    lines.append("</root>")
    return ("\n" if pretty else "").join(lines).encode(ENCODING)


def render_fragment(node: Node, *, pretty: bool = False) -> bytes:
    """One element without declaration or envelope, as bilag 7 §11-16 and bilag 8 show them."""
    lines: list[str] = []
    _emit(node, "", _INDENT if pretty else "", [], lines)
    return ("\n" if pretty else "").join(lines).encode(ENCODING)


def _emit(node: Node, indent: str, step: str, path: list[Node], lines: list[str]) -> None:
    """Append the lines of ``node`` and its children; ``path`` holds its ancestors (for errors)."""
    cls = type(node)
    names, getter = _GETTERS[cls]
    is_field = cls is Field
    tag = "F" if is_field and node.short else node.TAG  # type: ignore[union-attr]
    values = getter(node)
    attributes = None if node.extra else _plain(names, values)
    if attributes is None:
        attributes = _checked(node, is_field, names, values, path)
    children: tuple[Node, ...] = () if is_field else node.children  # type: ignore[union-attr]
    if not children:
        lines.append(f"{indent}<{tag}{attributes}/>")
        return
    lines.append(f"{indent}<{tag}{attributes}>")
    path.append(node)
    for child in children:
        _emit(child, indent + step, step, path, lines)
    path.pop()
    lines.append(f"{indent}</{tag}>")


def _plain(names: tuple[str, ...], values: tuple[str | None, ...]) -> str | None:
    """`` name="value"`` for each present value if none needs escaping or checking, else
    ``None`` (then :func:`_checked` writes them)."""
    try:
        if _SPECIAL.search("".join([v for v in values if v is not None])) is not None:
            return None
    except TypeError:  # not text: the careful path says which value
        return None
    pairs = zip(names, values, strict=True)
    return "".join([f' {n}="{v}"' for n, v in pairs if v is not None])


def _checked(
    node: Node,
    is_field: bool,
    names: tuple[str, ...],
    values: tuple[str | None, ...],
    path: list[Node],
) -> str:
    """`` name="value"`` for each attribute that is present, checked, doubled and escaped."""
    if node.extra:
        _check_extra(node, path)
    parts = []
    for name, value in (*zip(names, values, strict=True), *node.extra):
        if value is None:
            continue
        if _SPECIAL.search(value) is not None:
            check_value(value, f"{_where(path, node)}@{name}")
            if is_field and name == "v":
                value = double_reserved(value)
            value = escape_attribute(value)
        parts.append(f' {name}="{value}"')
    return "".join(parts)


def _where(path: list[Node], node: Node) -> str:
    """``Gctp/System[CprAjour]/…/Field[CADR_CONVN]``: the path used in error messages."""
    return "/".join(_label(n) for n in (*path, node))


def _label(node: Node) -> str:
    """``Field[CADR_CONVN]``: the tag and the attribute that identifies the element."""
    tag = "F" if isinstance(node, Field) and node.short else node.TAG
    ident = getattr(node, "r", None) or getattr(node, "u", None)
    return f"{tag}[{ident}]" if isinstance(ident, str) else tag


def _check_extra(node: Node, path: list[Node]) -> None:
    """Unknown attributes must be XML names the model does not already name, each once."""
    names = [name for name, _ in node.extra]
    for position, name in enumerate(names):
        if not _NAME.fullmatch(name) or name in node.ATTRIBUTES or name in names[:position]:
            raise GctpRequestError(
                f"{_where(path, node)}: extra attribute {name!r} must be an XML name without a"
                f" prefix that the model does not already name ({', '.join(node.ATTRIBUTES)}),"
                " given once"
            )
