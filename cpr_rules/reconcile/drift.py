"""The drift report: logged reconciliations aggregated per rule, CPR number and table.

It streams: lines are read one at a time (:func:`iter_log_lines`, at most ``max_line_bytes``
each), and memory grows only with the number of distinct findings and days, never with the
number of lines (a million lines stay in a few MB).

Logs are input, not trusted: a line that is too long, not JSON, nested too deep, or not shaped
like :meth:`Reconciliation.to_log` is skipped and counted (``DriftReport.skipped``), never
fatal. Every string read from a log passes :func:`~cpr_rules.personnummer.mask_text` before
it is kept, so no report (text, JSON, HTML) can show a personnummer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
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
            while raw := _read_line(fh, max_line_bytes):
                done += len(raw)
                if progress is not None and done & 0xFFFFF < len(raw):  # about every MiB
                    progress(done)
                if len(raw) > max_line_bytes:
                    done += _drop_rest_of_line(fh) if not raw.endswith(b"\n") else 0
                    yield None
                else:
                    yield raw.decode("utf-8", errors="replace")
    if progress is not None:
        progress(done)


def _read_line(fh: Any, max_line_bytes: int) -> bytes:
    """The next line, or its first ``max_line_bytes + 1`` bytes when it is longer."""
    try:
        return bytes(fh.readline(max_line_bytes + 1))
    except OSError as exc:  # e.g. a folder, or a disk error mid-file
        raise InputError(f"cannot read log {fh.name}: {exc.strerror or exc}") from None


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
    try:
        record = json.loads(line)
    except RecursionError:
        raise ValueError("nested too deep") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    at = mask_text(_optional_str(record, "at"))
    version = mask_text(
        f"{_optional_str(record, 'haendelse')} {_optional_str(record, 'ruleset_version')}"
    )
    pnr = mask_text(_optional_str(record, "pnr"))
    raw_items = record.get("items", [])
    if not isinstance(raw_items, list):
        raise ValueError("items is not a list")
    return at, version, pnr, [Item.from_dict(raw, clean=mask_text) for raw in raw_items]


def _optional_str(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a string")
    return value


def _add(report: DriftReport, at: str, version: str, pnr: str, items: list[Item]) -> None:
    day = at[:10]
    report.rulesets[version] = report.rulesets.get(version, 0) + 1
    for item in items:
        key = item.key()
        entry = report.entries.get(key)
        if entry is None:
            example = {"at": at, "pnr": pnr}
            entry = report.entries[key] = DriftEntry(item, first_seen=at, example=example)
        entry.count += 1
        entry.first_seen = min(entry.first_seen, at) if entry.first_seen else at
        entry.last_seen = max(entry.last_seen, at)
        counts = report.per_day[day]
        counts[item.outcome.value] = counts.get(item.outcome.value, 0) + 1


def aggregate(lines: Iterable[str | None], *, since: dt.date | None = None) -> DriftReport:
    """Aggregate JSON log lines (:meth:`Reconciliation.to_log`); bad lines are counted, skipped.

    A ``None`` (a line :func:`iter_log_lines` found too long) counts as a skipped line; blank
    lines are not counted at all. A line is taken whole or not at all.
    """
    report = DriftReport()
    cutoff = since.isoformat() if since else ""
    for line in lines:
        if line is not None and not line.strip():
            continue
        report.lines += 1
        try:
            if line is None:
                raise ValueError("line too long")
            at, version, pnr, items = parse_log_line(line)
        except ValueError:
            report.skipped += 1
            continue
        if not cutoff or at[:10] >= cutoff:
            _add(report, at, version, pnr, items)
    return report
