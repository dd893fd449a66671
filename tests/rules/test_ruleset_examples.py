"""Every example in every shipped rule set runs as a test (STYLE.md: examples are executable).

Rule examples: the example's ``data``/``stamdata``/``today`` are laid over the rule set's
``example_base`` (a valid submission) and the rule must fail, pass or stay undecided as stated.
Scenarios: a whole submission must fail exactly the listed rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cpr_rules._paths import rulesets_dir
from cpr_rules.rules import Report, RuleSet, Validator, load_rulesets
from cpr_rules.rules.model import RuleExample

RULESETS = load_rulesets(rulesets_dir())


@pytest.fixture(scope="module")
def validator() -> Validator:
    """One validator over the shipped rule sets."""
    return Validator()


def _rule_cases() -> list[Any]:
    cases = []
    for name, ruleset in RULESETS.items():
        for rule in ruleset.rules:
            for i, example in enumerate(rule.spec.examples):
                label = example.name or f"{example.expect} {i}"
                cases.append(
                    pytest.param(ruleset, rule.id, example, id=f"{name}:{rule.id}:{label}")
                )
    return cases


def _merge(ruleset: RuleSet, example: RuleExample) -> tuple[dict[str, Any], Any, dt.date]:
    base = ruleset.spec.example_base
    assert base is not None, f"{ruleset.haendelse} has rule examples but no example_base"
    data = {k: v for k, v in {**base.data, **example.data}.items() if v is not None}
    given = "stamdata" in example.model_fields_set
    stamdata = example.stamdata if given else base.stamdata
    return data, stamdata, example.today or base.today or dt.date.today()


def _outcome(report: Report, rule_id: str) -> str:
    if any(f.rule == rule_id for f in report.findings):
        return "fail"
    if any(u.rule == rule_id for u in report.undecided):
        return "undecided"
    return "pass"


@pytest.mark.parametrize(("ruleset", "rule_id", "example"), _rule_cases())
def test_rule_example(
    validator: Validator, ruleset: RuleSet, rule_id: str, example: RuleExample
) -> None:
    """A rule example fails, passes or stays undecided as its rule file says."""
    data, stamdata, today = _merge(ruleset, example)
    report = validator.check(
        ruleset.haendelse, data, stamdata=stamdata, today=today, partial=example.partial
    )
    assert _outcome(report, rule_id) == example.expect, [f.rule for f in report.findings]


def test_example_base_is_clean(validator: Validator) -> None:
    """Each rule set's example_base is a valid submission with no findings at all."""
    for ruleset in RULESETS.values():
        base = ruleset.spec.example_base
        assert base is not None
        report = validator.check(
            ruleset.haendelse, dict(base.data), stamdata=base.stamdata, today=base.today
        )
        assert report.findings == (), [f.rule for f in report.findings]
        assert report.undecided == ()


def _scenarios() -> list[Any]:
    return [
        pytest.param(ruleset, scenario, id=f"{name}:{scenario.name}")
        for name, ruleset in RULESETS.items()
        for scenario in ruleset.spec.examples
    ]


@pytest.mark.parametrize(("ruleset", "scenario"), _scenarios())
def test_scenario(validator: Validator, ruleset: RuleSet, scenario: Any) -> None:
    """A scenario fails exactly the rules it lists (in any order), and reports all at once."""
    report = validator.check(
        ruleset.haendelse,
        scenario.data,
        stamdata=scenario.stamdata,
        today=scenario.today,
        partial=scenario.partial,
    )
    assert sorted(f.rule for f in report.findings) == sorted(scenario.expect)
    if scenario.undecided is not None:
        assert sorted(u.rule for u in report.undecided) == sorted(scenario.undecided)


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    """Rule authors give each rule at least one failing and one passing example."""
    for ruleset in RULESETS.values():
        for rule in ruleset.rules:
            expects = {e.expect for e in rule.spec.examples}
            assert {"fail", "pass"} <= expects, f"{rule.source} {rule.id}: {expects}"
