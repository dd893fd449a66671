"""Checks on what a client sends with a CPR service request, before any rule runs.

- The values must be ISO-8859-1 (bilag 5 §2): a value CPR could not store is refused with Fejl
  9033 naming the field, and never kept, so the dialogue stays usable.
- The keys PNR, HDTO, KOMK (bilag 9 note 3) are fixed at initier: a later request may repeat
  them (in ``<Key>`` or as input fields), never change them (bilag 7 §7, eks. 3: what initier
  locked cannot be changed; "prøver klienten at gøre det alligevel vil man få en systemfejl").

>>> import datetime as dt
>>> keys = Keys("0202802729", dt.date(2002, 2, 28), "0101")
>>> changed_key({"KOMK": "0147"}.items(), keys)
'KOMK'
>>> changed_key([("KOMK", "101"), ("HDTO", "2002-02-28"), ("PNR", "020280 2729")], keys)
>>> changed_locked([("CADR_KOMKOD", "0147"), ("CADR_KOMKOD", "0101")], {"CADR_KOMKOD": "0101"})
'CADR_KOMKOD'
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
    "changed_locked",
    "echo_name",
    "first_not_latin1",
    "header_keys",
    "key_pairs",
    "sent_pairs",
]

KEYS: Final = ("PNR", "HDTO", "KOMK")
"""Bilag 9 note 3: "hændelseskoden, personnummer, hændelsesdato samt kommune"."""

_WIDE: Final = re.compile(r"[^\x00-\xff]")  # a character outside ISO-8859-1
_ECHO: Final = {"HDTO": "CADR_STARTDATO", "KOMK": "CADR_KOMKOD"}
_KEY_OF: Final = {echo: key for key, echo in _ECHO.items()}  # a locked echo reads as its key
_BLANKS: Final = re.compile(r"\s+")
Pairs = Iterable[tuple[str, str]]


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


def sent_pairs(service: Service) -> list[tuple[str, str]]:
    """Every input field a request carries (``CprData u="I"``), in order, as (name, value);
    for a name sent twice the last value is the one kept, but the lock checks see every one."""
    data = service.data("I")
    return [(f.r, f.v or "") for f in data.iter_fields()] if data is not None else []


def _normal(name: str, value: str) -> str:
    """A key's value as it compares: no blanks (a personnummer may have them anywhere, as
    :func:`cpr_rules.personnummer.parse` reads it), no dashes, ``KOMK`` ``101`` is ``0101``."""
    value = _BLANKS.sub("", value).replace("-", "")
    return value.zfill(4) if name == "KOMK" and value.isdigit() else value


def changed_key(sent: Pairs, keys: Keys) -> str | None:
    """The first key among ``sent`` (name, value) that differs from the initiated one.

    Every occurrence counts (a key sent twice must be the initiated one both times). A blank
    value is not sent; ``KOMK`` ``101`` is ``0101``; ``HDTO`` may have dashes.
    """
    expected = keys.cpr()
    for name, value in sent:
        want = expected.get(name)
        if want is not None and value and _normal(name, value) != want:
            return name
    return None


def changed_locked(sent: Pairs, locked: Mapping[str, str]) -> str | None:
    """The first locked field (``a="L"``) among ``sent`` whose value is not the locked one:
    every occurrence counts; a blank one is not sent; an echo of a key (``CADR_KOMKOD``,
    ``CADR_STARTDATO``) compares as its key does."""
    for name, value in sent:
        want = locked.get(name)
        if want is None or not value:
            continue
        key = _KEY_OF.get(name, name)
        if _normal(key, value) != _normal(key, want):
            return name
    return None


def header_keys(header: CprServiceHeader) -> dict[str, str]:
    """The ``<Key>`` fields of a header, by name."""
    return dict(key_pairs(header))


def key_pairs(header: CprServiceHeader) -> list[tuple[str, str]]:
    """Every ``<Key>`` field of a header, in order, as (name, value)."""
    return [(f.r, f.v or "") for f in header.keys]


def echo_name(fields: tuple[str, ...], data: Mapping[str, str]) -> str:
    """The field to mark with ``e``: the finding's first field the client filled (else its
    first field), a key by its locked echo (HDTO → CADR_STARTDATO, KOMK → CADR_KOMKOD)."""
    name = next((f for f in fields if data.get(f)), fields[0])
    return _ECHO.get(name, name)


def anmrk_key(finding: Finding, values: Mapping[str, Any]) -> AnmrkKey:
    """Which warning, for which values: what must recur for a resubmission to pass it."""
    ident = f"anmrk:{finding.cpr_anmrk[0]}" if finding.cpr_anmrk else f"rule:{finding.rule}"
    return ident, tuple(str(values.get(name, "")) for name in finding.fields)
