"""Read a GCTP document from CPR into the model, safely (bilag 5 §4.1-4.2.1, bilag 8).

The document is treated as hostile: it is refused unread when larger than ``max_bytes``
(default 1 MiB); it is parsed by defusedxml with DTDs, entity declarations and external
references forbidden (so no billion laughs, no ``file:///etc/passwd``); the nesting depth is
counted while parsing and parsing stops at ``max_depth`` (default 32; CPR's documents nest 8
deep). Every failure is a :class:`~cpr_rules.gctp.errors.GctpParseError` subclass that says what
was wrong and, when known, where; no ``ElementTree`` or ``UnicodeDecodeError`` escapes.

Bytes are decoded with the encoding the XML declaration names (CPR writes ``ISO-8859-1``, bilag 7
also ``ISO8859-1``); without a declaration they are ISO-8859-1, CPR's only character set (bilag 5
§2), not XML's default UTF-8. Before parsing, the entities of bilag 8 p. 14 that XML does not
define are replaced, and each field value's doubled ``"`` and ``>`` (bilag 8 §1.4) are undoubled;
see :mod:`cpr_rules.gctp.charset`.

>>> parse(b'<root xmlns="http://www.cpr.dk"><Gctp v="1.0"/></root>')
GctpMessage(v='1.0', env=None, children=(), extra=())
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any, Final
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ErrorString

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import DefusedXMLParser

from cpr_rules.gctp._fast_parsing import parse_simple
from cpr_rules.gctp.charset import substitute_received, undouble_reserved
from cpr_rules.gctp.errors import (
    GctpDepthError,
    GctpForbiddenXmlError,
    GctpStructureError,
    GctpSyntaxError,
    GctpTooLargeError,
    GctpVersionError,
)
from cpr_rules.gctp.model import (
    CONTENT,
    ELEMENTS,
    REQUIRED,
    Attributes,
    Field,
    GctpMessage,
    Node,
)
from cpr_rules.gctp.rendering import NAMESPACE

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "parse", "parse_fragment"]

DEFAULT_MAX_BYTES: Final = 1 << 20
"""1 MiB: far above any CPR answer (a full search page is a few tens of kB)."""

DEFAULT_MAX_DEPTH: Final = 32
"""CPR nests at most 8 deep (``root>Gctp>System>Service>Kvit>Table>Row>Field``)."""

_ENCODINGS: Final = frozenset({"iso8859-1", "utf-8", "ascii", "cp1252", "iso8859-15", "cp850"})
_DECLARED: Final = re.compile(rb"<\?xml\b[^>]*?\bencoding\s*=\s*([\"'])([A-Za-z][\w.:-]*)\1")
_NS: Final = "{" + NAMESPACE + "}"
_FORBIDDEN: Final = {
    DTDForbidden: "a DTD (<!DOCTYPE …>) is not allowed; CPR sends none",
    EntitiesForbidden: "entity declarations are not allowed",
    ExternalReferenceForbidden: "external references are not allowed",
}


def parse(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH
) -> GctpMessage:
    """The message in a whole document: ``<root xmlns="http://www.cpr.dk"><Gctp>…</Gctp></root>``.

    A document in the form GCTP writes is read by a fast path (:mod:`._fast_parsing`) that
    returns exactly what the full parser would, and leaves every other document to it.
    """
    if isinstance(data, bytes | bytearray) and len(data) <= max_bytes:
        simple = parse_simple(data, max_depth)
        if simple is not None:
            return simple
    return parse_full(data, max_bytes=max_bytes, max_depth=max_depth)


def parse_full(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH
) -> GctpMessage:
    """:func:`parse` without its fast path: every document through the hardened parser."""
    envelope = _run(data, document=True, max_bytes=max_bytes, max_depth=max_depth).envelope
    if len(envelope) != 1 or not isinstance(envelope[0][0], GctpMessage):
        found = ", ".join(f"<{node.TAG}>" for node, _ in envelope) or "nothing"
        raise GctpStructureError(f"<root> must hold exactly one <Gctp> block; found {found}")
    return envelope[0][0]


def parse_fragment(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH
) -> Node:
    """One GCTP element without the envelope, as bilag 7 §11-16 and bilag 8 print them.

    The element may be in no namespace or in CPR's; ``<Gctp>`` gives a :class:`GctpMessage`.
    """
    node = _run(data, document=False, max_bytes=max_bytes, max_depth=max_depth).node
    if node is None:  # pragma: no cover - expat reports "no element found" first
        raise GctpSyntaxError("no element found")
    return node


def _run(data: bytes, *, document: bool, max_bytes: int, max_depth: int) -> _Builder:
    """Size check, decode, substitute, parse; every failure becomes a GctpParseError."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"a GCTP document is bytes, not {type(data).__name__}")
    if len(data) > max_bytes:
        raise GctpTooLargeError(f"document is {len(data)} bytes; the limit is {max_bytes}")
    text = substitute_received(_decode(bytes(data)))
    builder = _Builder(document=document, max_depth=max_depth)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(text)
        parser.close()
    except ParseError as error:
        line, column = error.position
        message = f"not well-formed XML: {ErrorString(error.code)}"
        raise GctpSyntaxError(message, line=line, column=column + 1) from None
    except DefusedXmlException as error:
        reason = _FORBIDDEN.get(type(error), "forbidden XML construct")
        raise GctpForbiddenXmlError(f"{reason}: {error}") from None
    return builder


