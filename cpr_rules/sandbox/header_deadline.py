"""A time box for reading a request's headers: uvicorn (h11) has none, so a client that sends
half a request line and stalls (slowloris) would hold its connection for ever.

The deadline is armed when a connection opens and again when a response is complete; if no new
request's headers have arrived when it fires, the connection is closed with one log line. An
idle keep-alive connection is closed earlier by uvicorn's own keep-alive timeout; a request
whose headers did arrive is then under the body timeout (``body_timeout_seconds``, 408) and the
app, not this deadline.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Final

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["with_header_deadline"]

_LOG: Final = logging.getLogger("cpr_rules.sandbox")


def with_header_deadline(seconds: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with request headers time-boxed to ``seconds``."""

    class HeaderDeadlineProtocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm_header_deadline()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_header_deadline()

        def _arm_header_deadline(self) -> None:
            self.loop.call_later(seconds, self._header_deadline, self.cycle)

        def _header_deadline(self, armed: Any) -> None:
            if self.cycle is not armed or self.transport.is_closing():
                return  # a request's headers arrived since, or the connection is gone
            if armed is not None and not armed.response_complete:
                return  # still answering the previous request
            _LOG.info("request headers not received within %.0f s; connection closed", seconds)
            self.transport.close()

    return HeaderDeadlineProtocol
