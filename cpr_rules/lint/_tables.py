"""Code tables as the linter sees them: the manifest parsed once with positions, one
:class:`TableUnit` per entry, each CSV scanned once (:mod:`cpr_rules.lint._tablescan`)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpr_rules.errors import CodeTableError, RuleSetError
from cpr_rules.lint._ruleset import display_name
from cpr_rules.lint.diagnostic import Problem
from cpr_rules.rules._yaml import Positions, load_yaml
from cpr_rules.tables._manifest import TableSpec
from cpr_rules.tables._manifest import _spec as manifest_entry

__all__ = ["MANIFEST", "Manifest", "TableUnit", "read_manifest"]

MANIFEST = "manifest.yaml"
Path_ = tuple[Hashable, ...]


@dataclass
class Manifest:
    """A code-table folder's ``manifest.yaml``: its entries and what is wrong with its form."""

    path: Path
    name: str
    raw: Any = None
    pos: Positions | None = None
    syntax: Problem | None = None
    problems: list[Problem] = field(default_factory=list)
    specs: dict[str, TableSpec] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    """The lines of each table's entry (a suppression comment there applies to its CSV)."""

    @property
    def folder(self) -> Path:
        return self.path.parent

    def at(self, path: Path_, message: str, *, at_key: bool = False) -> Problem:
        if self.pos is None:
            return Problem(self.name, 1, 1, message)
        line, col = self.pos.key_of(path) if at_key else self.pos.of(path)
        return Problem(self.name, line, col, message)

    def column_path(self, table: str, column: str) -> Path_:
        """Where the manifest entry of ``table`` names ``column``."""
        entry = self.raw["tables"][table] if self.raw else {}
        for key, value in entry.items():
            if value == column:
                return ("tables", table, key)
            if isinstance(value, list) and column in value:
                return ("tables", table, key, value.index(column))
            if isinstance(value, dict) and column in value.values():
                inner = next(k for k, v in value.items() if v == column)
                return ("tables", table, key, inner)
        return ("tables", table)


def _entries(manifest: Manifest) -> None:
    tables = manifest.raw.get("tables") if isinstance(manifest.raw, dict) else None
    if not isinstance(tables, dict):
        manifest.problems.append(manifest.at((), "a manifest has a 'tables:' mapping"))
        return
    for name, entry in tables.items():
        try:
            spec = manifest_entry(str(name), entry, manifest.path)
        except (CodeTableError, KeyError, TypeError, ValueError) as exc:
            message = exc.message if isinstance(exc, CodeTableError) else f"table {name!r}: {exc}"
            manifest.problems.append(manifest.at(("tables", name), message, at_key=True))
            continue
        if not (manifest.folder / spec.file).is_file():
            message = f"table {name!r}: file {spec.file!r} not found"
            manifest.problems.append(manifest.at(("tables", name, "file"), message))
            continue
        manifest.specs[str(name)] = spec


def _spans(manifest: Manifest, length: int) -> None:
    pos, tables = (
        manifest.pos,
        manifest.raw.get("tables") if isinstance(manifest.raw, dict) else None,
    )
    if pos is None or not isinstance(tables, dict) or not tables:
        return
    starts = sorted((pos.key_of(("tables", name))[0], str(name)) for name in tables)
    ends = [line - 1 for line, _ in starts[1:]] + [length]
    manifest.spans = {name: (start, end) for (start, name), end in zip(starts, ends, strict=True)}


def _orphans(manifest: Manifest) -> None:
    tables = manifest.raw.get("tables") if isinstance(manifest.raw, dict) else None
    entries = tables.values() if isinstance(tables, dict) else []
    listed = {str(e.get("file")) for e in entries if isinstance(e, dict)}
    for csv in sorted(manifest.folder.glob("*.csv")):
        if csv.name not in listed and manifest.raw is not None:
            message = f"{csv.name} is not listed in {MANIFEST}, so no lookup can use it"
            manifest.problems.append(Problem(display_name(csv), 1, 1, message))


def read_manifest(path: Path) -> Manifest:
    """Parse a manifest; problems are kept, not raised."""
    manifest = Manifest(path, display_name(path))
    try:
        manifest.raw, manifest.pos = load_yaml(path, display_name=manifest.name)
    except RuleSetError as exc:
        manifest.syntax = Problem(manifest.name, exc.line or 1, exc.column or 1, exc.message)
        return manifest
    _entries(manifest)
    _spans(manifest, len(path.read_text(encoding="utf-8").splitlines()))
    _orphans(manifest)
    return manifest


@dataclass
class TableUnit:
    """One code table: its manifest entry and its CSV (scanned once, on first use)."""

    manifest: Manifest
    name: str
    spec: TableSpec
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.manifest.folder / self.spec.file

    @property
    def file(self) -> str:
        """The CSV as named in diagnostics."""
        return display_name(self.path)
