"""The JavaScript emitter of each check keyword, registered beside its Python emitter in
:data:`cpr_rules.rules.checks.CHECKS` (``CheckDef.js``).

An emitter gets the rule and the JavaScript builder (the same :class:`~cpr_rules.rules.checks.Emit`
protocol as the Python backend, answering in JavaScript) and returns lines of JavaScript that
push a failure. As in Python, no value from YAML is pasted into the code except through
``e.const``. In the generated code a blank value is ``null``, a date is a day number (Python's
``date.toordinal()``), a ``code_list`` an array.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cpr_rules.rules.model import RuleSpec

if TYPE_CHECKING:
    from cpr_rules.rules.checks import Emit

__all__ = [
    "at_most_one_of",
    "between",
    "blank",
    "contains",
    "date_at_least",
    "date_at_most",
    "equals_field",
    "exists",
    "filled",
    "forbidden",
    "modulus11",
    "not_between",
    "not_contains",
    "not_one_of",
    "one_of",
]

JsEmitter = Callable[[RuleSpec, "Emit"], list[str]]


def _each(rule: RuleSpec, e: Emit, condition: Callable[[str], str], **extra: str) -> list[str]:
    """For each target field: ``if (<condition(v)>) fail``; with several target fields each is
    tested only when decided (state 0 or 1), as in the Python backend."""
    lines = []
    several = len(rule.target_fields) > 1
    for name in rule.target_fields:
        v = e.var(name)
        test = f"{e.state(name)} < 2 && {condition(v)}" if several else condition(v)
        lines += [
            f"if ({test}) {{",
            "  " + e.fail([name], e.value_params(name) | extra),
            "}",
        ]
    return lines


def filled(rule: RuleSpec, e: Emit) -> list[str]:
    return _each(rule, e, lambda v: f"{v} === null")


def blank(rule: RuleSpec, e: Emit) -> list[str]:
    return _each(rule, e, lambda v: f"{v} !== null")


def one_of(rule: RuleSpec, e: Emit) -> list[str]:
    allowed = e.const(frozenset(rule.check.options.values))
    return _each(
        rule,
        e,
        lambda v: f"{v} !== null && !{allowed}.has({v})",
        allowed=e.const(list(rule.check.options.values)),
    )


def not_one_of(rule: RuleSpec, e: Emit) -> list[str]:
    denied = e.const(frozenset(rule.check.options.values))
    return _each(rule, e, lambda v: f"{v} !== null && {denied}.has({v})")


def _range(inside: bool) -> JsEmitter:
    def emit(rule: RuleSpec, e: Emit) -> list[str]:
        lo, hi = e.const(rule.check.options.min), e.const(rule.check.options.max)
        test = "!" if inside else ""
        return _each(
            rule, e, lambda v: f"{v} !== null && {test}BETWEEN({v}, {lo}, {hi})", min=lo, max=hi
        )

    return emit


between, not_between = _range(True), _range(False)


def at_most_one_of(rule: RuleSpec, e: Emit) -> list[str]:
    names = rule.check.options.fields
    count = " + ".join(f"({e.state(n)} === 1 || {e.state(n)} === 2)" for n in names)
    return [
        f"if ({count} > 1) {{",
        "  " + e.fail(list(names), {"fields": e.const(list(names))}),
        "}",
    ]


def exists(rule: RuleSpec, e: Emit) -> list[str]:
    opts = rule.check.options
    parts = [e.var(k) for k in opts.key]
    as_of = (
        f"({e.var(opts.as_of)} !== null ? {e.var(opts.as_of)} : today)" if opts.as_of else "null"
    )
    husnr = e.var(opts.husnr) if opts.husnr else "null"
    params = {
        "table": e.const(opts.table),
        "code": f"[{', '.join(parts)}]",
        "as_of": f"DAY({as_of})",
        "produced": "DAY(_r.produced)",
    }
    name = rule.target_fields[0]
    params |= e.value_params(name)
    on_stale = e.stale([name], params) if opts.stale else e.fail([name], params)
    inputs = [*parts, *([husnr] if opts.husnr else [])]
    return [
        f"if ({' && '.join(f'{p} !== null' for p in inputs)}) {{",
        f"  const _r = LK({e.table(opts.table)}, [{', '.join(parts)}], {as_of}, {husnr});",
        "  if (!_r.found) {",
        f"    if (_r.reason === 'stale') {{ {on_stale} }} else {{ {e.fail([name], params)} }}",
        "  }",
        "}",
    ]


def modulus11(rule: RuleSpec, e: Emit) -> list[str]:
    return _each(rule, e, lambda v: f"{v} !== null && !{v}.isModulus11Valid")


def date_at_most(rule: RuleSpec, e: Emit) -> list[str]:
    days = e.const(rule.check.options.days_after_today)
    latest = f"PLUS(today, {days})"
    return _each(
        rule,
        e,
        lambda v: f"{v} !== null && {v} > {latest}",
        latest=f"DAY({latest})",
        earliest=f"DAY(MINUS({e.var(rule.target_fields[0])}, {days}))",
        days=days,
    )


def date_at_least(rule: RuleSpec, e: Emit) -> list[str]:
    days = e.const(rule.check.options.days_before_today)
    earliest = f"MINUS(today, {days})"
    return _each(
        rule,
        e,
        lambda v: f"{v} !== null && {v} < {earliest}",
        earliest=f"DAY({earliest})",
        deadline=f"DAY(PLUS({e.var(rule.target_fields[0])}, {days}))",
        days=days,
    )


def _contains(negate: bool) -> JsEmitter:
    def emit(rule: RuleSpec, e: Emit) -> list[str]:
        item = e.const(rule.check.options.value)
        test = "" if negate else "!"
        return _each(rule, e, lambda v: f"{v} !== null && {test}{v}.includes({item})", item=item)

    return emit


contains, not_contains = _contains(False), _contains(True)


def equals_field(rule: RuleSpec, e: Emit) -> list[str]:
    """A locked field sent back: only with the value CPR locked."""
    other_field = rule.check.options.field
    other = e.var(other_field)
    date = e.value_params(other_field)["value"].startswith("DAY(")
    return _each(
        rule,
        e,
        lambda v: f"{v} !== null && {other} !== null && {v} !== {other}",
        expected=f"DAY({other})" if date else other,
    )


def forbidden(rule: RuleSpec, e: Emit) -> list[str]:
    names = rule.target_fields
    params = e.value_params(names[0]) if len(names) == 1 else {"fields": e.const(names)}
    return [e.fail(names, params)]
