"""cpr_rules: pre-check, translate and submit CPR self-service hændelser.

The public API is listed in ``__all__``; everything else is private. Names are imported lazily
(PEP 562), so ``import cpr_rules`` stays cheap and only what a call needs gets loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "CodeTable": "cpr_rules.tables",
    "CodeTables": "cpr_rules.tables",
    "Found": "cpr_rules.tables",
    "Miss": "cpr_rules.tables",
    "MissReason": "cpr_rules.tables",
    "load_tables": "cpr_rules.tables",
    "CprRulesError": "cpr_rules.errors",
    "InputError": "cpr_rules.errors",
    "SourceError": "cpr_rules.errors",
    "CodeTableError": "cpr_rules.errors",
    "RegisterFileError": "cpr_rules.errors",
    "RuleSetError": "cpr_rules.errors",
    "CprError": "cpr_rules.errors",
    "PersonnummerError": "cpr_rules.errors",
    "FieldValueError": "cpr_rules.adressefelter",
    "Personnummer": "cpr_rules.personnummer",
    "Translator": "cpr_rules.translator",
    "Validator": "cpr_rules.rules",
    "check": "cpr_rules.rules",
    "Report": "cpr_rules.rules",
    "Finding": "cpr_rules.rules",
    "Undecided": "cpr_rules.rules",
}

__all__ = [
    "CodeTable",
    "CodeTableError",
    "CodeTables",
    "CprError",
    "CprRulesError",
    "FieldValueError",
    "Finding",
    "Found",
    "InputError",
    "Miss",
    "MissReason",
    "Personnummer",
    "PersonnummerError",
    "RegisterFileError",
    "Report",
    "RuleSetError",
    "SourceError",
    "Translator",
    "Undecided",
    "Validator",
    "__version__",
    "check",
    "load_tables",
]

if TYPE_CHECKING:
    from cpr_rules.adressefelter import FieldValueError
    from cpr_rules.errors import (
        CodeTableError,
        CprError,
        CprRulesError,
        InputError,
        PersonnummerError,
        RegisterFileError,
        RuleSetError,
        SourceError,
    )
    from cpr_rules.personnummer import Personnummer
    from cpr_rules.rules import Finding, Report, Undecided, Validator, check
    from cpr_rules.tables import CodeTable, CodeTables, Found, Miss, MissReason, load_tables
    from cpr_rules.translator import Translator


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cpr_rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
