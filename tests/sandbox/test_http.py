"""The sandbox over real HTTP: logon, initier, valider, gem, afbryd, kommune, hostile input."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from cpr_rules import gctp
from cpr_rules.cli import main
from cpr_rules.gctp import Field, GctpMessage, Kvit, Sik
from cpr_rules.sandbox.person_records import Person
from cpr_rules.sandbox.server import RunningSandbox

from .helpers import LOGON, SERVICES, Gctp, keys

VECTORS = Path(__file__).resolve().parents[1] / "gctp" / "vectors"
FLYTB = "FLYTB-I"
ADDRESS = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5", "CADR_ETAGE": "3", "CADR_SIDEDOER": "tv"}


def initier(client: Gctp, token: str, pnr: str, **kw: str) -> GctpMessage:
    return client.send(gctp.initier(FLYTB, keys(pnr, **kw), mk="0041"), token)


def ts_of(reply: GctpMessage) -> str:
    service = reply.primary_service
    assert service is not None and service.header is not None and service.header.ts
    return service.header.ts


def kvit(reply: GctpMessage) -> Kvit:
    assert reply.kvit is not None
    return reply.kvit


def names(fields: object) -> list[str]:
    return [f.r for f in fields]  # type: ignore[attr-defined]


def all_fields(reply: GctpMessage, u: str) -> list[Field]:
    service = reply.primary_service
    assert service is not None
    data = service.data(u)
    assert data is not None
    return list(data.iter_fields())


def fields_of(reply: GctpMessage, u: str) -> dict[str, Field]:
    service = reply.primary_service
    assert service is not None
    data = service.data(u)
    assert data is not None
    return {f.r: f for f in data.iter_fields()}


# --- logon (bilag 5 §4.2.1) --------------------------------------------------------------------


def test_logon_ok_sets_a_token_cookie(client: Gctp) -> None:
    """900 "Signon udført", HTTP 200, Set-Cookie Token=ZZZ + 8 lower-case letters; Path=/."""
    response = client.post(LOGON, gctp.render(gctp.signon("PORTAL01", "Abcd1234")))
    assert response.status_code == 200
    assert re.fullmatch(r"Token=ZZZ[a-z]{8}; Path=/", response.headers["set-cookie"])
    result = gctp.parse_logon_response(response.content)
    assert (result.code, result.text) == (900, "Signon udført")


@pytest.mark.parametrize(
    ("userid", "password", "code"),
    [
        ("PORTAL01", "Forkert12", 905),
        ("UKENDT01", "Abcd1234", 902),
        ("ikke gyldig!", "Abcd1234", 904),
        ("INAKTIV1", "Inakt123", 903),
        ("portal01", "Abcd1234", 900),
    ],
    ids=["bad-password", "unknown-user", "invalid-userid", "inactive", "userid-any-case"],
)
def test_logon_return_codes(client: Gctp, userid: str, password: str, code: int) -> None:
    """Each failure has its bilag 5 code, HTTP stays 200, the token is ZZZzzzzzzzz."""
    got, token = client.logon(gctp.signon(userid, password))
    assert got == code
    assert (token == "ZZZzzzzzzzz") == (code != 900)


def test_expired_kendeord_906_until_changed(client: Gctp) -> None:
    """A kendeord older than 90 days gets 906; newpass with a bad one 908; a good one 900."""
    assert client.logon(gctp.signon("UDLOEBET", "Gammel12"))[0] == 906
    assert client.logon(gctp.newpass("UDLOEBET", "Gammel12", "kort"))[0] == 908
    assert client.logon(gctp.newpass("UDLOEBET", "Forkert1", "NyKode42"))[0] == 905
    assert client.logon(gctp.newpass("UDLOEBET", "Gammel12", "NyKode42"))[0] == 900
    assert client.logon(gctp.signon("UDLOEBET", "NyKode42"))[0] == 900
    assert client.logon(gctp.signon("UDLOEBET", "Gammel12"))[0] == 905


def test_newpass_refuses_reuse_and_different_repeats(client: Gctp) -> None:
    """908 for an earlier kendeord; 907 when newpass2 differs from newpass1."""
    assert client.logon(gctp.newpass("SKIFT001", "Skift123", "Skift123"))[0] == 908
    assert client.logon(gctp.newpass("SKIFT001", "Skift123", "AndenK12"))[0] == 900
    assert client.logon(gctp.newpass("SKIFT001", "AndenK12", "Skift123"))[0] == 908
    sik = Sik(
        function="newpass",
        userid="SKIFT001",
        password="AndenK12",
        newpass1="TredjeK3",
        extra=(("newpass2", "TredjeK4"),),
    )
    assert client.logon(GctpMessage(children=(sik,)))[0] == 907


def test_bilag8_sik_syntax(client: Gctp) -> None:
    """The older ``<Sik ui pw/>`` of bilag 8 §4.8 logs on too."""
    message = GctpMessage(children=(Sik(ui="PORTAL01", pw="Abcd1234"),))
    assert client.logon(message)[0] == 900


@pytest.mark.parametrize("token", [None, "ZZZabcdefgh", "junk"])
def test_services_need_a_live_token(client: Gctp, active: list[str], token: str | None) -> None:
    """No token or an unknown one: 901 "Token kendes ikke" in a Sik reply (bilag 5 §4.2.1)."""
    body = gctp.render(gctp.initier(FLYTB, keys(active[0]), mk="0041"))
    response = client.post(SERVICES, body, token)
    assert response.status_code == 200
    assert gctp.parse_logon_response(response.content).code == 901
    assert "Token=ZZZzzzzzzzz" in response.headers["set-cookie"]


# --- initier (bilag 7 eks. 17.1) ---------------------------------------------------------------


def test_initier_answers_like_eks_17_1(client: Gctp, token: str, active: list[str]) -> None:
    """Aktioner V F 3 (eks. 17.1 without 2, not offered), STAMPNR and CprData I as eks. 17.1."""
    reply = initier(client, token, active[0])
    vector = gctp.parse(
        (VECTORS / "bilag07-eks17.1-flytb-i-initier-vent-response.xml").read_bytes()
    )
    header = reply.primary_service.header  # type: ignore[union-attr]
    assert header is not None and header.actions == ("V", "F", "3")
    assert (header.a, header.u, header.st) == ("I", "V", "P")
    assert re.fullmatch(r"\d{20}", ts_of(reply))
    want_o = [(f.r, f.a) for f in all_fields(vector, "O")]
    got_o = [(f.r, f.a) for f in all_fields(reply, "O") if f.r != "UDR_LANDEKOD"]  # eks. 3-4
    assert got_o == want_o
    assert [(f.r, f.a) for f in all_fields(reply, "I")] == [
        (f.r, f.a) for f in all_fields(vector, "I")
    ]
    assert kvit(reply) == Kvit("Ok", t="", v="0")


def test_initier_stamoplysninger_with_klarskrift(
    client: Gctp, token: str, active: list[str], demo: dict[str, Person]
) -> None:
    """The person's name, status and address, codes with ``t``; locked inputs prefilled."""
    pnr = active[1]
    person = demo[pnr]
    o = fields_of(initier(client, token, pnr), "O")
    assert o["PNR"].v == pnr and o["STATUS"].v == "01" and o["I_VENT_MRK"].v is None
    assert person.navn is not None and o["ADRNVN"].t == person.navn.adresseringsnavn
    assert o["ADRNVN"].v == f"{person.navn.efternavn},{person.navn.fornavne}" + (
        f" {person.navn.mellemnavn}" if person.navn.mellemnavn else ""
    )
    assert o["KOMKOD"].v == "0851" and o["KOMKOD"].t == "Aalborg"
    assert o["VEJKOD"].t and o["POSTNR"].t and o["STADR"].v
    i = fields_of(initier(client, token, pnr), "I")
    assert (i["CADR_KOMKOD"].v, i["CADR_KOMKOD"].a, i["CADR_KOMKOD"].t) == (
        "0101",
        "L",
        "København",
    )
    assert (i["CADR_STARTDATO"].v, i["CADR_STARTDATO"].a) == ("20150228", "L")
    assert i["CADR_STARTMYNKOD"].t == "En Borger I Danmark"


