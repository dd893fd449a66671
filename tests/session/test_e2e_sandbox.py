"""End to end: CprSession against the real sandbox served by uvicorn on 127.0.0.1.

No mock anywhere: the session's own httpx client talks HTTP to ``cpr_rules.sandbox`` (started
with a free port and a database in a temporary folder), through the four steps of bilag 9.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.abc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from cpr_rules import check
from cpr_rules.gctp import KvitType
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.person_records import load_demo_persons
from cpr_rules.sandbox.server import RunningSandbox, start
from cpr_rules.sandbox.users import DEMO_USERS
from cpr_rules.session import (
    AsyncCprSession,
    CprSession,
    Kvittering,
    SessionStateError,
    WrongKendeordError,
)

TODAY = dt.date(2015, 2, 1)  # the shipped code tables are from 2015
USERID, KENDEORD, _ = DEMO_USERS[0]
DIREKTE, DIREKTE_KENDEORD, _ = DEMO_USERS[2]  # approved to save directly (mk 0042)
MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "005"}  # Vesterbrogade 5, København (0101)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """The sandbox on a free port with its own database and the demo users."""
    folder: Path = tmp_path_factory.mktemp("e2e")
    config = SandboxConfig(port=0, db=folder / "sandbox.sqlite3", today=TODAY, demo_scrypt_n=1024)
    with start(config) as running:
        yield running


@pytest.fixture(scope="module")
def movers() -> Iterator[str]:
    """Demo persons who can report a move (status 01, named, not in the venteregister)."""
    persons = load_demo_persons()
    return iter(sorted(p for p, person in persons.items() if person.status == "01" and person.navn))


def _session(sandbox: RunningSandbox) -> CprSession:
    return CprSession(sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY)


def test_logon_initier_valider_gem(sandbox: RunningSandbox, movers: Iterator[str]) -> None:
    """The four steps against the sandbox: stamoplysninger, Ok, and a venteregister receipt."""
    pnr = next(movers)
    with _session(sandbox) as cpr:
        cpr.logon()
        assert cpr.is_logged_on
        stam = cpr.initier("FLYTB-I", pnr, "2015-02-28", "0101")
        assert stam.pnr.digits == pnr and stam.status == "01" and stam.name
        assert stam.ts and "3" in stam.actions and "V" in stam.actions
        assert stam.fields["CADR_KOMKOD"].locked and stam.fields["CADR_VEJKOD"].must_fill
        local = check(
            "FLYTB-I",
            {"PNR": pnr, "HDTO": "2015-02-28", "KOMK": "0101", **MOVE},
            stamdata=stam.as_stamdata(),
            today=TODAY,
        )
        assert local.ok, [f.rule for f in local.findings]
        verdict = cpr.valider(MOVE, continue_anmrk=True)
        assert verdict.kind in (KvitType.Ok, KvitType.Anmrk), verdict
        receipt = cpr.gem(continue_anmrk=True)
    assert receipt.is_venteregister and receipt.vnts and len(receipt.vnts) == 20
    assert receipt.pnr.digits == pnr and receipt.haendelse == "FLYTB-I"


def test_valider_fejl_then_afbryd(sandbox: RunningSandbox, movers: Iterator[str]) -> None:
    """A vejkode that does not exist is a Fejl verdict; afbryd ends the hændelse."""
    with _session(sandbox) as cpr:
        cpr.initier("FLYTB-I", next(movers), "20150228", "0101")
        verdict = cpr.valider({"CADR_VEJKOD": "9999", "CADR_HUSNR": "005"})
        assert verdict.is_error and verdict.kind is KvitType.Fejl, verdict
        assert verdict.text
        cpr.afbryd()
        with pytest.raises(SessionStateError):
            cpr.gem()


def test_wrong_kendeord(sandbox: RunningSandbox) -> None:
    """The sandbox's security server answers 905 to a wrong kendeord."""
    cpr = CprSession(sandbox.url, USERID, "Forkert12", kendeord_set_on=TODAY, clock=lambda: TODAY)
    with cpr, pytest.raises(WrongKendeordError):
        cpr.logon()


def test_async_session(sandbox: RunningSandbox, movers: Iterator[str]) -> None:
    """The same flow through AsyncCprSession."""
    pnr = next(movers)

    async def flow() -> Kvittering:
        async with AsyncCprSession(
            sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY
        ) as cpr:
            await cpr.initier("FLYTB-I", pnr, "20150228", "0101")
            await cpr.valider(MOVE, continue_anmrk=True)
            return await cpr.gem(continue_anmrk=True)

    assert asyncio.run(flow()).vnts


