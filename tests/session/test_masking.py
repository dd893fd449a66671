"""Neither the kendeord, the token nor a personnummer reaches a log record, repr or error text."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import httpx
import pytest

from cpr_rules.session import CprAnmrk, CprFejl, CprSessionError, KendeordPolicyError

from .fake_cpr import (
    GEM_VENT,
    INITIER_DIREKTE,
    INITIER_VENT,
    KENDEORD,
    MOVE,
    PNR,
    TOKEN,
    FakeCpr,
    answer,
    logon_code,
    logon_ok,
    service,
    session,
    token_unknown,
    vector,
    with_kvit,
)

ANMRK_243 = vector("bilag07-eks17.8-kvit-anmrk.xml")
NEW_KENDEORD = "Nyt12Ord"
SECRETS = (KENDEORD, NEW_KENDEORD, TOKEN, PNR, "020280-2729", PNR[6:])
PNR_FEJL = '<Kvit r="Fejl" t="Personen 0202802729 kan ikke flytte" v="77"/>'


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def _texts(caplog: pytest.LogCaptureFixture) -> Iterator[str]:
    for record in caplog.records:
        yield record.getMessage()
        if record.exc_text:
            yield record.exc_text


def test_a_whole_flow_leaks_nothing(caplog: pytest.LogCaptureFixture) -> None:
    """Logon, 901 re-logon, kendeord change, Anmrk 2523, valider Fejl, gem Anmrk, Afslut."""
    caplog.set_level(logging.DEBUG)
    fake = FakeCpr(
        logon_ok(),  # newpass
        answer(vector(INITIER_DIREKTE)),  # initier: Anmrk 2523 "Personen 020280-2729 …"
        token_unknown(),  # the continued initier: 901
        logon_ok(),
        answer(vector(INITIER_VENT)),
        service(PNR_FEJL),  # valider: Fejl naming the person
        service(),
        answer(with_kvit(GEM_VENT, ANMRK_243)),
        answer(vector(GEM_VENT)),
        httpx.ReadTimeout("slow"),
        answer(vector(INITIER_VENT)),
        service(a="F"),
    )
    cpr = session(fake, kendeord_set_on=dt.date(2026, 1, 1))  # 59 days: no warning yet
    shown: list[object] = [cpr]
    cpr.change_kendeord(NEW_KENDEORD)
    first = cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    stam = cpr.initier("FLYTB-I", PNR, "20020228", "0101", continue_anmrk={2523})
    fejl = cpr.valider(MOVE)
    ok = cpr.valider(MOVE)
    with pytest.raises(CprAnmrk) as anmrk:
        cpr.gem()
    receipt = cpr.gem()
    again = cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    cpr.afbryd()
    shown += [first, stam, fejl, ok, receipt, again, anmrk.value, stam.address, receipt.afslut]
    assert fejl.text == "Personen 020280-**** kan ikke flytte"
    assert first.verdict.text == "Personen 020280-**** har data i Vent"
    texts = [*_texts(caplog), *map(repr, shown), *map(str, shown), str(anmrk.value)]
    assert [t for t in texts if _leaks(t)] == []
    assert any(r.name == "cpr_rules.session" and r.levelno == logging.DEBUG for r in caplog.records)


@pytest.mark.parametrize(
    "replies",
    [
        (logon_ok(), service(PNR_FEJL, a="I")),
        (logon_code(905, f"Ugyldig kodeord indtastet for {KENDEORD}"),),
        (logon_ok(), answer(b"<root xmlns='http://www.cpr.dk'>0202802729 " + b"x" * 50)),
        (logon_ok(), answer(b"<root>" + PNR.encode() + b"</root>")),
        (httpx.ConnectError(f"refused {PNR}"),) * 3,
    ],
    ids=["fejl-text", "logon-text", "broken-xml", "not-gctp", "transport"],
)
def test_error_texts_leak_nothing(replies: tuple[object, ...]) -> None:
    """Whatever CPR or the network says, the exception text carries no secret."""
    cpr = session(FakeCpr(*replies))  # type: ignore[arg-type]
    with pytest.raises(CprSessionError) as raised:
        cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    assert _leaks(str(raised.value)) == [] and _leaks(repr(raised.value)) == []


def test_fejl_carries_the_masked_verdict() -> None:
    """CprFejl's verdict text is masked like its message."""
    cpr = session(FakeCpr(logon_ok(), service(PNR_FEJL, a="I")))
    with pytest.raises(CprFejl) as raised:
        cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    assert raised.value.verdict.text == "Personen 020280-**** kan ikke flytte"


def test_a_kendeord_cpr_cannot_receive_is_not_quoted() -> None:
    """A kendeord with a character outside ISO-8859-1 is refused without quoting it."""
    cpr = session(FakeCpr(), kendeord="Kx7€m2Qp")
    with pytest.raises(ValueError, match="password") as raised:
        cpr.logon()
    assert "€" not in str(raised.value) and "Kx7" not in str(raised.value)


def test_policy_error_does_not_quote_the_candidate() -> None:
    """KendeordPolicyError lists reasons only."""
    with pytest.raises(KendeordPolicyError) as raised:
        session(FakeCpr()).change_kendeord("hemmeligt!")
    assert "hemmeligt" not in str(raised.value)


def test_reprs_of_the_session_and_its_internals() -> None:
    """The session's repr and its internal calls and flow show no secret."""
    fake = FakeCpr(logon_ok(), answer(vector(INITIER_VENT)))
    cpr = session(fake)
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    core = cpr._core
    internals = [cpr, core.kendeord, core.flow.current, core.logon_call()]
    assert [repr(x) for x in internals if _leaks(repr(x))] == []
