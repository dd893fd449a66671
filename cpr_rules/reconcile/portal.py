"""One call for portals: pre-check locally, ask CPR (``valider``), reconcile.

>>> # result = check_with_cpr(session, "FLYTB-I", data, stamdata=stam.as_stamdata())
>>> # show(result.messages); logger.info(result.log_line)

With an :class:`~cpr_rules.session.AsyncCprSession` the same call is awaited:
``result = await check_with_cpr(async_session, …)`` (or :func:`acheck_with_cpr`, its awaitable
twin, which takes only async sessions).

What to show the citizen follows CPR's word when the two disagree: a submission CPR accepts is
accepted even if a local rule objects (that objection goes to the rule authors' log as
*local stricter*), and a CPR error nothing local predicted is shown in CPR's own words.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, overload

from cpr_rules.personnummer import mask, mask_text
from cpr_rules.reconcile._reconcile import reconcile
from cpr_rules.reconcile.model import CprVerdictLike, Outcome, Reconciliation
from cpr_rules.rules import Report, Validator, default_validator

__all__ = ["Message", "PortalResult", "acheck_with_cpr", "check_with_cpr", "reconcile_with"]


class _Valider(Protocol):
    def valider(self, data: Mapping[str, str]) -> CprVerdictLike: ...


class _AsyncValider(Protocol):
    def valider(self, data: Mapping[str, str]) -> Awaitable[CprVerdictLike]: ...


@dataclass(frozen=True, slots=True)
class Message:
    """One line to show the citizen."""

    severity: Literal["error", "warning"]
    text: str
    fields: tuple[str, ...]
    origin: Literal["local", "cpr"]


@dataclass(frozen=True)
class PortalResult:
    """The outcome of one pre-check + CPR validation."""

    ok: bool
    messages: tuple[Message, ...]
    report: Report
    verdict: CprVerdictLike
    reconciliation: Reconciliation
    log_line: str


def reconcile_with(validator: Validator, report: Report, verdict: CprVerdictLike) -> Reconciliation:
    """:func:`reconcile` with the declared CPR numbers and field tables of ``validator``'s rules."""
    ruleset = validator.compiled(report.haendelse).ruleset
    declared = {
        n for r in ruleset.rules if r.spec.cpr for n in (*r.spec.cpr.fejl, *r.spec.cpr.anmrk)
    }
    declared |= {n for f in ruleset.fields.values() if f.cpr for n in (*f.cpr.fejl, *f.cpr.anmrk)}
    codes = {name: f for name, f in ruleset.fields.items() if f.table and f.type == "code"}
    tables = {name: f.table for name, f in codes.items() if f.table}
    keys = {name: tuple(f.key or (name,)) for name, f in codes.items()}
    return reconcile(report, verdict, declared=declared, field_tables=tables, field_keys=keys)


def _local(report: Report, *severities: str) -> list[Message]:
    return [
        Message(f.severity, f.message, f.fields, "local")
        for f in report.findings
        if f.severity in severities
    ]


def _messages(
    report: Report, verdict: CprVerdictLike, rec: Reconciliation
) -> tuple[bool, list[Message]]:
    kind = verdict.kind
    fields = (verdict.field,) if verdict.field else ()
    explained = any(i.outcome is Outcome.AGREE and i.cpr_kind == kind for i in rec.items)
    if kind == "Fejl":
        cpr = [] if explained else [Message("error", verdict.text, fields, "cpr")]
        return False, cpr + _local(report, "error", "warning")
    if kind == "Anmrk":
        cpr = [] if explained else [Message("warning", verdict.text, fields, "cpr")]
        return True, cpr + _local(report, "warning")
    if kind in ("Ok", "Afslut"):
        return True, _local(report, "warning")
    # System, or an answer of no kind CPR gives (malformed): an error, never ok (fail closed)
    return False, [Message("error", mask_text(str(verdict.text or "")), fields, "cpr")]


@dataclass(frozen=True)
class _Check:
    """The local half of one check: the report and the fields ``valider`` sends."""

    validator: Validator
    report: Report
    sent: dict[str, str]
    pnr: str
    clock: Callable[[], dt.datetime]

    def result(self, verdict: CprVerdictLike) -> PortalResult:
        rec = reconcile_with(self.validator, self.report, verdict)
        ok, messages = _messages(self.report, verdict, rec)
        log = rec.to_log(pnr=self.pnr, at=self.clock())
        log_line = json.dumps(log, ensure_ascii=False, sort_keys=True)
        return PortalResult(ok, tuple(messages), self.report, verdict, rec, log_line)


def _prepare(
    haendelse: str,
    data: Mapping[str, Any],
    stamdata: Mapping[str, Any] | None,
    today: dt.date | None,
    lang: str,
    validator: Validator | None,
    clock: Callable[[], dt.datetime],
) -> _Check:
    validator = validator or default_validator()
    report = validator.check(haendelse, dict(data), stamdata=stamdata, today=today, lang=lang)
    keys = set(validator.compiled(haendelse).ruleset.keys)  # sent at initier, not at valider
    sent = {k: str(v) for k, v in data.items() if k not in keys}
    return _Check(validator, report, sent, mask(data.get("PNR", "")), clock)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def check_with_cpr(
    session: _AsyncValider,
    haendelse: str,
    data: Mapping[str, Any],
    *,
    stamdata: Mapping[str, Any] | None = ...,
    today: dt.date | None = ...,
    lang: str = ...,
    validator: Validator | None = ...,
    clock: Callable[[], dt.datetime] = ...,
) -> Awaitable[PortalResult]: ...


@overload
def check_with_cpr(
    session: _Valider,
    haendelse: str,
    data: Mapping[str, Any],
    *,
    stamdata: Mapping[str, Any] | None = ...,
    today: dt.date | None = ...,
    lang: str = ...,
    validator: Validator | None = ...,
    clock: Callable[[], dt.datetime] = ...,
) -> PortalResult: ...


def check_with_cpr(
    session: _Valider | _AsyncValider,
    haendelse: str,
    data: Mapping[str, Any],
    *,
    stamdata: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
    lang: str = "da",
    validator: Validator | None = None,
    clock: Callable[[], dt.datetime] = _utcnow,
) -> PortalResult | Awaitable[PortalResult]:
    """Pre-check ``data`` locally, validate it at CPR, reconcile, and say what to show.

    ``data`` holds the keys (PNR, HDTO, KOMK) and the input fields; the session has already
    initiated the hændelse with those keys, so only the input fields are sent to ``valider``.
    With an async session (whose ``valider`` is awaitable) the result is awaitable too.
    """
    check = _prepare(haendelse, data, stamdata, today, lang, validator, clock)
    answer = session.valider(check.sent)
    if inspect.isawaitable(answer):
        return _finish(check, answer)
    return check.result(answer)


async def _finish(check: _Check, answer: Awaitable[CprVerdictLike]) -> PortalResult:
    return check.result(await answer)


async def acheck_with_cpr(
    session: _AsyncValider,
    haendelse: str,
    data: Mapping[str, Any],
    *,
    stamdata: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
    lang: str = "da",
    validator: Validator | None = None,
    clock: Callable[[], dt.datetime] = _utcnow,
) -> PortalResult:
    """:func:`check_with_cpr` for an :class:`~cpr_rules.session.AsyncCprSession`, awaited."""
    check = _prepare(haendelse, data, stamdata, today, lang, validator, clock)
    return check.result(await session.valider(check.sent))
