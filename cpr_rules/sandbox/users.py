"""The sandbox's users: the users YAML, the demo users, CPR's kendeord policy, kendeord hashes.

A users file::

    users:
      - userid: PORTAL01          # 1-8 letters and digits (bilag 8 §4.8: ui="x3450")
        password: Abcd1234        # the kendeord CPR-kontoret issued
        sikkerhedsgruppe: borger  # borger | kommune
        password_set: 2026-11-01  # optional, default: the day the server starts
        active: true              # optional; false answers 903 "Bruger-id er inaktivt"
        direkte: false            # borger only: approved to save directly in CPR (mk 0042)
      - userid: KBH01
        password: Kbhv2026
        sikkerhedsgruppe: kommune
        kommuner: ["0101"]        # kommune only, required: the kommuner whose hændelser it sees

A kendeord is hashed (scrypt, cost ``N`` = :data:`SCRYPT_N` = 2**14 unless the demo users are
given a lower cost for benchmarks) the moment it is read; only hashes are kept or stored, and a
:class:`UserEntry` has no kendeord to show. The policy (protocol.md §1.3, from CPR Direkte's
OFF1 bilag 2: 8 characters, at least 2 digits and 2 capitals, a letter first, no Æ/Ø/Å or
special characters) applies to a *new* kendeord; an issued one is taken as CPR-kontoret gave it.

>>> check_kendeord("Abcd1234")
'mindst 2 store bogstaver'
>>> check_kendeord("DemoKo26") is None
True
>>> verify_kendeord("DemoKo26", hash_kendeord("DemoKo26"))
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import yaml

from cpr_rules.errors import SourceError

__all__ = [
    "DEMO_RIGHTS",
    "DEMO_USERS",
    "KENDEORD_MAX_AGE",
    "SCRYPT_N",
    "SIKKERHEDSGRUPPER",
    "UserEntry",
    "UsersFileError",
    "check_kendeord",
    "demo_users",
    "hash_kendeord",
    "is_valid_userid",
    "kendeord_cost",
    "load_users",
    "verify_kendeord",
]

SIKKERHEDSGRUPPER: Final = MappingProxyType(
    {
        "borger": "Selvbetjening: kun hændelser med selvbetjening=ja i haendelseskoder, til"
        " venteregistret (bilag 9 note 1, 5 og 9), eller med direkte: true direkte i CPR"
        " (bilag 7 §17, mk 0042)",
        "kommune": "Sandkassens kommune-side: venteregistrets hændelser i egne kommuner"
        " (kommuner: […]) over HTTP og i CLI'en; ingen CPR services",
    }
)
"""The sikkerhedsgrupper the sandbox knows, with what each may do."""

KENDEORD_MAX_AGE: Final = dt.timedelta(days=90)
"""Bilag 9 note 2: "Kendeord skal ændres af brugeren … hver 90. dag"."""

DEMO_USERS: Final = (
    ("DEMO0001", "DemoKo26", "borger"),
    ("KOMMUNE1", "KommKo26", "kommune"),
    ("DIREKTE1", "DirekT26", "borger"),
)
"""The users the server has when no ``--users`` file is given (documented in docs/sandbox.md)."""

DEMO_RIGHTS: Final[Mapping[str, Mapping[str, Any]]] = MappingProxyType(
    {"KOMMUNE1": {"kommuner": ("0101",)}, "DIREKTE1": {"direkte": True}}
)
"""What the demo users may do beyond their sikkerhedsgruppe: KOMMUNE1 decides for København
(0101); DIREKTE1 is a portal approved to save directly in CPR (myndighed 0042)."""

SCRYPT_N: Final = 2**14
"""The scrypt cost of kendeord hashes (r=8, p=1: 16 MiB, ~50 ms): the default for every user."""

_USERID: Final = re.compile(r"[A-Za-z0-9]{1,8}")
_KOMK: Final = re.compile(r"[0-9]{4}")
_KEYS: Final = (
    "userid", "password", "sikkerhedsgruppe", "password_set", "active", "direkte", "kommuner"
)  # fmt: skip


class UsersFileError(SourceError):
    """The users YAML is broken; the message names ``users[i].key`` and the position."""


@dataclass(frozen=True, slots=True)
class UserEntry:
    """One user as the users file (or the demo) defines it; ``seed`` is the kendeord's hash.

    ``direkte``: a borger portal approved to save directly in CPR (myndighed 0042, bilag 7 §17
    case 1). ``kommuner``: the kommuner whose hændelser a kommune user lists and decides.
    """

    userid: str
    sikkerhedsgruppe: str
    password_set: dt.date
    seed: str = field(repr=False)
    active: bool = True
    direkte: bool = False
    kommuner: tuple[str, ...] = ()


def is_valid_userid(userid: object) -> bool:
    """1-8 letters and digits: anything else is 904 "Ugyldig Bruger-id indtastet"."""
    return isinstance(userid, str) and _USERID.fullmatch(userid) is not None


def check_kendeord(kendeord: str) -> str | None:
    """Why ``kendeord`` breaks CPR's policy (Danish, for the log), or ``None`` if it is fine."""
    checks = (
        (len(kendeord) == 8, "præcis 8 tegn"),
        (kendeord.isascii() and kendeord.isalnum(), "kun bogstaver a-z, A-Z og cifre"),
        (kendeord[:1].isalpha(), "skal begynde med et bogstav"),
        (sum(c.isdigit() for c in kendeord) >= 2, "mindst 2 cifre"),
        (sum(c.isupper() for c in kendeord) >= 2, "mindst 2 store bogstaver"),
    )
    return next((reason for ok, reason in checks if not ok), None)