def test_initier_fixture_person_gets_klarskrift(client: Gctp, token: str) -> None:
    """A person from the --persons YAML is found; the address is translated from the tables."""
    o = fields_of(initier(client, token, "0202801234", komk="0147"), "O")
    assert o["ADRNVN"].v == "Jensen,Anna Marie Holm"
    assert (o["VEJKOD"].t, o["POSTNR"].v, o["POSTNR"].t) == ("Vesterbrogade", "1620", "København V")
    assert o["STADR"].v == "Vesterbrogade 5, 3. tv"


def test_initier_dead_person_is_fejl(client: Gctp, token: str, demo: dict[str, Person]) -> None:
    """Status 90: Fejl naming the status in words, and no ts (bilag 7 §4, bilag 9 note 4)."""
    dead = next(p for p, person in sorted(demo.items()) if person.status == "90")
    reply = initier(client, token, dead)
    assert (kvit(reply).r, kvit(reply).v) == ("Fejl", "9010")
    assert "status 90 (Inaktiv, død)" in (kvit(reply).t or "")
    assert reply.primary_service.header.ts is None  # type: ignore[union-attr]


def test_initier_unknown_person_1022(client: Gctp, token: str) -> None:
    """A valid personnummer the register does not know: Fejl 1022 (bilag 8 eks. 17)."""
    reply = initier(client, token, "0202802729")
    assert kvit(reply) == Kvit("Fejl", t="person findes ikke", v="1022")


