"""The drift report: logged reconciliations aggregated per rule, CPR number and table.

It streams: lines are read one at a time, and memory grows only with the number of distinct
findings and days, never with the number of lines (a million lines stay in a few MB).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TextIO

from cpr_rules.errors import InputError
from cpr_rules.reconcile.model import Item, Outcome

__all__ = ["DriftEntry", "DriftReport", "action_for", "aggregate", "iter_log_lines"]

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
    paths: Iterable[str | Path], progress: Callable[[int], None] | None = None
) -> Iterator[str]:
    """Lines of every log file, one at a time; ``progress`` gets the bytes read so far."""
    done = 0
    for path in paths:
        try:
            fh: TextIO = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"cannot read log {path}: {exc}") from None
        with fh:
            for line in fh:
                done += len(line)
                if progress is not None and done & 0xFFFFF < len(line):  # about every MiB
                    progress(done)
                yield line
    if progress is not None:
        progress(done)


def _add(report: DriftReport, record: dict[str, Any]) -> None:
    at = str(record.get("at", ""))
    day = at[:10]
    version = f"{record.get('haendelse')} {record.get('ruleset_version')}"
    report.rulesets[version] = report.rulesets.get(version, 0) + 1
    for raw in record.get("items", ()):
        item = Item.from_dict(raw)
        key = item.key()
        entry = report.entries.get(key)
        if entry is None:
            example = {"at": at, "pnr": str(record.get("pnr", ""))}
            entry = report.entries[key] = DriftEntry(item, first_seen=at, example=example)
        entry.count += 1
        entry.first_seen = min(entry.first_seen, at) if entry.first_seen else at
        entry.last_seen = max(entry.last_seen, at)
        counts = report.per_day[day]
        counts[item.outcome.value] = counts.get(item.outcome.value, 0) + 1


def aggregate(lines: Iterable[str], *, since: dt.date | None = None) -> DriftReport:
    """Aggregate JSON log lines (:meth:`Reconciliation.to_log`); bad lines are counted, skipped."""
    report = DriftReport()
    cutoff = since.isoformat() if since else ""
    for line in lines:
        if not line.strip():
            continue
        report.lines += 1
        try:
            record = json.loads(line)
            if cutoff and str(record.get("at", ""))[:10] < cutoff:
                continue
            _add(report, record)
        except (ValueError, TypeError, KeyError, AttributeError):
            report.skipped += 1
    return report