def _decode(data: bytes) -> str:
    """Decode with the declared encoding (ISO-8859-1 if none; UTF-8 after a UTF-8 BOM)."""
    if data.startswith(codecs.BOM_UTF8):
        data, default = data[len(codecs.BOM_UTF8) :], "utf-8"
    else:
        default = "iso8859-1"
    declared = _DECLARED.match(data.lstrip()[:1024])
    name = declared.group(2).decode("ascii") if declared else default
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = ""
    if codec not in _ENCODINGS:
        raise GctpSyntaxError(f"unsupported encoding {name!r}; CPR sends ISO-8859-1 (bilag 5 §2)")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise GctpSyntaxError(f"byte 0x{bad} at offset {error.start} is not {name}") from None


@dataclass
class _Open:
    """An element whose end tag has not been read yet."""

    tag: str
    cls: type[Node] | None
    attrib: dict[str, str]
    line: int
    column: int
    children: list[tuple[Node, tuple[int, int]]] = field(default_factory=list)


@dataclass
class _Builder:
    """The parser's target: checks depth and text as it goes, builds model nodes at end tags."""

    document: bool
    max_depth: int
    expat: Any = None
    stack: list[_Open] = field(default_factory=list)
    node: Node | None = None
    envelope: list[tuple[Node, tuple[int, int]]] = field(default_factory=list)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """Open an element: check depth, namespace and that the tag is a GCTP element."""
        line, column = self._position()
        if len(self.stack) >= self.max_depth:
            raise GctpDepthError(
                f"elements nested deeper than {self.max_depth}", line=line, column=column
            )
        if self.document and not self.stack:
            _check_envelope(tag, attrib, line, column)
            self.stack.append(_Open("root", None, attrib, line, column))
            return
        local = self._local(tag, line, column)
        if local not in ELEMENTS:
            known = ", ".join(sorted(ELEMENTS))
            message = f"unknown element <{local}>; GCTP elements are {known}"
            raise GctpStructureError(message, line=line, column=column)
        self.stack.append(_Open(local, ELEMENTS[local], attrib, line, column))

    def end(self, tag: str) -> None:
        """Close an element: build its model node and hand it to the parent."""
        done = self.stack.pop()
        if done.cls is None:
            self.envelope = done.children
            return
        node = _build(done)
        if self.stack:
            self.stack[-1].children.append((node, (done.line, done.column)))
        else:
            self.node = node

    def data(self, text: str) -> None:
        """GCTP carries data in attributes only (bilag 8 §2.5): text must be blank."""
        if text.strip():
            line, column = self._position()
            where = f"inside <{self.stack[-1].tag}>" if self.stack else "outside the elements"
            message = f"unexpected text {text.strip()[:40]!r} {where}; GCTP data are attributes"
            raise GctpStructureError(message, line=line, column=column)

    def close(self) -> None:
        """Nothing to do: the result is in ``node`` or ``envelope``."""

    def _position(self) -> tuple[int, int]:
        """Line and 1-based column of the parser's current event."""
        if self.expat is None:
            return 0, 0
        return int(self.expat.CurrentLineNumber), int(self.expat.CurrentColumnNumber) + 1

    def _local(self, tag: str, line: int, column: int) -> str:
        """The local name; a document's elements must be in CPR's namespace."""
        if tag.startswith(_NS):
            return tag[len(_NS) :]
        if tag.startswith("{") or self.document:
            namespace = tag[1 : tag.index("}")] if tag.startswith("{") else "no namespace"
            local = tag.rpartition("}")[2]
            message = f"<{local}> is in {namespace!r}; CPR's namespace is {NAMESPACE!r}"
            raise GctpStructureError(message, line=line, column=column)
        return tag


