"""Every clause of ADRESSE3's Værdimængde for the address fields FLYTB-I sends (issue 9 point 4).

One test per row of the table in ``docs/klarskrift.md`` ("ADRESSE3 clause by clause"); line
numbers refer to ``../shared/reference/cpr-services/adresse3-feltdefinitioner.txt``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpr_rules.adressefelter import (
    FieldValueError,
    normalise_bnr,
    normalise_convn,
    normalise_etage,
    normalise_husnr,
    normalise_sidedoer,
)
from cpr_rules.rules import Report, check

DAY = dt.date(2015, 2, 1)
MOVE = {"PNR": "0202802729", "HDTO": "2015-02-28", "KOMK": "0101", "CADR_VEJKOD": "8204"}


def _check(data: dict[str, Any], stamdata: Any = None) -> Report:
    return check("FLYTB-I", {**MOVE, **data}, stamdata=stamdata or {"STATUS": "01"}, today=DAY)


def _rules(report: Report) -> list[str]:
    return sorted(f.rule for f in report.findings)


def _reason(fn: Any, text: str) -> str:
    with pytest.raises(FieldValueError) as info:
        fn(text)
    return info.value.reason


# -- HUSNR (l.212-221) -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"), [("5", "005"), ("005", "005"), ("999", "999"), (" 12 ", "012")]
)
def test_husnr_number_1_to_999(typed: str, stored: str) -> None:
    """'Position 1-3: 001 - 999': 1-3 ASCII digits, zero-padded; 0, 1000 and 0012 are not."""
    assert normalise_husnr(typed) == stored
    for bad in ("0", "000", "1000", "0012", "-5", "5½"):
        assert _reason(normalise_husnr, bad) in ("husnr.format", "husnr.range")


def test_husnr_letter_a_to_z() -> None:
    """'Position 4: A - Z eller blank': one letter, blanks only between number and letter."""
    assert normalise_husnr("12b") == normalise_husnr("12 B") == normalise_husnr("12  b") == "012B"
    for bad in ("12Æ", "12bb", "1 2", "12-b", "12 b c"):
        assert _reason(normalise_husnr, bad) == "husnr.format"


def test_husnr_letter_needs_number() -> None:
    """'Er de tre første positioner blanke er 4. Position også blank': no letter alone."""
    assert _reason(normalise_husnr, "A") == "husnr.format"
    assert _rules(_check({"CADR_HUSNR": "A"})) == ["CADR_HUSNR.type"]


# -- ETAGE (l.179-188) -----------------------------------------------------------------------
def test_etage_domain() -> None:
    """'01 - 99 samt kl, k2, k3, st og blank', Format A2; k1, 3., st. and 003 are errors."""
    assert [normalise_etage(t) for t in ("1", "03", "99", "ST", "kl", "K2", "k3")] == [
        "01",
        "03",
        "99",
        "st",
        "kl",
        "k2",
        "k3",
    ]
    for bad in ("0", "00", "100", "003", "k1", "3.", "st.", "k9", "4th", "3 sal"):
        assert _reason(normalise_etage, bad) in ("etage.format", "etage.range")


def test_etage_historical_values_refused() -> None:
    """'mz, kv, og pt kan desuden forekomme … i historisk arkiv': not for a new move."""
    for historical in ("mz", "kv", "pt"):
        assert _reason(normalise_etage, historical) == "etage.format"


# -- SIDEDOER (l.315-329) --------------------------------------------------------------------
def test_sidedoer_numbers() -> None:
    """'Tallene 0001 - 9999 … Numerisk indhold foranstilles med nuller', in at most 4 characters."""
    assert [normalise_sidedoer(t) for t in ("7", "0007", "12", "9999")] == [
        "0007",
        "0007",
        "0012",
        "9999",
    ]
    for bad in ("0", "0000", "00007", "10000"):
        assert _reason(normalise_sidedoer, bad) == "sidedoer.range"


def test_sidedoer_text() -> None:
    """'A - Å, bindestreg (-), skråstreg (/) og blank', Format A4: letters and digits, one inner
    blank, at most 4 characters."""
    assert [normalise_sidedoer(t) for t in ("tv", "TH", "mf", "12a", "æø", "a b", "tv 2")] == [
        "tv",
        "th",
        "mf",
        "12a",
        "æø",
        "a b",
        "tv 2",
    ]
    for bad in ("abcde", "a  b", "a b c", "tv.", "é", "ü"):
        assert _reason(normalise_sidedoer, bad) == "sidedoer.format"


def test_sidedoer_separators_between_characters() -> None:
    """'Bindestreg og skråstreg må kun forekomme, hvis der findes tal eller bogstav i positionen
    før og efter. '-323' eller '232-' er således ikke nogen valid værdi.'"""
    assert normalise_sidedoer("1-2") == "1-2"
    assert normalise_sidedoer("a/b") == "a/b"
    for bad in ("-323", "232-", "/12", "1--2", "1-/2"):
        assert _reason(normalise_sidedoer, bad) == "sidedoer.format"


