"""What a field can still be under some conditions: a small abstract domain for finding rules
that can never fire, checks whose outcome is decided by their conditions, and rules that
contradict each other.

A :class:`Values` says whether the field may be blank, whether it may be filled, and if filled
with what: one of ``allowed`` (``None``: anything of its type) but none of ``denied``; for a
code list, which codes it must and must not contain. Conditions become ``Values``; the
conditions of one group (``when`` plus one ``when_any`` group) *meet*; an empty meet is a group
that can never hold. Constants are compared as the field normalises them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cpr_rules.rules.model import CheckSpec, ConditionSpec, FieldSpec

__all__ = ["ANY", "Values", "condition_values", "verdict"]


@dataclass(frozen=True)
class Values:
    """The values a field may have (see the module docstring)."""

    blank: bool = True
    filled: bool = True
    allowed: frozenset[Any] | None = None
    denied: frozenset[Any] = frozenset()
    contains: frozenset[Any] = frozenset()
    excludes: frozenset[Any] = frozenset()

    def meet(self, other: Values) -> Values:
        """The values both allow."""
        allowed = self.allowed if other.allowed is None else other.allowed
        if self.allowed is not None and other.allowed is not None:
            allowed = self.allowed & other.allowed
        return Values(
            self.blank and other.blank,
            self.filled and other.filled,
            allowed,
            self.denied | other.denied,
            self.contains | other.contains,
            self.excludes | other.excludes,
        )

    @property
    def choices(self) -> frozenset[Any] | None:
        """The filled values still possible (None: not a finite set)."""
        return None if self.allowed is None else self.allowed - self.denied

    @property
    def can_be_filled(self) -> bool:
        if not self.filled or self.contains & self.excludes:
            return False
        return self.choices is None or bool(self.choices)

    @property
    def is_empty(self) -> bool:
        """No value at all satisfies the conditions."""
        return not self.blank and not self.can_be_filled


ANY = Values()


def condition_values(cond: ConditionSpec, constants: list[Any]) -> Values:
    """The values a condition allows; ``constants`` are its values, normalised."""
    if cond.filled is not None or cond.blank is not None:
        filled = cond.filled if cond.filled is not None else not cond.blank
        return Values(blank=not filled, filled=filled)
    if cond.equals is not None or cond.one_of is not None:
        return Values(blank=False, allowed=frozenset(constants))
    if cond.not_equals is not None:
        return Values(denied=frozenset(constants))
    if cond.not_one_of is not None:
        return Values(blank=False, denied=frozenset(constants))
    if cond.contains is not None:
        return Values(blank=False, contains=frozenset(constants))
    return Values(excludes=frozenset(constants))


def _in_range(values: frozenset[Any], lo: int, hi: int) -> list[bool]:
    return [lo <= int(v) <= hi for v in values if str(v).lstrip("-").isdigit()]


def _members(choices: frozenset[Any] | None, wanted: frozenset[Any]) -> str | None:
    """Whether the filled values still possible are all ``in`` ``wanted``, all ``out``."""
    if choices is None:
        return None
    if choices <= wanted:
        return "in"
    return "out" if not choices & wanted else None


def verdict(check: CheckSpec, values: Values, spec: FieldSpec) -> str | None:
    """``passes`` or ``fails`` when the check's outcome on one field is decided by what the
    field can be; None when it depends on the value."""
    if not values.can_be_filled:
        return "fails" if check.name == "filled" else "passes"
    if check.name == "filled":
        return None if values.blank else "passes"
    if check.name == "blank":
        return None if values.blank else "fails"
    found = _decided(check, values)
    if found is None:
        return None
    return found if found == "passes" or not values.blank else None


def _decided(check: CheckSpec, values: Values) -> str | None:
    """The outcome for a *filled* value, when it is decided."""
    opts, name = check.options, check.name
    if name in ("one_of", "not_one_of"):
        where = _members(values.choices, frozenset(opts.values))
        if where is None:
            return None
        return "passes" if (where == "in") == (name == "one_of") else "fails"
    if name in ("between", "not_between") and values.choices is not None:
        inside = _in_range(values.choices, opts.min, opts.max)
        if not inside or (any(inside) and not all(inside)):
            return None
        return "passes" if all(inside) == (name == "between") else "fails"
    if name in ("contains", "not_contains"):
        if opts.value in values.contains:
            return "passes" if name == "contains" else "fails"
        if opts.value in values.excludes:
            return "fails" if name == "contains" else "passes"
    return None
