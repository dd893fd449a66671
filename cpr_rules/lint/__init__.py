"""``cpr-rules lint``: every problem in rule sets and code tables, each with a stable code.

>>> from cpr_rules._paths import rulesets_dir
>>> lint_paths([rulesets_dir()], select=["CPRL003"])
[]

Checks are registered in :data:`CHECKS` (``cpr_rules/lint/registry.py``); each is documented
in ``docs/lint/CPRLxxx.md``, generated from the check (``python -m cpr_rules.lint.docs``).
"""

from __future__ import annotations

from cpr_rules.lint.diagnostic import Diagnostic, LintCheck
from cpr_rules.lint.registry import CHECKS, RETIRED
from cpr_rules.lint.runner import lint_paths, update_locks

__all__ = ["CHECKS", "RETIRED", "Diagnostic", "LintCheck", "lint_paths", "update_locks"]
