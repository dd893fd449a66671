"""A rule set as the linter sees it: every file parsed once with positions, includes resolved,
and whatever is valid kept for the semantic checks, even when other parts are broken.

The loader (:mod:`cpr_rules.rules.loader`) stops at the first problem; a :class:`RuleSetUnit`
keeps going, so every check can report everything it finds.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpr_rules.errors import RuleSetError
from cpr_rules.lint._lock import Lock
from cpr_rules.lint._schema import SchemaIssue, salvage, schema_issues
from cpr_rules.lint.diagnostic import Problem
from cpr_rules.rules._yaml import Positions, load_yaml
from cpr_rules.rules.loader import did_you_mean
from cpr_rules.rules.model import FieldSpec, RuleSetFile, RuleSpec
from cpr_rules.tables import CodeTables

__all__ = ["Doc", "FieldDef", "RuleDef", "RuleSetUnit", "build_unit", "display_name", "read_doc"]

Path_ = tuple[Hashable, ...]


def display_name(path: Path) -> str:
    """How a file is named in diagnostics: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class Doc:
    """One YAML file: what it holds, where everything is, and what is wrong with its form."""

    path: Path
    name: str
    raw: Any = None
    pos: Positions | None = None
    syntax: Problem | None = None
    schema: list[SchemaIssue] = field(default_factory=list)
    model: RuleSetFile | None = None
    broken_fields: frozenset[str] = frozenset()
    broken_rules: frozenset[str] = frozenset()


def read_doc(path: Path) -> Doc:
    """Parse one rule file (or block); a YAML error is kept as ``syntax``."""
    doc = Doc(path, display_name(path))
    try:
        doc.raw, doc.pos = load_yaml(path, display_name=doc.name)
    except RuleSetError as exc:
        doc.syntax = Problem(doc.name, exc.line or 1, exc.column or 1, exc.message)
        return doc
    doc.schema = schema_issues(doc.raw, doc.pos)
    saved = salvage(doc.raw)
    if saved is not None:
        doc.model, doc.broken_fields, doc.broken_rules = (
            saved.model,
            saved.broken_fields,
            saved.broken_rules,
        )
    return doc


@dataclass(frozen=True)
class FieldDef:
    """A field (or stamdata field) and where it is defined."""

    name: str
    spec: FieldSpec
    file: str
    path: Path_


@dataclass(frozen=True)
class RuleDef:
    """A rule and where it is written."""

    spec: RuleSpec
    file: str
    path: Path_

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass
class RuleSetUnit:
    """A rule-set file with its included blocks: the unit every rule-set check looks at."""

    main: Doc
    docs: dict[str, Doc]
    tables: CodeTables | None = None
    fields: dict[str, FieldDef] = field(default_factory=dict)
    stamdata: dict[str, FieldDef] = field(default_factory=dict)
    rules: list[RuleDef] = field(default_factory=list)
    structure: list[Problem] = field(default_factory=list)
    include_problems: list[Problem] = field(default_factory=list)
    is_block: bool = False
    lock: Lock | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    """Results that several checks share (the loaded and compiled rule set …), made once."""

    # -- positions -----------------------------------------------------------------------
    def at(self, file: str, path: Path_, message: str, *, at_key: bool = False) -> Problem:
        """A problem at ``path`` of ``file`` (at its key with ``at_key``)."""
        pos = self.docs[file].pos
        if pos is None:
            return Problem(file, 1, 1, message)
        line, col = pos.key_of(path) if at_key else pos.of(path)
        return Problem(file, line, col, message)

    def line_of(self, file: str, path: Path_) -> int:
        """The line of ``path`` (for "first at …" in messages)."""
        return self.at(file, path, "").line

    # -- what the rule set defines --------------------------------------------------------
    @property
    def spec(self) -> RuleSetFile | None:
        """The (salvaged) model of the rule-set file itself."""
        return self.main.model

    @property
    def haendelse(self) -> str | None:
        return self.spec.haendelse if self.spec is not None else None

    def field(self, name: str) -> FieldDef | None:
        """A field or stamdata field by name."""
        return self.fields.get(name) or self.stamdata.get(name)

    @property
    def known_fields(self) -> list[str]:
        return [*self.fields, *self.stamdata]

    @property
    def broken_fields(self) -> frozenset[str]:
        """Fields that are defined but did not validate (no "unknown field" for them)."""
        return frozenset().union(*(d.broken_fields for d in self.docs.values()))

    @property
    def broken_rules(self) -> frozenset[str]:
        return frozenset().union(*(d.broken_rules for d in self.docs.values()))

    def active_rules(self) -> Iterator[RuleDef]:
        return (r for r in self.rules if r.spec.status == "active")


