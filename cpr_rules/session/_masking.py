"""Keep personnumre and secrets out of logs, reprs and exception texts.

CPR's own texts name the person (bilag 7 eks. 17.2: "Personen 020280-2729 har data i Vent"), so
every text from CPR passes through :func:`mask_text` before the session stores, logs or raises it.

>>> mask_text("Personen 020280-2729 har data i Vent; ts 20020201084141568870")
'Personen 020280-**** har data i Vent; ts 20020201084141568870'
>>> Secret("Abc12Def")
Secret('********')
"""

from __future__ import annotations

from cpr_rules.personnummer import mask_text

__all__ = ["Secret", "mask_text"]  # mask_text: the one masking function, cpr_rules.personnummer


class Secret:
    """A string that never shows itself: ``repr`` and ``str`` are stars, ``value`` is the text."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    @property
    def value(self) -> str:
        """The secret itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)
