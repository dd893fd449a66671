"""The kendeord: CPR's rules for a new one, its 90-day age, warnings and the change."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from cpr_rules.errors import InputError
from cpr_rules.session import (
    KendeordExpiredError,
    KendeordPolicy,
    KendeordPolicyError,
    KendeordRejectedError,
    check_kendeord,
    kendeord_status,
)
from cpr_rules.session.kendeord import KENDEORD_RULES

from .fake_cpr import KENDEORD, TODAY, USERID, FakeCpr, assert_sent_vector, logon_code, logon_ok
from .fake_cpr import session as make_session

# (new kendeord, codes of the rules it breaks); the reasons come out in KENDEORD_RULES order.
POLICY_CASES = [
    ("Abc12Def", []),
    ("AB12cdef", []),
    ("Zz9Y8xwv", []),
    ("Abc12De", ["length"]),
    ("Abc12Defg", ["length"]),
    ("Abc12De!", ["charset"]),
    ("ÆBc12Def", ["charset", "first-letter"]),
    ("Abc12Døf", ["charset"]),
    ("Abc 2Def", ["charset", "digits"]),
    ("1Abc2Def", ["first-letter"]),
    ("Abcd1Efg", ["digits"]),
    ("Abcd12ef", ["capitals"]),
    ("abcdefgh", ["digits", "capitals"]),
    ("", ["length", "first-letter", "digits", "capitals"]),
]


def _codes(reasons: list[str]) -> list[str]:
    by_reason = {f"{r.reason} ({r.source})": r.code for r in KENDEORD_RULES}
    return [by_reason[reason] for reason in reasons]


@pytest.mark.parametrize(
    ("new", "broken"), POLICY_CASES, ids=[c[0] or "empty" for c in POLICY_CASES]
)
def test_kendeord_rules(new: str, broken: list[str]) -> None:
    """Each candidate breaks exactly the rules listed (protocol.md §1.3, OFF1 bilag 2)."""
    assert _codes(check_kendeord(new)) == broken


def test_earlier_kendeord_cannot_come_back() -> None:
    """A kendeord used before is refused."""
    assert _codes(check_kendeord("Abc12Def", previous=["Xyz98Wvu", "Abc12Def"])) == ["not-reused"]


def test_kendeord_must_not_hold_the_personkode() -> None:
    """The personkode, in any case, may not be part of the kendeord."""
    assert _codes(check_kendeord("AbX3450C", userid="x3450")) == ["not-userid"]


def test_reasons_never_quote_the_kendeord() -> None:
    """No reason repeats the candidate or a character of it beyond the rule's own text."""
    for reason in check_kendeord("Q!q", previous=["Q!q"]):
        assert "Q!q" not in reason


@pytest.mark.parametrize(
    ("age", "days_left", "needs_change", "expired"),
    [(0, 90, False, False), (75, 15, False, False), (76, 14, True, False), (89, 1, True, False),
     (90, 0, True, True), (120, -30, True, True)],
)  # fmt: skip
def test_kendeord_age(age: int, days_left: int, needs_change: bool, expired: bool) -> None:
    """90 days' validity (bilag 9 note 2), a warning 14 days before by default."""
    set_on = dt.date(2026, 1, 1)
    status = kendeord_status(set_on, set_on + dt.timedelta(days=age))
    assert (status.days_left, status.needs_change, status.is_expired) == (
        days_left, needs_change, expired
    )  # fmt: skip
    assert status.expires_on == dt.date(2026, 4, 1)


def test_warn_days_is_configurable_and_checked() -> None:
    """warn_days moves the warning; a warning period of 90 days or more is refused."""
    policy = KendeordPolicy(warn_days=30)
    assert policy.status(dt.date(2026, 1, 1), dt.date(2026, 3, 5)).needs_change
    with pytest.raises(InputError):
        KendeordPolicy(warn_days=90)