def _check_envelope(tag: str, attrib: dict[str, str], line: int, column: int) -> None:
    """The document element is ``<root xmlns="http://www.cpr.dk">`` with no other attribute."""
    local = tag.rpartition("}")[2]
    if local != "root":
        hint = " (use parse_fragment for a bare <Gctp>)" if local == "Gctp" else ""
        message = f'document element is <{local}>, not <root xmlns="{NAMESPACE}">{hint}'
        raise GctpStructureError(message, line=line, column=column)
    if tag != _NS + "root":
        namespace = tag[1 : tag.index("}")] if tag.startswith("{") else "no namespace"
        message = f"<root> is in {namespace!r}; CPR's namespace is {NAMESPACE!r} (bilag 5 §4.1)"
        raise GctpStructureError(message, line=line, column=column)
    if attrib:
        message = f"<root> has unexpected attributes {sorted(attrib)}"
        raise GctpStructureError(message, line=line, column=column)


def _build(done: _Open) -> Node:
    """The model node for a closed element, after checking attributes and children."""
    assert done.cls is not None
    cls, attrib = done.cls, done.attrib
    for name in REQUIRED.get(cls, ()):
        if name not in attrib:
            message = f"<{done.tag}> has no {name} attribute; GCTP requires it (bilag 8 §4)"
            raise GctpStructureError(message, line=done.line, column=done.column)
    _check_children(done)
    known = {name: attrib.get(name) for name in cls.ATTRIBUTES}  # absent -> None
    extra = tuple((n, v) for n, v in attrib.items() if n not in cls.ATTRIBUTES)
    _check_attributes(done, known, extra)
    children = tuple(node for node, _ in done.children)
    if cls is Field:
        return Field(**_undoubled(known), extra=extra, short=done.tag == "F")
    return cls(**known, extra=extra, children=children)  # type: ignore[call-arg, arg-type]


def _check_children(done: _Open) -> None:
    """Each child must be allowed inside its parent (model.CONTENT)."""
    assert done.cls is not None
    allowed = CONTENT[done.cls]
    for node, (line, column) in done.children:
        if not isinstance(node, allowed):
            names = ", ".join(f"<{c.TAG}>" for c in allowed) or "no elements"
            message = f"<{node.TAG}> is not allowed inside <{done.tag}>, which holds {names}"
            raise GctpStructureError(message, line=line, column=column)


def _check_attributes(done: _Open, known: dict[str, str | None], extra: Attributes) -> None:
    """No namespaced attributes; ``<Gctp v>`` must be version 1.0 when present."""
    for name, _ in extra:
        if name.startswith("{"):
            message = f"<{done.tag}> has a namespaced attribute {name}"
            raise GctpStructureError(message, line=done.line, column=done.column)
    version = known.get("v")
    if done.cls is GctpMessage and version is not None and version != "1.0":
        message = f'<Gctp v="{version}">: only GCTP version 1.0 is known (bilag 8 §4.1)'
        raise GctpVersionError(message, line=done.line, column=done.column)


def _undoubled(known: dict[str, str | None]) -> dict[str, Any]:
    """A field's attributes with the doubled ``"`` and ``>`` of its value undone."""
    value = known["v"]
    return known if value is None else {**known, "v": undouble_reserved(value)}
