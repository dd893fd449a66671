"""The validator's output: :class:`Report`, :class:`Finding`, :class:`Undecided`.

These are the public data contract. They are plain frozen dataclasses (cheap to build in the
hot path); :meth:`Report.to_dict` gives the documented JSON (``docs/report.md``), whose
pydantic model (:class:`cpr_rules.rules.schema.ReportJson`) generates its schema.
Messages are rendered from the rule's templates for the report's language when read, so a report
can be re-rendered in another language with :meth:`Report.in_language`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from cpr_rules.rules.messages import render, to_json_value

if TYPE_CHECKING:
    from cpr_rules.translator import Translator

__all__ = ["Finding", "Report", "Severity", "Undecided"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Template:
    """A message in both languages (from the rule file or the type catalogue)."""

    da: str
    en: str

    def for_lang(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which rule, which CPR fields, how bad, with what parameters, from where."""

    rule: str
    fields: tuple[str, ...]
    severity: Severity
    params: Mapping[str, Any]
    source: str
    template: Template
    cpr_fejl: tuple[int, ...] = ()
    cpr_anmrk: tuple[int, ...] = ()
    lang: str = "da"
    translator: Translator | None = field(default=None, repr=False, compare=False)

    @property
    def message(self) -> str:
        """The message in the report's language."""
        return render(self.template.for_lang(self.lang), self.params, self.lang, self.translator)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (see ``docs/report.md``)."""
        return {
            "rule": self.rule,
            "fields": list(self.fields),
            "severity": self.severity,
            "message": self.message,
            "params": {k: to_json_value(v) for k, v in self.params.items()},
            "source": self.source,
            "cpr": {"fejl": list(self.cpr_fejl), "anmrk": list(self.cpr_anmrk)},
        }


@dataclass(frozen=True, slots=True)
class Undecided:
    """A rule that could not be decided, and why.

    ``missing``: an input is not filled yet (partial mode); ``stamdata``: it needs what CPR
    returns at initier; ``invalid``: an input has a type finding; ``blocked``: a rule it
    ``requires`` failed or was undecided.
    """

    rule: str
    fields: tuple[str, ...]
    reason: Literal["missing", "stamdata", "invalid", "blocked"]

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "fields": list(self.fields), "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the validator found about one submission."""

    haendelse: str
    ruleset_version: str
    findings: tuple[Finding, ...]
    undecided: tuple[Undecided, ...]
    data: Mapping[str, Any]
    klarskrift: Mapping[str, str | None]
    tables: Mapping[str, dt.date | None]
    today: dt.date
    as_of: dt.date | None
    partial: bool = False
    lang: str = "da"

    @property
    def ok(self) -> bool:
        """True iff there is no error (warnings are allowed: CPR's Anmrk can be continued)."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error`` (CPR Fejl)."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning`` (CPR Anmrk)."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def is_input_error(self) -> bool:
        """True when the input could not be checked at all (not an object, nested too deep)."""
        return any(f.rule in ("input.not-object", "input.too-deep") for f in self.findings)

    def in_language(self, lang: str) -> Report:
        """The same report with messages in ``lang``."""
        findings = tuple(replace(f, lang=lang) for f in self.findings)
        return replace(self, findings=findings, lang=lang)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form (``docs/report.md``); personnumre are masked."""
        return {
            "haendelse": self.haendelse,
            "ruleset_version": self.ruleset_version,
            "ok": self.ok,
            "lang": self.lang,
            "today": self.today.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "partial": self.partial,
            "findings": [f.to_dict() for f in self.findings],
            "undecided": [u.to_dict() for u in self.undecided],
            "data": {k: to_json_value(v) for k, v in self.data.items()},
            "klarskrift": dict(self.klarskrift),
            "tables": {k: v.isoformat() if v else None for k, v in self.tables.items()},
        }
