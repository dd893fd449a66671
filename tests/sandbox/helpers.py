"""Helpers for the sandbox tests: constants and a GCTP client over plain httpx."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx

from cpr_rules import gctp
from cpr_rules.sandbox.server import RunningSandbox

TODAY = dt.date(2015, 2, 1)
"""The sandbox's date in the HTTP tests: the shipped code tables are from 2015."""

LOGON = "/cics/dmwg/cscwbsgn"
SERVICES = "/cpr-online-gctp/gctp"


@dataclass
class Gctp:
    """A GCTP client on plain httpx: one connection per request, as bilag 5 §3 describes."""

    url: str

    def post(self, path: str, body: bytes, token: str | None = None) -> httpx.Response:
        headers = {"User-Agent": "CPR/1.0", "Content-Type": "text/xml"}
        if token is not None:
            headers["Cookie"] = f"Token={token}"
        return httpx.post(self.url + path, content=body, headers=headers, timeout=10)

    def logon(self, message: gctp.GctpMessage) -> tuple[int, str]:
        """The return code and the token the server set."""
        response = self.post(LOGON, gctp.render(message))
        assert response.status_code == 200
        cookie = response.headers["set-cookie"]
        token = cookie.split(";")[0].split("=", 1)[1]
        return gctp.parse_logon_response(response.content).code, token

    def token(self, userid: str = "PORTAL01", password: str = "Abcd1234") -> str:
        code, token = self.logon(gctp.signon(userid, password))
        assert code == 900
        return token

    def send(self, message: gctp.GctpMessage, token: str) -> gctp.GctpMessage:
        response = self.post(SERVICES, gctp.render(message), token)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/xml")
        return gctp.parse(response.content)


def keys(pnr: str, hdto: str = "20150228", komk: str = "0101") -> dict[str, str]:
    """The initier keys of FLYTB-I."""
    return {"PNR": pnr, "HDTO": hdto, "KOMK": komk}


FLYTB = "FLYTB-I"


def ts_of(reply: gctp.GctpMessage) -> str:
    """The ``ts`` of a reply's CprServiceHeader."""
    service = reply.primary_service
    assert service is not None and service.header is not None and service.header.ts
    return service.header.ts


def kvit_of(reply: gctp.GctpMessage) -> gctp.Kvit:
    """The reply's Kvit."""
    assert reply.kvit is not None
    return reply.kvit


def fields_of(reply: gctp.GctpMessage, u: str) -> dict[str, gctp.Field]:
    """The fields of ``CprData u=…`` by name (the last one wins)."""
    service = reply.primary_service
    assert service is not None
    data = service.data(u)
    assert data is not None
    return {f.r: f for f in data.iter_fields()}


def kommune_cli(server: RunningSandbox, *user: str) -> list[str]:
    """``sandbox kommune`` arguments for ``server``'s database and users file (and ``--user``)."""
    users = ["--user", *user] if user else []
    return ["--db", str(server.config.db), "--users", str(server.config.users), *users]


def kommune_call(url: str, token: str, method: str, path: str, **kw: object) -> httpx.Response:
    """A call to the kommune endpoints with a token."""
    headers = {"Cookie": f"Token={token}"}
    return httpx.request(method, url + path, headers=headers, timeout=10, **kw)  # type: ignore[arg-type]


def saved_move(client: Gctp, token: str, pnr: str) -> str:
    """A FLYTB-I to København (0101) saved in the venteregister (vejkode 8204, husnr 5): its
    VNTS (= its ts, bilag 7 eks. 17.8)."""
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    data = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5"}
    reply = client.send(gctp.gem(FLYTB, keys(pnr), data, ts=ts, mk="0041"), token)
    assert kvit_of(reply).r == "Afslut"
    return ts
