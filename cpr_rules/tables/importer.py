"""Generate the shipped code tables from CPR's register files A370712/713/714/716.

The input is CPR's own free download (``cprPostregister.zip`` …, one ISO-8859-1 fixed-width text
file per zip) or the extracted text files. The kind of each file is taken from the opgavenummer
of its 000 start record, never from its name. Every file is parsed and checked completely
(:mod:`cpr_rules.tables._register_layouts`) before anything is written; then all tables of one
call are written with a single :func:`~cpr_rules.tables._csvfile.write_files_atomically`, so a
corrupt input leaves every existing table untouched.

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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cpr_rules._paths import codetables_dir
from cpr_rules.errors import CodeTableError, RegisterFileError
from cpr_rules.tables._csvfile import read_table_file, render_table_file, write_files_atomically
from cpr_rules.tables._manifest import updated_manifest
from cpr_rules.tables._register_layouts import ParsedRegister, format_date, parse_register

__all__ = [
    "KOMMUNER_COLUMNS",
    "OVERLAY_COLUMNS",
    "OVERLAY_NAME",
    "ImportedTable",
    "import_register_files",
    "import_tables",
]

GENERATED_BY = "cpr-rules tables import (do not edit by hand)"
OVERLAY_NAME = "kommuner_tillaeg.csv"
OVERLAY_COLUMNS = (
    "kommunekode",
    "navn",
    "fuldt_navn",
    "land",
    "haenstart",
    "ophoert_dato",
    "gyldig_fra",
    "kilde",
)
KOMMUNER_COLUMNS = (
    *OVERLAY_COLUMNS[:6],
    "regionskode",
    "regionsnavn",
    "gyldig_fra",
    "kilde",
)
_INTERVAL_COLUMNS = ("kommunekode", "vejkode", "husnr_fra", "husnr_til", "lige_ulige")
_MYNDIGHEDER_COLUMNS = (
    "myndighedskode",
    "myndighedstype",
    "myndighedsgruppe",
    "navn",
    "fuldt_navn",
    "haenstart",
    "haenslut",
    "iso_alpha2",
    "iso_alpha3",
    "iso_numerisk",
)
_RELATIONER_COLUMNS = (
    "overordnet_myndighedskode",
    "overordnet_myndighedstype",
    "overordnet_navn",
    "kommunekode",
    "kommunenavn",
    "timestamp",
)
_LANDEKODER_COLUMNS = (
    "landekode",
    "navn",
    "fuldt_navn",
    "iso_alpha2",
    "iso_alpha3",
    "iso_numerisk",
    "ophoert_dato",
)
REGION_CODES = frozenset(str(code) for code in range(1081, 1086))
MYNTYP_KOMMUNE = "05"
MYNTYP_LAND = "30"
MYNTYP_REGION = "40"

_ZIP_MAGIC = b"PK\x03\x04"

Row = list[str]


@dataclass(frozen=True, slots=True)
class ImportedTable:
    """One table written by an import: where, how many data rows, CPR's production date."""

    path: Path
    rows: int
    produced: str


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    records: str  # the record types it is made from, for the provenance header
    columns: tuple[str, ...]
    rows: list[Row]
    source_note: str = field(default="")


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
        for table in _BUILDERS[opgavenummer](register, out):
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
    base = own.read_text(encoding="utf-8") if own.is_file() else shipped
    present = {t.path.name for t in imported}
    present |= {p.name for p in out.glob("*.csv")} if out.is_dir() else set()
    produced = {t.path.stem: t.produced for t in imported}
    return updated_manifest(base, produced, present, fallback=shipped)


def _provenance(table: _Table, register: ParsedRegister, file_name: str) -> dict[str, str]:
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


