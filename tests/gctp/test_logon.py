"""Logon: the return codes of bilag 5 and the typed logon result."""

from __future__ import annotations

import pytest

from cpr_rules.errors import CprError
from cpr_rules.gctp import (
    LOGON_RETURN_CODES,
    GctpStructureError,
    LogonError,
    parse_logon_response,
    render,
    signon,
)


def _response(code: str, text: str) -> bytes:
    """A logon response as bilag 5 §4.2.1 shows it."""
    return (
        '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>'
        f'<root xmlns="http://www.cpr.dk"><Gctp v="1.0"><Sik><Kvit r="returKode" t="{text}"'
        f' v="{code}"/></Sik></Gctp></root>'
    ).encode("iso-8859-1")


def test_return_codes_are_the_table_of_bilag_5() -> None:
    """900-908 and 999, with CPR's texts."""
    assert sorted(LOGON_RETURN_CODES) == [*range(900, 909), 999]
    assert LOGON_RETURN_CODES[906] == "Dit kodeord er udløbet"
    assert LOGON_RETURN_CODES[999] == "Implementation error"


@pytest.mark.parametrize("code", sorted(LOGON_RETURN_CODES))
def test_each_code_gives_a_typed_result(code: int) -> None:
    """The result carries the code, CPR's text and the table's text; only 900 is ok."""
    result = parse_logon_response(_response(str(code), "tekst"))
    assert (result.code, result.text, result.description) == (
        code, "tekst", LOGON_RETURN_CODES[code]
    )  # fmt: skip
    assert result.is_ok is (code == 900)


def test_failed_logon_raises_with_the_code() -> None:
    """raise_for_code turns a refusal into a LogonError (a CprError) carrying the code."""
    with pytest.raises(LogonError) as raised:
        parse_logon_response(_response("905", "Ugyldig kodeord indtastet")).raise_for_code()
    assert isinstance(raised.value, CprError)
    assert (raised.value.code, raised.value.text) == (905, "Ugyldig kodeord indtastet")


def test_successful_logon_passes() -> None:
    """raise_for_code returns the result for 900."""
    assert parse_logon_response(_response("900", "Signon udført")).raise_for_code().is_ok


def test_unknown_code_has_no_description() -> None:
    """A code outside the table is kept, with no table text, and is not ok."""
    result = parse_logon_response(_response("950", "?"))
    assert (result.code, result.description, result.is_ok) == (950, None, False)


def test_message_without_sik_is_a_structure_error() -> None:
    """A response with no Sik/Kvit is not a logon response."""
    with pytest.raises(GctpStructureError, match="returKode"):
        parse_logon_response(render(signon("x", "y")))
