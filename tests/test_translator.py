"""Klarskrift: codes to text, standard address, explained misses in da and en."""

from __future__ import annotations

import datetime as dt

import pytest

from cpr_rules._english import ENGLISH
from cpr_rules.tables import CodeTables
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
