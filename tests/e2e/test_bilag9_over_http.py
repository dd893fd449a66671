"""Bilag 9 end to end over real HTTP on loopback: the portal's CprSession against the sandbox.

No mock anywhere: uvicorn serves ``cpr_rules.sandbox`` on 127.0.0.1 (a free port, a database in
a temporary folder), and the session's own httpx client talks GCTP to it.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from cpr_rules import check
from cpr_rules.cli import main
from cpr_rules.gctp import KvitType
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.kommune import list_entries
from cpr_rules.sandbox.person_records import load_demo_persons
from cpr_rules.sandbox.server import RunningSandbox, start
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.users import DEMO_USERS
from cpr_rules.session import CprFejl, CprSession, CprSessionError, KendeordExpiredError

TODAY = dt.date(2015, 2, 1)  # the shipped code tables are from 2015
HDTO = "2015-02-20"
USERID, KENDEORD, _ = DEMO_USERS[0]
PERSONS = load_demo_persons()
MOVERS = sorted(p for p, x in PERSONS.items() if x.status == "01" and x.navn)
DEAD = next(p for p, x in PERSONS.items() if x.status == "90")
MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5", "CADR_ETAGE": "3", "CADR_SIDEDOER": "tv"}


def _session(
    url: str, userid: str = USERID, kendeord: str = KENDEORD, set_on: dt.date = TODAY
) -> CprSession:
    return CprSession(url, userid, kendeord, kendeord_set_on=set_on, clock=lambda: TODAY)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    """A fresh sandbox (own database) for one test."""
    with start(SandboxConfig(port=0, db=tmp_path / "sandbox.sqlite3", today=TODAY)) as running:
        yield running


def test_move_approved_by_the_kommune_shows_at_the_next_initier(sandbox: RunningSandbox) -> None:
    """Logon, initier, valider, gem; the kommune approves; a new initier shows the new address."""
    pnr = MOVERS[0]
    with _session(sandbox.url) as cpr:
        cpr.logon()
        stam = cpr.initier("FLYTB-I", pnr, HDTO, "0101", continue_anmrk=True)
        assert stam.status == "01" and stam.fields["CADR_VEJKOD"].must_fill
        local = check(
            "FLYTB-I",
            {"PNR": pnr, "HDTO": HDTO, "KOMK": "0101", **MOVE},
            stamdata=stam.as_stamdata(),
            today=TODAY,
        )
        assert local.ok, [f.rule for f in local.findings]
        verdict = cpr.valider(MOVE, continue_anmrk=True)
        assert verdict.kind in (KvitType.Ok, KvitType.Anmrk)
        assert verdict.translations.get("CADR_VEJKOD") == "Vesterbrogade"
        receipt = cpr.gem(continue_anmrk=True)
    assert receipt.is_venteregister and len(receipt.vnts or "") == 20
    db = str(sandbox.config.db)
    assert (
        main(["sandbox", "kommune", "approve", str(receipt.vnts), "--user", "KOMMUNE1", "--db", db])
        == 0
    )
    with _session(sandbox.url) as cpr:
        cpr.logon()
        after = cpr.initier("FLYTB-I", pnr, "2015-02-25", "0101", continue_anmrk=True)
        assert (after.address.komkod, after.address.vejkod, after.address.husnr) == (
            "0101",
            "8204",
            "005",
        )
        assert after.address.vejkod_text == "Vesterbrogade"
        assert not after.i_vent  # the only pending event was approved
        cpr.afbryd()


def test_dead_person_is_refused_at_initier(sandbox: RunningSandbox) -> None:
    """Initier for a person with status 90 is a CPR Fejl naming the status."""
    with _session(sandbox.url) as cpr:
        cpr.logon()
        with pytest.raises(CprFejl) as info:
            cpr.initier("FLYTB-I", DEAD, HDTO, "0101")
    assert "død" in info.value.verdict.text
    assert DEAD not in str(info.value)


def test_error_at_valider_then_afbryd(sandbox: RunningSandbox) -> None:
    """A Fejl at valider is a verdict naming the field; afbryd ends the dialogue."""
    with _session(sandbox.url) as cpr:
        cpr.logon()
        cpr.initier("FLYTB-I", MOVERS[1], HDTO, "0101", continue_anmrk=True)
        verdict = cpr.valider({**MOVE, "CADR_BNR": "0101"})
        assert verdict.kind is KvitType.Fejl and verdict.number == 1068
        assert verdict.field in ("CADR_HUSNR", "CADR_BNR")
        ended = cpr.afbryd()
        assert ended.kind in (KvitType.Ok, KvitType.Afslut)
    assert list_entries(Store(sandbox.config.db)) == []


def test_expired_kendeord_is_changed_and_the_portal_continues(tmp_path: Path) -> None:
    """A kendeord older than 90 days: 906 from the server, change it, log on, carry on."""
    users = tmp_path / "users.yaml"
    users.write_text(
        "users:\n  - {userid: PORTAL01, password: Abcd1234, sikkerhedsgruppe: "
        "borger, password_set: 2014-10-01}\n",
        encoding="utf-8",
    )
    config = SandboxConfig(port=0, db=tmp_path / "s.sqlite3", today=TODAY, users=users)
    with start(config) as sandbox:
        # the portal believes its kendeord is fresh, so only the server can say it expired
        with _session(sandbox.url, "PORTAL01", "Abcd1234") as cpr:
            with pytest.raises(KendeordExpiredError) as info:
                cpr.logon()
            assert info.value.code == 906
            cpr.change_kendeord("EfGh5678")
            cpr.logon()
            stam = cpr.initier("FLYTB-I", MOVERS[2], HDTO, "0101", continue_anmrk=True)
            assert stam.status == "01"
            cpr.afbryd()
        with _session(sandbox.url, "PORTAL01", "EfGh5678") as again:
            again.logon()  # the new kendeord is the one the server knows now
            assert again.is_logged_on
        # …and a portal that knows its kendeord is 123 days old is stopped before it calls
        stale = _session(sandbox.url, "PORTAL01", "EfGh5678", set_on=dt.date(2014, 10, 1))
        with stale, pytest.raises(KendeordExpiredError):
            stale.logon()


def _save_move(url: str, pnr: str) -> str:
    with _session(url) as cpr:
        cpr.logon()
        cpr.initier("FLYTB-I", pnr, HDTO, "0101", continue_anmrk=True)
        receipt = cpr.gem(MOVE, continue_anmrk=True)
    assert receipt.vnts is not None
    return receipt.vnts


def test_fifty_parallel_sessions_save_and_survive_a_restart(tmp_path: Path) -> None:
    """50 sessions at once, each saving a move: 50 unique kvitteringer, all there after restart."""
    config = SandboxConfig(port=0, db=tmp_path / "s.sqlite3", today=TODAY)
    with start(config) as sandbox, ThreadPoolExecutor(max_workers=50) as pool:
        vnts = list(pool.map(lambda i: _save_move(sandbox.url, MOVERS[i % len(MOVERS)]), range(50)))
    assert len(set(vnts)) == 50
    with start(config) as restarted:  # same database, new process state
        stored = {e.vnts for e in list_entries(Store(restarted.config.db))}
        with _session(restarted.url) as cpr:
            cpr.logon()
            stam = cpr.initier("FLYTB-I", MOVERS[0], HDTO, "0101", continue_anmrk=True)
            assert stam.i_vent  # the venteregister is read back from disk
            cpr.afbryd()
    assert stored == set(vnts)


@contextmanager
def _server_process(db: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    command = [
        sys.executable,
        "-m",
        "cpr_rules",
        "sandbox",
        "serve",
        "--port",
        "0",
        "--db",
        str(db),
        "--today",
        TODAY.isoformat(),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    try:
        found = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline())
        assert found
        yield process, found.group(0)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        process.stdout.close()


def test_sigkill_while_saving_loses_no_acknowledged_event(tmp_path: Path) -> None:
    """Clients save moves continuously; the server is SIGKILLed mid-stream; every kvittering a
    client received is in the venteregister afterwards."""
    db = tmp_path / "s.sqlite3"
    acknowledged: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()

    def worker(n: int, url: str) -> None:
        for i in range(1000):
            try:
                vnts = _save_move(url, MOVERS[(n * 7 + i) % len(MOVERS)])
            except (CprSessionError, OSError):
                return  # the server is gone
            with lock:
                acknowledged.append(vnts)
                if len(acknowledged) >= 20:
                    enough.set()

    with _server_process(db) as (process, url):
        threads = [threading.Thread(target=worker, args=(n, url)) for n in range(6)]
        for thread in threads:
            thread.start()
        assert enough.wait(timeout=120), "the clients saved too little"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        for thread in threads:
            thread.join(timeout=120)
    with lock:
        acked = set(acknowledged)
    stored = {e.vnts for e in list_entries(Store(db), status=None)}
    assert len(acked) >= 20
    assert acked <= stored, sorted(acked - stored)
