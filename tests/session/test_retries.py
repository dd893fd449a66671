"""Timeouts and retries: transport errors only, with backoff; never a Kvit Fejl or System."""

from __future__ import annotations

import httpx
import pytest

from cpr_rules.session import CprFejl, CprSystemError, CprTransportError

from .fake_cpr import (
    GEM_VENT,
    INITIER_VENT,
    MOVE,
    PNR,
    FakeCpr,
    answer,
    logon_ok,
    service,
    session,
    vector,
)


def _sleeps() -> tuple[list[float], object]:
    slept: list[float] = []
    return slept, slept.append


def test_two_transport_failures_then_success_give_one_result() -> None:
    """Fails twice, then answers: one result, three calls, exponential backoff between."""
    slept, sleep = _sleeps()
    fake = FakeCpr(
        httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), logon_ok(),
    )  # fmt: skip
    cpr = session(fake, backoff=0.2, sleep=sleep)
    cpr.logon()
    assert len(fake.requests) == 3 and cpr.is_logged_on
    assert slept == [0.2, 0.4]


def test_timeouts_give_a_transport_error_after_the_retries() -> None:
    """Three timeouts with retries=2: CprTransportError after 3 calls."""
    slept, sleep = _sleeps()
    fake = FakeCpr(*(httpx.ReadTimeout("timed out") for _ in range(3)))
    with pytest.raises(CprTransportError) as raised:
        session(fake, backoff=0.5, sleep=sleep).logon()
    assert raised.value.attempts == 3 and len(fake.requests) == 3
    assert slept == [0.5, 1.0]
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)


def test_retries_can_be_turned_off() -> None:
    """retries=0: one call only."""
    fake = FakeCpr(httpx.ConnectError("refused"))
    with pytest.raises(CprTransportError):
        session(fake, retries=0).logon()
    assert len(fake.requests) == 1


def test_a_fejl_is_not_retried() -> None:
    """A Kvit Fejl is CPR's answer, not a transport failure: one call, CprFejl."""
    fejl = service('<Kvit r="Fejl" t="person findes ikke" v="1022"/>', a="I")
    fake = FakeCpr(logon_ok(), fejl)
    with pytest.raises(CprFejl):
        session(fake).initier("FLYTB-I", PNR, "20020228", "0101")
    assert fake.actions() == ["signon", "I"]


def test_a_system_error_is_not_retried() -> None:
    """A Kvit System is not retried either."""
    fake = FakeCpr(logon_ok(), service('<Kvit r="System" t="Teknisk fejl" v="1"/>', a="I"))
    with pytest.raises(CprSystemError):
        session(fake).initier("FLYTB-I", PNR, "20020228", "0101")
    assert len(fake.requests) == 2


def test_service_calls_are_retried_too() -> None:
    """A timeout on initier is retried with the same request and token."""
    fake = FakeCpr(logon_ok(), httpx.ReadTimeout("slow"), answer(vector(INITIER_VENT)))
    session(fake).initier("FLYTB-I", PNR, "20020228", "0101")
    assert fake.actions() == ["signon", "I", "I"]
    assert fake.requests[1].content == fake.requests[2].content


def test_gem_is_not_retried_when_cpr_may_have_saved_it() -> None:
    """A read timeout after the gem was sent is not retried: it may be in the venteregister."""
    fake = FakeCpr(logon_ok(), answer(vector(INITIER_VENT)), httpx.ReadTimeout("slow"))
    cpr = session(fake)
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    with pytest.raises(CprTransportError, match="may have carried it out") as raised:
        cpr.gem(MOVE)
    assert raised.value.maybe_sent and raised.value.attempts == 1
    assert fake.actions() == ["signon", "I", "3"]


def test_gem_is_retried_when_it_never_left() -> None:
    """A connect failure means CPR never saw the gem: it is retried."""
    fake = FakeCpr(
        logon_ok(), answer(vector(INITIER_VENT)), httpx.ConnectError("refused"),
        answer(vector(GEM_VENT)),
    )  # fmt: skip
    cpr = session(fake)
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    assert cpr.gem(MOVE).vnts is not None
    assert fake.actions() == ["signon", "I", "3", "3"]


def test_the_timeout_reaches_the_transport() -> None:
    """The session's timeout is set on every request it sends."""
    seen: list[dict[str, float | None]] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return logon_ok()

    session(FakeCpr(record), timeout=3.5).logon()
    assert seen == [{"connect": 3.5, "read": 3.5, "write": 3.5, "pool": 3.5}]
