"""Bilag 5 on the wire: the token cookie, redirection cookies, headers, HTTP status."""

from __future__ import annotations

import httpx
import pytest

from cpr_rules.session import (
    CprHttpError,
    CprProtocolError,
    CprSession,
    TokenRejectedError,
    TokenUnknownError,
)
from cpr_rules.session._wire import Redirect, endpoint, read_set_cookies

from .fake_cpr import (
    INITIER_VENT,
    KENDEORD,
    PNR,
    TODAY,
    USERID,
    FakeCpr,
    answer,
    logon_ok,
    session,
    vector,
)

SIGNON_OK = vector("bilag05-s4.2.1-signon-response.xml")


@pytest.mark.parametrize(
    ("lines", "token", "redirect"),
    [
        (["Token=ZZZabcdefgh; Path=/"], "ZZZabcdefgh", Redirect()),
        (["Token= ZZZabcdefgh; Path=/"], "ZZZabcdefgh", Redirect()),  # bilag 5's own blank
        (["token=ZZZabcdefgh; path=/"], "ZZZabcdefgh", Redirect()),
        (["Token=ZZZzzzzzzzz; Path=/"], "ZZZzzzzzzzz", Redirect()),
        (["Ipaddr=147.29.101.6"], None, Redirect(host="147.29.101.6")),
        (["Ipaddr=10.0.0.1; Port=683; Path=/cpcacpra/ajou/xyz"], None,
         Redirect("10.0.0.1", 683, "/cpcacpra/ajou/xyz")),
        (["Token=ZZZabcdefgh; Path=/", "Port=683"], "ZZZabcdefgh", Redirect(port=683)),
        ([], None, Redirect()),
    ],
    ids=["token", "token-blank", "lower-case", "not-accepted", "ipaddr", "all-three",
         "token-and-port", "none"],
)  # fmt: skip
def test_set_cookie_lines(lines: list[str], token: str | None, redirect: Redirect) -> None:
    """Token and redirection cookies are read as bilag 5 §4.2 writes them."""
    cookies = read_set_cookies(lines)
    assert (cookies.token, cookies.redirect) == (token, redirect)


def test_a_bad_port_is_a_protocol_error() -> None:
    """A redirection Port that is no TCP port is refused."""
    with pytest.raises(CprProtocolError, match="Port"):
        read_set_cookies(["Port=http"])


@pytest.mark.parametrize(
    ("base", "redirect", "url"),
    [
        ("https://gctp.cpr.dk", Redirect(), "https://gctp.cpr.dk/cpr-online-gctp/gctp"),
        ("https://gctp.cpr.dk/", Redirect(), "https://gctp.cpr.dk/cpr-online-gctp/gctp"),
        ("http://127.0.0.1:8080/cpr", Redirect(), "http://127.0.0.1:8080/cpr/cpr-online-gctp/gctp"),
        ("https://gctp.cpr.dk", Redirect("147.29.101.6", 683, "/cpcacpra/ajou/xyz"),
         "https://147.29.101.6:683/cpcacpra/ajou/xyz"),
    ],
    ids=["plain", "trailing-slash", "prefix", "redirected"],
)  # fmt: skip
def test_endpoint(base: str, redirect: Redirect, url: str) -> None:
    """Service URL from base_url and the redirection."""
    assert str(endpoint(base, "/cpr-online-gctp/gctp", redirect)) == url


def test_redirection_cookies_move_the_next_requests() -> None:
    """Ipaddr/Port/Path from CPR rebuild the URL of the following requests (bilag 5 §4.2)."""
    moved = answer(SIGNON_OK, token="ZZZabcdefgh", cookies=("Ipaddr=10.1.2.3; Port=8443",))
    fake = FakeCpr(moved, answer(vector(INITIER_VENT), cookies=("Path=/cpcacpra/ajou/xyz",)))
    fake.replies.append(answer(vector(INITIER_VENT)))
    cpr = session(fake)
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    urls = [str(r.url) for r in fake.requests]
    assert urls == [
        "https://gctp-demo.cpr.dk/cics/dmwg/cscwbsgn",
        "https://10.1.2.3:8443/cpr-online-gctp/gctp",
        "https://10.1.2.3:8443/cpcacpra/ajou/xyz",
    ]


