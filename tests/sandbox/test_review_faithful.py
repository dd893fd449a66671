"""Issue 11 "faithful", reviewed adversarially over real HTTP against bilag 7 and 13: each
test is a deviation found by probing a running sandbox (/work/notes/issuea.md), and what the
sandbox does now: bilag 13's numbers and texts, data in Vent after initier, the protections'
period, the kommune's decision on the years."""

from __future__ import annotations

import datetime as dt

import pytest

from cpr_rules import gctp
from cpr_rules.cli import main
from cpr_rules.sandbox.server import RunningSandbox
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import Venteregister

from .helpers import (
    FLYTB,
    Gctp,
    fields_of,
    keys,
    kommune_call,
    kommune_cli,
    kvit_of,
    saved_move,
    ts_of,
)

ADDRESS = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5"}
EVENTS = "/sandbox/kommune/events"


# --- bilag 13: PNR 52, and the texts CPR gives with its numbers -----------------------------


@pytest.mark.parametrize("pnr", ["abc", "3201010000", "010180-12345", "01018O1234"])
def test_a_pnr_that_is_not_a_personnummer_is_52(client: Gctp, token: str, pnr: str) -> None:
    """Bilag 13 PNR GKPNR-1N (bilag-13 l.191-194): "Hvis ej blankt, skal pnr være et gyldigt
    CPRNR", fejl 52, as docs/sandbox.md said; the sandbox answered v="0"."""
    reply = client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token)
    assert (kvit_of(reply).r, kvit_of(reply).v) == ("Fejl", "52")


@pytest.mark.parametrize(
    ("komk", "number", "text"),
    [
        ("01a1", "725", "Feltet kan kun udfyldes med cifre (0-9)"),  # bilag-13 l.128
        ("12345", "724", "Feltet skal være helt udfyldt med 4 cifre"),  # l.127
        ("", "3974", "Myndighedskode skal angives"),  # l.134
        ("0999", "3975", "Myndigheden findes ikke i CPR"),  # l.132-135: no myndighed on CTMYN
    ],
)
def test_komk_of_the_wrong_form_has_bilag_13s_text(
    client: Gctp, token: str, active: list[str], komk: str, number: str, text: str
) -> None:
    """The Kvit of bilag 13's number carries bilag 13's text for it (was the rule's message,
    e.g. "Tilflytningskommune må kun indeholde cifre", and "… (KOMK)" for 3974)."""
    reply = client.send(gctp.initier(FLYTB, keys(active[6], komk=komk), mk="0041"), token)
    assert (kvit_of(reply).r, kvit_of(reply).v, kvit_of(reply).t) == ("Fejl", number, text)


@pytest.mark.parametrize("komk", ["1084", "0171", "9999"])  # a region, ended 2006, a sogn
def test_komk_on_ctmyn_but_no_kommune_is_the_rules_answer_not_3975(
    client: Gctp, token: str, active: list[str], komk: str
) -> None:
    """3975 is for a code not on CTMYN at all (bilag-13 l.132-135); a region, an ended kommune
    or another authority is on CTMYN: the rule set's answer (no number, its message)."""
    reply = client.send(gctp.initier(FLYTB, keys(active[6], komk=komk), mk="0041"), token)
    kvit = kvit_of(reply)
    assert (kvit.r, kvit.v) == ("Fejl", "0") and "ikke en kommune" in kvit.t, kvit


@pytest.mark.parametrize(
    ("vejkod", "number", "text"),
    [
        ("", "724", "Feltet skal være helt udfyldt"),  # bilag-13 l.224
        ("12a4", "725", "Feltet skal være helt udfyldt med 4 cifre (0-9)"),  # l.225
    ],
)
def test_vejkod_of_the_wrong_form_has_bilag_13s_text(
    client: Gctp, token: str, active: list[str], vejkod: str, number: str, text: str
) -> None:
    """VEJK's numbers with VEJK's texts, and the number in ``e`` on CADR_VEJKOD (bilag 7 §14)."""
    pnr = active[7]
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    data = {"CADR_VEJKOD": vejkod, "CADR_HUSNR": "5"}
    reply = client.send(gctp.valider(FLYTB, keys(pnr), data, ts=ts, mk="0041"), token)
    assert (kvit_of(reply).r, kvit_of(reply).v, kvit_of(reply).t) == ("Fejl", number, text)
    assert fields_of(reply, "I")["CADR_VEJKOD"].e == number


