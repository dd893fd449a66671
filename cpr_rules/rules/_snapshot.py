"""The compiled rule-set cache: generated source, code and metadata, keyed by content hash.

Compiling a rule set needs the rule-file models (pydantic) and YAML; running it needs neither.
So a folder of rule sets is compiled once and saved as a *snapshot*: per rule set the generated
source and its code object, the constants it names (tables by name, normalisers by field type,
everything else as plain values) and the metadata a report needs. A later start restores it
without importing the models or YAML.

The key is a hash of every ``*.yaml`` file under the folder (names and contents), the compiled
tables' fingerprint, the severity overrides, and the compiling code (package version, and the
size and mtime of its modules). Snapshots live in the user cache (:mod:`cpr_rules._cache`); the
shipped rule sets of an installed wheel come compiled in it (``_data/compiled/rulesets.pickle``,
used when the version, the tables and every YAML file, byte for byte, are those it was built
from).
"""

from __future__ import annotations

import linecache
import marshal
import os
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any

from cpr_rules._cache import code_fingerprint, entry_path, read_cache, short_key, write_cache
from cpr_rules._files import is_pipe, read_head
from cpr_rules.errors import RuleSetError
from cpr_rules.rules.compiled import CompiledRuleSet, base_namespace

if TYPE_CHECKING:
    from cpr_rules.tables import CodeTables

__all__ = [
    "SHIPPED",
    "load_compiled",
    "shipped_snapshot",
    "snapshot_folder",
    "yaml_digest",
    "yaml_files",
]

FORMAT = 2  # bump when the pickled classes change shape (2: Frozen classes)
_PKG = Path(__file__).resolve().parent.parent
SHIPPED = _PKG / "_data" / "compiled" / "rulesets.pickle"
_REBUILT = ("path", "function", "tables", "loaded")
"""Fields of a compiled rule set made again on restore (or loaded on demand), not stored."""
_META = tuple(name for name in CompiledRuleSet._fields if name not in _REBUILT)
"""The fields a snapshot stores as they are: every other field of :class:`CompiledRuleSet`."""


def yaml_files(folder: Path) -> dict[str, bytes]:
    """Every ``*.yaml`` file under ``folder``: its path there and its contents."""
    found = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root, name)
            if not name.endswith(".yaml"):
                continue
            if is_pipe(path):  # opening it would wait for a writer for ever
                raise RuleSetError("a pipe or socket, not a file", file=path)
            # at most the bound and a byte more: a longer file the loader refuses anyway
            found[path.relative_to(folder).as_posix()] = read_head(path)
    return found


