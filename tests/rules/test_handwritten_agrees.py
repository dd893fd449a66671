"""The benchmark's hand-written FLYTB-I validator gives the engine's reports, so that
``benchmarks/validate_flytb.py`` compares like with like."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cpr_rules.rules import Report, Validator

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
N = 500


def _benchmark_module(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def engine() -> Validator:
    """The engine over the shipped rule sets."""
    return Validator()


@pytest.fixture(scope="module")
def hand(engine: Validator) -> Any:
    """The hand-written validator over the same tables."""
    return _benchmark_module("_handwritten_flytb").HandwrittenFlytb(engine.tables)


@pytest.fixture(scope="module")
def submissions(engine: Validator) -> list[Any]:
    """The benchmark's generated submissions (fixed seed)."""
    return _benchmark_module("_flytb_submissions").generate(N, tables=engine.tables)


def _parts(report: Report) -> dict[str, Any]:
    return {
        "findings": [(f.rule, f.fields, f.severity, dict(f.params)) for f in report.findings],
        "messages": [f.message for f in report.findings],
        "undecided": list(report.undecided),
        "data": dict(report.data),
        "klarskrift": dict(report.klarskrift),
        "ok": report.ok,
    }


def _disagreements(engine: Validator, hand: Any, cases: list[Any], **kw: Any) -> list[Any]:
    out = []
    for i, (data, stamdata, today, *_) in enumerate(cases):
        a = engine.check("FLYTB-I", data, stamdata=stamdata, today=today, **kw)
        b = hand.check(data, stamdata=stamdata, today=today, **kw)
        if _parts(a) != _parts(b) or a != b or a.to_dict() != b.to_dict():
            out.append((i, data, stamdata, today, _parts(a), _parts(b)))
    return out


def test_generator_mix(engine: Validator, submissions: list[Any]) -> None:
    """About 70 % are valid (report ok) and every one with defects has an error."""
    valid = [s for s in submissions if not s.defects]
    assert 0.6 * N <= len(valid) <= 0.8 * N
    for s in submissions:
        report = engine.check("FLYTB-I", s.data, stamdata=s.stamdata, today=s.today)
        assert report.ok == (not s.defects), (s, [f.rule for f in report.errors])


def test_generator_is_deterministic(engine: Validator, submissions: list[Any]) -> None:
    """The same seed gives the same submissions."""
    again = _benchmark_module("_flytb_submissions").generate(50, tables=engine.tables)
    assert again == submissions[:50]


def test_reports_agree(engine: Validator, hand: Any, submissions: list[Any]) -> None:
    """Same findings (rule, fields, severity, params, message), undecided, data and klarskrift."""
    assert _disagreements(engine, hand, submissions)[:1] == []


def test_reports_agree_partial(engine: Validator, hand: Any, submissions: list[Any]) -> None:
    """They also agree on partly filled forms (partial mode: missing fields stay undecided)."""
    assert _disagreements(engine, hand, submissions, partial=True)[:1] == []


def test_reports_agree_in_english(engine: Validator, hand: Any, submissions: list[Any]) -> None:
    """They also agree with messages in English."""
    assert _disagreements(engine, hand, submissions[:100], lang="en")[:1] == []


DAY = dt.date(2015, 2, 1)
BASE = {"PNR": "0202802729", "HDTO": "2015-02-28", "KOMK": "0101", "CADR_VEJKOD": "8204"}
EDGE_CASES: list[tuple[Any, Any, dt.date]] = [
    (None, None, DAY),
    ([BASE], {"STATUS": "01"}, DAY),
    ("PNR=0202802729", None, DAY),
    ({}, None, DAY),
    ({**BASE, "CADR_HUSNR": 5}, "not a dict", DAY),
    ({**BASE, "CADR_HUSNR": "5", "HDTO": "9999-12-31"}, {"STATUS": "01"}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "HDTO": "2001-01-01"}, {"STATUS": "01"}, DAY),
    ({**BASE, "CADR_HUSNR": True, "KOMK": 101, "PNR": 202802729}, {"STATUS": 1}, DAY),
    ({**BASE, "CADR_HUSNR": [], "CADR_BNR": "  ", "CBSK_VALG1": ["X"]}, {"BESKYT": []}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CBSK_VALG1": "x"}, {"STATUS": "01", "BESKYT": "1"}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CBSK_VALG2": "S", "CBSK_VALG1": "S"}, {"BESKYT": "1,2"}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CBSK_VALG2": "S"}, {"STATUS": "01", "BESKYT": {"a": 1}}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CBSK_VALG1": "Q", "CBSK_ANTALAAR1": "3"}, None, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CBSK_VALG1": "X", "CBSK_ANTALAAR1": "x"}, None, DAY),
    ({**BASE, "CADR_HUSNR": "x", "CADR_BNR": "12"}, None, DAY),
    ({**BASE, "CADR_HUSNR": "x", "CADR_VEJKOD": "9901"}, None, DAY),
    ({**BASE, "CADR_HUSNR": "5", "KOMK": "0999", "HDTO": "2026-11-26"}, None, dt.date(2026, 11, 1)),
    ({**BASE, "CADR_HUSNR": "999", "HDTO": "2026-11-26"}, None, dt.date(2026, 11, 1)),
    ({**BASE, "HDTO": "", "CADR_HUSNR": "5", 7: "seven", "x" * 100: 1}, {"I_VENT_MRK": "y"}, DAY),
    ({**BASE, "STATUS": "90", "CADR_STARTDATOUSM": "*", "CADR_CONVN": "c/o Ærø"}, None, DAY),
]


@pytest.mark.parametrize("partial", [False, True])
def test_edge_cases_agree(engine: Validator, hand: Any, partial: bool) -> None:
    """They agree on odd input: not an object, wrong JSON types, blanks, odd stamdata."""
    assert _disagreements(engine, hand, EDGE_CASES, partial=partial)[:1] == []
