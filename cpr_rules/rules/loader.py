"""Rule-set files → a checked :class:`RuleSet` with source positions.

Loading is where author mistakes are caught: YAML syntax, unknown keys (with the keys that were
expected), unknown checks, fields, tables or columns (with "did you mean"), duplicate rule ids,
options that do not fit a field's type, values that are not values of their field, unknown
message placeholders. Every error is a :class:`~cpr_rules.errors.RuleSetError` that prints
``file:line:col`` (of the offending key for an unknown key).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cpr_rules.errors import RuleSetError
from cpr_rules.rules._yaml import Positions, load_yaml
from cpr_rules.rules.model import (
    AddressSpec,
    CheckSpec,
    ConditionSpec,
    FieldSpec,
    RuleSetFile,
    RuleSpec,
    Text,
)
from cpr_rules.tables import CodeTables

__all__ = [
    "LoadedRule",
    "RuleSet",
    "did_you_mean",
    "load_ruleset",
    "load_rulesets",
    "schema_error",
]


@dataclass(frozen=True)
class LoadedRule:
    """A rule and where it was written."""

    spec: RuleSpec
    file: str
    line: int
    column: int
    path: tuple[Hashable, ...]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def source(self) -> str:
        """``rulesets/FLYTB-I.yaml:42``."""
        return f"{self.file}:{self.line}"


@dataclass
class RuleSet:
    """One hændelse's rules, with every include resolved and every reference checked."""

    haendelse: str
    version: str
    file: str
    spec: RuleSetFile
    fields: dict[str, FieldSpec]
    stamdata: dict[str, FieldSpec]
    rules: list[LoadedRule]
    positions: dict[str, Positions] = field(default_factory=dict)
    address: AddressSpec | None = None
    field_sources: dict[str, str] = field(default_factory=dict)
    field_paths: dict[str, tuple[str, tuple[Hashable, ...]]] = field(default_factory=dict)
    """Where each field is defined: its file and its path there (``("fields", "CADR_VEJKOD")``)."""
    type_messages: dict[str, Text] = field(default_factory=dict)
    """``type_messages`` of the rule set and its blocks (the rule set's own first)."""
    path: Path | None = None
    """The rule file on disk."""

    @property
    def keys(self) -> list[str]:
        """The initier keys (Bilag 9 note 3), in order."""
        return list(self.spec.keys)


def did_you_mean(name: str, choices: Any) -> str:
    """`` (did you mean 'X'?)`` or an empty string."""
    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``loc`` (to list its allowed keys)."""
    current: Any = RuleSetFile
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part)) or next(
                (f for f in current.model_fields.values() if f.alias == part), None
            )
            if info is None:
                return None
            current = info.annotation
        else:
            args = [a for a in typing.get_args(current) if a is not type(None)]
            origin = typing.get_origin(current)
            if origin in (list, dict) or origin is types.UnionType or origin is typing.Union:
                current = args[-1] if args else None
            else:
                return None
        while typing.get_origin(current) in (types.UnionType, typing.Union):
            current = next(a for a in typing.get_args(current) if a is not type(None))
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


_KEY_NOUNS: dict[type[BaseModel], str] = {CheckSpec: "check", ConditionSpec: "condition"}


def _schema_error(exc: ValidationError, pos: Positions) -> RuleSetError:
    errors = exc.errors()
    # An unknown key explains a "missing" one next to it (a misspelt ``chek:``): report it first.
    return schema_error(next((e for e in errors if e["type"] == "extra_forbidden"), errors[0]), pos)


def schema_error(err: ErrorDetails, pos: Positions) -> RuleSetError:
    """One schema error of a rule file, with its message and position (the loader raises the
    first; ``cpr-rules lint`` reports them all)."""
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = sorted(f.alias or n for n, f in model.model_fields.items()) if model else []
        hint = did_you_mean(str(loc[-1]), allowed) or (
            f"; expected one of: {', '.join(allowed)}" if allowed else ""
        )
        noun = _KEY_NOUNS.get(model, "key") if model else "key"
        return pos.error(loc, f"unknown {noun} {loc[-1]!r}{hint}", at_key=True)
    if err["type"] == "missing":
        where = ".".join(str(p) for p in loc[:-1])
        message = f"missing key {loc[-1]!r}"
        return pos.error(loc, f"{where}: {message}" if where else message)
    message = err["msg"].removeprefix("Value error, ")
    if loc[-1:] == ("[key]",):  # a mapping key itself is invalid (``valg:`` for a field name)
        where = ".".join(str(p) for p in loc[:-2]) or "document"
        return pos.error(loc[:-1], f"{where}: key {loc[-2]!r}: {message}", at_key=True)
    where = ".".join(str(p) for p in loc) or "document"
    # A model check that names one of the mapping's own keys ("option 'digits' does not apply
    # to type 'date'") points at that key rather than at the start of the mapping.
    named = [(*loc, k) for k in re.findall(r"'([^']+)'", message) if pos.has_key((*loc, k))]
    if err["type"] == "value_error" and named:
        return pos.error(named[0], f"{where}: {message}", at_key=True)
    return pos.error(loc, f"{where}: {message}")


def _parse(path: Path, display: str) -> tuple[RuleSetFile, Positions]:
    raw, pos = load_yaml(path, display_name=display)
    if not isinstance(raw, dict):
        raise pos.error((), "a rule file is a mapping (haendelse:, fields:, rules: …)")
    try:
        return RuleSetFile.model_validate(raw), pos
    except ValidationError as exc:
        raise _schema_error(exc, pos) from None


def _display_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def load_ruleset(path: str | Path, tables: CodeTables | None = None) -> RuleSet:
    """Load one rule-set file (and its includes) and check every reference."""
    from cpr_rules.rules._references import check_references
    from cpr_rules.tables import load_tables

    path = Path(path)
    root = path.parent
    spec, pos = _parse(path, _display_name(path, root))
    if not spec.haendelse:
        raise pos.error((), "a rule set names its hændelse: 'haendelse: FLYTB-I'")
    ruleset = RuleSet(
        haendelse=spec.haendelse,
        version=spec.version or "0",
        file=pos.file,
        spec=spec,
        fields={},
        stamdata={},
        rules=[],
        positions={pos.file: pos},
        path=path,
    )
    _merge(ruleset, spec, pos, seen=set())
    for i, include in enumerate(spec.include):
        _include(ruleset, root / include, root, pos, ("include", i), seen={path.resolve()})
    check_references(ruleset, tables if tables is not None else load_tables())
    return ruleset


def _include(
    ruleset: RuleSet,
    path: Path,
    root: Path,
    parent: Positions,
    at: tuple[Hashable, ...],
    seen: set[Path],
) -> None:
    """Merge the block at ``path``, named by the item ``at`` of the file ``parent``."""
    if path.resolve() in seen:
        raise parent.error(at, f"include cycle through {path.name}")
    if not path.resolve().is_relative_to(root.resolve()):  # as a manifest's file: (fail closed)
        raise parent.error(at, f"included file {path.as_posix()} is outside the rule set's folder")
    if not path.is_file():
        raise parent.error(at, f"included file {path.as_posix()} not found")
    spec, pos = _parse(path, _display_name(path, root))
    if spec.haendelse or spec.examples:
        raise pos.error((), "an included block may not name a hændelse or have scenarios")
    ruleset.positions[pos.file] = pos
    _merge(ruleset, spec, pos, seen)
    for i, nested in enumerate(spec.include):
        _include(ruleset, path.parent / nested, root, pos, ("include", i), seen | {path.resolve()})


def _field_messages(spec: FieldSpec, pos: Positions, at: tuple[Hashable, ...]) -> None:
    """A field's ``messages`` may only name reasons of its type, and ``required``."""
    from cpr_rules.rules.type_messages import reasons_of

    allowed = [*reasons_of(spec), "required"]
    for reason in spec.messages or {}:
        if reason not in allowed:
            raise pos.error(
                (*at, "messages", reason),
                f"a {spec.type} field has no message {reason!r}{did_you_mean(reason, allowed)}",
                at_key=True,
            )