def _read_text(path: Path) -> tuple[str, str]:
    """The decoded text of a register file, and the name to use for it in error messages."""
    try:
        if not zipfile.is_zipfile(path):
            data = path.read_bytes()
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
            data = archive.read(members[0])
            return data.decode("latin-1"), f"{path}!{members[0].filename}"
    except (OSError, zipfile.BadZipFile, zlib.error) as exc:
        raise RegisterFileError(f"cannot read register file: {exc}", file=path) from exc


# --- A370712 / 713 / 714 --------------------------------------------------------------------


def _postnumre_tables(register: ParsedRegister, _out: Path) -> list[_Table]:
    records = register.records["001"]
    fields = ("KOMKOD", "VEJKOD", "HUSNRFRA", "HUSNRTIL", "LIGEULIGE", "POSTNR", "POSTDISTTXT")
    intervals = [[r[name] for name in fields] for r in records]
    streets: dict[tuple[str, str], Row] = {}
    for r in records:
        key = (r["KOMKOD"], r["VEJKOD"])
        streets.setdefault(key, [*key, r["VEJADRNVN"], r["KOMNVN"]])
    districts = Counter((r["POSTNR"], r["POSTDISTTXT"]) for r in records)
    return [
        _Table(
            "postdistrikter",
            "001",
            (*_INTERVAL_COLUMNS, "postnr", "postdistrikt"),
            intervals,
        ),
        _Table(
            "vejstykker",
            "001",
            ("kommunekode", "vejkode", "vejadresseringsnavn", "kommunenavn_cpr"),
            [streets[key] for key in sorted(streets)],
        ),
        _Table(
            "postnumre_cpr",
            "001",
            ("postnr", "postdistrikt", "antal_vejintervaller"),
            [[*key, str(districts[key])] for key in sorted(districts)],
        ),
    ]


def _bynavne_tables(register: ParsedRegister, _out: Path) -> list[_Table]:
    columns = ("KOMKOD", "VEJKOD", "HUSNRFRA", "HUSNRTIL", "LIGEULIGE", "BYNVN")
    return [
        _Table(
            "bynavne",
            "001",
            (*_INTERVAL_COLUMNS, "bynavn"),
            [[r[c] for c in columns] for r in register.records["001"]],
        )
    ]


def _lokaliteter_tables(register: ParsedRegister, _out: Path) -> list[_Table]:
    columns = ("KOMKOD", "VEJKOD", "HUSNR", "ETAGE", "SIDEDOER", "LOKALITET")
    return [
        _Table(
            "lokaliteter",
            "001",
            ("kommunekode", "vejkode", "husnr", "etage", "sidedoer", "lokalitet"),
            [[r[c] for c in columns] for r in register.records["001"]],
        )
    ]


# --- A370716 --------------------------------------------------------------------------------


def _myndigheder_tables(register: ParsedRegister, out: Path) -> list[_Table]:
    authorities = register.records["001"]
    names = {r["MYNKOD"]: r["MYNNVN"] for r in authorities}
    relations = [
        [
            r["MYNKOD"],
            r["MYNTYP"],
            names.get(r["MYNKOD"], ""),
            r["KOMKOD"],
            names.get(r["KOMKOD"], ""),
            r["TIMESTAMP"],
        ]
        for r in register.records["002"]
    ]
    regions = [
        [r["MYNKOD"], r["MYNNVN"]]
        for r in authorities
        if r["MYNTYP"] == MYNTYP_REGION and r["MYNKOD"] in REGION_CODES
    ]
    return [
        _Table(
            "myndigheder",
            "001",
            _MYNDIGHEDER_COLUMNS,
            [_authority_row(r) for r in authorities],
        ),
        _Table(
            "myndighed_relationer",
            "001/002",
            _RELATIONER_COLUMNS,
            relations,
        ),
        _Table(
            "landekoder",
            "001",
            _LANDEKODER_COLUMNS,
            [_country_row(r) for r in authorities if r["MYNTYP"] == MYNTYP_LAND],
        ),
        _Table("regioner", "001", ("regionskode", "regionsnavn"), regions),
        _Table(
            "kommuner",
            "001/002",
            KOMMUNER_COLUMNS,
            _kommuner_rows(register, _read_overlay(out)),
            f"; overlay {OVERLAY_NAME}",
        ),
    ]


