"""The one masking function, ``personnummer.mask_text``, masks every form ``parse`` accepts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import BLANKS, written_personnumre

from cpr_rules.personnummer import mask_text, parse
from cpr_rules.sandbox._person_layouts import mask_personnumre
from cpr_rules.session._masking import mask_text as session_mask_text

EXAMPLES = settings(max_examples=300, deadline=None)
NO_DIGITS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="0123456789"))
DIGITS = re.compile("[0-9]")


@EXAMPLES
@given(written_personnumre())
def test_every_form_parse_accepts_is_masked(written: str) -> None:
    """Whatever ``parse`` accepts, ``mask_text`` writes as its masked form (blanks kept outside)."""
    assert mask_text(written).strip() == parse(written).masked


@EXAMPLES
@given(NO_DIGITS, written_personnumre(), NO_DIGITS)
def test_a_personnummer_inside_any_text_is_masked(before: str, written: str, after: str) -> None:
    """In a text, the personnummer is masked in place and the digit-free rest left alone."""
    core = written.strip(BLANKS)
    lead, trail = written[: written.index(core)], written[written.index(core) + len(core) :]
    masked = mask_text(before + written + after)
    assert masked == mask_text(before) + lead + parse(written).masked + trail + mask_text(after)


@EXAMPLES
@given(st.text("0123456789 -\t\u00a0x"), written_personnumre(), st.text("0123456789 -\u2003y"))
def test_neighbouring_digits_never_unmask(before: str, written: str, after: str) -> None:
    """Digits around a personnummer never let its last four digits through."""
    text = before + "x" + written + "y" + after
    shown = len(DIGITS.findall(mask_text(text)))
    assert shown <= len(DIGITS.findall(before + after)) + 6


@EXAMPLES
@given(st.text())
def test_never_raises_and_only_hides_digits(text: str) -> None:
    """Any text: masking only turns digits into ``*`` and drops blanks inside a number."""
    masked = mask_text(text)
    assert len(DIGITS.findall(masked)) <= len(DIGITS.findall(text))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Personen 020280-2729 har data", "Personen 020280-**** har data"),
        ("Personen 0202802729 kan ikke flytte", "Personen 020280-**** kan ikke flytte"),
        ("020280 2729", "020280-****"),
        ("02 02 80 - 27 29", "020280-****"),
        ("pnr=0202802729;", "pnr=020280-****;"),
        ("eCPR 010180-1AB2", "eCPR 010180-****"),
        ("ts 20020201084141568870", "ts 20020201084141568870"),
        ("12345 020280 2729", "12345 020280-****"),
        ("5 0 2 0 2 8 0 2 7 2 9", "5 0 2 0 2 8 * * * * *"),
        ("2026-12-05 12 34", "2026-12-05 12 34"),
    ],
)
def test_examples(text: str, masked: str) -> None:
    """Hyphen, blank, none, eCPR; timestamps and dates are left alone."""
    assert mask_text(text) == masked


def test_session_and_sandbox_use_the_one_function() -> None:
    """The session's and the sandbox's maskers are the same function."""
    assert session_mask_text is mask_text
    assert mask_personnumre("a 020280 2729") == "a 020280-****"
