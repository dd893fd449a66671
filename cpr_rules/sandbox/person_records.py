"""The sandbox's persons: CPR person record files, and the persons they describe.

A person file holds one person in CPR's fixed-width person record format (ISO-8859-1, one record
per line; layouts in :mod:`cpr_rules.sandbox._person_layouts`)::

    000 start · 001 person · 002 … 030 person data · 099 hændelser · 999 slut

:func:`parse_person_file` reads one file. :func:`load_demo_persons` reads the 80 shipped demo
persons (``demo_persons/``: test persons from CPR's demo environment, not real people).
:func:`~cpr_rules.sandbox.person_fixtures.load_person_fixtures` reads extra persons from
YAML. A broken file raises
:class:`PersonRecordError` with ``file:line:col``. A personnummer is only ever shown masked as
``DDMMÅÅ-****``, in reprs, in error messages and in the file names that errors quote.

    >>> person = load_demo_persons()["0101429059"]
    >>> person
    Person(pnr='010142-****', status='01', koen='M', navn='Ulf Ulling', beskyttelser=0)
    >>> person.adresse.kommunekode, person.adresse.vejkode, person.adresse.husnr
    ('0851', '8512', '004')
    >>> person.klarskrift.standardadresse
    'Industrivænget 4,1 tv'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from cpr_rules.errors import SourceError
from cpr_rules.sandbox._person_layouts import (
    LAYOUTS,
    PNR,
    RECORD_TITLES,
    Defect,
    RecordLine,
    mask_personnumre,
    mask_pnr,
    split_records,
)

__all__ = [
    "DEMO_PERSONS_DIR",
    "Adresse",
    "Beskyttelse",
    "Klarskrift",
    "Navn",
    "Person",
    "PersonFixtureError",
    "PersonRecordError",
    "Udrejse",
    "load_demo_persons",
    "parse_person_file",
    "parse_person_records",
]

DEMO_PERSONS_DIR = Path(__file__).resolve().parent / "demo_persons"
_SINGLE = ("001", "002", "003", "005", "006", "008", "010", "012")  # at most once per person


class PersonRecordError(SourceError):
    """A CPR person record file (or a person fixture) is truncated, corrupt or inconsistent."""

    def __init__(
        self, message: str, *, file: str | Path | None = None, line: int = 0, column: int = 0
    ) -> None:
        masked = mask_personnumre(str(file)) if file is not None else None
        super().__init__(mask_personnumre(message), file=masked, line=line, column=column)


class PersonFixtureError(PersonRecordError):
    """A YAML person fixture is broken; the message names ``persons[i].field``."""


@dataclass(frozen=True, slots=True)
class Navn:
    """Record 008: the current name; "" for a part that is not registered."""

    fornavne: str
    efternavn: str
    mellemnavn: str = ""
    adresseringsnavn: str = ""


@dataclass(frozen=True, slots=True)
class Adresse:
    """Record 002: the current address in CPR's codes; text stripped, "" when blank."""

    kommunekode: str
    vejkode: str
    husnr: str = ""  # CPR's form, 3 digits and maybe a letter: "012B", "005"
    etage: str = ""
    sidedoer: str = ""
    bnr: str = ""
    convn: str = ""
    tilflytningsdato: date | None = None


@dataclass(frozen=True, slots=True)
class Klarskrift:
    """Record 003: the address as CPR writes it on an envelope; "" when blank."""

    adresseringsnavn: str = ""
    convn: str = ""
    lokalitet: str = ""
    standardadresse: str = ""
    bynavn: str = ""
    postnr: str | None = None  # None for CPR's "0000"
    postdistrikt: str = ""
    vejadresseringsnavn: str = ""


class Beskyttelse(NamedTuple):
    """Record 004: one protection, BESKYTTYPE (4 digits), START_DT and SLET_DT."""

    type: str
    start: date
    slut: date | None = None


@dataclass(frozen=True, slots=True)
class Udrejse:
    """Record 005: the current udrejse, UDR_LANDEKOD, UDRDTO and up to 5 address lines."""

    landekode: str
    dato: date | None = None
    udlandsadresse: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, repr=False)
