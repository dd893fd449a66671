"""Every exception ``cpr_rules`` raises, in one tree.

Three kinds, never mixed (STYLE.md, "Errors and findings"): a bad *submission* is not an
exception at all, it yields findings in a ``Report``; a broken *rule file or code table* is an
author problem and raises with ``file:line:col``; a failed *CPR call* raises its own error that
carries CPR's return code.

::

    CprRulesError
    ├── InputError                    unusable input to a library call (typed, names the input)
    │   └── PersonnummerError         a string that is not a usable personnummer
    │       ├── PersonnummerFormatError       wrong length or characters
    │       ├── PersonnummerDateError         DDMMÅÅ is not a calendar date
    │       ├── ErstatningspersonnummerError  day + 60: an erstatningspersonnummer, not a CPR number
    │       └── ECprError                     letters in positions 8-9: an eCPR, not a CPR number
    ├── SourceError                   a problem in a file an author wrote (has file, line, column)
    │   ├── CodeTableError            a code table or its manifest is broken
    │   ├── RegisterFileError         a CPR register file (A3707xx) is truncated or corrupt
    │   └── RuleSetError              a rule set does not load or compile
    └── CprError                      talking to CPR (or the sandbox) failed
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CodeTableError",
    "CprError",
    "CprRulesError",
    "ECprError",
    "ErstatningspersonnummerError",
    "InputError",
    "PersonnummerDateError",
    "PersonnummerError",
    "PersonnummerFormatError",
    "RegisterFileError",
    "RuleSetError",
    "SourceError",
]


class CprRulesError(Exception):
    """Base class of every error raised by ``cpr_rules``."""


class InputError(CprRulesError, ValueError):
    """A library call got input it cannot use. The message names the input and what was expected."""


class PersonnummerError(InputError):
    """A string is not a usable personnummer. Never carries the number itself in full."""


class PersonnummerFormatError(PersonnummerError):
    """Not ten digits (after removing a hyphen and blanks)."""


class PersonnummerDateError(PersonnummerError):
    """The DDMMÅÅ part with the century of digit 7 is not a calendar date."""


class ErstatningspersonnummerError(PersonnummerError):
    """Day 61-91: an erstatningspersonnummer (cpr.dk), never a CPR number."""


class ECprError(PersonnummerError):
    """Letters in the løbenummer: an eCPR from the health sector, never a CPR number."""


class SourceError(CprRulesError):
    """A problem in a file an author maintains; points at ``file:line:col``."""

    def __init__(
        self, message: str, *, file: str | Path | None = None, line: int = 0, column: int = 0
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        super().__init__(str(self))

    @property
    def location(self) -> str:
        """``file:line:col`` (parts that are unknown are left out)."""
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        loc = self.location
        return f"{loc}: {self.message}" if loc else self.message


class CodeTableError(SourceError):
    """A code table CSV, its provenance header or the manifest is broken."""


class RegisterFileError(SourceError):
    """A CPR register file (A370712 … A370716) is truncated, corrupt or of the wrong kind."""


class RuleSetError(SourceError):
    """A rule set file does not load or does not compile."""


class CprError(CprRulesError):
    """A call to CPR's server (or the sandbox) failed. Subclasses carry CPR's return code."""
