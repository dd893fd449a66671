"""The security server: logon, change of kendeord, tokens (bilag 5 §4.2.1, bilag 9 note 1-2).

Return codes are bilag 5's (:data:`cpr_rules.gctp.LOGON_RETURN_CODES`), checked in this order:

===== ==========================================================================================
904   the userid is not 1-8 letters and digits
902   no such user
903   the user is inactive (``active: false`` in the users file), or locked out: after
      ``lockout_attempts`` wrong kendeord in a row the userid is refused for ``lockout_seconds``
      without the kendeord being looked at (a right one does not end the lockout early)
905   the kendeord is wrong
907   ``newpass``: the request carries ``newpass2`` and it differs from ``newpass1``
908   ``newpass``: the new kendeord breaks the policy or was used before by this user
906   ``signon``: the kendeord was set 90 days ago or more (only ``newpass`` until changed)
900   logged on: a token ``ZZZ`` + 8 lower-case letters, valid until idle for ``idle_seconds``
===== ==========================================================================================

Tokens live in memory (a restart logs everybody out: 901 "Token kendes ikke", then a new logon);
a successful ``newpass`` ends every other token of the user (they were issued on the old kendeord);
kendeord hashes live in the database, so a changed kendeord survives a restart. The users file
seeds the database: an entry whose kendeord or ``password_set`` changed in the file is re-seeded.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cpr_rules.gctp import LOGON_OK, LOGON_RETURN_CODES, Sik
from cpr_rules.sandbox._person_layouts import mask_personnumre
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.tokens import REJECTED_TOKEN, Session, TokenStore
from cpr_rules.sandbox.users import (
    KENDEORD_MAX_AGE,
    UserEntry,
    check_kendeord,
    hash_kendeord,
    is_valid_userid,
    kendeord_cost,
    verify_kendeord,
)

__all__ = [
    "QUICK_SCRYPT_N",
    "REJECTED_TOKEN",
    "LogonOutcome",
    "SecurityServer",
    "Session",
    "TokenStore",
]

QUICK_SCRYPT_N = 1024
"""A kendeord hashed at this scrypt cost or below is checked in well under a millisecond."""

_LOG = logging.getLogger("cpr_rules.sandbox.security")


@dataclass(frozen=True, slots=True)
class LogonOutcome:
    """A ``returKode`` and, for 900, the new token and its session."""

    code: int
    token: str | None = None
    session: Session | None = None

    @property
    def text(self) -> str:
        """``Kvit t``: "Signon udført" for 900 (bilag 5 example), else the bilag 5 table."""
        return "Signon udført" if self.code == LOGON_OK else LOGON_RETURN_CODES[self.code]


class SecurityServer:
    """Answers ``<Sik>`` requests against the users and the kendeord state in ``store``."""

    def __init__(
        self,
        store: Store,
        users: Mapping[str, UserEntry],
        *,
        today: Callable[[], dt.date],
        idle_seconds: float,
        tokens_per_user: int = 1_000,
        lockout_attempts: int = 5,
        lockout_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.users = dict(users)
        self.tokens = TokenStore(idle_seconds, tokens_per_user, clock)
        self.lockout_attempts = lockout_attempts
        self.lockout_seconds = lockout_seconds
        self._clock = clock
        self._today = today
        # userid -> (checks in flight, wrong in a row, time of the last wrong one)
        self._failures: dict[str, tuple[int, int, float]] = {}
        self._failures_lock = threading.Condition()
        self._seed()

    def _seed(self) -> None:
        with self.store.write() as conn:
            for user in self.users.values():
                seed = f"{user.seed}@{user.password_set.isoformat()}"
                row = conn.execute("SELECT seed FROM kendeord WHERE userid = ?", (user.userid,))
                found = row.fetchone()
                if found is not None and found["seed"] == seed:
                    continue
                conn.execute(
                    "INSERT OR REPLACE INTO kendeord (userid, seed, hash, password_set)"
                    " VALUES (?, ?, ?, ?)",
                    (user.userid, seed, user.seed, user.password_set.isoformat()),
                )
                conn.execute("DELETE FROM kendeord_historik WHERE userid = ?", (user.userid,))
                conn.execute(
                    "INSERT INTO kendeord_historik (userid, hash) VALUES (?, ?)",
                    (user.userid, user.seed),
                )

    def handle(self, sik: Sik) -> LogonOutcome:
        """Answer a ``Sik`` request: ``function="signon"``/``"newpass"`` (bilag 5), or the older
        ``ui``/``pw``/``npw`` syntax of bilag 8 §4.8 (``npw`` present means newpass)."""
        userid = sik.userid if sik.userid is not None else sik.ui
        password = sik.password if sik.password is not None else sik.pw
        new = sik.newpass1 if sik.newpass1 is not None else sik.npw
        function = sik.function or ("newpass" if sik.npw is not None else "signon")
        new2 = dict(sik.extra).get("newpass2")
        if function == "signon":
            outcome = self.signon(userid, password)
        elif function == "newpass":
            outcome = self.newpass(userid, password, new, new2)
        else:
            outcome = LogonOutcome(999)
        shown = mask_personnumre(function[:16])
        _LOG.info("Sik %s userid=%s: %s", shown, _shown(userid), outcome.code)
        return outcome

    def is_quick(self, sik: Sik) -> bool:
        """Whether answering ``sik`` takes no noticeable time: a signon whose kendeord hash is
        cheap to check (scrypt ``N`` at most :data:`QUICK_SCRYPT_N`, the benchmarks' demo
        users), or one refused before any hash. A change of kendeord always hashes."""
        if sik.function == "newpass" or (sik.function is None and sik.npw is not None):
            return False
        userid = sik.userid if sik.userid is not None else sik.ui
        user = self.users.get(userid.upper()) if is_valid_userid(userid) and userid else None
        if user is None:
            return True
        with self.store.read() as conn:
            row = conn.execute("SELECT hash FROM kendeord WHERE userid = ?", (user.userid,))
            found = row.fetchone()
        cost = kendeord_cost(found["hash"]) if found is not None else None
        return cost is None or cost <= QUICK_SCRYPT_N

    def session(self, token: str | None) -> Session | None:
        """The session of a token, or ``None`` (unknown or expired: 901)."""
        return self.tokens.session(token)

    def signon(self, userid: str | None, password: str | None) -> LogonOutcome:
        """Logon with a kendeord."""
        checked = self._check(userid, password)
        if isinstance(checked, LogonOutcome):
            return checked
        user, password_set = checked
        if self._today() - password_set >= KENDEORD_MAX_AGE:  # valid at most 90 days
            return LogonOutcome(906)
        return self._logged_on(user)

    def newpass(
        self,
        userid: str | None,
        password: str | None,
        newpass1: str | None,
        newpass2: str | None = None,
    ) -> LogonOutcome:
        """Change the kendeord (also when it has expired) and log on."""
        checked = self._check(userid, password)
        if isinstance(checked, LogonOutcome):
            return checked
        user, _ = checked
        if newpass2 is not None and newpass2 != newpass1:
            return LogonOutcome(907)
        if not newpass1 or check_kendeord(newpass1) is not None:
            return LogonOutcome(908)
        with self.store.write() as conn:
            rows = conn.execute(
                "SELECT hash FROM kendeord_historik WHERE userid = ?", (user.userid,)
            ).fetchall()
            if any(verify_kendeord(newpass1, row["hash"]) for row in rows):
                return LogonOutcome(908)
            new_hash = hash_kendeord(newpass1)
            conn.execute(
                "UPDATE kendeord SET hash = ?, password_set = ? WHERE userid = ?",
                (new_hash, self._today().isoformat(), user.userid),
            )
            conn.execute(
                "INSERT INTO kendeord_historik (userid, hash) VALUES (?, ?)",
                (user.userid, new_hash),
            )
        revoked = self.tokens.revoke(user.userid)
        _LOG.info("newpass userid=%s: %d earlier token(s) ended", user.userid, revoked)
        return self._logged_on(user)

    def _check(
        self, userid: str | None, password: str | None
    ) -> LogonOutcome | tuple[UserEntry, dt.date]:
        """904/902/903/905, or the user and the day their kendeord was set."""
        if not is_valid_userid(userid):
            return LogonOutcome(904)
        assert userid is not None
        user = self.users.get(userid.upper())
        if user is None:
            return LogonOutcome(902)
        if not user.active or not self._attempt(user.userid):
            return LogonOutcome(903)
        row, right = None, False
        try:
            with self.store.read() as conn:
                row = conn.execute(
                    "SELECT hash, password_set FROM kendeord WHERE userid = ?", (user.userid,)
                ).fetchone()
            right = row is not None and password is not None
            right = right and verify_kendeord(password or "", row["hash"])
        finally:
            self._checked(user.userid, right=right)
        if row is None or not right:
            return LogonOutcome(905)
        return user, dt.date.fromisoformat(row["password_set"])

    def _attempt(self, userid: str) -> bool:
        """Whether ``userid``'s kendeord may be checked now. False while locked out:
        ``lockout_attempts`` wrong in a row, the last less than ``lockout_seconds`` ago (after
        that the count starts again). Checks in flight at once (worker threads) count as
        possibly wrong: while in-flight + wrong would pass ``lockout_attempts``, a check waits
        for one to finish, so parallel guesses are never checked more often than that."""
        if self.lockout_attempts <= 0:
            return True
        with self._failures_lock:
            while True:
                checks, wrong, last = self._failures.get(userid, (0, 0, 0.0))
                if wrong >= self.lockout_attempts:
                    if self._clock() - last < self.lockout_seconds:
                        return False
                    wrong = 0
                if checks + wrong < self.lockout_attempts:
                    self._failures[userid] = (checks + 1, wrong, last)
                    return True
                self._failures_lock.wait(timeout=1.0)

    def _checked(self, userid: str, *, right: bool) -> None:
        """A check of ``userid``'s kendeord finished (see :meth:`_attempt`): a right one ends
        the row of wrong ones; one log line when a wrong one locks the userid out."""
        if self.lockout_attempts <= 0:
            return
        with self._failures_lock:
            checks, wrong, last = self._failures.get(userid, (1, 0, 0.0))
            wrong, last = (0, last) if right else (wrong + 1, self._clock())
            if checks - 1 == 0 and wrong == 0:
                self._failures.pop(userid, None)
            else:
                self._failures[userid] = (checks - 1, wrong, last)
            self._failures_lock.notify_all()
        if wrong == self.lockout_attempts:
            _LOG.warning(
                "userid=%s locked out for %.0f s after %d wrong kendeord",
                userid, self.lockout_seconds, wrong,
            )  # fmt: skip

    def _logged_on(self, user: UserEntry) -> LogonOutcome:
        session = Session(user.userid, user.sikkerhedsgruppe, user.direkte, user.kommuner)
        return LogonOutcome(LOGON_OK, self.tokens.issue(session), session)


def _shown(userid: str | None) -> str:
    """A userid safe to log (it is not secret, but may be any junk a client sent)."""
    return userid if is_valid_userid(userid) and userid is not None else "<ugyldig>"
