"""The two person formats of the sandbox: where each field is, and how one value is read.

Nothing here knows about ``Person``. This module splits and reads lines and YAML sections. A
defect raises :class:`Defect`, which carries only a line and a column.
:mod:`cpr_rules.sandbox.person_records` turns it into a ``PersonRecordError`` with the file
name, in one place.

**CPR person records** (CPR Direkte / CPR udtræk, P12170). Positions are 1-based and
inclusive, as CPR writes them. They come from domain.md §5 ("Person data") [S11 Definitions.xml]
and were checked field by field against the 80 demo files. Where the data disagrees with
domain.md §5, the data wins:

* ``000`` and ``999`` of a *person* file start with a 10-character sort field (``0000000000``
  and ``9999999999``). So OPGAVENR is at 14, PRODDTO at 20 and TAELLER at 14. domain.md gives
  the register-file (A3707xx) positions, 4/10 and 4.
* TAELLER counts the data records of the whole extract. The demo files are per-person slices of
  one extract, and each one says 1098, the total over all 80 files.
* Records are right-trimmed (trailing blanks are missing). A record is padded back to its full
  ``length``. It is "too short" only when it ends before ``required``, which is the end of the
  last field that is never blank in the demo data.
* SIDEDOER is right-aligned (``"  tv"``) and HUSNR is left-aligned (``"016 "``). Both are
  stripped.
* Some timestamps have ``00`` for an unknown month or day (``196100000000``, with uncertainty
  marker ``*``). *Inferred:* ``00`` means unknown, and it is read as ``01``.

The YAML person fixtures are read by :mod:`cpr_rules.sandbox._person_fixtures`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from cpr_rules.personnummer import mask, mask_text

__all__ = [
    "LAYOUTS",
    "PNR",
    "RECORD_TITLES",
    "Defect",
    "Layout",
    "Position",
    "RecordLine",
    "mask_personnumre",
    "mask_pnr",
    "parse_iso_date",
    "parse_timestamp",
    "split_records",
]


class Defect(Exception):
    """A defect in a person file or fixture, before the file name is known."""

    def __init__(self, message: str, *, line: int = 0, column: int = 0, key: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column
        self.key = key  # in a fixture: the key of the mapping that holds the defect


class Position(NamedTuple):
    """Where a field sits in a record: 1-based ``start`` and ``length``."""

    start: int
    length: int

    @property
    def end(self) -> int:
        """The last position (1-based, inclusive)."""
        return self.start + self.length - 1


@dataclass(frozen=True, slots=True)
class Layout:
    """One record type: its full ``length``, the ``required`` prefix and its fields."""

    length: int
    required: int
    fields: Mapping[str, Position]


PNR = Position(4, 10)  # every data record (001-099) carries the person's PNR here


def _lines(prefix: str, first: int) -> dict[str, Position]:
    return {f"{prefix}{n + 1}": Position(first + 34 * n, 34) for n in range(5)}


# Every record type a person file may hold (domain.md §5); any other type is an error. Only the
# types in LAYOUTS are read field by field; all lines are also kept raw.
RECORD_TITLES: dict[str, str] = {
    "000": "start",
    "001": "person",
    "002": "aktuel adresse",
    "003": "klarskriftadresse",
    "004": "beskyttelse",
    "005": "aktuel udrejse/udlandsadresse",
    "006": "kontaktadresse",
    "007": "forsvinding",
    "008": "navne",
    "009": "fødselsregistrering",
    "010": "statsborgerskab",
    "011": "folkekirke",
    "012": "civilstand",
    "013": "separation",
    "014": "barn",
    "015": "forældre",
    "016": "forældremyndighed",
    "017": "umyndiggørelse/værge",
    "018": "kommunale forhold",
    "019": "notater",
    "020": "valgoplysninger",
    "021": "flyttepåbud",
    "022": "historisk personnummer",
    "023": "historisk adresse",
    "024": "historisk udrejse/indrejse",
    "025": "historisk forsvinding",
    "026": "historisk navn",
    "027": "historisk statsborgerskab",
    "028": "historisk folkekirke",
    "029": "historisk civilstand",
    "030": "historisk separation",
    "099": "hændelser",
    "999": "slut",
}

LAYOUTS: dict[str, Layout] = {
    "000": Layout(35, 27, {"OPGAVENR": Position(14, 6), "PRODDTO": Position(20, 8)}),
    "001": Layout(
        106,
        49,
        {
            "PNRGAELD": Position(14, 10),
            "STATUS": Position(24, 2),
            "STATUSHAENSTART": Position(26, 12),
            "KOEN": Position(39, 1),
            "FOED_DT": Position(40, 10),
        },
    ),
    "002": Layout(
        306,
        81,
        {
            "KOMKOD": Position(14, 4),
            "VEJKOD": Position(18, 4),
            "HUSNR": Position(22, 4),
            "ETAGE": Position(26, 2),
            "SIDEDOER": Position(28, 4),
            "BNR": Position(32, 4),
            "CONVN": Position(36, 34),
            "TILFLYDTO": Position(70, 12),
        },
    ),
    "003": Layout(
        249,
        215,
        {
            "ADRNVN": Position(14, 34),
            "CONVN": Position(48, 34),
            "LOKALITET": Position(82, 34),
            "STANDARDADR": Position(116, 34),
            "BYNVN": Position(150, 34),
            "POSTNR": Position(184, 4),
            "POSTDISTTXT": Position(188, 20),
            "VEJADRNVN": Position(230, 20),
        },
    ),
    "004": Layout(
        37,
        27,
        {
            "BESKYTTYPE": Position(14, 4),
            "START_DT": Position(18, 10),
            "SLET_DT": Position(28, 10),
        },
    ),
    "005": Layout(
        200,
        29,
        {
            "UDR_LANDEKOD": Position(14, 4),
            "UDRDTO": Position(18, 12),
            **_lines("UDLANDADR", 31),
        },
    ),
    "006": Layout(203, 14, {**_lines("ADR", 14), "START_DT": Position(184, 10)}),
    "008": Layout(
        193,
        158,
        {
            "FORNVN": Position(14, 50),
            "MELNVN": Position(65, 40),
            "EFTERNVN": Position(106, 40),
            "ADRNVN": Position(160, 34),
        },
    ),
    "010": Layout(30, 29, {"LANDEKOD": Position(14, 4), "HAENSTART": Position(18, 12)}),
    "012": Layout(95, 82, {"CIVST": Position(14, 1), "HAENSTART": Position(71, 12)}),
    "999": Layout(21, 21, {"TAELLER": Position(14, 8)}),
}

_TIMESTAMP = re.compile(r"(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)")
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_DIGITS = re.compile(r"[0-9]+")


def parse_timestamp(raw: str) -> date | None:
    """``ÅÅÅÅMMDDTTMM`` -> its date; ``000000000000`` or blank -> None; the time is checked only."""
    if raw.strip() in ("", "000000000000"):
        return None
    match = _TIMESTAMP.fullmatch(raw)
    if match is None:
        raise Defect(f"expected 12 digits ÅÅÅÅMMDDTTMM, got {raw!r}")
    year, month, day, hour, minute = (int(part) for part in match.groups())
    if not (hour <= 23 or hour == 99) or not (minute <= 59 or minute == 99):
        raise Defect(f"time TTMM must be 0000-2359, with 99 for unknown; got {raw!r}")
    return _calendar_date(year, month, day, raw)


def parse_iso_date(raw: str) -> date | None:
    """``ÅÅÅÅ-MM-DD`` -> date; blank or ``0000-00-00`` -> None."""
    if raw.strip() in ("", "0000-00-00"):
        return None
    match = _ISO_DATE.fullmatch(raw)
    if match is None:
        raise Defect(f"expected a date ÅÅÅÅ-MM-DD, got {raw!r}")
    year, month, day = (int(part) for part in match.groups())
    return _calendar_date(year, month, day, raw)


def _calendar_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month or 1, day or 1)  # 00 = unknown month/day (module docstring)
    except ValueError:
        raise Defect(f"not a calendar date: {raw!r}") from None


def mask_pnr(pnr: str) -> str:
    """``DDMMÅÅ-****``: the only form in which a personnummer is ever shown."""
    return mask(pnr)


def mask_personnumre(text: str) -> str:
    """Every personnummer in ``text`` masked: :func:`cpr_rules.personnummer.mask_text`."""
    return mask_text(text)


@dataclass(frozen=True, slots=True)
class RecordLine:
    """One line of a person file and its 1-based line ``number``; fields read by CPR name."""

    number: int
    line: str

    @property
    def type(self) -> str:
        """The record type, the first 3 characters."""
        return self.line[:3]

    @property
    def pnr(self) -> str:
        """Positions 4-13 (the PNR in data records, a sort field in 000 and 999)."""
        return self.line[PNR.start - 1 : PNR.end]

    def raw(self, name: str) -> str:
        """The field padded to its width (records are right-trimmed)."""
        pos = LAYOUTS[self.type].fields[name]
        return self.line[pos.start - 1 : pos.end].ljust(pos.length)

    def text(self, name: str) -> str:
        """The field without surrounding blanks."""
        return self.raw(name).strip()

    def code(self, name: str, *, blank: str | None = None) -> str | None:
        """A field of digits; spaces and ``blank`` (e.g. "0000") read as None."""
        value = self.raw(name)
        if not value.strip() or value == blank:
            return None
        if not _DIGITS.fullmatch(value):
            got = "other characters" if len(value) == PNR.length else repr(value)  # no PNR echo
            raise self.defect(name, f"{name} must be {len(value)} digits, got {got}")
        return value

    def required_code(self, name: str) -> str:
        """A field of digits that may not be blank."""
        value = self.code(name)
        if value is None:
            raise self.defect(name, f"{name} is blank")
        return value

    def read_date(self, name: str) -> date | None:
        """A ``…_DT`` field as ``ÅÅÅÅ-MM-DD``, any other date field as ``ÅÅÅÅMMDDTTMM``."""
        parse = parse_iso_date if name.endswith("_DT") else parse_timestamp
        try:
            return parse(self.raw(name))
        except Defect as exc:
            raise self.defect(name, f"bad date in {name}: {exc.message}") from None

    def defect(self, name: str | None, message: str) -> Defect:
        """A defect at this line, at the start of field ``name`` if given."""
        column = LAYOUTS[self.type].fields[name].start if name else 0
        return Defect(message, line=self.number, column=column)


def split_records(text: str) -> list[RecordLine]:
    """The lines of a person file (LF or CRLF line ends), numbered from 1."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [RecordLine(n, line.removesuffix("\r")) for n, line in enumerate(lines, 1)]
