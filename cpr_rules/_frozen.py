"""Frozen value classes without :mod:`dataclasses`.

The classes a check builds and returns (findings, reports, lookup results, personnumre) and
those it loads (table specs, compiled rule sets) used to be frozen dataclasses. Importing
:mod:`dataclasses` pulls in ``inspect``, ``ast``, ``dis``, ``tokenize`` and ``copy``, and each
decorator generates and compiles its methods at import: together about a fifth of the start of
``cpr-rules check``. A :class:`Frozen` subclass lists its fields in ``_fields`` (constructor
order) and writes its own ``__init__``; this base gives what ``@dataclass(frozen=True)`` gave:
equality and hash over the compared fields, the same ``repr``, assignment refused, pickling,
and :func:`replace`.

>>> class Point(Frozen):
...     __slots__ = _fields = ("x", "y")
...     def __init__(self, x: int, y: int = 0) -> None:
...         setfield(self, "x", x)
...         setfield(self, "y", y)
>>> p = Point(1, 2)
>>> p, p == Point(1, 2), replace(p, y=5)
(Point(x=1, y=2), True, Point(x=1, y=5))
>>> p.x = 3
Traceback (most recent call last):
...
cpr_rules._frozen.FrozenInstanceError: cannot assign to field 'x'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["Frozen", "FrozenInstanceError", "replace", "setfield"]

setfield = object.__setattr__
"""Sets a field of a frozen instance (for ``__init__`` only)."""

if TYPE_CHECKING:  # a TypeVar with a bound costs ≈ 1 ms at import (it compiles the bound)
    _F = TypeVar("_F", bound="Frozen")


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen value (as :mod:`dataclasses` raises it)."""


class Frozen:
    """Base of a frozen value class: see the module docstring."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    """Every field, in the order of the constructor's parameters."""
    _compare: tuple[str, ...] | None = None
    """The fields equality and hash read (default: all of ``_fields``)."""
    _repr: tuple[str, ...] | None = None
    """The fields ``repr`` shows (default: all of ``_fields``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[Any, ...]:
        names = self._fields if self._compare is None else self._compare
        return tuple(getattr(self, name) for name in names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        names = self._fields if self._repr is None else self._repr
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), tuple(getattr(self, name) for name in self._fields))


def replace(value: _F, **changes: Any) -> _F:
    """A copy of ``value`` with some fields changed (as :func:`dataclasses.replace`)."""
    unknown = set(changes) - set(value._fields)
    if unknown:
        raise TypeError(f"{type(value).__name__} has no field(s) {sorted(unknown)}")
    return type(value)(**{name: getattr(value, name) for name in value._fields} | changes)
