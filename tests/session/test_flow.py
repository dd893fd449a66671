"""The four steps of bilag 9 against CPR's documented answers (bilag 5 and bilag 7 §17)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cpr_rules import gctp
from cpr_rules.errors import InputError
from cpr_rules.gctp import KvitType
from cpr_rules.session import (
    CprAnmrk,
    CprFejl,
    CprSession,
    CprSystemError,
    SessionStateError,
    TokenUnknownError,
)

from .fake_cpr import (
    GEM_DIREKTE,
    GEM_VENT,
    INITIER_DIREKTE,
    INITIER_VENT,
    MOVE,
    PNR,
    TOKEN,
    TS,
    FakeCpr,
    Reply,
    answer,
    assert_sent_vector,
    enveloped,
    logon_ok,
    service,
    session,
    token_unknown,
    vector,
    with_kvit,
)

ANMRK_243 = vector("bilag07-eks17.8-kvit-anmrk.xml")


def _initiated(*more: Reply, **options: Any) -> tuple[FakeCpr, CprSession]:
    """A session logged on and with FLYTB-I initiated from eks. 17.1, then ``more`` replies."""
    fake = FakeCpr(logon_ok(), answer(vector(INITIER_VENT)), *more)
    cpr = session(fake, **options)
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    return fake, cpr


def test_logon_sends_the_documented_signon() -> None:
    """Logon posts bilag 5's Sik signon to /cics/dmwg/cscwbsgn with no Cookie, keeps the token."""
    fake = FakeCpr(logon_ok())
    cpr = session(fake, userid="x...x", kendeord="xxxxxxxx")
    cpr.logon()
    (request,) = fake.requests
    assert request.method == "POST"
    assert str(request.url) == "https://gctp-demo.cpr.dk/cics/dmwg/cscwbsgn"
    assert request.headers["User-Agent"] == "CPR/1.0"
    assert request.headers["Content-Type"] == "text/xml; charset=ISO-8859-1"
    assert "Cookie" not in request.headers
    assert_sent_vector(request, "bilag05-s4.2.1-signon-request.xml")
    assert cpr.is_logged_on


def test_initier_sends_eks_17_1_with_the_token() -> None:
    """Initier logs on first if needed, then posts eks. 17.1's request with Cookie: Token=…"""
    fake, _ = _initiated()
    logon, initier = fake.requests
    assert logon.url.path == "/cics/dmwg/cscwbsgn"
    assert initier.url.path == "/cpr-online-gctp/gctp"
    assert initier.headers["Cookie"] == f"Token={TOKEN}"
    assert_sent_vector(initier, "bilag07-eks17.1-flytb-i-initier-vent-request.xml")


def test_stamoplysninger_of_eks_17_1() -> None:
    """Name, address with klarskrift, status, I_VENT_MRK, actions and marked input fields."""
    fake = FakeCpr(logon_ok(), answer(vector(INITIER_VENT)))
    stam = session(fake).initier("FLYTB-I", "020280-2729", dt.date(2002, 2, 28), 101)
    assert (stam.haendelse, stam.ts, stam.pnr.digits) == ("FLYTB-I", TS, PNR)
    assert (stam.name, stam.adrnvn, stam.koen, stam.foeddato) == (
        "Janus JaJacobsen", "JaJacobsen,Janus", "M", "19800202"
    )  # fmt: skip
    assert (stam.status, stam.status_text) == ("01", "Aktiv, bopæl i dansk folkeregister")
    assert stam.i_vent is True and stam.protections == ()
    address = stam.address
    assert (address.komkod, address.komkod_text) == ("0201", "Allerød")
    assert (address.vejkod, address.vejkod_text, address.husnr) == ("2010", "Allerødvej", "005")
    assert (address.postnr, address.postnr_text, address.lokalitet) == (
        "3450", "Allerød", "Allerød Husene"
    )  # fmt: skip
    assert address.klarskrift == "c/o Hansen, Allerødvej 5, Allerød By, 3450 Allerød"
    assert dict(stam.actions) == {
        "V": "Validering", "F": "Fortryd", "2": "Gem kladde i vent", "3": "Gem og send til godk"
    }  # fmt: skip
    vejkod, komkod = stam.fields["CADR_VEJKOD"], stam.fields["CADR_KOMKOD"]
    assert vejkod.must_fill and not vejkod.locked and vejkod.value is None
    assert komkod.locked and (komkod.value, komkod.translation) == ("0101", "København")
    assert stam.must_fill == ("CADR_VEJKOD",)
    assert stam.locked["CADR_STARTMYNKOD"] == "0041"
    assert stam.verdict.kind is KvitType.Ok and stam.verdict.ok
    assert stam.as_stamdata() == {"STATUS": "01", "I_VENT_MRK": "X"}


