"""The venteregister in SQLite: WAL, unique VNTS under concurrency, the kommune's decisions."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest

from cpr_rules.sandbox import kommune
from cpr_rules.sandbox.store import Store, StoreError
from cpr_rules.sandbox.venteregister import (
    Timestamps,
    Venteregister,
    next_vnts,
    parse_timestamp,
)

PNR = "0101429059"
FIELDS = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "005", "CADR_ETAGE": "03"}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "vent.sqlite3")


def gem(store: Store, ts: str, pnr: str = PNR, komk: str = "0101") -> str:
    entry, new = Venteregister(store).gem(
        ts=ts, haendelse="FLYTB-I", pnr=pnr, komk=komk, hdto="2015-02-28", userid="PORTAL01",
        fields=FIELDS,
    )  # fmt: skip
    assert new
    return entry.vnts


def test_wal_and_full_sync(store: Store) -> None:
    """The database runs in WAL mode with synchronous=FULL (2) on every connection."""
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("synchronous") == "2"


def test_vnts_is_the_ts_unless_taken(store: Store) -> None:
    """VNTS = ts (bilag 7 eks. 17.8) when later than all; else the last VNTS + 1 µs."""
    assert gem(store, "20150201084141568870") == "20150201084141568870"
    assert gem(store, "20150201084141000000", pnr="0107529039") == "20150201084141568871"


def test_next_vnts_rolls_over_into_a_valid_time() -> None:
    """+1 µs at the end of a day gives the next day, never second 60."""
    assert next_vnts("2015", "20150228235959999999") == "20150301000000000000"


def test_vnts_unique_under_concurrent_writers(store: Store) -> None:
    """200 gems from 8 threads, all with an old ts: 200 distinct, valid, increasing VNTS."""
    errors: list[BaseException] = []
    results: list[str] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        try:
            for n in range(25):
                vnts = gem(store, f"2000010100000{worker}{n:06d}", pnr=f"01014290{worker:02d}")
                with lock:
                    results.append(vnts)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == len(set(results)) == 200
    assert all(parse_timestamp(v) is not None for v in results)
    listed = [e.vnts for e in Venteregister(store).entries(status=None)]
    assert listed == sorted(results) and len(listed) == 200


def test_timestamps_strictly_increase() -> None:
    """A frozen clock still gives increasing ts."""
    frozen = dt.datetime(2015, 2, 1, 8, 41, 41)
    stamps = Timestamps(clock=lambda: frozen)
    issued = [stamps.next() for _ in range(5)]
    assert issued == sorted(set(issued)) and issued[0] == "20150201084141000000"


def test_gem_again_with_the_same_ts_finds_the_first(store: Store) -> None:
    """A repeated gem (lost answer) returns the saved entry, not a second one."""
    first = gem(store, "20150201084141568870")
    again, new = Venteregister(store).gem(
        ts="20150201084141568870", haendelse="FLYTB-I", pnr=PNR, komk="0101",
        hdto="2015-02-28", userid="PORTAL01", fields={},
    )  # fmt: skip
    assert (again.vnts, new) == (first, False)
    assert len(Venteregister(store).entries(status=None)) == 1


def test_approve_applies_once(store: Store) -> None:
    """Approve: status godkendt, the move recorded; a second decision is an error."""
    vnts = gem(store, "20150201084141568870")
    approved = kommune.approve(store, vnts)
    assert approved.status == "godkendt" and approved.decided
    with store.read() as conn:
        move = conn.execute("SELECT * FROM flytninger WHERE vnts = ?", (vnts,)).fetchone()
    assert (move["pnr"], move["komk"], move["vejkod"], move["husnr"]) == (
        PNR,
        "0101",
        "8204",
        "005",
    )
    with pytest.raises(kommune.AlreadyDecidedError, match="already approved"):
        kommune.approve(store, vnts)
    with pytest.raises(kommune.AlreadyDecidedError):
        kommune.reject(store, vnts, "for sent")


def test_reject_needs_a_reason_and_records_it(store: Store) -> None:
    """Reject with a reason (1-500 characters); nothing is applied to the register."""
    vnts = gem(store, "20150201084141568870")
    with pytest.raises(kommune.KommuneError, match="reason"):
        kommune.reject(store, vnts, "   ")
    with pytest.raises(kommune.KommuneError, match="reason"):
        kommune.reject(store, vnts, "x" * 501)
    rejected = kommune.reject(store, vnts, "  Adressen   er ikke beboelig ")
    assert (rejected.status, rejected.reason) == ("afvist", "Adressen er ikke beboelig")
    with store.read() as conn:
        assert conn.execute("SELECT count(*) FROM flytninger").fetchone()[0] == 0


def test_unknown_vnts(store: Store) -> None:
    """Deciding a VNTS that does not exist is NoSuchEntryError."""
    with pytest.raises(kommune.NoSuchEntryError):
        kommune.approve(store, "20000101000000000000")


def test_pending_marker_clears_with_the_last_waiting_event(store: Store) -> None:
    """I_VENT_MRK stays while any hændelse of the person waits."""
    register = Venteregister(store)
    first, second = gem(store, "20150201084141000001"), gem(store, "20150201084141000002")
    assert register.has_pending(PNR)
    kommune.approve(store, first)
    assert register.has_pending(PNR)
    kommune.reject(store, second, "dobbelt")
    assert not register.has_pending(PNR)


def test_list_by_kommune_and_status(store: Store) -> None:
    """list_entries filters on komk and status; summaries mask the personnummer."""
    a = gem(store, "20150201084141000001", komk="0101")
    b = gem(store, "20150201084141000002", pnr="0107529039", komk="0851")
    kommune.approve(store, b)
    assert [e.vnts for e in kommune.list_entries(store, komk="0101")] == [a]
    assert [e.vnts for e in kommune.list_entries(store, status="godkendt")] == [b]
    assert len(kommune.list_entries(store, status=None)) == 2
    summary = kommune.summary(kommune.list_entries(store, komk="0101")[0])
    assert summary["pnr"] == "010142-****" and PNR not in str(summary)
    assert PNR not in repr(kommune.list_entries(store)[0])


def test_constraints_hold_in_the_database(store: Store) -> None:
    """The schema refuses a malformed VNTS and a rejection without reason."""
    with store.write() as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO venteregister (vnts, ts, haendelse, pnr, komk, hdto, userid, fields,"
            " created) VALUES ('123', 'x', 'FLYTB-I', ?, '0101', '', 'U', '{}', '')",
            (PNR,),
        )
    vnts = gem(store, "20150201084141568870")
    with store.write() as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "UPDATE venteregister SET status = 'afvist', decided = 'x' WHERE vnts = ?", (vnts,)
        )


def test_store_refuses_what_it_cannot_use(tmp_path: Path) -> None:
    """No in-memory database; no missing file when create=False; no foreign file."""
    with pytest.raises(StoreError, match="WAL"):
        Store(":memory:")
    with pytest.raises(StoreError, match="no sandbox database"):
        Store(tmp_path / "missing.sqlite3", create=False)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable sandbox database"):
        Store(junk)
