"""Compile the shipped code tables and rule sets at build time, for the wheel.

``hatch_build.py`` (the wheel's build hook) calls :func:`build_compiled` and ships what it
writes as ``cpr_rules/_data/compiled/``: a fresh install then starts warm without writing any
cache (a read-only container pays nothing). At load, each file is verified against the data it
was built from (:func:`cpr_rules.tables._store.shipped_store`, and the rule sets' YAML hash).
"""

from __future__ import annotations

import pickle
from pathlib import Path

from cpr_rules._paths import codetables_dir, rulesets_dir

__all__ = ["build_compiled"]


def build_compiled(out: Path) -> dict[str, Path]:
    """Write ``tables.bin`` and ``rulesets.pickle`` into ``out``; returns them by file name."""
    from cpr_rules.rules._snapshot import shipped_snapshot
    from cpr_rules.tables import CodeTables, compile_tables
    from cpr_rules.tables._store import fingerprint, folder_digest, write_store

    out.mkdir(parents=True, exist_ok=True)
    folder = codetables_dir()
    digest = folder_digest(folder, memo=False)
    compiled = compile_tables(folder)
    tables_path, rules_path = out / "tables.bin", out / "rulesets.pickle"
    if not write_store(tables_path, compiled, digest, keep=0, folder=folder):
        raise OSError(f"cannot write {tables_path}")
    tables = CodeTables(compiled, folder, fingerprint=fingerprint(digest.files))
    snapshot = shipped_snapshot(rulesets_dir(), tables)
    rules_path.write_bytes(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
    return {tables_path.name: tables_path, rules_path.name: rules_path}
