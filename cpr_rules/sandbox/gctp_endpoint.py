"""The GCTP paths of bilag 5 as a plain ASGI endpoint: body in, one GCTP answer out.

Every GCTP request goes through here, so it does only what a request needs: the body is read
under ``body_timeout_seconds`` (``408`` and ``Connection: close`` when it stalls, one log line
when the client goes away, ``413`` over ``max_body_bytes``), the ``Token`` cookie is read as
Starlette reads cookies, and the answer is ``200 OK``, ``text/xml; charset=ISO-8859-1``,
``Pragma: no-cache``, ``Set-Cookie: Token=…; Path=/`` after a logon. Another method than
``POST`` is ``405`` with ``Allow: POST``.

A request that only reads (initier, valider, afbryd; a small body) is answered on the event
loop: it takes a fraction of a millisecond, less than handing it to a thread. A kendeord check
at full scrypt cost (a logon, unless the user's hash is cheap: the benchmarks' demo users), a
kendeord change, a gem (the fsync'd commit) and any body over :data:`INLINE_BYTES` are answered
in a worker thread, so the event loop never waits for a hash or the disk.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import cookie_parser

from cpr_rules.gctp import LOGON_RETURN_CODES, GctpMessage, GctpParseError, parse, render
from cpr_rules.sandbox._person_layouts import mask_personnumre
from cpr_rules.sandbox.config import LOGON_PATHS, SERVICE_PATHS
from cpr_rules.sandbox.kvitteringer import kvit
from cpr_rules.sandbox.responses import sik_reply, system_reply
from cpr_rules.sandbox.runtime import Sandbox
from cpr_rules.sandbox.security import REJECTED_TOKEN

__all__ = [
    "GCTP_PATHS",
    "INLINE_BYTES",
    "GctpEndpoint",
    "Receive",
    "Scope",
    "Send",
    "answer",
    "route_path",
]

GCTP_PATHS: Final = frozenset((*LOGON_PATHS, *SERVICE_PATHS))
"""Every path that takes a GCTP document (logon and services, bilag 5 §4.1-4.2.1)."""

INLINE_BYTES: Final = 8 * 1024
"""Bodies up to this size that only read are answered on the event loop (a FLYTB-I request is
about 500 bytes); larger ones are parsed in a worker thread."""

_LOG = logging.getLogger("cpr_rules.sandbox.app")
_WRITES: Final = frozenset({"3", "G", "4"})  # gem: an fsync'd commit
_GCTP_HEADERS: Final = ((b"pragma", b"no-cache"), (b"expires", b"0"))
_XML: Final = (b"content-type", b"text/xml; charset=ISO-8859-1")
_CLOSE: Final = ((b"connection", b"close"),)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class _Disconnected(Exception):
    """The client went away before the whole body arrived."""


class GctpEndpoint:
    """The ASGI app of the GCTP paths of one :class:`~cpr_rules.sandbox.runtime.Sandbox`."""

    def __init__(self, box: Sandbox) -> None:
        self.box = box
        self.limit = box.config.max_body_bytes
        self.timeout = box.config.body_timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = route_path(scope)
        if scope["method"] != "POST":
            await _plain(send, 405, b"Method Not Allowed", ((b"allow", b"POST"),))
            return
        body = await self._body(scope, receive, send, path)
        if body is None:
            return
        token = _token(scope)
        logon = path in LOGON_PATHS
        if len(body) <= INLINE_BYTES:
            parsed = read(self.box, body)
            if isinstance(parsed, GctpMessage) and not _slow(self.box, parsed):
                content, cookie = respond(self.box, parsed, len(body), token, logon)
            else:
                args = (self.box, parsed, len(body), token, logon)
                content, cookie = await run_in_threadpool(respond, *args)
        else:
            content, cookie = await run_in_threadpool(answer, self.box, body, token, logon)
        headers = [*_GCTP_HEADERS]
        if cookie is not None:
            headers.append((b"set-cookie", f"Token={cookie}; Path=/".encode("latin-1")))
        headers += ((b"content-length", str(len(content)).encode("ascii")), _XML)
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _body(self, scope: Scope, receive: Receive, send: Send, path: str) -> bytes | None:
        """The request body, or ``None`` after answering 413/408/400 for it."""
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > self.limit:
            await _plain(send, 413, b"Request Entity Too Large")
            return None
        try:
            async with asyncio.timeout(self.timeout):
                body = await _read(receive, self.limit)
        except TimeoutError:
            _LOG.info("%s: request body not received within %.0f s", path, self.timeout)
            await _plain(send, 408, b"Request Timeout", _CLOSE)
            return None
        except _Disconnected:
            _LOG.info("%s: client disconnected while sending the request", path)
            await _plain(send, 400, b"Client Closed Request", _CLOSE)
            return None
        if body is None:
            await _plain(send, 413, b"Request Entity Too Large", _CLOSE)
        return body


def answer(box: Sandbox, body: bytes, token: str | None, logon: bool) -> tuple[bytes, str | None]:
    """The rendered reply to one GCTP request and the token cookie to set (``None``: none)."""
    return respond(box, read(box, body), len(body), token, logon)


def read(box: Sandbox, body: bytes) -> GctpMessage | Exception:
    """The parsed request, or why it could not be parsed (a bug is kept for :func:`respond`)."""
    try:
        return parse(body, max_bytes=box.config.max_body_bytes)
    except Exception as exc:  # GctpParseError, or a bug answered System 9099 by respond()
        return exc


def respond(
    box: Sandbox, parsed: GctpMessage | Exception, size: int, token: str | None, logon: bool
) -> tuple[bytes, str | None]:
    """The rendered reply to a parsed request (``size`` bytes) and the token cookie to set."""
    try:
        message, cookie = _dispatch(box, parsed, size, token, logon)
        return render(message), cookie
    except Exception as exc:  # a bug in the sandbox: a System receipt, never a traceback
        _LOG.error("internal error: %s", mask_personnumre(f"{type(exc).__name__}: {exc}"))
        return render(system_reply(kvit(9099), env=box.config.env)), None


def _dispatch(
    box: Sandbox, parsed: GctpMessage | Exception, size: int, token: str | None, logon: bool
) -> tuple[GctpMessage, str | None]:
    if isinstance(parsed, GctpParseError):
        reason = mask_personnumre(str(parsed))[:200]  # for the sender, who wrote it
        _LOG.info("not GCTP (%d bytes): %s", size, _where(parsed))
        if logon:
            return sik_reply(999, f"{LOGON_RETURN_CODES[999]}: {reason}"), REJECTED_TOKEN
        if box.security.session(token) is None:
            return sik_reply(901, LOGON_RETURN_CODES[901]), REJECTED_TOKEN
        return system_reply(kvit(9031, reason=reason), env=box.config.env), None
    if isinstance(parsed, Exception):
        raise parsed
    if parsed.sik is not None:
        outcome = box.security.handle(parsed.sik)
        return sik_reply(outcome.code, outcome.text), outcome.token or REJECTED_TOKEN
    if logon:
        text = f'{LOGON_RETURN_CODES[999]}: logon expects <Sik function="signon" …/>'
        return sik_reply(999, text), REJECTED_TOKEN
    session = box.security.session(token)
    if session is None:
        return sik_reply(901, LOGON_RETURN_CODES[901]), REJECTED_TOKEN
    return box.desk.handle(parsed, session), None


def _where(error: GctpParseError) -> str:
    """What a log line says of a request that is not GCTP: the kind of defect and where, never
    the message, which may quote the body's text or element names (a kendeord, a token)."""
    at = f" at line {error.line}, column {error.column}" if error.line else ""
    return f"{type(error).__name__}{at}"


