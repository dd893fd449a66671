"""The security server: tokens, kendeord state in the database, re-seeding from the users file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cpr_rules.gctp import Sik
from cpr_rules.sandbox.security import REJECTED_TOKEN, SecurityServer, Session, TokenStore
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.tokens import _letters
from cpr_rules.sandbox.users import (
    SCRYPT_N,
    UserEntry,
    demo_users,
    hash_kendeord,
    kendeord_cost,
    load_users,
)

TODAY = dt.date(2026, 11, 20)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_tokens_expire_after_idle_time() -> None:
    """A token lives while used; idle longer than idle_seconds it is unknown (901)."""
    clock = Clock()
    tokens = TokenStore(idle_seconds=60, clock=clock)
    session = Session("PORTAL01", "borger")
    token = tokens.issue(session)
    assert re.fullmatch(r"ZZZ[a-z]{8}", token) and token != REJECTED_TOKEN
    clock.now += 59
    assert tokens.session(token) == session
    clock.now += 59  # 118 s after issue, 59 s after last use
    assert tokens.session(token) == session
    clock.now += 61
    assert tokens.session(token) is None
    assert tokens.session(token) is None and tokens.session(None) is None


def test_tokens_are_unique() -> None:
    """Many tokens, no two alike."""
    tokens = TokenStore(idle_seconds=60)
    issued = {tokens.issue(Session("A", "borger")) for _ in range(500)}
    assert len(issued) == 500


def server(path: Path, users: dict[str, UserEntry], today: dt.date = TODAY) -> SecurityServer:
    return SecurityServer(Store(path), users, today=lambda: today, idle_seconds=60)


def test_changed_kendeord_survives_a_restart(tmp_path: Path) -> None:
    """newpass is stored (as a hash); a new server on the same file knows the new kendeord."""
    db = tmp_path / "s.sqlite3"
    users = demo_users(TODAY)
    first = server(db, users)
    assert first.newpass("DEMO0001", "DemoKo26", "NyKode42").code == 900
    again = server(db, users)
    assert again.signon("DEMO0001", "NyKode42").code == 900
    assert again.signon("DEMO0001", "DemoKo26").code == 905
    assert again.newpass("DEMO0001", "NyKode42", "DemoKo26").code == 908  # reuse
    with Store(db).read() as conn:
        stored = " ".join(str(tuple(r)) for r in conn.execute("SELECT * FROM kendeord"))
    assert "NyKode42" not in stored and "DemoKo26" not in stored


def test_users_file_change_reseeds(tmp_path: Path) -> None:
    """A new kendeord or password_set in the users file replaces the stored state."""
    db = tmp_path / "s.sqlite3"
    path = tmp_path / "users.yaml"
    entry = (
        "users:\n  - {userid: PORTAL01, password: %s, sikkerhedsgruppe: borger, password_set: %s}\n"
    )
    path.write_text(entry % ("Abcd1234", "2026-01-01"), encoding="utf-8")
    assert server(db, load_users(path, today=TODAY)).signon("PORTAL01", "Abcd1234").code == 906
    path.write_text(entry % ("Abcd1234", "2026-11-01"), encoding="utf-8")
    assert server(db, load_users(path, today=TODAY)).signon("PORTAL01", "Abcd1234").code == 900
    path.write_text(entry % ("Efgh5678", "2026-11-01"), encoding="utf-8")
    renewed = server(db, load_users(path, today=TODAY))
    assert renewed.signon("PORTAL01", "Abcd1234").code == 905
    assert renewed.signon("PORTAL01", "Efgh5678").code == 900


def test_kendeord_expires_after_90_days(tmp_path: Path) -> None:
    """Valid for at most 90 days (bilag 9 note 2 "hver 90. dag"; protocol.md §1.3, OFF1 "valid
    for at most 90 days"): 89 days after it was set still works, 90 days after is 906 (it was
    accepted on day 90, a 91st day, while the session client refused it locally)."""
    db = tmp_path / "s.sqlite3"
    users = demo_users(TODAY)
    assert (
        server(db, users, TODAY + dt.timedelta(days=89)).signon("DEMO0001", "DemoKo26").code == 900
    )
    assert (
        server(db, users, TODAY + dt.timedelta(days=90)).signon("DEMO0001", "DemoKo26").code == 906
    )


def test_the_sandbox_and_the_session_client_agree_on_expiry(tmp_path: Path) -> None:
    """For every age 0-200 days the sandbox answers 906 exactly when the session client's
    :func:`cpr_rules.session.kendeord_status` calls the kendeord expired (two implementations
    of one rule)."""
    from cpr_rules.session.kendeord import kendeord_status

    day = [TODAY]
    users = demo_users(TODAY, scrypt_n=2)
    security = SecurityServer(
        Store(tmp_path / "s.sqlite3"), users, today=lambda: day[0], idle_seconds=60
    )
    for age in range(201):
        day[0] = TODAY + dt.timedelta(days=age)
        expired = security.signon("DEMO0001", "DemoKo26").code == 906
        assert expired == kendeord_status(TODAY, day[0]).is_expired, age


def test_lockout_ends_after_lockout_seconds_and_a_right_kendeord_resets_the_count(
    tmp_path: Path,
) -> None:
    """2 wrong in a row lock the userid for 60 s (903 even with the right kendeord); after that
    the right one logs on; a right one before the limit resets the count; 0 attempts: never."""
    clock = Clock()
    users = demo_users(TODAY, scrypt_n=16)
    server = SecurityServer(
        Store(tmp_path / "s.sqlite3"), users, today=lambda: TODAY, idle_seconds=60,
        lockout_attempts=2, lockout_seconds=60, clock=clock,
    )  # fmt: skip
    assert server.signon("DEMO0001", "Forkert12").code == 905
    assert server.signon("DEMO0001", "DemoKo26").code == 900  # resets the count
    assert server.signon("DEMO0001", "Forkert12").code == 905
    assert server.signon("DEMO0001", "Forkert12").code == 905
    assert server.signon("DEMO0001", "DemoKo26").code == 903
    assert server.newpass("DEMO0001", "DemoKo26", "NytKode9").code == 903
    assert server.signon("KOMMUNE1", "KommKo26").code == 900
    clock.now += 61
    assert server.signon("DEMO0001", "DemoKo26").code == 900
    never = SecurityServer(
        Store(tmp_path / "n.sqlite3"), users, today=lambda: TODAY, idle_seconds=60,
        lockout_attempts=0,
    )  # fmt: skip
    assert {never.signon("DEMO0001", "Forkert12").code for _ in range(6)} == {905}
    assert never.signon("DEMO0001", "DemoKo26").code == 900


def test_demo_kendeord_cost_is_in_the_hash() -> None:
    """A lower cost is written into the hash and verified with it; the default has none."""
    from cpr_rules.sandbox.users import hash_kendeord, verify_kendeord

    cheap = demo_users(TODAY, scrypt_n=1024)["DEMO0001"].seed
    assert cheap.startswith("scrypt:1024$") and verify_kendeord("DemoKo26", cheap)
    assert demo_users(TODAY)["DEMO0001"].seed.startswith("scrypt$")
    assert not verify_kendeord("DemoKo26", cheap.replace("scrypt:1024", "scrypt:x"))
    assert hash_kendeord("Abc", n=16).startswith("scrypt:16$")


def test_a_signon_is_quick_only_when_its_hash_is_cheap(tmp_path: Path) -> None:
    """is_quick (answered on the event loop): a signon at a cheap scrypt cost or refused before
    any hash; never at the default cost, never a change of kendeord."""
    cheap = server(tmp_path / "cheap.sqlite3", demo_users(TODAY, scrypt_n=16))
    full = server(tmp_path / "full.sqlite3", demo_users(TODAY))
    signon = Sik(function="signon", userid="DEMO0001", password="DemoKo26")
    assert cheap.is_quick(signon) and not full.is_quick(signon)
    assert cheap.is_quick(Sik(ui="demo0001", pw="DemoKo26"))  # bilag 8 §4.8's older syntax
    assert not cheap.is_quick(Sik(function="newpass", userid="DEMO0001", password="x"))
    assert not cheap.is_quick(Sik(ui="DEMO0001", pw="DemoKo26", npw="NyKode42"))
    assert full.is_quick(Sik(function="signon", userid="NOBODY", password="x"))  # 902
    assert full.is_quick(Sik(function="signon", userid="ikke gyldig", password="x"))  # 904
    assert cheap.newpass("DEMO0001", "DemoKo26", "NyKode42").code == 900  # at the full cost
    assert not cheap.is_quick(signon)


def test_the_cost_of_a_hash() -> None:
    """kendeord_cost reads N from the hash's scheme; anything else is no scrypt hash."""
    assert kendeord_cost(hash_kendeord("DemoKo26", n=16)) == 16
    assert kendeord_cost(hash_kendeord("DemoKo26")) == SCRYPT_N
    assert kendeord_cost("scrypt:abc$00$00") is None
    assert kendeord_cost("bcrypt$00$00") is None