class Person:
    """One person: the modelled records, plus every raw line by record type in ``records``."""

    pnr: str
    status: str
    koen: str
    foedselsdato: date
    pnr_gaeldende: str | None = None
    status_start: date | None = None
    navn: Navn | None = None  # None: not named yet (a newborn)
    adresse: Adresse | None = None  # None: no record 002 (status 30 and above)
    klarskrift: Klarskrift | None = None
    beskyttelser: tuple[Beskyttelse, ...] = ()
    udrejse: Udrejse | None = None
    kontaktadresse: tuple[str, ...] | None = None
    civilstand: str | None = None
    statsborgerskab: str | None = None
    records: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False
    )

    def __repr__(self) -> str:
        navn = self.navn or Navn("", "")
        name = " ".join(filter(None, (navn.fornavne, navn.efternavn)))
        return (
            f"Person(pnr={mask_pnr(self.pnr)!r}, status={self.status!r}, koen={self.koen!r}, "
            f"navn={name!r}, beskyttelser={len(self.beskyttelser)})"
        )


# --- the file frame: 000 first, 999 last, known types and lengths, one person ---------------


def _check_line(rec: RecordLine) -> None:
    if rec.type not in RECORD_TITLES:
        raise rec.defect(None, f"unknown record type {rec.type!r}")
    layout = LAYOUTS.get(rec.type)
    need = layout.required if layout else PNR.end
    if len(rec.line) < need:
        raise rec.defect(
            None,
            f"record {rec.type} ({RECORD_TITLES[rec.type]}) is too short: "
            f"{len(rec.line)} characters, its layout needs {need}",
        )
    if layout and len(rec.line) > layout.length:
        raise rec.defect(
            None,
            f"record {rec.type} is {len(rec.line)} characters, "
            f"longer than its layout ({layout.length})",
        )


def _check_frame(records: list[RecordLine]) -> list[RecordLine]:
    """The data records between 000 and 999, after checking the frame around them."""
    if not records or records[0].type != "000":
        raise Defect("file does not start with start record 000", line=1)
    for rec in records:
        _check_line(rec)
        if rec.type == "999" and rec is not records[-1]:
            raise rec.defect(None, "data after end record 999")
    end = records[-1]
    if end.type != "999":
        raise end.defect(None, "file is truncated: it ends without end record 999")
    data = records[1:-1]
    count = int(end.required_code("TAELLER"))
    if count < len(data):  # TAELLER counts the whole extract; a file may be a slice of it
        raise end.defect("TAELLER", f"TAELLER says {count} records, the file holds {len(data)}")
    return data


def _group(data: list[RecordLine]) -> dict[str, list[RecordLine]]:
    """Data records by type, after checking that they describe exactly one person."""
    groups: dict[str, list[RecordLine]] = {}
    for rec in data:
        if rec.type in ("000", "999"):
            raise rec.defect(None, f"record {rec.type} may only start or end the file")
        groups.setdefault(rec.type, []).append(rec)
    if "001" not in groups:
        raise Defect("no person record 001", line=len(data) + 2)
    for rtype in _SINGLE:
        if len(groups.get(rtype, [])) > 1:
            raise groups[rtype][1].defect(None, f"record {rtype} occurs more than once")
    first = groups["001"][0]
    if not (first.pnr.isascii() and first.pnr.isdigit() and len(first.pnr) == PNR.length):
        raise Defect("PNR (positions 4-13) is not 10 digits", line=first.number, column=4)
    for rec in data:
        if rec.pnr != first.pnr:
            raise rec.defect(None, f"record belongs to another person than {mask_pnr(first.pnr)}")
    return groups


# --- the person's records -------------------------------------------------------------------


def _navn(rec: RecordLine) -> Navn | None:
    navn = Navn(
        fornavne=rec.text("FORNVN"),
        efternavn=rec.text("EFTERNVN"),
        mellemnavn=rec.text("MELNVN"),
        adresseringsnavn=rec.text("ADRNVN"),
    )
    return navn if navn != Navn("", "") else None


def _adresse(rec: RecordLine) -> Adresse:
    return Adresse(
        kommunekode=rec.required_code("KOMKOD"),
        vejkode=rec.required_code("VEJKOD"),
        husnr=rec.text("HUSNR"),
        etage=rec.text("ETAGE"),
        sidedoer=rec.text("SIDEDOER"),
        bnr=rec.text("BNR"),
        convn=rec.text("CONVN"),
        tilflytningsdato=rec.read_date("TILFLYDTO"),
    )


