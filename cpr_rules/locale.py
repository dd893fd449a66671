"""Locale-aware formatting of dates and lists with babel, for an explicit locale only.

The process locale is never consulted: every function takes ``lang`` (``"da"`` or ``"en"``).
babel is imported on first use, so importing ``cpr_rules`` does not pay for it.

>>> import datetime as dt
>>> format_date(dt.date(2015, 2, 2), "da")
'2. februar 2015'
>>> format_date(dt.date(2015, 2, 2), "en")
'2 February 2015'
>>> format_list(["PNR", "HDTO", "KOMK"], "da")
'PNR, HDTO og KOMK'
>>> format_count(0, {"one": "advarsel", "other": "advarsler"}, "da")
'0 advarsler'
>>> format_count(1, {"one": "error", "other": "errors"}, "en")
'1 error'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Literal

from cpr_rules.errors import InputError

__all__ = ["LANGUAGES", "Lang", "check_lang", "format_count", "format_date", "format_list"]

Lang = Literal["da", "en"]
LANGUAGES: tuple[Lang, ...] = ("da", "en")
_BABEL_LOCALE = {"da": "da_DK", "en": "en_GB"}


def check_lang(lang: str) -> Lang:
    """``lang`` if it is supported, else a typed error naming the choices."""
    if lang not in LANGUAGES:
        from cpr_rules.personnummer import mask_repr

        raise InputError(f"language must be one of {', '.join(LANGUAGES)}, not {mask_repr(lang)}")
    return lang


@cache
def _locale(lang: str) -> Any:
    from babel import Locale

    return Locale.parse(_BABEL_LOCALE[check_lang(lang)])


def format_date(value: dt.date, lang: str, fmt: str = "long") -> str:
    """A date as people of ``lang`` write it (babel CLDR ``long`` by default)."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, format=fmt, locale=_locale(lang)))


_PLURAL_ONE: dict[str, frozenset[int]] = {"da": frozenset({1}), "en": frozenset({1})}
"""Whole numbers in CLDR's plural category ``one`` (babel's ``Locale.plural_form``; for da
"n = 1 or t != 0 and i = 0,1", for en "i = 1 and v = 0": both exactly 1 for integers). Kept as
data so that a count does not import babel; ``tests/test_locale_plural.py`` checks it against
babel for every count up to 10,000."""


def format_count(count: int, forms: Mapping[str, str], lang: str) -> str:
    """``count`` and the noun in the CLDR plural category of ``count`` in ``lang``: ``forms``
    maps categories (``one``, ``other``) to the noun; ``other`` is required."""
    category = "one" if count in _PLURAL_ONE[check_lang(lang)] else "other"
    return f"{count} {forms.get(category, forms['other'])}"


def format_list(items: Sequence[str], lang: str) -> str:
    """``a, b og c`` / ``a, b and c``."""
    from babel.lists import format_list as babel_format_list

    return str(babel_format_list(list(items), locale=_locale(lang)))
