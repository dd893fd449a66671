"""Hostile or broken XML from the wire: each is a typed GctpParseError, raised fast.

Bad-input fixtures are named by their defect (STYLE.md, "Tests").
"""

from __future__ import annotations

import time

import pytest

from cpr_rules.errors import CprError
from cpr_rules.gctp import (
    GctpDepthError,
    GctpForbiddenXmlError,
    GctpParseError,
    GctpStructureError,
    GctpSyntaxError,
    GctpTooLargeError,
    GctpVersionError,
    parse,
    parse_fragment,
)

ROOT = b'<root xmlns="http://www.cpr.dk">'
OK = ROOT + b'<Gctp v="1.0"><System r="CprAjour"/></Gctp></root>'

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<root xmlns="http://www.cpr.dk"><Gctp v="1.0"><Sik userid="&lol9;"/></Gctp></root>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE root [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<root xmlns="http://www.cpr.dk"><Gctp v="1.0"><Sik userid="&xxe;"/></Gctp></root>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE root SYSTEM "http://example.invalid/evil.dtd">
<root xmlns="http://www.cpr.dk"><Gctp v="1.0"/></root>"""

INTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE root [<!ELEMENT root ANY>]>
<root xmlns="http://www.cpr.dk"><Gctp v="1.0"/></root>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE root [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
<root xmlns="http://www.cpr.dk"><Gctp v="1.0"/></root>"""

TEN_MB = ROOT + b'<Gctp v="1.0"><Sik userid="' + b"x" * 10_000_000 + b'"/></Gctp></root>'
DEEP = ROOT + b"<Gctp>" + b"<Table><Row>" * 500 + b"</Row></Table>" * 500 + b"</Gctp></root>"

HOSTILE = {
    "billion-laughs": (BILLION_LAUGHS, GctpForbiddenXmlError, "DTD"),
    "external-entity-file-etc-passwd": (EXTERNAL_ENTITY, GctpForbiddenXmlError, "DTD"),
    "external-dtd": (EXTERNAL_DTD, GctpForbiddenXmlError, "DTD"),
    "internal-dtd": (INTERNAL_DTD, GctpForbiddenXmlError, "DTD"),
    "parameter-entity": (PARAMETER_ENTITY, GctpForbiddenXmlError, "DTD"),
    "ten-megabytes": (TEN_MB, GctpTooLargeError, "limit is 1048576"),
    "deep-nesting": (DEEP, GctpDepthError, "nested deeper than 32"),
    "not-xml-binary": (bytes(range(256)) * 4, GctpSyntaxError, "not well-formed"),
    "not-xml-json": (b'{"Gctp": {"v": "1.0"}}', GctpSyntaxError, "not well-formed"),
    "empty": (b"", GctpSyntaxError, "no element found"),
    "truncated": (OK[:-20], GctpSyntaxError, "not well-formed XML"),
    "truncated-in-tag": (OK[:45], GctpSyntaxError, "unclosed token"),
    "wrong-namespace": (OK.replace(b"cpr.dk", b"cpr.example"), GctpStructureError, "namespace"),
    "no-namespace": (
        OK.replace(b' xmlns="http://www.cpr.dk"', b""),
        GctpStructureError,
        "no namespace",
    ),
    "foreign-element-inside": (
        ROOT + b'<Gctp><x:System xmlns:x="urn:x" r="a"/></Gctp></root>',
        GctpStructureError,
        "'urn:x'",
    ),
    "wrong-root": (OK.replace(b"root", b"Root"), GctpStructureError, "document element is <Root>"),
    "bare-gctp-without-envelope": (b'<Gctp v="1.0"/>', GctpStructureError, "parse_fragment"),
    "missing-gctp": (ROOT + b"</root>", GctpStructureError, "exactly one <Gctp>"),
    "two-gctp": (ROOT + b"<Gctp/><Gctp/></root>", GctpStructureError, "exactly one <Gctp>"),
    "gctp-version-2": (OK.replace(b'v="1.0"', b'v="2.0"'), GctpVersionError, "version 1.0"),
    "unknown-element": (
        ROOT + b"<Gctp><Foo/></Gctp></root>",
        GctpStructureError,
        "unknown element <Foo>",
    ),
    "element-in-wrong-place": (
        ROOT + b'<Gctp><Field r="X"/></Gctp></root>',
        GctpStructureError,
        "not allowed inside <Gctp>",
    ),
    "field-without-r": (
        ROOT + b"<Gctp><Sik><Kvit r='Ok'><Field/></Kvit></Sik></Gctp></root>",
        GctpStructureError,
        "no r attribute",
    ),
    "text-content": (
        ROOT + b"<Gctp>hello</Gctp></root>",
        GctpStructureError,
        "unexpected text 'hello'",
    ),
    "namespaced-attribute": (
        ROOT.replace(b">", b' xmlns:x="urn:x">') + b'<Gctp x:a="1"/></root>',
        GctpStructureError,
        "namespaced attribute",
    ),
    "undefined-entity": (
        ROOT + b'<Gctp><Sik userid="&foo;"/></Gctp></root>',
        GctpSyntaxError,
        "undefined entity",
    ),
    "unknown-encoding": (
        b'<?xml version="1.0" encoding="klingon"?>' + OK,
        GctpSyntaxError,
        "unsupported encoding 'klingon'",
    ),
    "utf-8-declared-latin-1-bytes": (
        b'<?xml version="1.0" encoding="UTF-8"?>' + OK.replace(b"CprAjour", b"\xe6"),
        GctpSyntaxError,
        "is not UTF-8",
    ),
}


@pytest.mark.parametrize(("data", "error", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_document_is_a_typed_error_and_fast(
    data: bytes, error: type[GctpParseError], message: str
) -> None:
    """Each defect gives its own GctpParseError subclass, which names it, within a second."""
    start = time.perf_counter()
    with pytest.raises(error, match=message) as raised:
        parse(data)
    assert time.perf_counter() - start < 1.0
    assert isinstance(raised.value, CprError)
    assert raised.value.__cause__ is None


def test_very_deep_nesting_stops_at_the_limit_without_recursion() -> None:
    """100 000 nested elements (with the size limit lifted) stop at the depth limit, fast."""
    deep = (
        ROOT + b"<Gctp>" + b"<Table><Row>" * 50_000 + b"</Row></Table>" * 50_000 + b"</Gctp></root>"
    )
    start = time.perf_counter()
    with pytest.raises(GctpDepthError, match="line 1"):
        parse(deep, max_bytes=len(deep))
    assert time.perf_counter() - start < 1.0


def test_well_formed_control_document_parses() -> None:
    """The document the hostile variants are made from is itself fine."""
    assert parse(OK).services == ()
    assert parse(OK).children[0].r == "CprAjour"  # type: ignore[union-attr]


def test_limits_are_keywords() -> None:
    """max_bytes and max_depth can be tightened (or loosened) per call."""
    with pytest.raises(GctpTooLargeError):
        parse(OK, max_bytes=len(OK) - 1)
    assert parse(OK, max_bytes=len(OK)).v == "1.0"
    with pytest.raises(GctpDepthError, match="deeper than 2"):
        parse(OK, max_depth=2)
    assert parse(OK, max_depth=3).v == "1.0"


def test_syntax_error_points_at_line_and_column() -> None:
    """A not-well-formed document's error has the line and column of the defect."""
    with pytest.raises(GctpSyntaxError) as raised:
        parse(ROOT + b'\n<Gctp v="1.0">\n  <System r=x/></Gctp></root>')
    assert (raised.value.line, raised.value.column) == (3, 13)
    assert str(raised.value).startswith("line 3, column 13: not well-formed")


def test_structure_error_points_at_the_element() -> None:
    """An element in the wrong place is reported at its own start tag."""
    with pytest.raises(GctpStructureError) as raised:
        parse(ROOT + b'<Gctp v="1.0">\n\n    <Field r="X"/></Gctp></root>')
    assert (raised.value.line, raised.value.column) == (3, 5)


def test_fragment_may_not_be_in_a_foreign_namespace() -> None:
    """A fragment may be in no namespace or CPR's, not another."""
    assert parse_fragment(b'<Field xmlns="http://www.cpr.dk" r="X"/>') is not None
    with pytest.raises(GctpStructureError, match="urn:x"):
        parse_fragment(b'<Field xmlns="urn:x" r="X"/>')


def test_str_is_refused_as_a_programming_error() -> None:
    """The wire gives bytes; passing text is a caller bug, not a CPR failure."""
    with pytest.raises(TypeError, match="bytes"):
        parse(OK.decode())  # type: ignore[arg-type]
