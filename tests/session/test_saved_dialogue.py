"""A session's open dialogue saved as a JSON value and resumed by another session ("worker"),
against the real sandbox over HTTP; and check_with_cpr with the async session."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from cpr_rules.errors import InputError
from cpr_rules.reconcile import acheck_with_cpr, check_with_cpr
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.person_records import load_demo_persons
from cpr_rules.sandbox.server import RunningSandbox, start
from cpr_rules.sandbox.users import DEMO_USERS
from cpr_rules.session import LOGON_PATH, AsyncCprSession, CprSession

TODAY = dt.date(2015, 2, 1)
USERID, KENDEORD, _ = DEMO_USERS[0]
MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "005"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    folder: Path = tmp_path_factory.mktemp("saved")
    with start(SandboxConfig(port=0, db=folder / "sandbox.sqlite3", today=TODAY)) as running:
        yield running


@pytest.fixture(scope="module")
def movers() -> Iterator[str]:
    persons = load_demo_persons()
    return iter(sorted(p for p, x in persons.items() if x.status == "01" and x.navn)[5:])


def _worker(sandbox: RunningSandbox, paths: list[str] | None = None) -> CprSession:
    session = CprSession(sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY)
    if paths is not None:  # the session's own client, which it closes: record every request
        session._client.event_hooks["request"] = [lambda r: paths.append(r.url.path)]
    return session


def _opened(sandbox: RunningSandbox, pnr: str) -> dict[str, Any]:
    first = _worker(sandbox)
    first.initier("FLYTB-I", pnr, "2015-02-20", "0101")
    saved = first.save_dialogue()
    first.close()  # no afbryd: the dialogue lives on in the saved value
    return saved


def test_another_worker_resumes_the_dialogue(
    sandbox: RunningSandbox, movers: Iterator[str]
) -> None:
    """Initier in one session, valider and gem in another from the JSON value, without logon."""
    pnr = next(movers)
    saved = json.loads(json.dumps(_opened(sandbox, pnr)))
    assert KENDEORD not in json.dumps(saved) and saved["haendelse"] == "FLYTB-I"
    assert len(json.dumps(saved)) < 2048
    paths: list[str] = []
    second = _worker(sandbox, paths)
    second.restore_dialogue(saved)
    assert second.haendelse == "FLYTB-I" and second.is_logged_on
    assert second.valider(MOVE).ok
    receipt = second.gem()
    assert receipt.vnts and LOGON_PATH not in paths
    assert second.save_dialogue()["haendelse"] is None
    second.close()


def test_a_restored_dialogue_keeps_locked_fields(
    sandbox: RunningSandbox, movers: Iterator[str]
) -> None:
    """The locked input fields CPR sent at initier are still refused locally after restore."""
    second = _worker(sandbox)
    second.restore_dialogue(_opened(sandbox, next(movers)))
    with pytest.raises(InputError, match="locked"):
        second.valider({**MOVE, "CADR_KOMKOD": "0147"})
    second.afbryd()
    second.close()


def test_foreign_or_other_mode_is_refused(sandbox: RunningSandbox, movers: Iterator[str]) -> None:
    """A dialogue of another personkode or another mk is not resumed."""
    saved = _opened(sandbox, next(movers))
    other = CprSession(sandbox.url, "OTHER001", KENDEORD, kendeord_set_on=TODAY)
    with pytest.raises(InputError, match="userid"):
        other.restore_dialogue(saved)
    direct = CprSession(sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, mk="0042")
    with pytest.raises(InputError, match="mode"):
        direct.restore_dialogue(saved)
    with pytest.raises(InputError, match="format"):
        direct.restore_dialogue({**saved, "format": "v0"})


_SAMPLE = {
    "format": "cpr_rules.dialogue/1",
    "userid": USERID,
    "mode": {"mk": "0041", "vent": True},
    "token": "ZZZabcdefgh",
    "cookies": {"Port": 683},
    "haendelse": "FLYTB-I",
    "keys": {"PNR": "0202802729", "HDTO": "20150220", "KOMK": "0101"},
    "ts": "20150201120000000001",
    "actions": ["V", "3", "F"],
    "fields": ["CADR_VEJKOD", "CADR_KOMKOD"],
    "locked": {"CADR_KOMKOD": "0101"},
    "data": None,
}
_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(
    part=st.sampled_from([*_SAMPLE, "keys.PNR", "keys.HDTO", "cookies.Port", "locked.X"]),
    junk=_JUNK,
)
def test_a_damaged_value_is_a_typed_error(part: str, junk: Any) -> None:
    """Any part replaced by any JSON value: restored or refused with InputError, nothing else;
    a refused value leaves the session as it was."""
    saved = copy.deepcopy(_SAMPLE)
    outer, _, inner = part.partition(".")
    if inner:
        if not isinstance(saved[outer], dict):
            return
        saved[outer][inner] = junk
    else:
        saved[outer] = junk
    session = CprSession("http://127.0.0.1:9", USERID, KENDEORD, kendeord_set_on=TODAY)
    refused: InputError | None = None
    try:
        session.restore_dialogue(saved)
    except InputError as error:
        refused = error
    if refused is not None:
        assert "ZZZabcdefgh" not in str(refused)
        assert not session.is_logged_on and session.haendelse is None
    session.close()


def test_check_with_cpr_awaits_the_async_session(
    sandbox: RunningSandbox, movers: Iterator[str]
) -> None:
    """``await check_with_cpr(async_session, …)`` and ``acheck_with_cpr`` give the sync result."""
    pnr = next(movers)
    data = {"PNR": pnr, "HDTO": "2015-02-20", "KOMK": "0101", **MOVE}

    async def flow() -> tuple[Any, Any]:
        async with AsyncCprSession(
            sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY
        ) as cpr:
            stam = await cpr.initier("FLYTB-I", pnr, "2015-02-20", "0101")
            stamdata = stam.as_stamdata()
            one = await check_with_cpr(cpr, "FLYTB-I", data, stamdata=stamdata, today=TODAY)
            two = await acheck_with_cpr(cpr, "FLYTB-I", data, stamdata=stamdata, today=TODAY)
            await cpr.afbryd()
            return one, two

    one, two = asyncio.run(flow())
    assert one.ok and two.ok and one.verdict.ok
    assert [m.text for m in one.messages] == [m.text for m in two.messages]
    assert pnr not in one.log_line


def test_async_session_saves_and_restores(sandbox: RunningSandbox, movers: Iterator[str]) -> None:
    """An async worker resumes what a sync worker opened."""
    saved = _opened(sandbox, next(movers))

    async def resume() -> str | None:
        async with AsyncCprSession(
            sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY
        ) as cpr:
            cpr.restore_dialogue(saved)
            assert (await cpr.valider(MOVE)).ok
            return (await cpr.gem()).vnts

    assert asyncio.run(resume())
