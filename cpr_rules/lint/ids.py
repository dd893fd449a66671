"""Checks that rule ids are unique and stable: never reused for another meaning, never
deleted, never revived (the lock file, :mod:`cpr_rules.lint._lock`)."""

from __future__ import annotations

from collections.abc import Iterator

from cpr_rules.lint._lock import LOCK_NAME, LockEntry, meaning
from cpr_rules.lint._ruleset import RuleDef, RuleSetUnit
from cpr_rules.lint.diagnostic import Problem, lint_check

__all__ = [
    "duplicate_rule_id",
    "retired_rule_id_reused",
    "rule_id_changed_meaning",
    "rule_id_not_locked",
    "rule_id_removed",
]


@lint_check(
    "CPRL012",
    "duplicate-rule-id",
    summary="Reports a rule id used by two rules, unless every rule with that id has a `valid` "
    "period: then they are versions of one rule (CPRL027 checks that the periods do not "
    "overlap).",
    why="Findings, severity overrides and CPR reconciliation all name rules by id: two rules "
    "with one id cannot be told apart. The loader refuses the rule set.",
    bad="""\
  - id: hdto-frist
    field: HDTO
    check: {date_at_least: {days_before_today: 5}}
  - id: hdto-frist
    field: HDTO
    check: {date_at_most: {days_after_today: 28}}
""",
    fix="Give the second rule an id of its own; or, for a rule that changes at a date, give "
    "each version a `valid` period.",
    good="""\
  - id: hdto-frist
    field: HDTO
    valid: {to: 2027-01-01}
    check: {date_at_least: {days_before_today: 5}}
  - id: hdto-frist
    field: HDTO
    valid: {from: 2027-01-01}
    check: {date_at_least: {days_before_today: 10}}
""",
)
def duplicate_rule_id(unit: RuleSetUnit) -> Iterator[Problem]:
    first: dict[str, RuleDef] = {}
    for rule in unit.rules:
        earlier = first.setdefault(rule.id, rule)
        if earlier is rule:
            continue
        if earlier.spec.valid is None or rule.spec.valid is None:
            line = unit.line_of(earlier.file, earlier.path)
            message = (
                f"duplicate rule id {rule.id!r} (first at {earlier.file}:{line}); "
                "versions of one rule each need a 'valid' period"
            )
            yield unit.at(rule.file, (*rule.path, "id"), message)


def _locked(unit: RuleSetUnit) -> dict[str, LockEntry] | None:
    """The lock's entries for this rule set's hændelse (None when there is no lock)."""
    if unit.lock is None or unit.haendelse is None or unit.is_block:
        return None
    return unit.lock.entries.get(unit.haendelse, {})


def _where(unit: RuleSetUnit, entry: LockEntry) -> str:
    return f"{unit.lock.name if unit.lock else LOCK_NAME}:{entry.line}"


@lint_check(
    "CPRL013",
    "rule-id-not-locked",
    severity="warning",
    summary=f"Reports a rule id that is not yet recorded in the rule-id lock (`{LOCK_NAME}` "
    "beside the rule sets), when there is one.",
    why="The lock is what makes it possible to notice later that an id was deleted or reused. "
    "An id that is not in it is not protected.",
    bad="""\
  - id: ny-regel          # not in rulesets/rule-ids.lock
""",
    fix="Run `cpr-rules lint --fix` (or `--update-lock`) and commit the lock with the rule.",
    good="""\
# rulesets/rule-ids.lock
FLYTB-I:
  ny-regel: {meaning: "blank CADR_BNR", status: active}
""",
)
def rule_id_not_locked(unit: RuleSetUnit) -> Iterator[Problem]:
    locked = _locked(unit)
    if locked is None:
        return
    seen: set[str] = set()
    for rule in unit.rules:
        if rule.id not in locked and rule.id not in seen:
            seen.add(rule.id)
            message = f"rule id {rule.id!r} is not in {LOCK_NAME}: run cpr-rules lint --fix"
            yield unit.at(rule.file, (*rule.path, "id"), message)


