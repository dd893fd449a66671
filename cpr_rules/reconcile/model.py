"""What a reconciliation says: one :class:`Item` per disagreement (or agreement) between the
local :class:`~cpr_rules.rules.Report` and CPR's verdict, and the JSON line rule authors log."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["CprVerdictLike", "Item", "Outcome", "Reconciliation"]


class Outcome(enum.StrEnum):
    """How the local verdict and CPR's compare."""

    AGREE = "agree"
    """Both ok, or CPR's Fejl/Anmrk is explained by a local finding."""
    LOCAL_MISSED = "local_missed"
    """CPR rejected or warned with a number a rule declares, but no local finding predicted it."""
    LOCAL_STRICTER = "local_stricter"
    """A local error where CPR said Ok."""
    TRANSLATION_DIFFERS = "translation_differs"
    """CPR's klarskrift (``t``) of a code differs from our code table's."""
    UNKNOWN_CPR_NUMBER = "unknown_cpr_number"
    """CPR answered with a number that no local rule declares."""
    CPR_SYSTEM = "cpr_system"
    """CPR answered with a system error, or with no kind it gives: nothing can be compared."""


class CprVerdictLike(Protocol):
    """What reconciliation needs of CPR's validate answer (``cpr_rules.session.CprVerdict``)."""

    @property
    def kind(self) -> str:
        """CPR's Kvit type: ``Ok``, ``Anmrk``, ``Fejl``, ``System`` (or ``Afslut``)."""

    @property
    def number(self) -> int | None:
        """CPR's number (``v``); 0 or None when CPR gave none."""

    @property
    def text(self) -> str:
        """CPR's text (``t``)."""

    @property
    def field(self) -> str | None:
        """The field CPR marked (``e`` on a Field), if any."""

    @property
    def translations(self) -> Mapping[str, str]:
        """CPR's klarskrift per field (``t`` attributes)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One comparison result; which attributes are set depends on the outcome."""

    outcome: Outcome
    rule: str | None = None
    source: str | None = None
    fields: tuple[str, ...] = ()
    cpr_kind: str | None = None
    cpr_number: int | None = None
    cpr_text: str | None = None
    table: str | None = None
    code: tuple[str, ...] = ()
    ours: str | None = None
    theirs: str | None = None
    produced: dt.date | None = None
    values: tuple[tuple[str, str], ...] = ()
    """The submitted values of ``fields`` that met CPR's verdict, personnumre masked
    (``(("CADR_HUSNR", "012"),)``): what a rule author needs to write the rule. Not grouped by."""

    def key(self) -> tuple[Any, ...]:
        """What the drift report groups by; a CPR message without a number also by its text and
        field (each such text is a rule of its own to write)."""
        numberless = self.cpr_kind in ("Fejl", "Anmrk") and not self.cpr_number
        return (
            self.outcome.value,
            self.rule,
            self.cpr_kind,
            self.cpr_number,
            self.table,
            self.code,
            self.theirs if self.outcome is Outcome.TRANSLATION_DIFFERS else None,
            (self.cpr_text, self.fields) if numberless else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form; unset attributes left out."""
        out: dict[str, Any] = {"outcome": self.outcome.value}
        for name in (
            "rule",
            "source",
            "cpr_kind",
            "cpr_number",
            "cpr_text",
            "table",
            "ours",
            "theirs",
        ):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.fields:
            out["fields"] = list(self.fields)
        if self.code:
            out["code"] = list(self.code)
        if self.produced:
            out["produced"] = self.produced.isoformat()
        if self.values:
            out["values"] = dict(self.values)
        return out

    @classmethod
    def from_dict(cls, raw: object, *, clean: Callable[[str], str] = str) -> Item:
        """Inverse of :meth:`to_dict` (for the drift report reading logs).

        Anything not shaped like :meth:`to_dict`'s output raises :class:`ValueError` naming the
        field. ``clean`` is applied to every string read (the drift report masks personnumre).
        """
        if not isinstance(raw, Mapping):
            raise ValueError("an item is not a JSON object")
        number = raw.get("cpr_number")
        if number is not None and (type(number) is not int or not 0 <= number < _MAX_CPR_NUMBER):
            raise ValueError("item cpr_number is not a CPR number (an integer 0-999999)")
        produced = _text(raw, "produced", str)
        return cls(
            outcome=Outcome(_text(raw, "outcome", str) or ""),
            rule=_text(raw, "rule", clean),
            source=_text(raw, "source", clean),
            fields=_texts(raw, "fields", clean),
            cpr_kind=_text(raw, "cpr_kind", clean),
            cpr_number=number,
            cpr_text=_text(raw, "cpr_text", clean),
            table=_text(raw, "table", clean),
            code=_texts(raw, "code", clean),
            ours=_text(raw, "ours", clean),
            theirs=_text(raw, "theirs", clean),
            produced=dt.date.fromisoformat(produced) if produced else None,
            values=_values(raw, clean),
        )


_MAX_CPR_NUMBER = 1_000_000  # CPR numbers are short (901, 2523); ten digits could be a PNR


def _text(raw: Mapping[str, Any], name: str, clean: Callable[[str], str]) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"item {name} is not a string")
    return clean(value)


def _values(raw: Mapping[str, Any], clean: Callable[[str], str]) -> tuple[tuple[str, str], ...]:
    value = raw.get("values", {})
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("item values is not an object of strings")
    return tuple((clean(k), clean(v)) for k, v in value.items())


def _texts(raw: Mapping[str, Any], name: str, clean: Callable[[str], str]) -> tuple[str, ...]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"item {name} is not a list of strings")
    return tuple(clean(v) for v in value)


@dataclass(frozen=True)
class Reconciliation:
    """The local report and CPR's verdict compared."""

    haendelse: str
    ruleset_version: str
    items: tuple[Item, ...]
    tables: Mapping[str, dt.date | None] = field(default_factory=dict)

    @property
    def agrees(self) -> bool:
        """True when every item is an agreement."""
        return all(i.outcome is Outcome.AGREE for i in self.items)

    @property
    def drift(self) -> tuple[Item, ...]:
        """The items a rule author should act on."""
        return tuple(i for i in self.items if i.outcome not in (Outcome.AGREE, Outcome.CPR_SYSTEM))

    def to_log(self, *, pnr: str, at: dt.datetime) -> dict[str, Any]:
        """One JSON-able log line; ``pnr`` must already be masked (``DDMMÅÅ-****``)."""
        return {
            "at": at.isoformat(timespec="seconds"),
            "haendelse": self.haendelse,
            "ruleset_version": self.ruleset_version,
            "tables": {k: v.isoformat() if v else None for k, v in self.tables.items()},
            "pnr": pnr,
            "items": [i.to_dict() for i in self.items],
        }
