"""The fixed vocabulary of checks: one small code emitter per keyword, registered in
:data:`CHECKS`.

An emitter gets the rule and an :class:`Emit` context and returns the lines of Python that
append a failure for the rule's field(s); ``js`` is the same check for the JavaScript backend
(:mod:`cpr_rules.js._checks`), given the same context answering in JavaScript. It never pastes
a value from YAML into the code: every constant goes through :meth:`Emit.const`, which binds
it to a name in the generated module's namespace. Each check also declares the field types it
applies to and the message placeholders it provides, which the loader and the linter check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cpr_rules.js import _checks as js
from cpr_rules.rules.model import RuleSpec

__all__ = ["CHECKS", "COMMON_PARAMS", "CheckDef", "Emit"]

COMMON_PARAMS = frozenset({"field", "value"})
"""Placeholders of a failure about one field: the CPR field name and its normalised value.
Checks about several fields at once (``at_most_one_of``, ``forbidden`` on several fields)
provide ``fields`` instead."""


class Emit(Protocol):
    """What an emitter may ask of the compiler."""

    def var(self, field: str) -> str:
        """The local variable holding a field's normalised value (``None`` when blank)."""

    def const(self, value: Any) -> str:
        """A name bound to ``value`` in the generated module (never the value's text)."""

    def fail(self, fields: list[str] | str, params: dict[str, str]) -> str:
        """A statement recording a failure of the current rule: params are expressions;
        ``fields`` is a list of names or an expression giving them at run time."""

    def stale(self, fields: list[str], params: dict[str, str]) -> str:
        """A statement recording the rule's *stale* failure (``exists`` with ``stale:``)."""

    def state(self, field: str) -> str:
        """The local variable holding a field's state (0 blank, 1 valid, 2 invalid, …)."""

    def value_params(self, field: str) -> dict[str, str]:
        """``{"field": …, "value": …}`` (+ ``text`` for coded fields) for one field."""

    def table(self, name: str) -> str:
        """A name bound to the compiled code table ``name``."""


Emitter = Callable[[RuleSpec, Emit], list[str]]


@dataclass(frozen=True)
class CheckDef:
    """One check keyword: what it does, where it applies, what it provides."""

    summary: str
    emit: Emitter
    types: frozenset[str] | None = None
    params: frozenset[str] = frozenset()
    per_field: bool = True  # provides COMMON_PARAMS (one failure per field)
    js: Emitter | None = None  # the JavaScript backend (cpr_rules/js/_checks.py); a test needs it
    on_filled: bool = False  # reads only whether `fields` are filled: invalid ones count too
    each: bool = True  # one test per target field (`_each`): decided field by field

    @property
    def placeholders(self) -> frozenset[str]:
        """Every placeholder a message of this check may use."""
        return self.params | (COMMON_PARAMS if self.per_field else frozenset())


def _each(rule: RuleSpec, e: Emit, condition: Callable[[str], str], **extra: str) -> list[str]:
    """For each target field: ``if <condition(v)>: fail``; with several target fields, each is
    tested only when it is decided (state 0 or 1), so one invalid field hides no other."""
    lines = []
    several = len(rule.target_fields) > 1
    for name in rule.target_fields:
        v = e.var(name)
        test = f"{e.state(name)} < 2 and {condition(v)}" if several else condition(v)
        lines += [f"if {test}:", "    " + e.fail([name], e.value_params(name) | extra)]
    return lines


def _filled(rule: RuleSpec, e: Emit) -> list[str]:
    return _each(rule, e, lambda v: f"{v} is None")


def _blank(rule: RuleSpec, e: Emit) -> list[str]:
    return _each(rule, e, lambda v: f"{v} is not None")


def _one_of(rule: RuleSpec, e: Emit) -> list[str]:
    allowed = e.const(frozenset(rule.check.options.values))
    return _each(
        rule,
        e,
        lambda v: f"{v} is not None and {v} not in {allowed}",
        allowed=e.const(list(rule.check.options.values)),
    )


def _not_one_of(rule: RuleSpec, e: Emit) -> list[str]:
    denied = e.const(frozenset(rule.check.options.values))
    return _each(rule, e, lambda v: f"{v} is not None and {v} in {denied}")


def _range(inside: bool) -> Emitter:
    def emit(rule: RuleSpec, e: Emit) -> list[str]:
        lo, hi = e.const(rule.check.options.min), e.const(rule.check.options.max)
        test = "not " if inside else ""
        return _each(
            rule,
            e,
            lambda v: f"{v} is not None and {test}({lo} <= int({v}) <= {hi})",
            min=lo,
            max=hi,
        )

    return emit


def _at_most_one_of(rule: RuleSpec, e: Emit) -> list[str]:
    """Counts the fields that are filled, valid or not (state 1 or 2): husnr and bnr both
    given is fejl 1068 whatever the validity of each (issue 9 point 6)."""
    names = rule.check.options.fields
    count = " + ".join(f"({e.state(n)} in (1, 2))" for n in names)
    return [f"if {count} > 1:", "    " + e.fail(list(names), {"fields": e.const(list(names))})]


def _exists(rule: RuleSpec, e: Emit) -> list[str]:
    opts = rule.check.options
    parts = [e.var(k) for k in opts.key]
    # a blank date field (already reported as required) reads the table as of today
    as_of = f"({e.var(opts.as_of)} or today)" if opts.as_of else "None"
    husnr = f", husnr={e.var(opts.husnr)}" if opts.husnr else ""
    params = {
        "table": e.const(opts.table),
        "code": f"({', '.join(parts)},)",
        "as_of": as_of,
        "produced": "_r.produced",
    }
    husnr_var = [e.var(opts.husnr)] if opts.husnr else []
    name = rule.target_fields[0]
    params |= e.value_params(name)
    on_stale = e.stale([name], params) if opts.stale else e.fail([name], params)
    return [
        f"if {' and '.join(f'{p} is not None' for p in [*parts, *husnr_var])}:",
        f"    _r = {e.table(opts.table)}.lookup({', '.join(parts)}, as_of={as_of}{husnr})",
        "    if not _r:",
        "        if _r.reason is STALE:",
        f"            {on_stale}",
        "        else:",
        f"            {e.fail([name], params)}",
    ]


