"""Every lint check, by code: one literal mapping, readable at a glance.

A code is never reused: a check that is removed keeps its code in :data:`RETIRED`, and a new
check takes the next number. A test keeps the codes unique and in sequence.
"""

from __future__ import annotations

from cpr_rules.lint import (
    contradictions,
    examples,
    haendelse,
    ids,
    messages,
    references,
    rules,
    suppress,
    syntax,
    tables,
)
from cpr_rules.lint.diagnostic import LintCheck

__all__ = ["CHECKS", "RETIRED"]

CHECKS: dict[str, LintCheck] = {
    "CPRL001": syntax.syntax_error,
    "CPRL002": syntax.schema_error,
    "CPRL003": references.unknown_field,
    "CPRL004": references.unknown_table,
    "CPRL005": tables.unknown_column,
    "CPRL006": syntax.unknown_check,
    "CPRL007": references.unknown_rule,
    "CPRL008": references.unknown_include,
    "CPRL009": examples.unknown_example_field,
    "CPRL010": references.type_mismatch,
    "CPRL011": references.invalid_value,
    "CPRL012": ids.duplicate_rule_id,
    "CPRL013": ids.rule_id_not_locked,
    "CPRL014": ids.rule_id_changed_meaning,
    "CPRL015": ids.rule_id_removed,
    "CPRL016": ids.retired_rule_id_reused,
    "CPRL017": examples.rule_without_examples,
    "CPRL018": examples.missing_example_outcome,
    "CPRL019": examples.example_fails,
    "CPRL020": messages.message_missing_language,
    "CPRL021": messages.placeholders_differ,
    "CPRL022": messages.unknown_placeholder,
    "CPRL023": contradictions.impossible_condition,
    "CPRL024": contradictions.check_outcome_fixed,
    "CPRL025": contradictions.contradicting_rules,
    "CPRL026": rules.validity_inverted,
    "CPRL027": rules.validity_overlap,
    "CPRL028": rules.cpr_number_claimed_twice,
    "CPRL029": tables.table_provenance,
    "CPRL030": tables.table_duplicate_key,
    "CPRL031": tables.table_unsorted,
    "CPRL032": tables.husnr_overlap,
    "CPRL033": tables.code_missing_from_table,
    "CPRL034": tables.table_invalid_cell,
    "CPRL035": suppress.suppression_without_reason,
    "CPRL036": suppress.unused_suppression,
    "CPRL037": haendelse.haendelse_not_file_name,
    "CPRL038": haendelse.unknown_haendelse,
    "CPRL039": messages.field_without_title,
}

RETIRED: dict[str, str] = {}
"""Codes of removed checks (code -> why), never to be given to another check."""
