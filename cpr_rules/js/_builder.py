"""The JavaScript side of the compiler's :class:`~cpr_rules.rules.checks.Emit` protocol: what
each check emitter asks (a field's variable and state, a constant, a finding pushed, a
condition) answered in JavaScript, and the literals and field specs the generated code holds.
:mod:`cpr_rules.js.compiler` walks the rule set with it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from cpr_rules.personnummer import Personnummer
from cpr_rules.rules._builder import KindCollector
from cpr_rules.rules._conditions import normalise_const
from cpr_rules.rules.compiled import FindingKind
from cpr_rules.rules.loader import LoadedRule, RuleSet
from cpr_rules.rules.model import ConditionSpec, FieldSpec
from cpr_rules.tables import CodeTables

__all__ = ["JsBuilder", "field_spec", "js_literal"]


def js_literal(value: Any) -> str:
    """A JavaScript expression for a constant (dates as day numbers, sets as ``Set``)."""
    if isinstance(value, (frozenset, set)):
        items = sorted(value, key=repr)
        return f"new Set([{', '.join(js_literal(v) for v in items)}])"
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(js_literal(v) for v in value)}]"
    if isinstance(value, dt.date):
        return str(value.toordinal())
    if isinstance(value, dt.timedelta):
        return str(value.days)
    if isinstance(value, Personnummer):
        return f"new Personnummer({json.dumps(value.digits)})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {js_literal(v)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, (bool, int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"no JavaScript form for {value!r}")  # pragma: no cover - a compiler bug


def field_spec(spec: FieldSpec) -> dict[str, Any]:
    """What a JavaScript normaliser reads of a field's options."""
    values = list(spec.values or [])
    return {
        "digits": spec.digits,
        "min": spec.min,
        "max": spec.max,
        "max_length": spec.max_length,
        "values": values,
        "upper_values": [v.upper() for v in values],
    }


