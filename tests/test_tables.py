"""Code tables: manifest, provenance, lookups as of a date, husnr intervals, staleness."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpr_rules.adressefelter import husnr_key
from cpr_rules.errors import CodeTableError
from cpr_rules.tables import CodeTables, Found, Miss, MissReason, compile_tables, load_tables
from cpr_rules.tables._csvfile import read_table_file
from cpr_rules.tables._manifest import read_manifest

ROOT = Path(__file__).resolve().parents[1]
CODETABLES = ROOT / "codetables"
MANIFEST = read_manifest(CODETABLES / "manifest.yaml")


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_provenance_header_agrees_with_manifest(name: str) -> None:
    """Every table file starts with a provenance header naming the table and production date."""
    spec = MANIFEST[name]
    file = read_table_file(CODETABLES / spec.file)
    assert file.provenance["table"] == name
    assert file.provenance["source"]
    produced = file.provenance["produced"]
    assert produced == (spec.produced.isoformat() if spec.produced else "")
    assert set(spec.columns) <= set(file.columns)


def test_every_csv_is_in_the_manifest() -> None:
    """No table file is shipped without a manifest entry."""
    files = {p.name for p in CODETABLES.glob("*.csv")}
    assert files == {spec.file for spec in MANIFEST.values()}


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("kommuner", 349),
        ("vejstykker", 112_495),
        ("postdistrikter", 239_943),
        ("bynavne", 109_711),
        ("lokaliteter", 19_134),
        ("landekoder", 215),
        ("myndigheder", 3410),
        ("statuskoder", 12),
        ("civilstande", 8),
        ("beskyttelsestyper", 5),
    ],
)
def test_row_counts(tables: CodeTables, name: str, rows: int) -> None:
    """The shipped tables are complete (counts from SOURCES.md)."""
    assert len(tables[name]) == rows


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("0101", dt.date(2015, 3, 1), "København"),
        ("0171", dt.date(2006, 1, 1), "Ledøje-Smørum"),
        ("0171", dt.date(2015, 3, 1), MissReason.ENDED),
        ("0958", dt.date(2017, 12, 31), "Qaasuitsup"),
        ("0958", dt.date(2018, 1, 1), MissReason.ENDED),
        ("0959", dt.date(2017, 12, 31), MissReason.NOT_YET),
        ("0959", dt.date(2018, 1, 1), "Qeqertalik"),
        ("0960", dt.date(2018, 1, 1), "Avannaata"),
        ("0401", dt.date(2003, 12, 30), "Allinge-Gudhjem"),
        ("0401", dt.date(2004, 1, 1), MissReason.ENDED),
        ("0998", dt.date(2015, 3, 1), MissReason.UNKNOWN),
        ("0998", dt.date(2026, 3, 1), MissReason.STALE),
    ],
    ids=lambda v: str(v),
)
def test_kommune_as_of_date(tables: CodeTables, code: str, day: dt.date, expected: object) -> None:
    """Kommuner are looked up as of a date: ended, not-yet-valid and stale misses differ."""
    result = tables["kommuner"].lookup(code, as_of=day)
    if isinstance(expected, MissReason):
        assert isinstance(result, Miss)
        assert result.reason is expected
        assert result.reason.is_unknown is (expected is not MissReason.STALE)
    else:
        assert isinstance(result, Found)
        assert result["navn"] == expected


def test_kommune_has_region(tables: CodeTables) -> None:
    """Current kommuner carry their region (CPR record-002 relation)."""
    found = tables["kommuner"].lookup("0101", as_of=dt.date(2020, 1, 1))
    assert found
    assert found["regionskode"] == "1084"


@pytest.mark.parametrize(
    ("husnr", "postnr"),
    [("005", "1620"), ("001", "1620"), ("006", "1620"), ("012B", "1620")],
)
def test_vesterbrogade_postdistrikt(tables: CodeTables, husnr: str, postnr: str) -> None:
    """Vesterbrogade (0101/8204) husnr 5 is 1620 København V (issue example)."""
    found = tables["postdistrikter"].lookup("0101", "8204", husnr=husnr)
    assert found
    assert found["postnr"] == postnr
    assert found["postdistrikt"] == "København V"


def test_even_and_odd_sides_are_different_intervals(tables: CodeTables) -> None:
    """An even husnr is matched against L intervals, an odd one against U intervals."""
    odd = tables["postdistrikter"].lookup("0101", "8204", husnr="005")
    even = tables["postdistrikter"].lookup("0101", "8204", husnr="006")
    assert odd
    assert even
    assert odd["lige_ulige"] == "U"
    assert even["lige_ulige"] == "L"
    assert odd.index != even.index


def test_husnr_outside_every_interval_is_a_miss(tables: CodeTables) -> None:
    """A husnr beyond the street's intervals is unknown (or stale for a late date)."""
    last = tables["postdistrikter"].lookup("0101", "8204", husnr="999", as_of=dt.date(2015, 3, 1))
    if not last:
        assert last.reason is MissReason.UNKNOWN


def test_stale_vejkode(tables: CodeTables) -> None:
    """A miss in a 2015 table asked about 2026 says the table may be too old."""
    miss = tables["vejstykker"].lookup("0101", "7777", as_of=dt.date(2026, 11, 26))
    assert isinstance(miss, Miss)
    assert miss.is_stale
    assert "2015-02-02" in miss.describe()


def test_closed_table_is_never_stale(tables: CodeTables) -> None:
    """A miss in a fixed code list (statuskoder) is unknown whatever the date."""
    miss = tables["statuskoder"].lookup("42", as_of=dt.date(2040, 1, 1))
    assert isinstance(miss, Miss)
    assert miss.reason is MissReason.UNKNOWN


