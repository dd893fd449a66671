"""Field types: CPR's value domains, normalised the way a citizen types them.

Each type is one small function ``(raw, spec) -> value`` registered in :data:`NORMALISERS`; a
value outside the domain raises :class:`~cpr_rules.adressefelter.FieldValueError` with a stable
reason key, which the validator turns into a finding ``<FIELD>.type`` whose message is the
field's message for that reason (``rulesets/_blocks/type-messages.yaml``,
:mod:`cpr_rules.rules.type_messages`). Blank input (``None``, ``""``, blanks) never reaches
a normaliser: it means "not filled".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from cpr_rules import adressefelter as af
from cpr_rules import personnummer
from cpr_rules.adressefelter import FieldValueError
from cpr_rules.errors import PersonnummerError

if TYPE_CHECKING:  # at run time a normaliser gets the field's plain options (FieldOptions)
    from cpr_rules.rules.model import FieldSpec

__all__ = [
    "BESKYT_MARKER",
    "JS_NORMALISERS",
    "NORMALISERS",
    "is_blank",
    "normalise",
]

Normaliser = Callable[[Any, "FieldSpec"], Any]


def is_blank(raw: Any) -> bool:
    """``None`` or an empty or all-blank string: the field is not filled.

    ``[]`` is *not* blank in a submission: a JSON list in any field is an error on that field
    (issue 9 decision). Only stamdata's ``BESKYT`` reads an empty list as "no protections".
    """
    if raw is None:
        return True
    return isinstance(raw, str) and not raw.strip()


def _text(raw: Any) -> str:
    """Strings as they are; integers as their digits; anything else is the wrong JSON type."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    raise FieldValueError("value.type", f"expected text, got {type(raw).__name__}")


_PNR_WRITTEN = re.compile(r"[0-9]{6}-?[0-9]{4}")
_PNR_ECPR = re.compile(r"[0-9]{6}-?[0-9][A-Za-z]{2}[0-9]")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_CPR = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_DIGITS = re.compile(r"[0-9]+")


def _personnummer(raw: Any, spec: FieldSpec) -> personnummer.Personnummer:
    """``DDMMÅÅ-LLLL`` or ten ASCII digits, blanks only around it (issue 9 decision)."""
    try:
        if raw.__class__ is str and raw.isascii():  # the common forms, without a regex
            n = len(raw)
            if n == 10 and raw.isdigit():
                return personnummer.from_digits(raw)
            if n == 11 and raw[6] == "-" and raw[:6].isdigit() and raw[7:].isdigit():
                return personnummer.from_digits(raw[:6] + raw[7:])
        text = _text(raw).strip()
        if not _PNR_WRITTEN.fullmatch(text) and not _PNR_ECPR.fullmatch(text):
            raise FieldValueError("personnummer.format", "a CPR number is DDMMÅÅ-LLLL or 10 digits")
        return personnummer.parse(text)
    except PersonnummerError as exc:
        reason = {
            "ErstatningspersonnummerError": "personnummer.erstatning",
            "ECprError": "personnummer.ecpr",
            "PersonnummerDateError": "personnummer.date",
        }.get(type(exc).__name__, "personnummer.format")
        raise FieldValueError(reason, str(exc)) from None


def _date(raw: Any, spec: FieldSpec) -> dt.date:
    """``YYYY-MM-DD``, ``YYYYMMDD`` (ASCII digits) or an 8-digit JSON integer."""
    if type(raw) is dt.date:
        return raw
    match = _DATE_ISO.fullmatch(raw) if raw.__class__ is str else None  # the common form
    if match is not None:
        year, month, day = match.groups()
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise FieldValueError("date.calendar", "not a calendar date") from None
    text = _text(raw).strip()
    match = _DATE_ISO.fullmatch(text) or _DATE_CPR.fullmatch(text)
    if match is None:
        raise FieldValueError("date.format", "a date is YYYY-MM-DD or YYYYMMDD")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise FieldValueError("date.calendar", "not a calendar date") from None