def test_logon_within_the_warning_period_warns(caplog: pytest.LogCaptureFixture) -> None:
    """Within warn_days the session says so: days left, the flag, a WARNING log record."""
    cpr = make_session(FakeCpr(logon_ok()), kendeord_set_on=TODAY - dt.timedelta(days=80))
    assert (cpr.kendeord_days_left, cpr.kendeord_warning) == (10, True)
    with caplog.at_level(logging.WARNING, logger="cpr_rules.session"):
        cpr.logon()
    (record,) = [r for r in caplog.records if r.name == "cpr_rules.session"]
    assert record.levelno == logging.WARNING and "10 days" in record.getMessage()


def test_no_warning_outside_the_period(caplog: pytest.LogCaptureFixture) -> None:
    """A fresh kendeord gives no warning."""
    cpr = make_session(FakeCpr(logon_ok()), warn_days=5)
    with caplog.at_level(logging.WARNING, logger="cpr_rules.session"):
        cpr.logon()
    assert not cpr.kendeord_warning and caplog.records == []


def test_expired_kendeord_is_refused_before_calling_cpr() -> None:
    """At 90 days the session raises KendeordExpiredError (906) without sending anything."""
    fake = FakeCpr()
    cpr = make_session(fake, kendeord_set_on=TODAY - dt.timedelta(days=90))
    with pytest.raises(KendeordExpiredError) as raised:
        cpr.logon()
    assert raised.value.code == 906 and raised.value.text.startswith("Dit kodeord er udløbet")
    assert fake.requests == []


def test_change_kendeord_even_when_expired() -> None:
    """change_kendeord sends newpass (bilag 5), resets the date and logs on with the new one."""
    fake = FakeCpr(logon_ok(), logon_ok())
    cpr = make_session(fake, kendeord_set_on=TODAY - dt.timedelta(days=100))
    cpr.change_kendeord("Nyt12Ord")
    newpass = fake.requests[0]
    assert newpass.url.path == "/cics/dmwg/cscwbsgn" and "Cookie" not in newpass.headers
    assert b'newpass1="Nyt12Ord"' in newpass.content
    documented = {USERID: "x...x", KENDEORD: "xxxxxxxx", "Nyt12Ord": "xxxxxxxx"}
    assert_sent_vector(newpass, "bilag05-s4.2.1-newpass-request.xml", values=documented)
    assert (cpr.kendeord_set_on, cpr.kendeord_days_left, cpr.is_logged_on) == (TODAY, 90, True)
    cpr.logon()
    assert b'password="Nyt12Ord"' in fake.requests[1].content


def test_change_kendeord_checks_the_rules_locally_first() -> None:
    """A new kendeord that breaks the rules raises KendeordPolicyError with every reason."""
    fake = FakeCpr()
    cpr = make_session(fake)
    with pytest.raises(KendeordPolicyError) as raised:
        cpr.change_kendeord("kort")
    assert len(raised.value.reasons) == 3 and "kort" not in str(raised.value)
    with pytest.raises(KendeordPolicyError, match="used before"):
        cpr.change_kendeord(KENDEORD)
    assert fake.requests == []


def test_the_old_kendeord_cannot_come_back_after_a_change() -> None:
    """After a change, the kendeord before it counts as used."""
    cpr = make_session(FakeCpr(logon_ok()))
    cpr.change_kendeord("Nyt12Ord")
    with pytest.raises(KendeordPolicyError, match="used before"):
        cpr.change_kendeord(KENDEORD)


def test_cpr_refusing_the_new_kendeord_keeps_the_old() -> None:
    """908 from CPR: KendeordRejectedError; the session keeps the old kendeord and date."""
    fake = FakeCpr(logon_code(908, "Det nye kodeord er ikke gyldigt"), logon_ok())
    cpr = make_session(fake)
    set_on = cpr.kendeord_set_on
    with pytest.raises(KendeordRejectedError):
        cpr.change_kendeord("Nyt12Ord")
    assert cpr.kendeord_set_on == set_on
    cpr.logon()
    assert f'password="{KENDEORD}"'.encode() in fake.requests[1].content