@pytest.mark.parametrize(
    "key", [("101",), ("01010",), ("abcd",), ("",), ("0101", "x"), ("010¹",), ("٠١٠١",)]
)
def test_malformed_keys_are_misses(tables: CodeTables, key: tuple[str, ...]) -> None:
    """Keys of the wrong shape (non-ASCII digits too: '¹' is a digit to str.isdigit, not to
    int) are plain misses, never exceptions."""
    assert not tables["kommuner"].lookup(*key)
    assert not tables["postdistrikter"].lookup("0101", *key, husnr="005")


@pytest.mark.parametrize("husnr", ["abc", "⁹", "00⁹", "٥", "", "5 5", "x12"])
def test_malformed_husnr_is_a_miss(tables: CodeTables, husnr: str) -> None:
    """A husnr that is not in CPR's form is in no interval: a miss, never an exception."""
    assert not tables["postdistrikter"].lookup("0101", "8204", husnr=husnr)


def test_lokalitet_blank_columns_match_any(tables: CodeTables) -> None:
    """A lokalitet row with blank etage/sidedør applies to every flat of the husnr."""
    found = tables["lokaliteter"].lookup(
        "0101", "0886", match={"husnr": "001", "etage": "02", "sidedoer": "tv"}
    )
    assert found
    assert found["lokalitet"] == "Blok D"


def _postdistrikt_rows() -> list[list[str]]:
    return read_table_file(CODETABLES / "postdistrikter.csv").rows


_ROWS_BY_STREET: dict[tuple[str, str], list[list[str]]] = {}
for _row in _postdistrikt_rows():
    _ROWS_BY_STREET.setdefault((_row[0], _row[1]), []).append(_row)
_STREETS = sorted(_ROWS_BY_STREET)


@settings(max_examples=400, deadline=None)
@given(
    street=st.sampled_from(_STREETS),
    number=st.integers(min_value=1, max_value=999),
    letter=st.sampled_from(["", "A", "B", "Z"]),
)
def test_interval_lookup_agrees_with_brute_force(
    tables: CodeTables, street: tuple[str, str], number: int, letter: str
) -> None:
    """The bisect + interval lookup finds exactly what a scan of the street's rows finds."""
    husnr = f"{number:03d}{letter}"
    k = husnr_key(husnr)
    expected = [
        r
        for r in _ROWS_BY_STREET[street]
        if (r[4] == "L") == (number % 2 == 0)
        and (r[2].strip() or r[3].strip())  # both bounds blank: only the blank husnr (issue 9)
        and husnr_key(r[2]) <= k <= (husnr_key(r[3]) if r[3].strip() else 10**9)
    ]
    found = tables["postdistrikter"].lookup(*street, husnr=husnr)
    if expected:
        assert found
        assert (found["postnr"], found["husnr_fra"]) == (expected[0][5], expected[0][2])
    else:
        assert not found


def test_load_tables_is_cached_per_process() -> None:
    """Loading twice returns the same object (compiled once)."""
    assert load_tables() is load_tables()


def test_broken_table_names_file_and_line(tmp_path: Path) -> None:
    """A row with the wrong number of columns is an error pointing at file:line."""
    (tmp_path / "manifest.yaml").write_text(
        "tables:\n  t:\n    file: t.csv\n    key: [a]\n    display: [b]\n    source: x\n"
    )
    (tmp_path / "t.csv").write_text(
        "# table: t\n# source: x\n# produced: 2020-01-01\na,b\n1,2\n3\n"
    )
    with pytest.raises(CodeTableError, match=r"t\.csv:6"):
        compile_tables(tmp_path)


def test_missing_provenance_is_an_error(tmp_path: Path) -> None:
    """A table without its provenance header does not load."""
    (tmp_path / "t.csv").write_text("a,b\n1,2\n")
    with pytest.raises(CodeTableError, match="provenance"):
        read_table_file(tmp_path / "t.csv")


def test_unknown_manifest_key_is_an_error(tmp_path: Path) -> None:
    """A typo in the manifest is reported with the expected keys."""
    (tmp_path / "manifest.yaml").write_text(
        "tables:\n  t:\n    file: t.csv\n    key: [a]\n    display: [b]\n"
        "    source: x\n    kee: 1\n"
    )
    with pytest.raises(CodeTableError, match="kee"):
        compile_tables(tmp_path)


def test_cache_survives_a_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold load writes the cache; a warm load from it gives the same lookups."""
    from cpr_rules import tables as tables_module

    monkeypatch.setenv("CPR_RULES_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "ct"
    folder.mkdir()
    for name in ("manifest.yaml", "statuskoder.csv"):
        text = (CODETABLES / name).read_text(encoding="utf-8")
        (folder / name).write_text(text, encoding="utf-8")
    manifest = (folder / "manifest.yaml").read_text(encoding="utf-8")
    start = manifest.index("  statuskoder:")
    end = manifest.index("  civilstande:")
    (folder / "manifest.yaml").write_text("tables:\n" + manifest[start:end], encoding="utf-8")
    cold = load_tables(folder)
    assert list((tmp_path / "cache").glob("tables-*.pickle"))
    tables_module._LOADED.clear()
    warm = load_tables(folder)
    assert warm is not cold
    assert warm["statuskoder"].lookup("90").text == cold["statuskoder"].lookup("90").text


def test_shared_kommuner_agree(tables: CodeTables) -> None:
    """Where the shared data folder exists, kommuner.csv has the same regions as its source."""
    shared = ROOT.parent / "shared" / "data" / "kommuner.csv"
    if not shared.exists():
        pytest.skip("shared data not beside the checkout")
    with shared.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            found = tables["kommuner"].lookup(row["kommunekode"])
            assert found
            assert found["regionskode"] == row["regionskode"]
