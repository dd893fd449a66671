"""Reference checks of a loaded rule set: every field, table, column and check must exist and
fit, in included blocks too; values in conditions, checks and defaults must be values of their
field; messages use only the placeholders their check provides, the same in da and en. Each
problem is a :class:`RuleSetError` at the position of the offending value (or key)."""

from __future__ import annotations

import string
from collections.abc import Hashable
from typing import Any

from cpr_rules.rules import types as ftypes
from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.loader import LoadedRule, RuleSet, did_you_mean
from cpr_rules.rules.model import ConditionSpec, FieldSpec, Text
from cpr_rules.tables import CodeTables

__all__ = ["check_references"]

BUILTIN_RULES = ("input.not-object", "input.too-deep", "input.unknown-field")


def _fail(
    ruleset: RuleSet, file: str, path: tuple[Hashable, ...], message: str, *, at_key: bool = False
) -> Exception:
    return ruleset.positions[file].error(path, message, at_key=at_key)


def _field(
    ruleset: RuleSet, name: str, file: str, path: tuple[Hashable, ...], *, at_key: bool = False
) -> FieldSpec:
    spec = ruleset.fields.get(name) or ruleset.stamdata.get(name)
    if spec is None:
        known = [*ruleset.fields, *ruleset.stamdata]
        message = f"unknown field {name!r}{did_you_mean(name, known)}"
        raise _fail(ruleset, file, path, message, at_key=at_key)
    return spec


def _value(
    ruleset: RuleSet,
    name: str,
    value: Any,
    file: str,
    path: tuple[Hashable, ...],
    *,
    exact: bool = False,
) -> None:
    """``value`` is a valid value of field ``name`` (and, with ``exact``, already normalised:
    checks compare it as written with the field's normalised value)."""
    spec = _field(ruleset, name, file, path)
    if spec.type == "code_list":  # a condition or check on a list is about one of its codes
        spec = spec.model_copy(update={"type": "code"})
    try:
        normal = ftypes.normalise(value, spec)
    except ValueError as exc:
        raise _fail(
            ruleset, file, path, f"{value!r} is not a valid value of {name}: {exc}"
        ) from None
    if exact and normal != value:
        raise _fail(
            ruleset,
            file,
            path,
            f"write {value!r} as {normal!r}: the check compares it with {name} as normalised",
        )


def _conditions(
    ruleset: RuleSet, conditions: dict[str, ConditionSpec], file: str, at: tuple[Hashable, ...]
) -> None:
    """Every condition names a known field and compares it with values of that field."""
    for name, cond in conditions.items():
        _field(ruleset, name, file, (*at, name), at_key=True)
        for option in ("equals", "not_equals", "contains", "not_contains"):
            if getattr(cond, option) is not None:
                _value(ruleset, name, getattr(cond, option), file, (*at, name, option))
        for i, item in enumerate(cond.one_of or []):
            _value(ruleset, name, item, file, (*at, name, "one_of", i))


def _table(
    ruleset: RuleSet, tables: CodeTables, name: str, file: str, path: tuple[Hashable, ...]
) -> None:
    if name not in tables:
        raise _fail(ruleset, file, path, f"unknown code table {name!r}{did_you_mean(name, tables)}")


def _check_fields(ruleset: RuleSet, tables: CodeTables) -> None:
    for name, (file, path) in ruleset.field_paths.items():  # in included blocks too
        spec = ruleset.fields.get(name) or ruleset.stamdata[name]
        if spec.table is not None:
            _table(ruleset, tables, spec.table, file, (*path, "table"))
            width = len(tables[spec.table].spec.key)
            if len(spec.key or [name]) != width:
                raise _fail(
                    ruleset,
                    file,
                    (*path, "key"),
                    f"table {spec.table!r} has {width} key column(s): "
                    f"{', '.join(tables[spec.table].spec.key)}",
                )
        for i, ref in enumerate(spec.key or []):
            _field(ruleset, ref, file, (*path, "key", i))
        if spec.default is not None:
            _value(ruleset, name, spec.default.value, file, (*path, "default", "value"))
            _conditions(ruleset, spec.default.when, file, (*path, "default", "when"))


