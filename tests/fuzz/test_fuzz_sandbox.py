"""The sandbox over real HTTP, fed hostile requests: every GCTP request gets a GCTP answer (never
a 500, never the internal-error receipt 9099), every kommune request a JSON answer with a 4xx
or 2xx status, nothing is logged as a traceback, and the citizen's open dialogue stays usable
(issue 11 point 3)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from cpr_rules import gctp
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.person_records import load_demo_persons
from cpr_rules.sandbox.server import RunningSandbox, start
from cpr_rules.sandbox.users import DEMO_USERS
from tests.strategies import deep_json

from ._bounds import FUZZ

TODAY = dt.date(2015, 2, 1)
LOGON = "/cics/dmwg/cscwbsgn"
SERVICES = "/cpr-online-gctp/gctp"
KOMMUNE = "/sandbox/kommune/events"
PNR = sorted(p for p, x in load_demo_persons().items() if x.status == "01" and x.navn)[0]
KEYS = {"PNR": PNR, "HDTO": "20150228", "KOMK": "0101"}
GOOD = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5"}
USERID, KENDEORD, _ = DEMO_USERS[0]
KOMMUNE_USER = next((u, k) for u, k, gruppe in DEMO_USERS if gruppe == "kommune")


class _Tracebacks(logging.Handler):
    """Every log record that carries a traceback, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info or any(
            marker in text for marker in ("Traceback", "Exception in ASGI", "internal error")
        ):
            self.seen.append(text)


@dataclass
class Portal:
    """One portal user with one open FLYTB-I dialogue (reopened when a request ended it)."""

    url: str
    http: httpx.Client
    token: str = ""
    ts: str = ""
    tracebacks: _Tracebacks = field(default_factory=_Tracebacks)

    def post(self, path: str, body: bytes, token: str | None = None) -> httpx.Response:
        headers = {"Content-Type": "text/xml", **({"Cookie": f"Token={token}"} if token else {})}
        return self.http.post(self.url + path, content=body, headers=headers)

    def answer(self, body: bytes, path: str = SERVICES) -> gctp.GctpMessage:
        """CPR's answer to ``body``: 200, GCTP, never the internal-error receipt."""
        response = self.post(path, body, self.token)
        assert response.status_code in (200, 413), (response.status_code, body[:200])
        if response.status_code == 413:
            return gctp.GctpMessage(())
        assert response.headers["content-type"].startswith("text/xml"), response.headers
        if path == LOGON:
            gctp.parse_logon_response(response.content)
            return gctp.GctpMessage(())
        reply = gctp.parse(response.content)
        assert reply.kvit is None or reply.kvit.v != "9099", response.content[:300]
        return reply

    def open(self) -> None:
        response = self.post(LOGON, gctp.render(gctp.signon(USERID, KENDEORD)))
        self.token = response.cookies["Token"]
        reply = self.answer(gctp.render(gctp.initier("FLYTB-I", KEYS, mk="0041")))
        service = reply.primary_service
        assert service is not None and service.header is not None and service.header.ts
        self.ts = service.header.ts

    def still_usable(self) -> None:
        """A good valider on the open dialogue is answered as usual; when the hostile request
        ended the dialogue (a gem or an afbryd it was allowed to be), a new one opens."""
        reply = self.answer(gctp.render(gctp.valider("FLYTB-I", KEYS, GOOD, ts=self.ts, mk="0041")))
        assert reply.kvit is not None
        if reply.kvit.v in ("9020", "901"):  # ended, or the token was ended (a newpass)
            self.open()
            reply = self.answer(
                gctp.render(gctp.valider("FLYTB-I", KEYS, GOOD, ts=self.ts, mk="0041"))
            )
            assert reply.kvit is not None
        assert (reply.kvit.r, reply.kvit.v) in (("Ok", "0"), ("Ok", "")), reply.kvit


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    folder: Path = tmp_path_factory.mktemp("fuzz-sandbox")
    config = SandboxConfig(port=0, db=folder / "sandbox.sqlite3", today=TODAY, demo_scrypt_n=16)
    tracebacks = _Tracebacks()
    logging.getLogger().addHandler(tracebacks)
    try:
        running: RunningSandbox
        with start(config) as running, httpx.Client(timeout=10) as http:
            portal = Portal(running.url, http, tracebacks=tracebacks)
            portal.open()
            yield portal
    finally:
        logging.getLogger().removeHandler(tracebacks)
    assert not tracebacks.seen, tracebacks.seen[:3]


