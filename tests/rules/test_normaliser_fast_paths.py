"""The normalisers' fast paths (already-clean ASCII text, issue 12) answer exactly as the
general path: a value padded with a blank never takes a fast path, so ``x`` and ``" x"`` must
give the same value or the same refusal (reason) for every text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from cpr_rules.adressefelter import FieldValueError
from cpr_rules.personnummer import Personnummer
from cpr_rules.rules.compiled import FieldOptions
from cpr_rules.rules.types import NORMALISERS

# digits (ASCII and not), the letters and marks the domains know, and some that they do not
_ALPHABET = "0123456789" * 4 + "-/ .stkvhmfABXSJAaNEJ" + "²١٣ſK"
_TEXTS = st.text(alphabet=_ALPHABET, max_size=12)
_OPTIONS: dict[str, Any] = {
    "personnummer": FieldOptions(),
    "date": FieldOptions(),
    "code": FieldOptions(digits=4),
    "husnr": FieldOptions(),
    "etage": FieldOptions(),
    "sidedoer": FieldOptions(),
    "bnr": FieldOptions(),
    "choice": FieldOptions(values=("JA", "NEJ")),
}


def _outcome(kind: str, raw: Any) -> tuple[str, Any]:
    try:
        value = NORMALISERS[kind](raw, _OPTIONS[kind])
    except FieldValueError as exc:
        return "refused", exc.reason
    if isinstance(value, Personnummer):
        return "value", value.digits
    return "value", value


@given(kind=st.sampled_from(sorted(_OPTIONS)), text=_TEXTS)
@example(kind="personnummer", text="0202802729")
@example(kind="personnummer", text="020280-2729")
@example(kind="personnummer", text="6702802729")
@example(kind="personnummer", text="3002802729")
@example(kind="date", text="2015-02-28")
@example(kind="date", text="2015-02-30")
@example(kind="code", text="101")
@example(kind="code", text="01010")
@example(kind="husnr", text="000")
@example(kind="husnr", text="5")
@example(kind="etage", text="st")
@example(kind="sidedoer", text="tv")
def test_a_clean_value_normalises_as_a_padded_one(kind: str, text: str) -> None:
    """``x`` (fast path where clean) and ``" x"`` (general path) give the same outcome."""
    assert _outcome(kind, text) == _outcome(kind, " " + text)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_iso_date_reads_as_itself(day: dt.date) -> None:
    """``YYYY-MM-DD`` of any date is that date (the fast path's common case)."""
    assert NORMALISERS["date"](day.isoformat(), _OPTIONS["date"]) == day