def _authority_row(r: dict[str, str]) -> Row:
    return [
        r["MYNKOD"],
        r["MYNTYP"],
        r["MYNGRP"],
        r["MYNNVN"],
        r["MYNNVN_XL"],
        format_date(r["HAENSTART"]),
        format_date(r["HAENSLUT"]),
        r["LAND_KOD_ALFA2"],
        r["LAND_KOD_ALFA3"],
        r["LAND_KOD_NUM3"],
    ]


def _country_row(r: dict[str, str]) -> Row:
    return [
        r["MYNKOD"],
        r["MYNNVN"],
        r["MYNNVN_XL"],
        r["LAND_KOD_ALFA2"],
        r["LAND_KOD_ALFA3"],
        r["LAND_KOD_NUM3"],
        format_date(r["HAENSLUT"]),
    ]


def _kommuner_rows(register: ParsedRegister, overlay: list[dict[str, str]]) -> list[Row]:
    """Every myndighedstype-05 record, the overlay applied by kommunekode, with its region."""
    names = {r["MYNKOD"]: r["MYNNVN"] for r in register.records["001"]}
    region_of = {
        r["KOMKOD"]: r["MYNKOD"] for r in register.records["002"] if r["MYNKOD"] in REGION_CODES
    }
    kilde = f"CPR {register.layout.task} {register.produced}"
    kommuner: dict[str, dict[str, str]] = {}
    for r in register.records["001"]:
        if r["MYNTYP"] == MYNTYP_KOMMUNE:
            kommuner[r["MYNKOD"]] = {
                "kommunekode": r["MYNKOD"],
                "navn": r["MYNNVN"],
                "fuldt_navn": r["MYNNVN_XL"],
                "land": "GL" if r["MYNKOD"] >= "0900" else "DK",  # DAWA: kode >= 900 is Greenland
                "haenstart": format_date(r["HAENSTART"]),
                "ophoert_dato": format_date(r["HAENSLUT"]),
                "gyldig_fra": "",
                "kilde": kilde,
            }
    kommuner.update((row["kommunekode"], row) for row in overlay)
    rows: list[Row] = []
    for code in sorted(kommuner):
        region = region_of.get(code, "")
        row = kommuner[code] | {"regionskode": region, "regionsnavn": names.get(region, "")}
        rows.append([row[column] for column in KOMMUNER_COLUMNS])
    return rows


def _read_overlay(out: Path) -> list[dict[str, str]]:
    """The rows of ``kommuner_tillaeg.csv`` from ``out``, else from the shipped code tables."""
    path = out / OVERLAY_NAME
    if not path.is_file():
        try:
            path = codetables_dir() / OVERLAY_NAME
        except FileNotFoundError as exc:
            raise CodeTableError(f"cannot find {OVERLAY_NAME}: {exc}", file=path) from exc
    table = read_table_file(path)
    if table.columns != OVERLAY_COLUMNS:
        raise CodeTableError(
            f"expected columns {','.join(OVERLAY_COLUMNS)}, got {','.join(table.columns)}",
            file=path,
            line=table.first_data_line - 1,
            column=1,
        )
    for number, row in enumerate(table.rows, start=table.first_data_line):
        if not (len(row[0]) == 4 and row[0].isascii() and row[0].isdigit()):
            raise CodeTableError(
                f"kommunekode must be 4 digits, got {row[0]!r}", file=path, line=number, column=1
            )
    return [dict(zip(OVERLAY_COLUMNS, row, strict=True)) for row in table.rows]


_BUILDERS: dict[str, Callable[[ParsedRegister, Path], list[_Table]]] = {
    "370712": _postnumre_tables,
    "370713": _bynavne_tables,
    "370714": _lokaliteter_tables,
    "370716": _myndigheder_tables,
}
