"""Characters: ISO-8859-1 only, the doubling of bilag 8 §1.4, the entities of bilag 8 p. 14."""

from __future__ import annotations

import pytest

from cpr_rules.errors import InputError
from cpr_rules.gctp import (
    CPR_ENTITIES,
    CprData,
    Field,
    GctpEncodingError,
    GctpMessage,
    Key,
    Rolle,
    Service,
    System,
    gem,
    parse,
    parse_fragment,
    render,
    render_fragment,
    signon,
)
from cpr_rules.gctp.charset import double_reserved, substitute_received, undouble_reserved

DANISH = "æøåÆØÅ"
KEYS = {"PNR": "0202802729", "HDTO": "20020228", "KOMK": "0101"}
TS = "20020201084141568870"


def _message(value: str) -> GctpMessage:
    """A FLYTB-I save whose CADR_CONVN is ``value``, built from the model (no builder checks)."""
    rolle = Rolle("HovedRolle", children=(Field("CADR_CONVN", value),))
    service = Service("FLYTB-I", children=(CprData("I", children=(rolle,)),))
    return GctpMessage(children=(System("CprAjour", children=(service,)),))


def test_danish_letters_round_trip_as_iso_8859_1_bytes() -> None:
    """æøåÆØÅ are one byte each on the wire (bilag 5 §2) and come back unchanged."""
    message = _message(f"c/o {DANISH}")
    data = render(message)
    assert DANISH.encode("iso-8859-1") in data
    assert DANISH.encode("utf-8") not in data
    assert parse(data) == message


def test_danish_letters_in_a_declared_utf8_document_are_read() -> None:
    """A document that declares UTF-8 is decoded as UTF-8 (the declaration is honoured)."""
    data = render(_message(DANISH)).decode("iso-8859-1").replace("ISO-8859-1", "UTF-8")
    assert parse(data.encode("utf-8")) == _message(DANISH)


@pytest.mark.parametrize("character", ["€", "ł", "…", "“", "😀"])
def test_character_outside_iso_8859_1_names_the_field(character: str) -> None:
    """Bilag 8 has no substitute for it: a typed InputError naming field, character, position."""
    with pytest.raises(GctpEncodingError) as raised:
        render(_message(f"c/o {character}"))
    error = raised.value
    assert isinstance(error, InputError)
    assert error.where.endswith("Rolle[HovedRolle]/Field[CADR_CONVN]@v")
    assert (error.character, error.position) == (character, 4)
    assert "ISO-8859-1" in str(error)


def test_builder_refuses_the_character_before_rendering() -> None:
    """The builders check values at once, with the field's name."""
    with pytest.raises(GctpEncodingError, match=r"Field\[CADR_CONVN\]@v"):
        gem("FLYTB-I", KEYS, {"CADR_CONVN": "c/o Łukasz"}, ts=TS, mk="0041")
    with pytest.raises(GctpEncodingError, match=r"Sik@password"):
        signon("x3450", "kode€")


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x0b", "\x1f"])
def test_control_character_xml_forbids_is_refused(character: str) -> None:
    """Control characters XML 1.0 cannot carry are refused the same typed way."""
    with pytest.raises(GctpEncodingError, match=r"XML 1\.0 forbids it"):
        render(_message(f"a{character}"))


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        ('Sct. "Hans"', 'v="Sct. &quot;&quot;Hans&quot;&quot;"'),
        ("a > b", 'v="a &gt;&gt; b"'),
        ('">', 'v="&quot;&quot;&gt;&gt;"'),
    ],
)
def test_quote_and_greater_than_are_sent_twice(value: str, wire: str) -> None:
    """Bilag 8 §1.4: " and > in a value are sent twice, and read back once."""
    data = render_fragment(Key(children=(Field("X", value),)))
    assert wire.encode() in data
    assert parse_fragment(data) == Key(children=(Field("X", value),))


def test_only_field_values_are_doubled() -> None:
    """§1.4 is about value fields: translations and other attributes are not doubled."""
    data = render_fragment(Field("X", t='a"b'))
    assert b't="a&quot;b"' in data


def test_doubling_is_undone_pairwise() -> None:
    """Undoubling inverts doubling for any run of quotes."""
    for value in ['"', '""', '"""', ">>>", 'a">"b']:
        assert undouble_reserved(double_reserved(value)) == value


def test_cpr_entities_are_substituted_before_parsing() -> None:
    """Bilag 8 p. 14: &plus; and &percnt; (not XML) become + and %; XML's own stay as they are."""
    data = b'<Field r="X" v="1&plus;1=2 &percnt; &amp; &lt;&gt;" t="&quot;"/>'
    assert parse_fragment(data) == Field("X", "1+1=2 % & <>", t='"')


def test_cpr_entity_table_is_the_bilag_table() -> None:
    """The six entities of bilag 8 p. 14, each to the character its name stands for."""
    assert dict(CPR_ENTITIES) == {
        "&plus;": "+",
        "&amp;": "&",
        "&quot;": '"',
        "&lt;": "<",
        "&gt;": ">",
        "&percnt;": "%",
    }


def test_a_literal_entity_name_in_a_value_survives() -> None:
    """A value that contains the text '&plus;' is escaped, so the substitution cannot touch it."""
    message = _message("&plus; &percnt;")
    assert parse(render(message)) == message
    assert substitute_received("&amp;plus;") == "&amp;plus;"


def test_tabs_and_newlines_survive_in_attributes() -> None:
    """Written as character references, so XML attribute normalisation keeps them."""
    message = _message("a\tb\nc\r\nd")
    assert b"&#9;" in render(message) and b"&#10;" in render(message)
    assert parse(render(message)) == message