def test_initier_bad_key_is_the_rule_sets_error(
    client: Gctp, token: str, active: list[str]
) -> None:
    """Keys are validated at initier (bilag 9 step 2): a move 2 months ahead is refused."""
    reply = initier(client, token, active[0], hdto="20150428")
    assert kvit(reply).r == "Fejl" and "28 dage" in (kvit(reply).t or "")
    bad_pnr = initier(client, token, "01014290")
    # bilag 13's 52 (PNR GKPNR-1N, bilag-13 l.191-194): no rule declares it (issue 9 point 7),
    # the sandbox answers the module's number as for KOMK and VEJK (cpr_rules.fejlnumre)
    assert (kvit(bad_pnr).r, kvit(bad_pnr).v) == ("Fejl", "52")


def test_initier_non_self_service_haendelse_has_no_access(
    client: Gctp, token: str, active: list[str]
) -> None:
    """FLYT-I is not a self-service hændelse: 1035 'Du har ikke adgang til …'."""
    reply = client.send(gctp.initier("FLYT-I", keys(active[0]), mk="0041"), token)
    assert (kvit(reply).r, kvit(reply).v) == ("Fejl", "1035")
    assert (kvit(reply).t or "").startswith("Du har ikke adgang til")


def test_initier_direct_update_has_no_access(client: Gctp, token: str, active: list[str]) -> None:
    """A borger may only save in the venteregister (bilag 9 note 9): mk 0042 is refused."""
    reply = client.send(gctp.initier(FLYTB, keys(active[0]), mk="0042", vent=False), token)
    assert kvit(reply).v == "1035"


def test_kommune_user_has_no_cpr_services(client: Gctp, active: list[str]) -> None:
    """The kommune sikkerhedsgruppe may not initiate FLYTB-I."""
    token = client.token("KOMMUNE1", "KommKo26")
    assert kvit(initier(client, token, active[0])).v == "1035"


# --- valider (bilag 7 §8, §14) -----------------------------------------------------------------


def test_valider_answers_only_the_first_error(client: Gctp, token: str, active: list[str]) -> None:
    """Two errors (husnr and etage): one Fejl, for husnr, its number in e on that field."""
    ts = ts_of(initier(client, token, active[2]))
    data = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "1000", "CADR_ETAGE": "k9"}
    reply = client.send(gctp.valider(FLYTB, keys(active[2]), data, ts=ts, mk="0041"), token)
    receipt = kvit(reply)
    assert receipt.r == "Fejl" and "husnummer" in (receipt.t or "").lower()
    marked = reply.primary_service.error_fields  # type: ignore[union-attr]
    assert [(f.r, f.e) for f in marked] == [("CADR_HUSNR", "1")]  # bilag 8 §4.4 error state
    assert receipt.v == "0"  # the rule declares no CPR number


