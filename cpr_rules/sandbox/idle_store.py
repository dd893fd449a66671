"""What the sandbox keeps in memory per user between requests: logon tokens and dialogues.

An :class:`IdleStore` holds values by key, each owned by a user. A value expires after
``idle_seconds`` without use; a user holds at most ``per_user`` values, and a new one past that
ends the user's own least recently used; with a ``limit``, at most that many are held in all,
and when other users hold every place a new value is refused rather than evicting another user's.
Values are kept in order of last use, so expiring the idle ones looks only at the oldest: adding
costs the same with ten values held as with a hundred thousand. Thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["IdleStore"]

V = TypeVar("V")


class IdleStore(Generic[V]):
    """Values by key, owned by users, dropped when idle or crowded out (module docstring)."""

    def __init__(
        self,
        *,
        idle_seconds: float,
        per_user: int,
        limit: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_user < 1:
            raise ValueError(f"per_user must be at least 1, got {per_user}")
        self.idle_seconds = idle_seconds
        self.per_user = per_user
        self.limit = limit
        self._clock = clock
        self.lock = threading.RLock()
        """Held by every method; a caller may hold it around several calls (check, then add)."""
        self._items: OrderedDict[str, tuple[str, V, float]] = OrderedDict()  # LRU first
        self._by_user: dict[str, OrderedDict[str, None]] = {}  # userid -> its keys, LRU first

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is held (an idle one not yet dropped too)."""
        return key in self._items

    def count(self, userid: str | None = None) -> int:
        """How many values are held (of ``userid``, or of everybody), idle ones not yet dropped
        included."""
        with self.lock:
            return len(self._items) if userid is None else len(self._by_user.get(userid, ()))

    def add(self, key: str, userid: str, value: V) -> bool:
        """Keep ``value`` under ``key`` for ``userid``; ``False`` (not kept) when other users hold
        all ``limit`` places. Idle values are dropped first; then the user's own least recently
        used ones make room while the user holds ``per_user`` or all places are taken."""
        with self.lock:
            now = self._clock()
            while self._items:
                oldest, (owner, _, used) = next(iter(self._items.items()))
                if now - used <= self.idle_seconds:
                    break
                self._remove(oldest, owner)
            mine = self._by_user.get(userid)
            while mine and (len(mine) >= self.per_user or self._full()):
                self._remove(next(iter(mine)), userid)
            if self._full():
                return False
            self._items[key] = (userid, value, now)
            self._by_user.setdefault(userid, OrderedDict())[key] = None
            return True

    def get(self, key: str | None, accept: Callable[[str, V], bool] | None = None) -> V | None:
        """The live value of ``key`` (its idle time restarts), or ``None``: unknown, idle (then
        dropped), or not ``accept(userid, value)`` (then left as it was)."""
        if key is None:
            return None
        with self.lock:
            found = self._items.get(key)
            if found is None:
                return None
            userid, value, used = found
            now = self._clock()
            if now - used > self.idle_seconds:
                self._remove(key, userid)
                return None
            if accept is not None and not accept(userid, value):
                return None
            self._items[key] = (userid, value, now)
            self._items.move_to_end(key)
            self._by_user[userid].move_to_end(key)
            return value

    def drop(self, key: str) -> None:
        """End ``key``, if held."""
        with self.lock:
            found = self._items.get(key)
            if found is not None:
                self._remove(key, found[0])

    def drop_user(self, userid: str) -> int:
        """End every value of ``userid``; returns how many there were."""
        with self.lock:
            mine = self._by_user.pop(userid, OrderedDict())
            for key in mine:
                del self._items[key]
            return len(mine)

    def _full(self) -> bool:
        return self.limit is not None and len(self._items) >= self.limit

    def _remove(self, key: str, userid: str) -> None:
        self._items.pop(key, None)
        mine = self._by_user.get(userid)
        if mine is not None:
            mine.pop(key, None)
            if not mine:
                del self._by_user[userid]
