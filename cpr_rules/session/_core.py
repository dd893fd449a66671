"""The state of a CPR session and every decision about it, without I/O (bilag 5, bilag 9).

:class:`SessionCore` holds the configuration, the kendeord, the token, the redirection and the
hændelse flow. It builds each HTTP exchange (:class:`HttpCall`) and reads CPR's answer; the
sync :class:`~cpr_rules.session.CprSession` and the async one only send.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import httpx

from cpr_rules.errors import InputError
from cpr_rules.gctp import (
    GctpEncodingError,
    GctpMessage,
    GctpParseError,
    LogonResult,
    Service,
    logon_result,
    newpass,
    parse,
    render,
    signon,
)
from cpr_rules.session import _wire
from cpr_rules.session._flow import FlowState, Step
from cpr_rules.session._masking import Secret, mask_text
from cpr_rules.session._responses import primary_service
from cpr_rules.session.errors import (
    CprHttpError,
    CprProtocolError,
    CprTransportError,
    KendeordExpiredError,
    KendeordPolicyError,
    TokenRejectedError,
    TokenUnknownError,
    logon_error,
)
from cpr_rules.session.kendeord import KendeordPolicy, KendeordStatus

__all__ = ["HttpCall", "SessionConfig", "SessionCore"]

_TOKEN_NOT_ACCEPTED_TEXT = "Token ikke accepteret af hostens sikkerhedssystem (bilag 5 §4.2)"


@dataclass(frozen=True, slots=True)
class SessionConfig:
    """What a session is configured with; nothing secret."""

    base_url: str
    userid: str
    mk: str = "0041"
    vent: bool | None = None
    timeout: float | httpx.Timeout = 10.0
    retries: int = 2
    backoff: float = 0.2
    warn_days: int = 14
    logon_path: str = _wire.LOGON_PATH
    service_path: str = _wire.SERVICE_PATH


@dataclass(frozen=True, slots=True)
class HttpCall:
    """One POST to CPR: where, what, and how to talk about it in logs (masked)."""

    url: httpx.URL
    headers: dict[str, str] = field(repr=False)  # the token
    body: bytes = field(repr=False)  # the kendeord at logon, the PNR in every service call
    label: str
    idempotent: bool


class SessionCore:
    """Configuration, credentials, token, redirection and flow of one session."""

    def __init__(
        self,
        config: SessionConfig,
        kendeord: str,
        *,
        kendeord_set_on: dt.date,
        clock: Callable[[], dt.date],
        logger: logging.Logger,
    ) -> None:
        if config.retries < 0 or config.backoff < 0:
            raise InputError("retries and backoff must not be negative")
        if not (len(config.mk) == 4 and config.mk.isascii() and config.mk.isdigit()):
            raise InputError(f"mk {config.mk!r} is not a 4-digit myndighedskode (e.g. '0041')")
        self.config = config
        self.policy = KendeordPolicy(warn_days=config.warn_days)
        self.kendeord = Secret(kendeord)
        self.kendeord_set_on = kendeord_set_on
        self.previous: list[Secret] = []
        self.clock = clock
        self.logger = logger
        self.timeout = httpx.Timeout(config.timeout)
        self.token: str | None = None
        self.redirect = _wire.Redirect()
        self.flow = FlowState(mk=config.mk, vent=config.vent, logger=logger)

    # -- kendeord and logon (bilag 5 §4.2.1, bilag 9 note 2)

    @property
    def kendeord_status(self) -> KendeordStatus:
        """The kendeord's age today, by the session's clock."""
        return self.policy.status(self.kendeord_set_on, self.clock())

    def logon_call(self) -> HttpCall:
        """``Sik function="signon"``; refused locally when the kendeord is 90 days old."""
        status = self.kendeord_status
        if status.is_expired:
            raise KendeordExpiredError(
                906,
                f"Dit kodeord er udløbet: sat {status.set_on}, højst {status.max_age_days} dage"
                " (bilag 9 note 2); tjekket lokalt, CPR blev ikke kaldt. Brug change_kendeord().",
            )
        if status.needs_change:
            self.logger.warning(
                "the kendeord expires in %d days (on %s); change it with change_kendeord()",
                status.days_left,
                status.expires_on,
            )
        message = self._sik(lambda: signon(self.config.userid, self.kendeord.value))
        return self._call(self.config.logon_path, message, None, "logon", idempotent=True)

    def newpass_call(self, new: str) -> HttpCall:
        """``Sik function="newpass"`` after checking ``new`` against CPR's rules locally."""
        earlier = [s.value for s in (self.kendeord, *self.previous)]
        reasons = self.policy.check(new, userid=self.config.userid, previous=earlier)
        if reasons:
            raise KendeordPolicyError(reasons)
        userid, old = self.config.userid, self.kendeord.value
        message = self._sik(lambda: newpass(userid, old, new))
        return self._call(self.config.logon_path, message, None, "newpass", idempotent=False)

    def read_logon(self, response: httpx.Response, *, new: str | None = None) -> None:
        """Read the answer to signon or newpass: the return code first, then the token cookie."""
        cookies = self._cookies(response, "logon")
        result = self._logon_result(self._parse(response.content))
        if not result.is_ok:
            error = logon_error(result.code, self._scrub(result.text))
            self.token = None
            raise error
        if new is not None:
            self.previous.append(self.kendeord)
            self.kendeord, self.kendeord_set_on = Secret(new), self.clock()
            self.logger.info("kendeord changed; valid until %s", self.kendeord_status.expires_on)
        self._take_token(cookies.token, required=new is None)

    # -- services (bilag 5 §4.1, bilag 7)

    def service_call(self, step: Step[Any]) -> HttpCall:
        """The POST of ``step`` with the token cookie (bilag 5 §4.1)."""
        path = self.config.service_path
        return self._call(path, step.request, self.token, step.label, step.idempotent)

    def read_service(self, response: httpx.Response, step: Step[Any]) -> Service | None:
        """CPR's service in the answer, or ``None`` if the token was unknown (log on again)."""
        cookies = self._cookies(response, step.label)
        if cookies.token == _wire.TOKEN_NOT_ACCEPTED:
            self._forget_token(step.label)
            return None
        if cookies.token is not None:
            self.token = _wire.check_token(cookies.token)
        message = self._parse(response.content)
        if message.sik is not None and not message.services:
            result = self._logon_result(message)
            if result.code == TokenUnknownError.CODE:
                self._forget_token(step.label)
                return None
            raise logon_error(result.code, self._scrub(result.text))
        return primary_service(message, step.haendelse)

    def token_unknown(self) -> TokenUnknownError:
        """The error when CPR does not know the token even right after a new logon."""
        return TokenUnknownError(TokenUnknownError.CODE, "Token kendes ikke, også efter ny logon")

    # -- transport (retries only on transport errors, never on a Kvit)

    def retry_delay(
        self, error: httpx.TransportError, attempt: int, call: HttpCall
    ) -> float | None:
        """Seconds before the next try of ``call``, or ``None`` to give up (logged)."""
        config = self.config
        delay = _wire.retry_delay(
            error,
            attempt,
            retries=config.retries,
            backoff=config.backoff,
            idempotent=call.idempotent,
        )
        if delay is not None:
            self.logger.warning(
                "%s: %s; try %d of %d in %.2f s",
                call.label,
                type(error).__name__,
                attempt + 2,
                config.retries + 1,
                delay,
            )
        return delay

    def transport_error(
        self, error: httpx.TransportError, attempts: int, call: HttpCall
    ) -> CprTransportError:
        """The error after the last try; says whether CPR may have acted on the request."""
        sent = _wire.is_sent_for_sure(error)
        doubt = " CPR may have carried it out." if sent and not call.idempotent else ""
        detail = mask_text(str(error))[:200]
        return CprTransportError(
            f"{call.label}: no answer from CPR after {attempts} tries"
            f" ({type(error).__name__}: {detail}).{doubt}",
            attempts=attempts,
            maybe_sent=sent,
        )

    # -- helpers

    def _call(
        self, path: str, message: GctpMessage, token: str | None, label: str, idempotent: bool
    ) -> HttpCall:
        url = _endpoint(self.config.base_url, path, self.redirect)
        headers = _wire.request_headers(token)
        self.logger.debug("POST %s: %s", url, label)
        return HttpCall(url, headers, render(message), label, idempotent)

    @staticmethod
    def _sik(build: Callable[[], GctpMessage]) -> GctpMessage:
        """A logon message; an unsendable character is reported without quoting the secret."""
        try:
            return build()
        except GctpEncodingError as error:
            where = error.where.partition("@")[2] or "a value"
            raise InputError(f"the {where} has a character CPR cannot receive") from None

    def _cookies(self, response: httpx.Response, label: str) -> _wire.SetCookies:
        """Check the HTTP status, then take the redirection cookies (bilag 5 §4.2)."""
        if response.status_code != httpx.codes.OK:
            raise CprHttpError(response.status_code, label)
        cookies = _wire.read_set_cookies(response.headers.get_list("set-cookie"))
        if cookies.redirect != _wire.Redirect():
            self.redirect = self.redirect.updated(cookies.redirect)
            self.logger.info("CPR redirects to %s", self.redirect)
        return cookies

    def _take_token(self, token: str | None, *, required: bool) -> None:
        if token == _wire.TOKEN_NOT_ACCEPTED:
            self.token = None
            raise TokenRejectedError(TokenUnknownError.CODE, _TOKEN_NOT_ACCEPTED_TEXT)
        if token is None:
            if required:
                raise CprProtocolError("CPR answered the logon without a Token cookie (bilag 5)")
            return
        self.token = _wire.check_token(token)
        self.logger.info("logged on to CPR")

    def _forget_token(self, label: str) -> None:
        self.token = None
        self.logger.info("%s: CPR does not know the token (901); logging on again", label)

    @staticmethod
    def _logon_result(message: GctpMessage) -> LogonResult:
        try:
            return logon_result(message)
        except GctpParseError as error:
            raise CprProtocolError(f"CPR's logon answer: {mask_text(str(error))}") from None

    def _parse(self, content: bytes) -> GctpMessage:
        try:
            return parse(content)
        except GctpParseError as error:
            detail = self._scrub(str(error))
            raise CprProtocolError(f"CPR's answer is not a GCTP document: {detail}") from None

    def _scrub(self, text: str) -> str:
        """``text`` from CPR without personnumre and without any kendeord or token in it."""
        for secret in (self.kendeord.value, *(s.value for s in self.previous), self.token):
            if secret:
                text = text.replace(secret, "********")
        return mask_text(text)


@lru_cache(maxsize=64)
def _endpoint(base_url: str, path: str, redirect: _wire.Redirect) -> httpx.URL:
    """:func:`_wire.endpoint`, parsed once per base URL, path and redirection (URLs are
    immutable, so sessions share them)."""
    return _wire.endpoint(base_url, path, redirect)
