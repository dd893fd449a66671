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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cpr_rules import adressefelter as af
from cpr_rules import personnummer
from cpr_rules.adressefelter import FieldValueError
from cpr_rules.errors import PersonnummerError

if TYPE_CHECKING:  # at run time a normaliser gets the field's plain options (FieldOptions)
    from cpr_rules.rules.model import FieldSpec

__all__ = ["JS_NORMALISERS", "NORMALISERS", "is_blank", "normalise"]

Normaliser = Callable[[Any, "FieldSpec"], Any]


def is_blank(raw: Any) -> bool:
    """``None``, an empty or all-blank string, or an empty list: the field is not filled."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list) and not raw


def _text(raw: Any) -> str:
    """Strings as they are; integers as their digits; anything else is the wrong JSON type."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    raise FieldValueError("value.type", f"expected text, got {type(raw).__name__}")


def _personnummer(raw: Any, spec: FieldSpec) -> personnummer.Personnummer:
    try:
        return personnummer.parse(_text(raw))
    except PersonnummerError as exc:
        reason = {
            "ErstatningspersonnummerError": "personnummer.erstatning",
            "ECprError": "personnummer.ecpr",
            "PersonnummerDateError": "personnummer.date",
        }.get(type(exc).__name__, "personnummer.format")
        raise FieldValueError(reason, str(exc)) from None


def _date(raw: Any, spec: FieldSpec) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw).strip()
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldValueError("date.calendar", "not a calendar date") from None
    raise FieldValueError("date.format", "a date is YYYY-MM-DD or YYYYMMDD")


def _code(raw: Any, spec: FieldSpec) -> str:
    text = _text(raw).strip()
    if not text.isdigit() or not text.isascii():
        raise FieldValueError("code.format", "a code has digits only")
    if spec.digits is not None:
        if len(text) > spec.digits:
            raise FieldValueError("code.length", f"a code has at most {spec.digits} digits")
        text = text.zfill(spec.digits)
    return text


def _code_list(raw: Any, spec: FieldSpec) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else _text(raw).replace(",", " ").split()
    return tuple(sorted({_code(item, spec) for item in items}))


def _integer(raw: Any, spec: FieldSpec) -> int:
    text = _text(raw).strip()
    if not text.isdigit() or not text.isascii() or len(text) > 18:
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
    for value in spec.values or ():
        if text.upper() == value.upper():
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
