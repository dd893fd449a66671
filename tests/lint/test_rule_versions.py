"""Versions of one rule: the same id, each version with a `valid` period of its own.

The loader accepts them when the periods do not overlap, the compiler applies the version
valid as of the rule set's ``as_of`` date (a version outside its period is neither checked nor
undecided), and ``requires`` on a versioned rule follows whichever version applies.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cpr_rules.errors import RuleSetError
from cpr_rules.lint._compiled import run
from cpr_rules.rules import compile_ruleset, load_ruleset
from cpr_rules.rules.model import Validity
from cpr_rules.tables import CodeTables

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONS = FIXTURES / "CPRL012" / "good.rule-versions.yaml"
OVERLAP = FIXTURES / "CPRL027" / "bad.versions-overlap.yaml"
TODAY = dt.date(2026, 12, 20)


def _failed(tables: CodeTables, path: Path, data: dict[str, object]) -> list[str]:
    program = compile_ruleset(load_ruleset(path, tables), tables)
    base = {"KOMK": "0101", "CBSK_VALG1": "X"}
    return run(program, {**base, **data}, {"STATUS": "01"}, TODAY)[0]


@pytest.mark.parametrize(
    ("hdto", "years", "fails"),
    [
        ("2026-12-31", 1, False),
        ("2026-12-31", 2, True),  # the first version: 1 year at most
        ("2027-01-01", 2, False),  # the second version: up to 5 years
        ("2027-01-01", 6, True),
    ],
)
def test_the_version_valid_as_of_the_date_applies(
    tables: CodeTables, hdto: str, years: int, fails: bool
) -> None:
    """Each version applies in its own period, under the rule's one id."""
    failed = _failed(tables, VERSIONS, {"HDTO": hdto, "CBSK_ANTALAAR1": years})
    assert failed == (["antal-aar"] if fails else [])


def test_versions_share_the_rule_id(tables: CodeTables) -> None:
    """Both versions are loaded and compiled; findings name the one id."""
    ruleset = load_ruleset(VERSIONS, tables)
    assert [r.id for r in ruleset.rules].count("antal-aar") == 2


def test_overlapping_versions_do_not_load(tables: CodeTables) -> None:
    """Two versions valid on the same day are a duplicate rule id for the loader."""
    with pytest.raises(RuleSetError, match="versions of one rule need 'valid' periods"):
        load_ruleset(OVERLAP, tables)


def test_a_version_outside_its_period_is_not_undecided(tables: CodeTables) -> None:
    """With the year count missing in partial mode, only the version in force is undecided."""
    program = compile_ruleset(load_ruleset(VERSIONS, tables), tables)
    data = {"KOMK": "0101", "CBSK_VALG1": "X", "HDTO": "2027-02-01"}
    failed, undecided = run(program, data, {"STATUS": "01"}, TODAY, partial=True)
    assert (failed, undecided) == ([], ["antal-aar"])


@pytest.mark.parametrize(
    ("one", "two", "overlaps"),
    [
        ({"to": "2027-01-01"}, {"from": "2027-01-01"}, False),
        ({"to": "2027-01-02"}, {"from": "2027-01-01"}, True),
        ({}, {"from": "2027-01-01"}, True),
        ({"from": "2027-01-01", "to": "2026-01-01"}, {}, False),  # an empty period
    ],
)
def test_validity_overlaps(one: dict[str, str], two: dict[str, str], overlaps: bool) -> None:
    """``to`` is exclusive: a version may start on the day the previous one ends."""
    a, b = Validity.model_validate(one), Validity.model_validate(two)
    assert a.overlaps(b) is overlaps
    assert b.overlaps(a) is overlaps
