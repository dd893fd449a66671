"""One compiled code table: columns, a sorted key index, validity and husnr intervals."""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from cpr_rules.adressefelter import HUSNR_MAX_KEY, husnr_key
from cpr_rules.errors import CodeTableError
from cpr_rules.tables._columns import Column, make_column, pack, unpack
from cpr_rules.tables._manifest import TableSpec
from cpr_rules.tables.lookup import STALE_AFTER, Found, LookupResult, Miss, MissReason

if TYPE_CHECKING:
    from cpr_rules.tables._csvfile import TableFile

__all__ = ["CodeTable"]

_NO_END = dt.date.max.toordinal() + 1
_ARRAYS = ("_int_keys", "_from", "_to")  # an open end includes date.max itself


def _ordinal(text: str, default: int, where: str) -> int:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text).toordinal()
    except ValueError:
        raise CodeTableError(f"{where}: {text!r} is not a date YYYY-MM-DD") from None


class CodeTable:
    """A code table compiled from its CSV and manifest entry.

    Rows are sorted by key. Keys made of fixed-width digit codes (kommunekode, vejkode …) are
    packed into one integer each and found with :func:`bisect` on an ``array``; other keys use a
    dict from key tuple to row range. Either way a key gives a contiguous range of rows, which
    are then filtered by husnr interval, exact-match columns and validity dates.
    """

    def __init__(self, spec: TableSpec, file: TableFile) -> None:
        missing = [c for c in spec.columns if c not in file.columns]
        if missing:
            raise CodeTableError(
                f"table {spec.name!r} lacks column(s) {missing}; it has {list(file.columns)}",
                file=file.path,
                line=file.first_data_line - 1,
            )
        pos = [file.columns.index(c) for c in spec.key]
        rows = sorted(file.rows, key=itemgetter(*pos))  # stable: rows of one key keep their order
        self.spec = spec
        self.length = len(rows)
        self.column_names = file.columns
        cells = list(zip(*rows, strict=True)) if rows else [() for _ in file.columns]
        self.columns: dict[str, Column] = {
            name: make_column(cells[i]) for i, name in enumerate(file.columns)
        }
        self._widths = self._digit_widths([cells[i] for i in pos])
        self._int_keys = array("q")
        if self._widths is not None:
            packed = map("".join, zip(*(cells[i] for i in pos), strict=True))
            self._int_keys = array("q", map(int, packed))
        self._dict_keys: dict[tuple[str, ...], tuple[int, int]] = {}
        if self._widths is None:
            self._int_keys = array("q")
            for n, r in enumerate(rows):
                k = tuple(r[i] for i in pos)
                lo, _ = self._dict_keys.get(k, (n, n))
                self._dict_keys[k] = (lo, n + 1)
        where = f"{file.path}"
        self._from = self._dates(rows, file, spec.valid_from, 0, where)
        self._to = self._dates(rows, file, spec.valid_to, _NO_END, where)
        self._husnr = self._intervals(rows, file) if spec.husnr else None

    # -- building ---------------------------------------------------------------------------
    @staticmethod
    def _digit_widths(key_columns: Sequence[Sequence[str]]) -> tuple[int, ...] | None:
        """The width of each key column if every key cell is ASCII digits of one width."""
        widths = []
        for column in key_columns:
            lengths = set(map(len, column))
            if len(lengths) != 1 or not all(c.isdigit() and c.isascii() for c in set(column)):
                return None
            widths.append(lengths.pop())
        return tuple(widths) if widths and sum(widths) <= 18 else None

    @staticmethod
    def _dates(
        rows: Sequence[list[str]], file: TableFile, column: str | None, default: int, where: str
    ) -> array[int] | None:
        if column is None:
            return None
        i = file.columns.index(column)
        return array("i", (_ordinal(r[i], default, f"{where}: column {column}") for r in rows))

    def _intervals(
        self, rows: Sequence[list[str]], file: TableFile
    ) -> tuple[array[int], array[int], array[int]]:
        assert self.spec.husnr is not None
        a, b, s = (
            file.columns.index(c)
            for c in (self.spec.husnr.start, self.spec.husnr.end, self.spec.husnr.side)
        )
        distinct = {r[a] for r in rows} | {r[b] for r in rows}  # a few thousand values
        keys = {h: husnr_key(h) for h in distinct}
        starts = array("i", (keys[r[a]] for r in rows))
        # one blank bound is open; both blank covers only the blank husnr (key 0, issue 9)
        ends = array(
            "i",
            (keys[r[b]] if r[b].strip() else (HUSNR_MAX_KEY if r[a].strip() else 0) for r in rows),
        )
        sides = array("b", (0 if r[s] == "L" else 1 for r in rows))
        return starts, ends, sides

    # -- storing: every array goes out of band (see _columns.py) -----------------------------
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in _ARRAYS:
            if state[name] is not None:
                state[name] = pack(state[name])
        if self._husnr is not None:
            state["_husnr"] = tuple(pack(a) for a in self._husnr)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in _ARRAYS:
            if state[name] is not None:
                state[name] = unpack(state[name])
        if state["_husnr"] is not None:
            state["_husnr"] = tuple(unpack(a) for a in state["_husnr"])
        self.__dict__.update(state)

    # -- reading ----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The table's name in the manifest (``vejstykker``)."""
        return self.spec.name

    def __len__(self) -> int:
        return self.length

    def value(self, index: int, column: str) -> str:
        """One cell."""
        return self.columns[column][index]

    def row(self, index: int) -> dict[str, str]:
        """One row as a dict."""
        return {name: col[index] for name, col in self.columns.items()}

    def rows(self) -> list[dict[str, str]]:
        """Every row, sorted by key (for linting and tests; not for the hot path)."""
        return [self.row(i) for i in range(self.length)]

    def _range(self, key: Sequence[str]) -> tuple[int, int]:
        if self._widths is None:
            return self._dict_keys.get(tuple(key), (0, 0))
        if len(key) != len(self._widths):
            return 0, 0
        for part, width in zip(key, self._widths, strict=True):
            if len(part) != width or not part.isdigit():
                return 0, 0
        packed = int("".join(key))
        return bisect_left(self._int_keys, packed), bisect_right(self._int_keys, packed)

    def contains(self, *key: str) -> bool:
        """True if the key has any row, whatever its validity."""
        lo, hi = self._range(key)
        return hi > lo

    def lookup(
        self,
        *key: str,
        as_of: dt.date | None = None,
        husnr: str | None = None,
        match: Mapping[str, str] | None = None,
    ) -> LookupResult:
        """The row for ``key`` valid on ``as_of``; for interval tables, the one holding ``husnr``.

        ``husnr`` is in CPR form (``005``, ``012B``); ``match`` gives the exact-match columns of
        address tables (``etage``, ``sidedoer``), where a blank cell in the table matches any.
        """
        lo, hi = self._range(key)
        candidates: range | list[int] = range(lo, hi)
        if self._husnr is not None and husnr is not None:
            candidates = self._in_interval(candidates, husnr)
        if match:
            candidates = self._best_match(candidates, match)
        return self._valid(candidates, key, as_of, husnr)

    def _in_interval(self, candidates: range | list[int], husnr: str) -> list[int]:
        assert self._husnr is not None
        starts, ends, sides = self._husnr
        k = husnr_key(husnr)
        side = int(husnr[:3]) % 2 if husnr[:3].isdigit() else -1
        return [i for i in candidates if sides[i] == side and starts[i] <= k <= ends[i]]

    def _best_match(self, candidates: range | list[int], match: Mapping[str, str]) -> list[int]:
        scored = []
        for i in candidates:
            cells = [(self.value(i, c), v) for c, v in match.items() if c in self.columns]
            if all(cell in ("", v) for cell, v in cells):
                scored.append((sum(cell == v for cell, v in cells), i))
        best = max((s for s, _ in scored), default=0)
        return [i for s, i in scored if s == best]

    def _valid(
        self,
        candidates: range | list[int],
        key: Sequence[str],
        as_of: dt.date | None,
        husnr: str | None,
    ) -> LookupResult:
        day = as_of.toordinal() if as_of else None
        first = None
        for i in candidates:
            if day is None or self._is_valid(i, day):
                return Found(self, i)
            first = i if first is None else first
        return self._miss(first, tuple(key), as_of, husnr)

    def _is_valid(self, i: int, day: int) -> bool:
        starts_ok = self._from is None or self._from[i] <= day
        return starts_ok and (self._to is None or day < self._to[i])

    def _miss(
        self, invalid: int | None, key: tuple[str, ...], as_of: dt.date | None, husnr: str | None
    ) -> Miss:
        spec = self.spec
        common = {
            "table": spec.name,
            "key": key,
            "as_of": as_of,
            "produced": spec.produced,
            "husnr": husnr,
        }
        if invalid is not None and as_of is not None:
            if self._from is not None and self._from[invalid] > as_of.toordinal():
                start = dt.date.fromordinal(self._from[invalid])
                return Miss(reason=MissReason.NOT_YET, valid_from=start, **common)  # type: ignore[arg-type]
            assert self._to is not None
            end = dt.date.fromordinal(self._to[invalid])
            return Miss(reason=MissReason.ENDED, valid_to=end, **common)  # type: ignore[arg-type]
        stale = (
            not spec.closed
            and spec.produced is not None
            and as_of is not None
            and as_of - spec.produced > STALE_AFTER
        )
        reason = MissReason.STALE if stale else MissReason.UNKNOWN
        return Miss(reason=reason, **common)  # type: ignore[arg-type]