def test_idle_tokens_are_dropped_oldest_first() -> None:
    """A logon drops every token idle longer than idle_seconds (memory stays bounded by the
    logons of one idle period), keeping a token that was used since, however old."""
    clock = Clock()
    tokens = TokenStore(idle_seconds=60, clock=clock)
    first = tokens.issue(Session("A", "borger"))
    clock.now += 10
    second = tokens.issue(Session("B", "borger"))
    clock.now += 40
    assert tokens.session(first) is not None  # used again at 1050: now the freshest
    clock.now += 25  # second idle 65 s, first 25 s
    third = tokens.issue(Session("C", "borger"))
    assert tokens.count() == 2
    assert tokens.session(second) is None
    assert tokens.session(first) is not None and tokens.session(third) is not None
    clock.now += 61
    tokens.issue(Session("D", "borger"))
    assert tokens.count() == 1


def test_token_letters_cover_the_whole_range() -> None:
    """A token's 8 letters encode a number below 26**8, from aaaaaaaa to zzzzzzzz."""
    assert _letters(0, 8) == "aaaaaaaa"
    assert _letters(26**8 - 1, 8) == "zzzzzzzz"
    assert _letters(27, 8) == "aaaaaabb"


def test_a_user_holds_at_most_per_user_tokens_and_gives_up_its_own_least_recently_used() -> None:
    """Past ``per_user`` live tokens, a logon ends the user's own least recently used token;
    another user's tokens are never ended."""
    tokens = TokenStore(idle_seconds=60, per_user=2, clock=Clock())
    other = tokens.issue(Session("B", "borger"))
    first, second = tokens.issue(Session("A", "borger")), tokens.issue(Session("A", "borger"))
    assert tokens.session(first) is not None  # used: now second is A's least recently used
    third = tokens.issue(Session("A", "borger"))
    assert tokens.session(second) is None
    assert tokens.session(first) is not None and tokens.session(third) is not None
    assert tokens.session(other) is not None
    assert tokens.count("A") == 2 and tokens.count() == 3