@lint_check(
    "CPRL014",
    "rule-id-changed-meaning",
    summary="Reports a rule whose meaning (check keyword, target fields, CPR numbers) differs "
    "from what the rule-id lock recorded for its id. A rule naming a field the rule set does "
    "not define is left to CPRL003 (a typo, not a new meaning).",
    why="An id is how reports, deployments' severity overrides and CPR reconciliation refer to "
    "a rule. When the id starts to mean another check, every one of them silently changes "
    "meaning too.",
    bad="""\
  - id: husnr-eller-bnr       # locked as "at_most_one_of CADR_HUSNR,CADR_BNR fejl:1068"
    field: CADR_HUSNR
    check: {filled: {}}
""",
    fix="Keep the old rule with `status: retired` and give the new rule a new id. To correct "
    "a recorded meaning on purpose, edit its line in the lock by hand, where review sees it.",
    good="""\
  - id: husnr-eller-bnr
    status: retired
    check: {at_most_one_of: {fields: [CADR_HUSNR, CADR_BNR]}}
  - id: husnr-udfyldt
    field: CADR_HUSNR
    check: {filled: {}}
""",
)
def rule_id_changed_meaning(unit: RuleSetUnit) -> Iterator[Problem]:
    locked = _locked(unit) or {}
    known = set(unit.known_fields) | unit.broken_fields
    for rule in unit.rules:
        if not known.issuperset(rule.spec.target_fields):
            continue  # a misspelt field: CPRL003 names the typo, the meaning did not change
        entry = locked.get(rule.id)
        now = meaning(rule.spec)
        if entry is not None and entry.meaning != now:
            message = (
                f"rule id {rule.id!r} meant {entry.meaning!r} ({_where(unit, entry)}) and now "
                f"means {now!r}: retire it and give the new rule a new id"
            )
            yield unit.at(rule.file, (*rule.path, "id"), message)


@lint_check(
    "CPRL015",
    "rule-id-removed",
    summary="Reports a rule id that the rule-id lock records for the hændelse but that no rule "
    "of the rule set (with its includes) has any more.",
    why="A deleted id can be reused by accident for a new rule, and old reports and "
    "reconciliations would then point at the wrong rule. Retired rules are kept so that "
    "their ids stay taken.",
    bad="""\
rules:                        # data-i-vent was deleted
  - id: status-aktiv
""",
    fix="Put the rule back with `status: retired`.",
    good="""\
rules:
  - id: data-i-vent
    status: retired
    field: I_VENT_MRK
    check: {blank: {}}
""",
)
def rule_id_removed(unit: RuleSetUnit) -> Iterator[Problem]:
    locked = _locked(unit) or {}
    present = {r.id for r in unit.rules} | unit.broken_rules
    for rule_id, entry in sorted(locked.items()):
        if rule_id not in present:
            message = (
                f"rule id {rule_id!r} ({_where(unit, entry)}) is gone from the rule set: keep "
                "the rule with 'status: retired' so that the id is never reused"
            )
            yield unit.at(unit.main.name, ("rules",), message, at_key=True)


@lint_check(
    "CPRL016",
    "retired-rule-id-reused",
    summary="Reports an active rule whose id the rule-id lock records as retired.",
    why="A retired id stays retired: reviving it makes old reports and reconciliations that "
    "name it ambiguous.",
    bad="""\
  - id: data-i-vent           # retired in rulesets/rule-ids.lock
    field: I_VENT_MRK
    check: {blank: {}}
""",
    fix="Give the rule a new id.",
    good="""\
  - id: data-i-vent-2
    field: I_VENT_MRK
    check: {blank: {}}
""",
)
def retired_rule_id_reused(unit: RuleSetUnit) -> Iterator[Problem]:
    locked = _locked(unit) or {}
    for rule in unit.active_rules():
        entry = locked.get(rule.id)
        if entry is not None and entry.status == "retired":
            message = f"rule id {rule.id!r} was retired ({_where(unit, entry)}): use a new id"
            yield unit.at(rule.file, (*rule.path, "id"), message)