def test_gem_passes_anmrk_243_and_returns_the_kvittering_of_eks_17_8() -> None:
    """Eks. 17.8: gem gets Anmrk 243; sending the same gem again saves; VNTS is the ts."""
    anmrk = answer(with_kvit(GEM_VENT, ANMRK_243))
    fake, cpr = _initiated(service(), anmrk, answer(vector(GEM_VENT)))
    verdict = cpr.valider(MOVE)
    assert verdict.ok and verdict.field is None
    with pytest.raises(CprAnmrk) as raised:
        cpr.gem()
    assert raised.value.verdict.number == 243
    assert cpr.haendelse == "FLYTB-I"  # nothing saved yet
    receipt = cpr.gem()
    assert receipt.vnts == TS and receipt.is_venteregister
    assert (receipt.haendelse, receipt.pnr.digits, receipt.verdict.kind) == (
        "FLYTB-I", PNR, KvitType.Afslut
    )  # fmt: skip
    (row,) = receipt.afslut
    assert (row.adrnvn, row.fornvn, row.efternvn, row.status) == (
        "JaJacobsen,Janus", "JaJanus", "JaJacobsen", "01"
    )  # fmt: skip
    assert fake.actions() == ["signon", "I", "V", "3", "3"]
    for gem_request in fake.requests[3:]:
        assert_sent_vector(gem_request, "bilag07-eks17.3-flytb-i-gem-vent-request.xml")
    assert cpr.haendelse is None


def test_gem_continue_anmrk_resubmits_by_itself() -> None:
    """gem(continue_anmrk=True) sends the same request again after the Anmrk (bilag 3)."""
    anmrk = answer(with_kvit(GEM_VENT, ANMRK_243))
    fake, cpr = _initiated(anmrk, answer(vector(GEM_VENT)))
    receipt = cpr.gem(MOVE, continue_anmrk=True)
    assert receipt.vnts == TS
    assert fake.actions() == ["signon", "I", "3", "3"]


def test_continue_anmrk_passes_only_the_numbers_given() -> None:
    """A collection of Anmrk numbers passes those only; any other Anmrk stops the gem."""
    anmrk = answer(with_kvit(GEM_VENT, ANMRK_243))
    _, cpr = _initiated(anmrk)
    with pytest.raises(CprAnmrk):
        cpr.gem(MOVE, continue_anmrk={2523})


def test_the_same_anmrk_twice_is_not_passed_again() -> None:
    """If CPR repeats an Anmrk after the resubmit, the session stops instead of looping."""
    anmrk = with_kvit(GEM_VENT, ANMRK_243)
    fake, cpr = _initiated(answer(anmrk), answer(anmrk))
    with pytest.raises(CprAnmrk):
        cpr.gem(MOVE, continue_anmrk=True)
    assert fake.actions().count("3") == 2


def test_direct_mode_eks_17_2_anmrk_2523_then_gem_g() -> None:
    """mk 0042: initier has no u="V", its Anmrk 2523 is passed, gem is action G (eks. 17.4)."""
    ok = with_kvit(INITIER_DIREKTE, b'<Kvit r="Ok" t="" v="0"/>')
    fake = FakeCpr(
        logon_ok(), answer(vector(INITIER_DIREKTE)), answer(ok), answer(vector(GEM_DIREKTE))
    )
    cpr = session(fake, mk="0042")
    first = cpr.initier("FLYTB-I", PNR, "20040404", "0101")
    assert first.verdict.is_warning and first.verdict.number == 2523
    assert first.verdict.text == "Personen 020280-**** har data i Vent"
    assert set(first.actions) == {"V", "F", "G", "2", "4"}
    again = cpr.initier("FLYTB-I", PNR, "20040404", "0101", continue_anmrk=True)
    assert again.verdict.ok
    receipt = cpr.gem(MOVE)
    assert receipt.vnts is None and not receipt.is_venteregister
    assert receipt.ts == "20040527071721606702"
    assert_sent_vector(fake.requests[1], "bilag07-eks17.2-flytb-i-initier-direkte-request.xml")
    header = gctp.parse(fake.requests[-1].content).primary_service.header  # type: ignore[union-attr]
    assert (header.a, header.mk, header.u, header.ts) == ("G", "0042", None, "20040527071710590193")


def test_valider_returns_a_fejl_verdict_with_the_marked_field() -> None:
    """Bilag 7 eks. 4: Fejl 2017, CBSK_VALG1 marked e="2017", is a verdict, not an exception."""
    fake = FakeCpr(
        logon_ok(),
        answer(enveloped("bilag07-eks2-besopl-i-initier-response.xml")),
        answer(enveloped("bilag07-eks4-besopl-i-valider-fejl-response.xml")),
    )
    cpr = session(fake, mk="0201")
    cpr.initier("BESOPL-I", "0202802753", "20060116")
    verdict = cpr.valider({"CBSK_VALG1": "S"})
    assert (verdict.kind, verdict.number, verdict.field) == (KvitType.Fejl, 2017, "CBSK_VALG1")
    assert verdict.text == "Man kan ikke slette en beskyttelse der ikke findes"
    assert verdict.is_error and not verdict.ok
    assert verdict.values["CBSK_VALG1"] == "S"


