"""From one parsed CPR register file to the rows of the code tables it makes.

:mod:`cpr_rules.tables.importer` reads and checks the files and writes the tables; this module
holds what each register becomes: the columns of every table, the builders per opgavenummer
(:data:`BUILDERS`) and the hand-maintained ``kommuner_tillaeg.csv`` overlay they apply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cpr_rules._paths import codetables_dir
from cpr_rules.errors import CodeTableError
from cpr_rules.tables._csvfile import read_table_file
from cpr_rules.tables._register_layouts import ParsedRegister, format_date

__all__ = [
    "BUILDERS",
    "KOMMUNER_COLUMNS",
    "OVERLAY_COLUMNS",
    "OVERLAY_NAME",
    "RegisterTable",
    "Row",
]

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

Row = list[str]


@dataclass(frozen=True, slots=True)
class RegisterTable:
    """One code table made from a register file: its rows and where they come from."""

    name: str
    records: str  # the record types it is made from, for the provenance header
    columns: tuple[str, ...]
    rows: list[Row]
    source_note: str = field(default="")


# --- A370712 / 713 / 714 --------------------------------------------------------------------


def _postnumre_tables(register: ParsedRegister, _out: Path) -> list[RegisterTable]:
    records = register.records["001"]
    fields = ("KOMKOD", "VEJKOD", "HUSNRFRA", "HUSNRTIL", "LIGEULIGE", "POSTNR", "POSTDISTTXT")
    intervals = [[r[name] for name in fields] for r in records]
    streets: dict[tuple[str, str], Row] = {}
    for r in records:
        key = (r["KOMKOD"], r["VEJKOD"])
        streets.setdefault(key, [*key, r["VEJADRNVN"], r["KOMNVN"]])
    districts = Counter((r["POSTNR"], r["POSTDISTTXT"]) for r in records)
    return [
        RegisterTable(
            "postdistrikter",
            "001",
            (*_INTERVAL_COLUMNS, "postnr", "postdistrikt"),
            intervals,
        ),
        RegisterTable(
            "vejstykker",
            "001",
            ("kommunekode", "vejkode", "vejadresseringsnavn", "kommunenavn_cpr"),
            [streets[key] for key in sorted(streets)],
        ),
        RegisterTable(
            "postnumre_cpr",
            "001",
            ("postnr", "postdistrikt", "antal_vejintervaller"),
            [[*key, str(districts[key])] for key in sorted(districts)],
        ),
    ]


def _bynavne_tables(register: ParsedRegister, _out: Path) -> list[RegisterTable]:
    columns = ("KOMKOD", "VEJKOD", "HUSNRFRA", "HUSNRTIL", "LIGEULIGE", "BYNVN")
    return [
        RegisterTable(
            "bynavne",
            "001",
            (*_INTERVAL_COLUMNS, "bynavn"),
            [[r[c] for c in columns] for r in register.records["001"]],
        )
    ]


def _lokaliteter_tables(register: ParsedRegister, _out: Path) -> list[RegisterTable]:
    columns = ("KOMKOD", "VEJKOD", "HUSNR", "ETAGE", "SIDEDOER", "LOKALITET")
    return [
        RegisterTable(
            "lokaliteter",
            "001",
            ("kommunekode", "vejkode", "husnr", "etage", "sidedoer", "lokalitet"),
            [[r[c] for c in columns] for r in register.records["001"]],
        )
    ]


# --- A370716 --------------------------------------------------------------------------------


def _myndigheder_tables(register: ParsedRegister, out: Path) -> list[RegisterTable]:
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
        RegisterTable(
            "myndigheder",
            "001",
            _MYNDIGHEDER_COLUMNS,
            [_authority_row(r) for r in authorities],
        ),
        RegisterTable(
            "myndighed_relationer",
            "001/002",
            _RELATIONER_COLUMNS,
            relations,
        ),
        RegisterTable(
            "landekoder",
            "001",
            _LANDEKODER_COLUMNS,
            [_country_row(r) for r in authorities if r["MYNTYP"] == MYNTYP_LAND],
        ),
        RegisterTable("regioner", "001", ("regionskode", "regionsnavn"), regions),
        RegisterTable(
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


BUILDERS: dict[str, Callable[[ParsedRegister, Path], list[RegisterTable]]] = {
    "370712": _postnumre_tables,
    "370713": _bynavne_tables,
    "370714": _lokaliteter_tables,
    "370716": _myndigheder_tables,
}
