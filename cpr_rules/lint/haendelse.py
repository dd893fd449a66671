"""Checks on the hændelse a rule set names: the file is named after it, and CPR knows it.

The hændelseskoder come from the code table ``haendelseskoder`` (Håndbog til CPR services,
bilag 2; ``codetables/haendelseskoder.csv``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cpr_rules.lint._ruleset import RuleSetUnit
from cpr_rules.lint.diagnostic import Problem, lint_check
from cpr_rules.rules.loader import did_you_mean

__all__ = ["haendelse_not_file_name", "unknown_haendelse"]

HAENDELSESKODER = "haendelseskoder"


@lint_check(
    "CPRL037",
    "haendelse-not-file-name",
    severity="warning",
    summary="Reports a rule set whose file is not named after the hændelse it names "
    "(`haendelse: FLYTB-I` belongs in `FLYTB-I.yaml`).",
    why="Authors, reviewers and `cpr-rules check HAENDELSE --rules DIR` users look for a "
    "hændelse's rules by the file name; a rule set in another file is overlooked, and two files "
    "for one hændelse are easy to create by accident.",
    bad="""\
# rulesets/flytning.yaml
haendelse: FLYTB-I
""",
    fix="Rename the file after the hændelse (or correct `haendelse:`).",
    good="""\
# rulesets/FLYTB-I.yaml
haendelse: FLYTB-I
""",
)
def haendelse_not_file_name(unit: RuleSetUnit) -> Iterator[Problem]:
    haendelse = unit.haendelse
    if unit.is_block or not haendelse:
        return
    stem = Path(unit.main.name).stem
    if stem != haendelse:
        message = f"the rule set for {haendelse} is in {stem}.yaml: name the file {haendelse}.yaml"
        yield unit.at(unit.main.name, ("haendelse",), message)


@lint_check(
    "CPRL038",
    "unknown-haendelse",
    summary="Reports a `haendelse:` that is not a hændelseskode of the code table "
    f"`{HAENDELSESKODER}` (CPR's list, Håndbog til CPR services bilag 2). Suggests the "
    "closest code.",
    why="CPR refuses a hændelse it does not know, so a rule set for a misspelt code checks "
    "submissions that can never be sent; `Validator.check('FLYTB-I', …)` does not find it.",
    bad="""\
haendelse: FLYTB
""",
    fix="Use CPR's hændelseskode exactly, with its `-I` suffix.",
    good="""\
haendelse: FLYTB-I
""",
)
def unknown_haendelse(unit: RuleSetUnit) -> Iterator[Problem]:
    haendelse = unit.haendelse
    tables = unit.tables
    if unit.is_block or not haendelse or tables is None or HAENDELSESKODER not in tables:
        return
    table = tables[HAENDELSESKODER]
    if not table.contains(haendelse):
        codes = [row[table.spec.key[0]] for row in table.rows()]
        message = (
            f"{haendelse!r} is not a hændelseskode of {HAENDELSESKODER}"
            f"{did_you_mean(haendelse, codes)}"
        )
        yield unit.at(unit.main.name, ("haendelse",), message)
