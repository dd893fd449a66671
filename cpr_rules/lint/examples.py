"""Checks that every rule is shown by examples, and that every example holds: rule examples
and scenarios run through the compiled rule set, as ``tests/rules/test_ruleset_examples.py``
runs the shipped ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator
from typing import Any

from cpr_rules._today import danish_today
from cpr_rules.lint._compiled import compiled, outcome, run
from cpr_rules.lint._ruleset import RuleSetUnit
from cpr_rules.lint.diagnostic import Problem, lint_check
from cpr_rules.rules.compiler import CompiledRuleSet
from cpr_rules.rules.loader import did_you_mean
from cpr_rules.rules.model import RuleExample

__all__ = [
    "example_fails",
    "missing_example_outcome",
    "rule_without_examples",
    "unknown_example_field",
]


@lint_check(
    "CPRL009",
    "unknown-example-field",
    summary="Reports a field or stamdata name in an example (`example_base`, a rule example, a "
    "scenario) that the rule set does not define. A scenario may name unknown fields only when "
    "it expects `input.unknown-field`.",
    why="The validator reports unknown input fields and ignores unknown stamdata, so the "
    "example silently tests something else than its author meant: a passing example may pass "
    "only because the misspelt field was never read.",
    bad="""\
    examples:
      - {data: {CADR_HUSNR: "5", CADR_BNRR: "0101"}, expect: pass}
""",
    fix="Use the field names the rule set defines (the message suggests one).",
    good="""\
    examples:
      - {data: {CADR_HUSNR: "5", CADR_BNR: "0101"}, expect: fail}
""",
)
def unknown_example_field(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    spec = unit.spec
    if spec is not None and spec.example_base is not None:
        yield from _example_names(unit, unit.main.name, ("example_base",), spec.example_base)
    for rule in unit.rules:
        for i, example in enumerate(rule.spec.examples):
            yield from _example_names(unit, rule.file, (*rule.path, "examples", i), example)
    for i, scenario in enumerate(spec.examples if spec is not None else []):
        at: tuple[Hashable, ...] = ("examples", i)
        if isinstance(scenario.data, dict) and "input.unknown-field" not in scenario.expect:
            yield from _names(unit, unit.main.name, (*at, "data"), scenario.data, unit.fields)
        yield from _names(unit, unit.main.name, (*at, "stamdata"), scenario.stamdata, unit.stamdata)


def _example_names(
    unit: RuleSetUnit, file: str, at: tuple[Hashable, ...], example: RuleExample
) -> Iterator[Problem]:
    yield from _names(unit, file, (*at, "data"), example.data, unit.fields)
    yield from _names(unit, file, (*at, "stamdata"), example.stamdata, unit.stamdata)


def _names(
    unit: RuleSetUnit, file: str, at: tuple[Hashable, ...], given: Any, known: dict[str, Any]
) -> Iterator[Problem]:
    what = "stamdata field" if at[-1] == "stamdata" else "field"
    for name in given if isinstance(given, dict) else {}:
        if name not in known and name not in unit.broken_fields:
            message = f"unknown {what} {name!r}{did_you_mean(name, known)}"
            yield unit.at(file, (*at, name), message, at_key=True)


@lint_check(
    "CPRL017",
    "rule-without-examples",
    summary="Reports an active rule without `examples`.",
    why="Examples are the rule's tests (STYLE.md: every example is executable) and its best "
    "documentation: without them nobody can tell that the rule does what its message says.",
    bad="""\
  - id: husnr-eller-bnr
    check: {at_most_one_of: {fields: [CADR_HUSNR, CADR_BNR]}}
    message: {da: "…", en: "…"}
    source: "bilag 13 (fejl 1068)"
""",
    fix="Add at least one passing and one failing example, laid over `example_base`.",
    good="""\
    examples:
      - {data: {CADR_HUSNR: "5"}, expect: pass}
      - {data: {CADR_HUSNR: "5", CADR_BNR: "0101"}, expect: fail}
""",
)
def rule_without_examples(unit: RuleSetUnit) -> Iterator[Problem]:
    for rule in unit.active_rules():
        if not rule.spec.examples:
            yield unit.at(rule.file, (*rule.path, "id"), f"rule {rule.id!r} has no examples")


@lint_check(
    "CPRL018",
    "missing-example-outcome",
    summary="Reports an active rule whose examples are all of one kind: none with "
    "`expect: fail`, or none with `expect: pass`.",
    why="A rule whose examples never fail is not shown to catch anything; one whose examples "
    "never pass may reject every submission.",
    bad="""\
    examples:
      - {data: {CADR_HUSNR: "5"}, expect: pass}
