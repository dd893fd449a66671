"""A session's open dialogue as a small JSON-safe value, to resume it in another worker.

A web portal runs several workers; the citizen's next request may land on another one. What
that worker needs to carry on the dialogue with CPR is the token and the redirection cookies
(bilag 5 §4.2), the mode (myndighedskode and venteregister or not) and the initiated hændelse:
its keys, CPR's ``ts``, the actions CPR offered and the input fields with the locked values
(bilag 7 §7-10). :func:`dump` writes exactly that; :func:`load` checks every part and puts it
back. The kendeord is never in it.

The value is **secret**: the token logs on as the portal's personkode until it expires, and
the keys hold the citizen's personnummer. Keep it server-side (a session store), never in a
cookie, a URL or a log line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from cpr_rules import personnummer
from cpr_rules.errors import InputError, PersonnummerError
from cpr_rules.session import _wire
from cpr_rules.session._core import SessionCore
from cpr_rules.session._flow import Flow
from cpr_rules.session.errors import CprProtocolError
from cpr_rules.session.models import InputField

__all__ = ["FORMAT", "dump", "load"]

FORMAT: Final = "cpr_rules.dialogue/1"
"""The ``format`` of a saved dialogue; another value is refused, never guessed at."""

_NAME: Final = re.compile(r"[A-Z][A-Z0-9_]{0,39}")
_HAENDELSE: Final = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,19}")
_DIGITS: Final = re.compile(r"[0-9]+")
_TS: Final = re.compile(r"[0-9A-Za-z:. -]{1,40}")
_MAX_FIELDS: Final = 200
_MAX_VALUE: Final = 200


def dump(core: SessionCore) -> dict[str, Any]:
    """The open dialogue of ``core`` (secret: it holds the token and the keys)."""
    redirect = core.redirect
    cookies = {
        name: value
        for name, value in (
            ("Ipaddr", redirect.host),
            ("Port", redirect.port),
            ("Path", redirect.path),
        )
        if value is not None
    }
    saved: dict[str, Any] = {
        "format": FORMAT,
        "userid": core.config.userid,
        "mode": {"mk": core.flow.mk, "vent": core.flow.vent},
        "token": core.token,
        "cookies": cookies,
        "haendelse": None,
    }
    flow = core.flow.current
    if flow is not None:
        saved |= {
            "haendelse": flow.haendelse,
            "keys": dict(flow.keys),
            "ts": flow.ts,
            "actions": list(flow.actions),
            "fields": list(flow.fields),
            "locked": {n: f.value or "" for n, f in flow.fields.items() if f.locked},
            "data": dict(flow.data) if flow.data is not None else None,
        }
    return saved


def load(core: SessionCore, saved: Any) -> None:
    """Put the dialogue ``saved`` by :func:`dump` into ``core``; a bad value raises
    :class:`~cpr_rules.errors.InputError` naming the part (never quoting the token)."""
    value = _object(saved, "the saved dialogue")
    if value.get("format") != FORMAT:
        raise InputError(f"a saved dialogue has format {FORMAT!r}; this one is not")
    if value.get("userid") != core.config.userid:
        raise InputError("the saved dialogue belongs to another personkode (userid)")
    mode = _object(value.get("mode"), "mode")
    if mode.get("mk") != core.flow.mk or mode.get("vent") != core.flow.vent:
        raise InputError(
            f"the saved dialogue's mode (mk, vent) is not this session's"
            f" (mk {core.flow.mk}, vent {core.flow.vent})"
        )
    token = value.get("token")
    redirect = _redirect(_object(value.get("cookies", {}), "cookies"))
    flow = _flow(value, core) if value.get("haendelse") is not None else None
    if token is not None:
        try:
            token = _wire.check_token(token) if isinstance(token, str) else _bad("token")
        except CprProtocolError:
            raise InputError("the saved dialogue's token is not a CPR token") from None
    core.token, core.redirect, core.flow.current = token, redirect, flow


def _bad(part: str) -> Any:
    raise InputError(f"the saved dialogue's {part} is malformed")


def _object(value: Any, part: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        _bad(part)
    return value  # type: ignore[no-any-return]


def _text(value: Any, part: str, pattern: re.Pattern[str] | None = None) -> str:
    ok = isinstance(value, str) and len(value) <= _MAX_VALUE
    if not ok or (pattern is not None and not pattern.fullmatch(value)):
        _bad(part)
    return value  # type: ignore[no-any-return]


def _redirect(cookies: Mapping[str, Any]) -> _wire.Redirect:
    host, port, path = cookies.get("Ipaddr"), cookies.get("Port"), cookies.get("Path")
    if host is not None:
        _text(host, "cookies")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int)):
        _bad("cookies")
    if port is not None and not 0 < port < 65536:
        _bad("cookies")
    if path is not None and not _text(path, "cookies").startswith("/"):
        _bad("cookies")
    if set(cookies) - {"Ipaddr", "Port", "Path"}:
        _bad("cookies")
    return _wire.Redirect(host, port, path)


def _flow(value: Mapping[str, Any], core: SessionCore) -> Flow:
    haendelse = _text(value.get("haendelse"), "haendelse", _HAENDELSE)
    keys = {
        _text(k, "keys", _NAME): _text(v, "keys")
        for k, v in _object(value.get("keys"), "keys").items()
    }
    try:
        pnr = personnummer.parse(keys.get("PNR", ""))
    except PersonnummerError:
        raise InputError("the saved dialogue's keys hold no valid PNR") from None
    hdto = keys.get("HDTO", "")
    if len(hdto) != 8 or not _DIGITS.fullmatch(hdto) or pnr.digits != keys["PNR"]:
        _bad("keys")
    names = _list(value.get("fields"), "fields")
    locked = {
        _text(k, "locked", _NAME): _text(v, "locked")
        for k, v in _object(value.get("locked", {}), "locked").items()
    }
    if set(locked) - set(names):
        _bad("locked")
    fields = {n: InputField(n, locked.get(n), locked=n in locked) for n in names}
    data = value.get("data")
    if data is not None:
        data = {_text(k, "data", _NAME): _text(v, "data") for k, v in _object(data, "data").items()}
    return Flow(
        haendelse,
        keys,
        pnr,
        core.flow.mk,
        core.flow.vent,
        _text(value.get("ts"), "ts", _TS),
        tuple(_list(value.get("actions"), "actions")),
        fields,
        data,
    )


def _list(value: Any, part: str) -> list[str]:
    if not isinstance(value, list) or len(value) > _MAX_FIELDS:
        _bad(part)
    return [_text(v, part, _NAME if part == "fields" else None) for v in value]
