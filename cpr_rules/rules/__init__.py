"""Rule sets: per-hændelse YAML compiled to plain Python, and the validator that runs them.

See ``docs/rule-language.md`` for the format and ``docs/report.md`` for the report.
"""

from __future__ import annotations

from cpr_rules.rules.compiler import CompiledRuleSet, compile_ruleset
from cpr_rules.rules.loader import LoadedRule, RuleSet, load_ruleset, load_rulesets
from cpr_rules.rules.report import Finding, Report, Undecided
from cpr_rules.rules.validator import Validator, check, default_validator

__all__ = [
    "CompiledRuleSet",
    "Finding",
    "LoadedRule",
    "Report",
    "RuleSet",
    "Undecided",
    "Validator",
    "check",
    "compile_ruleset",
    "default_validator",
    "load_ruleset",
    "load_rulesets",
]