# --- data in Vent that arrives after initier ------------------------------------------------


def test_data_in_vent_after_initier_is_ok_in_venteregister_mode(
    client: Gctp, token: str, active: list[str]
) -> None:
    """Two dialogues for one person, the first saved: the second one's valider answered Anmrk
    2523 with the rule's explanation. Saved to the venteregister, CPR answers data in Vent with
    Ok and I_VENT_MRK="X" (eks. 17.1, bilag-07 l.1202, l.1275; issue 11 point 9), also when the
    data arrive after initier."""
    pnr = active[8]
    first = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    second = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    gem = gctp.gem(FLYTB, keys(pnr), ADDRESS, ts=first, mk="0041")
    assert kvit_of(client.send(gem, token)).r == "Afslut"
    data = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "7"}
    reply = client.send(gctp.valider(FLYTB, keys(pnr), data, ts=second, mk="0041"), token)
    assert kvit_of(reply).r == "Ok"
    assert fields_of(reply, "O")["I_VENT_MRK"].v == "X"


def test_data_in_vent_after_a_direct_initier_is_cprs_anmrk_2523(
    client: Gctp, token: str, active: list[str]
) -> None:
    """Directly in CPR, data in Vent that arrive after initier are Anmrk 2523 at valider with
    CPR's text "Personen DDMMÅÅ-LLLL har data i Vent" (eks. 17.2, bilag-07 l.1343; was the
    rule's explanation), and sending again goes on (l.1355)."""
    pnr = active[9]
    direct = client.token("DIREKTE1", "DirekT26")
    initier = gctp.initier(FLYTB, keys(pnr), mk="0042", vent=False)
    ts = ts_of(client.send(initier, direct))
    saved_move(client, token, pnr)
    data = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "9"}
    valider = gctp.valider(FLYTB, keys(pnr), data, ts=ts, mk="0042", vent=False)
    receipt = kvit_of(client.send(valider, direct))
    assert (receipt.r, receipt.v) == ("Anmrk", "2523")
    assert receipt.t == f"Personen {pnr[:6]}-{pnr[6:]} har data i Vent"
    assert kvit_of(client.send(valider, direct)).r == "Ok"


# --- protections: the period is years, and the kommune decides more than one ------------------


@pytest.mark.parametrize("given", [{"CBSK_SLETDATO1": "20990101"}, {"CBSK_SLETDATO1": "20150101"}])
def test_a_client_end_date_does_not_bypass_the_years(
    client: Gctp, token: str, active: list[str], given: dict[str, str]
) -> None:
    """Bilag 7 §17 (bilag-07 l.953-956, l.984-985): a citizen gives navne- og
    adressebeskyttelse a number of years (blank: 1); more than one needs the kommune. A
    client's CBSK_SLETDATO1 of 2099 was saved as given with ANTALAAR 1, so 84 years passed
    without the kommune's decision (``kraever_beslutning`` empty); one before the start was
    saved too. Now the server fills SLETDATO from the start and the years, as eks. 3 shows
    (l.612-631), and that is what is saved and applied."""
    pnr = active[15]
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    data = {**ADDRESS, "CBSK_VALG1": "X", **given}
    reply = client.send(gctp.valider(FLYTB, keys(pnr), data, ts=ts, mk="0041"), token)
    filled = {n: f.v for n, f in fields_of(reply, "I").items()}
    assert (filled["CBSK_STARTDATO1"], filled["CBSK_SLETDATO1"]) == ("20150201", "20160201")
    gem = gctp.gem(FLYTB, keys(pnr), data, ts=ts, mk="0041")
    assert kvit_of(client.send(gem, token)).r == "Afslut"
    own = client.token("KOMMUNE1", "KommKo26")
    (event,) = [
        e for e in kommune_call(client.url, own, "GET", EVENTS).json()["events"] if e["vnts"] == ts
    ]
    slot1 = next(b for b in event["beskyttelser"] if b["type"] == "00001")
    assert (slot1["antalaar"], slot1["slet"]) == ("1", "20160201")


