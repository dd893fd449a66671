"""The kommune's side of the venteregister: list, approve, reject (bilag 9 note 9, bilag 7 §17).

Shared by ``cpr-rules sandbox kommune …`` (which works on the database file directly, also while
the server runs) and the server's ``/sandbox/kommune/events`` endpoints. Approving applies the
whole hændelse to the person register in the same transaction (bilag 7 §17: the move and the
protections as valider filled them in); the person's ``I_VENT_MRK`` is derived from the
venteregister, so it clears by itself when no other hændelse of theirs is waiting. A decision is
final: deciding an entry twice raises :class:`AlreadyDecidedError`. Given ``kommuner`` (the
kommune user's own), an entry of another kommune raises :class:`OtherKommuneError`, and so does
a hændelse saved directly in CPR (it has nothing to decide).

Personnumre leave this module masked only (:func:`summary`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Final

from cpr_rules._today import danish_local_time
from cpr_rules.errors import InputError
from cpr_rules.sandbox._person_layouts import mask_personnumre, mask_pnr
from cpr_rules.sandbox.beskyttelser import reported, requested_years, shortened
from cpr_rules.sandbox.register import record_haendelse
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import Status, VentEntry, Venteregister, entry_from_row

__all__ = [
    "MAX_REASON",
    "AlreadyDecidedError",
    "KommuneError",
    "NoSuchEntryError",
    "OtherKommuneError",
    "approve",
    "list_entries",
    "reject",
    "summary",
]

MAX_REASON: Final = 500
"""The longest rejection reason accepted (characters)."""

_UNPRINTABLE: Final = frozenset({"Cc", "Cf", "Cs"})  # control, format, surrogate
_ADDRESS_FIELDS: Final = ("CADR_VEJKOD", "CADR_HUSNR", "CADR_ETAGE", "CADR_SIDEDOER", "CADR_BNR")


class KommuneError(InputError):
    """A kommune action cannot be carried out (the message names the VNTS, never a pnr)."""


class NoSuchEntryError(KommuneError):
    """No hændelse in the venteregister has this VNTS."""


class AlreadyDecidedError(KommuneError):
    """The hændelse was already approved or rejected."""


class OtherKommuneError(KommuneError):
    """The hændelse belongs to a kommune the user does not decide for."""


def list_entries(
    store: Store,
    *,
    komk: str | None = None,
    kommuner: Iterable[str] | None = None,
    status: Status | None = "afventer",
) -> list[VentEntry]:
    """The entries of kommune ``komk`` and/or ``kommuner`` (``None``: all) with ``status``
    (``None``: any)."""
    return Venteregister(store).entries(komk=komk, kommuner=kommuner, status=status)


def approve(
    store: Store,
    vnts: str,
    *,
    kommuner: Iterable[str] | None = None,
    now: dt.datetime | None = None,
    beskyttelse_aar: int | None = None,
) -> VentEntry:
    """Approve a waiting hændelse and apply it to the person register, in one transaction.

    ``beskyttelse_aar``: the kommune agrees to navne- og adressebeskyttelse for only this many
    years (1 up to the years asked for, when more than one was asked: bilag 7 §17 "hvis
    kommunen godkender dette"); the entry is approved with that period.
    """
    moment = now or danish_local_time()
    with store.write() as conn:
        entry = _pending(conn, vnts, kommuner)
        if beskyttelse_aar is not None:
            entry = _fewer_years(entry, beskyttelse_aar)
            fields = json.dumps(dict(entry.fields), ensure_ascii=False, sort_keys=True)
            conn.execute("UPDATE venteregister SET fields = ? WHERE vnts = ?", (fields, vnts))
        conn.execute(
            "UPDATE venteregister SET status = 'godkendt', decided = ? WHERE vnts = ?",
            (moment.isoformat(timespec="microseconds"), vnts),
        )
        record_haendelse(conn, entry, moment)
    return _decided(entry, "godkendt", moment, None)


def reject(
    store: Store,
    vnts: str,
    reason: str,
    *,
    kommuner: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> VentEntry:
    """Reject a waiting hændelse with a reason (1-500 characters, shown masked).

    A reason with a character that cannot be stored (a lone surrogate: SQLite stores UTF-8) or
    that a list must not print (a control or format character, e.g. a terminal escape) is
    refused, as a too long one is.
    """
    text = " ".join(reason.split())
    if not text or len(text) > MAX_REASON:
        raise KommuneError(f"a rejection needs a reason of 1-{MAX_REASON} characters")
    bad = next((c for c in text if unicodedata.category(c) in _UNPRINTABLE), None)
    if bad is not None:
        raise KommuneError(f"the reason has a character that cannot be kept: U+{ord(bad):04X}")
    moment = now or danish_local_time()
    with store.write() as conn:
        entry = _pending(conn, vnts, kommuner)
        conn.execute(
            "UPDATE venteregister SET status = 'afvist', decided = ?, reason = ? WHERE vnts = ?",
            (moment.isoformat(timespec="microseconds"), text, vnts),
        )
    return _decided(entry, "afvist", moment, text)


def _pending(conn: sqlite3.Connection, vnts: str, kommuner: Iterable[str] | None) -> VentEntry:
    row = conn.execute("SELECT * FROM venteregister WHERE vnts = ?", (vnts,)).fetchone()
    # English throughout (no Danish word inside an English sentence): what a kommune user reads
    shown = vnts if vnts.isdigit() and len(vnts) == 20 else "<invalid>"
    if row is None:
        raise NoSuchEntryError(f"nothing with VNTS {shown} is waiting for a decision")
    entry = entry_from_row(row)
    if kommuner is not None and entry.komk not in set(kommuner):
        raise OtherKommuneError(f"VNTS {shown} belongs to kommune {entry.komk}, not yours")
    if entry.direkte:
        raise AlreadyDecidedError(f"VNTS {shown} was saved directly in CPR; nothing to decide")
    if not entry.is_pending:
        state = {"godkendt": "approved", "afvist": "rejected"}.get(entry.status, entry.status)
        raise AlreadyDecidedError(f"VNTS {shown} was already {state} ({entry.decided})")
    return entry


def _fewer_years(entry: VentEntry, years: int) -> VentEntry:
    """``entry`` with navne- og adressebeskyttelse for ``years`` (see :func:`approve`)."""
    asked = requested_years(entry.fields)
    if asked is None or asked <= 1 or not 1 <= years <= asked:
        raise KommuneError(
            "fewer years can be approved only for navne- og adressebeskyttelse of more than one"
            f" year, 1 up to the years asked for ({asked or 'none asked'}); got {years}"
        )
    return dataclasses.replace(entry, fields=shortened(entry.fields, years))


def _decided(
    entry: VentEntry, status: Status, moment: dt.datetime, reason: str | None
) -> VentEntry:
    return dataclasses.replace(
        entry, status=status, decided=moment.isoformat(timespec="microseconds"), reason=reason
    )


def summary(entry: VentEntry) -> dict[str, Any]:
    """The entry for a kommune list (JSON and text), with the personnummer masked."""
    address = {name: entry.fields[name] for name in _ADDRESS_FIELDS if entry.fields.get(name)}
    return {
        "vnts": entry.vnts,
        "haendelse": entry.haendelse,
        "pnr": mask_pnr(entry.pnr),
        "komk": entry.komk,
        "hdto": entry.hdto,
        "adresse": address,
        "convn": mask_personnumre(entry.fields.get("CADR_CONVN", "")),
        "beskyttelser": reported(entry.fields),
        "kraever_beslutning": _needs_decision(entry.fields),
        "direkte": entry.direkte,
        "status": entry.status,
        "created": entry.created,
        "decided": entry.decided,
        "reason": mask_personnumre(entry.reason) if entry.reason else None,
        "userid": entry.userid,
    }


def _needs_decision(fields: Mapping[str, str]) -> list[str]:
    """What the kommune must decide besides the move: navne- og adressebeskyttelse for more than
    one year ("Opret adressebeskyttelse for 5 år … (hvis kommunen godkender dette)", bilag 7
    §17 table)."""
    years = fields.get("CBSK_ANTALAAR1", "")
    if fields.get("CBSK_VALG1") == "X" and years.isdigit() and int(years) > 1:
        return [f"navne- og adressebeskyttelse i {int(years)} år (CBSK_ANTALAAR1)"]
    return []
