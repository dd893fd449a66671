"""Run the sandbox with uvicorn: in the foreground (``sandbox serve``) or in a background thread.

:func:`start` is for tests and for a portal's own integration tests::

    with start(SandboxConfig(port=0, db=tmp / "sandbox.sqlite3")) as running:
        httpx.post(running.url + "/cics/dmwg/cscwbsgn", content=gctp.render(...))

The socket is bound before uvicorn starts, so ``port=0`` picks a free port and :attr:`url` is
right. Every record of the sandbox's and uvicorn's loggers passes :class:`MaskingFilter` (a
personnummer is written ``DDMMÅÅ-****``) before any handler sees it, under :func:`serve` and
:func:`start` alike: a portal's own logging never gets one from the sandbox.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Final

import uvicorn

from cpr_rules.sandbox._person_layouts import mask_personnumre
from cpr_rules.sandbox.app import create_app
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.header_deadline import with_header_deadline
from cpr_rules.sandbox.runtime import Sandbox

__all__ = [
    "MaskingFilter",
    "RunningSandbox",
    "bind",
    "configure_logging",
    "mask_logs",
    "serve",
    "start",
]

_LOGGERS: Final = ("uvicorn", "uvicorn.error", "uvicorn.access", "cpr_rules.sandbox")
_RECORDING: Final = (
    *_LOGGERS,
    "uvicorn.asgi",
    "cpr_rules.sandbox.app",
    "cpr_rules.sandbox.services",
    "cpr_rules.sandbox.security",
)
"""Every logger a record of the sandbox or of uvicorn is made on (a logger's filter sees only
its own records, not those propagated from its children)."""


class MaskingFilter(logging.Filter):
    """Masks every personnummer in a record: its arguments one by one (so a formatter that reads
    them, like uvicorn's access formatter, still can), its message, and its traceback. A
    personnummer only the formatted message shows is masked there (the record is flattened)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = mask_personnumre(record.msg)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: logging reports that
            return True
        masked = _masked(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = mask_personnumre(text)
            record.exc_info = None
        return True


def _masked(text: str) -> str:
    """``text`` with every personnummer masked, also one a URL writes with ``%20`` for its
    blank (``DDMMÅÅ%20LLLL``; then the whole text is shown with blanks)."""
    masked = mask_personnumre(text)
    if "%20" in text:
        spaced = text.replace("%20", " ")
        if mask_personnumre(spaced) != spaced:
            return mask_personnumre(spaced)
    return masked


def configure_logging(level: int = logging.INFO) -> None:
    """Log the sandbox and uvicorn to stderr, one line each, personnumre masked."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [handler] if name in ("uvicorn", "cpr_rules.sandbox") else []
        logger.setLevel(level)
        logger.propagate = name not in ("uvicorn", "cpr_rules.sandbox")


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``port=0``: a free port).

    Made with ``IPPROTO_TCP``, not protocol 0: asyncio sets ``TCP_NODELAY`` on an accepted
    connection only when the listening socket says it is TCP (``sock.proto``), and without it
    uvicorn's split writes wait for the client's delayed ACK (~40 ms per response).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def mask_logs() -> None:
    """Put :class:`MaskingFilter` on every logger the sandbox and uvicorn make records on
    (once), so a record is masked before any handler, the caller's too, sees it."""
    for name in _RECORDING:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskingFilter) for f in logger.filters):
            logger.addFilter(MaskingFilter())


def _server(config: SandboxConfig, sandbox: Sandbox) -> uvicorn.Server:
    mask_logs()
    app = create_app(config, sandbox=sandbox)
    settings = uvicorn.Config(
        app,
        http=with_header_deadline(config.header_timeout_seconds),
        ws="none",
        lifespan="off",
        log_config=None,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(settings)


def url_of(sock: socket.socket) -> str:
    """``http://host:port`` of a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(config: SandboxConfig, *, on_start: Callable[[str, Sandbox], None] | None = None) -> None:
    """Run until Ctrl-C (SIGINT) or SIGTERM; ``on_start(url, sandbox)`` runs once bound."""
    sandbox = Sandbox.open(config)
    sock = bind(config.host, config.port)
    if on_start is not None:
        on_start(url_of(sock), sandbox)
    server = _server(config, sandbox)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # pragma: no cover - uvicorn normally handles SIGINT itself
        pass
    finally:
        sock.close()
        sandbox.store.close()


class RunningSandbox:
    """A sandbox serving in a background thread; a context manager that stops it."""

    def __init__(self, config: SandboxConfig, sandbox: Sandbox) -> None:
        self.config = config
        self.sandbox = sandbox
        self._sock = bind(config.host, config.port)
        self.url = url_of(self._sock)
        self._server = _server(config, sandbox)
        self._thread = threading.Thread(
            target=self._run, name=f"cpr-sandbox {self.url}", daemon=True
        )

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._sock]))

    def start(self, timeout: float = 10.0) -> RunningSandbox:
        """Start serving; returns once the server accepts connections."""
        self._thread.start()
        ready = threading.Event()
        while not self._server.started and self._thread.is_alive():
            ready.wait(0.01)
            if timeout <= 0:
                raise RuntimeError("the sandbox did not start")
            timeout -= 0.01
        if not self._server.started:
            raise RuntimeError("the sandbox stopped while starting")
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
        self.sandbox.store.close()

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start(config: SandboxConfig) -> RunningSandbox:
    """Open the sandbox for ``config`` and serve it in a background thread."""
    return RunningSandbox(config, Sandbox.open(config)).start()