def test_valider_error_with_a_cpr_number(client: Gctp, token: str, active: list[str]) -> None:
    """Both husnr and bnr: the rule's CPR number 1068 (bilag 13) in Kvit v and in e."""
    ts = ts_of(initier(client, token, active[2]))
    data = {**ADDRESS, "CADR_BNR": "0101"}
    reply = client.send(gctp.valider(FLYTB, keys(active[2]), data, ts=ts, mk="0041"), token)
    assert kvit(reply).v == "1068"
    assert fields_of(reply, "I")["CADR_HUSNR"].e == "1068"


def test_e_marks_the_field_the_client_filled(client: Gctp, token: str, active: list[str]) -> None:
    """Deleting a protection the person lacks: Fejl 2017 (bilag 7 §14), e on CBSK_VALG3."""
    ts = ts_of(initier(client, token, active[2]))
    data = {**ADDRESS, "CBSK_VALG3": "S"}
    reply = client.send(gctp.valider(FLYTB, keys(active[2]), data, ts=ts, mk="0041"), token)
    assert (kvit(reply).r, kvit(reply).v) == ("Fejl", "2017")
    marked = reply.primary_service.error_fields  # type: ignore[union-attr]
    assert [(f.r, f.v, f.e) for f in marked] == [("CBSK_VALG3", "S", "2017")]


def test_valider_ok_formats_and_translates(client: Gctp, token: str, active: list[str]) -> None:
    """Ok: values as CPR stores them, vej/postdistrikt/kommune as klarskrift in t/tl."""
    ts = ts_of(initier(client, token, active[3]))
    reply = client.send(gctp.valider(FLYTB, keys(active[3]), ADDRESS, ts=ts, mk="0041"), token)
    assert kvit(reply) == Kvit("Ok", t="", v="0")
    i = fields_of(reply, "I")
    assert (i["CADR_HUSNR"].v, i["CADR_ETAGE"].v) == ("005", "03")
    assert i["CADR_VEJKOD"].t == "Vesterbrogade"
    assert i["CADR_VEJKOD"].tl == "Vesterbrogade 5, 3. tv, 1620 København V"
    assert i["CADR_HUSNR"].t == "1620 København V"
    assert i["CADR_KOMKOD"].t == "København"
    assert fields_of(reply, "O")["PNR"].v == active[3]


def test_valider_only_changed_fields_are_needed(
    client: Gctp, token: str, active: list[str]
) -> None:
    """The server keeps the fields sent earlier (bilag 7 eks. 3): send only what changed."""
    ts = ts_of(initier(client, token, active[3]))
    first = {**ADDRESS, "CADR_HUSNR": "1000"}
    assert (
        kvit(client.send(gctp.valider(FLYTB, keys(active[3]), first, ts=ts, mk="0041"), token)).r
        == "Fejl"
    )
    fixed = client.send(
        gctp.valider(FLYTB, keys(active[3]), {"CADR_HUSNR": "7"}, ts=ts, mk="0041"), token
    )
    assert kvit(fixed).r == "Ok" and fields_of(fixed, "I")["CADR_ETAGE"].v == "03"


def test_unknown_field_is_the_rule_sets_error_once(
    client: Gctp, token: str, active: list[str]
) -> None:
    """A field FLYTB-I does not have: the rule set's error; it is not kept for later requests."""
    ts = ts_of(initier(client, token, active[3]))
    data = {**ADDRESS, "CADR_FOO": "x"}
    reply = client.send(gctp.valider(FLYTB, keys(active[3]), data, ts=ts, mk="0041"), token)
    assert kvit(reply).r == "Fejl" and "CADR_FOO" in (kvit(reply).t or "")
    again = client.send(gctp.valider(FLYTB, keys(active[3]), {}, ts=ts, mk="0041"), token)
    assert kvit(again).r == "Ok"


