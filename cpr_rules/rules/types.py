"""Field types: CPR's value domains, normalised the way a citizen types them.

Each type is one small function ``(raw, spec) -> value`` registered in :data:`NORMALISERS`; a
value outside the domain raises :class:`~cpr_rules.adressefelter.FieldValueError` with a stable
reason key, which the validator turns into a finding ``<FIELD>.type`` whose message comes from
:data:`TYPE_MESSAGES`. Blank input (``None``, ``""``, blanks) never reaches a normaliser: it
means "not filled".
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
    "TYPE_MESSAGES",
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
    text = _text(raw).strip()
    if not _PNR_WRITTEN.fullmatch(text) and not _PNR_ECPR.fullmatch(text):
        raise FieldValueError("personnummer.format", "a CPR number is DDMMÅÅ-LLLL or 10 digits")
    try:
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
with lokalvejviser- and forskerbeskyttelse (bilag 7 §17; /work/notes/decisions-protections.md)."""


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
    return lambda raw, spec: fn(_text(raw))


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
``cpr_rules/js/runtime.mjs``. A test requires the same types here as in :data:`NORMALISERS`."""


def normalise(raw: Any, spec: FieldSpec) -> Any:
    """The normalised value of a filled field; raises :class:`FieldValueError`."""
    return NORMALISERS[spec.type](raw, spec)


# reason -> (da, en); placeholders: {field}, {title_da}/{title_en} are not used to keep the
# texts short; {digits}, {min}, {max}, {max_length}, {values} come from the field's options.
TYPE_MESSAGES: dict[str, tuple[str, str]] = {
    "value.type": ("{field}: værdien skal være tekst", "{field}: the value must be text"),
    "beskyt.format": (
        "{field}: beskyttelser skal være markeringen X eller beskyttelsestyper",
        "{field}: protections must be the marker X or protection type codes",
    ),
    "personnummer.format": (
        "{field}: personnummeret skal være 10 cifre (DDMMÅÅ-LLLL)",
        "{field}: the CPR number must be 10 digits (DDMMYY-NNNN)",
    ),
    "personnummer.date": (
        "{field}: personnummeret indeholder ikke en gyldig fødselsdato",
        "{field}: the CPR number does not hold a valid birth date",
    ),
    "personnummer.erstatning": (
        "{field}: et erstatningspersonnummer kan ikke bruges over for CPR",
        "{field}: a substitute CPR number (erstatningspersonnummer) cannot be sent to CPR",
    ),
    "personnummer.ecpr": (
        "{field}: et eCPR-nummer kan ikke bruges over for CPR",
        "{field}: an eCPR number cannot be sent to CPR",
    ),
    "date.format": (
        "{field}: datoen skal skrives ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD",
        "{field}: the date must be written YYYY-MM-DD or YYYYMMDD",
    ),
    "date.calendar": ("{field}: datoen findes ikke", "{field}: no such date"),
    "code.format": ("{field}: koden må kun indeholde cifre", "{field}: the code must be digits"),
    "code.length": (
        "{field}: koden har højst {digits} cifre",
        "{field}: the code has at most {digits} digits",
    ),
    "husnr.format": (
        "{field}: husnummer skal være 1-999 og evt. et bogstav A-Z",
        "{field}: the house number must be 1-999 with an optional letter A-Z",
    ),
    "husnr.range": (
        "{field}: husnummer skal være mellem 1 og 999",
        "{field}: the house number must be between 1 and 999",
    ),
    "etage.format": (
        "{field}: etage skal være 1-99, st, kl, k2 eller k3",
        "{field}: the floor must be 1-99, st, kl, k2 or k3",
    ),
    "etage.range": (
        "{field}: etage skal være 1-99, st, kl, k2 eller k3",
        "{field}: the floor must be 1-99, st, kl, k2 or k3",
    ),
    "sidedoer.format": (
        "{field}: side/dør skal være tv, th, mf, et dørnummer eller op til 4 tegn",
        "{field}: the door must be tv, th, mf, a door number or up to 4 characters",
    ),
    "sidedoer.range": (
        "{field}: dørnummeret skal være 1-9999",
        "{field}: the door number must be 1-9999",
    ),
    "bnr.format": (
        "{field}: bygningsnummer er 1-4 tegn af 0-9, A-Å, - . , ' /",
        "{field}: the building number is 1-4 characters of 0-9, A-Å, - . , ' /",
    ),
    "convn.prefix": (
        "{field}: c/o-navn skal begynde med 'c/o ' efterfulgt af et navn",
        "{field}: a c/o name must start with 'c/o ' followed by a name",
    ),
    "convn.length": (
        "{field}: c/o-navn må højst være 34 tegn",
        "{field}: a c/o name is at most 34 characters",
    ),
    "convn.blanks": (
        "{field}: c/o-navn må ikke have to mellemrum i træk",
        "{field}: a c/o name may not contain two blanks in a row",
    ),
    "convn.characters": (
        "{field}: c/o-navn må kun indeholde bogstaver, tal, - ' . / , og mellemrum",
        "{field}: a c/o name may only contain letters, digits, - ' . / , and blanks",
    ),
    "integer.format": ("{field}: skal være et helt tal", "{field}: must be a whole number"),
    "integer.range": (
        "{field}: tallet skal være mellem {min} og {max}",
        "{field}: the number must be between {min} and {max}",
    ),
    "integer.min": (
        "{field}: tallet skal være mindst {min}",
        "{field}: the number must be at least {min}",
    ),
    "integer.max": (
        "{field}: tallet må højst være {max}",
        "{field}: the number must be at most {max}",
    ),
    "choice.value": (
        "{field}: værdien skal være en af {values}",
        "{field}: the value must be one of {values}",
    ),
    "text.length": (
        "{field}: teksten må højst være {max_length} tegn",
        "{field}: the text is at most {max_length} characters",
    ),
}
