"""Checks for rules that cannot work: conditions that can never hold, checks whose outcome the
conditions already decide, and pairs of rules that no value can satisfy together
(:mod:`cpr_rules.lint._domain` does the reasoning)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cpr_rules.adressefelter import FieldValueError
from cpr_rules.lint._domain import ANY, Values, condition_values, verdict
from cpr_rules.lint._ruleset import RuleDef, RuleSetUnit
from cpr_rules.lint._walk import ConditionAt, iter_conditions, normalised, rule_groups
from cpr_rules.lint.diagnostic import Problem, lint_check
from cpr_rules.rules.model import FieldSpec

__all__ = ["check_outcome_fixed", "contradicting_rules", "impossible_condition"]

_NEGATED = ("not_equals", "not_contains", "not_one_of")
_LIST_TYPES = ("code_list", "beskyt")


def _raw_constants(cond: ConditionAt) -> list[tuple[tuple[Any, ...], Any]]:
    if cond.option in ("one_of", "not_one_of"):
        return [((cond.option, i), v) for i, v in enumerate(cond.value)]
    if cond.option in ("filled", "blank"):
        return []
    return [((cond.option,), cond.value)]


def _constants(cond: ConditionAt, spec: FieldSpec) -> list[Any] | None:
    """The condition's constants, normalised; None if one is not a value of the field."""
    try:
        return [normalised(v, spec) for _, v in _raw_constants(cond)]
    except FieldValueError:
        return None


def _type_problems(unit: RuleSetUnit, cond: ConditionAt, spec: FieldSpec) -> Iterator[Problem]:
    option, is_list = cond.option, spec.type in _LIST_TYPES
    at = (*cond.path, option)
    outcome = "always holds" if option in _NEGATED else "can never hold"
    if option in ("contains", "not_contains") and not is_list:
        message = (
            f"'{option}' applies to code_list fields; {cond.field} is a {spec.type} field, so "
            f"it would test for a part of the text (use equals or one_of)"
        )
        yield unit.at(cond.file, at, message)
    elif option in ("equals", "not_equals", "one_of", "not_one_of") and is_list:
        message = (
            f"'{option}' compares the code list {cond.field} with one code, so it {outcome} "
            "(use contains or not_contains)"
        )
        yield unit.at(cond.file, at, message)
    for path, value in _raw_constants(cond):
        try:
            normalised(value, spec)
        except FieldValueError as exc:
            hint = f" ({', '.join(spec.values)})" if spec.values else ""
            message = f"{value!r} is not a value of {cond.field}{hint}: {exc}; it {outcome}"
            yield unit.at(cond.file, (*cond.path, *path), message)


def _universe(spec: FieldSpec) -> Values:
    return Values(allowed=frozenset(spec.values)) if spec.type == "choice" and spec.values else ANY


def _values(unit: RuleSetUnit, cond: ConditionAt) -> Values:
    """What a condition allows (a condition already reported as ill-typed allows anything)."""
    fdef = unit.field(cond.field)
    if fdef is None:
        return ANY
    constants = _constants(cond, fdef.spec)
    mismatched = (fdef.spec.type in _LIST_TYPES) != (cond.option in ("contains", "not_contains"))
    if cond.option not in ("filled", "blank") and (constants is None or mismatched):
        return ANY
    return condition_values(cond.condition, constants or [])


def group_values(unit: RuleSetUnit, group: list[ConditionAt]) -> tuple[dict[str, Values], int]:
    """Each field's values under a group of conditions, and the index of the condition that
    made them empty (-1 when the group can hold)."""
    found: dict[str, Values] = {}
    for i, cond in enumerate(group):
        fdef = unit.field(cond.field)
        start = found.get(cond.field) or (_universe(fdef.spec) if fdef else ANY)
        found[cond.field] = start.meet(_values(unit, cond))
        if found[cond.field].is_empty:
            return found, i
    return found, -1


def _describe(cond: ConditionAt) -> str:
    if cond.option in ("filled", "blank"):
        return "filled" if (cond.option == "filled") == bool(cond.value) else "blank"
    return f"{cond.option} {cond.value!r}"


