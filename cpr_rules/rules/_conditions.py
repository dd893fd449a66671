"""Conditions (``when``, ``when_any``) as Python expressions for the generated code.

Split from :mod:`cpr_rules.rules.compiler`: the constants of a condition are normalised with the
field's own type at compile time (so ``contains: "1"`` on BESKYT becomes ``"00001"``), and a
rule that cannot be decided may still be known to *pass* when its ``when`` is already false.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpr_rules.adressefelter import FieldValueError
from cpr_rules.rules import types as ftypes
from cpr_rules.rules.loader import LoadedRule
from cpr_rules.rules.model import ConditionSpec

if TYPE_CHECKING:
    from cpr_rules.rules._builder import PyBuilder

__all__ = ["conditions", "forbidden_per_alternative", "normalise_const", "not_applicable"]

Where = tuple[str, tuple[Any, ...]]  # (file, path) of a value, for error positions


def normalise_const(b: PyBuilder, field: str, value: Any, where: Where) -> Any:
    spec = b.ruleset.fields.get(field) or b.ruleset.stamdata[field]
    if spec.type in ("code_list", "beskyt"):
        spec = spec.model_copy(update={"type": "code", "digits": spec.digits or 5})
    try:
        return ftypes.normalise(value, spec)
    except FieldValueError as exc:
        raise b.ruleset.positions[where[0]].error(
            where[1], f"{value!r} is not a valid value of {field}: {exc}"
        ) from None


def condition(b: PyBuilder, field: str, cond: ConditionSpec, where: Where) -> str:
    v = b.var(field)
    where = (where[0], (*where[1], field))
    if cond.filled is not None or cond.blank is not None:
        filled = cond.filled if cond.filled is not None else not cond.blank
        return f"({v} is not None)" if filled else f"({v} is None)"
    if cond.one_of is not None:
        values = frozenset(normalise_const(b, field, x, where) for x in cond.one_of)
        return f"({v} in {b.const(values)})"
    if cond.not_one_of is not None:
        values = frozenset(normalise_const(b, field, x, where) for x in cond.not_one_of)
        return f"({v} is not None and {v} not in {b.const(values)})"
    for name, template in (
        ("equals", "({v} == {c})"),
        ("not_equals", "({v} != {c})"),
        ("contains", "({v} is not None and {c} in {v})"),
        ("not_contains", "({v} is None or {c} not in {v})"),
    ):
        raw = getattr(cond, name)
        if raw is not None:
            return template.format(v=v, c=b.const(normalise_const(b, field, raw, where)))
    raise AssertionError("a condition has exactly one option")  # pragma: no cover


def forbidden_per_alternative(b: PyBuilder, rule: LoadedRule, rule_index: int) -> list[str]:
    """``forbidden`` over several fields with ``when_any``: one finding that names the fields of
    the alternatives that hold, not every field the rule could be about. Each alternative is
    decided on its own inputs: one that cannot be decided (and is not already false) leaves the
    rule undecided only when no other alternative holds."""
    spec = rule.spec
    lines = ["_m = []; _u = False"]
    for i, conds in enumerate(spec.when_any):
        where = (rule.file, (*rule.path, "when_any", i))
        test = " and ".join(condition(b, f, c, where) for f, c in conds.items())
        decided = " and ".join(f"s{b.index[f]} < 2" for f in conds)
        names = tuple(f for f in spec.target_fields if f in conds) or tuple(spec.target_fields)
        false = _definitely_false(b, rule, conds, ("when_any", i))
        lines += [
            f"if {decided}:",
            f"    if {test}:",
            f"        _m += {b.const(names)}",
            f"elif not {false}:",
            "    _u = True",
        ]
    states = ", ".join(f"s{b.index[f]}" for f in dict.fromkeys(rule.spec.condition_fields))
    lines += [
        "if _m:",
        "    _f = tuple(dict.fromkeys(_m))",
        "    " + b.fail("_f", {"fields": f"[{b.title_map()}[n] for n in _f]"}),
        "elif _u:",
        f"    U.append(({rule_index}, UND({states})))",
    ]
    return lines


def conditions(b: PyBuilder, rule: LoadedRule, *, any_part: bool = True) -> str:
    """The rule's ``when`` (and, with ``any_part``, its ``when_any``) as one expression."""
    spec = rule.spec
    parts = [condition(b, f, c, (rule.file, (*rule.path, "when"))) for f, c in spec.when.items()]
    if spec.when_any and any_part:
        alternatives = [
            " and ".join(
                condition(b, f, c, (rule.file, (*rule.path, "when_any", i)))
                for f, c in conds.items()
            )
            for i, conds in enumerate(spec.when_any)
        ]
        parts.append("(" + " or ".join(f"({a})" for a in alternatives) + ")")
    return " and ".join(parts)


def _definitely_false(
    b: PyBuilder, rule: LoadedRule, conds: dict[str, ConditionSpec], path: tuple[Any, ...]
) -> str:
    """An expression true when some condition of an AND-group is decided and false."""
    parts = [
        f"(s{b.index[f]} < 2 and not {condition(b, f, c, (rule.file, (*rule.path, *path)))})"
        for f, c in conds.items()
    ]
    return "(" + " or ".join(parts) + ")" if parts else "False"


def not_applicable(b: PyBuilder, rule: LoadedRule) -> str:
    """When an undecided rule can still be decided as *passing*: its ``when`` is already false."""
    spec = rule.spec
    parts = []
    if spec.when:
        parts.append(_definitely_false(b, rule, spec.when, ("when",)))
    if spec.when_any:
        alternatives = [
            _definitely_false(b, rule, c, ("when_any", i)) for i, c in enumerate(spec.when_any)
        ]
        parts.append("(" + " and ".join(alternatives) + ")")
    return " or ".join(parts)
