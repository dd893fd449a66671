"""The state of an initiated hændelse between requests, found by its ``ts`` (bilag 7 §7).

"Ved initieringen sender serveren også et kommunikations-timestamp … Dette virker som en slags
tråd mellem klient og server." A dialogue holds the keys, the input fields sent so far (the
client only sends what changed, bilag 7 eks. 3) and which Anmrk the client has passed.

An Anmrk is passed by sending the request again (bilag 3 "Advarsel … Man vælger derfor blot at
validere eller gemme igen. Så kommer advarslen ikke igen"; bilag 7 eks. 17.2, 17.8): the request
after an Anmrk passes it if the same warning arises again for the same values.

Dialogues live in memory, belong to the user who initiated them, end with gem or afbryd, and
expire after ``idle_seconds`` without use; at most ``limit`` are kept (the oldest go first).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from cpr_rules.sandbox.inputs import InputLayout, Keys

__all__ = ["AnmrkKey", "Dialogue", "Dialogues"]

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
    values: dict[str, str] = field(default_factory=dict)
    passed: set[AnmrkKey] = field(default_factory=set)
    last_anmrk: AnmrkKey | None = None
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
    """Dialogues by ``ts``; thread-safe."""

    def __init__(
        self, *, idle_seconds: float, limit: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.idle_seconds = idle_seconds
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[Dialogue, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def add(self, dialogue: Dialogue) -> None:
        """Keep ``dialogue`` (dropping expired ones, and the oldest beyond ``limit``)."""
        with self._lock:
            now = self._clock()
            for ts in [
                ts for ts, (_, used) in self._items.items() if now - used > self.idle_seconds
            ]:
                del self._items[ts]
            self._items[dialogue.ts] = (dialogue, now)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)

    def get(self, ts: str | None, userid: str, haendelse: str) -> Dialogue | None:
        """The live dialogue ``ts`` of ``userid`` for ``haendelse``, or ``None``."""
        if ts is None:
            return None
        with self._lock:
            found = self._items.get(ts)
            now = self._clock()
            if found is None:
                return None
            dialogue, used = found
            if now - used > self.idle_seconds:
                del self._items[ts]
                return None
            if dialogue.userid != userid or dialogue.haendelse != haendelse:
                return None
            self._items[ts] = (dialogue, now)
            self._items.move_to_end(ts)
            return dialogue

    def drop(self, ts: str) -> None:
        """End dialogue ``ts`` (gem or afbryd)."""
        with self._lock:
            self._items.pop(ts, None)
