"""The state of an initiated hændelse between requests, found by its ``ts`` (bilag 7 §7).

"Ved initieringen sender serveren også et kommunikations-timestamp … Dette virker som en slags
tråd mellem klient og server." A dialogue holds the keys, the input fields sent so far (the
client only sends what changed, bilag 7 eks. 3) and which Anmrk the client has passed.

An Anmrk is passed by sending the request again (bilag 3 "Advarsel … Man vælger derfor blot at
validere eller gemme igen. Så kommer advarslen ikke igen"; bilag 7 eks. 17.2, 17.8): the request
after an Anmrk passes it if the same warning arises again for the same values.

Dialogues live in memory, belong to the user who initiated them, end with gem or afbryd, and
expire after ``idle_seconds`` without use. At most ``per_user`` are kept per user (the user's
oldest makes room for its newest) and ``limit`` in all: when all are taken by other users, a new
one is refused rather than evicting another user's dialogue.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from cpr_rules.rules import Report
from cpr_rules.sandbox.idle_store import IdleStore
from cpr_rules.sandbox.inputs import InputLayout, Keys

__all__ = ["AnmrkKey", "Dialogue", "Dialogues", "Repeats"]

AnmrkKey = tuple[str, tuple[str, ...]]
"""Which warning for which values: ``("anmrk:2523", ("X",))`` or ``("rule:<id>", (…))``."""


@dataclass(eq=False)
class Dialogue:
    """One initiated hændelse."""

    ts: str
    userid: str
    haendelse: str
    keys: Keys
    layout: InputLayout
    direkte: bool = False
    values: dict[str, str] = field(default_factory=dict)
    filled: dict[str, str] = field(default_factory=dict)  # what the server filled in last
    passed: set[AnmrkKey] = field(default_factory=set)
    last_anmrk: AnmrkKey | None = None
    checked: tuple[Hashable, Report] | None = None  # the last rule-set check and its input
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def next_anmrk(self, warnings: list[AnmrkKey]) -> AnmrkKey | None:
        """The warning to answer now, or ``None`` when every warning has been passed.

        The warning answered last time is passed if it is among ``warnings`` again.
        """
        if self.last_anmrk is not None and self.last_anmrk in warnings:
            self.passed.add(self.last_anmrk)
        self.last_anmrk = next((w for w in warnings if w not in self.passed), None)
        return self.last_anmrk


class Dialogues:
    """Dialogues by ``ts``, kept in an :class:`~cpr_rules.sandbox.idle_store.IdleStore` (as
    logon tokens are); thread-safe."""

    def __init__(
        self,
        *,
        idle_seconds: float,
        limit: int,
        per_user: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_seconds = idle_seconds
        self.limit = limit
        self.per_user = min(limit, per_user if per_user is not None else limit)
        self._store: IdleStore[Dialogue] = IdleStore(
            idle_seconds=idle_seconds, per_user=self.per_user, limit=limit, clock=clock
        )

    def __len__(self) -> int:
        return len(self._store)

    def count(self, userid: str) -> int:
        """How many live dialogues ``userid`` has."""
        return self._store.count(userid)

    def add(self, dialogue: Dialogue) -> bool:
        """Keep ``dialogue``; ``False`` (not kept) when other users hold all ``limit`` places.

        Expired dialogues are dropped first; then the user's own least recently used one makes
        room when the user has ``per_user`` or all places are taken.
        """
        return self._store.add(dialogue.ts, dialogue.userid, dialogue)

    def get(self, ts: str | None, userid: str, haendelse: str) -> Dialogue | None:
        """The live dialogue ``ts`` of ``userid`` for ``haendelse``, or ``None``."""
        return self._store.get(
            ts, lambda owner, dialogue: owner == userid and dialogue.haendelse == haendelse
        )

    def drop(self, ts: str) -> None:
        """End dialogue ``ts`` (gem or afbryd)."""
        self._store.drop(ts)


class Repeats:
    """Requests answered with a warning that sending them again passes (bilag 7 eks. 17.2: an
    initier directly in CPR answered Anmrk 2523), remembered like dialogues: at most
    ``per_user`` per user (the user's oldest makes room) and ``limit`` in all; when other users
    hold every place, a new one is not remembered (its resend is warned again), so one user
    never makes another's resend forgotten. Thread-safe."""

    def __init__(self, *, limit: int, per_user: int) -> None:
        self.limit = limit
        self.per_user = min(limit, per_user)
        self._lock = threading.Lock()
        self._seen: dict[str, OrderedDict[Hashable, None]] = {}
        self._count = 0

    def repeated(self, userid: str, key: Hashable) -> bool:
        """Whether ``userid`` sent ``key`` before (it is forgotten now); if not, it is
        remembered."""
        with self._lock:
            mine = self._seen.setdefault(userid, OrderedDict())
            if key in mine:
                del mine[key]
                self._count -= 1
                return True
            while mine and (len(mine) >= self.per_user or self._count >= self.limit):
                mine.popitem(last=False)
                self._count -= 1
            if self._count < self.limit:
                mine[key] = None
                self._count += 1
            if not mine:
                del self._seen[userid]
            return False
