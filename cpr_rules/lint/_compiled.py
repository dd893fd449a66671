"""The linted rule set loaded and compiled by the library itself, to run its examples.

The rule set is loaded with :func:`cpr_rules.rules.load_ruleset` and compiled with
:func:`cpr_rules.rules.compile_ruleset`, exactly as the validator does; the compiled function
then runs each example, and the rule ids of its raw results say which rules failed or stayed
undecided. If the library refuses the rule set, its error is kept (the runner reports it when
no other check explains it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cpr_rules.errors import RuleSetError
from cpr_rules.lint._ruleset import RuleSetUnit, display_name
from cpr_rules.lint.diagnostic import Problem
from cpr_rules.rules.compiler import CompiledRuleSet, compile_ruleset
from cpr_rules.rules.loader import load_ruleset

__all__ = ["compiled", "load_error", "outcome", "run"]


def _compile(unit: RuleSetUnit) -> tuple[CompiledRuleSet | None, Problem | None]:
    if unit.is_block or unit.tables is None or unit.main.raw is None:
        return None, None
    path = unit.main.path
    try:
        return compile_ruleset(load_ruleset(path, unit.tables), unit.tables), None
    except RuleSetError as exc:
        # The loader names files relative to the rule-set folder's parent.
        file = display_name(path.parent.parent / exc.file) if exc.file else unit.main.name
        return None, Problem(file, exc.line or 1, exc.column or 1, exc.message)


def _cached(unit: RuleSetUnit) -> tuple[CompiledRuleSet | None, Problem | None]:
    if "compiled" not in unit.cache:
        unit.cache["compiled"] = _compile(unit)
    result: tuple[CompiledRuleSet | None, Problem | None] = unit.cache["compiled"]
    return result


def compiled(unit: RuleSetUnit) -> CompiledRuleSet | None:
    """The compiled rule set, or None if the library refuses it (or cannot run it here)."""
    return _cached(unit)[0]


def load_error(unit: RuleSetUnit) -> Problem | None:
    """Why the library refuses the rule set, if it does."""
    return _cached(unit)[1]


def run(
    program: CompiledRuleSet, data: Any, stamdata: Any, today: dt.date, partial: bool = False
) -> tuple[list[str], list[str]]:
    """The rules a submission fails and leaves undecided (sorted, as ids), as
    :meth:`cpr_rules.rules.Validator.check` would report them."""
    if not isinstance(data, dict):
        return ["input.not-object"], []
    stamdata = stamdata if isinstance(stamdata, dict) else None
    try:
        raw, undecided, _, _ = program.function(data, stamdata, today, partial)
    except Exception as exc:  # an example must not stop the linter: report what it raised
        return [f"<raised {type(exc).__name__}: {exc}>"], []
    failed = sorted(program.kinds[k].rule for k, _, _ in raw)
    return failed, sorted(program.rule_inputs[j][0] for j, _ in undecided)


def outcome(
    program: CompiledRuleSet, rule_id: str, data: Any, stamdata: Any, today: dt.date, partial: bool
) -> str:
    """``fail``, ``undecided`` or ``pass``: what ``rule_id`` does with one submission."""
    failed, undecided = run(program, data, stamdata, today, partial)
    if rule_id in failed:
        return "fail"
    return "undecided" if rule_id in undecided else "pass"