def test_the_automatic_protections_share_the_period_of_navne_og_adressebeskyttelse(
    client: Gctp, token: str, active: list[str]
) -> None:
    """ "… automatisk oprettelse af lokalvejviser og forskerbeskyttelse for samme antal år"
    (bilag-07 l.955-956): with CBSK_STARTDATO1 a month ahead, 00002 and 00004 started today
    and ended a month before 00001 began its year; now they run with it."""
    pnr = active[16]
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    data = {**ADDRESS, "CBSK_VALG1": "X", "CBSK_STARTDATO1": "20150301"}
    reply = client.send(gctp.valider(FLYTB, keys(pnr), data, ts=ts, mk="0041"), token)
    filled = {n: f.v for n, f in fields_of(reply, "I").items()}
    for slot in (1, 2, 4):
        period = (filled[f"CBSK_STARTDATO{slot}"], filled[f"CBSK_SLETDATO{slot}"])
        assert period == ("20150301", "20160301"), slot


def _five_years(client: Gctp, token: str, pnr: str) -> str:
    """A move with navne- og adressebeskyttelse for 5 years (its Anmrk passed); its VNTS."""
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    data = {**ADDRESS, "CBSK_VALG1": "X", "CBSK_ANTALAAR1": "5"}
    gem = gctp.gem(FLYTB, keys(pnr), data, ts=ts, mk="0041")
    assert kvit_of(client.send(gem, token)).r == "Anmrk"
    assert kvit_of(client.send(gem, token)).r == "Afslut"
    return ts


def test_the_kommune_can_approve_fewer_years_of_protection(
    client: Gctp, token: str, active: list[str], server: RunningSandbox
) -> None:
    """Bilag 7 §17's table (bilag-07 l.980-985): 5 years "hvis kommunen godkender dette", and
    the rule's Anmrk tells the citizen "uden den gælder den 1 år". The kommune could only take
    all 5 years or reject the move; ``{"beskyttelse_aar": 1}`` approves the move with 1 year
    (00001 and the 00002/00004 created with it), and that is what the person gets."""
    pnr = active[17]
    vnts = _five_years(client, token, pnr)
    own = client.token("KOMMUNE1", "KommKo26")
    path = f"{EVENTS}/{vnts}/approve"
    for body in (b'{"beskyttelse_aar": 6}', b'{"beskyttelse_aar": 0}', b'{"beskyttelse_aar": "1"}',
                 b"[1]", b"{"):  # fmt: skip
        assert kommune_call(client.url, own, "POST", path, content=body).status_code == 400
    done = kommune_call(client.url, own, "POST", path, json={"beskyttelse_aar": 1})
    assert done.status_code == 200, done.text
    event = done.json()["event"]
    years = {b["type"]: (b["antalaar"], b["slet"]) for b in event["beskyttelser"]}
    assert years == dict.fromkeys(("00001", "00002", "00004"), ("1", "20160201"))
    assert event["kraever_beslutning"] == []
    person = server.sandbox.register.person(pnr)
    assert person is not None
    ends = {b.type.zfill(5): b.slut for b in person.beskyttelser}
    assert ends["00001"] == ends["00002"] == ends["00004"] == dt.date(2016, 2, 1)


def test_fewer_years_only_where_more_than_one_was_asked(
    client: Gctp,
    token: str,
    active: list[str],
    server: RunningSandbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A move without more than a year of protection has nothing to shorten: 400 (CLI exit 2),
    and it still waits; the CLI's ``approve --beskyttelse-aar 2`` approves a 5-year one."""
    plain = saved_move(client, token, active[18])
    own = client.token("KOMMUNE1", "KommKo26")
    path = f"{EVENTS}/{plain}/approve"
    refused = kommune_call(client.url, own, "POST", path, json={"beskyttelse_aar": 1})
    assert refused.status_code == 400 and "more than one" in refused.json()["error"]
    assert Venteregister(Store(server.config.db)).get(plain).status == "afventer"  # type: ignore[union-attr]
    base = kommune_cli(server, "KOMMUNE1")
    assert main(["sandbox", "kommune", "approve", plain, "--beskyttelse-aar", "1", *base]) == 2
    assert "more than one" in capsys.readouterr().err
    five = _five_years(client, token, active[19])
    assert main(["sandbox", "kommune", "approve", five, "--beskyttelse-aar", "2", *base]) == 0
    entry = Venteregister(Store(server.config.db)).get(five)
    assert entry is not None and entry.fields["CBSK_ANTALAAR1"] == "2"
