"""The fast path of :func:`~cpr_rules.gctp.parse`: the documents GCTP writes, without expat.

Every request and answer of the sandbox and the session client is parsed, and the documents are
nearly always in one narrow form: the XML declaration of bilag 5 (or none), ``<root
xmlns="http://www.cpr.dk">``, then tags with attributes ``name="value"`` separated by one blank,
values without control characters, ``<`` or any entity but XML's five and ``&#9;``/``&#10;``/
``&#13;``, blanks or line breaks between tags, nothing else. :func:`parse_simple` reads a document
in that form with one precompiled pattern and builds the model directly.

It decides nothing on its own: whenever a document is not in that form, or breaks a rule the
full parser checks (an unknown element, a child its parent may not hold, a missing required
attribute, a duplicate or ``xmlns`` attribute, a GCTP version other than 1.0, nesting as deep as
``max_depth``), it returns ``None`` and the caller runs the full, hardened parser
(:mod:`cpr_rules.gctp.parsing`), which accepts or refuses with its own errors and positions. So
the two never disagree; tests/gctp/test_fast_parsing.py shows it for random messages and for
random damage to their bytes.
"""

from __future__ import annotations

import re
from typing import Any, Final

from cpr_rules.gctp.charset import substitute_received, undouble_reserved
from cpr_rules.gctp.model import CONTENT, ELEMENTS, REQUIRED, Field, GctpMessage, Node
from cpr_rules.gctp.rendering import NAMESPACE, XML_DECLARATION

__all__ = ["parse_simple"]

_ROOT: Final = f'<root xmlns="{NAMESPACE}">'.encode("ascii")
_DECLARED: Final = XML_DECLARATION.encode("ascii") + _ROOT
_NAME: Final = r"[A-Za-z_][A-Za-z0-9_.-]*"
_VALUE: Final = r'"[^"<&\x00-\x1f]*(?:&(?:amp|lt|gt|quot|apos|#9|#10|#13);[^"<&\x00-\x1f]*)*"'
_TAG: Final = re.compile(rf"[ \t\r\n]*<(?:/([A-Za-z]+)|([A-Za-z]+)((?: {_NAME}={_VALUE})*)(/?))>")
_ATTRIBUTE: Final = re.compile(rf' ({_NAME})="([^"]*)"')
_TAIL: Final = re.compile(r"[ \t\r\n]*")
_ENTITY: Final = re.compile(r"&(?:amp|lt|gt|quot|apos|#9|#10|#13);")
_ENTITIES: Final = {
    "&amp;": "&",
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&apos;": "'",
    "&#9;": "\t",
    "&#10;": "\n",
    "&#13;": "\r",
}
_SHAREABLE: Final = re.compile(r' r="[^"&]*"(?: v="[^"&]{0,4}")?(?: a="[^"&]*")?(?: e="[^"&]*")?')
_SHARED: dict[str, Node] = {}
_SHARED_MAX: Final = 4096
_Open = tuple[str, type[Node], list[tuple[str, str]], list[Node]]


def parse_simple(data: bytes | bytearray, max_depth: int) -> GctpMessage | None:
    """The message in ``data`` if the document is in the simple form, else ``None``."""
    if data.startswith(_DECLARED):
        position = len(_DECLARED)
    elif data.startswith(_ROOT):
        position = len(_ROOT)
    else:
        return None
    text = data.decode("latin-1")
    if "&p" in text:  # &plus; and &percnt; (bilag 8 p. 14), as the full parser does
        text = substitute_received(text)
    stack: list[_Open] = []
    found: GctpMessage | None = None
    match = _TAG.match
    while (tag := match(text, position)) is not None:
        position = tag.end()
        closing, name, attributes, empty = tag.groups()
        if closing is not None:
            if not stack:  # </root>: only blanks may follow
                done = closing == "root" and _TAIL.fullmatch(text, position) is not None
                return found if done else None
            name, cls, pairs, children = stack.pop()
            if name != closing:
                return None
        else:
            known = ELEMENTS.get(name)
            if known is None or len(stack) + 1 >= max_depth:
                return None
            if empty and known is Field and stack:
                field = _field(tag.group(), name, attributes)
                if field is None:
                    return None
                stack[-1][3].append(field)
                continue
            cls = known
            pairs = _ATTRIBUTE.findall(attributes) if attributes else []
            children = []
            if not empty:
                stack.append((name, cls, pairs, children))
                continue
        node = _build(name, cls, pairs, children)
        if node is None:
            return None
        if stack:
            stack[-1][3].append(node)
        elif found is None and type(node) is GctpMessage:
            found = node
        else:
            return None
    return None


def _field(text: str, name: str, attributes: str) -> Node | None:
    """An empty ``<Field …/>``; a field that carries no personal data (no value or a code of
    at most 4 characters, no klarskrift) is built once and then shared, as fields are frozen."""
    shared = _SHARED.get(text)
    if shared is not None:
        return shared
    built = _build(name, Field, _ATTRIBUTE.findall(attributes), [])
    if built is not None and _SHAREABLE.fullmatch(attributes) is not None:
        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.clear()
        _SHARED[text] = built
    return built


def _build(
    name: str, cls: type[Node], pairs: list[tuple[str, str]], children: list[Node]
) -> Node | None:
    """The model node, or ``None`` where the full parser would refuse (it then says why)."""
    attrib = dict(pairs)
    names, known, required, allowed = _SPECS[cls]
    if len(attrib) != len(pairs) or "xmlns" in attrib:
        return None
    for text in attrib.values():
        if "&" in text:
            attrib = {n: _ENTITY.sub(_entity, v) for n, v in attrib.items()}
            break
    if required and not attrib.keys() >= required:
        return None
    for child in children:
        if type(child) not in allowed:
            return None
    extra = (
        ()
        if known.issuperset(attrib)
        else tuple((n, v) for n, v in attrib.items() if n not in known)
    )
    if cls is Field:
        value = attrib.get("v")
        if value is not None and ('"' in value or ">" in value):
            attrib["v"] = undouble_reserved(value)
        return Field(*map(attrib.get, names), extra=extra, short=name == "F")  # type: ignore[arg-type]
    if cls is GctpMessage and attrib.get("v") not in (None, "1.0"):
        return None
    make: Any = cls  # every class but Field takes children
    return make(*map(attrib.get, names), extra=extra, children=tuple(children))  # type: ignore[no-any-return]


_SPECS: Final = {
    cls: (
        cls.ATTRIBUTES,
        frozenset(cls.ATTRIBUTES),
        frozenset(REQUIRED.get(cls, ())),
        frozenset(allowed),
    )
    for cls, allowed in CONTENT.items()
}


def _entity(found: re.Match[str]) -> str:
    return _ENTITIES[found.group()]
