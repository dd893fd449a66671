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

from cpr_rules.sandbox.server import bind, url_of

__all__ = ["bind", "run", "serving", "url_of"]


def _server(app: Any) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        http="h11",
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
def serving(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """``app`` served in a background thread until the block ends; yields its base URL."""
    sock = bind(host, port)
    server = _server(app)
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
