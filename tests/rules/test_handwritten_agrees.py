"""Two readings of the sources agree: the engine over ``rulesets/FLYTB-I.yaml`` and the
hand-written FLYTB-I checker in ``benchmarks/`` (which imports nothing of ``cpr_rules`` but the
code tables' folder) give the same ``ok``, error fields and warning fields on every submission."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpr_rules.rules import Report, Validator

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
N = 2500  # random submissions through both (issue 9: at least 2,000 in CI)


def _benchmark_module(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def engine() -> Validator:
    """The engine over the shipped rule sets."""
    return Validator()


@pytest.fixture(scope="module")
def hand() -> Any:
    """The hand-written checker, reading the shipped CSV files itself."""
    return _benchmark_module("_handwritten_flytb").FlytbChecker()


@pytest.fixture(scope="module")
def submissions(engine: Validator) -> list[Any]:
    """The benchmark's generated submissions (fixed seed)."""
    return _benchmark_module("_flytb_submissions").generate(N, tables=engine.tables)


def verdict(report: Report) -> tuple[bool, frozenset[str], frozenset[str]]:
    """What the hand-written checker answers: ok, error fields, warning fields."""
    errors = frozenset(f for finding in report.errors for f in finding.fields)
    warnings = frozenset(f for finding in report.warnings for f in finding.fields)
    return report.ok, errors, warnings


def _disagreements(engine: Validator, hand: Any, cases: list[Any]) -> list[Any]:
    out = []
    for i, (data, stamdata, today, *_) in enumerate(cases):
        a = verdict(engine.check("FLYTB-I", data, stamdata=stamdata, today=today))
        b = tuple(hand.check(data, stamdata, today))
        if a != b:
            out.append((i, data, stamdata, today, a, b))
    return out


def test_hand_written_checker_is_independent() -> None:
    """It imports nothing of cpr_rules but the code tables' folder (``cpr_rules._paths``)."""
    tree = ast.parse((BENCHMARKS / "_handwritten_flytb.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert {m for m in imported if m.startswith("cpr_rules")} == {"cpr_rules._paths"}


def test_generator_mix(engine: Validator, submissions: list[Any]) -> None:
    """Valid ones and ones with defects both occur often; every defect makes an error."""
    valid = [s for s in submissions if not s.defects]
    chaos = [s for s in submissions if s.defects == ("chaos",)]
    assert 0.4 * N <= len(valid) <= 0.8 * N
    assert 0.05 * N <= len(chaos) <= 0.2 * N
    for s in submissions:
        if s.defects != ("chaos",):
            report = engine.check("FLYTB-I", s.data, stamdata=s.stamdata, today=s.today)
            assert report.ok == (not s.defects), (s, [f.rule for f in report.errors])


def test_generator_is_deterministic(engine: Validator, submissions: list[Any]) -> None:
    """The same seed gives the same submissions."""
    again = _benchmark_module("_flytb_submissions").generate(50, tables=engine.tables)
    assert again == submissions[:50]


def test_verdicts_agree(engine: Validator, hand: Any, submissions: list[Any]) -> None:
    """Same ok, error fields and warning fields on every generated submission."""
    assert _disagreements(engine, hand, submissions)[:3] == []


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
    ({**BASE, "CADR_HUSNR": "５", "KOMK": "٠١٠١"}, {"STATUS": "０1"}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CADR_KOMKOD": "147", "CADR_STARTDATO": "20150227"}, None, DAY),
    ({**BASE, "CADR_BNR": "0101", "KOMK": "0956", "CADR_VEJKOD": "0001"}, {"STATUS": "05"}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CBSK_VALG3": "S", "CBSK_VALG2": "?"}, {"BESKYT": "X"}, DAY),
    ({**BASE, "CADR_HUSNR": "5", "CBSK_ANTALAAR2": "2", "CBSK_ANTALAAR3": "-"}, None, DAY),
]


def test_edge_cases_agree(engine: Validator, hand: Any) -> None:
    """They agree on odd input: not an object, wrong JSON types, blanks, odd stamdata."""
    assert _disagreements(engine, hand, EDGE_CASES)[:3] == []


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_verdicts_agree_on_any_seed(engine: Validator, hand: Any, seed: int) -> None:
    """Beyond the fixed seed: any seed's submissions (25 each) get the same verdicts."""
    cases = _benchmark_module("_flytb_submissions").generate(25, seed=seed, tables=engine.tables)
    assert _disagreements(engine, hand, cases)[:1] == []
