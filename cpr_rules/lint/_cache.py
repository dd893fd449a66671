"""Lint results of code tables, cached by fingerprint, so that an unchanged table is not read
again (ruff caches results per file in the same way).

The fingerprint covers the CSV (its path, size and modification time, as the compiled table
cache does), its manifest entry, the name it is shown under, and the linter itself (the size
and modification time of every module of :mod:`cpr_rules.lint` and the package version). A
changed table, manifest entry or linter makes a new key; old entries are simply never read
again. The cache lives beside the compiled tables (``$CPR_RULES_CACHE_DIR`` …); if it cannot be
written, tables are scanned every time, with the same results.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from cpr_rules._cache import cache_dir, read_cache, write_cache
from cpr_rules.lint._tables import TableUnit
from cpr_rules.lint._tablescan import TableScan, scan_table

__all__ = ["cached_scan"]


@cache
def _linter_fingerprint() -> str:
    from cpr_rules import __version__

    digest = hashlib.sha256(__version__.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        stat = module.stat()
        digest.update(f"|{module.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _key(unit: TableUnit) -> Path:
    stat = unit.path.stat()
    digest = hashlib.sha256(_linter_fingerprint().encode())
    parts = (unit.path.resolve(), stat.st_size, stat.st_mtime_ns, unit.spec, unit.file)
    digest.update(repr(parts).encode())
    return cache_dir() / f"lint-table-{digest.hexdigest()[:24]}.pickle"


def cached_scan(unit: TableUnit) -> TableScan:
    """The table's scan: from the cache when the table is unchanged, else scanned and cached."""
    if "scan" not in unit.cache:
        path = _key(unit)
        found = read_cache(path)
        if isinstance(found, TableScan):
            unit.cache["scan"] = found
        else:
            write_cache(path, scan_table(unit), keep=64)  # one entry per table
    return scan_table(unit)