def test_token_not_accepted_at_logon() -> None:
    """Return code 900 with Token=ZZZzzzzzzzz: the token was not accepted (bilag 5 §4.2)."""
    cpr = session(FakeCpr(answer(SIGNON_OK, token="ZZZzzzzzzzz")))
    with pytest.raises(TokenRejectedError) as raised:
        cpr.logon()
    assert isinstance(raised.value, TokenUnknownError) and raised.value.code == 901
    assert not cpr.is_logged_on


@pytest.mark.parametrize("token", [None, "ZZZABCDEFGH", "ZZZabc", "XYZabcdefgh"])
def test_logon_without_a_valid_token_is_a_protocol_error(token: str | None) -> None:
    """A logon answer with no token, or one not 'ZZZ' + 8 small letters, is refused."""
    cpr = session(FakeCpr(answer(SIGNON_OK, token=token)))
    with pytest.raises(CprProtocolError, match=r"[Tt]oken") as raised:
        cpr.logon()
    if token:
        assert token not in str(raised.value)


def test_a_new_token_on_a_service_answer_is_used() -> None:
    """CPR sends the token only when it is new or changes; a changed one is used from then on."""
    fake = FakeCpr(
        logon_ok(),
        answer(vector(INITIER_VENT), token="ZZZnewtoken"),
        answer(vector(INITIER_VENT)),
    )
    cpr = session(fake)
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    cpr.initier("FLYTB-I", PNR, "20020228", "0101")
    assert fake.requests[-1].headers["Cookie"] == "Token=ZZZnewtoken"


def test_http_status_other_than_200_is_an_error() -> None:
    """CPR answers 200 OK even to a refused logon; anything else is a CprHttpError."""
    with pytest.raises(CprHttpError) as raised:
        session(FakeCpr(httpx.Response(503))).logon()
    assert raised.value.status_code == 503


def test_an_answer_that_is_not_gctp_is_a_protocol_error() -> None:
    """HTML from a proxy (or anything not GCTP) is a CprProtocolError."""
    with pytest.raises(CprProtocolError, match="not a GCTP document"):
        session(FakeCpr(answer(b"<html><body>Bad gateway</body></html>"))).logon()


def test_no_cookie_jar_leaks_into_the_logon() -> None:
    """A handed client's cookie jar never adds a Cookie line to the logon request."""
    fake = FakeCpr(logon_ok(), logon_ok())
    client = fake.client()
    client.cookies.set("Token", "ZZZoldtokens")
    cpr = CprSession(
        "https://gctp-demo.cpr.dk", USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY,
        client=client,
    )  # fmt: skip
    cpr.logon()
    cpr.logon()
    assert all("Cookie" not in r.headers for r in fake.requests)


def test_a_handed_client_is_not_closed() -> None:
    """close() closes only a client the session created itself."""
    fake = FakeCpr()
    client = fake.client()
    with session(fake, client=client):
        pass
    assert not client.is_closed
    own = CprSession("https://gctp-demo.cpr.dk", USERID, KENDEORD, kendeord_set_on=TODAY)
    own.close()
    assert own._client.is_closed


@pytest.mark.parametrize("token", [None, "ZZZabcdefgh"])
def test_a_request_is_what_build_request_makes_without_the_cookie_jar(token: str | None) -> None:
    """The session's request carries the client's default headers and query parameters as
    ``client.build_request`` would, its own bilag 5 headers, and never a cookie of the jar."""
    from cpr_rules.session._core import HttpCall
    from cpr_rules.session._wire import request_headers
    from cpr_rules.session.client import _request

    client = httpx.Client(headers={"X-Portal": "p1"}, params={"trace": "1"})
    client.cookies.set("Token", "ZZZjarjarjar", domain="cpr.example", path="/")
    client.cookies.set("Other", "x", domain="cpr.example", path="/")
    url = httpx.URL("https://cpr.example/cpr-online-gctp/gctp")
    call = HttpCall(url, request_headers(token), b"<x/>", "initier", True)
    timeout = httpx.Timeout(3.0)
    headers = call.headers
    built = client.build_request("POST", url, content=b"<x/>", headers=headers, timeout=timeout)
    if token is None:
        built.headers.pop("Cookie")
    request = _request(client, call, timeout)
    assert request.headers.raw == built.headers.raw and request.url == built.url
    assert request.url.params["trace"] == "1" and request.headers["x-portal"] == "p1"
    assert request.headers.get("cookie") == (f"Token={token}" if token else None)
    assert request.extensions == built.extensions and request.content == b"<x/>"
    client.close()
