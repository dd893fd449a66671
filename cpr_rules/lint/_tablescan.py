"""One streaming pass over a code table's CSV, finding everything the table checks report.

Half a million rows must be linted in well under a second, so rows are never turned into
objects: each row is a list of strings, its key is taken with :func:`operator.itemgetter`, and
a sorted table is checked by comparing each key with the previous one. Rows with the same key
(adjacent in a sorted table) are looked at together: duplicates are rows whose validity periods
overlap and whose ``match`` columns agree; in a husnr table, rows on the same side of a street
whose intervals overlap. Husnr and date cells are validated through small caches, since the
same few values repeat throughout. Only an unsorted table is read a second time, to group its
rows by key.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from typing import IO

from cpr_rules.adressefelter import HUSNR_MAX_KEY, display_husnr, husnr_key
from cpr_rules.lint._tables import TableUnit
from cpr_rules.lint.diagnostic import Problem
from cpr_rules.tables._csvfile import REQUIRED_PROVENANCE

__all__ = ["TableScan", "scan_table"]

MAX_PER_KIND = 50  # problems of one kind per table; the rest are counted in a last message
_NO_END = dt.date.max.toordinal()
Row = list[str]
Group = list[tuple[int, Row]]


@dataclass
class TableScan:
    """What one pass over a table's CSV found, by kind (one kind per lint check)."""

    file: str
    provenance: dict[str, str] = field(default_factory=dict)
    header: list[tuple[int, str]] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    rows: int = 0
    syntax: list[Problem] = field(default_factory=list)
    missing_columns: list[Problem] = field(default_factory=list)
    provenance_problems: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    unsorted: list[Problem] = field(default_factory=list)
    overlaps: list[Problem] = field(default_factory=list)
    cells: list[Problem] = field(default_factory=list)

    def add(self, kind: list[Problem], line: int, message: str) -> None:
        """Record a problem, at most :data:`MAX_PER_KIND` of a kind (then one summary)."""
        if len(kind) < MAX_PER_KIND:
            kind.append(Problem(self.file, line, 1, message))
        elif len(kind) == MAX_PER_KIND:
            kind.append(Problem(self.file, line, 1, f"… and more like this (from line {line})"))


def _key_text(key: tuple[str, ...]) -> str:
    return "(" + ", ".join(key) + ")"


def _husnr_text(start: str, end: str) -> str:
    if not start.strip() and not end.strip():
        return "the whole side"
    return f"husnr {display_husnr(start) or '…'}-{display_husnr(end) or '…'}"


