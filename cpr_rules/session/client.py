"""The client a self-service portal uses: the four steps of bilag 9 over HTTPS (bilag 5).

:class:`CprSession` (sync, ``httpx.Client``) and :class:`AsyncCprSession` (``httpx.AsyncClient``)
have the same methods; all decisions live in a shared core, so they only differ in how they send.
Nothing touches the network until a method that talks to CPR is called, and the session uses the
httpx client it is handed (or creates its own and closes it again). A session
carries one hændelse at a time and is not safe for concurrent use: give each citizen's dialogue
its own session (sessions may share one httpx client).

>>> import datetime as dt
>>> session = CprSession("https://gctp-demo.cpr.dk", "x3450", "Abc12Def",
...                      kendeord_set_on=dt.date(2026, 1, 1), clock=lambda: dt.date(2026, 3, 25))
>>> session  # doctest: +NORMALIZE_WHITESPACE
CprSession('https://gctp-demo.cpr.dk', userid='x3450', mk='0041', logged_on=False,
           kendeord_days_left=7)
>>> session.kendeord_warning, session.kendeord_status.expires_on
(True, datetime.date(2026, 4, 1))
>>> session.close()
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Final, Self, TypeVar

import httpx

from cpr_rules._today import danish_today
from cpr_rules.errors import CprError
from cpr_rules.gctp import Service
from cpr_rules.personnummer import Personnummer
from cpr_rules.session import _saved, _wire
from cpr_rules.session._core import HttpCall, SessionConfig, SessionCore
from cpr_rules.session._flow import AnmrkPolicy, Step
from cpr_rules.session._responses import verdict_of
from cpr_rules.session.kendeord import KendeordStatus
from cpr_rules.session.models import CprVerdict, Kvittering, Stamoplysninger

__all__ = ["LOGGER_NAME", "AsyncCprSession", "CprSession"]

LOGGER_NAME: Final = "cpr_rules.session"
"""The logger the sessions write to unless handed another; it never sees a kendeord or a PNR."""

T = TypeVar("T")


class _SessionBase:
    """What both sessions share: configuration, kendeord status, state, repr."""

    _core: SessionCore

    def _setup(
        self,
        config: SessionConfig,
        kendeord: str,
        kendeord_set_on: dt.date,
        clock: Callable[[], dt.date],
        logger: logging.Logger | None,
    ) -> None:
        self._core = SessionCore(
            config,
            kendeord,
            kendeord_set_on=kendeord_set_on,
            clock=clock,
            logger=logger or logging.getLogger(LOGGER_NAME),
        )

    @property
    def kendeord_set_on(self) -> dt.date:
        """The day the kendeord was set (updated by ``change_kendeord``)."""
        return self._core.kendeord_set_on

    @property
    def kendeord_status(self) -> KendeordStatus:
        """The kendeord's age today: ``days_left``, ``expires_on``, ``needs_change`` …"""
        return self._core.kendeord_status

    @property
    def kendeord_days_left(self) -> int:
        """Days until the kendeord expires (bilag 9 note 2: 90 days)."""
        return self.kendeord_status.days_left

    @property
    def kendeord_warning(self) -> bool:
        """True within ``warn_days`` of expiry (or after): change the kendeord soon."""
        return self.kendeord_status.needs_change

    @property
    def is_logged_on(self) -> bool:
        """True while the session holds a token from CPR."""
        return self._core.token is not None

    @property
    def haendelse(self) -> str | None:
        """The hændelse initiated and not yet saved or afbrudt, else ``None``."""
        flow = self._core.flow.current
        return flow.haendelse if flow is not None else None

    def save_dialogue(self) -> dict[str, Any]:
        """The open dialogue as a small JSON-safe value, to resume it in another worker.

        It holds the token and redirection cookies, the mode (mk, vent) and the initiated
        hændelse (keys, ``ts``, offered actions, input fields, the last validated data), never
        the kendeord. **It is secret**: the token acts as the portal's personkode and the keys
        hold a personnummer. Keep it server-side; never put it in a cookie, a URL or a log.
        """
        return _saved.dump(self._core)

    def restore_dialogue(self, saved: Mapping[str, Any]) -> None:
        """Resume a dialogue from :meth:`save_dialogue` (of a session with the same userid and
        mode); a malformed or foreign value raises :class:`~cpr_rules.errors.InputError`."""
        _saved.load(self._core, saved)

    def __repr__(self) -> str:
        config = self._core.config
        return (
            f"{type(self).__name__}({config.base_url!r}, userid={config.userid!r},"
            f" mk={config.mk!r}, logged_on={self.is_logged_on},"
            f" kendeord_days_left={self.kendeord_days_left})"
        )


