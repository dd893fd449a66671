"""Checks of form: files that do not parse, and documents that do not fit their schema."""

from __future__ import annotations

from collections.abc import Iterator

from cpr_rules.lint._ruleset import RuleSetUnit
from cpr_rules.lint._tables import Manifest, TableUnit
from cpr_rules.lint._tablescan import scan_table
from cpr_rules.lint.diagnostic import Problem, lint_check

__all__ = ["schema_error", "syntax_error", "unknown_check"]

Unit = RuleSetUnit | Manifest | TableUnit


@lint_check(
    "CPRL001",
    "syntax-error",
    scopes=("ruleset", "table"),
    summary="Reports a file that cannot be read as YAML (rule sets, blocks, the rule-id lock, "
    "the code-table manifest) or as a code table (CSV rows with the wrong number of columns, "
    "a header line that is not `# key: value`, text that is not UTF-8).",
    why="Nothing else can be checked in a file that does not parse, and the library refuses "
    "to load it. Duplicate keys count as syntax errors: YAML would silently keep the last one.",
    bad="""\
rules:
  - id: husnr-eller-bnr
    check: {at_most_one_of: {fields: [CADR_HUSNR, CADR_BNR]}
""",
    fix="Close every bracket and quote; give each key once.",
    good="""\
rules:
  - id: husnr-eller-bnr
    check: {at_most_one_of: {fields: [CADR_HUSNR, CADR_BNR]}}
""",
)
def syntax_error(unit: Unit) -> Iterator[Problem]:
    if isinstance(unit, RuleSetUnit):
        yield from (doc.syntax for doc in unit.docs.values() if doc.syntax is not None)
        if unit.lock is not None and unit.lock.syntax is not None:
            yield unit.lock.syntax
    elif isinstance(unit, Manifest):
        yield from [unit.syntax] if unit.syntax is not None else []
    else:
        yield from scan_table(unit).syntax


@lint_check(
    "CPRL002",
    "schema-error",
    scopes=("ruleset", "table"),
    summary="Reports a document that does not fit its format: a rule file against the rule-file "
    "schema (`docs/schema/ruleset.schema.json`: unknown or missing keys, values of the wrong "
    "type, options that do not fit a field's type, a rule that names no field); a field or "
    "address block defined twice; a block that names a hændelse; a manifest entry that is "
    "incomplete or names a missing file; a CSV no manifest lists. It also reports anything "
    "else the loader rejects that no more specific check has reported.",
    why="The loader and compiler reject such a file, so the whole rule set stops working. "
    "The linter reports every schema error at once, each at its line and column, where the "
    "loader stops at the first.",
    bad="""\
fields:
  CBSK_VALG1: {type: choice}
  HDTO: {type: date, digits: 8}
""",
    fix="Give the options the type needs, and only those (`docs/rule-language.md`).",
    good="""\
fields:
  CBSK_VALG1: {type: choice, values: [X, S]}
  HDTO: {type: date}
""",
)
def schema_error(unit: Unit) -> Iterator[Problem]:
    if isinstance(unit, RuleSetUnit):
        for doc in unit.docs.values():
            yield from (i.problem for i in doc.schema if i.kind == "schema")
        yield from unit.structure
        yield from _nameless_rules(unit)
        if unit.lock is not None:
            yield from unit.lock.schema
    elif isinstance(unit, Manifest):
        yield from unit.problems


def _nameless_rules(unit: RuleSetUnit) -> Iterator[Problem]:
    for rule in unit.rules:
        if not rule.spec.target_fields:
            message = f"rule {rule.id!r} names no field: give 'field' or 'fields'"
            yield unit.at(rule.file, rule.path, message)


@lint_check(
    "CPRL006",
    "unknown-check",
    summary="Reports a check or condition keyword that is not in the vocabulary "
    "(`docs/rule-language.md#checks`), with the closest known keyword.",
    why="A rule set is declarative: only the fixed vocabulary can be compiled and checked "
    "before it runs. A misspelt keyword makes the whole rule set fail to load.",
    bad="""\
  - id: vejkode-findes
    field: CADR_VEJKOD
    check: {exist: {table: vejstykker, key: [KOMK, CADR_VEJKOD]}}
""",
    fix="Use the keyword the message suggests.",
    good="""\
  - id: vejkode-findes
    field: CADR_VEJKOD
    check: {exists: {table: vejstykker, key: [KOMK, CADR_VEJKOD]}}
""",
)
def unknown_check(unit: RuleSetUnit) -> Iterator[Problem]:
    for doc in unit.docs.values():
        yield from (i.problem for i in doc.schema if i.kind == "unknown-check")
