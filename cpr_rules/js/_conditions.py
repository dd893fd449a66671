"""Conditions (``when``, ``when_any``) as JavaScript expressions: the JavaScript side of
:mod:`cpr_rules.rules._conditions`, split from :mod:`cpr_rules.js.compiler` the same way.

Constants are normalised with the field's own type at compile time (a personnummer compares by
its digits); a rule that cannot be decided may still be known to pass when its ``when`` is
already false on the inputs that are known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpr_rules.personnummer import Personnummer
from cpr_rules.rules._conditions import normalise_const
from cpr_rules.rules.loader import LoadedRule
from cpr_rules.rules.model import ConditionSpec

if TYPE_CHECKING:
    from cpr_rules.js.compiler import _JsBuilder

__all__ = ["condition", "conditions", "forbidden_per_alternative", "not_applicable"]


def condition(
    b: _JsBuilder, field: str, cond: ConditionSpec, where: tuple[str, tuple[Any, ...]]
) -> str:
    v = b.var(field)
    where = (where[0], (*where[1], field))
    if cond.filled is not None or cond.blank is not None:
        filled = cond.filled if cond.filled is not None else not cond.blank
        return f"({v} !== null)" if filled else f"({v} === null)"
    key = f"({v} === null ? null : {v}.digits)" if b.spec(field).type == "personnummer" else v

    def norm(raw: Any) -> str:
        value = normalise_const(b, field, raw, where)  # type: ignore[arg-type]
        return b.const(value.digits if isinstance(value, Personnummer) else value)

    if cond.one_of is not None:
        values = frozenset(normalise_const(b, field, x, where) for x in cond.one_of)  # type: ignore[arg-type]
        keys = frozenset(x.digits if isinstance(x, Personnummer) else x for x in values)
        return f"{b.const(keys)}.has({key})"
    for name, template in (
        ("equals", "({v} === {c})"),
        ("not_equals", "({v} !== {c})"),
        ("contains", "({v} !== null && {v}.includes({c}))"),
        ("not_contains", "({v} === null || !{v}.includes({c}))"),
    ):
        raw = getattr(cond, name)
        if raw is not None:
            return template.format(v=key, c=norm(raw))
    raise AssertionError("a condition has exactly one option")  # pragma: no cover


def group(
    b: _JsBuilder, rule: LoadedRule, conds: dict[str, ConditionSpec], path: tuple[Any, ...]
) -> str:
    where = (rule.file, (*rule.path, *path))
    return " && ".join(condition(b, f, c, where) for f, c in conds.items())


def conditions(b: _JsBuilder, rule: LoadedRule, *, any_part: bool = True) -> str:
    spec = rule.spec
    parts = [condition(b, f, c, (rule.file, (*rule.path, "when"))) for f, c in spec.when.items()]
    if spec.when_any and any_part:
        alternatives = [
            group(b, rule, conds, ("when_any", i)) for i, conds in enumerate(spec.when_any)
        ]
        parts.append("(" + " || ".join(f"({a})" for a in alternatives) + ")")
    return " && ".join(parts)


def _definitely_false(
    b: _JsBuilder, rule: LoadedRule, conds: dict[str, ConditionSpec], path: tuple[Any, ...]
) -> str:
    where = (rule.file, (*rule.path, *path))
    parts = [f"(s{b.index[f]} < 2 && !{condition(b, f, c, where)})" for f, c in conds.items()]
    return "(" + " || ".join(parts) + ")" if parts else "false"


def not_applicable(b: _JsBuilder, rule: LoadedRule) -> str:
    spec = rule.spec
    parts = []
    if spec.when:
        parts.append(_definitely_false(b, rule, spec.when, ("when",)))
    if spec.when_any:
        alternatives = [
            _definitely_false(b, rule, c, ("when_any", i)) for i, c in enumerate(spec.when_any)
        ]
        parts.append("(" + " && ".join(alternatives) + ")")
    return " || ".join(parts)


def forbidden_per_alternative(b: _JsBuilder, rule: LoadedRule) -> list[str]:
    spec = rule.spec
    lines = ["const _m = [];"]
    for i, conds in enumerate(spec.when_any):
        names = [f for f in spec.target_fields if f in conds] or list(spec.target_fields)
        lines += [f"if ({group(b, rule, conds, ('when_any', i))}) _m.push(...{b.const(names)});"]
    lines += [
        "if (_m.length) {",
        "  const _f = [...new Set(_m)];",
        "  " + b.fail("_f", {"fields": "_f"}),
        "}",
    ]
    return lines
