"""The sandbox's HTTP side: the paths of bilag 5, plus the kommune endpoints.

The GCTP paths are a plain ASGI endpoint (:mod:`cpr_rules.sandbox.gctp_endpoint`, answered
without a framework in between); every other path is a small Starlette app.

GCTP (bilag 5 §4): ``POST`` an ISO-8859-1 GCTP document; the answer is ``200 OK`` with a GCTP
document (also when the logon fails or the request is wrong), ``text/xml``, ``Pragma: no-cache``.

- Logon, :data:`~cpr_rules.sandbox.config.LOGON_PATHS`: a ``<Sik>`` request. The answer sets
  ``Set-Cookie: Token=…; Path=/`` (``ZZZzzzzzzzz`` when the logon failed).
- Services, :data:`~cpr_rules.sandbox.config.SERVICE_PATHS`: ``CprAjour`` requests with
  ``Cookie: Token=…``; an unknown or expired token is answered 901 "Token kendes ikke" in a
  ``<Sik>`` block (bilag 5 §4.2.1). A ``<Sik>`` logon sent here is answered as a logon too, so a
  client with one base URL works.
- A body over ``max_body_bytes`` is answered ``413``, a body that does not arrive within
  ``body_timeout_seconds`` ``408``; a client that disconnects while sending is logged in one
  line. A body that is not GCTP gets a GCTP receipt (``Sik`` 999 on the logon path, ``Kvit
  r="System"`` 9031 otherwise), and an answer that cannot be rendered a System 9099, never a 500.

Kommune (JSON, token of a user in sikkerhedsgruppe ``kommune``): ``GET /sandbox/kommune/events``
(``?komk=0101``, ``?status=afventer|godkendt|afvist|alle``), ``POST
/sandbox/kommune/events/{vnts}/approve``, ``POST /sandbox/kommune/events/{vnts}/reject`` with
``{"reason": "…"}``. A kommune user sees and decides only the hændelser of its own kommuner
(``kommuner`` in the users file): another kommune's is 403, in a list and in a decision.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cpr_rules.sandbox._person_layouts import mask_personnumre
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.gctp_endpoint import (
    GCTP_PATHS,
    GctpEndpoint,
    Receive,
    Scope,
    Send,
    route_path,
)
from cpr_rules.sandbox.kommune import (
    AlreadyDecidedError,
    KommuneError,
    NoSuchEntryError,
    OtherKommuneError,
    approve,
    list_entries,
    reject,
    summary,
)
from cpr_rules.sandbox.runtime import Sandbox
from cpr_rules.sandbox.security import Session
from cpr_rules.sandbox.venteregister import STATUSES, Status

__all__ = ["KOMMUNE_PATH", "SandboxApp", "create_app"]

KOMMUNE_PATH: Final = "/sandbox/kommune/events"

_LOG = logging.getLogger("cpr_rules.sandbox.app")
_KOMK: Final = re.compile(r"\d{4}")
_CLOSE: Final = {"Connection": "close"}


def create_app(config: SandboxConfig, *, sandbox: Sandbox | None = None) -> SandboxApp:
    """The ASGI app for ``config`` (``sandbox`` if already opened, else opened now)."""
    box = sandbox if sandbox is not None else Sandbox.open(config)

    async def events(request: Request) -> Response:
        session = _kommune(box, request)
        if isinstance(session, Response):
            return session
        komk = request.query_params.get("komk")
        wanted = request.query_params.get("status", "afventer")
        if (komk is not None and not _KOMK.fullmatch(komk)) or wanted not in (*STATUSES, "alle"):
            return _error(400, "komk must be 4 digits; status afventer, godkendt, afvist or alle")
        if komk is not None and komk not in session.kommuner:
            return _error(403, f"user {session.userid} does not decide for kommune {komk}")
        status: Status | None = None if wanted == "alle" else wanted  # type: ignore[assignment]
        kommuner = (komk,) if komk is not None else session.kommuner
        found = await run_in_threadpool(list_entries, box.store, kommuner=kommuner, status=status)
        return JSONResponse({"events": [summary(entry) for entry in found]})

    async def decide(request: Request, verb: str) -> Response:
        session = _kommune(box, request)
        if isinstance(session, Response):
            return session
        vnts = request.path_params["vnts"]
        reason, years = None, None
        if verb == "approve":
            asked = await _years(request, config.max_body_bytes, config.body_timeout_seconds)
            if isinstance(asked, Response):
                return asked
            years = asked
        if verb == "reject":
            read = await _reason(request, config.max_body_bytes, config.body_timeout_seconds)
            if isinstance(read, Response):
                return read
            if read is None:
                return _error(400, 'reject needs a JSON body {"reason": "…"}')
            reason = read
        try:
            if reason is None:
                kommuner = session.kommuner
                entry = await run_in_threadpool(
                    lambda: approve(box.store, vnts, kommuner=kommuner, beskyttelse_aar=years)
                )
            else:
                entry = await run_in_threadpool(
                    reject, box.store, vnts, reason, kommuner=session.kommuner
                )
        except NoSuchEntryError as exc:
            return _error(404, str(exc))
        except OtherKommuneError as exc:
            return _error(403, str(exc))
        except AlreadyDecidedError as exc:
            return _error(409, str(exc))
        except KommuneError as exc:
            return _error(400, str(exc))
        _LOG.info("kommune %s: %s %s", session.userid, verb, entry.vnts)
        return JSONResponse({"event": summary(entry)})

    async def approve_event(request: Request) -> Response:
        return await decide(request, "approve")

    async def reject_event(request: Request) -> Response:
        return await decide(request, "reject")

    routes = [
        Route(KOMMUNE_PATH, events, methods=["GET"]),
        Route(KOMMUNE_PATH + "/{vnts}/approve", approve_event, methods=["POST"]),
        Route(KOMMUNE_PATH + "/{vnts}/reject", reject_event, methods=["POST"]),
    ]
    kommune = Starlette(routes=routes)
    kommune.state.sandbox = box
    return SandboxApp(GctpEndpoint(box), kommune)


class SandboxApp:
    """The sandbox's ASGI app: GCTP paths to :class:`GctpEndpoint`, the rest to Starlette."""

    def __init__(self, gctp: GctpEndpoint, other: Starlette) -> None:
        self.gctp = gctp
        self.other = other
        self.sandbox = gctp.box

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and route_path(scope) in GCTP_PATHS:
            await self.gctp(scope, receive, send)
        else:
            await self.other(scope, receive, send)