def _klarskrift(rec: RecordLine) -> Klarskrift:
    return Klarskrift(
        adresseringsnavn=rec.text("ADRNVN"),
        convn=rec.text("CONVN"),
        lokalitet=rec.text("LOKALITET"),
        standardadresse=rec.text("STANDARDADR"),
        bynavn=rec.text("BYNVN"),
        postnr=rec.code("POSTNR", blank="0000"),
        postdistrikt=rec.text("POSTDISTTXT"),
        vejadresseringsnavn=rec.text("VEJADRNVN"),
    )


def _beskyttelse(rec: RecordLine) -> Beskyttelse:
    start = rec.read_date("START_DT")
    if start is None:
        raise rec.defect("START_DT", "START_DT is blank")
    return Beskyttelse(rec.required_code("BESKYTTYPE"), start, rec.read_date("SLET_DT"))


def _address_lines(rec: RecordLine, prefix: str) -> tuple[str, ...]:
    lines = [rec.text(f"{prefix}{n}") for n in range(1, 6)]
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def _udrejse(rec: RecordLine) -> Udrejse:
    landekode = rec.required_code("UDR_LANDEKOD")
    return Udrejse(landekode, rec.read_date("UDRDTO"), _address_lines(rec, "UDLANDADR"))


def _person(groups: dict[str, list[RecordLine]]) -> Person:
    rec = groups["001"][0]
    one = {rtype: recs[0] for rtype, recs in groups.items() if rtype in _SINGLE}
    koen, foedselsdato = rec.text("KOEN"), rec.read_date("FOED_DT")
    if koen not in ("M", "K"):
        raise rec.defect("KOEN", f"KOEN must be M or K, got {koen!r}")
    if foedselsdato is None:
        raise rec.defect("FOED_DT", "FOED_DT is blank")
    return Person(
        pnr=rec.pnr,
        status=rec.required_code("STATUS"),
        koen=koen,
        foedselsdato=foedselsdato,
        pnr_gaeldende=rec.code("PNRGAELD"),
        status_start=rec.read_date("STATUSHAENSTART"),
        navn=_navn(one["008"]) if "008" in one else None,
        adresse=_adresse(one["002"]) if "002" in one else None,
        klarskrift=_klarskrift(one["003"]) if "003" in one else None,
        beskyttelser=tuple(_beskyttelse(r) for r in groups.get("004", [])),
        udrejse=_udrejse(one["005"]) if "005" in one else None,
        kontaktadresse=_address_lines(one["006"], "ADR") if "006" in one else None,
        civilstand=(one["012"].text("CIVST") or None) if "012" in one else None,
        statsborgerskab=one["010"].code("LANDEKOD") if "010" in one else None,
        records=MappingProxyType({t: tuple(r.line for r in recs) for t, recs in groups.items()}),
    )


# --- public entry points --------------------------------------------------------------------


def parse_person_records(text: str, *, source: str) -> Person:
    """Parse one person's records (decoded text); ``source`` names the file in errors."""
    try:
        return _person(_group(_check_frame(split_records(text))))
    except Defect as exc:
        raise PersonRecordError(
            exc.message, file=source, line=exc.line, column=exc.column
        ) from None


def parse_person_file(path: str | Path) -> Person:
    """Parse one person file (ISO-8859-1); raises :class:`PersonRecordError` on any defect."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise PersonRecordError(f"cannot read person file: {exc.strerror}", file=p) from None
    return parse_person_records(data.decode("iso-8859-1"), source=str(p))


def load_demo_persons(folder: str | Path | None = None) -> dict[str, Person]:
    """Every ``PNR_*.txt`` in ``folder`` (default: the shipped demo persons), keyed by pnr."""
    base = Path(folder) if folder is not None else DEMO_PERSONS_DIR
    persons: dict[str, Person] = {}
    for path in sorted(base.glob("PNR_*.txt")):
        person = parse_person_file(path)
        if path.stem != f"PNR_{person.pnr}":
            raise PersonRecordError("file name and PNR of record 001 differ", file=path, line=2)
        persons[person.pnr] = person
    if not persons:
        raise PersonRecordError("no PNR_*.txt person files", file=base)
    return persons
