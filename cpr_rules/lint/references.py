"""Checks that every name in a rule set resolves: fields, tables, rules, includes, and that
what a name refers to fits where it is used."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from cpr_rules.adressefelter import FieldValueError
from cpr_rules.lint._ruleset import RuleSetUnit
from cpr_rules.lint._walk import check_values, iter_field_refs, normalised
from cpr_rules.lint.diagnostic import Fix, Problem, lint_check
from cpr_rules.lint.fix import single_match
from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.loader import did_you_mean

__all__ = [
    "invalid_value",
    "type_mismatch",
    "unknown_field",
    "unknown_include",
    "unknown_rule",
    "unknown_table",
]

BUILTIN_RULES = (
    "input.not-object",
    "input.too-deep",
    "input.unknown-field",
    "ruleset.not-valid",
)


def _with_fix(problem: Problem, name: str, known: Sequence[str]) -> Problem:
    """The problem with a fix when exactly one known name is close to ``name``."""
    match = single_match(name, known)
    return replace(problem, fix=Fix(name, match)) if match is not None else problem


@lint_check(
    "CPRL003",
    "unknown-field",
    summary="Reports a field name that the rule set (with its includes) does not define: in a "
    "rule's `field`/`fields`, its conditions, its check's options, a field's `key` or "
    "`default`, the rule set's `as_of` or the address block. Suggests the closest name; "
    "`--fix` writes it when there is exactly one.",
    why="The validator fails closed on fields it does not know, and the loader refuses the "
    "rule set: a typo would take the whole hændelse out of service.",
    bad="""\
  - id: vejkode-ikke-hoej
    field: CADR_VEJKODE
    check: {not_between: {min: 9900, max: 9999}}
""",
    fix="Use CPR's field name as the rule set defines it (the message suggests one), or "
    "define the field.",
    good="""\
  - id: vejkode-ikke-hoej
    field: CADR_VEJKOD
    check: {not_between: {min: 9900, max: 9999}}
""",
)
def unknown_field(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    broken = unit.broken_fields
    for ref in iter_field_refs(unit):
        if ref.name in broken:
            continue
        known = list(unit.fields) if ref.role == "ruleset-as_of" else unit.known_fields
        if ref.name not in known:
            message = f"unknown field {ref.name!r}{did_you_mean(ref.name, known)}"
            problem = unit.at(ref.file, ref.path, message, at_key=ref.at_key)
            yield _with_fix(problem, ref.name, known)


@lint_check(
    "CPRL004",
    "unknown-table",
    summary="Reports a code table (a field's `table`, an `exists` check's `table`) that the "
    "code tables of the rule set do not have. Suggests the closest name; `--fix` writes it "
    "when there is exactly one.",
    why="A code field without its table has no klarskrift, and an `exists` check cannot run: "
    "the loader refuses the rule set.",
    bad="""\
  KOMK: {type: code, digits: 4, table: kommune}
""",
    fix="Name a table of `codetables/manifest.yaml`.",
    good="""\
  KOMK: {type: code, digits: 4, table: kommuner}
""",
)
def unknown_table(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.tables is None:
        return
    names = list(unit.tables)
    for fdef in [*unit.fields.values(), *unit.stamdata.values()]:
        table = fdef.spec.table
        if table is not None and table not in unit.tables:
            message = f"unknown code table {table!r}{did_you_mean(table, names)}"
            problem = unit.at(fdef.file, (*fdef.path, "table"), message)
            yield _with_fix(problem, table, names)
    for rule in unit.rules:
        exists = rule.spec.check.exists
        if exists is not None and exists.table not in unit.tables:
            message = f"unknown code table {exists.table!r}{did_you_mean(exists.table, names)}"
            problem = unit.at(rule.file, (*rule.path, "check", "exists", "table"), message)
            yield _with_fix(problem, exists.table, names)


@lint_check(
    "CPRL007",
    "unknown-rule",
    summary="Reports a rule id that names no rule: in `requires` (which must name an earlier, "
    "active rule) and in the `expect`/`undecided` lists of scenarios.",
    why="`requires` decides when a rule is blocked; a scenario's `expect` is the test that the "
    "rule set fails exactly those rules. A wrong id silently changes both.",
    bad="""\
  - id: husnr-har-postdistrikt
    requires: [vejkode-findes, vejkode-ikke-hoj]
""",
    fix="Name an earlier active rule (the message suggests one); put the rule it depends on "
    "before it.",
    good="""\
  - id: husnr-har-postdistrikt
    requires: [vejkode-findes, vejkode-ikke-hoej]
""",
)
def unknown_rule(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    known = [r.id for r in unit.rules]
    earlier: dict[str, str] = {}
    for rule in unit.rules:
        for i, dep in enumerate(rule.spec.requires):
            if earlier.get(dep) != "active" and dep not in unit.broken_rules:
                message = (
                    f"'requires' names {dep!r}, which is not an earlier active rule"
                    f"{did_you_mean(dep, known) if dep not in known else ''}"
                )
                yield unit.at(rule.file, (*rule.path, "requires", i), message)
        earlier.setdefault(rule.id, rule.spec.status)
    yield from _scenario_rules(unit, set(known))


def _scenario_rules(unit: RuleSetUnit, known: set[str]) -> Iterator[Problem]:
    for i, scenario in enumerate(unit.spec.examples if unit.spec else []):
        for key in ("expect", "undecided"):
            for j, rule_id in enumerate(getattr(scenario, key) or []):
                builtin = rule_id in BUILTIN_RULES or rule_id.endswith((".type", ".required"))
                if rule_id not in known and not builtin and rule_id not in unit.broken_rules:
                    message = f"unknown rule {rule_id!r}{did_you_mean(rule_id, known)}"
                    yield unit.at(unit.main.name, ("examples", i, key, j), message)


@lint_check(
    "CPRL008",
    "unknown-include",
    summary="Reports an `include` that names a file that does not exist or lies outside the rule "
    "set's folder, or that includes itself through other blocks.",
    why="The fields and rules of the block are missing from the rule set; the loader refuses it.",
    bad="""\
