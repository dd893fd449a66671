"""FLYTB-I fails closed and follows the handbook (issue 9): one test per class of inputs, and
hypothesis properties where the class is large."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cpr_rules.rules import Report, check, default_validator
from cpr_rules.tables import load_tables

DAY = dt.date(2015, 2, 1)
MOVE = {
    "PNR": "0202802729",
    "HDTO": "2015-02-28",
    "KOMK": "0101",
    "CADR_VEJKOD": "8204",
    "CADR_HUSNR": "5",
}
OK = {"STATUS": "01"}
ROOT = Path(__file__).resolve().parents[2]
BILAG_07 = ROOT.parent / "shared/reference/cpr-services/bilag-07-opdateringsservices-brug.txt"


def _check(data: Any, stamdata: Any = OK, today: dt.date = DAY) -> Report:
    return check("FLYTB-I", {**MOVE, **data}, stamdata=stamdata, today=today)


def _fields(report: Report, severity: str = "error") -> set[str]:
    found = report.errors if severity == "error" else report.warnings
    return {f for finding in found for f in finding.fields}


# -- point 1: an unknown kommunekode is always an error ------------------------------------
@settings(deadline=None)
@given(
    code=st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    today=st.dates(dt.date(2014, 1, 1), dt.date(2040, 12, 31)),
)
def test_unknown_kommunekode_is_never_ok(code: str, today: dt.date) -> None:
    """Whatever the table's age: a code that is not a kommune on HDTO is an error on KOMK."""
    hdto = today + dt.timedelta(days=10)
    if load_tables()["kommuner"].lookup(code, as_of=hdto):
        return
    report = _check({"KOMK": code, "HDTO": hdto.isoformat()}, today=today)
    assert not report.ok
    assert "KOMK" in _fields(report)
    assert "KOMK" not in _fields(report, "warning")
    assert "CADR_VEJKOD" not in _fields(report) | _fields(report, "warning")  # no follow-on


@pytest.mark.parametrize("code", ["0000", "9999", "1081", "1082", "1083", "1084", "1085"])
def test_regions_and_non_codes_are_no_kommune_in_2026(code: str) -> None:
    """A move to a region or to 0000/9999 with a 2015 table in 2026 is an error, not stale."""
    report = _check({"KOMK": code, "HDTO": "2026-11-26"}, today=dt.date(2026, 11, 20))
    assert [f.rule for f in report.errors] == ["komk-findes"]


def test_vejkode_and_husnr_keep_the_stale_warning() -> None:
    """Streets and house numbers appear every week: their miss stays a warning when old."""
    report = _check({"CADR_VEJKOD": "7777", "HDTO": "2026-11-26"}, today=dt.date(2026, 11, 20))
    assert report.ok and _fields(report, "warning") == {"CADR_VEJKOD"}


# -- point 2: stamdata is CPR's answer and must be well formed -----------------------------
@pytest.mark.parametrize("status", [None, "", "  ", "x", "001", "1a", "٠١", ["01"], True])
def test_stamdata_without_valid_status_is_an_error(status: Any) -> None:
    """Given stamdata, a missing or invalid STATUS is an error on STATUS, not undecided."""
    stamdata = {} if status is None else {"STATUS": status}
    report = _check({}, stamdata=stamdata)
    assert not report.ok and _fields(report) == {"STATUS"}


def test_no_stamdata_leaves_stamdata_rules_undecided() -> None:
    """Before initier (no stamdata at all) the stamdata rules are undecided, not failed."""
    report = _check({}, stamdata=None)
    assert report.ok
    assert {u.rule for u in report.undecided} >= {"status-aktiv", "data-i-vent"}


@pytest.mark.parametrize(
    ("marker", "errors", "warnings"),
    [("X", set(), {"I_VENT_MRK"}), ("x", set(), {"I_VENT_MRK"}), ("", set(), set())]
    + [(odd, {"I_VENT_MRK"}, set()) for odd in ("Y", "J", "1", "XX", ["X"])],
)
def test_i_vent_mrk(marker: Any, errors: set[str], warnings: set[str]) -> None:
    """I_VENT_MRK: X is the warning, blank is nothing, any other value an error on it."""
    report = _check({}, stamdata={"STATUS": "01", "I_VENT_MRK": marker})
    assert (_fields(report), _fields(report, "warning")) == (errors, warnings)


# -- point 6: no follow-on findings --------------------------------------------------------
@pytest.mark.parametrize("komk", ["0999", "0171", "abc", "01011"])
def test_bad_kommune_gives_no_vejkode_finding(komk: str) -> None:
    """An invalid or unknown KOMK: the vejkode is not looked up there (undecided)."""
    report = _check({"KOMK": komk, "CADR_VEJKOD": "7777", "CADR_HUSNR": "999"})
    assert _fields(report) == {"KOMK"}
    assert "vejkode-findes" in {u.rule for u in report.undecided}


def test_hoej_vejkode_gets_one_finding() -> None:
    """A høj vejkode gets its own finding and no 'not in the table' one."""
    report = _check({"CADR_VEJKOD": "9950"})
    assert [f.rule for f in report.findings] == ["vejkode-ikke-hoej"]