# -- BNR (l.105-117) -------------------------------------------------------------------------
def test_bnr_greenland_only() -> None:
    """'anvendes på Grønland … i stedet for HUSNR': a bnr in a Danish kommune is an error."""
    greenland = {"KOMK": "0956", "CADR_VEJKOD": "0001", "CADR_BNR": "0101"}
    assert _check(greenland).ok
    assert _rules(_check({"CADR_BNR": "0101"})) == ["bnr-kun-groenland"]
    assert [f.fields for f in _check({"CADR_BNR": "0101"}).errors] == [("CADR_BNR",)]


def test_husnr_and_bnr_both_filled_is_one_error() -> None:
    """Husnr and bnr both non-blank is fejl 1068, whatever the validity of each, and the only
    finding about the pair (no 'bnr in Denmark' on top)."""
    for husnr, bnr in (("5", "0101"), ("abc", "0101"), ("5", "#####"), ("x", "#")):
        report = _check({"CADR_HUSNR": husnr, "CADR_BNR": bnr})
        pair = [f for f in report.errors if f.rule == "husnr-eller-bnr"]
        assert len(pair) == 1 and pair[0].cpr_fejl == (1068,)
        assert "bnr-kun-groenland" not in _rules(report)


def test_bnr_characters() -> None:
    """'1-9 A-Å incl. ü samt … minus, punktum, komma, apostrof, skråstreg og blank', Format A4;
    0 is allowed (CPR's examples use 0101)."""
    for good in ("0101", "B-3", "ü", "Æ.,'", "a/2", "7 8", "0"):
        assert normalise_bnr(good) == good.upper()
    for bad in ("12345", "#", "é", "ÿ", "ı", "1_2", "١"):
        assert _reason(normalise_bnr, bad) == "bnr.format"


# -- CONVN (l.146-160) -----------------------------------------------------------------------
def test_convn_prefix() -> None:
    """'Konstanten C/O samt en blank … i de første 4 positioner … skal indrapporteres af
    brugeren': the prefix is required, in any case, stored as 'c/o '."""
    assert normalise_convn("C/O Hansen") == "c/o Hansen"
    for bad in ("Hansen", "co Hansen", "c/o", "c/o ", "c/oHansen"):
        assert _reason(normalise_convn, bad) == "convn.prefix"


def test_convn_characters() -> None:
    """'Udvidet tegnsæt. Alfanumerisk samt - ' . / , blank. Første position skal være et bogstav
    eller tal': ISO-8859-1 letters, ASCII digits."""
    for good in ("c/o José Núñez", "c/o Zoë Brontë", "c/o H.C. Andersen", "c/o 3. sal, th/tv"):
        assert normalise_convn(good) == good
    for bad in ("c/o -Hansen", "c/o Anna\u0161", "c/o Hansen!", "c/o ١٢", "c/o .X"):
        assert _reason(normalise_convn, bad) == "convn.characters"


def test_convn_single_blanks() -> None:
    """'Der må ikke være mere end en blank mellem bogstav/tegn', also right after 'c/o '."""
    for bad in ("c/o Hans  Hansen", "c/o  Hansen"):
        assert _reason(normalise_convn, bad) == "convn.blanks"


def test_convn_length() -> None:
    """Format A34: at most 34 characters, 'c/o ' included."""
    assert normalise_convn("c/o " + "x" * 30) == "c/o " + "x" * 30
    assert _reason(normalise_convn, "c/o " + "x" * 31) == "convn.length"


