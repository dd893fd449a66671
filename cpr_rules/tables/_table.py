"""One compiled code table: columns, a sorted key index, validity and husnr intervals."""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from cpr_rules.adressefelter import HUSNR_MAX_KEY, husnr_key, is_stored_husnr
from cpr_rules.errors import CodeTableError, InputError
from cpr_rules.tables._columns import Column, make_column, pack, unpack
from cpr_rules.tables._manifest import TableSpec
from cpr_rules.tables.lookup import STALE_AFTER, Found, LookupResult, Miss, MissReason

if TYPE_CHECKING:
    from cpr_rules.tables._csvfile import TableFile

__all__ = ["CodeTable"]

_NO_END = dt.date.max.toordinal() + 1  # an open end includes date.max itself
_ARRAYS = ("_int_keys", "_from", "_to")
_MEMOS = frozenset({"_ranges", "_found", "_texts", "_intervals_of", "_undated", "_results"})
_MEMO_MAX = 1 << 16  # keys remembered per table (a table has at most ~240,000)


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
        self._memo()

    def _memo(self) -> None:
        """Per-key and per-row results, filled as they are asked for (never pickled)."""
        self._ranges: dict[tuple[str, ...], range] = {}
        self._found: dict[int, Found] = {}
        self._texts: dict[int, str] = {}
        self._intervals_of: dict[tuple[tuple[str, ...], str], tuple[int, ...]] = {}
        self._results: dict[tuple[tuple[str, ...], dt.date | None, str | None], LookupResult] = {}
        self._undated = self._from is None and self._to is None

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
        state = {k: v for k, v in self.__dict__.items() if k not in _MEMOS}
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
        self._memo()

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

    def text(self, index: int) -> str:
        """The klarskrift of a row: its display columns joined by a blank (remembered)."""
        text = self._texts.get(index)
        if text is None:
            cells = (self.columns[c][index] for c in self.spec.display)
            text = " ".join(c for c in cells if c)
            if len(self._texts) < _MEMO_MAX:
                self._texts[index] = text
        return text

    def _rows(self, key: tuple[str, ...]) -> range:
        """The rows of ``key`` (remembered per key: a dict lookup after the first time)."""
        found = self._ranges.get(key)
        if found is None:
            found = range(*self._find(key))
            if len(self._ranges) < _MEMO_MAX:
                self._ranges[key] = found
        return found

    def _find(self, key: tuple[str, ...]) -> tuple[int, int]:
        if self._widths is None:
            return self._dict_keys.get(tuple(key), (0, 0))
        if len(key) != len(self._widths):
            return 0, 0
        for part, width in zip(key, self._widths, strict=True):
            if len(part) != width or not (part.isdigit() and part.isascii()):  # '⁹' is no 9
                return 0, 0
        packed = int("".join(key))
        return bisect_left(self._int_keys, packed), bisect_right(self._int_keys, packed)

    def contains(self, *key: str) -> bool:
        """True if the key has any row, whatever its validity."""
        return len(self._rows(key)) > 0

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
        Results are remembered per (key, date, husnr): the rule function, the klarskrift and
        the address of one check ask for the same few keys, and a repeated question costs one
        dict lookup (results are immutable, so sharing them changes nothing).
        """
        if match is not None:
            return self._lookup(key, as_of, husnr, match)
        question = (key, as_of, husnr)
        try:
            result = self._results.get(question)
        except TypeError:  # a part that cannot be hashed (a list) is no key
            raise self._wrong_types(key, as_of, husnr) from None
        if result is None:
            result = self._lookup(key, as_of, husnr, None)
            if len(self._results) < _MEMO_MAX:
                self._results[question] = result
        return result

    def _lookup(
        self,
        key: tuple[str, ...],
        as_of: dt.date | None,
        husnr: str | None,
        match: Mapping[str, str] | None,
    ) -> LookupResult:
        if not (
            all(isinstance(part, str) for part in key)
            and (as_of is None or isinstance(as_of, dt.date))
            and (husnr is None or isinstance(husnr, str))
        ):
            raise self._wrong_types(key, as_of, husnr)
        rows: Sequence[int]
        if husnr is not None and self._husnr is not None:
            rows = self._interval_rows(key, husnr)
        else:
            rows = self._rows(key)
        if match:
            rows = self._best_match(rows, match)
        if rows and (as_of is None or self._undated):
            return self._found_at(rows[0])
        if as_of is not None:
            day, starts, ends = as_of.toordinal(), self._from, self._to
            for i in rows:
                if (starts is None or starts[i] <= day) and (ends is None or day < ends[i]):
                    return self._found_at(i)
        return self._miss(rows[0] if rows else None, key, as_of, husnr)

    def _wrong_types(self, key: tuple[Any, ...], as_of: Any, husnr: Any) -> InputError:
        """A look-up a caller got wrong: keys and husnr are text, as_of a date."""
        got = ", ".join(type(part).__name__ for part in key)
        return InputError(
            f"a look-up in {self.spec.name} takes text keys, a text husnr and a date as_of, "
            f"not ({got}), {type(husnr).__name__}, {type(as_of).__name__}"
        )

    def _found_at(self, i: int) -> Found:
        found = self._found.get(i)
        if found is None:
            found = Found(self, i)
            if len(self._found) < _MEMO_MAX:
                self._found[i] = found
        return found

    def _interval_rows(self, key: tuple[str, ...], husnr: str) -> Sequence[int]:
        """The rows of ``key`` whose husnr interval holds ``husnr`` (remembered)."""
        memo = (key, husnr)
        found = self._intervals_of.get(memo)
        if found is None:
            found = self._in_interval(self._rows(key), husnr)
            if len(self._intervals_of) < _MEMO_MAX:
                self._intervals_of[memo] = found
        return found

    def _in_interval(self, candidates: Sequence[int], husnr: str) -> tuple[int, ...]:
        assert self._husnr is not None
        starts, ends, sides = self._husnr
        if husnr.strip() and not is_stored_husnr(husnr):  # 'abc', '⁹', '0202802729'
            return ()  # not in CPR's form: in no interval (it was cut to its first 4 characters)
        k = husnr_key(husnr)
        number = husnr[:3]
        side = int(number) % 2 if number.isdigit() and number.isascii() else -1
        return tuple(i for i in candidates if sides[i] == side and starts[i] <= k <= ends[i])

    def _best_match(self, candidates: Sequence[int], match: Mapping[str, str]) -> list[int]:
        scored = []
        for i in candidates:
            cells = [(self.value(i, c), v) for c, v in match.items() if c in self.columns]
            if all(cell in ("", v) for cell, v in cells):
                scored.append((sum(cell == v for cell, v in cells), i))
        best = max((s for s, _ in scored), default=0)
        return [i for s, i in scored if s == best]

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