@lint_check(
    "CPRL023",
    "impossible-condition",
    summary="Reports a condition that contradicts its field's type (a value the field cannot "
    "have, `contains` on a field that is not a code list, `equals` on one that is) or another "
    "condition of the same group (`when` together with a `when_any` group): the rule, or that "
    "group, can never fire.",
    why="A rule that never fires protects nothing, and nobody notices: its examples may even pass.",
    bad="""\
  - id: slet-adressebeskyttelse
    field: CBSK_VALG1
    when: {CBSK_VALG1: {equals: Y}}
    check: {forbidden: {}}
""",
    fix="Compare with a value the field can have (the message lists them), and make the "
    "conditions of a group compatible.",
    good="""\
  - id: slet-adressebeskyttelse
    field: CBSK_VALG1
    when: {CBSK_VALG1: {equals: S}}
    check: {forbidden: {}}
""",
)
def impossible_condition(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    for cond in iter_conditions(unit):
        fdef = unit.field(cond.field)
        if fdef is not None:
            yield from _type_problems(unit, cond, fdef.spec)
    for rule in unit.rules:
        yield from _dead_groups(unit, rule)


def _dead_groups(unit: RuleSetUnit, rule: RuleDef) -> Iterator[Problem]:
    groups = rule_groups(rule)
    dead = [(group, group_values(unit, group)[1]) for group in groups]
    dead = [(group, i) for group, i in dead if i >= 0]
    for group, i in dead:
        cond = group[i]
        others = [_describe(c) for c in group[:i] if c.field == cond.field]
        outcome = (
            f"rule {rule.id!r} can never fire"
            if len(dead) == len(groups)
            else "this when_any group can never hold"
        )
        both = " and ".join([*others, _describe(cond)])
        message = f"{cond.field} cannot be {both}: {outcome}"
        yield unit.at(cond.file, cond.path, message, at_key=True)


def _rule_verdict(unit: RuleSetUnit, rule: RuleDef, values: dict[str, Values]) -> str | None:
    check = rule.spec.check
    fields = {n: unit.field(n) for n in rule.spec.target_fields}
    known = {n: values.get(n) or _universe(f.spec) for n, f in fields.items() if f is not None}
    if len(known) != len(fields):
        return None
    if check.name == "at_most_one_of":
        must = sum(not v.blank and v.can_be_filled for v in known.values())
        may = sum(v.can_be_filled for v in known.values())
        return "fails" if must > 1 else "passes" if may <= 1 else None
    found = [verdict(check, known[n], f.spec) for n, f in fields.items() if f is not None]
    if "fails" in found:
        return "fails"
    return "passes" if all(v == "passes" for v in found) else None


@lint_check(
    "CPRL024",
    "check-outcome-fixed",
    summary="Reports a rule whose check can never fail, or can never pass, given its own "
    "conditions and its fields' types: `filled` on a field that `when` says is blank, `one_of` "
    "with every value the field can have, `blank` on a field the conditions require filled. "
    "(`forbidden` fails whenever it applies; that is what it is for.)",
    why="A check that cannot fail is dead code; one that cannot pass is a `forbidden` rule "
    "in disguise, and its message will not describe the real problem.",
    bad="""\
  - id: antal-aar-udfyldt
    field: CBSK_ANTALAAR1
    when: {CBSK_ANTALAAR1: {blank: true}}
    check: {filled: {}}
""",
    fix="Say what is not allowed with `forbidden`, or correct the condition.",
    good="""\
  - id: antal-aar-udfyldt
    field: CBSK_ANTALAAR1
    when: {CBSK_VALG1: {equals: X}}
    check: {filled: {}}
""",
)
def check_outcome_fixed(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    for rule in unit.active_rules():
        if rule.spec.check.name == "forbidden":
            continue
        verdicts = []
        for group in rule_groups(rule):
            values, dead = group_values(unit, group)
            if dead < 0:
                verdicts.append(_rule_verdict(unit, rule, values))
        if verdicts and all(v == "passes" for v in verdicts):
            message = f"check {rule.spec.check.name!r} of rule {rule.id!r} can never fail here"
            yield unit.at(rule.file, (*rule.path, "check"), message)
        elif verdicts and all(v == "fails" for v in verdicts):
            message = (
                f"check {rule.spec.check.name!r} of rule {rule.id!r} fails whenever the rule "
                "applies: say what is not allowed with 'forbidden'"
            )
            yield unit.at(rule.file, (*rule.path, "check"), message)


def _apart(one: Any, two: Any) -> bool:
    """Whether two ``min``..``max`` ranges have no number in common."""
    return bool(max(one.min, two.min) > min(one.max, two.max))


def _clash(a: RuleDef, b: RuleDef) -> str | None:
    """Why no filled value satisfies both checks, if none does."""
    ca, cb = a.spec.check, b.spec.check
    pair = {ca.name, cb.name}
    if pair == {"filled", "blank"}:
        return "one requires it filled, the other blank"
    if ca.name == cb.name == "one_of" and not set(ca.options.values) & set(cb.options.values):
        return "their one_of values have nothing in common"
    if pair == {"one_of", "not_one_of"}:
        allowed, denied = (ca, cb) if ca.name == "one_of" else (cb, ca)
        if set(allowed.options.values) <= set(denied.options.values):
            return "every value one allows, the other denies"
    if ca.name == cb.name == "between" and _apart(ca.options, cb.options):
        return "their between ranges do not meet"
    if pair == {"between", "not_between"}:
        inside, outside = (ca, cb) if ca.name == "between" else (cb, ca)
        if outside.options.min <= inside.options.min <= inside.options.max <= outside.options.max:
            return "every number one allows, the other denies"
    if pair == {"contains", "not_contains"} and ca.options.value == cb.options.value:
        return f"one requires {ca.options.value!r} in the list, the other forbids it"
    return None


def _together(a: RuleDef, b: RuleDef) -> bool:
    """Whether two rules apply under the same conditions at some time."""
    va, vb = a.spec.valid, b.spec.valid
    same_time = va is None or vb is None or va.overlaps(vb)
    return a.spec.when == b.spec.when and a.spec.when_any == b.spec.when_any and same_time


@lint_check(
    "CPRL025",
    "contradicting-rules",
    summary="Reports two active rules on the same field, with the same conditions and "
    "overlapping validity, that no value satisfies together: `filled` and `blank`, `one_of` "
    "lists with nothing in common, `between` ranges that do not meet, `one_of` against a "
    "`not_one_of` that denies all of it, `contains` against `not_contains` of the same code.",
    why="Every submission that reaches the two rules fails one of them: the citizen cannot "
    "win, whatever they type.",
    bad="""\
  - id: antal-aar-1
    field: CBSK_ANTALAAR1
    check: {between: {min: 1, max: 1}}
  - id: antal-aar-5
    field: CBSK_ANTALAAR1
    check: {between: {min: 5, max: 10}}
""",
    fix="Decide which rule is right and remove or correct the other.",
    good="""\
  - id: antal-aar-1
    field: CBSK_ANTALAAR1
    check: {between: {min: 1, max: 10}}
""",
)
def contradicting_rules(unit: RuleSetUnit) -> Iterator[Problem]:
    active = [r for r in unit.active_rules() if r.spec.check.name != "forbidden"]
    for i, rule in enumerate(active):
        for earlier in active[:i]:
            shared = set(rule.spec.target_fields) & set(earlier.spec.target_fields)
            if earlier.id == rule.id or not shared or not _together(earlier, rule):
                continue
            why = _clash(earlier, rule)
            if why is not None:
                line = unit.line_of(earlier.file, earlier.path)
                message = (
                    f"rule {rule.id!r} contradicts rule {earlier.id!r} ({earlier.file}:{line}) "
                    f"on {', '.join(sorted(shared))}: {why}"
                )
                yield unit.at(rule.file, (*rule.path, "check"), message)
