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

**YAML person fixtures**: :data:`FIXTURE_FIELDS` gives the keys each section may have and
the reader for each value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import yaml

from cpr_rules.personnummer import mask, mask_text

__all__ = [
    "FIXTURE_FIELDS",
    "FIXTURE_REQUIRED",
    "FIXTURE_SECTIONS",
    "LAYOUTS",
    "PNR",
    "RECORD_TITLES",
    "Defect",
    "FixtureLoader",
    "Layout",
    "Position",
    "RecordLine",
    "key_lines",
    "mask_personnumre",
    "mask_pnr",
    "parse_iso_date",
    "parse_timestamp",
    "read_section",
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


# --- YAML person fixtures -------------------------------------------------------------------

ValueReader = Callable[[object], Any]


def _describe(value: object) -> str:
    """What YAML gave, without echoing numbers (which may be personnumre)."""
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    if isinstance(value, bool | int | float):
        return "a number (quote it)"
    return "nothing" if value is None else f"a {type(value).__name__}"


def _digits(count: int) -> ValueReader:
    def read(value: object) -> str:
        if isinstance(value, str) and len(value) == count and _DIGITS.fullmatch(value):
            return value
        raise Defect(f"expected a string of {count} digits, got {_describe(value)}")

    return read


def _text(limit: int) -> ValueReader:
    def read(value: object) -> str:
        if isinstance(value, str) and len(value) <= limit:
            return value
        raise Defect(f"expected text of at most {limit} characters, got {_describe(value)}")

    return read


def _choice(*allowed: str) -> ValueReader:
    def read(value: object) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        raise Defect(f"expected one of {', '.join(allowed)}, got {_describe(value)}")

    return read


def _a_date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        parsed = parse_iso_date(value) if isinstance(value, str) else None
    except Defect:
        parsed = None
    if parsed is None or parsed.isoformat() != value:  # strict: no 00 for unknown parts
        got = repr(value) if isinstance(value, str) else _describe(value)
        raise Defect(f"expected a date ÅÅÅÅ-MM-DD, got {got}")
    return parsed


def _husnr(value: object) -> str:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{3}[A-Z]?", value):
        return value
    raise Defect(f"expected CPR's form, 3 digits and maybe a letter (005, 012B): {value!r}")


def _address_lines(value: object) -> tuple[str, ...]:
    if isinstance(value, list) and len(value) <= 5:
        return tuple(_text(34)(line) for line in value)
    raise Defect(f"expected a list of at most 5 lines, got {_describe(value)}")


# Section -> key -> reader. "person" is the top level. Its sections navn, adresse, klarskrift,
# udrejse (one mapping each) and beskyttelser (a list of mappings) are read with their own keys.
FIXTURE_FIELDS: dict[str, dict[str, ValueReader]] = {
    "person": {
        "pnr": _digits(10),
        "pnr_gaeldende": _digits(10),
        "status": _digits(2),
        "status_start": _a_date,
        "koen": _choice("M", "K"),
        "foedselsdato": _a_date,
        "kontaktadresse": _address_lines,
        "statsborgerskab": _digits(4),
        "civilstand": _choice("U", "G", "F", "E", "D", "P", "O", "L"),
    },
    "navn": {
        "fornavne": _text(50),
        "mellemnavn": _text(40),
        "efternavn": _text(40),
        "adresseringsnavn": _text(34),
    },
    "adresse": {
        "kommunekode": _digits(4),
        "vejkode": _digits(4),
        "husnr": _husnr,
        "etage": _text(2),
        "sidedoer": _text(4),
        "bnr": _text(4),
        "convn": _text(34),
        "tilflytningsdato": _a_date,
    },
    "klarskrift": {
        "adresseringsnavn": _text(34),
        "convn": _text(34),
        "lokalitet": _text(34),
        "standardadresse": _text(34),
        "bynavn": _text(34),
        "postnr": _digits(4),
        "postdistrikt": _text(20),
        "vejadresseringsnavn": _text(20),
    },
    "udrejse": {"landekode": _digits(4), "dato": _a_date, "udlandsadresse": _address_lines},
    "beskyttelser": {"type": _digits(4), "start": _a_date, "slut": _a_date},
}

FIXTURE_REQUIRED: dict[str, tuple[str, ...]] = {
    "person": ("pnr", "status", "koen", "foedselsdato"),
    "navn": ("fornavne", "efternavn"),
    "adresse": ("kommunekode", "vejkode"),
    "klarskrift": (),
    "udrejse": ("landekode",),
    "beskyttelser": ("type", "start"),
}
FIXTURE_SECTIONS = ("navn", "adresse", "klarskrift", "udrejse", "beskyttelser")


def read_section(value: object, section: str, path: str) -> dict[str, Any]:
    """One fixture mapping at ``path``: no unknown keys, no missing ones, every value read."""
    if not isinstance(value, dict):
        raise Defect(f"{path}: expected a mapping, got {_describe(value)}")
    readers = FIXTURE_FIELDS[section]
    allowed = sorted(readers.keys() | (set(FIXTURE_SECTIONS) if section == "person" else set()))
    for key in value:
        if key not in allowed:
            raise Defect(
                f"{path}.{key}: unknown field; expected one of {', '.join(allowed)}", key=str(key)
            )
    for key in FIXTURE_REQUIRED[section]:
        if key not in value:
            raise Defect(f"{path}.{key}: missing required field", key=key)
    out: dict[str, Any] = {}
    for key, read in readers.items():
        if key in value:
            try:
                out[key] = read(value[key])
            except Defect as exc:
                raise Defect(f"{path}.{key}: {exc.message}", key=key) from None
    return out


class FixtureLoader(yaml.SafeLoader):
    """YAML's safe loader, except that dates stay strings, so a bad date names its field."""


def _timestamp_as_text(loader: FixtureLoader, node: yaml.Node) -> str:
    return loader.construct_yaml_str(node)


FixtureLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def key_lines(text: str) -> list[dict[str, int]]:
    """For each item of ``persons``: {"": its line, key: line of that key} (1-based)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    items = [v for k, v in root.value if k.value == "persons"]
    if not (items and isinstance(items[0], yaml.SequenceNode)):
        return []
    return [
        {"": node.start_mark.line + 1}
        | {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k.value, str)}
        if isinstance(node, yaml.MappingNode)
        else {"": node.start_mark.line + 1}
        for node in items[0].value
    ]
