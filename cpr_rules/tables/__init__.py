"""Code tables: kommuner, vejstykker, postdistrikter … as of a date, from a compiled cache.

>>> tables = load_tables()
>>> tables["postdistrikter"].lookup("0101", "8204", husnr="005").text
'1620 København V'
>>> import datetime as dt
>>> tables["kommuner"].lookup("0171", as_of=dt.date(2015, 3, 1)).reason
<MissReason.ENDED: 'ended'>

Every table is described in ``codetables/manifest.yaml`` (key, display and validity columns,
source, production date); :func:`load_tables` compiles them all once and caches the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path

from cpr_rules._cache import entry_path
from cpr_rules.errors import CodeTableError
from cpr_rules.tables._manifest import TableSpec
from cpr_rules.tables._store import (
    Store,
    fingerprint,
    folder_digest,
    open_store,
    shipped_store,
    write_store,
)
from cpr_rules.tables._table import CodeTable
from cpr_rules.tables.lookup import STALE_AFTER, Found, LookupResult, Miss, MissReason

__all__ = [
    "STALE_AFTER",
    "CodeTable",
    "CodeTables",
    "Found",
    "LookupResult",
    "Miss",
    "MissReason",
    "TableSpec",
    "compile_table",
    "compile_tables",
    "load_tables",
]

MANIFEST = "manifest.yaml"


class CodeTables(Mapping[str, CodeTable]):
    """All tables of one folder, by name. Immutable and safe to share between threads.

    Tables from a compiled store are unpickled when first asked for, so a check pays only for
    the tables it reads.
    """

    def __init__(
        self,
        tables: Mapping[str, CodeTable],
        folder: Path,
        *,
        store: Store | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self._tables = dict(tables)
        self.fingerprint = fingerprint
        """A hash of the folder's file contents, when known (keys the compiled rule sets)."""
        self._store = store
        self._specs = dict(store.specs) if store else {n: t.spec for n, t in tables.items()}
        self.folder = folder

    def __getitem__(self, name: str) -> CodeTable:
        table = self._tables.get(name)
        if table is None:
            if name not in self._specs:
                raise KeyError(f"no code table {name!r}; known: {sorted(self._specs)}")
            table = self._tables.setdefault(name, self._load(name))
        return table

    def _load(self, name: str) -> CodeTable:
        assert self._store is not None
        try:
            return self._store.load(name)
        except ValueError:  # a damaged store: compile this table from its CSV instead
            return compile_table(self.folder, self._specs[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def production_dates(self) -> dict[str, dt.date | None]:
        """Each table's production date (``None`` for closed code lists without one)."""
        return {name: spec.produced for name, spec in self._specs.items()}


def compile_table(folder: Path, spec: TableSpec) -> CodeTable:
    """Read one table's CSV and compile it."""
    from cpr_rules.tables._csvfile import read_table_file

    file = read_table_file(folder / spec.file)
    if file.provenance.get("table") != spec.name:
        raise CodeTableError(
            f"provenance says table {file.provenance.get('table')!r}, manifest says {spec.name!r}",
            file=file.path,
            line=1,
        )
    return CodeTable(spec, file)


def compile_tables(folder: Path) -> CodeTables:
    """Read the manifest and every CSV of ``folder`` and compile them (no cache)."""
    from cpr_rules.tables._manifest import read_manifest

    specs = read_manifest(folder / MANIFEST)
    return CodeTables({name: compile_table(folder, spec) for name, spec in specs.items()}, folder)


_LOADED: dict[Path, CodeTables] = {}


def load_tables(folder: str | Path | None = None, *, use_cache: bool = True) -> CodeTables:
    """The code tables of ``folder`` (default: the shipped ones), compiled once per process.

    The shipped tables of an installed wheel come compiled in the wheel; any other folder is
    compiled once (a second or two) into the user cache, keyed by the content of its files
    (see :mod:`cpr_rules._cache`). Either way a start reads only the tables it uses.
    """
    from cpr_rules._paths import codetables_dir

    default = codetables_dir()
    path = Path(folder) if folder is not None else default
    if path in _LOADED:
        return _LOADED[path]
    if not path.is_dir():
        raise CodeTableError("not a folder of code tables (no such folder)", file=path)
    store = shipped_store(path) if use_cache and path == default else None
    tables = None
    if store is not None:
        tables = CodeTables({}, path, store=store, fingerprint=fingerprint(store.files))
    elif use_cache:
        digest = folder_digest(path)
        cache = entry_path("tables", digest.key)
        store = open_store(cache)
        if store is not None and (store.files, store.code) == (digest.files, digest.code):
            tables = CodeTables({}, path, store=store, fingerprint=fingerprint(store.files))
        else:
            compiled = compile_tables(path)
            write_store(cache, compiled, digest)
            tables = CodeTables(compiled, path, fingerprint=fingerprint(digest.files))
    if tables is None:
        tables = compile_tables(path)
    _LOADED[path] = tables
    return tables