def _code(raw: Any, spec: FieldSpec) -> str:
    """1 to ``digits`` ASCII digits (or a JSON integer), zero-padded to ``digits``."""
    digits = spec.digits
    if raw.__class__ is str and raw.isdigit() and raw.isascii():  # the common case
        if digits is None:
            return raw
        if len(raw) <= digits:
            return raw.zfill(digits)
    text = _text(raw).strip()
    if not _DIGITS.fullmatch(text):
        raise FieldValueError("code.format", "a code has digits only")
    if spec.digits is not None:
        if len(text) > spec.digits:
            raise FieldValueError("code.length", f"a code has at most {spec.digits} digits")
        text = text.zfill(spec.digits)
    return text


def _code_list(raw: Any, spec: FieldSpec) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else _text(raw).replace(",", " ").split()
    return tuple(sorted({_code(item, spec) for item in items}))


BESKYT_MARKER = ("00001", "00002", "00004")
"""What STAMPNR's ``BESKYT`` marker means: navne- og adressebeskyttelse, which always comes
with lokalvejviser- and forskerbeskyttelse (bilag 7 §17; the reading is written beside BESKYT
in rulesets/FLYTB-I.yaml)."""


_FIVE_DIGITS: Any = SimpleNamespace(digits=5)  # the options of a beskyttelsestype code


def _beskyt(raw: Any, spec: FieldSpec) -> tuple[str, ...]:
    """Stamdata ``BESKYT``: the marker ``X`` (bilag 1 STAM "Navne-/adressebeskyttelse
    markering"), or the beskyttelsestype codes of BESKYT3 as a list or a separated string."""
    if isinstance(raw, str) and raw.strip().upper() == "X":
        return BESKYT_MARKER
    if isinstance(raw, list) and not raw:
        return ()
    items = raw if isinstance(raw, list) else _text(raw).replace(",", " ").split()
    return tuple(sorted({_code(item, _FIVE_DIGITS) for item in items}))


def _integer(raw: Any, spec: FieldSpec) -> int:
    text = _text(raw).strip()
    if not _DIGITS.fullmatch(text) or len(text) > 18:
        raise FieldValueError("integer.format", "a whole number is expected")
    value = int(text)
    too_small = spec.min is not None and value < spec.min
    too_big = spec.max is not None and value > spec.max
    if too_small or too_big:
        reason = {
            (True, True): "integer.range",
            (True, False): "integer.min",
            (False, True): "integer.max",
        }[(spec.min is not None, spec.max is not None)]
        raise FieldValueError(reason, "the number is out of range")
    return value


def _choice(raw: Any, spec: FieldSpec) -> str:
    text = _text(raw).strip()
    for value in spec.values or ():  # any case, but 'ſ' is no 'S': ASCII values match ASCII
        if text.upper() == value.upper() and (text.isascii() or not value.isascii()):
            return value
    raise FieldValueError("choice.value", "not one of the allowed values")


def _free_text(raw: Any, spec: FieldSpec) -> str:
    text = " ".join(_text(raw).split())
    if spec.max_length is not None and len(text) > spec.max_length:
        raise FieldValueError("text.length", "the text is too long")
    return text


def _domain(fn: Callable[[str], str]) -> Normaliser:
    return lambda raw, spec: fn(raw if raw.__class__ is str else _text(raw))


NORMALISERS: dict[str, Normaliser] = {
    "personnummer": _personnummer,
    "date": _date,
    "code": _code,
    "code_list": _code_list,
    "beskyt": _beskyt,
    "husnr": _domain(af.normalise_husnr),
    "etage": _domain(af.normalise_etage),
    "sidedoer": _domain(af.normalise_sidedoer),
    "bnr": _domain(af.normalise_bnr),
    "convn": _domain(af.normalise_convn),
    "integer": _integer,
    "choice": _choice,
    "text": _free_text,
}


JS_NORMALISERS: dict[str, str] = {
    "personnummer": "personnummer",
    "date": "date",
    "code": "code",
    "code_list": "code_list",
    "beskyt": "beskyt",
    "husnr": "husnr",
    "etage": "etage",
    "sidedoer": "sidedoer",
    "bnr": "bnr",
    "convn": "convn",
    "integer": "integer",
    "choice": "choice",
    "text": "text",
}
"""Each type's normaliser in the JavaScript backend: a key of ``NORMALISERS`` in
``cpr_rules/js/runtime_types.mjs``. A test requires the same types here as in
:data:`NORMALISERS`."""


def normalise(raw: Any, spec: FieldSpec) -> Any:
    """The normalised value of a filled field; raises :class:`FieldValueError`."""
    return NORMALISERS[spec.type](raw, spec)
