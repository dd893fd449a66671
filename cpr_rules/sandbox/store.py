"""The sandbox's SQLite file: schema, pragmas, and one short transaction per write.

Durability: the database runs in WAL mode with ``synchronous=FULL``, so a transaction is on disk
(the WAL fsynced) when ``COMMIT`` returns. Every write is one ``BEGIN IMMEDIATE … COMMIT`` (the
write lock is taken up front, so two writers never deadlock and a reader never blocks a writer),
and the server answers a gem only after that commit: a SIGKILL after the answer cannot lose the
event. Each thread keeps one connection open (opening and closing one per operation costs a WAL
checkpoint whenever the last connection closes); the server's threads, the ``sandbox kommune``
CLI and other processes use the file at the same time. :meth:`Store.close` closes them all.

Tables: ``venteregister`` (one row per saved hændelse, keyed by VNTS; ``direkte = 1``: saved
directly in CPR by a portal with myndighed 0042, never waiting), ``flytninger`` and
``beskyttelser`` (approved moves and protections applied to the person register), ``kendeord``
and ``kendeord_historik`` (the security server's state: salted scrypt hashes only, never a
kendeord).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Final

from cpr_rules.errors import InputError

__all__ = ["SCHEMA_VERSION", "Store", "StoreError"]

SCHEMA_VERSION: Final = 2

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS venteregister (
    vnts       TEXT PRIMARY KEY CHECK (length(vnts) = 20 AND vnts NOT GLOB '*[^0-9]*'),
    ts         TEXT NOT NULL UNIQUE,
    haendelse  TEXT NOT NULL,
    pnr        TEXT NOT NULL CHECK (length(pnr) = 10),
    komk       TEXT NOT NULL,
    hdto       TEXT NOT NULL,
    userid     TEXT NOT NULL,
    fields     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'afventer'
               CHECK (status IN ('afventer', 'godkendt', 'afvist')),
    created    TEXT NOT NULL,
    decided    TEXT,
    reason     TEXT,
    direkte    INTEGER NOT NULL DEFAULT 0 CHECK (direkte IN (0, 1)),
    CHECK ((status = 'afventer') = (decided IS NULL)),
    CHECK ((status = 'afvist') = (reason IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS venteregister_pnr ON venteregister (pnr, status);
CREATE INDEX IF NOT EXISTS venteregister_komk ON venteregister (komk, status);
CREATE TABLE IF NOT EXISTS flytninger (
    vnts       TEXT PRIMARY KEY REFERENCES venteregister (vnts),
    pnr        TEXT NOT NULL,
    komk       TEXT NOT NULL,
    vejkod     TEXT NOT NULL,
    husnr      TEXT NOT NULL,
    etage      TEXT NOT NULL,
    sidedoer   TEXT NOT NULL,
    bnr        TEXT NOT NULL,
    convn      TEXT NOT NULL,
    hdto       TEXT NOT NULL,
    applied    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flytninger_pnr ON flytninger (pnr, applied);
CREATE TABLE IF NOT EXISTS beskyttelser (
    vnts       TEXT NOT NULL REFERENCES venteregister (vnts),
    pnr        TEXT NOT NULL,
    type       TEXT NOT NULL CHECK (length(type) = 5),
    valg       TEXT NOT NULL CHECK (valg IN ('X', 'S')),
    start      TEXT NOT NULL,
    slet       TEXT NOT NULL,
    antalaar   TEXT NOT NULL,
    indrap     TEXT NOT NULL,
    applied    TEXT NOT NULL,
    PRIMARY KEY (vnts, type)
);
CREATE INDEX IF NOT EXISTS beskyttelser_pnr ON beskyttelser (pnr, applied);
CREATE TABLE IF NOT EXISTS kendeord (
    userid       TEXT PRIMARY KEY,
    seed         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    password_set TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kendeord_historik (
    userid     TEXT NOT NULL,
    hash       TEXT NOT NULL
);
"""


class StoreError(InputError):
    """The database file cannot be used (missing, not a sandbox database, not WAL-capable)."""


class Store:
    """One sandbox database file and the connections of the threads that used it.

    ``create=False`` refuses a missing file (the ``sandbox kommune`` CLI must not silently make
    an empty register next to the one the server uses).
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connections: dict[threading.Thread, sqlite3.Connection] = {}
        if str(path) == ":memory:" or str(path).startswith("file:"):
            raise StoreError("the sandbox needs a database file (WAL does not work in memory)")
        if not create and not self.path.is_file():
            raise StoreError(f"no sandbox database at {self.path} (start 'sandbox serve' first)")
        try:
            with closing(self._connect()) as conn:
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"{self.path}: SQLite refused WAL mode (got {mode!r})")
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, 1, SCHEMA_VERSION):
                    raise StoreError(
                        f"{self.path}: schema version {version}, expected {SCHEMA_VERSION}"
                    )
                if version == 1:  # version 2 added direkte and table beskyttelser
                    conn.execute(
                        "ALTER TABLE venteregister ADD COLUMN direkte INTEGER NOT NULL DEFAULT 0"
                        " CHECK (direkte IN (0, 1))"
                    )
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable sandbox database: {exc}") from None

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False only so that close() may close it; one thread uses it
        conn = sqlite3.connect(
            self.path, isolation_level=None, timeout=30.0, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use and kept open.

        Connections of threads that have ended are closed here, so a thread pool that replaces
        its workers does not leave connections behind.
        """
        thread = threading.current_thread()
        conn = self._connections.get(thread)
        if conn is not None:
            return conn
        conn = self._connect()
        with self._lock:
            for old in [t for t in self._connections if not t.is_alive()]:
                self._connections.pop(old).close()
            self._connections[thread] = conn
        return conn

    def close(self) -> None:
        """Close every connection this store opened (a later use opens new ones)."""
        with self._lock:
            connections, self._connections = list(self._connections.values()), {}
        for conn in connections:
            conn.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection for reading (autocommit: each statement sees the latest
        commit)."""
        yield self.connection()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: ``BEGIN IMMEDIATE``, the body, ``COMMIT`` (``ROLLBACK`` on error).

        When the ``with`` block is left without an exception, the commit is durable.
        """
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def pragma(self, name: str) -> str:
        """``PRAGMA name`` on a fresh connection (``journal_mode``, ``synchronous``)."""
        if not name.isidentifier():
            raise ValueError(f"not a pragma name: {name!r}")
        with self.read() as conn:
            return str(conn.execute(f"PRAGMA {name}").fetchone()[0])
