"""Reference checks of a loaded rule set: every field, table, column and check must exist and
fit. Each problem is a :class:`RuleSetError` at the position of the offending value."""

from __future__ import annotations

from collections.abc import Hashable

from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.loader import LoadedRule, RuleSet, did_you_mean
from cpr_rules.rules.model import FieldSpec
from cpr_rules.tables import CodeTables

__all__ = ["check_references"]

BUILTIN_RULES = ("input.not-object", "input.unknown-field")


def _fail(ruleset: RuleSet, file: str, path: tuple[Hashable, ...], message: str) -> Exception:
    return ruleset.positions[file].error(path, message)


def _field(ruleset: RuleSet, name: str, file: str, path: tuple[Hashable, ...]) -> FieldSpec:
    spec = ruleset.fields.get(name) or ruleset.stamdata.get(name)
    if spec is None:
        known = [*ruleset.fields, *ruleset.stamdata]
        raise _fail(ruleset, file, path, f"unknown field {name!r}{did_you_mean(name, known)}")
    return spec


def _table(
    ruleset: RuleSet, tables: CodeTables, name: str, file: str, path: tuple[Hashable, ...]
) -> None:
    if name not in tables:
        raise _fail(ruleset, file, path, f"unknown code table {name!r}{did_you_mean(name, tables)}")


def _check_fields(ruleset: RuleSet, tables: CodeTables) -> None:
    for section in ("keys", "fields", "stamdata"):
        for name, spec in getattr(ruleset.spec, section).items():
            path: tuple[Hashable, ...] = (section, name)
            if spec.table is not None:
                _table(ruleset, tables, spec.table, ruleset.file, (*path, "table"))
                width = len(tables[spec.table].spec.key)
                if len(spec.key or [name]) != width:
                    raise _fail(
                        ruleset,
                        ruleset.file,
                        (*path, "key"),
                        f"table {spec.table!r} has {width} key column(s): "
                        f"{', '.join(tables[spec.table].spec.key)}",
                    )
            for i, ref in enumerate(spec.key or []):
                _field(ruleset, ref, ruleset.file, (*path, "key", i))


def _check_rule(ruleset: RuleSet, rule: LoadedRule, tables: CodeTables) -> None:
    spec, at = rule.spec, rule.path
    for name in spec.target_fields:
        ftype = _field(ruleset, name, rule.file, (*at, "field")).type
        allowed = CHECKS[spec.check.name].types
        if allowed is not None and ftype not in allowed:
            raise _fail(
                ruleset,
                rule.file,
                (*at, "check"),
                f"check {spec.check.name!r} does not apply to {name} of type {ftype!r} "
                f"(it applies to {', '.join(sorted(allowed))})",
            )
    for i, conditions in enumerate([spec.when, *spec.when_any]):
        where = (*at, "when") if i == 0 else (*at, "when_any", i - 1)
        for name in conditions:
            _field(ruleset, name, rule.file, (*where, name))
    options = spec.check.options
    check_at = (*at, "check", spec.check.name)
    for name in getattr(options, "fields", None) or []:
        _field(ruleset, name, rule.file, (*check_at, "fields"))
    if spec.check.exists is not None:
        _check_exists(ruleset, rule, tables, check_at)


def _check_exists(
    ruleset: RuleSet, rule: LoadedRule, tables: CodeTables, at: tuple[Hashable, ...]
) -> None:
    opts = rule.spec.check.exists
    assert opts is not None
    _table(ruleset, tables, opts.table, rule.file, (*at, "table"))
    table = tables[opts.table]
    if len(opts.key) != len(table.spec.key):
        raise _fail(
            ruleset,
            rule.file,
            (*at, "key"),
            f"table {opts.table!r} is keyed by {', '.join(table.spec.key)}",
        )
    for i, name in enumerate(opts.key):
        _field(ruleset, name, rule.file, (*at, "key", i))
    as_of = _field(ruleset, opts.as_of, rule.file, (*at, "as_of")) if opts.as_of else None
    if as_of is not None and as_of.type != "date":
        raise _fail(ruleset, rule.file, (*at, "as_of"), f"{opts.as_of} is not a date field")
    if opts.husnr is not None:
        if table.spec.husnr is None:
            raise _fail(
                ruleset, rule.file, (*at, "husnr"), f"table {opts.table!r} has no husnr intervals"
            )
        _field(ruleset, opts.husnr, rule.file, (*at, "husnr"))


def _check_examples(ruleset: RuleSet) -> None:
    ids = {r.id for r in ruleset.rules}
    for i, scenario in enumerate(ruleset.spec.examples):
        for j, rule_id in enumerate([*scenario.expect, *(scenario.undecided or [])]):
            builtin = rule_id in BUILTIN_RULES or rule_id.endswith((".type", ".required"))
            if rule_id not in ids and not builtin:
                raise _fail(
                    ruleset,
                    ruleset.file,
                    ("examples", i, "expect", j),
                    f"unknown rule {rule_id!r}{did_you_mean(rule_id, ids)}",
                )


def _check_requires(ruleset: RuleSet) -> None:
    earlier: dict[str, LoadedRule] = {}
    for rule in ruleset.rules:
        for i, dep in enumerate(rule.spec.requires):
            target = earlier.get(dep)
            if target is None or target.spec.status != "active":
                known = [r.id for r in ruleset.rules]
                raise _fail(
                    ruleset,
                    rule.file,
                    (*rule.path, "requires", i),
                    f"'requires' names {dep!r}, which is not an earlier active rule"
                    f"{did_you_mean(dep, known)}",
                )
        earlier[rule.id] = rule


def check_references(ruleset: RuleSet, tables: CodeTables) -> None:
    """Raise at the first reference that does not resolve."""
    _check_fields(ruleset, tables)
    for rule in ruleset.rules:
        _check_rule(ruleset, rule, tables)
    _check_requires(ruleset)
    if ruleset.spec.as_of is not None and ruleset.fields.get(ruleset.spec.as_of) is None:
        raise _fail(ruleset, ruleset.file, ("as_of",), f"unknown field {ruleset.spec.as_of!r}")
    address = ruleset.address
    for part, name in address.model_dump(exclude_none=True).items() if address else []:
        _field(ruleset, name, ruleset.file, ("address", part))
    _check_examples(ruleset)
