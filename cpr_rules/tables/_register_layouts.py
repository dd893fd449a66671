"""The fixed-width layouts of CPR's register files A370712/713/714/716 and their checked parser.

Each file is ISO-8859-1 text, one record per line, the first three characters the record type::

    000 opgavenummer(6) PRODDTO(8)                 start record, line 1
    001 …                                          data records (002 too in A370716)
    999 TAELLER(8)                                 end record, the number of data records

Positions are 1-based and inclusive, as in CPR's own documentation (domain brief §5). Every
record length is fixed by its layout. :func:`parse_register` checks the whole file and raises
:class:`~cpr_rules.errors.RegisterFileError` at the first defect, pointing at ``file:line:col``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cpr_rules.errors import RegisterFileError

__all__ = [
    "LAYOUTS",
    "Field",
    "ParsedRegister",
    "RecordLayout",
    "RegisterLayout",
    "format_date",
    "parse_register",
]


@dataclass(frozen=True, slots=True)
class Field:
    """One fixed-width field; ``kind`` is ``text``, ``digits`` or ``date`` (digits, YYYYMMDD…)."""

    name: str
    start: int
    end: int
    kind: str = "text"


@dataclass(frozen=True, slots=True)
class RecordLayout:
    """A record type: its exact line length and its fields."""

    length: int
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class RegisterLayout:
    """One register file kind, identified by the opgavenummer of its 000 record."""

    opgavenummer: str
    description: str
    records: Mapping[str, RecordLayout]

    @property
    def task(self) -> str:
        """CPR's name for the file, e.g. ``A370712``."""
        return f"A{self.opgavenummer}"


@dataclass(frozen=True, slots=True)
class ParsedRegister:
    """A checked register file: its kind, production date and data records by record type."""

    layout: RegisterLayout
    produced: str  # PRODDTO as YYYY-MM-DD
    records: Mapping[str, list[dict[str, str]]]


_START = RecordLayout(17, (Field("OPGAVENR", 4, 9, "digits"), Field("PRODDTO", 10, 17, "date")))
_END = RecordLayout(11, (Field("TAELLER", 4, 11, "digits"),))

# The 59-character prefix shared by A370712/713/714.
_STREET = (
    Field("KOMKOD", 4, 7, "digits"),
    Field("VEJKOD", 8, 11, "digits"),
    Field("KOMNVN", 12, 31),
    Field("VEJADRNVN", 32, 51),
)
_INTERVAL = (Field("HUSNRFRA", 52, 55), Field("HUSNRTIL", 56, 59), Field("LIGEULIGE", 60, 60))

LAYOUTS: Mapping[str, RegisterLayout] = {
    "370712": RegisterLayout(
        "370712",
        "postnumre",
        {
            "001": RecordLayout(
                84,
                (
                    *_STREET,
                    *_INTERVAL,
                    Field("POSTNR", 61, 64, "digits"),
                    Field("POSTDISTTXT", 65, 84),
                ),
            )
        },
    ),
    "370713": RegisterLayout(
        "370713",
        "bynavne",
        {"001": RecordLayout(94, (*_STREET, *_INTERVAL, Field("BYNVN", 61, 94)))},
    ),
    "370714": RegisterLayout(
        "370714",
        "lokaliteter",
        {
            "001": RecordLayout(
                95,
                (
                    *_STREET,
                    Field("HUSNR", 52, 55),
                    Field("ETAGE", 56, 57),
                    Field("SIDEDOER", 58, 61),
                    Field("LOKALITET", 62, 95),
                ),
            )
        },
    ),
    "370716": RegisterLayout(
        "370716",
        "myndigheder",
        {
            "001": RecordLayout(
                420,
                (
                    Field("MYNKOD", 4, 7, "digits"),
                    Field("MYNTYP", 8, 9, "digits"),
                    Field("MYNGRP", 10, 10, "digits"),
                    Field("TIMESTAMP", 11, 22, "date"),
                    Field("HAENSTART", 31, 42, "date"),
                    Field("HAENSLUT", 43, 54, "date"),
                    Field("MYNNVN", 55, 74),
                    Field("MYNNVN_XL", 253, 312),
                    Field("LAND_KOD_ALFA2", 413, 414),
                    Field("LAND_KOD_ALFA3", 415, 417),
                    Field("LAND_KOD_NUM3", 418, 420),
                ),
            ),
            "002": RecordLayout(
                26,
                (
                    Field("MYNKOD", 4, 7, "digits"),
                    Field("MYNTYP", 8, 9, "digits"),
                    Field("KOMKOD", 11, 14, "digits"),
                    Field("TIMESTAMP", 15, 26, "date"),
                ),
            ),
        },
    ),
}

