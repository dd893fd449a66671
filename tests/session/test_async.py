"""AsyncCprSession: the same four steps over httpx.AsyncClient (run with asyncio.run)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from cpr_rules.session import CprAnmrk, CprTransportError, Kvittering, SessionStateError

from .fake_cpr import (
    GEM_VENT,
    INITIER_VENT,
    MOVE,
    PNR,
    TOKEN,
    TS,
    FakeCpr,
    answer,
    assert_sent_vector,
    async_session,
    logon_ok,
    service,
    token_unknown,
    vector,
    with_kvit,
)

ANMRK_243 = vector("bilag07-eks17.8-kvit-anmrk.xml")


def test_the_main_flow() -> None:
    """Logon, initier (eks. 17.1), valider, gem with Anmrk 243 passed, Kvittering of eks. 17.8."""
    anmrk = answer(with_kvit(GEM_VENT, ANMRK_243))
    fake = FakeCpr(
        logon_ok(), answer(vector(INITIER_VENT)), service(), anmrk, answer(vector(GEM_VENT))
    )

    async def flow() -> Kvittering:
        async with async_session(fake) as cpr:
            await cpr.logon()
            stam = await cpr.initier("FLYTB-I", PNR, "20020228", "0101")
            assert stam.name == "Janus JaJacobsen" and stam.fields["CADR_KOMKOD"].locked
            assert (await cpr.valider(MOVE)).ok
            receipt = await cpr.gem(continue_anmrk=True)
            assert cpr.haendelse is None
            return receipt

    receipt = asyncio.run(flow())
    assert receipt.vnts == TS
    assert fake.actions() == ["signon", "I", "V", "3", "3"]
    assert fake.requests[1].headers["Cookie"] == f"Token={TOKEN}"
    assert_sent_vector(fake.requests[1], "bilag07-eks17.1-flytb-i-initier-vent-request.xml")
    assert_sent_vector(fake.requests[-1], "bilag07-eks17.3-flytb-i-gem-vent-request.xml")


def test_anmrk_at_gem_raises_without_continue() -> None:
    """Without continue_anmrk the Anmrk is raised, as in the sync session."""
    fake = FakeCpr(logon_ok(), answer(vector(INITIER_VENT)), answer(with_kvit(GEM_VENT, ANMRK_243)))

    async def flow() -> None:
        cpr = async_session(fake)
        await cpr.initier("FLYTB-I", PNR, "20020228", "0101")
        await cpr.gem(MOVE)

    with pytest.raises(CprAnmrk):
        asyncio.run(flow())


def test_retries_relogon_and_state() -> None:
    """Transport retries with awaited backoff, 901 re-logon, and a state error before initier."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    fake = FakeCpr(
        httpx.ConnectError("refused"), logon_ok(), token_unknown(), logon_ok(),
        answer(vector(INITIER_VENT)), service(a="F"),
    )  # fmt: skip

    async def flow() -> None:
        cpr = async_session(fake, backoff=0.1, sleep=sleep)
        with pytest.raises(SessionStateError):
            await cpr.afbryd()
        await cpr.initier("FLYTB-I", PNR, "20020228", "0101")
        assert (await cpr.afbryd()).ok

    asyncio.run(flow())
    assert slept == [0.1]
    assert fake.actions() == ["signon", "signon", "I", "signon", "I", "F"]


def test_transport_error_after_retries() -> None:
    """Timeouts on every try: CprTransportError after 1 + retries calls."""
    fake = FakeCpr(*(httpx.ReadTimeout("slow") for _ in range(2)))

    async def flow() -> None:
        await async_session(fake, retries=1).logon()

    with pytest.raises(CprTransportError):
        asyncio.run(flow())
    assert len(fake.requests) == 2