""",
    fix="Add the missing kind of example.",
    good="""\
    examples:
      - {data: {CADR_HUSNR: "5"}, expect: pass}
      - {data: {CADR_HUSNR: "5", CADR_BNR: "0101"}, expect: fail}
""",
)
def missing_example_outcome(unit: RuleSetUnit) -> Iterator[Problem]:
    for rule in unit.active_rules():
        given = {e.expect for e in rule.spec.examples}
        for wanted in ("fail", "pass") if given else ():
            if wanted not in given:
                message = f"rule {rule.id!r} has no example with 'expect: {wanted}'"
                yield unit.at(rule.file, (*rule.path, "examples"), message, at_key=True)


@lint_check(
    "CPRL019",
    "example-fails",
    summary="Runs every rule example (laid over `example_base`) and every scenario through the "
    "compiled rule set, and reports each whose outcome differs from its `expect` (and "
    "`undecided`), and an `example_base` that is not a clean submission.",
    why="An example that does not hold is either a wrong example or a wrong rule; both mislead "
    "the next author, and the test suite of the rule set fails.",
    bad="""\
    check: {one_of: {values: ["01", "03"]}}
    examples:
      - {stamdata: {STATUS: "05"}, expect: pass}
""",
    fix="Correct the example, or the rule if the example is right.",
    good="""\
    check: {one_of: {values: ["01", "03", "05", "07"]}}
    examples:
      - {stamdata: {STATUS: "05"}, expect: pass}
""",
)
def example_fails(unit: RuleSetUnit) -> Iterator[Problem]:
    program = compiled(unit)
    spec = unit.spec
    if program is None or spec is None:
        return
    base = spec.example_base
    if base is not None:
        yield from _base_is_clean(unit, program, base)
    for rule in unit.rules:
        if base is None and rule.spec.examples:
            message = "rule examples are laid over 'example_base', which the rule set lacks"
            yield unit.at(rule.file, (*rule.path, "examples"), message, at_key=True)
            continue
        for i, example in enumerate(rule.spec.examples):
            at = (*rule.path, "examples", i)
            assert base is not None
            got = outcome(program, rule.id, *_merged(base, example))
            if got != example.expect and rule.spec.status == "active":
                label = f"example {example.name!r}" if example.name else f"example {i + 1}"
                message = f"{label} expects {example.expect}, but rule {rule.id!r} {_verb(got)}"
                yield unit.at(rule.file, at, message)
    yield from _scenarios(unit, program)


def _verb(got: str) -> str:
    return {"fail": "fails", "pass": "passes", "undecided": "is undecided"}.get(got, got)


def _merged(base: RuleExample, example: RuleExample) -> tuple[Any, Any, dt.date, bool]:
    data = {k: v for k, v in {**base.data, **example.data}.items() if v is not None}
    stamdata = example.stamdata if "stamdata" in example.model_fields_set else base.stamdata
    return data, stamdata, example.today or base.today or danish_today(), example.partial


def _base_is_clean(
    unit: RuleSetUnit, program: CompiledRuleSet, base: RuleExample
) -> Iterator[Problem]:
    failed, undecided = run(program, base.data, base.stamdata, base.today or danish_today())
    if failed or undecided:
        message = "example_base is not a clean submission: it " + "; ".join(
            [f"fails {', '.join(failed)}"] * bool(failed)
            + [f"leaves {', '.join(undecided)} undecided"] * bool(undecided)
        )
        yield unit.at(unit.main.name, ("example_base",), message, at_key=True)


def _scenarios(unit: RuleSetUnit, program: CompiledRuleSet) -> Iterator[Problem]:
    for i, scenario in enumerate(unit.spec.examples if unit.spec else []):
        failed, undecided = run(
            program, scenario.data, scenario.stamdata, scenario.today, scenario.partial
        )
        problems = _differs("fails", sorted(scenario.expect), failed)
        if scenario.undecided is not None:
            problems += _differs("leaves undecided", sorted(scenario.undecided), undecided)
        if problems:
            message = f"scenario {scenario.name!r}: " + "; ".join(problems)
            yield unit.at(unit.main.name, ("examples", i), message)


def _differs(verb: str, expected: list[str], got: list[str]) -> list[str]:
    if expected == got:
        return []
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    parts = [f"expected {verb} {', '.join(missing)} but it does not"] * bool(missing)
    parts += [f"also {verb} {', '.join(extra)}"] * bool(extra)
    return parts or [f"{verb} {', '.join(got)} (expected {', '.join(expected)})"]