def _type_message_reasons(unit: RuleSetUnit, doc: Doc) -> None:
    """A ``type_messages`` or field ``messages`` key that is no reason of the field types."""
    from cpr_rules.rules.type_messages import default_type_messages, reasons_of

    model = doc.model
    assert model is not None
    known = default_type_messages()
    for reason in model.type_messages:
        if reason not in known:
            message = f"{reason!r} is not a type message{did_you_mean(reason, known)}"
            unit.structure.append(
                unit.at(doc.name, ("type_messages", reason), message, at_key=True)
            )
    for section in ("keys", "fields", "stamdata"):
        for name, spec in getattr(model, section).items():
            allowed = [*reasons_of(spec), "required"]
            for reason in spec.messages or {}:
                if reason not in allowed:
                    message = (
                        f"{name} ({spec.type}) has no message {reason!r}"
                        f"{did_you_mean(reason, allowed)}"
                    )
                    at = (section, name, "messages", reason)
                    unit.structure.append(unit.at(doc.name, at, message, at_key=True))


def _merge(unit: RuleSetUnit, doc: Doc) -> None:
    model = doc.model
    if model is None:
        return
    _type_message_reasons(unit, doc)
    for section in ("keys", "fields", "stamdata"):
        target = unit.stamdata if section == "stamdata" else unit.fields
        for name, spec in getattr(model, section).items():
            first = unit.field(name)
            if first is not None:
                line = unit.line_of(first.file, first.path)
                message = f"field {name!r} is defined twice (first at {first.file}:{line})"
                unit.structure.append(unit.at(doc.name, (section, name), message, at_key=True))
                continue
            target[name] = FieldDef(name, spec, doc.name, (section, name))
    unit.rules += [RuleDef(rule, doc.name, ("rules", i)) for i, rule in enumerate(model.rules)]


def _include(unit: RuleSetUnit, parent: Doc, seen: tuple[Path, ...]) -> None:
    """Merge every block ``parent`` includes (depth first, like the loader)."""
    model = parent.model
    for i, name in enumerate(model.include if model is not None else []):
        path = parent.path.parent / name
        where = ("include", i)
        if path.resolve() in seen:
            message = f"include cycle through {path.name}"
            unit.include_problems.append(unit.at(parent.name, where, message))
            continue
        if not path.resolve().is_relative_to(seen[0].parent):  # seen[0]: the rule set itself
            message = f"included file {name!r} is outside the rule set's folder"
            unit.include_problems.append(unit.at(parent.name, where, message))
            continue
        if not path.is_file():
            message = f"included file {name!r} not found (looked for {display_name(path)})"
            unit.include_problems.append(unit.at(parent.name, where, message))
            continue
        doc = read_doc(path)
        unit.docs.setdefault(doc.name, doc)
        if doc.model is not None and (doc.model.haendelse or doc.model.examples):
            message = "an included block may not name a hændelse or have scenarios"
            unit.structure.append(unit.at(doc.name, (), message))
        _merge(unit, doc)
        _include(unit, doc, (*seen, path.resolve()))


def _address(unit: RuleSetUnit) -> None:
    owners = [d for d in unit.docs.values() if d.model is not None and d.model.address]
    for doc in owners[1:]:
        message = f"the address block is defined twice (first in {owners[0].name})"
        unit.structure.append(unit.at(doc.name, ("address",), message, at_key=True))


def build_unit(path: Path, tables: CodeTables | None, *, is_block: bool = False) -> RuleSetUnit:
    """Parse a rule-set file and its includes into a :class:`RuleSetUnit`."""
    main = read_doc(path)
    unit = RuleSetUnit(main, {main.name: main}, tables, is_block=is_block)
    if main.model is None:
        return unit
    if not is_block and isinstance(main.raw, dict) and not main.raw.get("haendelse"):
        message = "a rule set names its hændelse: 'haendelse: FLYTB-I'"
        unit.structure.append(unit.at(main.name, (), message))
    _merge(unit, main)
    _include(unit, main, (path.resolve(),))
    _address(unit)
    return unit
