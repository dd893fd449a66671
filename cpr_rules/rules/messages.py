"""Rendering finding messages for an explicit locale.

A message template is ``str.format`` text with ``{placeholders}``. Parameter values are
rendered by type: dates with babel for the locale, :class:`CodeText` with the klarskrift of the
code in that locale, :class:`FieldTitle` with the field's title in that locale (``{field}``
reads "Flyttedato", never "HDTO"), lists as "a, b og c", a
:class:`~cpr_rules.personnummer.Personnummer` as its masked form. Nothing else is interpreted.
In JSON (``params``) a field is its CPR name, a code its code.
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cpr_rules._frozen import Frozen, setfield
from cpr_rules.locale import format_date, format_list
from cpr_rules.personnummer import Personnummer, mask_text

if TYPE_CHECKING:
    from cpr_rules.translator import Translator

__all__ = ["CodeText", "FieldTitle", "echo", "echo_key", "placeholders", "render", "to_json_value"]


class CodeText(Frozen):
    """A code whose klarskrift is shown in the reader's language (``90`` → død/deceased)."""

    __slots__ = _fields = ("table", "code")
    table: str
    code: str

    def __init__(self, table: str, code: str) -> None:
        setfield(self, "table", table)
        setfield(self, "code", code)

    def __str__(self) -> str:
        return self.code


class FieldTitle(Frozen):
    """A field as a citizen reads it: its title in the reader's language (``HDTO`` →
    Flyttedato/Moving date); the CPR name when the rule set gives no title."""

    __slots__ = _fields = ("name", "da", "en")
    name: str
    da: str
    en: str

    def __init__(self, name: str, da: str, en: str) -> None:
        setfield(self, "name", name)
        setfield(self, "da", da)
        setfield(self, "en", en)

    def __str__(self) -> str:
        return self.name


@lru_cache(maxsize=4096)
def _date(value: dt.date, lang: str) -> str:
    return format_date(value, lang)


def _value(value: Any, lang: str, translator: Translator | None) -> str:
    if isinstance(value, dt.date):
        return _date(value, lang)
    if isinstance(value, Personnummer):
        return value.masked
    if isinstance(value, FieldTitle):
        return value.da if lang == "da" else value.en
    if isinstance(value, CodeText):
        if translator is None:
            return value.code
        return translator.code(value.table, value.code, lang=lang).text or value.code
    if isinstance(value, (list, tuple)):
        return format_list([_value(v, lang, translator) for v in value], lang)
    return str(value)


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(
    template: str, params: Mapping[str, Any], lang: str, translator: Translator | None = None
) -> str:
    """``template`` with every ``{name}`` replaced by the rendered parameter."""
    values = _Params({k: _value(v, lang, translator) for k, v in params.items()})
    return template.format_map(values)


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def to_json_value(value: Any) -> Any:
    """A parameter as JSON: dates ISO, personnumre masked, codes as their code."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Personnummer):
        return value.masked
    if isinstance(value, CodeText):
        return value.code
    if isinstance(value, FieldTitle):
        return value.name
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


def echo(value: Any) -> Any:
    """What a finding says a field held (``{value}``): every text with its personnumre masked
    (:func:`~cpr_rules.personnummer.mask_text`), a ten-digit number too (as text), a number
    that is not finite as ``None`` (JSON has no ``Infinity``), lists and objects item by item,
    and a value of no JSON type by its type's name. The JavaScript runtime's ``ECHO`` twins it.

    >>> echo(["ikke 020280-2729", 202802729, 1202802729, float("inf"), {"0202802729": b""}])
    ['ikke 020280-****', 202802729, '120280-****', None, {'020280-****': '<bytes>'}]
    """
    if isinstance(value, str):
        return mask_text(value)
    if value is None or isinstance(value, (bool, dt.date, Personnummer)):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if 1_000_000_000 <= abs(value) < 10_000_000_000 and value == int(value):
            return mask_text(str(int(value)))
        return value
    if isinstance(value, (list, tuple)):
        return [echo(v) for v in value]  # depth: the validator bounds input before any rule
    if isinstance(value, dict):
        return {echo_key(k, None): echo(v) for k, v in value.items()}
    return f"<{type(value).__name__}>"


def echo_key(key: Any, limit: int | None = 64) -> str:
    """A field name as a finding names it: text, personnumre masked, at most ``limit`` long."""
    return mask_text(str(key))[:limit]
