"""Hypothesis strategies shared by the tests, all in one module (STYLE.md, "Tests")."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

__all__ = ["BLANKS", "personnumre", "personnumre_med_foedselsdato", "written_personnumre"]

_FIRST_BIRTH_DATE = datetime.date(1858, 1, 1)
_LAST_BIRTH_DATE = datetime.date(2057, 12, 31)


def _century_digits(year: int) -> str:
    """The digits 7 CPR can give someone born in ``year`` (domain.md §1).

    Written from the table in the brief, independently of ``cpr_rules.personnummer``, so that
    the tests do not check the code against itself.
    """
    if year <= 1899:
        return "5678"
    if year <= 1936:
        return "0123"
    if year <= 1999:
        return "012349"
    if year <= 2036:
        return "456789"
    return "5678"


@st.composite
def personnumre_med_foedselsdato(draw: st.DrawFn) -> tuple[datetime.date, str]:
    """A birth date 1858-01-01..2057-12-31 and a 10-digit personnummer for it.

    Digit 7 is consistent with the century rule; digits 8-10 are arbitrary, so modulus 11
    passes for roughly one number in eleven.
    """
    born = draw(st.dates(min_value=_FIRST_BIRTH_DATE, max_value=_LAST_BIRTH_DATE))
    digit7 = draw(st.sampled_from(_century_digits(born.year)))
    rest = draw(st.integers(min_value=0, max_value=999))
    return born, f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{digit7}{rest:03d}"


def personnumre() -> st.SearchStrategy[str]:
    """10-digit personnumre, as built by :func:`personnumre_med_foedselsdato`."""
    return personnumre_med_foedselsdato().map(lambda pair: pair[1])


# Every character str.split() treats as a blank, which parse() therefore accepts anywhere.
BLANKS = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


@st.composite
def written_personnumre(draw: st.DrawFn) -> str:
    """A personnummer in any form ``parse`` accepts: blanks anywhere, a hyphen after digit 6."""
    digits = draw(personnumre())
    hyphen = draw(st.sampled_from(("", "-")))
    parts = [*digits[:6], hyphen, *digits[6:]]
    blanks = st.text(alphabet=BLANKS, max_size=2)
    return "".join(draw(blanks) + part for part in parts) + draw(blanks)
