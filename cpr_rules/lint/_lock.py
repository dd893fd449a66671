"""The rule-id lock file (``rulesets/rule-ids.lock``): every rule id ever used, per hændelse,
with what it means, so that an id is never reused for something else (STYLE.md: "Rule ids …
are never renamed or reused; retire them with a status").

The file is YAML, written by ``cpr-rules lint --update-lock`` and reviewed like code::

    FLYTB-I:
      husnr-eller-bnr: {meaning: "at_most_one_of CADR_HUSNR,CADR_BNR fejl:1068", status: active}

A rule's *meaning* is its check keyword, the fields it is about and the CPR numbers it predicts.
Updating the lock only ever adds ids and records retirements: it never forgets an id, changes
a meaning or revives a retired id (those are what the lint checks report; to correct a meaning
deliberately, edit the line by hand, where the review sees it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpr_rules.errors import RuleSetError
from cpr_rules.lint.diagnostic import Problem
from cpr_rules.rules._yaml import load_yaml
from cpr_rules.rules.model import RuleSpec

__all__ = ["LOCK_NAME", "Lock", "LockEntry", "meaning", "read_lock", "render_lock", "updated"]

LOCK_NAME = "rule-ids.lock"

HEADER = """\
# Every rule id ever used, per hændelse, and what it means (check, fields, CPR numbers).
# Written by `cpr-rules lint --update-lock`, which only adds ids and records retirements.
# An id keeps its meaning forever: to change what a rule checks, retire it and add a new id.
"""


@dataclass(frozen=True)
class LockEntry:
    """What the lock says about one rule id, and where it says it."""

    meaning: str
    status: str
    line: int = 0


@dataclass
class Lock:
    """A parsed lock file; problems with its own form are kept, not raised."""

    path: Path
    name: str
    entries: dict[str, dict[str, LockEntry]] = field(default_factory=dict)
    syntax: Problem | None = None
    schema: list[Problem] = field(default_factory=list)


def meaning(rule: RuleSpec) -> str:
    """What a rule id stands for: ``at_most_one_of CADR_HUSNR,CADR_BNR fejl:1068``."""
    parts = [rule.check.name, ",".join(rule.target_fields)]
    if rule.cpr is not None:
        parts += [f"fejl:{','.join(map(str, rule.cpr.fejl))}"] if rule.cpr.fejl else []
        parts += [f"anmrk:{','.join(map(str, rule.cpr.anmrk))}"] if rule.cpr.anmrk else []
    return " ".join(parts)


def _entry(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, dict) or set(value) != {"meaning", "status"}:
        return None
    if not isinstance(value["meaning"], str) or value["status"] not in ("active", "retired"):
        return None
    return value["meaning"], value["status"]


def read_lock(path: Path, name: str) -> Lock:
    """Parse the lock file at ``path`` (shown as ``name`` in diagnostics)."""
    lock = Lock(path, name)
    try:
        raw, pos = load_yaml(path, display_name=name)
    except RuleSetError as exc:
        lock.syntax = Problem(name, exc.line or 1, exc.column or 1, exc.message)
        return lock
    if not isinstance(raw, dict):
        lock.schema.append(Problem(name, 1, 1, "the lock is a mapping: hændelse → rule id →"))
        return lock
    for haendelse, ids in raw.items():
        if not isinstance(ids, dict):
            line, col = pos.of((haendelse,))
            lock.schema.append(Problem(name, line, col, f"{haendelse}: expected rule ids"))
            continue
        for rule_id, value in ids.items():
            line, col = pos.key_of((haendelse, rule_id))
            entry = _entry(value)
            if entry is None:
                message = f'{haendelse}.{rule_id}: expected {{meaning: "…", status: active}}'
                lock.schema.append(Problem(name, line, col, message))
                continue
            lock.entries.setdefault(str(haendelse), {})[str(rule_id)] = LockEntry(*entry, line)
    return lock


def render_lock(entries: Mapping[str, Mapping[str, LockEntry]]) -> str:
    """The exact text of a lock file: hændelser and ids sorted, one id per line."""
    out = [HEADER]
    for haendelse in sorted(entries):
        out.append(f"{haendelse}:\n")
        for rule_id in sorted(entries[haendelse]):
            entry = entries[haendelse][rule_id]
            text = json.dumps(entry.meaning, ensure_ascii=False)
            out.append(f"  {rule_id}: {{meaning: {text}, status: {entry.status}}}\n")
    return "".join(out)


def updated(
    lock: Lock | None, haendelse: str, rules: Iterable[RuleSpec]
) -> dict[str, dict[str, LockEntry]]:
    """The lock's entries with the rules of ``haendelse`` recorded: new ids added, retirements
    noted; nothing forgotten, no meaning changed, no retired id revived."""
    entries = {h: dict(ids) for h, ids in (lock.entries if lock else {}).items()}
    ids = entries.setdefault(haendelse, {})
    for rule in rules:
        known = ids.get(rule.id)
        if known is None:
            ids[rule.id] = LockEntry(meaning(rule), rule.status)
        elif known.status == "active" and rule.status == "retired":
            ids[rule.id] = LockEntry(known.meaning, "retired")
    return entries
