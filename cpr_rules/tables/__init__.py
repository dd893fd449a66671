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

from cpr_rules.errors import CodeTableError
from cpr_rules.tables._cache import cache_path, read_cache, write_cache
from cpr_rules.tables._manifest import TableSpec
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
    "compile_tables",
    "load_tables",
]

MANIFEST = "manifest.yaml"


class CodeTables(Mapping[str, CodeTable]):
    """All tables of one folder, by name. Immutable and safe to share between threads."""

    def __init__(self, tables: Mapping[str, CodeTable], folder: Path) -> None:
        self._tables = dict(tables)
        self.folder = folder

    def __getitem__(self, name: str) -> CodeTable:
        try:
            return self._tables[name]
        except KeyError:
            raise KeyError(f"no code table {name!r}; known: {sorted(self._tables)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def production_dates(self) -> dict[str, dt.date | None]:
        """Each table's production date (``None`` for closed code lists without one)."""
        return {name: t.spec.produced for name, t in self._tables.items()}


def compile_tables(folder: Path) -> CodeTables:
    """Read the manifest and every CSV of ``folder`` and compile them (no cache)."""
    from cpr_rules.tables._csvfile import read_table_file
    from cpr_rules.tables._manifest import read_manifest

    specs = read_manifest(folder / MANIFEST)
    tables = {}
    for name, spec in specs.items():
        file = read_table_file(folder / spec.file)
        if file.provenance.get("table") != name:
            raise CodeTableError(
                f"provenance says table {file.provenance.get('table')!r}, manifest says {name!r}",
                file=file.path,
                line=1,
            )
        tables[name] = CodeTable(spec, file)
    return CodeTables(tables, folder)


_LOADED: dict[Path, CodeTables] = {}


def load_tables(folder: str | Path | None = None, *, use_cache: bool = True) -> CodeTables:
    """The code tables of ``folder`` (default: the shipped ones), compiled once per process.

    From a warm cache this takes a few milliseconds; cold, it reads the CSVs (about a second)
    and writes the cache for next time.
    """
    from cpr_rules import __version__
    from cpr_rules._paths import codetables_dir

    path = Path(folder) if folder is not None else codetables_dir()
    if path in _LOADED:
        return _LOADED[path]
    cache = cache_path(path, __version__) if use_cache else None
    tables = read_cache(cache) if cache else None
    if not isinstance(tables, CodeTables):
        tables = compile_tables(path)
        if cache:
            write_cache(cache, tables)
    _LOADED[path] = tables
    return tables