def test_invalid_hdto_leaves_date_bound_lookups_undecided() -> None:
    """HDTO invalid: the table checks as of HDTO are undecided, only HDTO is reported."""
    report = _check({"HDTO": "2015-02-30", "KOMK": "0171", "CADR_VEJKOD": "7777"})
    assert _fields(report) == {"HDTO"}
    assert {"komk-findes", "vejkode-findes"} <= {u.rule for u in report.undecided}


def test_one_invalid_field_hides_no_finding_on_another() -> None:
    """A rule over several fields decides each field on its own (years on slot 2 and 3)."""
    report = _check({"CBSK_ANTALAAR2": "2", "CBSK_ANTALAAR3": "x"})
    assert sorted(f.rule for f in report.errors) == [
        "CBSK_ANTALAAR3.type",
        "antal-aar-kun-adressebeskyttelse",
    ]
    report = _check({"CBSK_VALG2": "S", "CBSK_VALG3": "?"}, stamdata={"STATUS": "01"})
    assert _fields(report) == {"CBSK_VALG2", "CBSK_VALG3"}


def test_neither_husnr_nor_bnr_is_one_error_on_both() -> None:
    """Neither husnr nor bnr filled is one error naming both fields."""
    report = _check({"CADR_HUSNR": ""})
    assert [(f.rule, f.fields) for f in report.errors] == [
        ("husnr-eller-bnr-udfyldt", ("CADR_HUSNR", "CADR_BNR"))
    ]


# -- point 7: CPR's numbers are CPR's ------------------------------------------------------
def _numbers() -> list[tuple[str, str, int]]:
    out = []
    for path in (ROOT / "rulesets").rglob("*.yaml"):
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = [*((tree or {}).get("rules") or [])]
        for section in ("keys", "fields", "stamdata"):
            items += list(((tree or {}).get(section) or {}).values())
        for item in items:
            for kind in ("fejl", "anmrk"):
                out += [(path.name, kind, n) for n in (item.get("cpr") or {}).get(kind, [])]
    return out


def test_cpr_numbers_are_those_of_the_update_services() -> None:
    """Every Fejl/Anmrk number a rule predicts is one bilag 7 shows for an update service (2017,
    2523), or 1068, which issue 9 names for husnr and bnr; none from the search services
    (52, 724, 725, 3974, 3975) or a generic example (2001)."""
    text = BILAG_07.read_text(encoding="utf-8")
    shown = {int(n) for n in re.findall(r'Kvit r="(?:Fejl|Anmrk)"[^>]*v="(\d+)"', text)}
    for file, kind, number in _numbers():
        assert number in shown | {1068}, (file, kind, number)
    assert {n for *_, n in _numbers()} == {1068, 2017, 2523}


def test_data_i_vent_says_what_cpr_does_in_each_mode() -> None:
    """Venteregister mode answers Ok with I_VENT_MRK=X; direct mode answers Anmrk 2523."""
    finding = _check({}, stamdata={"STATUS": "01", "I_VENT_MRK": "X"}).warnings[0]
    assert finding.cpr_anmrk == (2523,)
    assert "venteregist" in finding.message and "2523" in finding.message
    rule = next(r for r in default_validator().rulesets["FLYTB-I"].rules if r.id == "data-i-vent")
    assert "eks. 17.1" in rule.spec.source and "eks. 17.2" in rule.spec.source


# -- point 8: protections as bilag 7 §17 describes them -----------------------------------
@pytest.mark.parametrize(
    ("valg", "beskyt", "errors"),
    [
        ({"CBSK_VALG1": "S"}, "X", set()),
        ({"CBSK_VALG1": "S"}, "", {"CBSK_VALG1"}),
        ({"CBSK_VALG1": "S"}, None, {"CBSK_VALG1"}),
        ({"CBSK_VALG2": "S"}, "X", {"CBSK_VALG2"}),
        ({"CBSK_VALG4": "S"}, "x", {"CBSK_VALG4"}),
        ({"CBSK_VALG1": "S", "CBSK_VALG2": "S", "CBSK_VALG4": "S"}, "X", set()),
        ({"CBSK_VALG3": "S"}, "X", {"CBSK_VALG3"}),
        ({"CBSK_VALG3": "S"}, ["00003"], set()),
        ({"CBSK_VALG2": "S"}, "00002, 00003", set()),
        ({"CBSK_VALG2": "S"}, [], {"CBSK_VALG2"}),
        ({"CBSK_VALG3": "X"}, "Q", {"BESKYT"}),
    ],
)
def test_protections(valg: dict[str, str], beskyt: Any, errors: set[str]) -> None:
    """BESKYT is the navne- og adressebeskyttelse marker (X: 00001 with 00002 and 00004) or
    BESKYT3's codes; blank means none; deleting 2/4 under 1 is refused; 2017 otherwise."""
    stamdata = {"STATUS": "01"} if beskyt is None else {"STATUS": "01", "BESKYT": beskyt}
    assert _fields(_check(valg, stamdata=stamdata)) == errors