class JsBuilder(KindCollector):
    """The :class:`~cpr_rules.rules.checks.Emit` protocol, answering in JavaScript."""

    def __init__(self, ruleset: RuleSet, tables: CodeTables, overrides: dict[str, str]) -> None:
        self.ruleset = ruleset
        self.tables = tables
        self.overrides = overrides
        self.consts: dict[str, str] = {}  # literal -> name
        self.kinds: list[FindingKind] = []
        self.names = [*ruleset.fields, *ruleset.stamdata]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.rule_kind = self.stale_kind = -1
        self.flag: str | None = None

    def spec(self, field: str) -> FieldSpec:
        return self.ruleset.fields.get(field) or self.ruleset.stamdata[field]

    # -- Emit ----------------------------------------------------------------------------------
    def var(self, field: str) -> str:
        return f"v{self.index[field]}"

    def state(self, field: str) -> str:
        return f"s{self.index[field]}"

    def const(self, value: Any) -> str:
        literal = js_literal(value)
        if literal not in self.consts:
            self.consts[literal] = f"C{len(self.consts)}"
        return self.consts[literal]

    def table(self, name: str) -> str:
        self.tables[name]  # a KeyError names an unknown table at build time
        return self.const(name)

    def _record(self, kind: int, fields: list[str] | str, params: dict[str, str]) -> str:
        items = ", ".join(f"{k}: {v}" for k, v in params.items())  # our own param names
        names = fields if isinstance(fields, str) else self.const(list(fields))
        record = f"F.push([{kind}, {names}, {{{items}}}]);"
        return f"{record} {self.flag} = false;" if self.flag else record

    def fail(self, fields: list[str] | str, params: dict[str, str]) -> str:
        return self._record(self.rule_kind, fields, params)

    def stale(self, fields: list[str], params: dict[str, str]) -> str:
        return self._record(self.stale_kind, fields, params)

    def title(self, field: str) -> str:
        """A name bound to the field as a citizen reads it (``FieldTitle`` in Python)."""
        spec = self.spec(field)
        text = spec.title
        args = [field, text.da if text else field, text.en if text else field]
        expression = f"new FT({', '.join(js_literal(a) for a in args)})"
        if expression not in self.consts:
            self.consts[expression] = f"C{len(self.consts)}"
        return self.consts[expression]

    def titles(self, fields: list[str] | tuple[str, ...]) -> str:
        return "[" + ", ".join(self.title(name) for name in fields) + "]"

    def title_map(self) -> str:
        """A name bound to ``{field: title}`` of every field (for run-time lists)."""
        items = ", ".join(f"{js_literal(name)}: {self.title(name)}" for name in self.names)
        expression = "{" + items + "}"
        if expression not in self.consts:
            self.consts[expression] = f"C{len(self.consts)}"
        return self.consts[expression]

    def value_params(self, field: str) -> dict[str, str]:
        v, spec = self.var(field), self.spec(field)
        value = v if spec.type == "personnummer" else f"ECHO({v})"  # ECHO: rules/messages.echo
        params = {
            "field": self.title(field),
            "value": f"DAY({v})" if spec.type == "date" else value,
        }
        if spec.table is not None and spec.type == "code" and not spec.key:
            params["text"] = f"new CT({self.const(spec.table)}, {v})"
        return params

    def condition(self, field: str, cond: ConditionSpec, where: tuple[str, tuple[Any, ...]]) -> str:
        v = self.var(field)
        where = (where[0], (*where[1], field))
        if cond.filled is not None or cond.blank is not None:
            filled = cond.filled if cond.filled is not None else not cond.blank
            return f"({v} !== null)" if filled else f"({v} === null)"
        key = (
            f"({v} === null ? null : {v}.digits)" if self.spec(field).type == "personnummer" else v
        )

        def norm(raw: Any) -> str:
            value = normalise_const(self, field, raw, where)  # type: ignore[arg-type]
            return self.const(value.digits if isinstance(value, Personnummer) else value)

        if cond.one_of is not None:
            values = frozenset(normalise_const(self, field, x, where) for x in cond.one_of)  # type: ignore[arg-type]
            keys = frozenset(x.digits if isinstance(x, Personnummer) else x for x in values)
            return f"{self.const(keys)}.has({key})"
        if cond.not_one_of is not None:
            values = frozenset(normalise_const(self, field, x, where) for x in cond.not_one_of)  # type: ignore[arg-type]
            keys = frozenset(x.digits if isinstance(x, Personnummer) else x for x in values)
            return f"({key} !== null && !{self.const(keys)}.has({key}))"
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
        self, rule: LoadedRule, conds: dict[str, ConditionSpec], path: tuple[Any, ...]
    ) -> str:
        where = (rule.file, (*rule.path, *path))
        return " && ".join(self.condition(f, c, where) for f, c in conds.items())

    def conditions(self, rule: LoadedRule, *, any_part: bool = True) -> str:
        spec = rule.spec
        parts = [
            self.condition(f, c, (rule.file, (*rule.path, "when"))) for f, c in spec.when.items()
        ]
        if spec.when_any and any_part:
            alternatives = [
                self.group(rule, conds, ("when_any", i)) for i, conds in enumerate(spec.when_any)
            ]
            parts.append("(" + " || ".join(f"({a})" for a in alternatives) + ")")
        return " && ".join(parts)

    def _definitely_false(
        self, rule: LoadedRule, conds: dict[str, ConditionSpec], path: tuple[Any, ...]
    ) -> str:
        where = (rule.file, (*rule.path, *path))
        parts = [
            f"(s{self.index[f]} < 2 && !{self.condition(f, c, where)})" for f, c in conds.items()
        ]
        return "(" + " || ".join(parts) + ")" if parts else "false"

    def not_applicable(self, rule: LoadedRule) -> str:
        spec = rule.spec
        parts = []
        if spec.when:
            parts.append(self._definitely_false(rule, spec.when, ("when",)))
        if spec.when_any:
            alternatives = [
                self._definitely_false(rule, c, ("when_any", i))
                for i, c in enumerate(spec.when_any)
            ]
            parts.append("(" + " && ".join(alternatives) + ")")
        return " || ".join(parts)

    def forbidden_per_alternative(self, rule: LoadedRule, j: int) -> list[str]:
        """As rules/_conditions.py: each alternative decided on its own inputs."""
        spec = rule.spec
        lines = ["const _m = []; let _u = false;"]
        for i, conds in enumerate(spec.when_any):
            names = [f for f in spec.target_fields if f in conds] or list(spec.target_fields)
            decided = " && ".join(f"s{self.index[f]} < 2" for f in conds)
            false = self._definitely_false(rule, conds, ("when_any", i))
            test = self.group(rule, conds, ("when_any", i))
            lines += [
                f"if ({decided}) {{",
                f"  if ({test}) _m.push(...{self.const(names)});",
                f"}} else if (!{false}) _u = true;",
            ]
        states = ", ".join(f"s{self.index[f]}" for f in dict.fromkeys(spec.condition_fields))
        lines += [
            "if (_m.length) {",
            "  const _f = [...new Set(_m)];",
            "  " + self.fail("_f", {"fields": f"_f.map((n) => {self.title_map()}[n])"}),
            f"}} else if (_u) U.push([{j}, UND({states})]);",
        ]
        return lines

    def within(self, start: dt.date | None, end: dt.date | None) -> str:
        parts = [
            f"{self.const(start)} <= asof" if start else "",
            f"asof < {self.const(end)}" if end else "",
        ]
        return " && ".join(p for p in parts if p) or "true"