class _Rows:
    """The row checks of one table; :meth:`run` streams, :meth:`group` looks at equal keys."""

    def __init__(self, unit: TableUnit, scan: TableScan) -> None:
        spec, cols = unit.spec, scan.columns
        self.scan = scan
        self.key_names = spec.key
        self.key_at = [cols.index(c) for c in spec.key]
        self.match_at = [cols.index(c) for c in spec.match]
        self.valid_names = (spec.valid_from, spec.valid_to)
        self.valid_at = [cols.index(c) if c else -1 for c in self.valid_names]
        husnr = spec.husnr
        self.husnr_at = (
            [cols.index(c) for c in (husnr.start, husnr.end, husnr.side)] if husnr else []
        )
        self.dates: dict[str, int | None] = {"": None}
        self.husnrs: dict[str, int | None] = {}

    # -- cells ----------------------------------------------------------------------------
    def _date(self, text: str) -> int | None:
        if text not in self.dates:
            try:
                self.dates[text] = dt.date.fromisoformat(text).toordinal()
            except ValueError:
                self.dates[text] = None
        return self.dates[text]

    def _husnr(self, text: str) -> int | None:
        if text not in self.husnrs:
            digits, letter = text[:3], text[3:]
            good = not text or (
                len(digits) == 3 and digits.isdigit() and letter in ("", *map(chr, range(65, 91)))
            )
            self.husnrs[text] = husnr_key(text) if good else None
        return self.husnrs[text]

    def validity(self, row: Row) -> tuple[int, int]:
        """A row's validity as ordinals ``[from, to)``; a blank or bad date is open."""
        lo = self._date(row[self.valid_at[0]]) if self.valid_at[0] >= 0 else None
        hi = self._date(row[self.valid_at[1]]) if self.valid_at[1] >= 0 else None
        return lo or 0, hi or _NO_END

    def cells(self, row: Row, line: int) -> None:
        """The cells every row must get right: husnr interval and side, validity dates."""
        if self.husnr_at:
            a, b, s = (row[i] for i in self.husnr_at)
            start, end = self._husnr(a), self._husnr(b)
            for text, value in ((a, start), (b, end)):
                if value is None:
                    self.scan.add(
                        self.scan.cells, line, f"{text!r} is not a husnr in CPR form (005, 012B)"
                    )
            if s not in ("L", "U"):
                self.scan.add(self.scan.cells, line, f"side {s!r} is neither L nor U")
            if start is not None and end is not None and end and start > end:
                self.scan.add(self.scan.cells, line, f"{_husnr_text(a, b)} is inverted")
        for i, name in zip(self.valid_at, self.valid_names, strict=True):
            if i >= 0 and row[i] and self._date(row[i]) is None:
                self.scan.add(self.scan.cells, line, f"{name}: {row[i]!r} is not a date YYYY-MM-DD")

    # -- groups of rows with one key -------------------------------------------------------
    def group(self, group: Group) -> None:
        if self.husnr_at:
            sides = [row[self.husnr_at[2]] for _, row in group]
            if len(set(sides)) < len(sides):  # two rows on one side of the street
                self._overlaps(group)
        else:
            self._duplicates(group)

    def _periods(self, rows: Iterable[tuple[int, Row]]) -> list[tuple[int, int, int, Row]]:
        return sorted((*self.validity(row), line, row) for line, row in rows)

    def _duplicates(self, group: Group) -> None:
        by_match: dict[tuple[str, ...], Group] = {}
        for line, row in group:
            by_match.setdefault(tuple(row[i] for i in self.match_at), []).append((line, row))
        for same in by_match.values():
            periods = self._periods(same)
            for (_, hi, first, row), (lo, _, line, _) in pairwise(periods):
                if lo < hi:
                    key = _key_text(tuple(row[i] for i in self.key_at))
                    where = "with overlapping validity " if self.valid_at != [-1, -1] else ""
                    message = f"duplicate key {key} {where}(first at line {first})"
                    self.scan.add(self.scan.duplicates, line, message)

    def _overlaps(self, group: Group) -> None:
        a, b, s = self.husnr_at
        spans = []
        for line, row in group:
            start, end = self._husnr(row[a]), self._husnr(row[b])
            if start is not None and end is not None:
                spans.append((row[s], start, end if row[b].strip() else HUSNR_MAX_KEY, line, row))
        spans.sort(key=itemgetter(0, 1, 2, 3))
        for side in {span[0] for span in spans}:
            self._side_overlaps([span for span in spans if span[0] == side])

    def _side_overlaps(self, spans: list[tuple[str, int, int, int, Row]]) -> None:
        a, b, _ = self.husnr_at
        widest = spans[0]
        for span in spans[1:]:
            side, start, _, line, row = span
            other = widest[4]
            if start <= widest[2] and self._same_time(other, row):
                key = _key_text(tuple(row[i] for i in self.key_at))
                message = (
                    f"{_husnr_text(row[a], row[b])} ({side}) of {key} overlaps "
                    f"{_husnr_text(other[a], other[b])} at line {widest[3]}"
                )
                self.scan.add(self.scan.overlaps, line, message)
            if span[2] > widest[2]:
                widest = span

    def _same_time(self, one: Row, two: Row) -> bool:
        lo1, hi1 = self.validity(one)
        lo2, hi2 = self.validity(two)
        return max(lo1, lo2) < min(hi1, hi2)

    # -- the pass -------------------------------------------------------------------------
    def run(self, fh: IO[str], base: int, width: int) -> bool:
        """Stream the rows after line ``base``; returns whether they were sorted by key.

        The loop is the hot path of the linter: rows of one key are kept in ``group`` (and
        their lines in ``lines``) until the key changes; a husnr table's usual street, one
        interval per side, is passed over without a call; cells are looked at closely only
        the first time a combination is seen."""
        k = self.key_at
        getkey: Callable[[Row], tuple[str, ...]] = (
            itemgetter(*k) if len(k) > 1 else lambda r: (r[k[0]],)
        )
        a, b, side = self.husnr_at or (0, 0, -1)
        every_row = self.valid_at != [-1, -1]
        seen: set[tuple[str, str, str]] = set()
        prev: tuple[str, ...] = ()
        group: list[Row] = []
        lines: list[int] = []
        descents: list[tuple[int, int, tuple[str, ...], tuple[str, ...]]] = []
        reader = csv.reader(fh)
        for row in reader:
            if len(row) != width:
                self._width(row, width, base + reader.line_num)
                continue
            key = getkey(row)
            if key != prev:
                if len(group) > 1 and (
                    side < 0 or len(group) > 2 or group[0][side] == group[1][side]
                ):
                    self.group(list(zip(lines, group, strict=True)))
                line = base + reader.line_num
                if key < prev:
                    descents.append((line, lines[0], key, prev))
                if "" in key:
                    self.scan.add(self.scan.cells, line, f"a key column is blank: {_key_text(key)}")
                prev, group, lines = key, [row], [line]
            else:
                group.append(row)
                lines.append(base + reader.line_num)
            if side >= 0:
                cells = (row[a], row[b], row[side])
                if cells not in seen:
                    seen.add(cells)
                    self.cells(row, base + reader.line_num)
            elif every_row:
                self.cells(row, base + reader.line_num)
        if len(group) > 1:
            self.group(list(zip(lines, group, strict=True)))
        self.scan.rows = reader.line_num
        self._unsorted(descents)
        return not descents

    def _width(self, row: Row, width: int, line: int) -> None:
        if row:
            message = f"expected {width} columns ({','.join(self.scan.columns)}), got {len(row)}"
            self.scan.add(self.scan.syntax, line, message)

    def _unsorted(self, descents: list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]) -> None:
        if not descents:
            return
        line, before, key, prev = descents[0]
        more = f"; {len(descents) - 1} more rows are out of order" if len(descents) > 1 else ""
        message = (
            f"rows are not sorted by {', '.join(self.key_names)}: {_key_text(key)} comes after "
            f"{_key_text(prev)} (line {before}){more}"
        )
        self.scan.add(self.scan.unsorted, line, message)

    def regroup(self, fh: IO[str], base: int, width: int) -> None:
        """For an unsorted table: group every row by key and look at each group again."""
        self.scan.duplicates.clear()
        self.scan.overlaps.clear()
        groups: dict[tuple[str, ...], Group] = {}
        reader = csv.reader(fh)
        for row in reader:
            if len(row) == width:
                key = tuple(row[i] for i in self.key_at)
                groups.setdefault(key, []).append((base + reader.line_num, row))
        for group in groups.values():
            if len(group) > 1:
                self.group(group)


