"""Serve the web app with uvicorn: in the foreground (``cpr-rules portal``) or in a thread.

:func:`serving` is for tests and for a portal's own integration tests::

    with serving(create_app()) as url:
        httpx.get(url + "/api/veje", params={"komk": "0101", "q": "vesterbro"})

The socket is bound first, so ``port=0`` picks a free port and the URL is right. Access logs
are off: a log line never holds a request body, and the API takes no personnummer in a URL.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from cpr_rules.sandbox.header_deadline import with_header_deadline
from cpr_rules.sandbox.server import bind, url_of

__all__ = ["bind", "run", "serving", "url_of"]


HEADER_TIMEOUT_SECONDS = 10.0
"""Seconds a client has to send a request's headers before its connection is closed."""


def _server(app: Any, header_timeout: float = HEADER_TIMEOUT_SECONDS) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        http=with_header_deadline(header_timeout),
        ws="none",
        lifespan="off",
        log_config=None,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


def run(app: Any, sock: Any) -> None:
    """Serve ``app`` on the bound socket ``sock`` until Ctrl-C or SIGTERM."""
    try:
        _server(app).run(sockets=[sock])
    finally:
        sock.close()


@contextmanager
def serving(
    app: Any,
    host: str = "127.0.0.1",
    port: int = 0,
    header_timeout: float = HEADER_TIMEOUT_SECONDS,
) -> Iterator[str]:
    """``app`` served in a background thread until the block ends; yields its base URL.
    A client that does not send a request's headers within ``header_timeout`` seconds is
    disconnected (:mod:`cpr_rules.sandbox.header_deadline`)."""
    sock = bind(host, port)
    server = _server(app, header_timeout)
    thread = threading.Thread(
        target=lambda: asyncio.run(server.serve(sockets=[sock])), name="cpr-rules web", daemon=True
    )
    thread.start()
    waiting = threading.Event()
    for _ in range(1000):
        if server.started or not thread.is_alive():
            break
        waiting.wait(0.01)
    if not server.started:
        sock.close()
        raise RuntimeError("the web app did not start")
    try:
        yield url_of(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
