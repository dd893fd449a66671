"""Checks on what a client sends with a CPR service request, before any rule runs.

- The values must be ISO-8859-1 (bilag 5 §2): a value CPR could not store is refused with Fejl
  9033 naming the field, and never kept, so the dialogue stays usable.
- The keys PNR, HDTO, KOMK (bilag 9 note 3) are fixed at initier: a later request may repeat
  them (in ``<Key>`` or as input fields), never change them (bilag 7 §7, eks. 3: what initier
  locked cannot be changed; "prøver klienten at gøre det alligevel vil man få en systemfejl").

>>> import datetime as dt
>>> keys = Keys("0202802729", dt.date(2002, 2, 28), "0101")
>>> changed_key({"KOMK": "0147"}, keys), changed_key({"KOMK": "101", "HDTO": "2002-02-28"}, keys)
('KOMK', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from cpr_rules.gctp import CprServiceHeader, Field, Service
from cpr_rules.rules import Finding
from cpr_rules.sandbox.dialogue import AnmrkKey
from cpr_rules.sandbox.inputs import Keys

__all__ = [
    "KEYS",
    "anmrk_key",
    "changed_key",
    "echo_name",
    "first_not_latin1",
    "header_keys",
    "sent_fields",
]

KEYS: Final = ("PNR", "HDTO", "KOMK")
"""Bilag 9 note 3: "hændelseskoden, personnummer, hændelsesdato samt kommune"."""

_WIDE: Final = re.compile(r"[^\x00-\xff]")  # a character outside ISO-8859-1
_ECHO: Final = {"HDTO": "CADR_STARTDATO", "KOMK": "CADR_KOMKOD"}


def _fields(service: Service) -> Iterable[Field]:
    header = service.header
    if header is not None:
        yield from header.keys
    for u in ("I", "O"):
        data = service.data(u)
        if data is not None:
            yield from data.iter_fields()


def first_not_latin1(service: Service) -> str | None:
    """The name of the first header attribute (``CprServiceHeader a``) or field whose name or
    value is not ISO-8859-1, else ``None``."""
    header = service.header
    if header is not None:
        for name in CprServiceHeader.ATTRIBUTES:
            value = getattr(header, name)
            if value and _WIDE.search(value) is not None:
                return f"CprServiceHeader {name}"
    for f in _fields(service):
        if _WIDE.search(f.r) is not None:
            return "?"
        if f.v and _WIDE.search(f.v) is not None:
            return f.r
    return None


def sent_fields(service: Service) -> dict[str, str]:
    """The input fields a request carries (``CprData u="I"``), by name."""
    data = service.data("I")
    return {f.r: f.v or "" for f in data.iter_fields()} if data is not None else {}


def _normal(name: str, value: str) -> str:
    value = value.strip().replace("-", "")
    return value.zfill(4) if name == "KOMK" and value.isdigit() else value


def changed_key(sent: Mapping[str, str], keys: Keys) -> str | None:
    """The first key among ``sent`` (name -> value) that differs from the initiated one.

    A blank value is not sent; ``KOMK`` ``101`` is ``0101``; ``HDTO`` may have dashes.
    """
    expected = keys.cpr()
    for name, value in sent.items():
        want = expected.get(name)
        if want is not None and value and _normal(name, value) != want:
            return name
    return None


def header_keys(header: CprServiceHeader) -> dict[str, str]:
    """The ``<Key>`` fields of a header, by name."""
    return {f.r: f.v or "" for f in header.keys}


def echo_name(fields: tuple[str, ...], data: Mapping[str, str]) -> str:
    """The field to mark with ``e``: the finding's first field the client filled (else its
    first field), a key by its locked echo (HDTO → CADR_STARTDATO, KOMK → CADR_KOMKOD)."""
    name = next((f for f in fields if data.get(f)), fields[0])
    return _ECHO.get(name, name)


def anmrk_key(finding: Finding, values: Mapping[str, Any]) -> AnmrkKey:
    """Which warning, for which values: what must recur for a resubmission to pass it."""
    ident = f"anmrk:{finding.cpr_anmrk[0]}" if finding.cpr_anmrk else f"rule:{finding.rule}"
    return ident, tuple(str(values.get(name, "")) for name in finding.fields)
