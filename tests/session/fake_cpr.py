"""CPR's side of the wire for ``httpx.MockTransport``: scripted answers from the bilag vectors.

STYLE.md: a mock *transport* for the remote side, never a mocked client. :class:`FakeCpr` records
every request the session sends and answers with the next scripted reply: a response, or an
exception the transport raises (a timeout, a refused connection).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from gctp.canonical import assert_same_xml  # tests/gctp, as pytest puts tests/ on sys.path

from cpr_rules import gctp
from cpr_rules.session import AsyncCprSession, CprSession

VECTORS = Path(__file__).resolve().parents[1] / "gctp" / "vectors"
BASE_URL = "https://gctp-demo.cpr.dk"
USERID = "x3450"
KENDEORD = "Kx7Lm2Qp"
TOKEN = "ZZZabcdefgh"
TODAY = dt.date(2026, 3, 1)
PNR = "0202802729"  # Janus JaJacobsen, bilag 7 eks. 17.1
TS = "20020201084141568870"  # the ts of eks. 17.1, and the VNTS of eks. 17.8
MOVE = {"CADR_VEJKOD": "1010", "CADR_HUSNR": "005", "CADR_CONVN": "c/o Janne Jacobsen"}

INITIER_VENT = "bilag07-eks17.1-flytb-i-initier-vent-response.xml"
INITIER_DIREKTE = "bilag07-eks17.2-flytb-i-initier-direkte-response.xml"
GEM_VENT = "bilag07-eks17.8-flytb-i-gem-vent-response.xml"
GEM_DIREKTE = "bilag07-eks17.9-flytb-i-gem-direkte-response.xml"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def vector(name: str) -> bytes:
    """The bytes of a test vector (ISO-8859-1, as printed in the bilag)."""
    return (VECTORS / name).read_bytes()


def enveloped(name: str) -> bytes:
    """A bilag 7 §11-16 vector, printed without envelope (bilag 7 §3), in bilag 5's envelope."""
    return (
        b'<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>'
        b'<root xmlns="http://www.cpr.dk">' + vector(name) + b"</root>"
    )


def answer(
    body: bytes, *, token: str | None = None, cookies: tuple[str, ...] = ()
) -> httpx.Response:
    """A 200 answer with ``body``; ``token`` and ``cookies`` become ``Set-Cookie`` lines."""
    headers = [("Content-Type", "text/xml")]
    if token is not None:
        headers.append(("Set-Cookie", f"Token={token}; Path=/"))
    headers += [("Set-Cookie", line) for line in cookies]
    return httpx.Response(200, content=body, headers=headers)


def logon_ok(token: str = TOKEN) -> httpx.Response:
    """Bilag 5 §4.2.1 "Svar når det går godt", with the token cookie of its HTTP example."""
    return answer(vector("bilag05-s4.2.1-signon-response.xml"), token=token)


def logon_code(code: int, text: str) -> httpx.Response:
    """A logon answer with return code ``code`` (bilag 5 §4.2.1 shape)."""
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>'
        f'<root xmlns="http://www.cpr.dk"><Gctp v="1.0"><Sik><Kvit r="returKode" t="{text}"'
        f' v="{code}"/></Sik></Gctp></root>'
    )
    return answer(body.encode("iso-8859-1"))


def token_unknown() -> httpx.Response:
    """Bilag 5's answer to a request with an unknown or expired token (901)."""
    return answer(vector("bilag05-s4.2.1-token-unknown-response.xml"))


def service(
    kvit: str = '<Kvit r="Ok" t="" v="0"/>',
    *,
    haendelse: str = "FLYTB-I",
    a: str = "V",
    ts: str = TS,
    inputs: str = "",
) -> httpx.Response:
    """A service answer in the shape of bilag 7 §13-14 (header, input fields, Kvit)."""
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>'
        '<root xmlns="http://www.cpr.dk"><Gctp v="1.0"><System r="CprAjour">'
        f'<Service r="{haendelse}"><CprServiceHeader r="{haendelse}" st="P" a="{a}" ts="{ts}"/>'
        f"{inputs}{kvit}</Service></System></Gctp></root>"
    )
    return answer(body.encode("iso-8859-1"))


def with_kvit(name: str, kvit: bytes) -> bytes:
    """Vector ``name`` with its ``<Kvit>`` element replaced by ``kvit``."""
    body, count = re.subn(rb"<Kvit\b[^>]*/>|<Kvit\b.*?</Kvit>", kvit, vector(name), flags=re.S)
    assert count == 1, name
    return body


class FakeCpr:
    """The remote side: records each request, answers with the next scripted reply."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.replies:
            raise AssertionError(f"unexpected request: {request.method} {request.url}")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(request)
        return reply

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    def actions(self) -> list[str]:
        """The action ``a`` (or ``signon``/``newpass``) of each request, in order."""
        found = []
        for request in self.requests:
            message = gctp.parse(request.content)
            sik = message.sik
            header = message.primary_service.header if message.primary_service else None
            found.append(sik.function if sik else header.a if header else "?")
        return [a or "?" for a in found]


def session(fake: FakeCpr, **options: Any) -> CprSession:
    """A session on ``fake`` with a kendeord set 10 days before :data:`TODAY`, no backoff."""
    defaults: dict[str, Any] = {
        "kendeord_set_on": TODAY - dt.timedelta(days=10),
        "clock": lambda: TODAY,
        "backoff": 0.0,
        "client": fake.client(),
    }
    userid, kendeord = options.pop("userid", USERID), options.pop("kendeord", KENDEORD)
    return CprSession(BASE_URL, userid, kendeord, **{**defaults, **options})


def async_session(fake: FakeCpr, **options: Any) -> AsyncCprSession:
    """:func:`session` for :class:`AsyncCprSession`."""
    defaults: dict[str, Any] = {
        "kendeord_set_on": TODAY - dt.timedelta(days=10),
        "clock": lambda: TODAY,
        "backoff": 0.0,
        "client": fake.async_client(),
    }
    return AsyncCprSession(BASE_URL, USERID, KENDEORD, **{**defaults, **options})


def assert_sent_vector(
    request: httpx.Request, name: str, *, values: dict[str, str] | None = None
) -> None:
    """The request body is the documented request, modulo whitespace, attribute order and the
    ``<Gctp v>`` that bilag 7 §17's examples leave out (the session sends ``v="1.0"``, bilag 5).

    ``values`` maps values sent to the placeholders the bilag prints (``x...x``, ``xxxxxxxx``).
    """
    body = request.content
    for sent_value, placeholder in (values or {}).items():
        body = body.replace(f'"{sent_value}"'.encode(), f'"{placeholder}"'.encode())
    documented = gctp.parse(vector(name))
    sent = gctp.parse(body)
    assert sent.v == gctp.GCTP_VERSION
    assert_same_xml(gctp.render(dataclasses.replace(sent, v=documented.v)), vector(name))