def test_locked_field_changed_is_a_system_error(
    client: Gctp, token: str, active: list[str]
) -> None:
    """Changing CADR_KOMKOD (a="L") is a systemfejl (bilag 7 eks. 3); resending it is fine."""
    ts = ts_of(initier(client, token, active[3]))
    same = client.send(
        gctp.valider(FLYTB, keys(active[3]), {**ADDRESS, "CADR_KOMKOD": "0101"}, ts=ts, mk="0041"),
        token,
    )
    assert kvit(same).r == "Ok"
    changed = client.send(
        gctp.valider(FLYTB, keys(active[3]), {"CADR_KOMKOD": "0851"}, ts=ts, mk="0041"), token
    )
    assert (kvit(changed).r, kvit(changed).v) == ("System", "9030")


def test_anmrk_is_passed_by_sending_again(client: Gctp, token: str, active: list[str]) -> None:
    """A warning is an Anmrk; the same request again continues past it (bilag 3, eks. 17.8)."""
    ts = ts_of(initier(client, token, active[4]))
    data = {**ADDRESS, "CBSK_VALG1": "X", "CBSK_ANTALAAR1": "5"}
    request = gctp.valider(FLYTB, keys(active[4]), data, ts=ts, mk="0041")
    first = kvit(client.send(request, token))
    assert (first.r, first.v) == ("Anmrk", "0") and "kommunens godkendelse" in (first.t or "")
    assert kvit(client.send(request, token)).r == "Ok"


# --- gem (bilag 7 eks. 17.8), venteregister, kommune --------------------------------------------


def gem(client: Gctp, token: str, pnr: str, data: dict[str, str] | None = None) -> GctpMessage:
    ts = ts_of(initier(client, token, pnr))
    return client.send(gctp.gem(FLYTB, keys(pnr), data or ADDRESS, ts=ts, mk="0041"), token)


def test_gem_answers_afslut_with_haen(client: Gctp, token: str, active: list[str]) -> None:
    """Kvit Afslut v=0 with AFSLUT (the person) and HAEN (HAENDELSE, PNR, VNTS = ts)."""
    pnr = active[5]
    ts = ts_of(initier(client, token, pnr))
    reply = client.send(gctp.gem(FLYTB, keys(pnr), ADDRESS, ts=ts, mk="0041"), token)
    receipt = kvit(reply)
    assert (receipt.r, receipt.v, receipt.t) == ("Afslut", "0", None)
    afslut, haen = receipt.table("AFSLUT"), receipt.table("HAEN")
    assert afslut is not None and haen is not None
    assert names(afslut.rows[0].children) == [
        "PNR", "ADRNVN", "FORNVN", "MELNVN", "EFTERNVN", "STATUS", "REL"
    ]  # fmt: skip
    assert afslut.rows[0].k == f"PNR={pnr};"
    assert haen.values("HAENDELSE") == (FLYTB,) and haen.values("PNR") == (pnr,)
    assert haen.values("VNTS") == (ts,) and haen.rows[0].k == ts
    # sent again (the answer was lost): the same receipt, not a second entry
    again = client.send(gctp.gem(FLYTB, keys(pnr), ADDRESS, ts=ts, mk="0041"), token)
    assert kvit(again) == receipt
    # the person now has data in Vent: the next initier answers Ok with I_VENT_MRK (eks. 17.1)
    next_initier = initier(client, token, pnr)
    assert fields_of(next_initier, "O")["I_VENT_MRK"].v == "X"
    assert kvit(next_initier) == Kvit("Ok", t="", v="0")


