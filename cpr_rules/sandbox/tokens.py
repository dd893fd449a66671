"""Logon tokens (bilag 5 §4.1-4.2): who a token belongs to, and the tokens held in memory.

A token is ``ZZZ`` and 8 random lower-case letters; it lives until idle for ``idle_seconds``
(``token_idle_seconds``), and a user holds at most ``per_user`` (``max_tokens_per_user``) at once.
"""

from __future__ import annotations

import secrets
import string
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cpr_rules.gctp import TOKEN_NOT_ACCEPTED

__all__ = ["REJECTED_TOKEN", "Session", "TokenStore"]

REJECTED_TOKEN: Final = TOKEN_NOT_ACCEPTED
"""The token set when a logon fails or a token is unknown (bilag 5 §4.2,
:data:`cpr_rules.gctp.TOKEN_NOT_ACCEPTED`)."""


@dataclass(frozen=True, slots=True)
class Session:
    """Who a token belongs to, and what the user may do (from the users file)."""

    userid: str
    sikkerhedsgruppe: str
    direkte: bool = False
    kommuner: tuple[str, ...] = ()


class TokenStore:
    """Tokens in memory; a token expires after ``idle_seconds`` without use, and a user keeps at
    most ``per_user`` of them: a logon past that ends the user's least recently used token,
    never another user's (as dialogues, ``max_dialogues_per_user``). The users come from the
    users file, so the tokens held are bounded however often a portal logs on.

    Tokens are kept in order of last use, so expiring the idle ones looks only at the oldest:
    a logon costs the same with ten tokens alive as with a hundred thousand.
    """

    def __init__(
        self,
        idle_seconds: float,
        per_user: int = 1_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_user < 1:
            raise ValueError(f"per_user must be at least 1, got {per_user}")
        self.idle_seconds = idle_seconds
        self.per_user = per_user
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: OrderedDict[str, tuple[Session, float]] = OrderedDict()
        self._by_user: dict[str, OrderedDict[str, None]] = {}  # userid -> its tokens, LRU first

    def issue(self, session: Session) -> str:
        """A new token for ``session``: ``ZZZ`` and 8 random lower-case letters (bilag 5 §4.1)."""
        with self._lock:
            self._expire()
            while True:
                token = "ZZZ" + _letters(secrets.randbelow(_TOKENS), 8)
                if token not in self._tokens and token != REJECTED_TOKEN:
                    break
            own = self._by_user.setdefault(session.userid, OrderedDict())
            while len(own) >= self.per_user:
                oldest, _ = own.popitem(last=False)
                del self._tokens[oldest]
            self._tokens[token] = (session, self._clock())
            own[token] = None
            return token

    def session(self, token: str | None) -> Session | None:
        """The session of a live token (and its idle time restarts), or ``None``."""
        if token is None:
            return None
        with self._lock:
            found = self._tokens.get(token)
            if found is None:
                return None
            now = self._clock()
            if now - found[1] > self.idle_seconds:
                self._drop(token, found[0].userid)
                return None
            self._tokens[token] = (found[0], now)
            self._tokens.move_to_end(token)
            self._by_user[found[0].userid].move_to_end(token)
            return found[0]

    def revoke(self, userid: str) -> int:
        """End every token of ``userid``; returns how many there were."""
        with self._lock:
            dead = self._by_user.pop(userid, OrderedDict())
            for token in dead:
                del self._tokens[token]
            return len(dead)

    def count(self, userid: str | None = None) -> int:
        """How many tokens are held (of ``userid``, or of everybody), idle ones not yet dropped
        included."""
        with self._lock:
            return len(self._tokens) if userid is None else len(self._by_user.get(userid, ()))

    def _drop(self, token: str, userid: str) -> None:
        del self._tokens[token]
        own = self._by_user[userid]
        del own[token]
        if not own:
            del self._by_user[userid]

    def _expire(self) -> None:
        """Drop the tokens idle longer than ``idle_seconds``: the oldest used, from the front."""
        now = self._clock()
        while self._tokens:
            token, (session, used) = next(iter(self._tokens.items()))
            if now - used <= self.idle_seconds:
                return
            self._drop(token, session.userid)


_TOKENS: Final = 26**8  # 8 lower-case letters


def _letters(number: int, count: int) -> str:
    """``number`` (below 26**count) as ``count`` lower-case letters, most significant first."""
    out = []
    for _ in range(count):
        number, digit = divmod(number, 26)
        out.append(string.ascii_lowercase[digit])
    return "".join(reversed(out))