def _header(fh: IO[str], scan: TableScan) -> int:
    """Read the provenance lines and the CSV header row; returns the header row's line."""
    line, text = 1, fh.readline()
    while text.startswith("#"):
        scan.header.append((line, text.rstrip("\r\n")))
        key, sep, value = text[1:].strip().partition(":")
        if not sep:
            scan.add(scan.syntax, line, "a header line reads '# key: value'")
        scan.provenance.setdefault(key.strip(), value.strip())
        line, text = line + 1, fh.readline()
    if not text.strip():
        scan.add(scan.syntax, line, "no CSV header row")
        return 0
    scan.columns = tuple(next(csv.reader([text])))
    return line


def _provenance(unit: TableUnit, scan: TableScan) -> None:
    found, spec = scan.provenance, unit.spec
    missing = [f"# {k}:" for k in REQUIRED_PROVENANCE if k not in found]
    if missing:
        scan.add(scan.provenance_problems, 1, f"missing provenance line(s): {', '.join(missing)}")
    lines = {text[1:].partition(":")[0].strip(): n for n, text in reversed(scan.header)}
    if "table" in found and found["table"] != unit.name:
        message = f"provenance says table {found['table']!r}, the manifest says {unit.name!r}"
        scan.add(scan.provenance_problems, lines["table"], message)
    produced = spec.produced.isoformat() if spec.produced else ""
    if "produced" in found and found["produced"] != produced:
        message = (
            f"provenance says produced {found['produced'] or '(blank)'}, "
            f"the manifest says {produced or '(none)'}"
        )
        scan.add(scan.provenance_problems, lines["produced"], message)
    if "source" in found and not found["source"]:
        scan.add(scan.provenance_problems, lines["source"], "the source is blank")


def _columns(unit: TableUnit, scan: TableScan) -> bool:
    from cpr_rules.rules.loader import did_you_mean

    manifest = unit.manifest
    for column in unit.spec.columns:
        if column not in scan.columns:
            hint = did_you_mean(column, scan.columns) or f"; it has {', '.join(scan.columns)}"
            message = f"table {unit.name!r} has no column {column!r}{hint}"
            scan.missing_columns.append(
                manifest.at(manifest.column_path(unit.name, column), message)
            )
    return not scan.missing_columns


def _not_utf8(unit: TableUnit, scan: TableScan) -> Problem:
    data = unit.path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Problem(scan.file, line, 1, f"not UTF-8 text: {exc.reason} at byte {exc.start}")
    return Problem(scan.file, 1, 1, "not UTF-8 text")  # pragma: no cover


def scan_table(unit: TableUnit) -> TableScan:
    """Scan a table's CSV once (cached on the unit)."""
    if "scan" not in unit.cache:
        scan = TableScan(unit.file)
        try:
            with unit.path.open(encoding="utf-8", newline="") as fh:
                line = _header(fh, scan)
                _provenance(unit, scan)
                if line and _columns(unit, scan):
                    rows = _Rows(unit, scan)
                    if not rows.run(fh, line, len(scan.columns)):
                        fh.seek(0)
                        for _ in range(line):
                            fh.readline()
                        rows.regroup(fh, line, len(scan.columns))
        except UnicodeDecodeError:
            scan.syntax.append(_not_utf8(unit, scan))
        unit.cache["scan"] = scan
    found: TableScan = unit.cache["scan"]
    return found
