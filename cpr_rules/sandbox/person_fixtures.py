"""The YAML person fixtures of the sandbox (``--persons``): :func:`load_person_fixtures` reads
extra persons beside CPR's person records (:mod:`cpr_rules.sandbox.person_records`).

:data:`FIXTURE_FIELDS` gives the keys each section may have and the reader for each value. A
defect raises :class:`~cpr_rules.sandbox._person_layouts.Defect` with the line of its key, and
:func:`load_person_fixtures` turns it into a ``PersonFixtureError`` with the file name.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import yaml

from cpr_rules.sandbox._person_layouts import Defect, parse_iso_date
from cpr_rules.sandbox.person_records import (
    Adresse,
    Beskyttelse,
    Klarskrift,
    Navn,
    Person,
    PersonFixtureError,
    Udrejse,
)

__all__ = [
    "FIXTURE_FIELDS",
    "FIXTURE_REQUIRED",
    "FIXTURE_SECTIONS",
    "FixtureLoader",
    "ValueReader",
    "key_lines",
    "load_person_fixtures",
    "read_section",
]

ValueReader = Callable[[object], Any]

_DIGITS = re.compile(r"[0-9]+")


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


# --- persons from the fixture file -----------------------------------------------------------

_SECTIONS: dict[str, type[Any]] = {
    "navn": Navn,
    "adresse": Adresse,
    "klarskrift": Klarskrift,
    "udrejse": Udrejse,
}


def _nested(value: object, key: str, path: str) -> Any:
    try:
        if key == "beskyttelser":
            if not isinstance(value, list):
                raise Defect(f"{path}: expected a list of protections")
            return tuple(
                Beskyttelse(**read_section(b, key, f"{path}[{n}]")) for n, b in enumerate(value)
            )
        return _SECTIONS[key](**read_section(value, key, path))
    except Defect as exc:
        raise Defect(exc.message, key=key) from None


def _fixture_person(item: object, path: str) -> Person:
    kwargs = read_section(item, "person", path)
    mapping = cast(dict[str, object], item)  # read_section has checked that it is a mapping
    for key in FIXTURE_SECTIONS:
        if key in mapping:
            kwargs[key] = _nested(mapping[key], key, f"{path}.{key}")
    navn = kwargs.get("navn")
    if navn is not None and not navn.adresseringsnavn:
        full = " ".join(filter(None, (navn.fornavne, navn.mellemnavn, navn.efternavn)))
        kwargs["navn"] = dataclasses.replace(navn, adresseringsnavn=full)
    return Person(**kwargs)


def _fixture_persons(data: object, lines: list[dict[str, int]]) -> dict[str, Person]:
    items = data.get("persons") if isinstance(data, dict) and len(data) == 1 else None
    if not isinstance(items, list):
        raise Defect("expected one key, persons: a list of persons", line=1)
    persons: dict[str, Person] = {}
    for index, item in enumerate(items):
        where = lines[index] if index < len(lines) else {}
        try:
            person = _fixture_person(item, f"persons[{index}]")
            if person.pnr in persons:
                raise Defect(f"persons[{index}].pnr: the same pnr as an earlier person", key="pnr")
        except Defect as exc:
            raise Defect(exc.message, line=where.get(exc.key, where.get("", 0))) from None
        persons[person.pnr] = person
    return persons


def load_person_fixtures(path: str | Path) -> dict[str, Person]:
    """Extra persons from a YAML fixture file, keyed by pnr.

    ``persons:`` is a list of mappings with the keys of :class:`Person` (not ``records``).
    The sections ``navn``, ``adresse``, ``klarskrift``, ``udrejse`` and each item of
    ``beskyttelser`` (``type``, ``start``, ``slut``) have the keys of their class. Required:
    pnr, status, koen, foedselsdato. Codes are quoted strings and dates are ``ÅÅÅÅ-MM-DD``. A
    missing adresseringsnavn is fornavne, mellemnavn and efternavn joined. Any defect raises
    :class:`PersonFixtureError` naming ``persons[i].field`` and its line.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        data, lines = yaml.load(text, Loader=FixtureLoader), key_lines(text)
        return _fixture_persons(data, lines)
    except (OSError, UnicodeDecodeError) as exc:
        raise PersonFixtureError(f"cannot read person fixtures: {exc}", file=p) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = getattr(exc, "problem", None) or str(exc)
        raise PersonFixtureError(
            f"not valid YAML: {problem}", file=p, line=line, column=column
        ) from None
    except Defect as exc:
        raise PersonFixtureError(exc.message, file=p, line=exc.line, column=exc.column) from None