@settings(max_examples=200, deadline=None)
@given(
    per_user=st.integers(1, 4),
    steps=st.lists(
        st.tuples(st.sampled_from(["issue", "use", "revoke", "wait"]), st.integers(0, 2)),
        max_size=60,
    ),
)
def test_tokens_against_a_plain_model(per_user: int, steps: list[tuple[str, int]]) -> None:
    """Any sequence of logons, uses, revocations and waits: the store answers as a plain list
    per user (least recently used first, cut at per_user, idle ones gone) does, and never holds
    more than per_user tokens of a user."""
    clock = Clock()
    tokens = TokenStore(idle_seconds=60, per_user=per_user, clock=clock)
    model: dict[str, list[tuple[str, float]]] = {}  # userid -> [(token, last use)], LRU first
    gone: list[str] = []  # ended by the cap or a revocation
    for action, n in steps:
        user = "ABC"[n]
        own = model.setdefault(user, [])
        if action == "issue":
            for held in model.values():
                held[:] = [(t, used) for t, used in held if clock.now - used <= 60]
            if len(own) >= per_user:
                gone.append(own.pop(0)[0])
            own.append((tokens.issue(Session(user, "borger")), clock.now))
        elif action == "use" and own:
            token, used = own[0]
            alive = clock.now - used <= 60
            assert (tokens.session(token) is not None) is alive
            own.pop(0)
            if alive:
                own.append((token, clock.now))
        elif action == "revoke":
            assert tokens.revoke(user) == len(own)
            gone.extend(t for t, _ in own)
            own.clear()
        else:
            clock.now += 25
        assert tokens.count(user) <= per_user
    assert all(tokens.session(token) is None for token in gone)
    for user, own in model.items():
        for token, used in own:
            assert (tokens.session(token) is not None) is (clock.now - used <= 60), user
