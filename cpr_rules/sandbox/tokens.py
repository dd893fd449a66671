"""Logon tokens (bilag 5 §4.1-4.2): who a token belongs to, and the tokens held in memory.

A token is ``ZZZ`` and 8 random lower-case letters; it lives until idle for ``idle_seconds``
(``token_idle_seconds``), and a user holds at most ``per_user`` (``max_tokens_per_user``) at once.
"""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cpr_rules.gctp import TOKEN_NOT_ACCEPTED
from cpr_rules.sandbox.idle_store import IdleStore

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
    users file, so the tokens held are bounded however often a portal logs on. Kept in an
    :class:`~cpr_rules.sandbox.idle_store.IdleStore`, as dialogues are.
    """

    def __init__(
        self,
        idle_seconds: float,
        per_user: int = 1_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_seconds = idle_seconds
        self.per_user = per_user
        self._store: IdleStore[Session] = IdleStore(
            idle_seconds=idle_seconds, per_user=per_user, clock=clock
        )

    def issue(self, session: Session) -> str:
        """A new token for ``session``: ``ZZZ`` and 8 random lower-case letters (bilag 5 §4.1)."""
        with self._store.lock:
            while True:
                token = "ZZZ" + _letters(secrets.randbelow(_TOKENS), 8)
                if token not in self._store and token != REJECTED_TOKEN:
                    break
            self._store.add(token, session.userid, session)
            return token

    def session(self, token: str | None) -> Session | None:
        """The session of a live token (and its idle time restarts), or ``None``."""
        return self._store.get(token)

    def revoke(self, userid: str) -> int:
        """End every token of ``userid``; returns how many there were."""
        return self._store.drop_user(userid)

    def count(self, userid: str | None = None) -> int:
        """How many tokens are held (of ``userid``, or of everybody), idle ones not yet dropped
        included."""
        return self._store.count(userid)


_TOKENS: Final = 26**8  # 8 lower-case letters


def _letters(number: int, count: int) -> str:
    """``number`` (below 26**count) as ``count`` lower-case letters, most significant first."""
    out = []
    for _ in range(count):
        number, digit = divmod(number, 26)
        out.append(string.ascii_lowercase[digit])
    return "".join(reversed(out))
