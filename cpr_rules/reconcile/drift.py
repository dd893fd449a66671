"""The drift report: logged reconciliations aggregated per rule, CPR number and table.

It streams: lines are read one at a time (:func:`iter_log_lines`, at most ``max_line_bytes``
each), and memory grows only with the number of distinct findings and days, never with the
number of lines (a million lines stay in a few MB).

Logs are input, not trusted: a line that is too long, not JSON, nested too deep, or not shaped
like :meth:`Reconciliation.to_log` is skipped and counted (``DriftReport.skipped``), never
fatal. Every string read from a log passes :func:`~cpr_rules.personnummer.mask_text` before
the report is returned, so no report (text, JSON, HTML) can show a personnummer. Aggregation
is fast by memory: each distinct item and string of a log is masked and modelled once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from json.scanner import make_scanner
from pathlib import Path
from typing import Any, Final

from cpr_rules.errors import InputError
from cpr_rules.personnummer import mask_text
from cpr_rules.reconcile.model import Item, Outcome

__all__ = [
    "MAX_LINE_BYTES",
    "DriftEntry",
    "DriftReport",
    "action_for",
    "aggregate",
    "iter_log_lines",
    "parse_log_line",
]

#: Default bound on one log line (``cpr-rules drift --max-line-bytes``); a real line is ~1 KB.
MAX_LINE_BYTES: Final = 1 << 20
_CHUNK: Final = 1 << 16  # how much of an over-long line is read (and dropped) at a time

_ACTIONS: dict[Outcome, str] = {
    Outcome.AGREE: "nothing to do",
    Outcome.LOCAL_MISSED: "CPR {cpr_kind} {cpr_number} '{cpr_text}' on {fields} was not "
    "predicted: fix the rule that declares {cpr_number} so that it fires",
    Outcome.LOCAL_STRICTER: "rule {rule} ({source}) rejects what CPR accepts: relax, re-date "
    "or retire it",
    Outcome.TRANSLATION_DIFFERS: "table {table} (produced {produced}) says '{ours}' for "
    "{code}, CPR says '{theirs}': update the table (cpr-rules tables import)",
    Outcome.UNKNOWN_CPR_NUMBER: "CPR {cpr_kind} {cpr_number} '{cpr_text}' is declared by no "
    "rule: declare it on {rule_or_new}",
    Outcome.CPR_SYSTEM: "CPR system error '{cpr_text}': contact CPR-kontoret if it persists",
}


def action_for(item: Item) -> str:
    """What a rule author should do about an item (one English sentence)."""
    values: dict[str, Any] = {
        f.name: "" if getattr(item, f.name) is None else getattr(item, f.name) for f in fields(item)
    }
    values["fields"] = ",".join(item.fields) or "-"
    values["code"] = "/".join(item.code)
    values["rule_or_new"] = f"rule {item.rule} ({item.source})" if item.rule else "a new rule"
    return _ACTIONS[item.outcome].format(**values)


@dataclass
class DriftEntry:
    """One distinct finding across the logs."""

    item: Item
    count: int = 0
    first_seen: str = ""
    last_seen: str = ""
    example: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.item.to_dict(),
            "count": self.count,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "example": self.example,
            "action": action_for(self.item),
        }


@dataclass
class DriftReport:
    """Everything the drift report shows."""

    lines: int = 0
    skipped: int = 0
    entries: dict[tuple[Any, ...], DriftEntry] = field(default_factory=dict)
    per_day: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    rulesets: dict[str, int] = field(default_factory=dict)

    def drift(self) -> list[DriftEntry]:
        """The entries to act on, most frequent first."""
        keep = [
            e
            for e in self.entries.values()
            if e.item.outcome not in (Outcome.AGREE, Outcome.CPR_SYSTEM)
        ]
        return sorted(keep, key=lambda e: (-e.count, e.item.outcome.value, str(e.item.key())))

    def totals(self) -> dict[str, int]:
        """Count per outcome."""
        out: dict[str, int] = defaultdict(int)
        for entry in self.entries.values():
            out[entry.item.outcome.value] += entry.count
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "skipped": self.skipped,
            "totals": self.totals(),
            "rulesets": dict(sorted(self.rulesets.items())),
            "drift": [e.to_dict() for e in self.drift()],
            "per_day": {d: dict(sorted(c.items())) for d, c in sorted(self.per_day.items())},
        }


def iter_log_lines(
    paths: Iterable[str | Path],
    progress: Callable[[int], None] | None = None,
    *,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[str | None]:
    """Lines of every log file, one at a time, each at most ``max_line_bytes`` long.

    A longer line is read in chunks and dropped: it yields ``None`` (counted as skipped by
    :func:`aggregate`), so memory stays bounded by ``max_line_bytes`` whatever the file holds.
    Bytes that are not UTF-8 become U+FFFD. ``progress`` gets the bytes read so far (about
    every MiB). A file that cannot be opened raises :class:`~cpr_rules.errors.InputError`.
    """
    if max_line_bytes < 1:
        raise InputError(f"max_line_bytes must be at least 1, got {max_line_bytes}")
    done = 0
    for path in paths:
        try:
            fh = open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"cannot read log {path}: {exc.strerror or exc}") from None
        with fh:
            readline, limit = fh.readline, max_line_bytes + 1
            while True:
                try:  # the next line, or its first max_line_bytes + 1 bytes when longer
                    raw = readline(limit)
                except OSError as exc:  # e.g. a folder, or a disk error mid-file
                    raise InputError(f"cannot read log {path}: {exc.strerror or exc}") from None
                if not raw:
                    break
                size = len(raw)
                done += size
                if progress is not None and done & 0xFFFFF < size:  # about every MiB
                    progress(done)
                if size > max_line_bytes:
                    done += _drop_rest_of_line(fh) if not raw.endswith(b"\n") else 0
                    yield None
                else:
                    yield raw.decode("utf-8", "replace")
    if progress is not None:
        progress(done)


def _drop_rest_of_line(fh: Any) -> int:
    """Skip to just after the next newline; the number of bytes skipped."""
    skipped = 0
    while chunk := fh.readline(_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def parse_log_line(line: str) -> tuple[str, str, str, list[Item]]:
    """``(at, version, pnr, items)`` of one log line, personnumre masked in every string.

    Raises :class:`ValueError` (or a subclass) for anything that is not a
    :meth:`~cpr_rules.reconcile.Reconciliation.to_log` line: not JSON, nested too deep for the
    parser, a field of the wrong type, an unknown outcome.
    """
    return _LineParser().parse(line)


_MEMO_MAX: Final = 1 << 16  # distinct strings and items remembered while aggregating


class _LineParser:
    """:func:`parse_log_line` with memories for one pass over the logs: a log repeats the same
    items (rule, CPR number, fields) and strings over and over, so each distinct one is masked
    and made an :class:`Item` once. Items are frozen, so sharing them changes nothing."""

    def __init__(self) -> None:
        self._masked: dict[str, str] = {}
        self._items: dict[Any, tuple[Item, tuple[Any, ...]]] = {}
        self._versions: dict[tuple[str, str], str] = {}

    def clean(self, text: str) -> str:
        masked = self._masked.get(text)
        if masked is None:
            masked = mask_text(text)
            if len(self._masked) < _MEMO_MAX:
                self._masked[text] = masked
        return masked

    def item(self, raw: Any) -> tuple[Item, tuple[Any, ...]]:
        """The item of a raw log item, and its :meth:`Item.key`."""
        try:  # a hashable copy of the raw item (lists as tuples); unhashable: no memory
            memo: Any = tuple([(k, tuple(v) if type(v) is list else v) for k, v in raw.items()])
            found = self._items.get(memo)
        except (AttributeError, TypeError):
            item = Item.from_dict(raw, clean=self.clean)
            return item, item.key()
        if found is None:
            item = Item.from_dict(raw, clean=self.clean)
            found = item, item.key()
            if len(self._items) < _MEMO_MAX:
                self._items[memo] = found
        return found

    def parse(self, line: str) -> tuple[str, str, str, list[Item]]:
        at, version, pnr, keyed = self.parse_raw(line)
        return mask_text(at), version, mask_text(pnr), [item for item, _ in keyed]

    def parse_raw(self, line: str) -> tuple[str, str, str, list[tuple[Item, tuple[Any, ...]]]]:
        """Like :meth:`parse` but ``at`` and ``pnr`` not masked yet (the caller masks what it
        keeps), and every item with its :meth:`Item.key`."""
        try:
            record = _loads(line)
        except RecursionError:
            raise ValueError("nested too deep") from None
        if record.__class__ is not dict:
            raise ValueError("not a JSON object")
        at, pnr = record.get("at"), record.get("pnr")
        if at.__class__ is not str:
            at = _optional_str(record, "at")
        if pnr.__class__ is not str:
            pnr = _optional_str(record, "pnr")
        names = (record.get("haendelse"), record.get("ruleset_version"))
        both_str = names[0].__class__ is str and names[1].__class__ is str
        version = self._versions.get(names) if both_str else None  # type: ignore[arg-type]
        if version is None:
            names = (_optional_str(record, "haendelse"), _optional_str(record, "ruleset_version"))
            version = self.clean(f"{names[0]} {names[1]}")
            if len(self._versions) < _MEMO_MAX:
                self._versions[names] = version
        raw_items = record.get("items", [])
        if raw_items.__class__ is not list:
            raise ValueError("items is not a list")
        return at, version, pnr, [self.item(raw) for raw in raw_items]


_SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # (typeshed: a class)
_JSON_BLANKS = " \t\n\r"


def _loads(line: str) -> Any:
    """``json.loads(line)`` without its Python-level wrapper (the C scanner, then a check that
    only blanks follow); raises :class:`ValueError` where ``json.loads`` does."""
    start = 0 if line[:1] == "{" else len(line) - len(line.lstrip(_JSON_BLANKS))
    try:
        value, end = _SCAN(line, start)
    except StopIteration:
        return json.loads(line)  # not JSON: let json say why
    if end != len(line) and line[end:].lstrip(_JSON_BLANKS):
        return json.loads(line)  # extra data after the value: json raises
    return value


def _optional_str(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value.__class__ is str:
        return value
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a string")
    return value


def aggregate(lines: Iterable[str | None], *, since: dt.date | None = None) -> DriftReport:
    """Aggregate JSON log lines (:meth:`Reconciliation.to_log`); bad lines are counted, skipped.

    A ``None`` (a line :func:`iter_log_lines` found too long) counts as a skipped line; blank
    lines are not counted at all. A line is taken whole or not at all.
    """
    report = DriftReport()
    parser = _LineParser()
    cutoff = since.isoformat() if since else ""
    parse, clean, masked = parser.parse_raw, parser.clean, parser._masked
    entries, per_day, rulesets = report.entries, report.per_day, report.rulesets
    lines_seen = skipped = 0
    for line in lines:
        if line is not None and (not line or line.isspace()):  # as `not line.strip()`, no copy
            continue
        lines_seen += 1
        try:
            if line is None:
                raise ValueError("line too long")
            at, version, pnr, items = parse(line)
        except ValueError:
            skipped += 1
            continue
        day = masked.get(at[:10]) or clean(at[:10])  # the (masked) day: its first ten characters
        if cutoff and day < cutoff:
            continue
        # count the line's items; `at` and `pnr` are raw here (see _mask_seen)
        rulesets[version] = rulesets.get(version, 0) + 1
        counts = per_day[day]
        for item, key in items:
            entry = entries.get(key)
            if entry is None:
                example = {"at": mask_text(at), "pnr": mask_text(pnr)}
                entry = entries[key] = DriftEntry(item, first_seen=at, example=example)
            entry.count += 1
            if at < entry.first_seen or not entry.first_seen:
                entry.first_seen = at
            if at > entry.last_seen:
                entry.last_seen = at
            outcome = key[0]  # the outcome's value
            counts[outcome] = counts.get(outcome, 0) + 1
    report.lines, report.skipped = lines_seen, skipped
    _mask_seen(report)
    return report


def _mask_seen(report: DriftReport) -> None:
    """Mask the first and last ``at`` of every entry: compared raw while aggregating (a mask per
    entry instead of one per line), masked before the report leaves :func:`aggregate`."""
    for entry in report.entries.values():
        entry.first_seen = mask_text(entry.first_seen)
        entry.last_seen = mask_text(entry.last_seen)
