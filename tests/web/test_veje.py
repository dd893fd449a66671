"""Street search agrees with a plain scan (prefix matches first, then contains, each sorted),
folds case and accents, and honours validity dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpr_rules.tables import compile_tables, load_tables
from cpr_rules.web.veje import MAX_RESULTS, StreetIndex, fold

TABLES = load_tables()
INDEX = StreetIndex(TABLES)
VEJE = TABLES["vejstykker"]
ROWS = [
    (VEJE.value(i, "kommunekode"), VEJE.value(i, "vejkode"), VEJE.value(i, "vejadresseringsnavn"))
    for i in range(len(VEJE))
]
KOMMUNER = sorted({k for k, _, _ in ROWS})


def _scan(komk: str, text: str) -> list[str]:
    """The reference: every street of the kommune, filtered and sorted the simple way."""
    query = fold(text)
    if not query:
        return []
    mine = sorted((fold(n), n, v) for k, v, n in ROWS if k == komk)
    first = [v for f, _, v in mine if f.startswith(query)]
    rest = [
        v
        for f, n, v in mine
        if not f.startswith(query) and (query in f or (len(f) >= 4 and query.startswith(f)))
    ]
    return (first + rest)[:MAX_RESULTS]


@settings(max_examples=300, deadline=None)
@given(
    komk=st.sampled_from(KOMMUNER),
    row=st.sampled_from(ROWS),
    start=st.integers(0, 6),
    length=st.integers(1, 30),
    upper=st.booleans(),
)
def test_agrees_with_a_plain_scan(
    komk: str, row: tuple[str, str, str], start: int, length: int, upper: bool
) -> None:
    """For text cut from real names, in any kommune: the same streets in the same order."""
    text = (row[2] + " Boulevard")[start : start + length]
    text = text.upper() if upper else text
    found = INDEX.search(komk, text)
    assert [s.vejkode for s in found] == _scan(komk, text)
    assert len(found) <= MAX_RESULTS


@pytest.mark.parametrize(
    ("text", "name"),
    [("VÉSTERBROGADE", "Vesterbrogade"), ("sondre alle", "Søndre Allé"),
     ("  søndre    allé ", "Søndre Allé"), ("H.C. Andersens Boulevard", "H.C. Andersens Boul"),
     ("Vesterbrogade 5, 3. tv", "Vesterbrogade")],
)  # fmt: skip
def test_case_and_accents_fold(text: str, name: str) -> None:
    """Upper case, accents, ø, repeated blanks and a name CPR abbreviated do not matter."""
    assert INDEX.search("0101", text)[0].vejnavn == name


def test_empty_and_unknown() -> None:
    """A blank text, an unknown kommune or a zero limit find nothing."""
    assert INDEX.search("0101", "   ") == []
    assert INDEX.search("9999", "a") == []
    assert INDEX.search("0101", "a", limit=0) == []


def test_as_of_a_date(tmp_path: Path) -> None:
    """With validity columns, a street is found only on the days it is valid."""
    (tmp_path / "manifest.yaml").write_text(
        "tables:\n"
        "  vejstykker:\n    file: v.csv\n    key: [kommunekode, vejkode]\n"
        "    display: [vejadresseringsnavn]\n    valid_from: fra\n    valid_to: til\n"
        "    source: test\n"
        "  postdistrikter:\n    file: p.csv\n    key: [kommunekode, vejkode]\n"
        "    husnr: {from: husnr_fra, to: husnr_til, side: lige_ulige}\n"
        "    display: [postnr, postdistrikt]\n    source: test\n",
        encoding="utf-8",
    )
    (tmp_path / "v.csv").write_text(
        "# table: vejstykker\n# source: test\n# produced: 2020-01-01\n"
        "kommunekode,vejkode,vejadresseringsnavn,fra,til\n"
        "0101,0001,Gammel Vej,2000-01-01,2010-01-01\n"
        "0101,0002,Gammelby Torv,2005-01-01,\n",
        encoding="utf-8",
    )
    (tmp_path / "p.csv").write_text(
        "# table: postdistrikter\n# source: test\n# produced: 2020-01-01\n"
        "kommunekode,vejkode,husnr_fra,husnr_til,lige_ulige,postnr,postdistrikt\n"
        "0101,0001,001,999,U,1000,København K\n0101,0001,002,998,L,1000,København K\n",
        encoding="utf-8",
    )
    index = StreetIndex(compile_tables(tmp_path))

    def codes(day: dt.date) -> list[str]:
        return [s.vejkode for s in index.search("0101", "gammel", as_of=day)]

    assert codes(dt.date(2001, 1, 1)) == ["0001"]
    assert codes(dt.date(2006, 1, 1)) == ["0001", "0002"]
    assert codes(dt.date(2015, 1, 1)) == ["0002"]
    assert index.search("0101", "gammel vej")[0].postnumre == (("1000", "København K"),)
