"""A rule file against the rule-file schema: every error at once, each at its position.

The loader raises at the first schema error; here the same pydantic models validate the whole
document once and every error becomes an issue, with the loader's own message and position
(:func:`cpr_rules.rules.loader.schema_error`). Then the document is *salvaged*: each field, rule,
scenario and top-level key is validated on its own and kept when it is valid, so that the
semantic checks run on everything that parsed.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from cpr_rules.lint.diagnostic import Problem
from cpr_rules.rules._yaml import Positions
from cpr_rules.rules.loader import _model_at, schema_error
from cpr_rules.rules.model import CheckSpec, ConditionSpec, RuleSetFile, Text

__all__ = ["Salvaged", "SchemaIssue", "salvage", "schema_issues"]

SchemaKind = Literal["schema", "unknown-check", "missing-language"]
Path_ = tuple[Hashable, ...]


@dataclass(frozen=True)
class SchemaIssue:
    """One schema error: which check reports it, and where."""

    kind: SchemaKind
    problem: Problem


def _doc_path(loc: tuple[Any, ...], raw: Any, kind: str) -> tuple[Any, ...]:
    """``loc`` without the union-member tags pydantic appends (``…, "equals", "str"``)."""
    node = raw
    for i, part in enumerate(loc):
        if part == "[key]":
            return loc[: i + 1]
        if not _has(node, part):
            return loc[: i + 1] if kind == "missing" and i == len(loc) - 1 else loc[:i]
        node = node[part]
    return loc


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _relevant(errors: list[ErrorDetails], raw: Any) -> list[ErrorDetails]:
    """One error per place; a "missing" key next to an unknown one is explained by it."""
    with_unknown = {tuple(e["loc"][:-1]) for e in errors if e["type"] == "extra_forbidden"}
    seen: set[tuple[Any, ...]] = set()
    out: list[ErrorDetails] = []
    for err in errors:
        loc = _doc_path(tuple(err["loc"]), raw, err["type"])
        if (err["type"] == "missing" and loc[:-1] in with_unknown) or loc in seen:
            continue
        seen.add(loc)
        out.append({**err, "loc": loc})
    return out


def _kind(err: ErrorDetails) -> SchemaKind:
    loc = tuple(err["loc"])
    model = _model_at(loc[:-1]) if loc else None
    if err["type"] == "extra_forbidden" and model in (CheckSpec, ConditionSpec):
        return "unknown-check"
    if err["type"] == "missing" and model is Text:
        return "missing-language"
    return "schema"


def schema_issues(raw: Any, pos: Positions) -> list[SchemaIssue]:
    """Every schema error of a rule file (``raw`` as loaded, ``pos`` its positions)."""
    if not isinstance(raw, dict):
        message = "a rule file is a mapping (haendelse:, fields:, rules: …)"
        line, col = pos.of(())
        return [SchemaIssue("schema", Problem(pos.file, line, col, message))]
    try:
        RuleSetFile.model_validate(raw)
    except ValidationError as exc:
        issues = []
        for err in _relevant(exc.errors(), raw):
            found = schema_error(err, pos)
            problem = Problem(pos.file, found.line, found.column, found.message)
            issues.append(SchemaIssue(_kind(err), problem))
        return issues
    return []


@dataclass(frozen=True)
class Salvaged:
    """The valid parts of a rule file, and the names of the fields and rules left out."""

    model: RuleSetFile
    broken_fields: frozenset[str]
    broken_rules: frozenset[str]


def _is_valid(part: dict[str, Any]) -> bool:
    try:
        RuleSetFile.model_validate(part)
    except ValidationError:
        return False
    return True


def salvage(raw: Any) -> Salvaged | None:
    """The rule file with every invalid field, rule, scenario or key left out."""
    if not isinstance(raw, dict):
        return None
    clean: dict[str, Any] = {}
    broken_fields: set[str] = set()
    broken_rules: set[str] = set()
    for key, value in raw.items():
        if key in ("keys", "fields", "stamdata") and isinstance(value, dict):
            clean[key] = {n: s for n, s in value.items() if _is_valid({key: {n: s}})}
            broken_fields |= {str(n) for n in value if n not in clean[key]}
        elif key in ("rules", "examples") and isinstance(value, list):
            clean[key] = [item for item in value if _is_valid({key: [item]})]
            if key == "rules":
                broken_rules |= {_rule_id(r) for r in value if r not in clean[key]}
        elif _is_valid({key: value}):
            clean[key] = value
    try:
        model = RuleSetFile.model_validate(clean)
    except ValidationError:  # pragma: no cover - every part was valid on its own
        return None
    return Salvaged(model, frozenset(broken_fields), frozenset(broken_rules))


def _rule_id(raw: Any) -> str:
    return str(raw.get("id")) if isinstance(raw, dict) else ""