def _check_rule(ruleset: RuleSet, rule: LoadedRule, tables: CodeTables) -> None:
    spec, at = rule.spec, rule.path
    if not spec.target_fields:
        raise _fail(
            ruleset, rule.file, at, f"rule {spec.id!r} names no field: give 'field' or 'fields'"
        )
    for i, name in enumerate(spec.target_fields):
        where = (*at, "field") if spec.field else (*at, "fields", i) if spec.fields else (*at,)
        ftype = _field(ruleset, name, rule.file, where).type
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
        _conditions(ruleset, conditions, rule.file, where)
    options = spec.check.options
    check_at = (*at, "check", spec.check.name)
    for name in getattr(options, "fields", None) or []:
        _field(ruleset, name, rule.file, (*check_at, "fields"))
    if spec.check.exists is not None:
        _check_exists(ruleset, rule, tables, check_at)
    if spec.check.name in ("contains", "not_contains"):
        values = [((*check_at, "value"), options.value)]
    elif spec.check.name in ("one_of", "not_one_of"):
        values = [((*check_at, "values", i), v) for i, v in enumerate(options.values)]
    else:
        values = []
    for name in spec.target_fields:  # compared as written with the normalised value
        for where, value in values:
            _value(ruleset, name, value, rule.file, where, exact=True)
    _check_messages(ruleset, rule)


def _template_names(
    ruleset: RuleSet, file: str, text: Text, at: tuple[Hashable, ...]
) -> tuple[set[str], set[str]]:
    """The placeholders of a message in da and en; each must be a plain ``{name}``."""
    found: list[set[str]] = []
    for lang in ("da", "en"):
        names: set[str] = set()
        try:
            parts = list(string.Formatter().parse(getattr(text, lang)))
        except ValueError as exc:
            raise _fail(
                ruleset, file, (*at, lang), f"not a valid message template: {exc}"
            ) from None
        for _, name, spec, conversion in parts:
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                raise _fail(
                    ruleset,
                    file,
                    (*at, lang),
                    f"placeholder {{{name}{'!' + conversion if conversion else ''}"
                    f"{':' + spec if spec else ''}}} is not a plain {{name}}",
                )
            names.add(name)
        found.append(names)
    return found[0], found[1]


def _check_messages(ruleset: RuleSet, rule: LoadedRule) -> None:
    """Message placeholders are ones the check provides, the same in da and en."""
    spec = rule.spec
    provided = set(CHECKS[spec.check.name].placeholders)
    targets = [ruleset.fields.get(n) or ruleset.stamdata.get(n) for n in spec.target_fields]
    if any(t is not None and t.type == "code" and t.table and not t.key for t in targets):
        provided.add("text")  # the compiler fills {text} only for a code keyed by itself
    stale = spec.check.exists.stale if spec.check.exists else None
    messages = [(spec.message, (*rule.path, "message"))]
    if stale is not None:
        messages.append((stale.message, (*rule.path, "check", "exists", "stale", "message")))
    for text, at in messages:
        da, en = _template_names(ruleset, rule.file, text, at)
        for lang, names in (("da", da), ("en", en)):
            for name in sorted(names - provided):
                hint = did_you_mean(f"{{{name}}}", [f"{{{p}}}" for p in provided])
                raise _fail(
                    ruleset,
                    rule.file,
                    (*at, lang),
                    f"unknown placeholder '{{{name}}}'{hint}; check {spec.check.name!r} "
                    f"provides {', '.join('{' + p + '}' for p in sorted(provided))}",
                )
        if da != en:
            raise _fail(
                ruleset,
                rule.file,
                (*at, "en"),
                f"da and en use different placeholders: da {sorted(da)}, en {sorted(en)}",
            )


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
        for key in ("expect", "undecided"):
            for j, rule_id in enumerate(getattr(scenario, key) or []):
                builtin = rule_id in BUILTIN_RULES or rule_id.endswith((".type", ".required"))
                if rule_id not in ids and not builtin:
                    raise _fail(
                        ruleset,
                        ruleset.file,
                        ("examples", i, key, j),
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
    as_of = ruleset.spec.as_of
    if as_of is not None:
        if ruleset.fields.get(as_of) is None:  # stamdata is not known before initier
            hint = did_you_mean(as_of, ruleset.fields)
            raise _fail(ruleset, ruleset.file, ("as_of",), f"unknown field {as_of!r}{hint}")
        if ruleset.fields[as_of].type != "date":
            raise _fail(ruleset, ruleset.file, ("as_of",), f"{as_of} is not a date field")
    address = ruleset.address
    for part, name in address.model_dump(exclude_none=True).items() if address else []:
        _field(ruleset, name, ruleset.file, ("address", part))
    _check_examples(ruleset)
