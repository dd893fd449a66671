"""Which files a ``cpr-rules lint PATH…`` run looks at.

* a folder with a ``manifest.yaml`` is a code-table folder: every table it lists;
* a folder with ``rulesets/`` or ``codetables/`` in it is a project: those two;
* any other folder is a rule-set folder: its ``*.yaml`` rule sets, and the blocks in its
  ``_*/`` sub-folders (linted through the rule sets that include them);
* a ``.yaml`` file is a rule set, or a block when it or its folder starts with ``_`` (a block
  is linted through the rule sets beside its folder that include it, else on its own);
* ``manifest.yaml`` is every table it lists, a ``.csv`` the one table its manifest lists, and
  either also the rule sets in ``../rulesets``, whose codes and examples depend on the tables;
* ``rule-ids.lock`` is every rule set beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cpr_rules._files import is_pipe
from cpr_rules.errors import InputError
from cpr_rules.lint._lock import LOCK_NAME
from cpr_rules.lint._tables import MANIFEST

__all__ = ["Targets", "default_paths", "discover"]

RULE_SUFFIXES = (".yaml", ".yml")


@dataclass
class Targets:
    """The rule sets, blocks and tables to lint (resolved paths)."""

    rulesets: set[Path] = field(default_factory=set)
    blocks: set[Path] = field(default_factory=set)
    manifests: dict[Path, set[str] | None] = field(default_factory=dict)
    """manifest -> the CSV file names to lint (None: all)."""
    lone_tables: set[Path] = field(default_factory=set)
    """CSV files without a manifest beside them."""

    def add_tables(self, manifest: Path, files: set[str] | None) -> None:
        known = self.manifests.get(manifest, set())
        self.manifests[manifest] = None if files is None or known is None else known | files


def default_paths(cwd: Path) -> list[Path]:
    """``rulesets/`` and ``codetables/`` of the project in ``cwd``."""
    found = [cwd / name for name in ("rulesets", "codetables") if (cwd / name).is_dir()]
    if not found:
        raise InputError(f"no rulesets/ or codetables/ in {cwd}: give the paths to lint")
    return found


def _is_block(path: Path) -> bool:
    return path.name.startswith("_") or path.parent.name.startswith("_")


def _root(path: Path) -> Path:
    """The rule-set folder a block belongs to: the first folder above not starting with _."""
    folder = path.parent
    while folder.name.startswith("_") and folder.parent != folder:
        folder = folder.parent
    return folder


def _rule_folder(folder: Path, targets: Targets) -> None:
    for path in sorted(folder.iterdir()):
        if path.is_dir() and path.name.startswith("_"):
            targets.blocks |= {p.resolve() for p in path.rglob("*") if p.suffix in RULE_SUFFIXES}
        elif path.suffix in RULE_SUFFIXES and path.name != MANIFEST:
            _rule_file(path, targets)


def _rule_file(path: Path, targets: Targets) -> None:
    if _is_block(path):
        targets.blocks.add(path.resolve())
        root = _root(path)
        targets.rulesets |= {
            p.resolve() for p in root.glob("*") if p.suffix in RULE_SUFFIXES and not _is_block(p)
        }
    else:
        targets.rulesets.add(path.resolve())


def _folder(folder: Path, targets: Targets) -> None:
    if (folder / MANIFEST).is_file():
        targets.add_tables((folder / MANIFEST).resolve(), None)
    elif (folder / "rulesets").is_dir() or (folder / "codetables").is_dir():
        for name in ("rulesets", "codetables"):
            if (folder / name).is_dir():
                _folder(folder / name, targets)
    else:
        _rule_folder(folder, targets)


def _dependents(tables: Path, targets: Targets) -> None:
    """The rule sets beside a code-table folder, whose codes and examples depend on it."""
    rulesets = tables.parent / "rulesets"
    if rulesets.is_dir():
        _rule_folder(rulesets, targets)


def _file(path: Path, targets: Targets) -> None:
    if path.name == MANIFEST:
        targets.add_tables(path.resolve(), None)
        _dependents(path.parent, targets)
    elif path.suffix == ".csv":
        manifest = path.parent / MANIFEST
        if manifest.is_file():
            targets.add_tables(manifest.resolve(), {path.name})
            _dependents(path.parent, targets)
        else:
            targets.lone_tables.add(path.resolve())
    elif path.name == LOCK_NAME:
        _rule_folder(path.parent, targets)
    elif path.suffix in RULE_SUFFIXES:
        _rule_file(path, targets)
    else:
        raise InputError(f"cannot lint {path}: not a rule file (.yaml) or a code table (.csv)")


def discover(paths: Iterable[Path]) -> Targets:
    """The targets of ``paths``; raises :class:`InputError` for a path that does not exist or
    when there is nothing to lint in any of them."""
    paths = list(paths)
    targets = Targets()
    for path in paths:
        if path.is_dir():
            _folder(path, targets)
        elif path.is_file():
            _file(path, targets)
        else:
            raise InputError(f"no such file or folder: {path}")
    found = [*targets.rulesets, *targets.blocks, *targets.manifests, *targets.lone_tables]
    if not found:
        names = ", ".join(str(p) for p in paths)
        raise InputError(
            f"nothing to lint in {names}: no rule sets (*.yaml), manifest.yaml or code tables"
        )
    for path in found:
        _readable(path)
    return targets


def _readable(path: Path) -> None:
    if is_pipe(path):  # opening it would wait for a writer for ever
        raise InputError(f"cannot read {path}: a pipe or socket, not a file")
    try:
        path.open("rb").close()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
