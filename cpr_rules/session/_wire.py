"""The HTTP side of bilag 5: paths, headers, the token cookie, redirection, retries. No I/O.

>>> cookies = read_set_cookies(["Token= ZZZabcdefgh; Path=/"])
>>> cookies.token, cookies.redirect
('ZZZabcdefgh', Redirect(host=None, port=None, path=None))
>>> read_set_cookies(["Ipaddr=147.29.101.23; Port=683; Path=/cpcacpra/ajou/xyz"]).redirect
Redirect(host='147.29.101.23', port=683, path='/cpcacpra/ajou/xyz')
>>> str(endpoint("https://gctp-demo.cpr.dk", SERVICE_PATH, Redirect(port=683)))
'https://gctp-demo.cpr.dk:683/cpr-online-gctp/gctp'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final

import httpx

from cpr_rules.gctp import TOKEN_NOT_ACCEPTED
from cpr_rules.session.errors import CprProtocolError

__all__ = [
    "CONTENT_TYPE",
    "LOGON_PATH",
    "SERVICE_PATH",
    "TOKEN_NOT_ACCEPTED",
    "USER_AGENT",
    "Redirect",
    "SetCookies",
    "check_token",
    "endpoint",
    "is_sent_for_sure",
    "read_set_cookies",
    "request_headers",
    "retry_delay",
]

LOGON_PATH: Final = "/cics/dmwg/cscwbsgn"
"""The logon service (bilag 5 §4.2.1, "POST /cics/dmwg/cscwbsgn HTTP/1.1")."""

SERVICE_PATH: Final = "/cpr-online-gctp/gctp"
"""The CPR services (bilag 5 §3-4.1: ``https://gctp.cpr.dk/cpr-online-gctp/gctp``)."""

USER_AGENT: Final = "CPR/1.0"
"""Bilag 5 §4.1: the User-Agent line "Skal forekomme"."""

CONTENT_TYPE: Final = "text/xml; charset=ISO-8859-1"
"""CPR's character set is ISO-8859-1 (bilag 5 §2)."""


_TOKEN: Final = re.compile(r"ZZZ[a-z]{8}")  # bilag 5 §4.1: "3 Z'er og 8 små bogstaver"

# Failures before any byte of the request left: safe to retry even a gem or a kendeord change.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class Redirect:
    """Redirection cookies ``Ipaddr``, ``Port`` and ``Path`` (bilag 5 §4.2); ``None``: unchanged."""

    host: str | None = None
    port: int | None = None
    path: str | None = None

    def updated(self, new: Redirect) -> Redirect:
        """This redirection with the values ``new`` sets (CPR sends only what changes)."""
        changes = {k: getattr(new, k) for k in ("host", "port", "path") if getattr(new, k)}
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class SetCookies:
    """What CPR's ``Set-Cookie`` lines say: a new token and/or a redirection."""

    token: str | None
    redirect: Redirect


def read_set_cookies(lines: Iterable[str]) -> SetCookies:
    """Read bilag 5's ``Set-Cookie`` lines: ``Token=<token>; Path=/`` and the redirections.

    ``Path`` after ``Token`` is the cookie's path; in a line without ``Token`` it is the
    redirection to the application path. Names are read case-insensitively.
    """
    token: str | None = None
    host = path = None
    port: int | None = None
    for line in lines:
        pairs = [_pair(part) for part in line.split(";") if "=" in part]
        names = [name for name, _ in pairs]
        for name, value in pairs:
            if name == "token":
                token = value
            elif name == "ipaddr":
                host = value
            elif name == "port":
                port = _port(value)
            elif name == "path" and "token" not in names:
                path = value
    return SetCookies(token, Redirect(host or None, port, path or None))


def _pair(part: str) -> tuple[str, str]:
    name, _, value = part.partition("=")
    return name.strip().lower(), value.strip()


def _port(value: str) -> int:
    if not value.isascii() or not value.isdigit() or not 0 < int(value) < 65536:
        raise CprProtocolError(f"redirection cookie Port={value[:8]!r} is not a TCP port")
    return int(value)


def check_token(token: str) -> str:
    """``token`` if it has bilag 5's syntax; raises (never quoting it) if not."""
    if not _TOKEN.fullmatch(token):
        raise CprProtocolError("CPR's token cookie is not 'ZZZ' and 8 small letters (bilag 5 §4.1)")
    return token


def endpoint(base_url: httpx.URL | str, path: str, redirect: Redirect) -> httpx.URL:
    """The URL of ``path`` on ``base_url``, with the redirection's host, port and path."""
    base = httpx.URL(base_url)
    prefix = base.path.rstrip("/")
    url = base.copy_with(path=redirect.path or f"{prefix}{path}", query=None, fragment=None)
    if redirect.host:
        url = url.copy_with(host=redirect.host)
    if redirect.port:
        url = url.copy_with(port=redirect.port)
    return url


def request_headers(token: str | None) -> dict[str, str]:
    """Bilag 5 §4.1: User-Agent, Content-Type; ``Cookie: Token=…`` except at logon."""
    headers = {"User-Agent": USER_AGENT, "Content-Type": CONTENT_TYPE}
    if token is not None:
        headers["Cookie"] = f"Token={token}"
    return headers


def is_sent_for_sure(error: httpx.TransportError) -> bool:
    """False if the request surely never left (connect failed), so CPR cannot have acted on it."""
    return not isinstance(error, _NOT_SENT)


def retry_delay(
    error: httpx.TransportError, attempt: int, *, retries: int, backoff: float, idempotent: bool
) -> float | None:
    """Seconds to wait before try ``attempt + 1``, or ``None`` to give up.

    Only transport errors are retried, with exponential backoff; a request that changes CPR (gem,
    kendeord change) only when it surely never reached CPR.
    """
    if attempt >= retries or isinstance(error, httpx.UnsupportedProtocol):
        return None
    if not idempotent and is_sent_for_sure(error):
        return None
    return float(backoff * 2**attempt)