def _slow(box: Sandbox, message: GctpMessage) -> bool:
    """Whether answering ``message`` may hash a kendeord at full cost or commit to the
    database (then it is answered in a worker thread)."""
    if message.sik is not None:
        try:
            return not box.security.is_quick(message.sik)
        except Exception:  # e.g. the database: respond() answers it, in a worker thread
            return True
    return any(s.header is not None and s.header.a in _WRITES for s in message.services)


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body (``None`` once it passes ``limit``); raises when the client goes away."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        if not message.get("more_body", False):
            return b"".join((*chunks, chunk)) if chunks else chunk
        chunks.append(chunk)


async def _plain(
    send: Send, status: int, text: bytes, headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    """A ``text/plain`` answer, as Starlette's ``PlainTextResponse`` writes it."""
    head = [
        *headers,
        (b"content-length", str(len(text)).encode("ascii")),
        (b"content-type", b"text/plain; charset=utf-8"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": text})


def _header(scope: Scope, name: bytes) -> str:
    """The first header ``name`` (lower case) of the request, ``""`` if absent."""
    value = next((v for k, v in scope["headers"] if k == name), b"")
    return bytes(value).decode("latin-1")


def _token(scope: Scope) -> str | None:
    """The ``Token`` cookie (bilag 5 writes both ``Token=`` and ``TOKEN=``), read as Starlette
    reads cookies."""
    header = _header(scope, b"cookie")
    if not header:
        return None
    parsed = cookie_parser(header)
    return next((v for k, v in parsed.items() if k.lower() == "token"), None)


def route_path(scope: Scope) -> str:
    """The path without the ``root_path`` the app is mounted under."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path
