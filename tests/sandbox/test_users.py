"""Users of the sandbox: the kendeord policy, hashes, the users YAML and its errors."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from cpr_rules.errors import SourceError
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.runtime import Sandbox
from cpr_rules.sandbox.users import (
    DEMO_USERS,
    SIKKERHEDSGRUPPER,
    UsersFileError,
    check_kendeord,
    demo_users,
    hash_kendeord,
    is_valid_userid,
    load_users,
    verify_kendeord,
)

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("kendeord", "reason"),
    [
        ("DemoKo26", None),
        ("AB12cdef", None),
        ("Abcd1234", "mindst 2 store bogstaver"),
        ("ABcdefg1", "mindst 2 cifre"),
        ("1ABcdef2", "skal begynde med et bogstav"),
        ("ABcd12", "præcis 8 tegn"),
        ("ABcd12345", "præcis 8 tegn"),
        ("ABcd12-x", "kun bogstaver a-z, A-Z og cifre"),
        ("ÆBcd1234", "kun bogstaver a-z, A-Z og cifre"),
        ("ABcd 123", "kun bogstaver a-z, A-Z og cifre"),
    ],
    ids=lambda v: str(v),
)
def test_kendeord_policy(kendeord: str, reason: str | None) -> None:
    """8 characters, 2 digits, 2 capitals, a letter first, no Æ/Ø/Å or specials (OFF1 bilag 2)."""
    assert check_kendeord(kendeord) == reason


def test_demo_kendeord_satisfy_the_policy() -> None:
    """The documented demo kendeord are valid under the policy they are checked against."""
    assert all(check_kendeord(kendeord) is None for _, kendeord, _ in DEMO_USERS)
    assert {gruppe for *_, gruppe in DEMO_USERS} == set(SIKKERHEDSGRUPPER)


def test_hash_is_salted_and_verifies() -> None:
    """Two hashes of one kendeord differ (salt); each verifies it and nothing else."""
    first, second = hash_kendeord("DemoKo26"), hash_kendeord("DemoKo26")
    assert first != second and first.startswith("scrypt$") and "DemoKo26" not in first
    assert verify_kendeord("DemoKo26", first) and verify_kendeord("DemoKo26", second)
    assert not verify_kendeord("DemoKo27", first)
    assert not verify_kendeord("DemoKo26", "plain")


@pytest.mark.parametrize(
    ("userid", "ok"),
    [("PORTAL01", True), ("x3450", True), ("", False), ("TOOLONG12", False), ("A-1", False)],
)
def test_userid_format(userid: str, ok: bool) -> None:
    """1-8 letters and digits (bilag 8 §4.8 ``ui="x3450"``)."""
    assert is_valid_userid(userid) is ok


def test_demo_users_are_never_expired() -> None:
    """Demo kendeord are set on the day the server starts."""
    users = demo_users(TODAY)
    assert [u.password_set for u in users.values()] == [TODAY, TODAY, TODAY]
    assert "DemoKo26" not in repr(users)


GOOD = """\
users:
  - userid: PORTAL01
    password: Abcd1234
    sikkerhedsgruppe: borger
    password_set: 2026-11-01
  - {userid: kommune2, password: Kom12345, sikkerhedsgruppe: kommune, active: false,
     kommuner: ["0101", "0147"]}
"""


def test_good_users_file(tmp_path: Path) -> None:
    """Users by upper-case userid; password_set defaults to today; no kendeord kept."""
    path = tmp_path / "users.yaml"
    path.write_text(GOOD, encoding="utf-8")
    users = load_users(path, today=TODAY)
    assert list(users) == ["PORTAL01", "KOMMUNE2"]
    portal = users["PORTAL01"]
    assert (portal.sikkerhedsgruppe, portal.password_set, portal.active) == (
        "borger",
        dt.date(2026, 11, 1),
        True,
    )
    assert users["KOMMUNE2"].password_set == TODAY and not users["KOMMUNE2"].active
    assert users["KOMMUNE2"].kommuner == ("0101", "0147") and not portal.direkte
    assert verify_kendeord("Abcd1234", portal.seed)
    assert "Abcd1234" not in repr(users)


BAD = {
    "not-a-list": ("users:\n  - userid", "users:\n  x:\n  - userid", "users: a list", 1),
    "missing-password": ("    password: Abcd1234\n", "", "users[0].password: missing", 2),
    "unknown-key": ("    password_set", "    kendeord: x\n    password_set", "unknown key", 5),
    "bad-gruppe": ("sikkerhedsgruppe: borger", "sikkerhedsgruppe: admin", "not one of", 4),
    "bad-date": ("2026-11-01", "1. november", "expected a date", 5),
    "bad-userid": ("userid: PORTAL01", "userid: PORTAL-01", "1-8 letters", 2),
    "duplicate": ("userid: kommune2", "userid: portal01", "defined twice", 6),
    "bad-active": ("active: false", "active: maybe", "true or false", 6),
    "kommune-without-kommuner": ('kommuner: ["0101", "0147"]', "", "needs its kommuner", 6),
    "kommune-bad-komk": ('"0147"', "147", "4 digits", 7),
    "borger-with-kommuner": (
        "sikkerhedsgruppe: borger",
        'sikkerhedsgruppe: borger\n    kommuner: ["0101"]',
        "only a kommune user",
        5,
    ),
    "direkte-kommune": ("active: false,", "active: false, direkte: true,", "only a borger", 6),
    "yaml-syntax": ("  - {userid", "  - {userid: [", "not valid YAML", 6),
}


@pytest.mark.parametrize(("old", "new", "message", "line"), BAD.values(), ids=BAD)
def test_bad_users_file_names_entry_and_line(
    tmp_path: Path, old: str, new: str, message: str, line: int
) -> None:
    """Each defect raises UsersFileError with file:line, naming the entry and never a kendeord."""
    path = tmp_path / "users.yaml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UsersFileError) as info:
        load_users(path, today=TODAY)
    assert isinstance(info.value, SourceError)
    assert message in str(info.value)
    assert info.value.line == line
    assert "Abcd1234" not in str(info.value) and "Kom12345" not in str(info.value)


def test_missing_users_file(tmp_path: Path) -> None:
    """A file that cannot be read is a UsersFileError too."""
    with pytest.raises(UsersFileError, match="cannot read"):
        load_users(tmp_path / "nope.yaml", today=TODAY)


@pytest.mark.parametrize("code", ["1081", "0999", "0171"])  # a region, no code, ended 2006
def test_a_kommune_user_of_no_kommune_is_refused_at_start(tmp_path: Path, code: str) -> None:
    """A kommune that is none in the code tables on the sandbox's day (a typo, a region, an
    ended kommune) would leave its user seeing nothing: the sandbox does not start (exit 2,
    one line naming the user and the code)."""
    path = tmp_path / "users.yaml"
    path.write_text(
        "users:\n  - {userid: KOMMUNE9, password: KommKo26, sikkerhedsgruppe: kommune,"
        f' kommuner: ["0101", "{code}"]}}\n',
        encoding="utf-8",
    )
    config = SandboxConfig(port=0, db=tmp_path / "s.sqlite3", users=path, today=dt.date(2015, 2, 1))
    with pytest.raises(UsersFileError, match=f"KOMMUNE9.kommuner: {code} is no kommune"):
        Sandbox.open(config)
    done = subprocess.run(
        [sys.executable, "-m", "cpr_rules", "sandbox", "serve", "--port", "0", "--users",
         str(path), "--db", str(tmp_path / "s.sqlite3"), "--today", "2015-02-01"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and f"{code} is no kommune" in done.stderr