class _Lookups(importlib.abc.MetaPathFinder):
    """A finder first on ``sys.meta_path`` that only writes down what the import system seeks:
    a module already imported is never sought, so a name here is an import on the hot path."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        self.names.append(fullname)


def test_an_async_hendelse_imports_nothing(sandbox: RunningSandbox, movers: Iterator[str]) -> None:
    """After a first hændelse, the next looks up no module, in the client or the sandbox.

    httpcore asks ``import sniffio`` on every lock and event it sets up and falls back to
    asyncio when it fails; a failed import is not cached, so without sniffio installed every
    request walked ``sys.path`` (about a fifth of an exchange's CPU; encode/httpcore#1103).
    cpr_rules depends on sniffio for that reason (pyproject.toml).
    """

    async def flow(pnr: str) -> None:
        async with AsyncCprSession(
            sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY
        ) as cpr:
            await cpr.initier("FLYTB-I", pnr, "20150228", "0101")
            await cpr.valider(MOVE, continue_anmrk=True)
            await cpr.gem(continue_anmrk=True)

    asyncio.run(flow(next(movers)))
    lookups = _Lookups()
    sys.meta_path.insert(0, lookups)
    try:
        asyncio.run(flow(next(movers)))
    finally:
        sys.meta_path.remove(lookups)
    assert lookups.names == []


def _direct(sandbox: RunningSandbox) -> CprSession:
    return CprSession(
        sandbox.url,
        DIREKTE,
        DIREKTE_KENDEORD,
        mk="0042",
        kendeord_set_on=TODAY,
        clock=lambda: TODAY,
    )


def test_direct_mode_end_to_end(sandbox: RunningSandbox, movers: Iterator[str]) -> None:
    """mk 0042: initier offers G, gem saves directly (no VNTS), the address changes at once."""
    pnr = next(movers)
    with _direct(sandbox) as cpr:
        stam = cpr.initier("FLYTB-I", pnr, "20150228", "0101")
        assert "G" in stam.actions and "3" not in stam.actions and stam.verdict.ok
        assert cpr.valider(MOVE, continue_anmrk=True).kind in (KvitType.Ok, KvitType.Anmrk)
        receipt = cpr.gem(continue_anmrk=True)
        assert receipt.vnts is None and not receipt.is_venteregister
        assert receipt.pnr.digits == pnr
        after = cpr.initier("FLYTB-I", pnr, "20150301", "0101")
        assert (after.address.vejkod, after.address.husnr) == ("8204", "005")
        cpr.afbryd()


def test_direct_mode_passes_anmrk_2523_by_sending_initier_again(
    sandbox: RunningSandbox, movers: Iterator[str]
) -> None:
    """With data in Vent, initier is Anmrk 2523 (eks. 17.2); continue_anmrk={2523} sends it
    again and gets the stamoplysninger; gem then saves directly."""
    pnr = next(movers)
    with _session(sandbox) as vent:
        vent.initier("FLYTB-I", pnr, "20150228", "0101")
        assert vent.gem(MOVE, continue_anmrk=True).is_venteregister
    with _direct(sandbox) as cpr:
        warned = cpr.initier("FLYTB-I", pnr, "20150228", "0101")
        assert warned.verdict.is_warning and warned.verdict.number == 2523
        # nothing is initiated (eks. 17.2, bilag-07 l.1352-1356): valider is refused before it
        # is sent, not answered 9020 for the ts of the Anmrk answer, which the sandbox never had
        assert cpr.haendelse is None
        with pytest.raises(SessionStateError, match="initier"):
            cpr.valider(MOVE)
        stam = cpr.initier("FLYTB-I", pnr, "20150228", "0101", continue_anmrk={2523})
        assert stam.verdict.ok and stam.as_stamdata()["I_VENT_MRK"] == "X"
        assert cpr.gem(MOVE, continue_anmrk=True).vnts is None


GUIDE = Path(__file__).resolve().parents[2] / "docs" / "portal-guide.md"


def test_the_portal_guide_example_runs(
    sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    """The runnable ```python block of docs/portal-guide.md does the four steps."""
    text = GUIDE.read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    default = 'SANDBOX = "http://127.0.0.1:8000"'
    assert default in code
    exec(compile(code.replace(default, f"SANDBOX = {sandbox.url!r}"), str(GUIDE), "exec"), {})
    out = capsys.readouterr().out
    assert "saved in the venteregister as " in out and "010142-****" in out