def test_valider_gives_cprs_translations() -> None:
    """The translations CPR gave (t) and its formatted values come back with the verdict."""
    inputs = (
        '<CprData u="I"><Rolle r="HovedRolle"><Field r="CADR_VEJKOD" v="1010" t="Amagertorv"/>'
        '<Field r="CADR_HUSNR" v="005"/></Rolle></CprData>'
    )
    _, cpr = _initiated(service(inputs=inputs))
    verdict = cpr.valider({"CADR_VEJKOD": "1010", "CADR_HUSNR": "5"})
    assert dict(verdict.translations) == {"CADR_VEJKOD": "Amagertorv"}
    assert verdict.values["CADR_HUSNR"] == "005"


def test_fejl_at_gem_raises_and_keeps_the_hændelse() -> None:
    """A Fejl at gem raises CprFejl carrying the verdict; the hændelse stays open to correct."""
    fejl = '<Kvit r="Fejl" t="Vejkode findes ikke" v="9"/>'
    _, cpr = _initiated(service(fejl, a="3"))
    with pytest.raises(CprFejl) as raised:
        cpr.gem(MOVE)
    assert raised.value.verdict.text == "Vejkode findes ikke"
    assert cpr.haendelse == "FLYTB-I"


def test_fejl_at_initier_raises() -> None:
    """Bilag 8 eks. 17: 'person findes ikke' at initier is a CprFejl (no stamoplysninger)."""
    fake = FakeCpr(logon_ok(), service('<Kvit r="Fejl" t="person findes ikke" v="1022"/>', a="I"))
    with pytest.raises(CprFejl, match="1022"):
        session(fake).initier("FLYTB-I", PNR, "20020228", "0101")


def test_system_error_at_valider_raises() -> None:
    """A Kvit System is a technical fault in CPR: CprSystemError, even at valider."""
    _, cpr = _initiated(service('<Kvit r="System" t="Teknisk fejl" v="1"/>'))
    with pytest.raises(CprSystemError):
        cpr.valider(MOVE)


def test_long_fejl_text_lines_are_kept() -> None:
    """Bilag 8 eks. 19: the FEJLTXT lines of a long error are the verdict's messages."""
    kvit = vector("bilag08-eks19-kvit-fejltxt.xml").decode("iso-8859-1")
    _, cpr = _initiated(service(kvit))
    verdict = cpr.valider(MOVE)
    assert verdict.number == 2001
    assert verdict.text.startswith("Der må ikke angives personer")  # no t: the lines
    assert verdict.messages == (
        "Der må ikke angives personer med udenlands addresse", "Addressen findes ikke"
    )  # fmt: skip


def test_afbryd_sends_f_with_the_ts_and_ends_the_hændelse() -> None:
    """Afbryd is action F with the ts (bilag 7 §10); afterwards gem is out of order."""
    fake, cpr = _initiated(service(a="F"))
    assert cpr.afbryd().ok
    header = gctp.parse(fake.requests[-1].content).primary_service.header  # type: ignore[union-attr]
    assert (header.a, header.ts, [f.r for f in header.keys]) == ("F", TS, ["PNR", "HDTO", "KOMK"])
    with pytest.raises(SessionStateError, match="initier"):
        cpr.gem(MOVE)


def test_context_manager_afbryder_an_open_hændelse() -> None:
    """Leaving the with block with an initiated, unsaved hændelse sends afbryd."""
    fake, cpr = _initiated(service(a="F"))
    with cpr:
        pass
    assert fake.actions()[-1] == "F"


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: s.valider(MOVE), "valider"),
        (lambda s: s.gem(MOVE), "gem"),
        (lambda s: s.afbryd(), "afbryd"),
    ],
    ids=["valider", "gem", "afbryd"],
)
def test_steps_before_initier_are_refused(call: object, match: str) -> None:
    """valider, gem and afbryd need an initiated hændelse; nothing is sent."""
    fake = FakeCpr()
    with pytest.raises(SessionStateError, match=match):
        call(session(fake))  # type: ignore[operator]
    assert fake.requests == []


def test_gem_needs_data() -> None:
    """gem() without data and without an earlier valider is refused locally."""
    fake, cpr = _initiated()
    with pytest.raises(SessionStateError, match="data"):
        cpr.gem()
    assert len(fake.requests) == 2