def yaml_digest(folder: Path) -> str:
    """A hash of the names and contents of every ``*.yaml`` file under ``folder``."""
    import hashlib

    digest = hashlib.sha256()
    for name, data in yaml_files(folder).items():
        digest.update(f"|{name}:{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


def _material(folder: Path, tables: str, overrides: Mapping[str, str]) -> tuple[Any, ...]:
    """Everything a compiled folder depends on (compared in full when a snapshot is read)."""
    code = code_fingerprint(
        *(_PKG / "rules").glob("*.py"),
        _PKG / "adressefelter.py",
        _PKG / "personnummer.py",
        _PKG / "_frozen.py",
    )
    cache_tag = sys.implementation.cache_tag
    return FORMAT, cache_tag, code, tables, sorted(overrides.items()), yaml_files(folder)


def _flat(files: dict[str, bytes]) -> list[str | bytes]:
    return [part for name, data in files.items() for part in (name, data)]


def _snapshot(compiled: CompiledRuleSet, folder: Path) -> dict[str, Any]:
    from cpr_rules.rules.types import NORMALISERS
    from cpr_rules.tables import CodeTable

    normalisers = {id(fn): name for name, fn in NORMALISERS.items()}
    base = base_namespace()
    consts = []
    for name, value in compiled.function.__globals__.items():
        if name in base or name == "validate" or name.startswith("__"):
            continue
        if isinstance(value, CodeTable):
            consts.append((name, "table", value.name))
        elif id(value) in normalisers:
            consts.append((name, "normaliser", normalisers[id(value)]))
        else:
            consts.append((name, "value", value))
    path = compiled.path
    relative = path.resolve().relative_to(folder.resolve()).as_posix() if path else None
    return {
        "meta": {name: getattr(compiled, name) for name in _META},
        "relative": relative,
        "code": marshal.dumps(compiled.function.__code__),
        "cache_tag": sys.implementation.cache_tag,  # marshal is per Python version
        "consts": consts,
        "filename": compiled.function.__code__.co_filename,
    }


def _restore(entry: dict[str, Any], folder: Path, tables: CodeTables) -> CompiledRuleSet:
    meta = entry["meta"]
    ns = base_namespace()
    needs_types = any(kind == "normaliser" for _, kind, _ in entry["consts"])
    normalisers = _normalisers() if needs_types else {}
    for name, kind, payload in entry["consts"]:
        if kind == "table":
            ns[name] = tables[payload]
        elif kind == "normaliser":
            ns[name] = normalisers[payload]
        else:
            ns[name] = payload
    filename, source = entry["filename"], meta["source"]
    if entry["cache_tag"] == sys.implementation.cache_tag:
        code = marshal.loads(entry["code"])
    else:  # a wheel built by another Python: compile the generated source here
        module = compile(source, filename, "exec")
        code = next(c for c in module.co_consts if isinstance(c, CodeType))
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    function = FunctionType(code, ns, "validate")
    ns["validate"] = function
    relative = entry["relative"]
    return CompiledRuleSet(
        path=folder / relative if relative else None, function=function, tables=tables, **meta
    )


def _normalisers() -> dict[str, Any]:
    from cpr_rules.rules.types import NORMALISERS

    return dict(NORMALISERS)


def snapshot_folder(compiled: Mapping[str, CompiledRuleSet], folder: Path) -> dict[str, Any]:
    """The snapshot of a folder's compiled rule sets (plain data, picklable)."""
    return {name: _snapshot(c, folder) for name, c in compiled.items()}


def _compile(
    folder: Path, tables: CodeTables, overrides: Mapping[str, str]
) -> dict[str, CompiledRuleSet]:
    from cpr_rules.rules.compiler import compile_ruleset
    from cpr_rules.rules.loader import load_rulesets

    return {
        name: compile_ruleset(rs, tables, severity_overrides=dict(overrides))
        for name, rs in load_rulesets(folder, tables).items()
    }


def _shipped(folder: Path, tables: CodeTables) -> dict[str, Any] | None:
    """The wheel's snapshot, if it was built from exactly this folder and these tables."""
    from cpr_rules import __version__
    from cpr_rules._paths import rulesets_dir

    if folder != rulesets_dir() or not SHIPPED.is_file():
        return None
    found = read_cache(SHIPPED)
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        return None
    same = (
        found.get("version") == __version__
        and found.get("tables") == tables.fingerprint
        and found.get("yaml") == yaml_files(folder)
    )
    return found["rulesets"] if same else None


def shipped_snapshot(folder: Path, tables: CodeTables) -> dict[str, Any]:
    """What the build hook writes to :data:`SHIPPED` for the shipped rule sets."""
    from cpr_rules import __version__

    compiled = _compile(folder, tables, {})
    return {
        "format": FORMAT,
        "version": __version__,
        "tables": tables.fingerprint,
        "yaml": yaml_files(folder),  # compared byte for byte at load (no hashing at start)
        "rulesets": snapshot_folder(compiled, folder),
    }


def load_compiled(
    folder: Path, tables: CodeTables, overrides: Mapping[str, str]
) -> dict[str, CompiledRuleSet]:
    """Every rule set of ``folder`` compiled: from the wheel, from the cache, or compiled now.

    Tables without a fingerprint (built in memory) are compiled against every time.
    """
    if tables.fingerprint is None:
        return _compile(folder, tables, overrides)
    entries = None if overrides else _shipped(folder, tables)
    path = material = None
    if entries is None:
        material = _material(folder, tables.fingerprint, overrides)
        path = entry_path("rules", short_key(repr(material[:-1]), *_flat(material[-1])))
        found = read_cache(path)
        same = isinstance(found, tuple) and len(found) == 2 and found[0] == material
        entries = found[1] if same and isinstance(found, tuple) else None
    if entries is not None:
        try:
            return {name: _restore(e, folder, tables) for name, e in entries.items()}
        except (KeyError, TypeError, ValueError, EOFError):  # a damaged entry: compile again
            pass
    compiled = _compile(folder, tables, overrides)
    if path is not None:
        try:
            write_cache(path, (material, snapshot_folder(compiled, folder)))
        except (pickle.PicklingError, TypeError, AttributeError):  # a constant that does not
            # pickle (a lambda): the rule set runs compiled, it is just not cached
            path.unlink(missing_ok=True)
    return compiled
