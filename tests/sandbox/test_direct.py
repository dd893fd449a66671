"""Issue 11 points 8 and 9: direct mode (mk 0042, bilag 7 eks. 17.2, 17.4, 17.9), action 2,
and initier in venteregister mode with data in Vent (eks. 17.1), over real HTTP."""

from __future__ import annotations

import pytest

from cpr_rules import gctp
from cpr_rules.sandbox.server import RunningSandbox
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import Venteregister

from .helpers import FLYTB, Gctp, fields_of, keys, kommune_call, kvit_of, ts_of

MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "7"}


@pytest.fixture(scope="module")
def direkte(client: Gctp) -> str:
    """A token of DIREKTE1, a portal approved to save directly."""
    return client.token("DIREKTE1", "DirekT26")


def initier_direkte(client: Gctp, token: str, pnr: str) -> gctp.GctpMessage:
    return client.send(gctp.initier(FLYTB, keys(pnr), mk="0042", vent=False), token)


def header_of(reply: gctp.GctpMessage) -> gctp.CprServiceHeader:
    service = reply.primary_service
    assert service is not None and service.header is not None
    return service.header


def test_direct_initier_offers_v_f_g_4(client: Gctp, direkte: str, active: list[str]) -> None:
    """mk 0042 without u: Aktioner V F G 4 (eks. 17.2, without 2), no u in the answer, the
    myndighed fields locked to 0042."""
    reply = initier_direkte(client, direkte, active[50])
    header = header_of(reply)
    assert header.actions == ("V", "F", "G", "4") and header.u is None
    assert kvit_of(reply).r == "Ok"
    assert fields_of(reply, "I")["CADR_STARTMYNKOD"].v == "0042"


def test_direct_needs_the_users_flag(client: Gctp, token: str, active: list[str]) -> None:
    """PORTAL01 has no direkte flag: 1035."""
    reply = initier_direkte(client, token, active[50])
    assert (kvit_of(reply).r, kvit_of(reply).v) == ("Fejl", "1035")


@pytest.mark.parametrize("action", ["G", "4"])
def test_gem_directly_moves_the_person_at_once(
    client: Gctp, direkte: str, active: list[str], server: RunningSandbox, action: str
) -> None:
    """a="G" (eks. 17.4) or "4": Afslut without HAEN (eks. 17.9); the next initier shows the
    new address; nothing waits for the kommune."""
    pnr = active[51] if action == "G" else active[52]
    ts = ts_of(initier_direkte(client, direkte, pnr))
    request = gctp.request(
        FLYTB, gctp.Action(action), keys(pnr), MOVE, ts=ts, mk="0042", vent=False
    )
    reply = client.send(request, direkte)
    receipt = kvit_of(reply)
    assert (receipt.r, receipt.v) == ("Afslut", "0") and header_of(reply).u is None
    assert receipt.table("AFSLUT") is not None and receipt.table("HAEN") is None
    after = initier_direkte(client, direkte, pnr)
    o = fields_of(after, "O")
    assert (o["KOMKOD"].v, o["VEJKOD"].v, o["HUSNR"].v, o["I_VENT_MRK"].v) == (
        "0101", "8204", "007", None
    )  # fmt: skip
    assert not Venteregister(Store(server.config.db)).has_pending(pnr)
    kommune = client.token("KOMMUNE1", "KommKo26")
    listed = kommune_call(client.url, kommune, "GET", "/sandbox/kommune/events")
    assert ts not in [e["vnts"] for e in listed.json()["events"]]
    again = kommune_call(client.url, kommune, "POST", f"/sandbox/kommune/events/{ts}/approve")
    assert again.status_code == 409
    # sent again after a lost answer: the same receipt
    assert kvit_of(client.send(request, direkte)) == receipt


def test_direct_with_data_in_vent_is_anmrk_2523_then_sent_again(
    client: Gctp, token: str, direkte: str, active: list[str]
) -> None:
    """Eks. 17.2: Anmrk 2523 with a ts and the actions, no stamdata; the same initier sent
    again is the full answer with Ok and I_VENT_MRK."""
    pnr = active[53]
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    client.send(gctp.gem(FLYTB, keys(pnr), MOVE, ts=ts, mk="0041"), token)
    first = initier_direkte(client, direkte, pnr)
    expected = f"Personen {pnr[:6]}-{pnr[6:]} har data i Vent"
    assert kvit_of(first) == gctp.Kvit("Anmrk", t=expected, v="2523")
    assert header_of(first).ts and header_of(first).actions == ("V", "F", "G", "4")
    assert first.primary_service.data("O") is None  # type: ignore[union-attr]
    second = initier_direkte(client, direkte, pnr)
    assert kvit_of(second).r == "Ok" and fields_of(second, "O")["I_VENT_MRK"].v == "X"
    gem = gctp.gem(FLYTB, keys(pnr), MOVE, ts=ts_of(second), mk="0042", vent=False)
    assert kvit_of(client.send(gem, direkte)).r == "Afslut"


def test_venteregister_initier_with_data_in_vent_is_ok(
    client: Gctp, token: str, active: list[str]
) -> None:
    """Point 9, eks. 17.1: Ok with I_VENT_MRK="X" (not Anmrk 2523), and valider then goes on
    without a 2523."""
    pnr = active[54]
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    client.send(gctp.gem(FLYTB, keys(pnr), MOVE, ts=ts, mk="0041"), token)
    reply = client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token)
    assert kvit_of(reply) == gctp.Kvit("Ok", t="", v="0")
    assert fields_of(reply, "O")["I_VENT_MRK"].v == "X"
    valider = gctp.valider(FLYTB, keys(pnr), MOVE, ts=ts_of(reply), mk="0041")
    assert kvit_of(client.send(valider, token)).r == "Ok"


@pytest.mark.parametrize(("mk", "vent", "action", "number"), [
    ("0041", True, "G", "1035"), ("0041", True, "4", "1035"), ("0042", False, "3", "9022"),
    ("0041", True, "2", "9023"), ("0042", False, "2", "9023"),
])  # fmt: skip
def test_actions_not_offered_are_refused(
    client: Gctp, token: str, direkte: str, active: list[str], mk: str, vent: bool, action: str,
    number: str,
) -> None:  # fmt: skip
    """A venteregister dialogue cannot save directly (1035), a direct one not to the
    venteregister (9022); action 2 is not offered and answered 9023."""
    user = token if vent else direkte
    pnr = active[55]
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk=mk, vent=vent), user))
    request = gctp.request(FLYTB, gctp.Action(action), keys(pnr), MOVE, ts=ts, mk=mk, vent=vent)
    receipt = kvit_of(client.send(request, user))
    assert (receipt.r, receipt.v) == ("Fejl", number)


def test_one_portal_many_citizens_each_2523_is_passed_by_its_own_resend(
    client: Gctp, token: str, direkte: str, active: list[str]
) -> None:
    """One portal userid serves many citizens: A warned, B warned, then A's resend is Ok."""
    a, b = active[56], active[57]
    for pnr in (a, b):
        ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
        client.send(gctp.gem(FLYTB, keys(pnr), MOVE, ts=ts, mk="0041"), token)
    assert kvit_of(initier_direkte(client, direkte, a)).v == "2523"
    assert kvit_of(initier_direkte(client, direkte, b)).v == "2523"
    assert kvit_of(initier_direkte(client, direkte, a)).r == "Ok"
    assert kvit_of(initier_direkte(client, direkte, b)).r == "Ok"