def test_an_action_cpr_did_not_offer_is_refused() -> None:
    """Eks. 17.1 offers V, F, 2, 3: a direct gem (G, mk 0042) is refused before sending."""
    fake = FakeCpr(logon_ok(), answer(vector(INITIER_VENT)))
    cpr = session(fake, mk="0042")
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    with pytest.raises(SessionStateError, match="action G"):
        cpr.gem(MOVE)


def test_changing_a_locked_field_is_refused_locally() -> None:
    """CADR_KOMKOD is locked (a="L"): changing it would be a system error (bilag 7 §13)."""
    fake, cpr = _initiated()
    with pytest.raises(InputError, match="locked"):
        cpr.valider({**MOVE, "CADR_KOMKOD": "0147"})
    assert len(fake.requests) == 2


def test_sending_a_locked_field_unchanged_is_allowed() -> None:
    """Bilag 7 §13: the client may send every field back, the locked ones too."""
    _, cpr = _initiated(service())
    assert cpr.valider({**MOVE, "CADR_KOMKOD": "0101"}).ok


def test_unknown_input_field_is_refused_locally() -> None:
    """A field CPR did not offer at initier is refused before sending."""
    _, cpr = _initiated()
    with pytest.raises(InputError, match="CADR_NOPE"):
        cpr.valider({"CADR_NOPE": "1"})


@pytest.mark.parametrize(
    ("keys", "match"),
    [
        (("0202802729", "2002-02-30", "0101"), "HDTO"),
        (("0202802729", "20020228", "01011"), "KOMK"),
        (("020280272", "20020228", "0101"), "personnummer|10 digits|digits"),
    ],
    ids=["hdto-not-a-date", "komk-five-digits", "pnr-nine-digits"],
)
def test_bad_keys_are_refused_locally(keys: tuple[str, str, str], match: str) -> None:
    """Keys that cannot be right are an InputError; nothing is sent."""
    fake = FakeCpr()
    with pytest.raises(InputError, match=match):
        session(fake).initier("FLYTB-I", *keys)
    assert fake.requests == []


def test_token_unknown_on_a_service_call_logs_on_again_once() -> None:
    """901 on a service call: log on again and send the call again (not a CPR Fejl)."""
    fake = FakeCpr(
        logon_ok(), token_unknown(), logon_ok("ZZZijklmnop"), answer(vector(INITIER_VENT))
    )
    stam = session(fake).initier("FLYTB-I", PNR, "20020228", "0101")
    assert stam.ts == TS
    assert fake.actions() == ["signon", "I", "signon", "I"]
    assert fake.requests[-1].headers["Cookie"] == "Token=ZZZijklmnop"


def test_token_unknown_twice_raises() -> None:
    """If CPR does not know the fresh token either, TokenUnknownError (901) is raised."""
    fake = FakeCpr(logon_ok(), token_unknown(), logon_ok(), token_unknown())
    with pytest.raises(TokenUnknownError) as raised:
        session(fake).initier("FLYTB-I", PNR, "20020228", "0101")
    assert raised.value.code == 901
    assert len(fake.requests) == 4


def test_token_not_accepted_cookie_on_a_service_call_logs_on_again() -> None:
    """Set-Cookie Token=ZZZzzzzzzzz on a service answer is handled like 901."""
    rejected = answer(vector(INITIER_VENT), token="ZZZzzzzzzzz")
    fake = FakeCpr(logon_ok(), rejected, logon_ok(), answer(vector(INITIER_VENT)))
    session(fake).initier("FLYTB-I", PNR, "20020228", "0101")
    assert fake.actions() == ["signon", "I", "signon", "I"]


def test_valider_data_is_what_gem_sends_by_default() -> None:
    """gem() sends the fields of the last valider; gem(data) sends the data given."""
    fake, cpr = _initiated(service(), answer(vector(GEM_VENT)))
    cpr.valider({"CADR_VEJKOD": "1010"})
    cpr.gem()
    inputs = gctp.parse(fake.requests[-1].content).primary_service.data("I")  # type: ignore[union-attr]
    assert [(f.r, f.v) for f in inputs.iter_fields()] == [("CADR_VEJKOD", "1010")]  # type: ignore[union-attr]


def test_mk_must_be_a_myndighedskode() -> None:
    """mk is checked when the session is built, not at the first call."""
    with pytest.raises(InputError, match="mk"):
        session(FakeCpr(), mk="41")


def test_a_kvit_number_that_is_no_ascii_number_is_none() -> None:
    """v="²" (a Unicode digit int() refuses) gives number None, not a ValueError."""
    _, cpr = _initiated(service('<Kvit r="Anmrk" t="?" v="²"/>'))
    verdict = cpr.valider(MOVE)
    assert verdict.is_warning and verdict.number is None
