"""Generate the shipped code tables from CPR's register files A370712/713/714/716.

The input is CPR's own free download (``cprPostregister.zip`` …, one ISO-8859-1 fixed-width text
file per zip) or the extracted text files. The kind of each file is taken from the opgavenummer
of its 000 start record, never from its name. Every file is parsed and checked completely
(:mod:`cpr_rules.tables._register_layouts`) before anything is written; then all tables of one
call are written with a single :func:`~cpr_rules.tables._csvfile.write_files_atomically`, so a
corrupt input leaves every existing table untouched. What each register becomes (the tables
below, their columns and rows) is :mod:`cpr_rules.tables._register_tables`.

=========  ===========  ================================================================
opgavenr   description  tables
=========  ===========  ================================================================
370712     postnumre    postdistrikter, vejstykker, postnumre_cpr
370713     bynavne      bynavne
370714     lokaliteter  lokaliteter
370716     myndigheder  myndigheder, myndighed_relationer, landekoder, regioner, kommuner
=========  ===========  ================================================================

``kommuner.csv`` also applies the hand-maintained overlay ``kommuner_tillaeg.csv`` (the
Greenland 2018 change, which the 2015 file cannot contain), read from the output folder if it
is there, else from the shipped code tables.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cpr_rules._paths import codetables_dir
from cpr_rules.errors import RegisterFileError
from cpr_rules.tables._csvfile import render_table_file, write_files_atomically
from cpr_rules.tables._manifest import read_manifest, updated_manifest
from cpr_rules.tables._register_layouts import ParsedRegister, parse_register
from cpr_rules.tables._register_tables import (
    BUILDERS,
    KOMMUNER_COLUMNS,
    OVERLAY_COLUMNS,
    OVERLAY_NAME,
    RegisterTable,
)

__all__ = [
    "KOMMUNER_COLUMNS",
    "MAX_REGISTER_BYTES",
    "OVERLAY_COLUMNS",
    "OVERLAY_NAME",
    "ImportedTable",
    "import_register_files",
    "import_tables",
]

GENERATED_BY = "cpr-rules tables import (do not edit by hand)"
_ZIP_MAGIC = b"PK\x03\x04"
MAX_REGISTER_BYTES = 64 << 20
"""Largest register file (or zip member) read: about 3x cprPostregister.txt (20.6 MB, 2015); a
zip that expands beyond it (a zip bomb) is refused at the bound, not held in memory."""


@dataclass(frozen=True, slots=True)
class ImportedTable:
    """One table written by an import: where, how many data rows, CPR's production date."""

    path: Path
    rows: int
    produced: str


def import_register_files(paths: Sequence[Path], out_dir: Path) -> list[Path]:
    """Import CPR register files (zips or text) into ``out_dir``; returns the tables written."""
    return [table.path for table in import_tables(paths, out_dir)]


def import_tables(paths: Sequence[Path], out_dir: Path) -> list[ImportedTable]:
    """Like :func:`import_register_files`, with the row count and production date of each."""
    out = Path(out_dir)
    registers = _read_registers(paths)
    contents: dict[Path, str] = {}
    imported: list[ImportedTable] = []
    for opgavenummer in sorted(registers):
        register, file_name = registers[opgavenummer]
        for table in BUILDERS[opgavenummer](register, out):
            path = out / f"{table.name}.csv"
            contents[path] = render_table_file(
                _provenance(table, register, file_name), table.columns, table.rows
            )
            imported.append(ImportedTable(path, len(table.rows), register.produced))
    contents[out / "manifest.yaml"] = _manifest(out, imported)
    write_files_atomically(contents)
    return imported


def _manifest(out: Path, imported: list[ImportedTable]) -> str:
    """The manifest of ``out`` after the import: its own (else the shipped one's) entries for
    the tables that are there, an imported table its own manifest lacks taking the shipped entry,
    with the production dates of those just imported, so that ``load_tables(out)``
    (``--tables DIR``) reads what was written."""
    shipped = (codetables_dir() / "manifest.yaml").read_text(encoding="utf-8")
    own = out / "manifest.yaml"
    if own.is_file():  # updated line by line: it must be a manifest first (else a broken one)
        read_manifest(own)  # a CodeTableError naming it, and nothing is written
    base = own.read_text(encoding="utf-8") if own.is_file() else shipped
    present = {t.path.name for t in imported}
    present |= {p.name for p in out.glob("*.csv")} if out.is_dir() else set()
    produced = {t.path.stem: t.produced for t in imported}
    return updated_manifest(base, produced, present, fallback=shipped)


def _provenance(table: RegisterTable, register: ParsedRegister, file_name: str) -> dict[str, str]:
    layout = register.layout
    source = f"CPR {layout.task} {layout.description} ({file_name}), record {table.records}"
    return {
        "table": table.name,
        "source": source + table.source_note,
        "produced": register.produced,
        "generated-by": GENERATED_BY,
    }


# --- reading ------------------------------------------------------------------------------


def _read_registers(paths: Sequence[Path]) -> dict[str, tuple[ParsedRegister, str]]:
    registers: dict[str, tuple[ParsedRegister, str]] = {}
    for path in map(Path, paths):
        text, file = _read_text(path)
        register = parse_register(text, file)
        opgavenummer = register.layout.opgavenummer
        if opgavenummer in registers:
            raise RegisterFileError(
                f"a second {register.layout.task} file in one import "
                f"(the first was {registers[opgavenummer][1]})",
                file=file,
                line=1,
                column=4,
            )
        registers[opgavenummer] = (register, path.name)
    return registers


def _read_bounded(stream: IO[bytes], file: str | Path) -> bytes:
    """At most :data:`MAX_REGISTER_BYTES` of ``stream``; one byte more is a typed error."""
    data = stream.read(MAX_REGISTER_BYTES + 1)
    if len(data) > MAX_REGISTER_BYTES:
        raise RegisterFileError(f"larger than {MAX_REGISTER_BYTES} bytes", file=file)
    return data


def _read_text(path: Path) -> tuple[str, str]:
    """The decoded text of a register file, and the name to use for it in error messages."""
    try:
        if not zipfile.is_zipfile(path):
            with path.open("rb") as stream:
                data = _read_bounded(stream, path)
            if data.startswith(_ZIP_MAGIC):
                raise RegisterFileError("damaged or truncated zip file", file=path)
            return data.decode("latin-1"), str(path)
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) != 1:
                names = ", ".join(info.filename for info in members) or "none"
                raise RegisterFileError(
                    f"a register zip must hold exactly one file, found {len(members)} ({names})",
                    file=path,
                )
            name = f"{path}!{members[0].filename}"
            with archive.open(members[0]) as stream:  # a zip bomb stops at the bound
                data = _read_bounded(stream, name)
            return data.decode("latin-1"), name
    except (OSError, zipfile.BadZipFile, zlib.error) as exc:
        raise RegisterFileError(f"cannot read register file: {exc}", file=path) from exc
