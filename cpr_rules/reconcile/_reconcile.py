"""``reconcile(report, verdict)``: the local verdict against CPR's, as a pure function.

Because CPR stops at its first error, a CPR Fejl that matches *one* of several local errors is
agreement; the other local errors are simply unverified, not "stricter". Only when CPR says Ok
is a local error a sign that our rules are stricter than CPR's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from cpr_rules._frozen import replace as replace_value
from cpr_rules.fejlnumre import FORM_NUMBERS, form_number
from cpr_rules.personnummer import mask_text
from cpr_rules.reconcile.model import CprVerdictLike, Item, Outcome, Reconciliation
from cpr_rules.rules.messages import to_json_value
from cpr_rules.rules.report import Finding, Report

__all__ = ["CPR_FIELD_ALIASES", "reconcile"]

CPR_FIELD_ALIASES: Mapping[str, str] = {
    "CADR_KOMKOD": "KOMK",  # bilag 7 eks. 17.1: the locked address kommune is the key KOMK
    "CADR_STARTDATO": "HDTO",  # … and the locked start date is the key HDTO
}
"""CPR's locked input fields that carry a key's value under another name."""

_SEVERITY = {"Fejl": "error", "Anmrk": "warning"}

_FORM_NUMBERS = frozenset(FORM_NUMBERS.values())


def _declares(finding: Finding, kind: str, number: int) -> bool:
    """Whether ``finding`` predicts CPR's number: the rule declares it, or it is bilag 13's
    number for the finding's form error (:mod:`cpr_rules.fejlnumre`)."""
    numbers = finding.cpr_fejl if kind == "Fejl" else finding.cpr_anmrk
    return number in numbers or (kind == "Fejl" and form_number(finding) == number)


def _item(outcome: Outcome, finding: Finding | None, verdict: CprVerdictLike | None) -> Item:
    return Item(
        outcome=outcome,
        rule=finding.rule if finding else None,
        source=finding.source if finding else None,
        fields=finding.fields
        if finding
        else ((verdict.field,) if verdict and verdict.field else ()),
        cpr_kind=mask_text(str(verdict.kind)) if verdict else None,
        cpr_number=verdict.number if verdict and verdict.number else None,
        cpr_text=mask_text(str(verdict.text)) if verdict and verdict.text is not None else None,
    )


def _values(report: Report, fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The submitted values of ``fields`` as the log keeps them: masked, at most 80 characters."""
    out = []
    for name in fields:
        name = CPR_FIELD_ALIASES.get(name, name)
        if name in report.data:
            value = to_json_value(report.data[name])
            out.append((name, mask_text(str(value))[:80]))
    return tuple(out)


def _with_values(report: Report, item: Item) -> Item:
    if item.outcome in (Outcome.AGREE, Outcome.CPR_SYSTEM) or not item.fields:
        return item
    return replace(item, values=_values(report, item.fields))


def _explain(report: Report, verdict: CprVerdictLike, declared: set[int]) -> Item:
    """The item for CPR's one Fejl or Anmrk."""
    kind, number = verdict.kind, verdict.number or 0
    field = CPR_FIELD_ALIASES.get(verdict.field or "", verdict.field)
    same_kind = [f for f in report.findings if f.severity == _SEVERITY[kind]]
    by_number = next((f for f in same_kind if number and _declares(f, kind, number)), None)
    if by_number is not None:
        return _item(Outcome.AGREE, by_number, verdict)
    by_field = next((f for f in same_kind if field and field in f.fields), None)
    if number and number not in declared and number not in _FORM_NUMBERS:
        return _item(Outcome.UNKNOWN_CPR_NUMBER, by_field, verdict)
    if by_field is not None:
        return _item(Outcome.AGREE, by_field, verdict)
    by_text = next((f for f in same_kind if not number and _says(f, verdict.text)), None)
    if by_text is not None:
        return _item(Outcome.AGREE, by_text, verdict)
    return _item(Outcome.LOCAL_MISSED, None, verdict)


def _says(finding: Finding, text: str | None) -> bool:
    """Whether CPR's text is the finding's Danish message (blanks folded): how a Fejl or Anmrk
    that carries neither a number nor a marked field (bilag 7 shows Anmrk without ``e``; CPR
    sends ``v="0"`` where no number exists) is recognised as the rule that predicted it."""
    if not text:
        return False
    ours = " ".join(replace_value(finding, lang="da").message.split())
    return ours == " ".join(text.split())


def _stricter(report: Report) -> Iterator[Item]:
    """Local errors CPR did not give. (Local warnings are not: CPR's Anmrk is passed by sending
    again, so an Ok after a warning the citizen already saw is no disagreement.)"""
    for finding in report.findings:
        if finding.severity == "error":
            yield _item(Outcome.LOCAL_STRICTER, finding, None)


def _translations(
    report: Report,
    verdict: CprVerdictLike,
    tables: Mapping[str, str],
    keys: Mapping[str, tuple[str, ...]],
) -> Iterator[Item]:
    """Klarskrift CPR gives otherwise; the code is the table's whole key (kommune and
    vejkode for a street), so the author can find the row."""
    for cpr_field, theirs in sorted(verdict.translations.items()):
        field = CPR_FIELD_ALIASES.get(cpr_field, cpr_field)
        ours = report.klarskrift.get(field)
        if ours is None or not theirs or ours.strip() == theirs.strip():
            continue
        table = tables.get(field)
        key = [report.data.get(k) for k in keys.get(field, (field,))]
        yield Item(
            outcome=Outcome.TRANSLATION_DIFFERS,
            fields=(cpr_field,),
            table=table,
            code=tuple(str(k) for k in key) if None not in key else (),
            ours=ours,
            theirs=theirs,
            produced=report.tables.get(table) if table else None,
        )


def reconcile(
    report: Report,
    verdict: CprVerdictLike,
    *,
    declared: set[int] | frozenset[int] = frozenset(),
    field_tables: Mapping[str, str] | None = None,
    field_keys: Mapping[str, tuple[str, ...]] | None = None,
) -> Reconciliation:
    """Compare the local ``report`` with CPR's ``verdict`` of the same submission.

    ``declared`` are the CPR numbers any rule of the rule set declares (so an unknown number can
    be told from a missed one); ``field_tables`` maps a field to the code table of its
    klarskrift (for *translation differs*), ``field_keys`` a field to the fields of its table's
    key (``CADR_VEJKOD`` → ``KOMK, CADR_VEJKOD``; default the field alone).
    :func:`cpr_rules.reconcile.reconcile_with` fills all three from a validator. Each item
    that is drift carries the (masked) submitted values of its fields.
    """
    items: list[Item] = []
    kind = verdict.kind if isinstance(verdict.kind, str) else ""
    if kind in _SEVERITY:
        items.append(_explain(report, verdict, set(declared)))
    elif kind in ("Ok", "Afslut"):
        items.extend(_stricter(report))
        if not items:
            items.append(Item(Outcome.AGREE, cpr_kind=kind))
    else:  # System, or an answer of no kind CPR gives (malformed): never agreement (fail closed)
        items.append(_item(Outcome.CPR_SYSTEM, None, verdict))
    items = [_with_values(report, item) for item in items]
    items.extend(_translations(report, verdict, field_tables or {}, field_keys or {}))
    return Reconciliation(report.haendelse, report.ruleset_version, tuple(items), report.tables)
