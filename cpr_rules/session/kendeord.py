"""The kendeord (password) of the personkode: CPR's rules for a new one, and its age.

"Kendeord skal ændres af brugeren … hver 90. dag" (bilag 9 note 2). CPR's rules for a new
kendeord are documented only for the sister product CPR Direkte (OFF1 bilag 2, protocol.md §1.3);
the self-service logon of bilag 5 names no rules of its own, so these are applied:

>>> check_kendeord("Abc12Def")
[]
>>> for reason in check_kendeord("1bcæ", previous=["Abc12Def"]):
...     print(reason.removesuffix(" (OFF1 bilag 2)"))
must be exactly 8 characters
may only hold the letters A-Z, a-z and the digits 0-9: no Æ, Ø, Å, no special characters
must start with a letter
must hold at least 2 digits
must hold at least 2 capital letters

A reason never quotes the kendeord. The age of a kendeord, 14 days' warning by default:

>>> import datetime as dt
>>> status = kendeord_status(dt.date(2026, 1, 1), dt.date(2026, 3, 20))
>>> status.days_left, status.expires_on, status.needs_change, status.is_expired
(12, datetime.date(2026, 4, 1), True, False)
>>> KendeordPolicy(warn_days=7).status(dt.date(2026, 1, 1), dt.date(2026, 3, 20)).needs_change
False
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from cpr_rules.errors import InputError

__all__ = [
    "KENDEORD_LENGTH",
    "KENDEORD_RULES",
    "MAX_AGE_DAYS",
    "KendeordPolicy",
    "KendeordRule",
    "KendeordStatus",
    "check_kendeord",
    "kendeord_status",
]

KENDEORD_LENGTH: Final = 8
MAX_AGE_DAYS: Final = 90
"""Bilag 9 note 2: the kendeord must be changed every 90 days."""

_ALLOWED: Final = re.compile(r"[A-Za-z0-9]*")
_OFF1: Final = "OFF1 bilag 2"


@dataclass(frozen=True, slots=True)
class KendeordRule:
    """One rule: ``check(new, userid, previous)`` is true when ``new`` keeps it."""

    code: str
    reason: str
    source: str
    check: Callable[[str, str | None, tuple[str, ...]], bool]


def _count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text))


def _is_new(new: str, previous: tuple[str, ...]) -> bool:
    return not any(hmac.compare_digest(new.encode(), old.encode()) for old in previous)


def _avoids_userid(new: str, userid: str | None) -> bool:
    return not userid or userid.strip().lower() not in new.lower()


KENDEORD_RULES: Final[tuple[KendeordRule, ...]] = (
    KendeordRule(
        "length",
        f"must be exactly {KENDEORD_LENGTH} characters",
        _OFF1,
        lambda new, _u, _p: len(new) == KENDEORD_LENGTH,
    ),
    KendeordRule(
        "charset",
        "may only hold the letters A-Z, a-z and the digits 0-9: no Æ, Ø, Å, no special characters",
        _OFF1,
        lambda new, _u, _p: _ALLOWED.fullmatch(new) is not None,
    ),
    KendeordRule(
        "first-letter",
        "must start with a letter",
        _OFF1,
        lambda new, _u, _p: new[:1].isascii() and new[:1].isalpha(),
    ),
    KendeordRule(
        "digits",
        "must hold at least 2 digits",
        _OFF1,
        lambda new, _u, _p: _count("[0-9]", new) >= 2,
    ),
    KendeordRule(
        "capitals",
        "must hold at least 2 capital letters",
        _OFF1,
        lambda new, _u, _p: _count("[A-Z]", new) >= 2,
    ),
    KendeordRule(
        "not-reused",
        "must not be a kendeord used before",
        _OFF1,
        lambda new, _u, previous: _is_new(new, previous),
    ),
    KendeordRule(
        "not-userid",
        "must not contain the personkode",
        "cpr_rules: the personkode is not secret, so a kendeord holding it is easy to guess",
        lambda new, userid, _p: _avoids_userid(new, userid),
    ),
)
"""Every rule for a new kendeord, in the order their reasons are listed."""


def check_kendeord(
    new: str, *, userid: str | None = None, previous: Iterable[str] = ()
) -> list[str]:
    """The reasons ``new`` is not an allowed kendeord (empty if it is); never quotes it."""
    earlier = tuple(previous)
    return [f"{r.reason} ({r.source})" for r in KENDEORD_RULES if not r.check(new, userid, earlier)]


@dataclass(frozen=True, slots=True)
class KendeordStatus:
    """How old the kendeord is on ``today``, against a policy's maximum age and warning period."""

    set_on: dt.date
    today: dt.date
    max_age_days: int
    warn_days: int

    @property
    def expires_on(self) -> dt.date:
        """The first day the kendeord is no longer valid."""
        return self.set_on + dt.timedelta(days=self.max_age_days)

    @property
    def days_left(self) -> int:
        """Days until :attr:`expires_on` (0 or less: expired)."""
        return (self.expires_on - self.today).days

    @property
    def is_expired(self) -> bool:
        """``max_age_days`` or more have passed since the kendeord was set."""
        return self.days_left <= 0

    @property
    def needs_change(self) -> bool:
        """Within ``warn_days`` of expiry, or expired: time to call ``change_kendeord``."""
        return self.days_left <= self.warn_days


@dataclass(frozen=True, slots=True)
class KendeordPolicy:
    """CPR's kendeord policy: at most ``max_age_days`` old, warn ``warn_days`` before."""

    max_age_days: int = MAX_AGE_DAYS
    warn_days: int = 14

    def __post_init__(self) -> None:
        if not 0 <= self.warn_days < self.max_age_days:
            limit = self.max_age_days - 1
            raise InputError(f"warn_days must be 0 to {limit}, not {self.warn_days}")

    def status(self, set_on: dt.date, today: dt.date) -> KendeordStatus:
        """The :class:`KendeordStatus` of a kendeord set on ``set_on``."""
        return KendeordStatus(set_on, today, self.max_age_days, self.warn_days)

    def check(
        self, new: str, *, userid: str | None = None, previous: Iterable[str] = ()
    ) -> list[str]:
        """The reasons ``new`` is not allowed (see :func:`check_kendeord`)."""
        return check_kendeord(new, userid=userid, previous=previous)


def kendeord_status(
    set_on: dt.date, today: dt.date, *, policy: KendeordPolicy | None = None
) -> KendeordStatus:
    """The :class:`KendeordStatus` under ``policy`` (default: 90 days, warn 14 days before)."""
    return (policy or KendeordPolicy()).status(set_on, today)