def test_kommune_cli_lists_masked_and_approve_moves_the_person(
    client: Gctp,
    token: str,
    active: list[str],
    server: RunningSandbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The CLI works on the running server's database; approving applies the move."""
    pnr = active[6]
    vnts = kvit(gem(client, token, pnr)).table("HAEN").values("VNTS")[0]  # type: ignore[union-attr]
    db = str(server.config.db)
    assert (
        main(["sandbox", "kommune", "list", "--komk", "0101", "--user", "KOMMUNE1", "--db", db])
        == 0
    )
    out = capsys.readouterr().out
    assert vnts in out and f"{pnr[:6]}-****" in out and pnr not in out
    assert main(["sandbox", "kommune", "approve", vnts, "--user", "KOMMUNE1", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == f"{vnts} godkendt"
    assert main(["sandbox", "kommune", "approve", vnts, "--user", "KOMMUNE1", "--db", db]) == 2
    assert "already approved" in capsys.readouterr().err
    o = fields_of(initier(client, token, pnr), "O")
    assert (o["KOMKOD"].v, o["KOMKOD"].t, o["VEJKOD"].v, o["VEJKOD"].t) == (
        "0101", "København", "8204", "Vesterbrogade"
    )  # fmt: skip
    assert (o["HUSNR"].v, o["ETAGE"].v, o["POSTNR"].v, o["POSTNR"].t) == (
        "005", "03", "1620", "København V"
    )  # fmt: skip
    assert o["I_VENT_MRK"].v is None


@pytest.fixture(scope="module")
def kommune_token(client: Gctp) -> str:
    return client.token("KOMMUNE1", "KommKo26")


def kommune_call(client: Gctp, token: str, method: str, path: str, **kw: object) -> httpx.Response:
    headers = {"Cookie": f"Token={token}"}
    return httpx.request(method, client.url + path, headers=headers, timeout=10, **kw)  # type: ignore[arg-type]


def test_kommune_http_reject_with_reason(
    client: Gctp, token: str, kommune_token: str, active: list[str]
) -> None:
    """GET events shows it masked; reject needs a reason; deciding twice is 409."""
    pnr = active[7]
    vnts = kvit(gem(client, token, pnr)).table("HAEN").values("VNTS")[0]  # type: ignore[union-attr]
    listed = kommune_call(client, kommune_token, "GET", "/sandbox/kommune/events?komk=0101")
    assert listed.status_code == 200 and pnr not in listed.text
    event = next(e for e in listed.json()["events"] if e["vnts"] == vnts)
    assert event["pnr"] == f"{pnr[:6]}-****" and event["adresse"]["CADR_HUSNR"] == "005"
    path = f"/sandbox/kommune/events/{vnts}/reject"
    assert kommune_call(client, kommune_token, "POST", path, json={}).status_code == 400
    done = kommune_call(
        client, kommune_token, "POST", path, json={"reason": "Adressen er ikke beboelig"}
    )
    assert done.status_code == 200
    assert done.json()["event"]["status"] == "afvist"
    assert done.json()["event"]["reason"] == "Adressen er ikke beboelig"
    assert (
        kommune_call(client, kommune_token, "POST", path, json={"reason": "igen"}).status_code
        == 409
    )
    approve = f"/sandbox/kommune/events/{vnts}/approve"
    assert kommune_call(client, kommune_token, "POST", approve).status_code == 409
    missing = "/sandbox/kommune/events/20000101000000000000/approve"
    assert kommune_call(client, kommune_token, "POST", missing).status_code == 404
    o = fields_of(initier(client, token, pnr), "O")
    assert o["I_VENT_MRK"].v is None and o["KOMKOD"].v == "0851"


def test_kommune_http_needs_a_kommune_user(client: Gctp, token: str) -> None:
    """No token: 401; a borger's token: 403."""
    url = client.url + "/sandbox/kommune/events"
    assert httpx.get(url, timeout=10).status_code == 401
    assert httpx.get(url, headers={"Cookie": f"Token={token}"}, timeout=10).status_code == 403


# --- afbryd, unknown ts, other actions ----------------------------------------------------------


def test_afbryd_ends_the_dialogue(client: Gctp, token: str, active: list[str]) -> None:
    """a="F" answers Ok and drops the ts; using it again asks to initiate again."""
    pnr = active[8]
    ts = ts_of(initier(client, token, pnr))
    assert kvit(client.send(gctp.afbryd(FLYTB, keys(pnr), ts=ts, mk="0041"), token)).r == "Ok"
    reply = client.send(gctp.valider(FLYTB, keys(pnr), ADDRESS, ts=ts, mk="0041"), token)
    assert (kvit(reply).r, kvit(reply).v) == ("Fejl", "9020")
    assert "initier igen" in (kvit(reply).t or "")


def test_a_dialogue_belongs_to_its_user(client: Gctp, token: str, active: list[str]) -> None:
    """Another user's ts is unknown to you; the same user with a new token may continue."""
    ts = ts_of(initier(client, token, active[8]))
    request = gctp.valider(FLYTB, keys(active[8]), ADDRESS, ts=ts, mk="0041")
    assert kvit(client.send(request, client.token("PORTAL02", "Abcd1234"))).v == "9020"
    assert kvit(client.send(request, client.token())).r == "Ok"


@pytest.mark.parametrize(
    ("action", "number"), [("G", "1035"), ("4", "1035"), ("2", "9023"), ("7", "9022")]
)
def test_other_actions(
    client: Gctp, token: str, active: list[str], action: str, number: str
) -> None:
    """Direct saves are refused (1035), drafts do not exist (9023), others are not allowed."""
    ts = ts_of(initier(client, token, active[9]))
    request = gctp.request(FLYTB, gctp.Action(action), keys(active[9]), ADDRESS, ts=ts, mk="0041")
    receipt = kvit(client.send(request, token))
    assert (receipt.r, receipt.v) == ("Fejl", number)


def test_keys_must_match_the_initiation(client: Gctp, token: str, active: list[str]) -> None:
    """A later request with other keys than the ts was initiated with is a Fejl."""
    ts = ts_of(initier(client, token, active[9]))
    other = keys(active[9], hdto="20150227")
    reply = client.send(gctp.valider(FLYTB, other, ADDRESS, ts=ts, mk="0041"), token)
    assert (kvit(reply).r, kvit(reply).v) == ("Fejl", "9021")


# --- hostile input ----------------------------------------------------------------------------


def test_oversized_body_is_413(client: Gctp, token: str) -> None:
    """More than max_body_bytes: 413 before parsing."""
    assert client.post(SERVICES, b"<" * (17 * 1024), token).status_code == 413
    assert client.post(LOGON, b"x" * (17 * 1024)).status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"garbage",
        b"",
        b"<root xmlns='http://www.cpr.dk'><Gctp><System r='CprAjour'>",
        b'<!DOCTYPE r [<!ENTITY a "aaaa">]><root xmlns="http://www.cpr.dk"><Gctp/></root>',
        b'<root xmlns="http://www.cpr.dk"><Gctp><Bogus/></Gctp></root>',
        "<root xmlns='http://www.cpr.dk'><Gctp>0101429059 æøå</Gctp></root>".encode("utf-16"),
    ],
    ids=["garbage", "empty", "truncated", "dtd", "unknown-element", "utf-16"],
)
def test_garbage_gets_a_gctp_receipt(client: Gctp, token: str, body: bytes) -> None:
    """Not GCTP: HTTP 200 and a System Kvit (services) or Sik 999 (logon), never a 500."""
    service = client.post(SERVICES, body, token)
    assert service.status_code == 200
    receipt = gctp.parse(service.content).kvit
    assert receipt is not None and (receipt.r, receipt.v) == ("System", "9031")
    assert "0101429059" not in service.text
    logon = client.post(LOGON, body)
    assert logon.status_code == 200
    assert gctp.parse_logon_response(logon.content).code == 999


def test_wrong_system_or_no_service_is_a_system_receipt(client: Gctp, token: str) -> None:
    """A CprSoeg request, or a Gctp without a service: System 9032."""
    soeg = b'<root xmlns="http://www.cpr.dk"><Gctp><System r="CprSoeg"/></Gctp></root>'
    assert kvit(gctp.parse(client.post(SERVICES, soeg, token).content)).v == "9032"
    empty = b'<root xmlns="http://www.cpr.dk"><Gctp v="1.0"/></root>'
    assert kvit(gctp.parse(client.post(SERVICES, empty, token).content)).v == "9032"


def test_get_is_not_allowed(client: Gctp) -> None:
    """Bilag 5 §4.1: requests are always POST."""
    assert httpx.get(client.url + SERVICES, timeout=10).status_code == 405


def test_logs_never_show_a_personnummer(
    client: Gctp, token: str, active: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    """A whole dialogue logs no personnummer and no kendeord."""
    caplog.set_level("INFO")
    client.token("PORTAL01", "Abcd1234")
    kvit(gem(client, token, active[10]))
    client.post(SERVICES, f"<x>{active[10]}</x>".encode(), token)
    assert "cpr_rules.sandbox" in caplog.text
    assert active[10] not in caplog.text and "Abcd1234" not in caplog.text
