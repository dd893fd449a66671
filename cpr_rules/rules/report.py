"""The validator's output: :class:`Report`, :class:`Finding`, :class:`Undecided`.

These are the public data contract. They are frozen value classes (:mod:`cpr_rules._frozen`,
cheap to build in the hot path); :meth:`Report.to_dict` gives the documented JSON
(``docs/report.md``), whose pydantic model (:class:`cpr_rules.rules.schema.ReportJson`)
generates its schema.
Messages are rendered from the rule's templates for the report's language when read, so a report
can be re-rendered in another language with :meth:`Report.in_language`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from cpr_rules._frozen import Frozen, replace, setfield
from cpr_rules.rules.messages import echo, render, to_json_value

if TYPE_CHECKING:
    from cpr_rules.translator import Translator

__all__ = ["Finding", "Report", "Severity", "Undecided"]

Severity = Literal["error", "warning"]


class Template(Frozen):
    """A message in both languages (from the rule file or the type catalogue)."""

    __slots__ = _fields = ("da", "en")
    da: str
    en: str

    def __init__(self, da: str, en: str) -> None:
        setfield(self, "da", da)
        setfield(self, "en", en)

    def for_lang(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


class _FindingFields:
    """The fields of a :class:`Finding` (shared with its open twin :class:`_NewFinding`)."""

    __slots__ = (
        "cpr_anmrk",
        "cpr_fejl",
        "fields",
        "lang",
        "params",
        "rule",
        "severity",
        "source",
        "template",
        "translator",
    )
    rule: str
    fields: tuple[str, ...]
    severity: Severity
    params: Mapping[str, Any]
    source: str
    template: Template
    cpr_fejl: tuple[int, ...]
    cpr_anmrk: tuple[int, ...]
    lang: str
    translator: Translator | None


class Finding(Frozen, _FindingFields):
    """One problem: which rule, which CPR fields, how bad, with what parameters, from where."""

    __slots__ = ()
    _fields = (
        "rule",
        "fields",
        "severity",
        "params",
        "source",
        "template",
        "cpr_fejl",
        "cpr_anmrk",
        "lang",
        "translator",
    )
    _compare = _repr = _fields[:-1]  # not the translator

    def __init__(
        self,
        rule: str,
        fields: tuple[str, ...],
        severity: Severity,
        params: Mapping[str, Any],
        source: str,
        template: Template,
        cpr_fejl: tuple[int, ...] = (),
        cpr_anmrk: tuple[int, ...] = (),
        lang: str = "da",
        translator: Translator | None = None,
    ) -> None:
        for name, value in zip(
            self._fields,
            (rule, fields, severity, params, source, template, cpr_fejl, cpr_anmrk, lang),
            strict=False,
        ):
            setfield(self, name, value)
        setfield(self, "translator", translator)

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


class _NewFinding(_FindingFields):
    """A :class:`Finding` being filled in (the validator's fast path; see :func:`new_finding`)."""

    __slots__ = ()


def new_finding(
    rule: str,
    fields: tuple[str, ...],
    severity: Severity,
    params: Mapping[str, Any],
    source: str,
    template: Template,
    cpr_fejl: tuple[int, ...],
    cpr_anmrk: tuple[int, ...],
    lang: str,
    translator: Translator | None,
) -> Finding:
    """``Finding(...)`` for the validator's hot path: the fields are set on an open twin with
    the same slots, which then becomes a :class:`Finding` (5x cheaper than ``__init__``)."""
    f = _NewFinding()
    f.rule = rule
    f.fields = fields
    f.severity = severity
    f.params = params
    f.source = source
    f.template = template
    f.cpr_fejl = cpr_fejl
    f.cpr_anmrk = cpr_anmrk
    f.lang = lang
    f.translator = translator
    f.__class__ = Finding  # type: ignore[assignment]
    return f  # type: ignore[return-value]


class Undecided(Frozen):
    """A rule that could not be decided, and why.

    ``missing``: an input is not filled yet (partial mode); ``stamdata``: it needs what CPR
    returns at initier; ``invalid``: an input has a type finding; ``blocked``: a rule it
    ``requires`` failed or was undecided.
    """

    __slots__ = _fields = ("rule", "fields", "reason")
    rule: str
    fields: tuple[str, ...]
    reason: Literal["missing", "stamdata", "invalid", "blocked"]

    def __init__(
        self,
        rule: str,
        fields: tuple[str, ...],
        reason: Literal["missing", "stamdata", "invalid", "blocked"],
    ) -> None:
        setfield(self, "rule", rule)
        setfield(self, "fields", fields)
        setfield(self, "reason", reason)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "fields": list(self.fields), "reason": self.reason}


