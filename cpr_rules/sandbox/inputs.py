"""The input fields of a hændelse (``CprData u="I"``): which there are, which are locked, values.

FLYTB-I's fields are those of bilag 7 eks. 17.1, in its order: the address fields ``CADR_*``
(``CADR_VEJKOD`` must be filled, ``a="S"``; ``CADR_KOMKOD`` = KOMK, ``CADR_STARTDATO`` = HDTO
and ``CADR_STARTMYNKOD`` = 0041 are locked, ``a="L"``) and the protection fields ``CBSK_*1-4``.
Another hændelse with a rule set gets its rule set's fields, the required ones ``a="S"``.

>>> keys = Keys("0202802729", dt.date(2002, 2, 28), "0101")
>>> layout = input_layout("FLYTB-I", keys, fields=(), required=())
>>> layout.locked["CADR_STARTDATO"], layout.locked["CADR_KOMKOD"], "CADR_VEJKOD" in layout.skal
('20020228', '0101', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from cpr_rules.gctp import HOVEDROLLE, CprData, Rolle
from cpr_rules.personnummer import Personnummer
from cpr_rules.rules import Report
from cpr_rules.sandbox.responses import field
from cpr_rules.translator import Translator

__all__ = [
    "FLYTB_I_FIELDS",
    "MYNDIGHED_BORGER",
    "MYNDIGHED_DIREKTE",
    "InputLayout",
    "Keys",
    "cpr_value",
    "input_answer",
    "input_data",
    "input_layout",
]

MYNDIGHED_BORGER: Final = ("0041", "En Borger I Danmark")
"""Myndighedskode 0041 (myndighedstype 41, "borgere (flytning via venteregisteret)") and the
``t`` bilag 7 eks. 17.1 gives it."""

MYNDIGHED_DIREKTE: Final = ("0042", "En Borger I Danmark (direkte)")
"""Myndighedskode 0042 (myndighedstype 42, "borgere (flytning direkte)", protocol.md §1.6 from
UV p.46-47; bilag 7 eks. 17.2). Bilag 7 shows no ``t`` for it; the sandbox's text."""

FLYTB_I_FIELDS: Final = (
    "CBSK_STARTDATO1", "CBSK_INDRAP1", "CBSK_VALG1", "CBSK_SLETDATO1", "CBSK_STARTMYNKOD1",
    "CBSK_ANTALAAR1", "CADR_STARTMYNKOD", "CADR_STARTDATOUSM", "CADR_STARTDATO", "CADR_CONVN",
    "CADR_BNR", "CADR_SIDEDOER", "CADR_ETAGE", "CADR_HUSNR", "CADR_VEJKOD", "CADR_KOMKOD",
    "CBSK_INDRAP4", "CBSK_STARTDATO4", "CBSK_VALG4", "CBSK_STARTMYNKOD4", "CBSK_ANTALAAR4",
    "CBSK_SLETDATO4", "CBSK_ANTALAAR2", "CBSK_INDRAP2", "CBSK_SLETDATO2", "CBSK_STARTDATO2",
    "CBSK_STARTMYNKOD2", "CBSK_VALG2", "CBSK_ANTALAAR3", "CBSK_SLETDATO3", "CBSK_STARTDATO3",
    "CBSK_STARTMYNKOD3", "CBSK_VALG3", "CBSK_INDRAP3",
)  # fmt: skip
"""``CprData u="I"`` of FLYTB-I, in the order of bilag 7 eks. 17.1."""

