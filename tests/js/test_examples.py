"""Every example of every shipped rule set runs against its JavaScript module too.

The same cases as ``tests/rules/test_ruleset_examples.py`` (rule examples laid over the rule
set's ``example_base``; whole scenarios), run in Node in one batch per rule set.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from _parity import case, run_node

from cpr_rules._paths import rulesets_dir
from cpr_rules.rules import RuleSet, load_rulesets

RULESETS = load_rulesets(rulesets_dir())


def _cases(ruleset: RuleSet) -> list[tuple[str, str, Any, dict[str, Any]]]:
    """(label, kind, expected, case): kind ``rule`` expects fail/pass/undecided of one rule,
    ``scenario`` the exact set of failed (and undecided) rules."""
    base = ruleset.spec.example_base
    out = []
    for rule in ruleset.rules:
        for i, example in enumerate(rule.spec.examples):
            assert base is not None
            data = {k: v for k, v in {**base.data, **example.data}.items() if v is not None}
            stamdata = example.stamdata if "stamdata" in example.model_fields_set else base.stamdata
            today = example.today or base.today or dt.date.today()
            label = f"{rule.id}:{example.name or i}"
            out.append(
                (
                    label,
                    "rule",
                    (rule.id, example.expect),
                    case(data, stamdata, today, example.partial),
                )
            )
    for scenario in ruleset.spec.examples:
        expected = (sorted(scenario.expect), scenario.undecided)
        c = case(scenario.data, scenario.stamdata, scenario.today, scenario.partial)
        out.append((scenario.name, "scenario", expected, c))
    return out


def _outcome(report: dict[str, Any], rule_id: str) -> str:
    if any(f["rule"] == rule_id for f in report["findings"]):
        return "fail"
    if any(u["rule"] == rule_id for u in report["undecided"]):
        return "undecided"
    return "pass"


@pytest.mark.parametrize("haendelse", sorted(RULESETS))
def test_every_example_holds_in_javascript(haendelse: str) -> None:
    """Rule examples fail/pass/stay undecided, scenarios fail exactly their rules, in Node."""
    cases = _cases(RULESETS[haendelse])
    reports = run_node([c for *_, c in cases], haendelse=haendelse)[::2]  # the "da" reports
    wrong = []
    for (label, kind, expected, _), report in zip(cases, reports, strict=True):
        if kind == "rule":
            rule_id, expect = expected
            if _outcome(report, rule_id) != expect:
                wrong.append((label, expect, [f["rule"] for f in report["findings"]]))
        else:
            failed = sorted(f["rule"] for f in report["findings"])
            undecided = expected[1]
            if failed != expected[0] or (
                undecided is not None
                and sorted(u["rule"] for u in report["undecided"]) != sorted(undecided)
            ):
                wrong.append((label, expected, failed))
    assert not wrong, wrong