# C0/C1 control characters; a CR is allowed only as part of a CRLF line end.
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def parse_register(text: str, file: str) -> ParsedRegister:
    """Check a decoded register file record by record and return its data records."""
    _check_characters(text, file)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.removesuffix("\r") for line in lines]
    if not lines:
        raise RegisterFileError("empty file: expected a 000 start record", file=file, line=1)
    layout, produced = _parse_start(lines[0], file)
    records: dict[str, list[dict[str, str]]] = {rtype: [] for rtype in layout.records}
    for number, line in enumerate(lines[1:], start=2):
        rtype = line[:3]
        if rtype == "999":
            _check_end(line, number, len(lines), sum(map(len, records.values())), file)
            return ParsedRegister(layout, produced, records)
        record = layout.records.get(rtype)
        if record is None:
            expected = ", ".join([*layout.records, "999"])
            raise RegisterFileError(
                f"unknown record type {rtype!r} in {layout.task} (expected {expected})",
                file=file,
                line=number,
                column=1,
            )
        records[rtype].append(_parse_record(line, record, rtype, file, number))
    raise RegisterFileError(
        f"truncated {layout.task} file: no 999 end record after {len(lines)} line(s)",
        file=file,
        line=len(lines),
    )


def _check_characters(text: str, file: str) -> None:
    match = _CONTROL.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    raise RegisterFileError(
        f"control character {match.group()!r} (byte 0x{ord(match.group()):02X}) is not "
        "allowed in a CPR register file",
        file=file,
        line=line,
        column=column,
    )


def _parse_start(line: str, file: str) -> tuple[RegisterLayout, str]:
    if not line.startswith("000"):
        raise RegisterFileError(
            f"expected a 000 start record on line 1, got record type {line[:3]!r}",
            file=file,
            line=1,
            column=1,
        )
    start = _parse_record(line, _START, "000", file, 1)
    layout = LAYOUTS.get(start["OPGAVENR"])
    if layout is None:
        raise RegisterFileError(
            f"unexpected opgavenummer {start['OPGAVENR']!r} (expected one of {', '.join(LAYOUTS)})",
            file=file,
            line=1,
            column=4,
        )
    produced = format_date(start["PRODDTO"])
    if not produced:
        raise RegisterFileError(
            "PRODDTO must be a date, got 00000000", file=file, line=1, column=10
        )
    return layout, produced


def _check_end(line: str, number: int, total: int, counted: int, file: str) -> None:
    declared = int(_parse_record(line, _END, "999", file, number)["TAELLER"])
    if declared != counted:
        raise RegisterFileError(
            f"999 end record counts {declared} data record(s), the file has {counted} "
            "(truncated or corrupt file)",
            file=file,
            line=number,
            column=4,
        )
    if number != total:
        raise RegisterFileError(
            "data after the 999 end record", file=file, line=number + 1, column=1
        )


def _parse_record(
    line: str, record: RecordLayout, rtype: str, file: str, number: int
) -> dict[str, str]:
    if len(line) != record.length:
        raise RegisterFileError(
            f"record {rtype} must be {record.length} characters long, got {len(line)}",
            file=file,
            line=number,
            column=min(len(line), record.length) + 1,
        )
    values: dict[str, str] = {}
    for field in record.fields:
        raw = line[field.start - 1 : field.end]
        if field.kind != "text" and not (raw.isascii() and raw.isdigit()):
            raise RegisterFileError(
                f"{field.name} must be {field.end - field.start + 1} digits, got {raw!r}",
                file=file,
                line=number,
                column=field.start,
            )
        if field.kind == "date" and not _is_date_or_zero(raw):
            raise RegisterFileError(
                f"{field.name} is not a date (YYYYMMDD…): {raw!r}",
                file=file,
                line=number,
                column=field.start,
            )
        values[field.name] = raw.strip()
    return values


def _is_date_or_zero(raw: str) -> bool:
    if raw[:8] == "00000000":
        return True
    try:
        datetime.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return False
    return True


def format_date(raw: str) -> str:
    """``YYYYMMDD[TTMM]`` as ``YYYY-MM-DD``; CPR's all-zero "no date" becomes blank."""
    if raw[:8] == "00000000":
        return ""
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"