def _merge(ruleset: RuleSet, spec: RuleSetFile, pos: Positions, seen: set[Path]) -> None:
    from cpr_rules.rules.type_messages import default_type_messages

    defaults = default_type_messages()
    for reason, text in spec.type_messages.items():
        if reason not in defaults:
            raise pos.error(
                ("type_messages", reason),
                f"{reason!r} is not a type message{did_you_mean(reason, defaults)}",
                at_key=True,
            )
        ruleset.type_messages.setdefault(reason, text)
    if spec.address is not None:
        if ruleset.address is not None:
            raise pos.error(("address",), "the address block is defined twice")
        ruleset.address = spec.address
    for section, target in (
        ("keys", ruleset.fields),
        ("fields", ruleset.fields),
        ("stamdata", ruleset.stamdata),
    ):
        for name, fspec in getattr(spec, section).items():
            if name in ruleset.fields or name in ruleset.stamdata:
                first = ruleset.field_sources[name]
                raise pos.error(
                    (section, name),
                    f"field {name!r} is defined twice (first at {first})",
                    at_key=True,
                )
            _field_messages(fspec, pos, (section, name))
            target[name] = fspec
            ruleset.field_sources[name] = f"{pos.file}:{pos.key_of((section, name))[0]}"
            ruleset.field_paths[name] = (pos.file, (section, name))
    for i, rule in enumerate(spec.rules):
        line, col = pos.of(("rules", i))
        # Versions of one rule share its id, each with a `valid` period of its own.
        clash = next((r for r in ruleset.rules if r.id == rule.id and not _versions(r, rule)), None)
        if clash is not None:
            raise pos.error(
                ("rules", i, "id"),
                f"duplicate rule id {rule.id!r} (first at {clash.source}); versions of one rule "
                "need 'valid' periods that do not overlap",
            )
        ruleset.rules.append(LoadedRule(rule, pos.file, line, col, ("rules", i)))


def _versions(first: LoadedRule, rule: RuleSpec) -> bool:
    """Whether two rules with one id are versions of it: valid at different times."""
    a, b = first.spec.valid, rule.valid
    return a is not None and b is not None and not a.overlaps(b)


def load_rulesets(folder: str | Path, tables: CodeTables | None = None) -> Mapping[str, RuleSet]:
    """Every rule set in a folder (``*.yaml`` not starting with ``_``), by hændelse."""
    out: dict[str, RuleSet] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        ruleset = load_ruleset(path, tables)
        if ruleset.haendelse in out:
            raise RuleSetError(f"two rule sets for {ruleset.haendelse}", file=path)
        out[ruleset.haendelse] = ruleset
    return out
