"""The fast path of parse() and the one-pass renderer agree with the full parser everywhere.

:func:`~cpr_rules.gctp._fast_parsing.parse_simple` either returns exactly what the hardened
parser returns or declines (``None``); it never accepts what the full parser refuses. Shown for
random messages as rendered, and for random damage to their bytes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpr_rules.gctp import (
    DEFAULT_MAX_DEPTH,
    CprServiceHeader,
    Field,
    GctpMessage,
    GctpParseError,
    Key,
    Service,
    System,
    parse,
    render,
)
from cpr_rules.gctp._fast_parsing import parse_simple
from cpr_rules.gctp.parsing import parse_full

from .strategies import messages

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# pieces that turn a simple document into one the fast path must hand on, or the full parser
# must refuse: markup, entities, control characters, names, quotes, blanks in odd places
_DAMAGE = st.sampled_from(
    [
        b"<", b">", b"/>", b"</", b'"', b"'", b"&", b"&amp;", b"&lt;", b"&#9;", b"&#x41;",
        b"&plus;", b"&percnt;", b"&bogus;", b"\x00", b"\x01", b"\t", b"\n", b"\r", b" ",
        b"\xa0", b"\x85", b"\xff", b"<!-- c -->", b"<?pi x?>", b"<![CDATA[x]]>", b"<!DOCTYPE x>",
        b' xmlns="urn:x"', b' xmlns:x="urn:x"', b' x:y="1"', b' r="dup"', b' v="2.0"',
        b"<Field/>", b'<Field r="X"/>', b'<F r="X"/>', b"<Row>", b"</Row>", b"<Unknown/>",
        b"<Gctp>", b"</Gctp>", b"<root>", b"</root>", b"text", b"=", b"==", b"\xef\xbb\xbf",
    ]
)  # fmt: skip


def _outcome(data: bytes, *, max_depth: int = DEFAULT_MAX_DEPTH) -> object:
    """What the full parser makes of ``data``: the message, or the error type and text."""
    try:
        return parse_full(data, max_depth=max_depth)
    except GctpParseError as error:
        return (type(error).__name__, str(error))


def _agree(data: bytes, *, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    fast = parse_simple(data, max_depth)
    full = _outcome(data, max_depth=max_depth)
    if fast is not None:
        assert fast == full
    try:
        got: object = parse(data, max_depth=max_depth)
    except GctpParseError as error:
        got = (type(error).__name__, str(error))
    assert got == full


@PROPERTY
@given(messages)
def test_the_fast_path_reads_what_the_renderer_writes(message: GctpMessage) -> None:
    """Every rendered document is read by the fast path, to the same message."""
    data = render(message)
    assert parse_simple(data, DEFAULT_MAX_DEPTH) == message == parse_full(data)
    _agree(render(message, pretty=True))


@PROPERTY
@given(messages, st.data())
def test_damaged_documents_are_read_as_the_full_parser_reads_them(
    message: GctpMessage, data: st.DataObject
) -> None:
    """Bytes cut, dropped or spliced in: the fast path declines or agrees, never accepts more."""
    document = render(message, pretty=data.draw(st.booleans()))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(document)))
        kind = data.draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        if kind == "insert":
            document = document[:at] + data.draw(_DAMAGE) + document[at:]
        elif kind == "delete":
            document = document[:at] + document[at + data.draw(st.integers(1, 8)) :]
        elif kind == "replace":
            document = document[:at] + data.draw(_DAMAGE) + document[at + 1 :]
        else:
            document = document[:at]
    _agree(document)


@PROPERTY
@given(messages, st.integers(0, 8))
def test_nesting_limits_are_the_full_parsers(message: GctpMessage, max_depth: int) -> None:
    """With a small ``max_depth`` the fast path hands deep documents on, to the same error."""
    _agree(render(message), max_depth=max_depth)


@pytest.mark.parametrize(
    ("document", "why"),
    [
        (b'<root xmlns="http://www.cpr.dk"><Gctp v="2.0"/></root>', "GCTP version"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp/><Gctp/></root>', "two <Gctp>"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp><Key/></Gctp></root>', "child not allowed"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp><System/></Gctp></root>', "no r attribute"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp v="1.0" v="1.0"/></root>', "duplicate"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp/></root>x', "text after the root"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp>x</Gctp></root>', "text inside"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp></System></root>', "tags do not match"),
        (b'<root xmlns="http://www.cpr.dk"><Gctp xmlns="urn:x"/></root>', "namespace"),
    ],
)
def test_documents_the_fast_path_hands_on(document: bytes, why: str) -> None:
    """Each defect is the full parser's to report: the fast path declines."""
    assert parse_simple(document, DEFAULT_MAX_DEPTH) is None, why
    _agree(document)


def test_entities_and_doubled_characters_as_the_full_parser_reads_them() -> None:
    """XML's entities, ``&#9;``-style references, CPR's ``&plus;``, doubled ``"`` and ``>``."""
    value = 'a&b<c>>d""e\tf\ng\rh+i%\''
    header = CprServiceHeader("X", children=(Key(children=(Field("X", value, t=value),)),))
    service = Service("X", children=(header,))
    message = GctpMessage(
        children=(System("CprAjour", children=(service,)),), extra=(("x", value),)
    )
    data = render(message)
    assert b"&quot;&quot;&quot;&quot;" in data and b"&gt;&gt;&gt;&gt;" in data  # doubled, escaped
    assert parse_simple(data, DEFAULT_MAX_DEPTH) == message == parse_full(data)
    cpr = b'<root xmlns="http://www.cpr.dk"><Gctp><Sik userid="1&plus;1&percnt;&apos;"/>'
    cpr += b"</Gctp></root>"
    assert parse_simple(cpr, DEFAULT_MAX_DEPTH) == parse_full(cpr)
    assert parse(cpr).sik is not None and parse(cpr).sik.userid == "1+1%'"  # type: ignore[union-attr]


@PROPERTY
@given(messages)
def test_pretty_and_compact_rendering_hold_the_same_document(message: GctpMessage) -> None:
    """Indented output is the compact output with line breaks and indentation added."""
    compact = render(message)
    pretty = render(message, pretty=True)
    assert b"".join(line.lstrip(b" ") for line in pretty.split(b"\n")) == compact
