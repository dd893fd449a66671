"""CPR's venteregister: the side register where a citizen's hændelse waits for the kommune.

Bilag 9 note 9: "En hændelse indberettet af borger kan kun gemmes i en venteregister … inden
hændelsen lægges endeligt på plads skal bopælskommunen godkende hændelsen", and may reject it.
Bilag 7 eks. 17.8: the entry's ident is a timestamp, VNTS, equal to the dialogue's ``ts``.

VNTS here: the dialogue's ``ts`` (as in eks. 17.8) when it is later than every VNTS issued so
far, else the last VNTS plus one microsecond; computed inside the write transaction that
inserts the entry (``BEGIN IMMEDIATE`` holds the write lock), so it is unique and increasing in
commit order across threads and processes, with ``PRIMARY KEY`` as the backstop. The dialogue's
``ts`` is stored too (``UNIQUE``), so a gem that is sent again after its answer was lost finds
its entry instead of saving the hændelse twice.

A hændelse saved directly in CPR (myndighed 0042, bilag 7 §17 case 1) is a row too, with
``direkte = 1`` and status ``godkendt`` from the start: it never waits, and the row is the audit
of what the portal saved; its move and protections are applied in the same transaction.

>>> format_timestamp(dt.datetime(2002, 2, 1, 8, 41, 41, 568870))
'20020201084141568870'
>>> next_vnts('20020201084159999999', None)
'20020201084159999999'
>>> next_vnts('20020201084141568870', '20020201084159999999')
'20020201084200000000'
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from cpr_rules._today import danish_local_time
from cpr_rules.sandbox._person_layouts import mask_pnr
from cpr_rules.sandbox.store import Store

__all__ = [
    "STATUSES",
    "Status",
    "Timestamps",
    "VentEntry",
    "Venteregister",
    "format_timestamp",
    "next_vnts",
    "parse_timestamp",
]

Status = Literal["afventer", "godkendt", "afvist"]
STATUSES: Final[tuple[Status, ...]] = ("afventer", "godkendt", "afvist")

_FORMAT: Final = "%Y%m%d%H%M%S%f"


def format_timestamp(moment: dt.datetime) -> str:
    """CPR's 20-digit timestamp ``YYYYMMDDhhmmssnnnnnn`` (bilag 7 §7, eks. 17.8)."""
    return moment.strftime(_FORMAT)


def parse_timestamp(text: str) -> dt.datetime | None:
    """The moment of a 20-digit timestamp, or ``None`` if ``text`` is not one."""
    if len(text) != 20 or not text.isdigit():
        return None
    try:
        return dt.datetime.strptime(text, _FORMAT)
    except ValueError:
        return None


def next_vnts(ts: str, last: str | None) -> str:
    """``ts`` if it is later than ``last`` (the greatest VNTS so far), else ``last`` + 1 µs."""
    if last is None or ts > last:
        return ts
    moment = parse_timestamp(last)
    if moment is None:  # pragma: no cover - the CHECK constraint keeps VNTS 20 digits
        raise ValueError(f"stored VNTS {last!r} is not a timestamp")
    return format_timestamp(moment + dt.timedelta(microseconds=1))


class Timestamps:
    """Communication timestamps (``ts``): CPR's local clock (Europe/Copenhagen), strictly
    increasing in this process."""

    def __init__(self, clock: Callable[[], dt.datetime] = danish_local_time) -> None:
        self._clock = clock
        self._last = dt.datetime.min
        self._lock = threading.Lock()

    def next(self) -> str:
        """A new ``ts``, later than every one this object issued before."""
        with self._lock:
            now = self._clock()
            self._last = max(now, self._last + dt.timedelta(microseconds=1))
            return format_timestamp(self._last)


@dataclass(frozen=True, slots=True, repr=False)
class VentEntry:
    """One hændelse in the venteregister. ``fields`` are the input fields as validated."""

    vnts: str
    ts: str
    haendelse: str
    pnr: str
    komk: str
    hdto: str
    userid: str
    fields: Mapping[str, str] = field(default_factory=dict)
    status: Status = "afventer"
    created: str = ""
    decided: str | None = None
    reason: str | None = None
    direkte: bool = False

    def __repr__(self) -> str:
        return (
            f"VentEntry(vnts={self.vnts!r}, haendelse={self.haendelse!r}, "
            f"pnr={mask_pnr(self.pnr)!r}, komk={self.komk!r}, status={self.status!r})"
        )

    @property
    def is_pending(self) -> bool:
        """Still waiting for the kommune."""
        return self.status == "afventer"


