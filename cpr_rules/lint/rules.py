"""Checks across the rules of a hændelse: validity periods and the CPR numbers they claim."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass

from cpr_rules.lint._ruleset import RuleSetUnit
from cpr_rules.lint.diagnostic import Problem, lint_check
from cpr_rules.rules.model import CprNumbers, Validity

__all__ = ["cpr_number_claimed_twice", "validity_inverted", "validity_overlap"]


def _period(valid: Validity) -> str:
    return f"{valid.from_ or '…'} to {valid.to or '…'}"


@lint_check(
    "CPRL026",
    "validity-inverted",
    summary="Reports a `valid` period (of a rule or of the rule set) whose `from` is not before "
    "its `to` (`to` is exclusive, so equal dates are an empty period).",
    why="The rule, or the whole rule set, then applies on no day at all, silently.",
    bad="""\
    valid: {from: 2027-01-01, to: 2026-01-01}
""",
    fix="Swap the dates, or correct the one that is wrong.",
    good="""\
    valid: {from: 2026-01-01, to: 2027-01-01}
""",
)
def validity_inverted(unit: RuleSetUnit) -> Iterator[Problem]:
    periods: list[tuple[str, tuple[Hashable, ...], Validity | None]] = [
        (unit.main.name, ("valid",), unit.spec.valid if unit.spec else None)
    ]
    periods += [(r.file, (*r.path, "valid"), r.spec.valid) for r in unit.rules]
    for file, path, valid in periods:
        if valid is not None and valid.from_ and valid.to and valid.from_ >= valid.to:
            message = f"the period {_period(valid)} is empty: 'from' must be before 'to'"
            yield unit.at(file, path, message)


@lint_check(
    "CPRL027",
    "validity-overlap",
    summary="Reports two versions of one rule (rules with the same id, each with a `valid` "
    "period) whose periods overlap.",
    why="On the days both apply, the rule is checked twice, with two messages and possibly "
    "contradicting outcomes; the loader refuses the rule set.",
    bad="""\
  - id: hdto-frist
    valid: {to: 2027-01-01}
  - id: hdto-frist
    valid: {from: 2026-07-01}
""",
    fix="Let each version end (`to`, exclusive) where the next begins (`from`).",
    good="""\
  - id: hdto-frist
    valid: {to: 2027-01-01}
  - id: hdto-frist
    valid: {from: 2027-01-01}
""",
)
def validity_overlap(unit: RuleSetUnit) -> Iterator[Problem]:
    for i, rule in enumerate(unit.rules):
        valid = rule.spec.valid
        for earlier in unit.rules[:i]:
            other = earlier.spec.valid
            if earlier.id != rule.id or valid is None or other is None:
                continue
            if valid.overlaps(other):
                line = unit.line_of(earlier.file, (*earlier.path, "valid"))
                message = (
                    f"version {_period(valid)} of rule {rule.id!r} overlaps the version "
                    f"{_period(other)} at {earlier.file}:{line}"
                )
                yield unit.at(rule.file, (*rule.path, "id"), message)
                break


@dataclass(frozen=True)
class _Claim:
    owner: str  # a rule id, or "field X"
    file: str
    path: tuple[Hashable, ...]


def _claims(unit: RuleSetUnit) -> Iterator[tuple[tuple[str, int], _Claim]]:
    """Every CPR number a field (type/required findings) or an active rule predicts."""
    owners: list[tuple[str, CprNumbers | None, str, tuple[Hashable, ...]]] = [
        (f"field {f.name}", f.spec.cpr, f.file, f.path)
        for f in [*unit.fields.values(), *unit.stamdata.values()]
    ]
    owners += [(f"rule {r.id!r}", r.spec.cpr, r.file, r.path) for r in unit.active_rules()]
    for owner, cpr, file, path in owners:
        for kind in ("fejl", "anmrk"):
            for i, number in enumerate(getattr(cpr, kind) if cpr is not None else []):
                yield (kind, number), _Claim(owner, file, (*path, "cpr", kind, i))


@lint_check(
    "CPRL028",
    "cpr-number-claimed-twice",
    summary="Reports a CPR error (`fejl`) or warning (`anmrk`) number that two rules (or a "
    "field and a rule) of one hændelse both claim to predict. Versions of one rule may share "
    "their numbers.",
    why="Reconciliation compares CPR's answer with our findings by these numbers: when CPR "
    "returns fejl 2001, it must be clear which rule predicted it.",
    bad="""\
  - id: vejkode-findes
    cpr: {fejl: [2001]}
  - id: husnr-har-postdistrikt
    cpr: {fejl: [2001]}
""",
    fix="Leave the number on the one rule that predicts it.",
    good="""\
  - id: vejkode-findes
    cpr: {fejl: [2001]}
  - id: husnr-har-postdistrikt
""",
)
def cpr_number_claimed_twice(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    first: dict[tuple[str, int], _Claim] = {}
    for number, claim in _claims(unit):
        earlier = first.setdefault(number, claim)
        if earlier.owner != claim.owner:
            line = unit.line_of(earlier.file, earlier.path)
            message = (
                f"CPR {number[0]} {number[1]} is also claimed by {earlier.owner} "
                f"({earlier.file}:{line}): reconciliation cannot tell which one CPR confirms"
            )
            yield unit.at(claim.file, claim.path, message)
