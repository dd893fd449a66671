"""Protections in a FLYTB-I: what valider fills in, and what approval applies (bilag 7 §17).

Slot ``n`` of the input fields (``CBSK_VALGn``, ``CBSK_ANTALAARn``, ``CBSK_STARTDATOn``,
``CBSK_SLETDATOn``, ``CBSK_INDRAPn``) is beskyttelsestype ``0000n``: 1 navne- og
adressebeskyttelse, 2 lokalvejviser, 3 markedsføring, 4 forsker (bilag 7 eks. 17.5-17.7;
decisions-protections.md §2). The rules of bilag 7 §17's table (reference
bilag-07-opdateringsservices-brug.txt l.950-1100), as the server applies them:

- ``VALG1 = X`` creates 00001 for ``ANTALAAR1`` years (blank: 1), and 00002 and 00004 for the
  same years unless the person has them already ("Oprettelse af navne/adressebeskyttelse medfører
  altid en automatisk oprettelse af lokalvejviser og forskerbeskyttelse for samme antal år, hvis
  disse to beskyttelser ikke er oprettet separat i forvejen").
- ``VALG2/3/4 = X`` alone: 100 years ("sættes disse automatisk til 100 år").
- ``VALGn = S`` ends the protection today; deleting 00001 also ends the 00002/00004 that were
  created with it (same end date), not separately created ones (the table's two "Slet adresse
  beskyttelse" rows). 00003 never touches the others.
- The server fills what bilag 7 eks. 3 (l.612-631) shows it filling: ``STARTDATO`` (today,
  unless the client gave one; the automatic 00002/00004 take 00001's, "for samme antal år"),
  ``SLETDATO`` (start + years, always: the citizen gives years, l.953-954, and more than one
  needs the kommune, l.984-985, so a client's SLETDATO is not taken), ``ANTALAAR`` and
  ``INDRAP`` (``JA`` for what the citizen reported, ``NEJ`` for the automatic ones).

>>> today = dt.date(2015, 2, 1)
>>> filled = fill({"CBSK_VALG1": "X"}, {}, today)
>>> filled["CBSK_SLETDATO1"], filled["CBSK_INDRAP2"], filled["CBSK_ANTALAAR4"]
('20160201', 'NEJ', '1')
>>> fill({"CBSK_VALG3": "X"}, {}, today)["CBSK_ANTALAAR3"]
'100'
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Final

from cpr_rules.sandbox.person_records import Beskyttelse

__all__ = [
    "SLOTS",
    "apply_rows",
    "fill",
    "in_force",
    "record_beskyttelser",
    "reported",
    "requested_years",
    "shortened",
]

SLOTS: Final = (1, 2, 3, 4)
"""Slot n is beskyttelsestype 0000n (bilag 7 eks. 17.1 CBSK_*1-4)."""

_AUTOMATIC_YEARS: Final = 100
_AUTOMATIC_WITH_1: Final = (2, 4)


def _type(slot: int) -> str:
    return f"{slot:05d}"


def in_force(beskyttelser: Iterable[Beskyttelse], today: dt.date) -> dict[str, Beskyttelse]:
    """The protections in force ``today`` by 5-digit type."""
    return {
        b.type.zfill(5): b
        for b in beskyttelser
        if b.start <= today and (b.slut is None or b.slut > today)
    }


def _years_after(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(text or "", "%Y%m%d").date()
    except ValueError:
        return None


def fill(
    values: Mapping[str, str], current: Mapping[str, Beskyttelse], today: dt.date
) -> dict[str, str]:
    """The CBSK fields the server fills for validated ``values`` (see the module text)."""
    out: dict[str, str] = {}

    def create(slot: int, years: int, indrap: str, start: dt.date | None = None) -> dt.date:
        start = start or _day(values.get(f"CBSK_STARTDATO{slot}")) or today
        slet = _years_after(start, years)  # the period is years, never a client's SLETDATO
        out.update(
            {
                f"CBSK_STARTDATO{slot}": start.strftime("%Y%m%d"),
                f"CBSK_SLETDATO{slot}": slet.strftime("%Y%m%d"),
                f"CBSK_ANTALAAR{slot}": str(years),
                f"CBSK_INDRAP{slot}": indrap,
            }
        )
        return start

    def end(slot: int, indrap: str) -> None:
        had = current.get(_type(slot))
        out[f"CBSK_SLETDATO{slot}"] = today.strftime("%Y%m%d")
        out[f"CBSK_INDRAP{slot}"] = indrap
        if had is not None:
            out[f"CBSK_STARTDATO{slot}"] = had.start.strftime("%Y%m%d")

    for slot in SLOTS:
        valg = values.get(f"CBSK_VALG{slot}", "")
        if valg == "X" and slot == 1:
            years = int(values.get("CBSK_ANTALAAR1") or 1)
            start = create(1, years, "JA")
            for auto in _AUTOMATIC_WITH_1:
                if _type(auto) not in current and not values.get(f"CBSK_VALG{auto}"):
                    create(auto, years, "NEJ", start)
        elif valg == "X" and f"CBSK_INDRAP{slot}" not in out:
            create(slot, _AUTOMATIC_YEARS, "JA")
        elif valg == "S":
            end(slot, "JA")
            if slot == 1 and _type(1) in current:
                with_1 = current[_type(1)].slut
                for auto in _AUTOMATIC_WITH_1:
                    had = current.get(_type(auto))
                    chosen = values.get(f"CBSK_VALG{auto}")
                    if had is not None and had.slut == with_1 and not chosen:
                        end(auto, "NEJ")
    return out


def requested_years(fields: Mapping[str, str]) -> int | None:
    """The years of navne- og adressebeskyttelse an event creates (slot 1), else None."""
    years = fields.get("CBSK_ANTALAAR1", "")
    return int(years) if fields.get("CBSK_VALG1") == "X" and years.isdigit() else None


def shortened(fields: Mapping[str, str], years: int) -> dict[str, str]:
    """``fields`` with the navne- og adressebeskyttelse they create, and the lokalvejviser- and
    forskerbeskyttelse created with it (``INDRAP`` ``NEJ``, the same years), for ``years``
    instead: what a kommune that does not agree to more approves (bilag 7 §17, l.984-985:
    "Adr.beskyt=5 år … (hvis kommunen godkender dette)")."""
    out, asked = dict(fields), fields.get("CBSK_ANTALAAR1", "")
    for slot in (1, *_AUTOMATIC_WITH_1):
        automatic = fields.get(f"CBSK_INDRAP{slot}") == "NEJ"
        if slot != 1 and not (automatic and fields.get(f"CBSK_ANTALAAR{slot}") == asked):
            continue
        start = _day(fields.get(f"CBSK_STARTDATO{slot}"))
        if start is not None:
            out[f"CBSK_ANTALAAR{slot}"] = str(years)
            out[f"CBSK_SLETDATO{slot}"] = _years_after(start, years).strftime("%Y%m%d")
    return out


def reported(fields: Mapping[str, str]) -> list[dict[str, str]]:
    """The protections an event creates or ends, one dict per slot (for the kommune's list)."""
    out = []
    for slot in SLOTS:
        indrap = fields.get(f"CBSK_INDRAP{slot}", "")
        valg = fields.get(f"CBSK_VALG{slot}", "")
        if not indrap and not valg:
            continue
        out.append(
            {
                "type": _type(slot),
                "valg": valg or ("S" if fields.get(f"CBSK_ANTALAAR{slot}", "") == "" else "X"),
                "antalaar": fields.get(f"CBSK_ANTALAAR{slot}", ""),
                "start": fields.get(f"CBSK_STARTDATO{slot}", ""),
                "slet": fields.get(f"CBSK_SLETDATO{slot}", ""),
                "indrap": indrap,
            }
        )
    return out


def record_beskyttelser(
    conn: sqlite3.Connection, vnts: str, pnr: str, fields: Mapping[str, str], applied: dt.datetime
) -> None:
    """Apply the event's protections (inside the caller's transaction)."""
    for row in reported(fields):
        conn.execute(
            "INSERT INTO beskyttelser (vnts, pnr, type, valg, start, slet, antalaar, indrap,"
            " applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                vnts, pnr, row["type"], row["valg"], row["start"], row["slet"], row["antalaar"],
                row["indrap"], applied.isoformat(timespec="microseconds"),
            ),
        )  # fmt: skip


def apply_rows(
    beskyttelser: tuple[Beskyttelse, ...], rows: Iterable[sqlite3.Row]
) -> tuple[Beskyttelse, ...]:
    """``beskyttelser`` with the applied rows (in order) of table ``beskyttelser``: a created
    protection replaces the type's current one, an ended one gets its end date."""
    by_type = {b.type.zfill(5): b for b in beskyttelser}
    for row in rows:
        start, slet = _day(row["start"]), _day(row["slet"])
        kind = row["type"]
        if row["valg"] == "X" and start is not None:
            by_type[kind] = Beskyttelse(kind[1:], start, slet)
        elif kind in by_type and slet is not None:
            had = by_type[kind]
            by_type[kind] = Beskyttelse(had.type, had.start, min(slet, had.slut or slet))
    return tuple(by_type[k] for k in sorted(by_type))