_MYNDIGHED_FIELDS: Final = (
    "CADR_STARTMYNKOD", "CBSK_STARTMYNKOD1", "CBSK_STARTMYNKOD2", "CBSK_STARTMYNKOD3",
    "CBSK_STARTMYNKOD4",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Keys:
    """The initier keys of a self-service hændelse (bilag 9 note 3), validated and normalised."""

    pnr: str
    hdto: dt.date
    komk: str

    def __repr__(self) -> str:
        return f"Keys(pnr={self.pnr[:6]}-****, hdto={self.hdto}, komk={self.komk})"

    def cpr(self) -> dict[str, str]:
        """The keys as CPR writes them: ``PNR`` 10 digits, ``HDTO`` ÅÅÅÅMMDD, ``KOMK`` 4 digits."""
        return {"PNR": self.pnr, "HDTO": self.hdto.strftime("%Y%m%d"), "KOMK": self.komk}


@dataclass(frozen=True, slots=True)
class InputLayout:
    """The input fields in order, the locked ones with their values, the must-fill ones."""

    names: tuple[str, ...]
    locked: Mapping[str, str]
    skal: frozenset[str]


def input_layout(
    haendelse: str,
    keys: Keys,
    *,
    fields: Iterable[str],
    required: Iterable[str],
    myndighed: str = MYNDIGHED_BORGER[0],
) -> InputLayout:
    """The input fields of ``haendelse`` (``fields``/``required`` from its rule set); the
    myndighed fields of FLYTB-I are locked to ``myndighed`` (0041, or 0042 directly)."""
    if haendelse == "FLYTB-I":
        locked = dict.fromkeys(_MYNDIGHED_FIELDS, myndighed)
        locked |= {"CADR_KOMKOD": keys.komk, "CADR_STARTDATO": keys.hdto.strftime("%Y%m%d")}
        return InputLayout(FLYTB_I_FIELDS, locked, frozenset({"CADR_VEJKOD"}))
    return InputLayout(tuple(fields), {}, frozenset(required))


def cpr_value(value: Any) -> str:
    """A validated value in CPR's form: dates ÅÅÅÅMMDD, personnumre 10 digits, numbers as text."""
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, Personnummer):
        return value.digits
    if isinstance(value, bool):
        return "X" if value else ""
    return "" if value is None else str(value)


def input_data(
    layout: InputLayout,
    values: Mapping[str, str],
    *,
    texts: Mapping[str, Mapping[str, str | None]],
    error: tuple[str, int] | None = None,
) -> CprData:
    """``CprData u="I"``: every field of ``layout`` with its value, ``a``, klarskrift (``t``,
    ``tl``) and, for the field in ``error``, the error number in ``e`` (bilag 7 §14)."""
    out = []
    for name in layout.names:
        locked = name in layout.locked
        value = layout.locked[name] if locked else values.get(name, "")
        text = texts.get(name, {})
        mark = "L" if locked else ("S" if name in layout.skal else None)
        # bilag 7 §14 puts the error number in e; a rule without a CPR number marks the field
        # with bilag 8 §4.4's plain error state "1"
        number = (str(error[1]) if error[1] else "1") if error and error[0] == name else None
        out.append(field(name, value, a=mark, t=text.get("t"), tl=text.get("tl"), e=number))
    return CprData("I", children=(Rolle(HOVEDROLLE, children=tuple(out)),))


def input_answer(
    layout: InputLayout,
    keys: Keys,
    values: Mapping[str, str],
    translator: Translator,
    *,
    myndighed: tuple[str, str],
    report: Report | None = None,
    error: tuple[str, int] | None = None,
) -> CprData:
    """``CprData u="I"`` with klarskrift: kommune, myndighed, and after a clean validation
    the vej (``t``), the whole address (``tl``) and the postdistrikt of the husnr (``t``)."""
    texts: dict[str, dict[str, str | None]] = {
        name: {"t": myndighed[1]}
        for name, value in layout.locked.items()
        if "STARTMYNKOD" in name and value == myndighed[0]
    }
    texts["CADR_KOMKOD"] = {"t": translator.kommune(keys.komk, as_of=keys.hdto).text}
    if report is not None:
        texts["CADR_VEJKOD"] = {
            "t": report.klarskrift.get("CADR_VEJKOD"),
            "tl": report.klarskrift.get("adresse"),
        }
        vej, husnr = values.get("CADR_VEJKOD"), values.get("CADR_HUSNR")
        if vej and husnr:
            post = translator.postdistrikt(keys.komk, vej, husnr, as_of=keys.hdto)
            texts["CADR_HUSNR"] = {"t": post.text}
    return input_data(layout, values, texts=texts, error=error)