def _modulus11(rule: RuleSpec, e: Emit) -> list[str]:
    return _each(rule, e, lambda v: f"{v} is not None and not {v}.is_modulus11_valid")


def _date_at_most(rule: RuleSpec, e: Emit) -> list[str]:
    n = rule.check.options.days_after_today
    days, delta = e.const(n), e.const(dt.timedelta(days=n))  # the timedelta made once
    latest = f"PLUS(today, {delta})"
    return _each(
        rule,
        e,
        lambda v: f"{v} is not None and {v} > {latest}",
        latest=latest,
        earliest=f"MINUS({e.var(rule.target_fields[0])}, {delta})",
        days=days,
    )


def _date_at_least(rule: RuleSpec, e: Emit) -> list[str]:
    n = rule.check.options.days_before_today
    days, delta = e.const(n), e.const(dt.timedelta(days=n))  # the timedelta made once
    earliest = f"MINUS(today, {delta})"
    return _each(
        rule,
        e,
        lambda v: f"{v} is not None and {v} < {earliest}",
        earliest=earliest,
        deadline=f"PLUS({e.var(rule.target_fields[0])}, {delta})",
        days=days,
    )


def _contains(negate: bool) -> Emitter:
    def emit(rule: RuleSpec, e: Emit) -> list[str]:
        item = e.const(rule.check.options.value)
        op = "in" if negate else "not in"
        return _each(rule, e, lambda v: f"{v} is not None and {item} {op} {v}", item=item)

    return emit


def _equals_field(rule: RuleSpec, e: Emit) -> list[str]:
    """A field CPR locked (``a="L"``) may be sent back, but only with the locked value."""
    other = e.var(rule.check.options.field)
    return _each(
        rule,
        e,
        lambda v: f"{v} is not None and {other} is not None and {v} != {other}",
        expected=other,
    )


def _forbidden(rule: RuleSpec, e: Emit) -> list[str]:
    names = rule.target_fields
    params = e.value_params(names[0]) if len(names) == 1 else {"fields": e.const(names)}
    return [e.fail(names, params)]


_DATE = frozenset({"date"})
_CODES = frozenset(
    {"code", "integer", "choice", "text", "husnr", "etage", "sidedoer", "bnr", "convn"}
)

CHECKS: dict[str, CheckDef] = {
    "filled": CheckDef("the field must be filled", _filled, js=js.filled),
    "blank": CheckDef("the field must be left blank", _blank, js=js.blank),
    "one_of": CheckDef(
        "the value must be one of `values`",
        _one_of,
        _CODES,
        frozenset({"text", "allowed"}),
        js=js.one_of,
    ),
    "not_one_of": CheckDef(
        "the value must not be one of `values`",
        _not_one_of,
        _CODES,
        frozenset({"text"}),
        js=js.not_one_of,
    ),
    "between": CheckDef(
        "the number must be within `min`..`max`",
        _range(True),
        frozenset({"code", "integer"}),
        frozenset({"min", "max"}),
        js=js.between,
    ),
    "not_between": CheckDef(
        "the number must be outside `min`..`max`",
        _range(False),
        frozenset({"code", "integer"}),
        frozenset({"min", "max"}),
        js=js.not_between,
    ),
    "at_most_one_of": CheckDef(
        "at most one of `fields` may be filled",
        _at_most_one_of,
        None,
        frozenset({"fields"}),
        per_field=False,
        js=js.at_most_one_of,
        on_filled=True,
        each=False,
    ),
    "exists": CheckDef(
        "the code (`key`) exists in `table` as of `as_of`",
        _exists,
        frozenset({"code", "husnr"}),
        frozenset({"table", "code", "as_of", "produced"}),
        js=js.exists,
        each=False,
    ),
    "modulus11": CheckDef(
        "the personnummer passes modulus 11",
        _modulus11,
        frozenset({"personnummer"}),
        js=js.modulus11,
    ),
    "date_at_most": CheckDef(
        "the date is at most `days_after_today` days after today",
        _date_at_most,
        _DATE,
        frozenset({"latest", "earliest", "days"}),
        js=js.date_at_most,
    ),
    "date_at_least": CheckDef(
        "the date is at most `days_before_today` days before today",
        _date_at_least,
        _DATE,
        frozenset({"earliest", "deadline", "days"}),
        js=js.date_at_least,
    ),
    "contains": CheckDef(
        "the list must contain `value`",
        _contains(False),
        frozenset({"code_list", "beskyt"}),
        frozenset({"item"}),
        js=js.contains,
    ),
    "not_contains": CheckDef(
        "the list must not contain `value`",
        _contains(True),
        frozenset({"code_list", "beskyt"}),
        frozenset({"item"}),
        js=js.not_contains,
    ),
    "forbidden": CheckDef(
        "the combination in `when` is not allowed",
        _forbidden,
        None,
        frozenset({"fields"}),
        js=js.forbidden,
        each=False,
    ),
    "equals_field": CheckDef(
        "the value must equal that of `field` (a field CPR locked)",
        _equals_field,
        frozenset({"code", "date", "choice"}),
        frozenset({"expected"}),
        js=js.equals_field,
    ),
}