def hash_kendeord(kendeord: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """``scrypt$<salt hex>$<hash hex>`` at cost :data:`SCRYPT_N`, else
    ``scrypt:<n>$<salt hex>$<hash hex>`` (a fresh random salt unless one is given)."""
    if n < 2 or n & (n - 1):
        raise ValueError(f"the scrypt cost must be a power of 2 above 1, got {n}")
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(kendeord.encode("utf-8"), salt=salt, dklen=32, n=n, r=8, p=1)
    scheme = "scrypt" if n == SCRYPT_N else f"scrypt:{n}"
    return f"{scheme}${salt.hex()}${digest.hex()}"


def kendeord_cost(stored: str) -> int | None:
    """The scrypt cost ``N`` a hash from :func:`hash_kendeord` was made with, else ``None``."""
    scheme = stored.partition("$")[0]
    name, _, cost = scheme.partition(":")
    if name != "scrypt" or (cost and not cost.isdigit()):
        return None
    return int(cost) if cost else SCRYPT_N


def verify_kendeord(kendeord: str, stored: str) -> bool:
    """Whether ``kendeord`` is the one ``stored`` (from :func:`hash_kendeord`) was made from."""
    scheme, _, rest = stored.partition("$")
    salt_hex, _, _ = rest.partition("$")
    name, _, cost = scheme.partition(":")
    if name != "scrypt" or not salt_hex or (cost and not cost.isdigit()):
        return False
    try:
        salt = bytes.fromhex(salt_hex)
        again = hash_kendeord(kendeord, salt=salt, n=int(cost) if cost else SCRYPT_N)
    except ValueError:
        return False
    return hmac.compare_digest(again, stored)


def _seed(userid: str, kendeord: str, n: int = SCRYPT_N) -> str:
    """The hash of an issued kendeord, with a salt fixed per user so a restart can compare it."""
    salt = hashlib.sha256(f"cpr-rules sandbox seed\0{userid}".encode()).digest()[:16]
    return hash_kendeord(kendeord, salt=salt, n=n)


def demo_users(today: dt.date, *, scrypt_n: int = SCRYPT_N) -> dict[str, UserEntry]:
    """:data:`DEMO_USERS` with :data:`DEMO_RIGHTS`, kendeord set ``today`` so that they never
    start expired; ``scrypt_n`` lowers the hashing cost of their kendeord (benchmarks only: a
    demo kendeord is public anyway)."""
    users = {}
    for userid, kendeord, gruppe in DEMO_USERS:
        rights: dict[str, Any] = dict(DEMO_RIGHTS.get(userid, {}))
        seed = _seed(userid, kendeord, scrypt_n)
        users[userid] = UserEntry(userid, gruppe, today, seed, **rights)
    return users


class _Defect(Exception):
    def __init__(self, message: str, node: yaml.Node | None) -> None:
        super().__init__(message)
        self.message = message
        mark = node.start_mark if node is not None else None
        self.line = mark.line + 1 if mark is not None else 0
        self.column = mark.column + 1 if mark is not None else 0


def _scalar(node: yaml.Node, where: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _Defect(f"{where}: expected a single value", node)
    return str(node.value)


def _date(node: yaml.Node, where: str) -> dt.date:
    text = _scalar(node, where)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _Defect(f"{where}: expected a date YYYY-MM-DD, got {text!r}", node) from None


def _entry(node: yaml.Node, where: str, today: dt.date) -> UserEntry:
    if not isinstance(node, yaml.MappingNode):
        raise _Defect(f"{where}: expected a mapping with userid, password, sikkerhedsgruppe", node)
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node, where)
        if key not in _KEYS:
            raise _Defect(f"{where}: unknown key {key!r}; known: {', '.join(_KEYS)}", key_node)
        values[key] = value_node
    for key in _KEYS[:3]:
        if key not in values:
            raise _Defect(f"{where}.{key}: missing", node)
    userid = _scalar(values["userid"], f"{where}.userid")
    if not is_valid_userid(userid):
        raise _Defect(f"{where}.userid: expected 1-8 letters and digits", values["userid"])
    gruppe = _scalar(values["sikkerhedsgruppe"], f"{where}.sikkerhedsgruppe")
    if gruppe not in SIKKERHEDSGRUPPER:
        known = ", ".join(SIKKERHEDSGRUPPER)
        message = f"{where}.sikkerhedsgruppe: {gruppe!r} is not one of {known}"
        raise _Defect(message, values["sikkerhedsgruppe"])
    kendeord = _scalar(values["password"], f"{where}.password")
    if not kendeord or not kendeord.isprintable():
        raise _Defect(f"{where}.password: expected a non-empty kendeord", values["password"])
    active = _flag(values.get("active"), f"{where}.active", default=True)
    direkte = _flag(values.get("direkte"), f"{where}.direkte", default=False)
    if direkte and gruppe != "borger":
        raise _Defect(f"{where}.direkte: only a borger user can save directly", values["direkte"])
    kommuner = _kommuner(values.get("kommuner"), f"{where}.kommuner", gruppe, node)
    set_node = values.get("password_set")
    password_set = _date(set_node, f"{where}.password_set") if set_node is not None else today
    seed = _seed(userid.upper(), kendeord)
    return UserEntry(userid.upper(), gruppe, password_set, seed, active, direkte, kommuner)


def _flag(node: yaml.Node | None, where: str, *, default: bool) -> bool:
    if node is None:
        return default
    text = _scalar(node, where)
    if text not in ("true", "false"):
        raise _Defect(f"{where}: expected true or false", node)
    return text == "true"


def _kommuner(node: yaml.Node | None, where: str, gruppe: str, entry: yaml.Node) -> tuple[str, ...]:
    """A kommune user's kommuner: a non-empty list of 4-digit kommunekoder (quoted in YAML)."""
    if node is None:
        if gruppe == "kommune":
            raise _Defect(f"{where}: missing (a kommune user needs its kommuner)", entry)
        return ()
    if gruppe != "kommune":
        raise _Defect(f"{where}: only a kommune user has kommuner", node)
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise _Defect(f'{where}: expected a list of kommunekoder like ["0101"]', node)
    codes = []
    for item in node.value:
        code = _scalar(item, where)
        if not _KOMK.fullmatch(code):
            raise _Defect(f"{where}: expected 4 digits in quotes, got {code!r}", item)
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _users(root: yaml.Node | None, today: dt.date) -> dict[str, UserEntry]:
    items = None
    if isinstance(root, yaml.MappingNode) and len(root.value) == 1:
        key, items = root.value[0]
        if _scalar(key, "users") != "users":
            items = None
    if not isinstance(items, yaml.SequenceNode):
        raise _Defect("expected one key, users: a list of users", root)
    users: dict[str, UserEntry] = {}
    for index, item in enumerate(items.value):
        entry = _entry(item, f"users[{index}]", today)
        if entry.userid in users:
            raise _Defect(f"users[{index}].userid: {entry.userid} is defined twice", item)
        users[entry.userid] = entry
    if not users:
        raise _Defect("users: the list is empty", items)
    return users


def load_users(path: str | Path, *, today: dt.date) -> dict[str, UserEntry]:
    """The users of a users YAML, keyed by userid (upper case); raises :class:`UsersFileError`.

    The error names the entry and key (``users[1].sikkerhedsgruppe``), never a kendeord.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersFileError(f"cannot read the users file: {exc}", file=p) from None
    try:
        return _users(yaml.compose(text, Loader=yaml.SafeLoader), today)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = getattr(exc, "problem", None) or "syntax error"
        raise UsersFileError(
            f"not valid YAML: {problem}", file=p, line=line, column=column
        ) from None
    except _Defect as exc:
        raise UsersFileError(exc.message, file=p, line=exc.line, column=exc.column) from None
