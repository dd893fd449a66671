"""The kommune's side of the venteregister: list, approve, reject (bilag 9 note 9, bilag 7 §17).

Shared by ``cpr-rules sandbox kommune …`` (which works on the database file directly, also while
the server runs) and the server's ``/sandbox/kommune/events`` endpoints. Approving applies the
move to the person register in the same transaction; the person's ``I_VENT_MRK`` is derived from
the venteregister, so it clears by itself when no other hændelse of theirs is waiting. A
decision is final: deciding an entry twice raises :class:`AlreadyDecidedError`.

Personnumre leave this module masked only (:func:`summary`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from cpr_rules._today import danish_local_time
from cpr_rules.errors import InputError
from cpr_rules.sandbox._person_layouts import mask_personnumre, mask_pnr
from cpr_rules.sandbox.register import record_move
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import Status, VentEntry, Venteregister, entry_from_row

__all__ = [
    "MAX_REASON",
    "AlreadyDecidedError",
    "KommuneError",
    "NoSuchEntryError",
    "approve",
    "list_entries",
    "reject",
    "summary",
]

MAX_REASON: Final = 500
"""The longest rejection reason accepted (characters)."""

_ADDRESS_FIELDS: Final = ("CADR_VEJKOD", "CADR_HUSNR", "CADR_ETAGE", "CADR_SIDEDOER", "CADR_BNR")


class KommuneError(InputError):
    """A kommune action cannot be carried out (the message names the VNTS, never a pnr)."""


class NoSuchEntryError(KommuneError):
    """No hændelse in the venteregister has this VNTS."""


class AlreadyDecidedError(KommuneError):
    """The hændelse was already approved or rejected."""


def list_entries(
    store: Store, *, komk: str | None = None, status: Status | None = "afventer"
) -> list[VentEntry]:
    """The entries of kommune ``komk`` (``None``: all) with ``status`` (``None``: any)."""
    return Venteregister(store).entries(komk=komk, status=status)


def approve(store: Store, vnts: str, *, now: dt.datetime | None = None) -> VentEntry:
    """Approve a waiting hændelse and apply the move to the person register, in one transaction."""
    moment = now or danish_local_time()
    with store.write() as conn:
        entry = _pending(conn.execute("SELECT * FROM venteregister WHERE vnts = ?", (vnts,)), vnts)
        conn.execute(
            "UPDATE venteregister SET status = 'godkendt', decided = ? WHERE vnts = ?",
            (moment.isoformat(timespec="microseconds"), vnts),
        )
        record_move(conn, entry, moment)
    return _decided(entry, "godkendt", moment, None)


def reject(store: Store, vnts: str, reason: str, *, now: dt.datetime | None = None) -> VentEntry:
    """Reject a waiting hændelse with a reason (1-500 characters, shown masked)."""
    text = " ".join(reason.split())
    if not text or len(text) > MAX_REASON:
        raise KommuneError(f"a rejection needs a reason of 1-{MAX_REASON} characters")
    moment = now or danish_local_time()
    with store.write() as conn:
        entry = _pending(conn.execute("SELECT * FROM venteregister WHERE vnts = ?", (vnts,)), vnts)
        conn.execute(
            "UPDATE venteregister SET status = 'afvist', decided = ?, reason = ? WHERE vnts = ?",
            (moment.isoformat(timespec="microseconds"), text, vnts),
        )
    return _decided(entry, "afvist", moment, text)


def _pending(cursor: Any, vnts: str) -> VentEntry:
    row = cursor.fetchone()
    shown = vnts if vnts.isdigit() and len(vnts) == 20 else "<ugyldig>"
    if row is None:
        raise NoSuchEntryError(f"no hændelse with VNTS {shown} in the venteregister")
    entry = entry_from_row(row)
    if not entry.is_pending:
        raise AlreadyDecidedError(f"hændelse {shown} is already {entry.status} ({entry.decided})")
    return entry


def _decided(
    entry: VentEntry, status: Status, moment: dt.datetime, reason: str | None
) -> VentEntry:
    return VentEntry(
        entry.vnts, entry.ts, entry.haendelse, entry.pnr, entry.komk, entry.hdto, entry.userid,
        entry.fields, status, entry.created, moment.isoformat(timespec="microseconds"), reason,
    )  # fmt: skip


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
        "beskyttelser": {k: v for k, v in entry.fields.items() if k.startswith("CBSK_VALG")},
        "status": entry.status,
        "created": entry.created,
        "decided": entry.decided,
        "reason": mask_personnumre(entry.reason) if entry.reason else None,
        "userid": entry.userid,
    }
