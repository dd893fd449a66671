"""Safe automatic fixes (``cpr-rules lint --fix``).

A check may attach a :class:`Fix` to a problem when the repair is certain: a field or table name
with exactly one close match (the did-you-mean), replaced where it is written. Missing entries
of the rule-id lock are fixed by writing the lock (:func:`~cpr_rules.lint.runner.update_locks`).
A fix replaces the text at the problem's ``line:col`` only if that text is still the old name
(bare or quoted), so a file edited in between is left alone.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from cpr_rules._files import write_files_atomically
from cpr_rules.lint.diagnostic import Diagnostic, Fix

__all__ = ["apply_fixes", "single_match"]


def single_match(name: str, choices: Iterable[str]) -> str | None:
    """The did-you-mean of ``name`` among ``choices`` when it is the only best one: None when
    nothing is close (difflib ratio below 0.6, as the did-you-mean) or two are equally close."""
    scores: dict[float, list[str]] = {}
    for choice in dict.fromkeys(str(c) for c in choices):
        matcher = difflib.SequenceMatcher(None, choice, name)
        score = matcher.ratio()
        if score >= 0.6:
            scores.setdefault(score, []).append(choice)
    best = scores.get(max(scores)) if scores else None
    return best[0] if best is not None and len(best) == 1 else None


def _replace(line: str, column: int, fix: Fix) -> str | None:
    at = column - 1
    for quote in ("", "'", '"'):
        old = f"{quote}{fix.old}{quote}"
        if line.startswith(old, at):
            return f"{line[:at]}{quote}{fix.new}{quote}{line[at + len(old) :]}"
    return None


def apply_fixes(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Apply the fixes of ``diagnostics`` to their files; returns those applied."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.fix is not None:
            by_file.setdefault(d.file, []).append(d)
    applied = []
    for file, found in sorted(by_file.items()):
        path = Path(file)
        with path.open(encoding="utf-8", newline="") as fh:  # CRLF stays CRLF
            lines = fh.read().splitlines(keepends=True)
        done: set[tuple[int, int]] = set()
        for d in sorted(found, key=lambda d: (d.line, -d.column)):
            assert d.fix is not None
            if (d.line, d.column) in done or not 0 < d.line <= len(lines):
                continue
            new = _replace(lines[d.line - 1], d.column, d.fix)
            if new is not None:
                lines[d.line - 1] = new
                done.add((d.line, d.column))
                applied.append(d)
        if done:  # a crash while writing leaves the author's file as it was
            write_files_atomically({path: "".join(lines)}, keep_mode=True)
    return applied