class CprSession(_SessionBase):
    """A session with CPR over an ``httpx.Client``: logon, initier, valider, gem or afbryd.

    ``client`` is used as given (the caller closes it); without one, a client is created and
    closed by :meth:`close`. ``sleep`` waits between retries (injectable for tests).
    """

    def __init__(
        self,
        base_url: str,
        userid: str,
        kendeord: str,
        *,
        kendeord_set_on: dt.date,
        mk: str = "0041",
        vent: bool | None = None,
        timeout: float | httpx.Timeout = 10.0,
        retries: int = 2,
        backoff: float = 0.2,
        warn_days: int = 14,
        client: httpx.Client | None = None,
        clock: Callable[[], dt.date] = danish_today,
        logger: logging.Logger | None = None,
        sleep: Callable[[float], None] = time.sleep,
        logon_path: str = _wire.LOGON_PATH,
        service_path: str = _wire.SERVICE_PATH,
    ) -> None:
        config = SessionConfig(
            base_url,
            userid,
            mk,
            vent,
            timeout,
            retries,
            backoff,
            warn_days,
            logon_path,
            service_path,
        )
        self._setup(config, kendeord, kendeord_set_on, clock, logger)
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client()
        self._sleep = sleep

    def logon(self) -> None:
        """Log on with personkode and kendeord (bilag 9 step 1, bilag 5 §4.2.1)."""
        self._core.read_logon(self._post(self._core.logon_call()))

    def change_kendeord(self, new: str) -> None:
        """Change the kendeord (``newpass``) after checking CPR's rules locally."""
        self._core.read_logon(self._post(self._core.newpass_call(new)), new=new)

    def initier(
        self,
        haendelse: str,
        pnr: str | Personnummer,
        hdto: str | dt.date,
        komk: str | int | None = None,
        *,
        continue_anmrk: AnmrkPolicy = False,
    ) -> Stamoplysninger:
        """Initier ``haendelse`` for the keys: the person's stamoplysninger (bilag 9 step 2).

        An Anmrk not passed by ``continue_anmrk`` (eks. 17.2: 2523 directly in CPR, with no
        stamdata) is returned in ``verdict`` and initiates nothing: call ``initier`` again."""
        return self._run(self._core.flow.initier(haendelse, pnr, hdto, komk, continue_anmrk))

    def valider(
        self, data: Mapping[str, str], *, continue_anmrk: AnmrkPolicy = False
    ) -> CprVerdict:
        """Validate the citizen's input fields: CPR's verdict, one error at a time (step 3)."""
        return self._run(self._core.flow.valider(data, continue_anmrk))

    def gem(
        self, data: Mapping[str, str] | None = None, *, continue_anmrk: AnmrkPolicy = False
    ) -> Kvittering:
        """Save (the last validated ``data`` by default) in the venteregister (step 4)."""
        return self._run(self._core.flow.gem(data, continue_anmrk))

    def afbryd(self) -> CprVerdict:
        """Abandon the initiated hændelse (action ``F``, bilag 7 §10); allowed at any step."""
        return self._run(self._core.flow.afbryd())

    def close(self) -> None:
        """Close the httpx client if the session created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self.haendelse is not None:
                self._core.logger.info("closing with %s open: afbryd", self.haendelse)
                self.afbryd()
        except CprError as failure:
            self._core.logger.warning("afbryd on close failed: %s", failure)
        finally:
            self.close()

    def _run(self, step: Step[T]) -> T:
        seen: list[int] = []
        service = self._service(step)
        verdict = verdict_of(service)
        while self._core.flow.resubmits(step, verdict, seen):
            service = self._service(step)
            verdict = verdict_of(service)
        return step.finish(service, verdict)

    def _service(self, step: Step[T]) -> Service:
        for _ in range(2):  # a 901 on a service call: log on again once (bilag 5, last page)
            if self._core.token is None:
                self.logon()
            service = self._core.read_service(self._post(self._core.service_call(step)), step)
            if service is not None:
                return service
        raise self._core.token_unknown()

    def _post(self, call: HttpCall) -> httpx.Response:
        attempt = 0
        while True:
            try:
                return self._client.send(_request(self._client, call, self._core.timeout))
            except httpx.TransportError as error:
                delay = self._core.retry_delay(error, attempt, call)
                if delay is None:
                    raise self._core.transport_error(error, attempt + 1, call) from error
                self._sleep(delay)
                attempt += 1


class AsyncCprSession(_SessionBase):
    """:class:`CprSession` over an ``httpx.AsyncClient``: the same steps, awaited."""

    def __init__(
        self,
        base_url: str,
        userid: str,
        kendeord: str,
        *,
        kendeord_set_on: dt.date,
        mk: str = "0041",
        vent: bool | None = None,
        timeout: float | httpx.Timeout = 10.0,
        retries: int = 2,
        backoff: float = 0.2,
        warn_days: int = 14,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], dt.date] = danish_today,
        logger: logging.Logger | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        logon_path: str = _wire.LOGON_PATH,
        service_path: str = _wire.SERVICE_PATH,
    ) -> None:
        config = SessionConfig(
            base_url,
            userid,
            mk,
            vent,
            timeout,
            retries,
            backoff,
            warn_days,
            logon_path,
            service_path,
        )
        self._setup(config, kendeord, kendeord_set_on, clock, logger)
        self._owns_client = client is None
        self._client = client if client is not None else httpx.AsyncClient()
        self._sleep = sleep

    async def logon(self) -> None:
        """See :meth:`CprSession.logon`."""
        self._core.read_logon(await self._post(self._core.logon_call()))

    async def change_kendeord(self, new: str) -> None:
        """See :meth:`CprSession.change_kendeord`."""
        self._core.read_logon(await self._post(self._core.newpass_call(new)), new=new)

    async def initier(
        self,
        haendelse: str,
        pnr: str | Personnummer,
        hdto: str | dt.date,
        komk: str | int | None = None,
        *,
        continue_anmrk: AnmrkPolicy = False,
    ) -> Stamoplysninger:
        """See :meth:`CprSession.initier`."""
        return await self._run(self._core.flow.initier(haendelse, pnr, hdto, komk, continue_anmrk))

    async def valider(
        self, data: Mapping[str, str], *, continue_anmrk: AnmrkPolicy = False
    ) -> CprVerdict:
        """See :meth:`CprSession.valider`."""
        return await self._run(self._core.flow.valider(data, continue_anmrk))

    async def gem(
        self, data: Mapping[str, str] | None = None, *, continue_anmrk: AnmrkPolicy = False
    ) -> Kvittering:
        """See :meth:`CprSession.gem`."""
        return await self._run(self._core.flow.gem(data, continue_anmrk))

    async def afbryd(self) -> CprVerdict:
        """See :meth:`CprSession.afbryd`."""
        return await self._run(self._core.flow.afbryd())

    async def aclose(self) -> None:
        """Close the httpx client if the session created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self.haendelse is not None:
                self._core.logger.info("closing with %s open: afbryd", self.haendelse)
                await self.afbryd()
        except CprError as failure:
            self._core.logger.warning("afbryd on close failed: %s", failure)
        finally:
            await self.aclose()

    async def _run(self, step: Step[T]) -> T:
        seen: list[int] = []
        service = await self._service(step)
        verdict = verdict_of(service)
        while self._core.flow.resubmits(step, verdict, seen):
            service = await self._service(step)
            verdict = verdict_of(service)
        return step.finish(service, verdict)

    async def _service(self, step: Step[T]) -> Service:
        for _ in range(2):  # a 901 on a service call: log on again once (bilag 5, last page)
            if self._core.token is None:
                await self.logon()
            response = await self._post(self._core.service_call(step))
            service = self._core.read_service(response, step)
            if service is not None:
                return service
        raise self._core.token_unknown()

    async def _post(self, call: HttpCall) -> httpx.Response:
        attempt = 0
        while True:
            try:
                return await self._client.send(_request(self._client, call, self._core.timeout))
            except httpx.TransportError as error:
                delay = self._core.retry_delay(error, attempt, call)
                if delay is None:
                    raise self._core.transport_error(error, attempt + 1, call) from error
                await self._sleep(delay)
                attempt += 1


def _request(
    client: httpx.Client | httpx.AsyncClient, call: HttpCall, timeout: httpx.Timeout
) -> httpx.Request:
    """The request for ``call``: what ``client.build_request`` makes of it (the client's default
    headers and query parameters merged in; ``call.url`` is absolute), but never with the
    client's cookie jar, which is not even consulted (bilag 5: the session sends its own
    ``Cookie: Token=…``)."""
    headers = client.headers.copy()
    headers.update(call.headers)
    return httpx.Request(
        "POST",
        call.url,
        content=call.body,
        headers=headers,
        params=client.params or None,
        extensions={"timeout": timeout.as_dict()},
    )