def entry_from_row(row: sqlite3.Row) -> VentEntry:
    """A :class:`VentEntry` from a row of table ``venteregister``."""
    return VentEntry(
        vnts=row["vnts"],
        ts=row["ts"],
        haendelse=row["haendelse"],
        pnr=row["pnr"],
        komk=row["komk"],
        hdto=row["hdto"],
        userid=row["userid"],
        fields=json.loads(row["fields"]),
        status=row["status"],
        created=row["created"],
        decided=row["decided"],
        reason=row["reason"],
        direkte=bool(row["direkte"]),
    )


class Venteregister:
    """The venteregister table of one :class:`~cpr_rules.sandbox.store.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def gem(
        self,
        *,
        ts: str,
        haendelse: str,
        pnr: str,
        komk: str,
        hdto: str,
        userid: str,
        fields: Mapping[str, str],
        now: dt.datetime | None = None,
        direkte: Callable[[sqlite3.Connection, VentEntry, dt.datetime], None] | None = None,
    ) -> tuple[VentEntry, bool]:
        """Save a hændelse in one durable transaction; returns the entry and whether it is new.

        A second gem with the same ``ts`` (the answer to the first was lost) returns the entry
        the first one saved, with ``False``. ``direkte``: save directly in CPR, applying the
        hændelse with this function inside the same transaction (status ``godkendt`` at once).
        """
        moment = now or danish_local_time()
        created = moment.isoformat(timespec="microseconds")
        with self.store.write() as conn:
            earlier = conn.execute("SELECT * FROM venteregister WHERE ts = ?", (ts,)).fetchone()
            if earlier is not None:
                return entry_from_row(earlier), False
            last = conn.execute("SELECT max(vnts) FROM venteregister").fetchone()[0]
            status: Status = "godkendt" if direkte is not None else "afventer"
            entry = VentEntry(
                next_vnts(ts, last), ts, haendelse, pnr, komk, hdto, userid, dict(fields),
                status=status, created=created, decided=created if direkte else None,
                direkte=direkte is not None,
            )  # fmt: skip
            conn.execute(
                "INSERT INTO venteregister (vnts, ts, haendelse, pnr, komk, hdto, userid, fields,"
                " created, status, decided, direkte) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.vnts, ts, haendelse, pnr, komk, hdto, userid,
                    json.dumps(dict(fields), ensure_ascii=False, sort_keys=True), created,
                    entry.status, entry.decided, int(entry.direkte),
                ),
            )  # fmt: skip
            if direkte is not None:
                direkte(conn, entry, moment)
        return entry, True

    def get(self, vnts: str) -> VentEntry | None:
        """The entry with this VNTS, or ``None``."""
        with self.store.read() as conn:
            row = conn.execute("SELECT * FROM venteregister WHERE vnts = ?", (vnts,)).fetchone()
        return entry_from_row(row) if row is not None else None

    def by_ts(self, ts: str, userid: str) -> VentEntry | None:
        """The entry a gem with ``ts`` by ``userid`` saved, or ``None``."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT * FROM venteregister WHERE ts = ? AND userid = ?", (ts, userid)
            ).fetchone()
        return entry_from_row(row) if row is not None else None

    def has_pending(self, pnr: str) -> bool:
        """Whether the person has a hændelse waiting (``I_VENT_MRK="X"``, bilag 7 eks. 17.1)."""
        with self.store.read() as conn:
            row = conn.execute(
                "SELECT 1 FROM venteregister WHERE pnr = ? AND status = 'afventer' LIMIT 1",
                (pnr,),
            ).fetchone()
        return row is not None

    def entries(
        self,
        *,
        komk: str | None = None,
        kommuner: Iterable[str] | None = None,
        status: Status | None = "afventer",
    ) -> list[VentEntry]:
        """Entries in VNTS order, for one kommune (``komk``) or several (``kommuner``) and
        status (``None``: all)."""
        sql, params = "SELECT * FROM venteregister WHERE 1 = 1", list[str]()
        if komk is not None:
            sql, params = sql + " AND komk = ?", [*params, komk]
        if kommuner is not None:
            wanted = list(kommuner)
            marks = ", ".join("?" * len(wanted))
            sql, params = sql + f" AND komk IN ({marks})", [*params, *wanted]
        if status is not None:
            sql, params = sql + " AND status = ?", [*params, status]
        with self.store.read() as conn:
            rows = conn.execute(sql + " ORDER BY vnts", params).fetchall()
        return [entry_from_row(row) for row in rows]
