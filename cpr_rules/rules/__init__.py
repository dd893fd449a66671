"""Rule sets: per-hændelse YAML compiled to plain Python, and the validator that runs them.

See ``docs/rule-language.md`` for the format and ``docs/report.md`` for the report. Names are
imported lazily (PEP 562): running a compiled rule set (:class:`Validator`) does not import the
rule-file models or YAML, which only loading and compiling (:func:`load_ruleset`,
:func:`compile_ruleset`) need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "CompiledRuleSet": "cpr_rules.rules.compiled",
    "Finding": "cpr_rules.rules.report",
    "LoadedRule": "cpr_rules.rules.loader",
    "Report": "cpr_rules.rules.report",
    "RuleSet": "cpr_rules.rules.loader",
    "Undecided": "cpr_rules.rules.report",
    "Validator": "cpr_rules.rules.validator",
    "check": "cpr_rules.rules.validator",
    "compile_ruleset": "cpr_rules.rules.compiler",
    "default_validator": "cpr_rules.rules.validator",
    "load_ruleset": "cpr_rules.rules.loader",
    "load_rulesets": "cpr_rules.rules.loader",
}

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

if TYPE_CHECKING:
    from cpr_rules.rules.compiled import CompiledRuleSet
    from cpr_rules.rules.compiler import compile_ruleset
    from cpr_rules.rules.loader import LoadedRule, RuleSet, load_ruleset, load_rulesets
    from cpr_rules.rules.report import Finding, Report, Undecided
    from cpr_rules.rules.validator import Validator, check, default_validator


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cpr_rules.rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
