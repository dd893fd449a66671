"""Run every lint check over the rule sets and code tables of some paths.

>>> from cpr_rules._paths import codetables_dir, rulesets_dir
>>> lint_paths([rulesets_dir(), codetables_dir()])
[]

The runner finds the files (:mod:`cpr_rules.lint._discover`), parses each once into units,
runs each check of :data:`~cpr_rules.lint.registry.CHECKS` on the units it looks at, and stamps
every problem with the check's code and severity. Then it applies ``select``/``ignore`` and the
suppression comments, and reports the suppressions that need a reason or suppress nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpr_rules._files import write_files_atomically
from cpr_rules._printable import printable
from cpr_rules.errors import CodeTableError, InputError
from cpr_rules.lint import suppress
from cpr_rules.lint._cache import cached_scan
from cpr_rules.lint._compiled import compiled, load_error
from cpr_rules.lint._discover import Targets, default_paths, discover
from cpr_rules.lint._lock import LOCK_NAME, Lock, read_lock, render_lock, updated
from cpr_rules.lint._ruleset import RuleSetUnit, build_unit, display_name
from cpr_rules.lint._tables import MANIFEST, Manifest, TableUnit, read_manifest
from cpr_rules.lint._tablescan import scan_table
from cpr_rules.lint.config import LintConfig
from cpr_rules.lint.diagnostic import Diagnostic, LintCheck, Problem
from cpr_rules.lint.registry import CHECKS, RETIRED
from cpr_rules.personnummer import mask_text
from cpr_rules.tables import CodeTables, load_tables

__all__ = ["lint_paths", "select_codes", "update_locks"]


def select_codes(select: Iterable[str] | None, ignore: Iterable[str] | None) -> frozenset[str]:
    """The codes that run: ``select`` (default all) minus ``ignore``; each term is a code or
    a prefix of codes (``CPRL0``); a term that matches none is a usage error."""

    def matching(terms: Iterable[str], option: str) -> set[str]:
        out: set[str] = set()
        for term in terms:
            found = {c for c in CHECKS if c.startswith(term.strip().upper())}
            if not term.strip() or not found:
                raise InputError(f"--{option}: {term!r} is not a lint code or a prefix of one")
            out |= found
        return out

    chosen = matching(select, "select") if select else set(CHECKS)
    return frozenset(chosen - matching(ignore or (), "ignore"))


@dataclass
class _Run:
    """The state of one run: units made once, tables and locks shared per folder."""

    cache: bool = True
    tables: dict[Path, CodeTables | str] = field(default_factory=dict)
    locks: dict[Path, Lock | None] = field(default_factory=dict)

    def tables_for(self, folder: Path) -> CodeTables | str:
        """The code tables a rule-set folder uses: ``../codetables`` if it has a manifest,
        else the shipped ones (or why they do not load)."""
        if folder not in self.tables:
            sibling = folder.parent / "codetables"
            try:
                self.tables[folder] = load_tables(
                    sibling if (sibling / MANIFEST).is_file() else None
                )
            except (CodeTableError, KeyError, TypeError, ValueError) as exc:
                self.tables[folder] = str(exc)  # the table checks say what exactly is wrong
        return self.tables[folder]

    def lock_for(self, folder: Path) -> Lock | None:
        if folder not in self.locks:
            path = folder / LOCK_NAME
            self.locks[folder] = read_lock(path, display_name(path)) if path.is_file() else None
        return self.locks[folder]

    def rule_unit(self, path: Path, *, is_block: bool = False) -> RuleSetUnit:
        tables = None if is_block else self.tables_for(path.parent)
        unit = build_unit(
            path, tables if isinstance(tables, CodeTables) else None, is_block=is_block
        )
        if isinstance(tables, str):
            unit.structure.append(Problem(unit.main.name, 1, 1, f"code tables: {tables}"))
        unit.lock = None if is_block else self.lock_for(path.parent)
        return unit

    def rule_units(self, targets: Targets) -> list[RuleSetUnit]:
        units = [self.rule_unit(path) for path in sorted(targets.rulesets)]
        _one_per_haendelse(units)
        included = {doc.path.resolve() for unit in units for doc in unit.docs.values()}
        units += [self.rule_unit(p, is_block=True) for p in sorted(targets.blocks - included)]
        return units

    def table_units(self, targets: Targets) -> list[Manifest | TableUnit]:
        units: list[Manifest | TableUnit] = []
        for path, files in sorted(targets.manifests.items()):
            manifest = read_manifest(path)
            units.append(manifest)
            for name, spec in manifest.specs.items():
                if files is None or spec.file in files:
                    table = TableUnit(manifest, name, spec)
                    if self.cache:
                        cached_scan(table)
                    units.append(table)
        return units


def _one_per_haendelse(units: list[RuleSetUnit]) -> None:
    """Two rule sets of one folder for the same hændelse: the validator refuses both."""
    first: dict[tuple[Path, str], RuleSetUnit] = {}
    for unit in units:
        if unit.haendelse:
            other = first.setdefault((unit.main.path.parent, unit.haendelse), unit)
            if other is not unit:
                message = f"two rule sets for {unit.haendelse}: this one and {other.main.name}"
                unit.structure.append(unit.at(unit.main.name, ("haendelse",), message))


def _stamp(check: LintCheck, problem: Problem) -> Diagnostic:
    return Diagnostic(
        check.code,
        mask_text(printable(problem.message)),  # quoting a file: no personnummer, one line
        problem.file,
        problem.line,
        problem.column,
        check.severity,
        fix=problem.fix,
    )


def _run_checks(units: Sequence[Any], scope: str) -> list[Diagnostic]:
    return [
        _stamp(check, problem)
        for unit in units
        for check in CHECKS.values()
        if scope in check.scopes
        for problem in check.run(unit)
    ]


def _loader_fallback(units: list[RuleSetUnit], found: list[Diagnostic]) -> Iterator[Diagnostic]:
    """What the library itself rejects, when no check reported an error at that line."""
    at = {(d.file, d.line) for d in found if d.severity == "error"}
    for unit in units:
        compiled(unit)
        problem = load_error(unit)
        if problem is not None and (problem.file, problem.line) not in at:
            message = f"the rule set does not load: {problem.message}"
            yield _stamp(CHECKS["CPRL002"], Problem(problem.file, problem.line, 1, message))


def _comments(path: Path, name: str) -> list[suppress.Suppression]:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return suppress.parse_lines(name, enumerate(text, 1))


def _manifest_suppressions(
    manifest: Manifest, linted: dict[str, TableUnit]
) -> list[suppress.Suppression]:
    """A comment in a table's entry also covers its whole CSV; one in the entry of a table not
    linted in this run cannot be judged, and is left out."""
    out = []
    for one in _comments(manifest.path, manifest.name):
        owner = next((n for n, (lo, hi) in manifest.spans.items() if lo <= one.line <= hi), None)
        if owner is not None and owner not in linted:
            continue
        if owner is not None:
            one.whole.add(linted[owner].file)
        out.append(one)
    return out


def _suppressions(
    rules: list[RuleSetUnit], tables: list[Manifest | TableUnit]
) -> list[suppress.Suppression]:
    """Every suppression comment of the files linted, with what it covers."""
    files = {doc.path: doc.name for unit in rules for doc in unit.docs.values()}
    files |= {u.lock.path: u.lock.name for u in rules if u.lock is not None}
    found = [one for path, name in files.items() for one in _comments(path, name)]
    units = [u for u in tables if isinstance(u, TableUnit)]
    for manifest in (u for u in tables if isinstance(u, Manifest)):
        linted = {t.name: t for t in units if t.manifest is manifest}
        found += _manifest_suppressions(manifest, linted)
    for table in units:
        header = suppress.parse_lines(table.file, scan_table(table).header)
        for one in header:
            one.whole.add(table.file)
        found += header
    return found


def _lint(targets: Targets, active: frozenset[str], cache: bool) -> list[Diagnostic]:
    run = _Run(cache=cache)
    rules = run.rule_units(targets)
    tables = run.table_units(targets)
    found = _run_checks(rules, "ruleset") + _run_checks(tables, "table")
    found += list(_loader_fallback(rules, found))
    found += [
        _stamp(CHECKS["CPRL002"], Problem(display_name(p), 1, 1, f"no {MANIFEST} beside it"))
        for p in sorted(targets.lone_tables)
    ]
    found = [d for d in dict.fromkeys(found) if d.code in active]
    suppressions = _suppressions(rules, tables)
    kept = suppress.apply(found, suppressions)
    known = frozenset(CHECKS) | frozenset(RETIRED)
    context = suppress.SuppressionRun(suppressions, active, known)
    kept += [d for d in _run_checks([context], "suppression") if d.code in active]
    return sorted(dict.fromkeys(kept), key=lambda d: d.sort_key)


def lint_paths(
    paths: Sequence[str | Path] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    *,
    cache: bool = True,
    config: LintConfig | None = None,
) -> list[Diagnostic]:
    """Every diagnostic about the rule sets and code tables under ``paths`` (default: the
    project's ``rulesets/`` and ``codetables/`` in the working folder), sorted by place.

    Raises :class:`~cpr_rules.errors.InputError` for a path that does not exist or holds
    nothing to lint, or a ``select``/``ignore`` term that names no check. ``cache=False``
    scans every table again. ``config`` adds the ``[tool.cpr-rules]`` settings
    (:mod:`cpr_rules.lint.config`): its ``select`` unless ``select`` is given, its ``ignore``
    to ``ignore``, then its per-file ignores and severities."""
    given = [Path(p) for p in paths] if paths else default_paths(Path.cwd())
    if config is None:
        return _lint(discover(given), select_codes(select, ignore), cache)
    active = select_codes(select or config.select, [*(ignore or ()), *config.ignore])
    return config.apply(_lint(discover(given), active, cache))


def update_locks(paths: Sequence[str | Path] | None = None) -> list[Path]:
    """Record the rule ids of the rule sets under ``paths`` in the rule-id lock beside them
    (creating it); returns the lock files written. Never forgets an id, changes a meaning or
    revives a retired id: that is what the lint checks are for."""
    given = [Path(p) for p in paths] if paths else default_paths(Path.cwd())
    run = _Run()
    written = []
    by_folder: dict[Path, list[RuleSetUnit]] = {}
    for unit in run.rule_units(discover(given)):
        if unit.haendelse and not unit.is_block:
            by_folder.setdefault(unit.main.path.parent, []).append(unit)
    for folder, units in sorted(by_folder.items()):
        lock = run.lock_for(folder)
        for unit in units:
            entries = updated(lock, unit.haendelse or "", (r.spec for r in unit.rules))
            lock = Lock(folder / LOCK_NAME, display_name(folder / LOCK_NAME), entries)
        assert lock is not None
        text = render_lock(lock.entries)
        path = folder / LOCK_NAME
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_files_atomically({path: text}, keep_mode=True)
            written.append(path)
    return written
