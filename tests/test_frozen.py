"""The public value classes stay frozen values without dataclasses: equality, hash, repr,
refused assignment, pickling and ``replace`` (cpr_rules._frozen)."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest

from cpr_rules import Finding, Miss, MissReason, Personnummer, Report, Undecided
from cpr_rules._frozen import FrozenInstanceError, replace
from cpr_rules.rules import check
from cpr_rules.rules.report import Template
from cpr_rules.translator import AddressKlarskrift, Klarskrift

TODAY = dt.date(2015, 2, 1)
DATA = {"PNR": "020280-2729", "HDTO": "2015-02-28", "KOMK": "101", "CADR_VEJKOD": "8204"}


def _report() -> Report:
    return check("FLYTB-I", {**DATA, "CADR_HUSNR": "5", "CADR_BNR": "1"}, today=TODAY)


def test_a_report_is_a_frozen_value() -> None:
    """Two checks of the same submission give equal reports; fields cannot be assigned."""
    a, b = _report(), _report()
    assert a == b and a.findings == b.findings and a.findings
    assert a.data == b.data and a.data["KOMK"] == "0101"
    with pytest.raises(FrozenInstanceError):
        a.ok = True  # type: ignore[misc]
    with pytest.raises(AttributeError):
        a.findings[0].rule = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.findings[0].rule
    assert not hasattr(a, "__dict__") and not hasattr(a.findings[0], "__dict__")


def test_reprs_are_those_of_the_dataclasses() -> None:
    """``repr`` lists the fields in order (a finding without its translator)."""
    finding = _report().findings[0]
    text = repr(finding)
    assert text.startswith(f"Finding(rule={finding.rule!r}, fields={finding.fields!r}, ")
    assert "translator" not in text and text.endswith("lang='da')")
    assert repr(Undecided("r", ("A",), "missing")) == (
        "Undecided(rule='r', fields=('A',), reason='missing')"
    )
    assert repr(Personnummer("0202802729")) == "Personnummer('020280-****')"


def test_values_pickle_and_copy() -> None:
    """Reports, findings and lookup results survive pickle and copy unchanged (a finding's
    translator holds the mapped tables and a report's ``tables`` is a read-only view: neither
    pickles, as before; plain copies of them do)."""
    report = _report()
    findings = tuple(replace(f, translator=None) for f in report.findings)
    report = replace(report, findings=findings, tables=dict(report.tables))
    for value in (
        report,
        *report.findings,
        Miss("kommuner", ("0999",), MissReason.UNKNOWN, as_of=TODAY),
        Klarskrift("kommuner", ("0101",), "København"),
        AddressKlarskrift("0101", "8204", line="Vesterbrogade"),
        Personnummer("0202802729"),
        Template("da", "en"),
    ):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value and copy.deepcopy(value) == value


def test_equality_and_hash_read_the_compared_fields() -> None:
    """Equal values hash alike; another class is never equal; the translator is not compared."""
    a = Miss("kommuner", ("0999",), MissReason.UNKNOWN)
    assert a == Miss("kommuner", ("0999",), MissReason.UNKNOWN) and hash(a) == hash(
        Miss("kommuner", ("0999",), MissReason.UNKNOWN)
    )
    assert a != Miss("kommuner", ("0998",), MissReason.UNKNOWN) and a != ("kommuner",)
    finding = _report().findings[0]
    assert replace(finding, translator=None) == finding
    assert replace(finding, lang="en") != finding
    with pytest.raises(TypeError):
        replace(finding, colour="red")


def test_in_language_keeps_everything_but_the_language() -> None:
    """``Report.in_language`` re-renders the messages and keeps data and klarskrift."""
    report = _report()
    english = report.in_language("en")
    assert english.lang == "en" and all(f.lang == "en" for f in english.findings)
    assert english.data == report.data and english.klarskrift == report.klarskrift
    assert english.findings[0].message != report.findings[0].message
    assert isinstance(english.findings[0], Finding)


def test_a_report_made_by_hand_keeps_its_data() -> None:
    """``Report(...)`` keeps the ``data`` it was given (the validator's is made on first read)."""
    made = _report()
    by_hand = Report(
        made.haendelse,
        made.ruleset_version,
        made.findings,
        made.undecided,
        {"KOMK": "0101"},
        made.klarskrift,
        made.tables,
        made.today,
        made.as_of,
    )
    assert by_hand.data == {"KOMK": "0101"} and by_hand != made
    assert replace(by_hand, data=made.data) == made