include: [_blocks/adresser.yaml]
""",
    fix="Name the block relative to the including file.",
    good="""\
include: [_blocks/adresse.yaml]
""",
)
def unknown_include(unit: RuleSetUnit) -> Iterator[Problem]:
    yield from unit.include_problems


@lint_check(
    "CPRL010",
    "type-mismatch",
    summary="Reports a field or table used where it does not fit: a check on a field type it "
    "does not apply to, an `as_of` that is not a date field, a `husnr` check on a table without "
    "husnr intervals or on a field that is not a husnr, a `key` with a different number of "
    "fields than the table's key columns.",
    why="The check cannot be compiled for that field, or would compare values that never "
    "match; the loader refuses the rule set.",
    bad="""\
  - id: hdto-mellem
    field: HDTO
    check: {between: {min: 1, max: 31}}
""",
    fix="Use a check that applies to the field's type (see the table of checks in "
    "`docs/rule-language.md`).",
    good="""\
  - id: hdto-tidligst-28-dage-foer
    field: HDTO
    check: {date_at_most: {days_after_today: 28}}
""",
)
def type_mismatch(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    for ref in iter_field_refs(unit):
        fdef = unit.field(ref.name)
        if fdef is None:
            continue
        wanted = {"as_of": "date", "ruleset-as_of": "date", "husnr": "husnr"}.get(ref.role)
        if wanted is not None and fdef.spec.type != wanted:
            role = ref.role.removeprefix("ruleset-")
            message = f"{ref.name} is a {fdef.spec.type} field; '{role}' needs a {wanted} field"
            yield unit.at(ref.file, ref.path, message)
    yield from _check_types(unit)
    yield from _table_keys(unit)


def _check_types(unit: RuleSetUnit) -> Iterator[Problem]:
    for rule in unit.rules:
        allowed = CHECKS[rule.spec.check.name].types
        for name in rule.spec.target_fields:
            fdef = unit.field(name)
            if allowed is not None and fdef is not None and fdef.spec.type not in allowed:
                message = (
                    f"check {rule.spec.check.name!r} does not apply to {name} of type "
                    f"{fdef.spec.type!r} (it applies to {', '.join(sorted(allowed))})"
                )
                yield unit.at(rule.file, (*rule.path, "check"), message)


def _table_keys(unit: RuleSetUnit) -> Iterator[Problem]:
    tables = unit.tables
    if tables is None:
        return
    for fdef in [*unit.fields.values(), *unit.stamdata.values()]:
        table = tables.get(fdef.spec.table) if fdef.spec.table else None
        if table is not None and len(fdef.spec.key or [fdef.name]) != len(table.spec.key):
            message = f"table {table.name!r} is keyed by {', '.join(table.spec.key)}"
            yield unit.at(fdef.file, (*fdef.path, "key" if fdef.spec.key else "table"), message)
    for rule in unit.rules:
        exists = rule.spec.check.exists
        table = tables.get(exists.table) if exists is not None else None
        if exists is None or table is None:
            continue
        at = (*rule.path, "check", "exists")
        if len(exists.key) != len(table.spec.key):
            message = f"table {exists.table!r} is keyed by {', '.join(table.spec.key)}"
            yield unit.at(rule.file, (*at, "key"), message)
        if exists.husnr is not None and table.spec.husnr is None:
            message = f"table {exists.table!r} has no husnr intervals"
            yield unit.at(rule.file, (*at, "husnr"), message)


@lint_check(
    "CPRL011",
    "invalid-value",
    summary="Reports a value that is not a value of its field, or not written the way the "
    "field normalises it: the `values` of `one_of`/`not_one_of`, the `value` of "
    "`contains`/`not_contains`, and a field's `default`.",
    why="A check compares the value as written with the field's normalised value: `'1'` never "
    "equals a two-digit status `'01'`, so the rule would fail or pass for every citizen.",
    bad="""\
  - id: status-aktiv
    field: STATUS
    check: {one_of: {values: ["1", "3"]}}
""",
    fix="Write the value as the field normalises it (the message says how).",
    good="""\
  - id: status-aktiv
    field: STATUS
    check: {one_of: {values: ["01", "03"]}}
""",
)
def invalid_value(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    for rule in unit.rules:
        for name in rule.spec.target_fields:
            fdef = unit.field(name)
            for path, value in check_values(rule) if fdef is not None else []:
                assert fdef is not None
                try:
                    normal = normalised(value, fdef.spec)
                except FieldValueError as exc:
                    yield unit.at(rule.file, path, f"{value!r} is not a value of {name}: {exc}")
                    continue
                if normal != value:
                    message = f"write {value!r} as {normal!r}: the check compares it with {name}"
                    yield unit.at(rule.file, path, message)
    for fdef in [*unit.fields.values(), *unit.stamdata.values()]:
        default = fdef.spec.default
        if default is not None:
            try:
                normalised(default.value, fdef.spec)
            except FieldValueError as exc:
                message = f"{default.value!r} is not a value of {fdef.name}: {exc}"
                yield unit.at(fdef.file, (*fdef.path, "default", "value"), message)
