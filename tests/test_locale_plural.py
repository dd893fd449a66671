"""The plural categories ``cpr_rules.locale.format_count`` uses are babel's (CLDR)."""

from __future__ import annotations

import pytest
from babel import Locale

from cpr_rules.locale import _BABEL_LOCALE, format_count


@pytest.mark.parametrize("lang", ["da", "en"])
def test_format_count_uses_babels_plural_category(lang: str) -> None:
    """For every count up to 10,000 the noun is the one of babel's plural category."""
    locale = Locale.parse(_BABEL_LOCALE[lang])
    forms = {"one": "ONE", "other": "OTHER"}
    for n in range(10_001):
        expected = "ONE" if locale.plural_form(n) == "one" else "OTHER"
        assert format_count(n, forms, lang) == f"{n} {expected}", n