class _ReportFields:
    """The fields of a :class:`Report` (shared with its open twin :class:`_NewReport`)."""

    __slots__ = (
        "_data",
        "_raw",
        "as_of",
        "findings",
        "haendelse",
        "klarskrift",
        "lang",
        "partial",
        "ruleset_version",
        "tables",
        "today",
        "undecided",
    )
    haendelse: str
    ruleset_version: str
    findings: tuple[Finding, ...]
    undecided: tuple[Undecided, ...]
    klarskrift: Mapping[str, str | None]
    tables: Mapping[str, dt.date | None]
    today: dt.date
    as_of: dt.date | None
    partial: bool
    lang: str
    _data: Mapping[str, Any] | None
    _raw: tuple[tuple[str, ...], tuple[Any, ...], tuple[int, ...]] | None


class Report(Frozen, _ReportFields):
    """Everything the validator found about one submission."""

    __slots__ = ()
    _fields = (
        "haendelse",
        "ruleset_version",
        "findings",
        "undecided",
        "data",
        "klarskrift",
        "tables",
        "today",
        "as_of",
        "partial",
        "lang",
    )

    def __init__(
        self,
        haendelse: str,
        ruleset_version: str,
        findings: tuple[Finding, ...],
        undecided: tuple[Undecided, ...],
        data: Mapping[str, Any],
        klarskrift: Mapping[str, str | None],
        tables: Mapping[str, dt.date | None],
        today: dt.date,
        as_of: dt.date | None,
        partial: bool = False,
        lang: str = "da",
    ) -> None:
        values = (haendelse, ruleset_version, findings, undecided, data, klarskrift, tables)
        for name, value in zip(self._fields, (*values, today, as_of, partial, lang), strict=True):
            setfield(self, "_data" if name == "data" else name, value)
        setfield(self, "_raw", None)

    @property
    def data(self) -> Mapping[str, Any]:
        """The valid fields, normalised (``PNR`` a :class:`~cpr_rules.Personnummer`, dates
        :class:`datetime.date`), by CPR name."""
        raw = self._raw
        if raw is not None:  # made from the rule function's values on first read
            names, values, states = raw
            data = {n: v for n, v, s in zip(names, values, states, strict=False) if s == 1}
            setfield(self, "_data", data)
            setfield(self, "_raw", None)
            return data
        return self._data  # type: ignore[return-value]

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
            "data": {k: to_json_value(echo(v)) for k, v in self.data.items()},
            "klarskrift": dict(self.klarskrift),
            "tables": {k: v.isoformat() if v else None for k, v in self.tables.items()},
        }


class _NewReport(_ReportFields):
    __slots__ = ()


def new_report(
    haendelse: str,
    ruleset_version: str,
    findings: tuple[Finding, ...],
    undecided: tuple[Undecided, ...],
    raw: tuple[tuple[str, ...], tuple[Any, ...], tuple[int, ...]],
    klarskrift: Mapping[str, str | None],
    tables: Mapping[str, dt.date | None],
    today: dt.date,
    as_of: dt.date | None,
    partial: bool,
    lang: str,
) -> Report:
    """``Report(...)`` for the validator's hot path (as :func:`new_finding`); ``data`` is made
    from ``raw`` (field names, values, states of the rule function) when first read."""
    r = _NewReport()
    r.haendelse = haendelse
    r.ruleset_version = ruleset_version
    r.findings = findings
    r.undecided = undecided
    r._data = None
    r._raw = raw
    r.klarskrift = klarskrift
    r.tables = tables
    r.today = today
    r.as_of = as_of
    r.partial = partial
    r.lang = lang
    r.__class__ = Report  # type: ignore[assignment]
    return r  # type: ignore[return-value]
