"""Klarskrift: codes to text, standard address, explained misses in da and en."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpr_rules._english import ENGLISH
from cpr_rules.tables import CodeTables, load_tables
from cpr_rules.translator import Translator


def test_issue_address(translator: Translator) -> None:
    """0101 8204 005, 3. tv is Vesterbrogade 5, 3. tv, 1620 København V."""
    result = translator.address("0101", "8204", "005", etage="03", sidedoer="tv")
    assert result.line == "Vesterbrogade 5, 3. tv, 1620 København V"
    assert result.ok
    assert (result.kommunenavn, result.postnr, result.husnr) == ("København", "1620", "5")


@pytest.mark.parametrize(
    ("method", "args", "text"),
    [
        ("kommune", ("0101",), "København"),
        ("vej", ("0101", "8204"), "Vesterbrogade"),
        ("postdistrikt", ("0101", "8204", "005"), "1620 København V"),
        ("land", ("5180",), "Tyskland,Forb.Rep"),
        ("status", ("90",), "Inaktiv, død"),
        ("civilstand", ("G",), "Gift"),
        ("beskyttelse", ("00001",), "Navne- og adressebeskyttelse"),
        ("myndighed", ("0041",), "Borger"),
    ],
)
def test_codes_to_text(
    translator: Translator, method: str, args: tuple[str, ...], text: str
) -> None:
    """Each kind of code has its klarskrift."""
    assert getattr(translator, method)(*args).text == text


def test_bynavn_and_lokalitet(translator: Translator) -> None:
    """Supplerende bynavn and lokalitet come from their interval/address tables."""
    assert translator.bynavn("0101", "1038", "004").text == "Hf. Øbro"
    assert translator.lokalitet("0101", "0886", "001").text == "Blok D"


def test_english_status(translator: Translator) -> None:
    """Closed code lists have English texts."""
    assert translator.status("80", lang="en").text == "Inactive, emigrated"


@pytest.mark.parametrize("table", sorted(ENGLISH))
def test_english_covers_closed_tables_exactly(tables: CodeTables, table: str) -> None:
    """Every code of a translated table has an English text, and no more."""
    keys = {row[tables[table].spec.key[0]] for row in tables[table].rows()}
    assert keys == set(ENGLISH[table])


def test_unknown_code_names_table_and_date(translator: Translator) -> None:
    """An unknown code gives a result naming the table and the date, not an exception."""
    result = translator.kommune("0171", as_of=dt.date(2015, 1, 1))
    assert not result.ok
    assert result.explain("da") == "0171 i kommuner ophørte 22. december 2006"
    assert result.explain("en") == "0171 in kommuner ended on 22 December 2006"


def test_stale_vej_is_explained(translator: Translator) -> None:
    """A vejkode missing from an old table says the table's date."""
    result = translator.address("0101", "7777", "001", as_of=dt.date(2026, 11, 26))
    assert not result.ok
    assert result.line is None
    problems = result.to_dict("da")["problems"]
    assert any("2. februar 2015" in p and "vejstykker" in p for p in problems)


def test_to_dict_has_every_part(translator: Translator) -> None:
    """The JSON form has every part of the address."""
    parts = translator.address("0101", "8204", "012B", etage="st", sidedoer="tv").to_dict()
    assert parts["line"] == "Vesterbrogade 12B, st. tv, 1620 København V"
    assert parts["problems"] == []
    assert {"kommunenavn", "vejadresseringsnavn", "postnr", "postdistrikt", "bynavn"} <= set(parts)


def test_bad_language_is_a_typed_error(translator: Translator) -> None:
    """An unsupported language is an InputError, not a KeyError."""
    from cpr_rules.errors import InputError

    with pytest.raises(InputError, match="da, en"):
        translator.status("01", lang="fr")


def _street_keys() -> list[tuple[str, str, str]]:
    """(kommunekode, vejkode, a house number of its interval) of real postdistrikter rows."""
    rows = load_tables()["postdistrikter"].rows()
    return [(r["kommunekode"], r["vejkode"], r["husnr_fra"].strip() or "001") for r in rows]


_KEYS = _street_keys()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(_KEYS),
    husnr=st.one_of(st.none(), st.just(""), st.sampled_from(["001", "002", "005A", "998"])),
    own=st.booleans(),
    etage=st.sampled_from([None, "", "st", "03", "kl"]),
    sidedoer=st.sampled_from([None, "", "tv", "0004"]),
    bnr=st.sampled_from([None, "", "B123"]),
    as_of=st.sampled_from([None, dt.date(2015, 2, 1), dt.date(1990, 1, 1)]),
    vejkode=st.sampled_from([None, "9999", "0000"]),
)
def test_address_line_is_the_line_of_address(
    translator: Translator,
    key: tuple[str, str, str],
    husnr: str | None,
    own: bool,
    etage: str | None,
    sidedoer: str | None,
    bnr: str | None,
    as_of: dt.date | None,
    vejkode: str | None,
) -> None:
    """The validator's fast ``address_line`` gives exactly ``address(...).line``, for real
    streets, their own house numbers and others, unknown streets, any date."""
    komk, vej, own_husnr = key
    args = (komk, vejkode or vej, own_husnr if own else husnr)
    options = {"etage": etage, "sidedoer": sidedoer, "bnr": bnr, "as_of": as_of}
    assert translator.address_line(*args, **options) == translator.address(*args, **options).line


@pytest.mark.parametrize("code", ["0202802729", "020280-2729", "020280 2729"])
def test_a_personnummer_looked_up_as_a_code_is_masked(
    translator: Translator, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A personnummer given as a code (by mistake): the miss's sentence and `cpr-rules
    translate` (text and JSON) name it masked."""
    from cpr_rules.cli import main

    for lang in ("da", "en"):
        assert "2729" not in translator.code("kommuner", code).explain(lang)
    assert "2729" not in str(translator.address(code, "8204", "5").to_dict("da"))
    for fmt in ("text", "json"):
        assert main(["translate", "kommuner", code, "--format", fmt]) == 1
        out = capsys.readouterr()
        assert "020280-****" in out.out and "2729" not in out.out + out.err


def test_a_husnr_in_no_cpr_form_is_in_no_postdistrikt(translator: Translator) -> None:
    """A husnr that is not CPR's stored form (``0202802729`` was read as its first four
    characters, ``020`` and ``2``, and found a postdistrikt) is a miss: the address is not ok,
    and no part shows the text but masked."""
    for husnr in ("0202802729", "0055", "005AB", "5"):
        address = translator.address("0101", "8204", husnr)
        assert not address.ok and address.postnr is None, husnr
    assert "2729" not in str(translator.address("0101", "8204", "0202802729").to_dict("en"))
    assert translator.address("0101", "8204", "005").ok
