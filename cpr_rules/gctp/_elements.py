"""GCTP data elements (bilag 8 §4.4-4.7): Field, Row, Table, Key, Praes, Rolle, CprData, Kvit.

Private: import them from :mod:`cpr_rules.gctp.model`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Final

if TYPE_CHECKING:
    from cpr_rules.gctp.model import Node

__all__ = [
    "GCTP_VERSION",
    "KVIT_MEANINGS",
    "Attributes",
    "CprData",
    "Field",
    "Key",
    "Kvit",
    "KvitType",
    "Praes",
    "Rolle",
    "Row",
    "Table",
]

Attributes = tuple[tuple[str, str], ...]
"""Attributes the model does not name, as ``(name, value)`` pairs in document order."""

GCTP_VERSION: Final = "1.0"


class KvitType(StrEnum):
    """``Kvit r=…``: the kind of receipt, spelt as CPR spells it (bilag 8 §4.7)."""

    Ok = "Ok"
    Anmrk = "Anmrk"
    Fejl = "Fejl"
    System = "System"
    Afslut = "Afslut"
    Dump = "Dump"


KVIT_MEANINGS: Final = MappingProxyType(
    {
        KvitType.Ok: "Udført uden fejl og anmærkninger (bilag 7 §11: Kvit r=Ok v=0).",
        KvitType.Anmrk: "Advarsel/anmærkning: kan ignoreres ved at validere eller gemme igen"
        " (bilag 3, Kvitteringstype; bilag 7 eks. 17.2).",
        KvitType.Fejl: "Fejl: data skal rettes, før ajourføringen søges gennemført igen"
        " (bilag 3, Kvitteringstype).",
        KvitType.System: "Systemfejl: teknisk fejl i CPR; notér fejltypen og kontakt"
        " CPR-kontoret (bilag 3, Kvitteringstype).",
        KvitType.Afslut: "Afslutningsmeddelelse: serveren har udført, hvad klienten bad om"
        " (bilag 3, Kvitteringstype; bilag 7 §9).",
        KvitType.Dump: "Nævnt i bilag 8 §4.7 uden beskrivelse.",
    }
)
"""What each receipt type means for the client, with its source."""


@dataclass(frozen=True, slots=True)
class Field:
    """``<Field>`` (short form ``<F>``): one value, with its translations (bilag 8 §4.4).

    ``a="L"`` marks a locked field, ``a="S"`` a field the client must fill (bilag 7 §11, bilag 3
    "Indrapporteringsfelter"); ``t``/``ts``/``tm``/``tl`` are the klarskrift of a code; ``e``
    marks an error (bilag 8: 0/1; bilag 7 §14 puts the error number there).
    """

    TAG: ClassVar[str] = "Field"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r", "v", "a", "t", "ts", "tm", "tl", "e")
    r: str
    v: str | None = None
    a: str | None = None
    t: str | None = None
    ts: str | None = None
    tm: str | None = None
    tl: str | None = None
    e: str | None = None
    extra: Attributes = field(default=(), kw_only=True)
    short: bool = field(default=False, kw_only=True)

    @property
    def is_locked(self) -> bool:
        """``a="L"``: the server filled the field and it cannot be changed."""
        return self.a == "L"

    @property
    def is_mandatory(self) -> bool:
        """``a="S"``: a skal-felt the client must fill."""
        return self.a == "S"

    @property
    def has_error(self) -> bool:
        """``e`` is present and not ``0``: the server marked this field as wrong."""
        return self.e not in (None, "", "0")

    @property
    def error_number(self) -> int | None:
        """The error number in ``e`` (bilag 7 §14: ``e="2017"``), if it is a number above 1."""
        if self.e is None or not (self.e.isascii() and self.e.isdigit()) or int(self.e) <= 1:
            return None
        return int(self.e)


class _Container:
    """Look-ups shared by every element that has children."""

    __slots__ = ()
    children: tuple[Node, ...]

    def iter_nodes(self) -> Iterator[Node]:
        """Every descendant element, depth first, in document order."""
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                yield child
                if isinstance(child, _Container):
                    stack.append(iter(child.children))
                    break
            else:
                stack.pop()

    def iter_fields(self) -> Iterator[Field]:
        """Every descendant ``Field``, in document order."""
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                if isinstance(child, Field):
                    yield child
                elif isinstance(child, _Container):
                    stack.append(iter(child.children))
                    break
            else:
                stack.pop()

    def fields(self, name: str) -> tuple[Field, ...]:
        """All descendant fields with ``r=name``."""
        return tuple(f for f in self.iter_fields() if f.r == name)

    def field(self, name: str) -> Field | None:
        """The first descendant field with ``r=name``, or ``None``."""
        return next((f for f in self.iter_fields() if f.r == name), None)

    def table(self, name: str) -> Table | None:
        """The first descendant table with ``r=name``, or ``None``."""
        tables = (n for n in self.iter_nodes() if isinstance(n, Table) and n.r == name)
        return next(tables, None)


@dataclass(frozen=True, slots=True)
class Row(_Container):
    """``<Row>``: one row of a table; ``u`` is C/U/D/M/REST, ``k`` the row key (bilag 8 §4.5)."""

    TAG: ClassVar[str] = "Row"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("u", "k")
    u: str | None = None
    k: str | None = None
    children: tuple[Field, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)

    @property
    def is_model(self) -> bool:
        """``u="M"``: the model row the server sends first, with column attributes."""
        return self.u == "M"

    @property
    def is_restart(self) -> bool:
        """``u="REST"``: the last row, whose ``k`` restarts the search after it."""
        return self.u == "REST"


@dataclass(frozen=True, slots=True)
class Table(_Container):
    """``<Table>``: rows of fields; ``aia`` is the total row count (bilag 8 §4.6)."""

    TAG: ClassVar[str] = "Table"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r", "aia", "min", "max")
    r: str | None = None
    aia: str | None = None
    min: str | None = None
    max: str | None = None
    children: tuple[Row, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)

    @property
    def rows(self) -> tuple[Row, ...]:
        """The data rows: every row except the model row and the restart row."""
        return tuple(r for r in self.children if not (r.is_model or r.is_restart))

    @property
    def restart_key(self) -> str | None:
        """The ``k`` of the ``REST`` row, or ``None`` when the host has no more rows."""
        return next((r.k for r in self.children if r.is_restart), None)

    def values(self, name: str) -> tuple[str, ...]:
        """The ``v`` of field ``name`` in each data row that has it."""
        found = (row.field(name) for row in self.rows)
        return tuple(f.v for f in found if f is not None and f.v is not None)


@dataclass(frozen=True, slots=True)
class Key(_Container):
    """``<Key>``: the key fields that identify the hændelse (PNR, HDTO, KOMK; bilag 9)."""

    TAG: ClassVar[str] = "Key"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ()
    children: tuple[Field, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)


@dataclass(frozen=True, slots=True)
class Praes(_Container):
    """``<Praes r=…>``: presentation data, shown to the user and never updated (bilag 3)."""

    TAG: ClassVar[str] = "Praes"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r",)
    r: str
    children: tuple[Field | Table, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)


@dataclass(frozen=True, slots=True)
class Rolle(_Container):
    """``<Rolle r=…>``: the data of one person in the hændelse, e.g. ``HovedRolle`` (bilag 3)."""

    TAG: ClassVar[str] = "Rolle"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r",)
    r: str
    children: tuple[Field | Table | Praes, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)


@dataclass(frozen=True, slots=True)
class CprData(_Container):
    """``<CprData u=…>``: ``u="O"`` output (presentation), ``u="I"`` input fields (bilag 7 §11)."""

    TAG: ClassVar[str] = "CprData"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("u",)
    u: str
    children: tuple[Rolle, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)


@dataclass(frozen=True, slots=True)
class Kvit(_Container):
    """``<Kvit r=… t=… v=…>``: the receipt: type ``r``, text ``t``, number ``v`` (bilag 8 §4.7).

    A long error comes as a table of ``FEJLTXT`` rows, an Afslut receipt as tables of the persons
    and venteregister entries involved (bilag 8 eks. 18-19, bilag 7 eks. 17.8).
    """

    TAG: ClassVar[str] = "Kvit"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r", "t", "v")
    r: str
    t: str | None = None
    v: str | None = None
    children: tuple[Table | Field, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)

    @property
    def kind(self) -> KvitType | None:
        """The receipt type, or ``None`` for other values (a logon receipt has ``returKode``)."""
        return KvitType(self.r) if self.r in KvitType.__members__ else None

    @property
    def number(self) -> int | None:
        """``v`` as a number (error number, logon return code), or ``None``."""
        return int(self.v) if self.v is not None and self.v.isascii() and self.v.isdigit() else None

    @property
    def text(self) -> str | None:
        """``t``, the receipt text as CPR sent it."""
        return self.t

    @property
    def messages(self) -> tuple[str, ...]:
        """Every text of the receipt: ``t`` (if not blank) and each ``FEJLTXT`` line."""
        head = (self.t,) if self.t and self.t.strip() else ()
        return head + tuple(f.v for f in self.fields("FEJLTXT") if f.v is not None)

    @property
    def is_error(self) -> bool:
        """``Fejl`` or ``System``: the hændelse was not carried out."""
        return self.kind in (KvitType.Fejl, KvitType.System)