def test_years_only_for_navne_og_adressebeskyttelse() -> None:
    """Lokalvejviser-, forsker- and markedsføringsbeskyttelse get 100 years: no years given."""
    for n in (2, 3, 4):
        report = _check({f"CBSK_VALG{n}": "X", f"CBSK_ANTALAAR{n}": "5"})
        assert _fields(report) == {f"CBSK_ANTALAAR{n}"}
    assert _check({"CBSK_VALG1": "X"}).ok  # no years: 1 year (bilag-07 l.954)


def test_server_filled_indrap_accepts_ja_nej() -> None:
    """CBSK_INDRAPn is filled by the server (JA/NEJ, bilag-07 l.616, l.623): echo accepted."""
    assert _check({"CBSK_INDRAP1": "JA", "CBSK_INDRAP2": "nej"}).ok
    assert _fields(_check({"CBSK_INDRAP1": "X"})) == {"CBSK_INDRAP1"}


# -- normalisation: product decisions ------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("KOMK", " 101 ", "0101"),
        ("KOMK", 101, "0101"),
        ("CADR_VEJKOD", 8204, "8204"),
        ("HDTO", 20150228, dt.date(2015, 2, 28)),
        ("HDTO", " 2015-02-28 ", dt.date(2015, 2, 28)),
        ("CADR_ETAGE", "ST", "st"),
        ("CADR_SIDEDOER", "TV", "tv"),
        ("CADR_HUSNR", "12 b", "012B"),
        ("CADR_CONVN", " C/O José Núñez ", "c/o José Núñez"),
    ],
)
def test_accepted_and_normalised(field: str, typed: Any, stored: Any) -> None:
    """Surrounding whitespace, codes as 1-4 digits or integers, dates, etage, sidedør …"""
    report = _check({field: typed})
    assert report.ok, [f.rule for f in report.errors]
    assert report.data[field] == stored


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("HDTO", "2015-2-28"),
        ("HDTO", "2015-02-2"),
        ("HDTO", 2015228),
        ("HDTO", "2007-12-31"),
        ("PNR", "020280 2729"),
        ("PNR", "02028-02729"),
        ("KOMK", "00101"),
        ("KOMK", -1),
        ("CADR_ETAGE", "k1"),
        ("CADR_ETAGE", "3."),
        ("CADR_ETAGE", "st."),
        ("CADR_HUSNR", "1 2"),
        ("CADR_SIDEDOER", "00007"),
        ("CADR_HUSNR", []),
        ("CADR_HUSNR", {"v": "5"}),
        ("CADR_HUSNR", True),
        ("CBSK_VALG1", ["X"]),
        ("HDTO", 2015.0),
    ],
)
def test_refused_with_an_error_on_the_field(field: str, typed: Any) -> None:
    """Outside the decided forms: an error naming the field (a list, object or boolean too;
    ``[]`` is not blank; HDTO before the rule set's validity)."""
    report = _check({field: typed})
    assert not report.ok
    assert field in _fields(report)


@given(st.sampled_from(sorted(MOVE)), st.one_of(st.lists(st.integers()), st.booleans()))
def test_json_lists_and_booleans_are_errors_on_their_field(field: str, value: Any) -> None:
    """A JSON list (even ``[]``) or boolean in any field is an error on that field."""
    report = _check({field: value})
    assert field in _fields(report)


# -- properties per class -----------------------------------------------------------------
_NON_BLANK = st.text(min_size=1, max_size=6).filter(lambda t: t.strip() != "")


@given(husnr=_NON_BLANK, bnr=_NON_BLANK)
def test_husnr_and_bnr_both_non_blank_is_always_1068(husnr: str, bnr: str) -> None:
    """Whatever the two texts: both non-blank is the 1068 finding on both fields."""
    report = _check({"CADR_HUSNR": husnr, "CADR_BNR": bnr})
    pair = [f for f in report.errors if f.rule == "husnr-eller-bnr"]
    assert [f.fields for f in pair] == [("CADR_HUSNR", "CADR_BNR")]


@given(status=st.one_of(st.none(), st.text(max_size=4), st.integers(-5, 200)))
def test_stamdata_status_is_ok_only_when_active(status: Any) -> None:
    """Given stamdata, only an active statuskode (01, 03, 05, 07) lets the move through."""
    report = _check({}, stamdata={"STATUS": status})
    text = str(status).strip() if status is not None else ""
    active = (
        text.isascii()
        and text.isdigit()
        and len(text) <= 2
        and text.zfill(2)
        in (
            "01",
            "03",
            "05",
            "07",
        )
    )
    assert report.ok == active
    if not active:
        assert "STATUS" in _fields(report)


@given(komkod=st.integers(0, 9999).map(lambda n: f"{n:04d}"))
def test_a_changed_locked_kommune_is_an_error_on_it(komkod: str) -> None:
    """CADR_KOMKOD sent back: fine when it is KOMK, else an error on CADR_KOMKOD."""
    report = _check({"CADR_KOMKOD": komkod})
    assert ("CADR_KOMKOD" in _fields(report)) == (komkod != "0101")
