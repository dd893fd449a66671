"""Issue 11 point 7: protections survive approval (bilag 7 §17), over real HTTP.

Valider fills in start, slet, ANTALAAR and INDRAP and the automatic slots; the kommune sees
ANTALAAR and what needs its decision; approval applies the whole event; the next initier shows
navne- og adressebeskyttelse as BESKYT="X" (decisions-protections.md §1).
"""

from __future__ import annotations

import pytest

from cpr_rules import gctp

from .helpers import FLYTB, TODAY, Gctp, fields_of, keys, kommune_call, kvit_of, ts_of

MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "9"}
EVENTS = "/sandbox/kommune/events"


def send(
    client: Gctp, token: str, pnr: str, ts: str, data: dict[str, str], a: str = "V"
) -> gctp.GctpMessage:
    action = gctp.Action(a)
    return client.send(gctp.request(FLYTB, action, keys(pnr), data, ts=ts, mk="0041"), token)


def initier(client: Gctp, token: str, pnr: str) -> gctp.GctpMessage:
    return client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token)


@pytest.fixture(scope="module")
def kommune(client: Gctp) -> str:
    return client.token("KOMMUNE1", "KommKo26")


def test_address_protection_for_five_years_survives_approval(
    client: Gctp, token: str, kommune: str, active: list[str]
) -> None:
    """VALG1=X ANTALAAR1=5: Anmrk (needs the kommune), then Ok with slot 1 JA and slots 2, 4
    NEJ for 5 years; the kommune sees 5 years; after approval BESKYT is X."""
    pnr = active[60]
    ts = ts_of(initier(client, token, pnr))
    data = {**MOVE, "CBSK_VALG1": "X", "CBSK_ANTALAAR1": "5"}
    assert kvit_of(send(client, token, pnr, ts, data)).r == "Anmrk"
    ok = send(client, token, pnr, ts, data)
    assert kvit_of(ok).r == "Ok"
    i = {name: f.v for name, f in fields_of(ok, "I").items()}
    start, slet = TODAY.strftime("%Y%m%d"), TODAY.replace(year=TODAY.year + 5).strftime("%Y%m%d")
    assert (i["CBSK_STARTDATO1"], i["CBSK_SLETDATO1"], i["CBSK_INDRAP1"]) == (start, slet, "JA")
    for slot in ("2", "4"):
        assert (i[f"CBSK_ANTALAAR{slot}"], i[f"CBSK_INDRAP{slot}"]) == ("5", "NEJ")
        assert i[f"CBSK_SLETDATO{slot}"] == slet
    assert i["CBSK_INDRAP3"] is None
    assert kvit_of(send(client, token, pnr, ts, data, "3")).r == "Afslut"
    listed = kommune_call(client.url, kommune, "GET", EVENTS).json()["events"]
    event = next(e for e in listed if e["vnts"] == ts)
    slot1 = next(b for b in event["beskyttelser"] if b["type"] == "00001")
    assert (slot1["valg"], slot1["antalaar"], slot1["indrap"]) == ("X", "5", "JA")
    assert [b["type"] for b in event["beskyttelser"]] == ["00001", "00002", "00004"]
    assert event["kraever_beslutning"] and "5 år" in event["kraever_beslutning"][0]
    assert kommune_call(client.url, kommune, "POST", f"{EVENTS}/{ts}/approve").status_code == 200
    after = fields_of(initier(client, token, pnr), "O")
    assert after["BESKYT"].v == "X" and after["HUSNR"].v == "009"


def test_marketing_protection_survives_approval_and_can_then_be_deleted(
    client: Gctp, token: str, kommune: str, active: list[str]
) -> None:
    """VALG3=X (100 years): applied on approval (BESKYT stays blank: it marks 00001 only);
    the next FLYTB-I may delete it (VALG3=S is Ok, not 2017), which ends it on approval."""
    pnr = active[61]
    ts = ts_of(initier(client, token, pnr))
    created = send(client, token, pnr, ts, {**MOVE, "CBSK_VALG3": "X"}, "3")
    assert kvit_of(created).r == "Afslut"
    assert kommune_call(client.url, kommune, "POST", f"{EVENTS}/{ts}/approve").status_code == 200
    second = initier(client, token, pnr)
    assert fields_of(second, "O")["BESKYT"].v is None
    ts2 = ts_of(second)
    deleted = send(client, token, pnr, ts2, {**MOVE, "CBSK_VALG3": "S"})
    assert kvit_of(deleted).r == "Ok", kvit_of(deleted)
    assert fields_of(deleted, "I")["CBSK_SLETDATO3"].v == TODAY.strftime("%Y%m%d")
    assert kvit_of(send(client, token, pnr, ts2, {**MOVE, "CBSK_VALG3": "S"}, "3")).r == "Afslut"
    assert kommune_call(client.url, kommune, "POST", f"{EVENTS}/{ts2}/approve").status_code == 200
    third = ts_of(initier(client, token, pnr))
    gone = send(client, token, pnr, third, {**MOVE, "CBSK_VALG3": "S"})
    assert (kvit_of(gone).r, kvit_of(gone).v) == ("Fejl", "2017")


def test_fill_follows_the_table_of_bilag_7_17() -> None:
    """Deleting 00001 ends the 00002/00004 created with it, not separately created ones;
    00003 never touches the others; existing 00002/00004 are not created again."""
    import datetime as dt

    from cpr_rules.sandbox.beskyttelser import fill
    from cpr_rules.sandbox.person_records import Beskyttelse

    today = dt.date(2015, 2, 1)
    year = dt.date(2015, 6, 1)
    with_1 = {
        "00001": Beskyttelse("0001", dt.date(2014, 6, 1), year),
        "00002": Beskyttelse("0002", dt.date(2014, 6, 1), year),
        "00004": Beskyttelse("0004", dt.date(2010, 1, 1), dt.date(2110, 1, 1)),
    }
    ended = fill({"CBSK_VALG1": "S"}, with_1, today)
    assert ended["CBSK_SLETDATO1"] == ended["CBSK_SLETDATO2"] == "20150201"
    assert (ended["CBSK_INDRAP1"], ended["CBSK_INDRAP2"]) == ("JA", "NEJ")
    assert "CBSK_SLETDATO4" not in ended
    created = fill({"CBSK_VALG1": "X"}, {"00002": with_1["00002"]}, today)
    assert "CBSK_INDRAP2" not in created and created["CBSK_INDRAP4"] == "NEJ"
    assert set(fill({"CBSK_VALG3": "S"}, with_1, today)) == {"CBSK_SLETDATO3", "CBSK_INDRAP3"}


def test_sending_back_what_the_server_filled_in_is_fine(
    client: Gctp, token: str, active: list[str]
) -> None:
    """A client may send all fields back (bilag 7 l.560): the filled ANTALAAR2/4, start and
    INDRAP are not taken as the citizen's input, so gem goes through."""
    pnr = active[62]
    ts = ts_of(initier(client, token, pnr))
    ok = send(client, token, pnr, ts, {**MOVE, "CBSK_VALG1": "X"})
    assert kvit_of(ok).r == "Ok"
    echo = {name: f.v for name, f in fields_of(ok, "I").items() if f.v and f.a != "L"}
    assert echo["CBSK_ANTALAAR2"] == "1"
    assert kvit_of(send(client, token, pnr, ts, echo, "3")).r == "Afslut"
