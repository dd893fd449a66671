"""What the linter reports, and what a lint check is.

A check is a small function that *yields* :class:`Problem` values (where, and what is wrong);
the runner stamps each with the check's code and severity in one place and makes it a frozen
:class:`Diagnostic`. The check's documentation lives with it (:func:`lint_check`), and
``docs/lint/CPRLxxx.md`` is generated from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Diagnostic", "Fix", "LintCheck", "Problem", "Scope", "Severity", "lint_check"]

Severity = Literal["error", "warning"]
Scope = Literal["ruleset", "table", "suppression"]
"""What a check looks at: a rule set with its includes, a code table with its manifest entry, or
the suppression comments (those checks run in the runner, after every other check)."""


@dataclass(frozen=True)
class Fix:
    """A safe repair (``cpr-rules lint --fix``): replace ``old`` by ``new`` where the problem
    is (:mod:`cpr_rules.lint.fix`)."""

    old: str
    new: str


@dataclass(frozen=True)
class Problem:
    """One thing a check found: ``file:line:col`` and the message."""

    file: str
    line: int
    column: int
    message: str
    fix: Fix | None = None
    """A safe repair, when the check is certain of one."""


@dataclass(frozen=True)
class Diagnostic:
    """A problem stamped with the code and severity of the check that found it."""

    code: str
    message: str
    file: str
    line: int
    column: int
    severity: Severity
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order of every output: file, line, column, code."""
        return (self.file, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``--format json``); ``fix`` only when there is one."""
        fix = {"fix": {"old": self.fix.old, "new": self.fix.new}} if self.fix else {}
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        } | fix


CheckFunction = Callable[[Any], Iterable[Problem]]


@dataclass(frozen=True)
class LintCheck:
    """One lint check: a stable code, a slug, a default severity, its documentation and the
    function that finds problems. Codes are never reused (``registry.RETIRED``)."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad_example: str
    fix: str
    good_example: str
    run: CheckFunction
    scopes: tuple[Scope, ...] = ("ruleset",)
    example_lang: str = "yaml"

    @property
    def doc_path(self) -> str:
        """Where its page is, relative to the repository root."""
        return f"docs/lint/{self.code}.md"


def lint_check(
    code: str,
    name: str,
    *,
    summary: str,
    why: str,
    bad: str,
    fix: str,
    good: str,
    severity: Severity = "error",
    scopes: tuple[Scope, ...] = ("ruleset",),
    lang: str = "yaml",
) -> Callable[[CheckFunction], LintCheck]:
    """Make a function a :class:`LintCheck` with its documentation next to it."""

    def wrap(function: CheckFunction) -> LintCheck:
        return LintCheck(code, name, severity, summary, why, bad, fix, good, function, scopes, lang)

    return wrap
