"""What a code-table lookup returns: a :class:`Found` row, or a :class:`Miss` that says why.

A miss is never an exception: the caller (validator, translator) turns it into a finding or a
klarskrift that names the table and the date. :class:`MissReason` tells "this code does not exist
(as of that date)" from "our table is more than a year older than that date, so CPR may know a
code we do not" (*stale*).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cpr_rules._frozen import Frozen, setfield

if TYPE_CHECKING:
    from cpr_rules.tables._table import CodeTable

__all__ = ["STALE_AFTER", "Found", "LookupResult", "Miss", "MissReason"]

STALE_AFTER = dt.timedelta(days=365)
"""A miss in a table produced more than this long before the date asked about is *stale*."""


class MissReason(enum.StrEnum):
    """Why a lookup found nothing."""

    UNKNOWN = "unknown"
    """No such code in the table (or outside the husnr intervals)."""
    STALE = "stale"
    """Not in our table, but the table is over a year older than the date: CPR may know it."""
    ENDED = "ended"
    """The code existed but had stopped being valid before the date (``valid_to`` ≤ date)."""
    NOT_YET = "not_yet"
    """The code exists but only becomes valid after the date (``valid_from`` > date)."""

    @property
    def is_unknown(self) -> bool:
        """True when the code is definitely not valid as of the date (not merely stale)."""
        return self is not MissReason.STALE


class Found(Frozen):
    """A row that matched. Columns are read with ``found["postnr"]``; ``row`` gives them all."""

    __slots__ = ("_text", "index", "table")
    _fields = ("table", "index")
    table: CodeTable
    index: int
    _text: str | None

    def __init__(self, table: CodeTable, index: int) -> None:
        setfield(self, "table", table)
        setfield(self, "index", index)
        setfield(self, "_text", None)

    def __bool__(self) -> bool:
        return True

    def __getitem__(self, column: str) -> str:
        return self.table.value(self.index, column)

    @property
    def row(self) -> Mapping[str, str]:
        """Every column of the matched row."""
        return self.table.row(self.index)

    @property
    def text(self) -> str:
        """The klarskrift: the display columns joined by a blank (``1620 København V``)."""
        text = self._text
        if text is None:  # rows' results are shared: the text is joined once per row
            text = self.table.text(self.index)
            setfield(self, "_text", text)
        return text

    def __repr__(self) -> str:
        return f"Found({self.table.name!r}, {dict(self.row)!r})"


class Miss(Frozen):
    """Nothing matched. Falsy, so ``if result:`` reads naturally."""

    __slots__ = _fields = (
        "table",
        "key",
        "reason",
        "as_of",
        "produced",
        "valid_from",
        "valid_to",
        "husnr",
    )
    table: str
    key: tuple[str, ...]
    reason: MissReason
    as_of: dt.date | None
    produced: dt.date | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    husnr: str | None

    def __init__(
        self,
        table: str,
        key: tuple[str, ...],
        reason: MissReason,
        as_of: dt.date | None = None,
        produced: dt.date | None = None,
        valid_from: dt.date | None = None,
        valid_to: dt.date | None = None,
        husnr: str | None = None,
    ) -> None:
        values = (table, key, reason, as_of, produced, valid_from, valid_to, husnr)
        for name, value in zip(self._fields, values, strict=True):
            setfield(self, name, value)

    def __bool__(self) -> bool:
        return False

    @property
    def is_stale(self) -> bool:
        """The table may simply be too old to know this code."""
        return self.reason is MissReason.STALE

    def describe(self) -> str:
        """One English line naming the table, the key and the date (for logs and errors)."""
        key = "/".join(self.key) + (f" husnr {self.husnr}" if self.husnr else "")
        when = f" as of {self.as_of.isoformat()}" if self.as_of else ""
        extra = {
            MissReason.UNKNOWN: "",
            MissReason.STALE: f" (table produced {self.produced}, may be out of date)",
            MissReason.ENDED: f" (ended {self.valid_to})",
            MissReason.NOT_YET: f" (valid from {self.valid_from})",
        }[self.reason]
        return f"{key} not in {self.table}{when}{extra}"


LookupResult = Found | Miss