# -- STARTDATOUSM, KOMKOD, VEJKOD, STARTDATO ------------------------------------------------
def test_startdatousm() -> None:
    """'Blank - datoen er ikke markeret som usikker; * - Datoen er markeret som usikker'."""
    assert _check({"CADR_HUSNR": "5", "CADR_STARTDATOUSM": "*"}).ok
    assert _rules(_check({"CADR_HUSNR": "5", "CADR_STARTDATOUSM": "x"})) == [
        "CADR_STARTDATOUSM.type"
    ]


def test_kommunekode_ascii_and_known() -> None:
    """'000 - 999', Format N4: 1-4 ASCII digits or a JSON integer; an unknown one is an error."""
    assert _check({"KOMK": 101, "CADR_HUSNR": "5"}).ok
    assert _rules(_check({"KOMK": "٠١٠١", "CADR_HUSNR": "5"})) == ["KOMK.type"]
    assert _rules(_check({"KOMK": "0999", "CADR_HUSNR": "5"})) == ["komk-findes"]


def test_vejkode_0001_to_9999() -> None:
    """'Værdimængde: 0001 - 9999': 0000 is an error of its own, høj vejkoder are refused."""
    assert _rules(_check({"CADR_VEJKOD": "0", "CADR_HUSNR": "5"})) == ["vejkode-ikke-nul"]
    assert _rules(_check({"CADR_VEJKOD": "9901", "CADR_HUSNR": "5"})) == ["vejkode-ikke-hoej"]
    assert _rules(_check({"CADR_VEJKOD": 8204, "CADR_HUSNR": "5"})) == []


def test_locked_fields_echoed_or_error() -> None:
    """The locked fields of eks. 17.1 are accepted when echoed, and an error when changed."""
    echo = {
        "CADR_HUSNR": "5",
        "CADR_KOMKOD": "101",
        "CADR_STARTDATO": "20150228",
        "CADR_STARTMYNKOD": "0041",
        **{f"CBSK_STARTMYNKOD{n}": "0041" for n in range(1, 5)},
        **{f"CBSK_INDRAP{n}": "" for n in range(1, 5)},
    }
    assert _check(echo).ok
    changed = {**echo, "CADR_KOMKOD": "0147", "CADR_STARTDATO": "2015-03-01"}
    changed["CBSK_STARTMYNKOD2"] = "0201"
    report = _check(changed)
    assert sorted(f.fields[0] for f in report.errors) == [
        "CADR_KOMKOD",
        "CADR_STARTDATO",
        "CBSK_STARTMYNKOD2",
    ]


# -- ASCII digits only (issue 9 point 5) -----------------------------------------------------
_NON_ASCII_DIGITS = st.characters(categories=["Nd", "No"]).filter(lambda c: not c.isascii())
DIGIT_FIELDS = ("PNR", "HDTO", "KOMK", "CADR_VEJKOD", "CADR_HUSNR", "CADR_ETAGE", "CADR_SIDEDOER")
VALID = {
    "PNR": "0202802729",
    "HDTO": "20150228",
    "KOMK": "0101",
    "CADR_VEJKOD": "8204",
    "CADR_HUSNR": "5",
    "CADR_ETAGE": "3",
    "CADR_SIDEDOER": "7",
}


@given(field=st.sampled_from(DIGIT_FIELDS), digit=_NON_ASCII_DIGITS, data=st.data())
def test_no_non_ascii_digit_is_ever_accepted(field: str, digit: str, data: st.DataObject) -> None:
    """Arabic-Indic, fullwidth, superscript … digits are never accepted where CPR wants digits
    (CPR's character set is ISO-8859-1): an error on that field, never a stored value."""
    value = VALID[field]
    at = data.draw(st.integers(0, len(value) - 1))
    typed = value[:at] + digit + value[at + 1 :]
    report = _check({**VALID, field: typed})
    assert not report.ok
    assert field in {f for finding in report.errors for f in finding.fields}
    assert field not in report.data


def test_klarskrift_table_names_tests_that_exist() -> None:
    """Every test named in docs/klarskrift.md's clause table is a test of this module."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "klarskrift.md").read_text("utf-8")
    table = doc.split("## ADRESSE3 clause by clause", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", table))
    assert named and named <= set(globals()), named - set(globals())
    rows = [line for line in table.splitlines() if line.startswith("| ") and "(l." in line]
    assert len(rows) >= 20
