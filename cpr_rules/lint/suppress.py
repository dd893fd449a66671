"""Inline suppressions with a mandatory reason::

    check: {one_of: {values: ["01"]}}  # cpr-rules: ignore[CPRL033] code 01 is added in 2027

A comment covers its own line and the line below it. In a code table, the same comment as a
provenance-style header line covers the whole file; so does one inside the table's entry in
``manifest.yaml`` (for tables that are generated and must not be edited by hand).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cpr_rules.lint.diagnostic import Diagnostic, Problem, lint_check

__all__ = [
    "Suppression",
    "SuppressionRun",
    "apply",
    "parse_lines",
    "suppression_without_reason",
    "unused_suppression",
]

COMMENT = re.compile(r"(?:^|\s)#\s*cpr-rules:\s*ignore\[(?P<codes>[^\]]*)\](?P<reason>.*)$")


@dataclass
class Suppression:
    """One ``# cpr-rules: ignore[…] reason`` comment and what it covers."""

    file: str
    line: int
    column: int
    codes: tuple[str, ...]
    reason: str
    whole: set[str] = field(default_factory=set)
    """Files every line of which it covers (a table's CSV)."""
    used: set[str] = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic) -> bool:
        if diagnostic.code not in self.codes:
            return False
        if diagnostic.file in self.whole:
            return True
        return diagnostic.file == self.file and diagnostic.line in (self.line, self.line + 1)


def parse_lines(file: str, lines: Iterable[tuple[int, str]]) -> list[Suppression]:
    """The suppression comments among ``(line number, text)`` lines of ``file``."""
    found = []
    for number, text in lines:
        match = COMMENT.search(text)
        if match is not None:
            codes = tuple(c.strip() for c in match["codes"].split(",") if c.strip())
            column = match.start() + (1 if text[match.start()] == "#" else 2)
            found.append(Suppression(file, number, column, codes, match["reason"].strip()))
    return found


def apply(diagnostics: list[Diagnostic], suppressions: list[Suppression]) -> list[Diagnostic]:
    """The diagnostics no suppression covers; each suppression notes which codes it used."""
    kept = []
    for diagnostic in diagnostics:
        covering = [s for s in suppressions if s.covers(diagnostic)]
        for suppression in covering:
            suppression.used.add(diagnostic.code)
        if not covering:
            kept.append(diagnostic)
    return kept


@dataclass(frozen=True)
class SuppressionRun:
    """What the suppression checks look at: every suppression, and the codes that ran."""

    suppressions: list[Suppression]
    active: frozenset[str]
    known: frozenset[str]


def _at(suppression: Suppression, message: str) -> Problem:
    return Problem(suppression.file, suppression.line, suppression.column, message)


@lint_check(
    "CPRL035",
    "suppression-without-reason",
    scopes=("suppression",),
    summary="Reports a `# cpr-rules: ignore[…]` comment without a reason after the bracket.",
    why="A suppression says that a finding is wrong or accepted; the next author needs to know "
    "why, or they cannot tell when it stops being true.",
    bad="""\
    check: {one_of: {values: ["01", "99"]}}  # cpr-rules: ignore[CPRL033]
""",
    fix="Say why, after the bracket.",
    good="""\
    check: {one_of: {values: ["01", "99"]}}  # cpr-rules: ignore[CPRL033] 99 is CPR's test code
""",
)
def suppression_without_reason(run: SuppressionRun) -> Iterator[Problem]:
    for suppression in run.suppressions:
        if not suppression.reason:
            yield _at(suppression, "a suppression needs a reason after the bracket")


@lint_check(
    "CPRL036",
    "unused-suppression",
    scopes=("suppression",),
    severity="warning",
    summary="Reports a suppression that suppresses nothing: the code it names found nothing "
    "on the lines (or in the file) it covers, or it names no lint code at all.",
    why="A stale suppression hides the next real finding on that line, and its reason no "
    "longer explains anything.",
    bad="""\
  - id: status-aktiv  # cpr-rules: ignore[CPRL017] examples follow
    examples: [...]
""",
    fix="Remove the suppression (or the code that no longer applies).",
    good="""\
  - id: status-aktiv
    examples: [...]
""",
)
def unused_suppression(run: SuppressionRun) -> Iterator[Problem]:
    for suppression in run.suppressions:
        if not suppression.codes:
            yield _at(suppression, "the suppression names no lint code")
        for code in suppression.codes:
            if code not in run.known:
                yield _at(suppression, f"{code} is not a lint code")
            elif code in run.active and code not in suppression.used:
                yield _at(suppression, f"nothing here is reported as {code}")
