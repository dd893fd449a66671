"""The sandbox's configuration: one frozen value, built by the CLI or by a test.

>>> config = SandboxConfig(port=0, today=dt.date(2015, 2, 1))
>>> config.current_date(), config.max_body_bytes
(datetime.date(2015, 2, 1), 65536)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cpr_rules._today import danish_today

__all__ = [
    "DEFAULT_DB",
    "LOGON_PATHS",
    "SERVICE_PATHS",
    "SandboxConfig",
]

DEFAULT_DB: Final = Path("cpr-sandbox.sqlite3")
"""The database file ``sandbox serve`` and ``sandbox kommune`` use when ``--db`` is not given."""

LOGON_PATHS: Final = ("/cics/dmwg/cscwbsgn", "/cics/dmwg/cscwbsgn/cpr-online-gctp/gctp")
"""Logon (bilag 5 §4.1 "Sti til service" and the §4.2.1 example ``POST /cics/dmwg/cscwbsgn``)."""

SERVICE_PATHS: Final = ("/cpr-online-gctp/gctp", "/cpcacpra/ajou/xyz/cpr-online-gctp/gctp")
"""CPR services (bilag 5 §4.1 example ``POST /cpr-online-gctp/gctp`` and "CPR-Applikation")."""


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """Everything ``cpr-rules sandbox serve`` can be told.

    ``db`` holds the venteregister, the applied moves and the security server's kendeord (SQLite,
    WAL). ``rules`` is a folder of rule sets and ``tables`` of code tables (default: the shipped
    ones; another version stages drift), ``users`` a users YAML
    (default: the demo users), ``persons`` extra persons as YAML (on top of the 80 demo persons).
    ``today`` fixes the date the sandbox validates against and ages kendeord by (tests);
    timestamps (``ts``, VNTS) always use the real clock (Danish local time).

    Limits (docs/sandbox.md "Limits"): a request's headers must arrive within
    ``header_timeout_seconds`` (else the connection is closed), its body within
    ``body_timeout_seconds`` (else 408) and be at most ``max_body_bytes`` (else 413); at most
    ``max_dialogues`` open dialogues, ``max_dialogues_per_user`` of them per user (a user's
    oldest makes room for its newest, never another user's); at most ``max_tokens_per_user``
    live tokens per user (a logon past it ends the user's least recently used token). Lockout:
    after ``lockout_attempts`` wrong kendeord in a row a userid is refused (903) for
    ``lockout_seconds`` (``lockout_attempts=0``: no lockout). ``demo_scrypt_n`` is the scrypt
    cost of the demo users' kendeord hashes (lower it for benchmarks only).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    db: Path = DEFAULT_DB
    rules: Path | None = None
    tables: Path | None = None
    users: Path | None = None
    persons: Path | None = None
    today: dt.date | None = None
    max_body_bytes: int = 64 * 1024
    token_idle_seconds: float = 30 * 60.0
    dialogue_idle_seconds: float = 30 * 60.0
    max_dialogues: int = 10_000
    max_dialogues_per_user: int = 1_000
    max_tokens_per_user: int = 1_000
    body_timeout_seconds: float = 10.0
    header_timeout_seconds: float = 10.0
    lockout_attempts: int = 5
    lockout_seconds: float = 300.0
    demo_scrypt_n: int = 2**14
    env: str = "cpr-rules sandbox"

    def current_date(self) -> dt.date:
        """``today`` if set, else the real date."""
        return self.today if self.today is not None else danish_today()