#: Text a citizen or an attacker might put anywhere: markup, quotes, non-Latin-1, controls.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ['"', "'", "<", ">", "&", "&amp;", "&#0;", "]]>", "€", "Ā", "😀", "\x00", "\udc80", ""]
    ),
    st.text(alphabet=st.characters(codec="latin-1"), max_size=300),
)
VALID = {
    "a": "V",
    "st": "P",
    "u": "V",
    "mk": "0041",
    "PNR": PNR,
    "HDTO": "20150228",
    "KOMK": "0101",
    "NAME": "CADR_HUSNR",
    "VALUE": "5",
    "haendelse": "FLYTB-I",
}


def _body(parts: dict[str, str], ts: str, encoding: str) -> bytes:
    def q(name: str) -> str:  # the value as an attribute, quotes and markup left in on purpose
        return parts.get(name, VALID[name])

    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><root xmlns="http://www.cpr.dk">'
        f'<Gctp v="1.0"><System r="CprAjour"><Service r="{q("haendelse")}">'
        f'<CprServiceHeader r="{q("haendelse")}" st="{q("st")}" a="{q("a")}" mk="{q("mk")}"'
        f' ts="{parts.get("ts", ts)}" u="{q("u")}"><Key><Field r="PNR" v="{q("PNR")}"/>'
        f'<Field r="HDTO" v="{q("HDTO")}"/><Field r="KOMK" v="{q("KOMK")}"/></Key>'
        f'</CprServiceHeader><CprData u="I"><Rolle r="HovedRolle">'
        f'<Field r="CADR_VEJKOD" v="8204"/><Field r="{q("NAME")}" v="{q("VALUE")}"/>'
        "</Rolle></CprData></Service></System></Gctp></root>"
    )
    return text.encode("utf-8" if encoding.lower() == "utf-8" else "latin-1", "replace")


@FUZZ
@given(
    parts=st.dictionaries(st.sampled_from([*VALID, "ts"]), hostile_text, max_size=3),
    encoding=st.sampled_from(["ISO-8859-1", "UTF-8", "ascii", "x-unknown"]),
    cut=st.one_of(st.none(), st.integers(0, 900)),
    noise=st.binary(max_size=20),
)
def test_hostile_gctp_requests_get_gctp_answers(
    portal: Portal, parts: dict[str, str], encoding: str, cut: int | None, noise: bytes
) -> None:
    body = _body(parts, portal.ts, encoding)
    if cut is not None:
        body = body[:cut] + noise + body[cut:]
    portal.answer(body)
    portal.still_usable()


@FUZZ
@given(body=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_body_to_the_logon_path_gets_a_logon_answer(portal: Portal, body: bytes) -> None:
    portal.answer(body, LOGON)
    portal.still_usable()


@FUZZ
@given(
    vnts=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), max_size=30),
    verb=st.sampled_from(["approve", "reject"]),
    payload=st.one_of(
        deep_json(max_depth=200, max_width=50).map(lambda v: json.dumps(v).encode()),
        st.integers(1, 40_000).map(lambda n: b'{"reason": ' + b"[" * n + b"]" * n + b"}"),
        st.binary(max_size=100),
    ),
)
def test_kommune_endpoints_answer_json_never_500(
    portal: Portal, vnts: str, verb: str, payload: bytes
) -> None:
    user, kendeord = KOMMUNE_USER
    logon = portal.post(LOGON, gctp.render(gctp.signon(user, kendeord)))
    token = logon.cookies["Token"]
    response = portal.http.post(
        f"{portal.url}{KOMMUNE}/{urllib.parse.quote(vnts, safe='') or 'x'}/{verb}",
        content=payload,
        headers={"Cookie": f"Token={token}", "Content-Type": "application/json"},
    )
    assert 200 <= response.status_code < 500, (response.status_code, response.text[:200])
    if response.headers.get("content-type", "").startswith("application/json"):
        response.json()
    else:  # only a path no route has (a vnts with an encoded slash) is Starlette's plain 404
        assert response.status_code == 404, response.text[:200]
    portal.still_usable()


@FUZZ
@given(
    name=st.sampled_from([*VALID, "ts"]),
    value=st.text(
        alphabet=st.characters(min_codepoint=0x100, exclude_categories=["Cs"]),
        min_size=1,
        max_size=5,
    ),
)
def test_text_outside_latin1_anywhere_gets_a_gctp_answer(
    portal: Portal, name: str, value: str
) -> None:
    """A UTF-8 body with text CPR cannot carry (outside ISO-8859-1) in any attribute: an answer
    (9033, or the refusal of a key), never 9099, whatever the reply echoes."""
    portal.answer(_body({name: value}, portal.ts, "UTF-8"))
    portal.still_usable()