async def _body(request: Request, limit: int, timeout: float) -> bytes | Response:
    """The request body, or the JSON error when it is longer than ``limit`` (413), has not
    arrived after ``timeout`` seconds (408) or the client went away while sending it (400): the
    kommune side answers every error in JSON (issue 11 point 3)."""
    declared = request.headers.get("content-length", "")
    too_large = f"the request body is over {limit} bytes"
    if declared.isdigit() and int(declared) > limit:
        return _error(413, too_large)
    try:
        body = await asyncio.wait_for(_read(request, limit), timeout)
    except TimeoutError:
        _LOG.info("%s: request body not received within %.0f s", request.url.path, timeout)
        return _error(408, f"the request body did not arrive within {timeout:g} s", _CLOSE)
    except ClientDisconnect:
        _LOG.info("%s: client disconnected while sending the request", request.url.path)
        return _error(400, "the client went away while sending the request body", _CLOSE)
    if body is None:
        return _error(413, too_large, _CLOSE)
    return body


async def _read(request: Request, limit: int) -> bytes | None:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _token(request: Request) -> str | None:
    """The ``Token`` cookie (bilag 5 writes both ``Token=`` and ``TOKEN=``)."""
    return next((v for k, v in request.cookies.items() if k.lower() == "token"), None)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": mask_personnumre(message)}, status_code=status, headers=headers)


def _kommune(box: Sandbox, request: Request) -> Session | Response:
    """The session of a logged-on kommune user, else the 401/403 answer."""
    session = box.security.session(_token(request))
    if session is None:
        return _error(401, "log on first (POST /cics/dmwg/cscwbsgn) and send Cookie: Token=…")
    if session.sikkerhedsgruppe != "kommune":
        return _error(403, "only users in sikkerhedsgruppe kommune may decide in the venteregister")
    return session


async def _years(request: Request, limit: int, timeout: float) -> int | Response | None:
    """``beskyttelse_aar`` of an approval's optional JSON body ``{"beskyttelse_aar": 1}``; None
    without a body; 400 for any other body."""
    body = await _body(request, limit, timeout)
    if isinstance(body, Response) or not body.strip():
        return body if isinstance(body, Response) else None
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):
        data = None
    years = data.get("beskyttelse_aar") if isinstance(data, dict) and len(data) == 1 else None
    if type(years) is not int:
        return _error(400, 'approve takes no body or {"beskyttelse_aar": <whole years>}')
    return years


async def _reason(request: Request, limit: int, timeout: float) -> str | Response | None:
    """``reason`` of a JSON body ``{"reason": "…"}``; ``None`` if the body is not that."""
    body = await _body(request, limit, timeout)
    if isinstance(body, Response):
        return body
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: a body nested thousands deep
        return None
    reason = data.get("reason") if isinstance(data, dict) else None
    return reason if isinstance(reason, str) else None
