"""Where a rule set names fields, conditions and values: small iterators the checks share."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from cpr_rules.lint._ruleset import RuleDef, RuleSetUnit
from cpr_rules.rules import types as ftypes
from cpr_rules.rules.model import ConditionSpec, FieldSpec

__all__ = [
    "ConditionAt",
    "FieldRef",
    "check_values",
    "iter_conditions",
    "iter_field_refs",
    "iter_rule_conditions",
    "normalised",
    "rule_groups",
    "target_path",
]

Path_ = tuple[Hashable, ...]


@dataclass(frozen=True)
class FieldRef:
    """A place that names a field: ``role`` says what for (``as_of`` must be a date …)."""

    name: str
    file: str
    path: Path_
    at_key: bool = False
    role: str = "field"


def target_path(rule: RuleDef, i: int) -> Path_:
    """Where the ``i``-th target field of a rule is named."""
    spec = rule.spec
    if spec.field is not None:
        return (*rule.path, "field")
    if spec.fields is not None:
        return (*rule.path, "fields", i)
    if spec.check.at_most_one_of is not None:
        return (*rule.path, "check", "at_most_one_of", "fields", i)
    if spec.check.exists is not None:
        return (*rule.path, "check", "exists", "key", len(spec.check.exists.key) - 1)
    return (*rule.path, "when")


def _rule_refs(rule: RuleDef) -> Iterator[FieldRef]:
    spec, at = rule.spec, rule.path
    for i, name in enumerate(spec.target_fields):
        yield FieldRef(name, rule.file, target_path(rule, i), role="target")
    for cond in iter_rule_conditions(rule):
        yield FieldRef(cond.field, rule.file, cond.path, at_key=True, role="condition")
    check_at = (*at, "check", spec.check.name)
    for i, name in enumerate(getattr(spec.check.options, "fields", None) or []):
        yield FieldRef(name, rule.file, (*check_at, "fields", i))
    exists = spec.check.exists
    if exists is not None:
        for i, name in enumerate(exists.key):
            yield FieldRef(name, rule.file, (*check_at, "key", i), role="key")
        if exists.as_of is not None:
            yield FieldRef(exists.as_of, rule.file, (*check_at, "as_of"), role="as_of")
        if exists.husnr is not None:
            yield FieldRef(exists.husnr, rule.file, (*check_at, "husnr"), role="husnr")


def iter_field_refs(unit: RuleSetUnit) -> Iterator[FieldRef]:
    """Every place where the rule set names a field."""
    for fdef in [*unit.fields.values(), *unit.stamdata.values()]:
        for i, name in enumerate(fdef.spec.key or []):
            yield FieldRef(name, fdef.file, (*fdef.path, "key", i), role="key")
        default = fdef.spec.default
        for name in default.when if default is not None else {}:
            path = (*fdef.path, "default", "when", name)
            yield FieldRef(name, fdef.file, path, at_key=True, role="condition")
    for rule in unit.rules:
        yield from _rule_refs(rule)
    spec = unit.spec
    if spec is not None and spec.as_of is not None:
        yield FieldRef(spec.as_of, unit.main.name, ("as_of",), role="ruleset-as_of")
    for doc in unit.docs.values():
        address = doc.model.address if doc.model is not None else None
        for part, name in address.model_dump(exclude_none=True).items() if address else []:
            yield FieldRef(name, doc.name, ("address", part))


@dataclass(frozen=True)
class ConditionAt:
    """One condition (``field: {equals: X}``) and where it is written."""

    field: str
    condition: ConditionSpec
    file: str
    path: Path_  # of the condition's key (the field name)

    @property
    def option(self) -> str:
        """The condition keyword (``equals``)."""
        return next(k for k, v in self.condition if v is not None)

    @property
    def value(self) -> Any:
        return getattr(self.condition, self.option)


def iter_rule_conditions(rule: RuleDef) -> Iterator[ConditionAt]:
    spec = rule.spec
    for name, cond in spec.when.items():
        yield ConditionAt(name, cond, rule.file, (*rule.path, "when", name))
    for i, group in enumerate(spec.when_any):
        for name, cond in group.items():
            yield ConditionAt(name, cond, rule.file, (*rule.path, "when_any", i, name))


def iter_conditions(unit: RuleSetUnit) -> Iterator[ConditionAt]:
    """Every condition: of rules (``when``, ``when_any``) and of field defaults."""
    for fdef in [*unit.fields.values(), *unit.stamdata.values()]:
        default = fdef.spec.default
        for name, cond in default.when.items() if default is not None else []:
            yield ConditionAt(name, cond, fdef.file, (*fdef.path, "default", "when", name))
    for rule in unit.rules:
        yield from iter_rule_conditions(rule)


def rule_groups(rule: RuleDef) -> list[list[ConditionAt]]:
    """The condition groups of a rule, each an AND: ``when`` plus one ``when_any`` group."""
    when = [c for c in iter_rule_conditions(rule) if c.path[len(rule.path)] == "when"]
    anys = [c for c in iter_rule_conditions(rule) if c.path[len(rule.path)] == "when_any"]
    if not rule.spec.when_any:
        return [when]
    return [when + [c for c in anys if c.path[len(rule.path) + 1] == i]
            for i in range(len(rule.spec.when_any))]  # fmt: skip


def check_values(rule: RuleDef) -> list[tuple[Path_, Any]]:
    """The constants a rule's check compares target values with, and where they are."""
    check = rule.spec.check
    at = (*rule.path, "check", check.name)
    if check.name in ("contains", "not_contains"):
        return [((*at, "value"), check.options.value)]
    if check.name in ("one_of", "not_one_of"):
        return [((*at, "values", i), v) for i, v in enumerate(check.options.values)]
    return []


def normalised(value: Any, spec: FieldSpec) -> Any:
    """``value`` as the field normalises it (a code of a ``code_list`` as a code); raises
    :class:`~cpr_rules.adressefelter.FieldValueError` saying why it is not a value of it."""
    if spec.type in ("code_list", "beskyt"):
        spec = spec.model_copy(update={"type": "code", "digits": spec.digits or 5})
    return ftypes.normalise(value, spec)
