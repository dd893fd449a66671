"""The demo portal "Anmeld flytning": the page at ``/`` and its four steps under ``/portal/api``.

The page (``static/``: plain HTML, CSS and one small JS file, no build step, no CDN) walks
bilag 9's steps; this module is the self-service server between the page and CPR:

- ``POST /portal/api/initier`` ``{PNR, HDTO, KOMK, lang}``: the keys are checked locally
  first; then CPR's initier gives the person's name, address, status and protections
  (bilag 9 note 4) and the form's schema with CPR's locked fields read-only;
- ``POST /portal/api/valider`` ``{data, lang}``: :func:`~cpr_rules.reconcile.acheck_with_cpr`,
  the local report beside CPR's verdict;
- ``POST /portal/api/gem`` ``{continue_anmrk}``: the kvittering with its VNTS;
- ``POST /portal/api/afbryd``: abandon, allowed at every step;
- ``GET /portal/api/kommuner``: the kommuner as of today, for the kommune field;
- ``GET /js/FLYTB-I.mjs`` and its data: the rule set compiled to JavaScript
  (:mod:`cpr_rules.web.jsmodule`), which the page checks each keystroke with; the server's
  check runs again at valider.

Each request builds its own :class:`~cpr_rules.session.AsyncCprSession` and resumes the
citizen's dialogue from :meth:`~cpr_rules.session.CprSession.save_dialogue`'s value, kept here
server-side under a random HttpOnly cookie (the value is secret: it holds CPR's token). The
personnummer travels only in request bodies, never in a URL, and nothing here logs it.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cpr_rules.errors import CprError, InputError
from cpr_rules.personnummer import mask_text
from cpr_rules.reconcile import acheck_with_cpr
from cpr_rules.session import AsyncCprSession, CprAnmrk, CprFejl, CprVerdict, Stamoplysninger
from cpr_rules.tables import Found
from cpr_rules.web.api import ApiError, ApiState, error_response, read_json
from cpr_rules.web.jsmodule import JsModuleFiles
from cpr_rules.web.schema import form_schema

__all__ = ["STATIC", "PortalConfig", "portal_routes"]

STATIC: Final = Path(__file__).with_name("static")
"""The page's files, shipped in the wheel."""

_COOKIE: Final = "cpr_rules_portal"
_SECURITY_HEADERS: Final = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class PortalConfig:
    """The CPR the portal talks to and the portal's own personkode (secret: the kendeord)."""

    cpr_url: str
    userid: str
    kendeord: str = field(repr=False)
    kendeord_set_on: dt.date
    haendelse: str = "FLYTB-I"
    max_dialogues: int = 1000
    idle_seconds: float = 30 * 60.0


@dataclass
class _Dialogue:
    saved: dict[str, Any]
    keys: dict[str, str]
    stamdata: dict[str, Any]
    used: float


class _Dialogues:
    """The open dialogues by cookie, oldest dropped first; idle ones expire."""

    def __init__(self, limit: int, idle: float) -> None:
        self._items: OrderedDict[str, _Dialogue] = OrderedDict()
        self._limit, self._idle, self._lock = limit, idle, Lock()

    def get(self, key: str | None) -> _Dialogue:
        with self._lock:
            item = self._items.get(key or "")
            if item is None or time.monotonic() - item.used > self._idle:
                raise ApiError(409, "no-dialogue", "no open report: start again from step 1")
            item.used = time.monotonic()
            self._items.move_to_end(key or "")
            return item

    def put(self, key: str, item: _Dialogue) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)

    def drop(self, key: str | None) -> None:
        with self._lock:
            self._items.pop(key or "", None)


def _verdict(verdict: CprVerdict) -> dict[str, Any]:
    return {
        "kind": verdict.kind.value,
        "number": verdict.number,
        "text": verdict.text,
        "field": verdict.field,
        "ok": verdict.ok,
        "warning": verdict.is_warning,
    }


def _lang(body: dict[str, Any]) -> str:
    return "en" if body.get("lang") == "en" else "da"


def portal_routes(state: ApiState, config: PortalConfig) -> list[Route | Mount]:
    """The page and ``/portal/api`` for ``config``."""
    dialogues = _Dialogues(config.max_dialogues, config.idle_seconds)
    validator, translator = state.validator, state.validator.translator
    ruleset = validator.compiled(config.haendelse).ruleset

    def session() -> AsyncCprSession:
        return AsyncCprSession(
            config.cpr_url,
            config.userid,
            config.kendeord,
            kendeord_set_on=config.kendeord_set_on,
            clock=state.today,
        )

    def person(stam: Stamoplysninger, lang: str) -> dict[str, Any]:
        protections = [translator.beskyttelse(p, lang=lang).text or p for p in stam.protections]
        status = translator.status(stam.status, lang=lang).text if stam.status else None
        return {
            "name": stam.name,
            "address": stam.address.klarskrift,
            "status": stam.status,
            "status_text": status or stam.status_text,
            "protections": protections,
            "i_vent": stam.i_vent,
        }

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers=_SECURITY_HEADERS)

    async def kommuner(request: Request) -> Response:
        table, day = validator.tables["kommuner"], state.today()
        rows = [table.row(i) for i in range(len(table))]
        valid = [
            {"komk": r["kommunekode"], "navn": r["navn"]}
            for r in rows
            if r["land"] == "DK" and isinstance(table.lookup(r["kommunekode"], as_of=day), Found)
        ]
        return _json(sorted(valid, key=lambda k: k["navn"]))

    async def initier(request: Request) -> Response:
        body = _object(await read_json(request, state.max_body))
        lang = _lang(body)
        keys = {k: str(body.get(k) or "") for k in ruleset.keys}
        local = validator.check(config.haendelse, keys, today=state.today(), lang=lang).to_dict()
        local["findings"] = [f for f in local["findings"] if set(f["fields"]) & set(keys)]
        if any(f["severity"] == "error" for f in local["findings"]):  # CPR is not asked
            return _json({"ok": False, "local": local})
        cpr = session()
        try:
            stam = await cpr.initier(config.haendelse, keys["PNR"], keys["HDTO"], keys["KOMK"])
            saved = cpr.save_dialogue()  # the next request resumes it (not closed with afbryd)
        except CprFejl as fejl:
            return _json({"ok": False, "local": local, "cpr": _verdict(fejl.verdict)})
        finally:
            await cpr.aclose()
        stamdata = stam.as_stamdata()
        key = secrets.token_urlsafe(24)
        dialogues.put(key, _Dialogue(saved, keys, stamdata, time.monotonic()))
        schema = form_schema(ruleset, lang, locked=stam.locked)
        answer = {
            "ok": True,
            "person": person(stam, lang),
            "cpr": _verdict(stam.verdict),
            "stamdata": stamdata,
            "schema": schema,
            "today": state.today().isoformat(),  # the page's own checks use the server's date
        }
        response = _json(answer)
        response.set_cookie(_COOKIE, key, httponly=True, samesite="strict", path="/")
        return response

    async def valider(request: Request) -> Response:
        body = _object(await read_json(request, state.max_body))
        data = body.get("data")
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ApiError(422, "bad-request", "'data' must be an object of texts")
        item = dialogues.get(request.cookies.get(_COOKIE))
        filled = {k: v for k, v in data.items() if v.strip() and k not in item.keys}
        async with _Resumed(session(), item) as cpr:
            result = await acheck_with_cpr(
                cpr,
                config.haendelse,
                {**item.keys, **filled},
                stamdata=item.stamdata,
                today=state.today(),
                lang=_lang(body),
                validator=validator,
            )
        return _json(
            {
                "ok": result.ok,
                "local": result.report.to_dict(),
                "cpr": _verdict(result.verdict),  # type: ignore[arg-type]
                "messages": [
                    {"severity": m.severity, "text": m.text, "fields": m.fields, "origin": m.origin}
                    for m in result.messages
                ],
            }
        )

    async def gem(request: Request) -> Response:
        body = _object(await read_json(request, state.max_body))
        passed = body.get("continue_anmrk", [])
        if not isinstance(passed, list) or not all(type(n) is int for n in passed):
            raise ApiError(422, "bad-request", "'continue_anmrk' must be a list of numbers")
        key = request.cookies.get(_COOKIE)
        item = dialogues.get(key)
        async with _Resumed(session(), item) as cpr:
            try:
                receipt = await cpr.gem(continue_anmrk=passed)
            except (CprAnmrk, CprFejl) as stop:
                return _json({"ok": False, "cpr": _verdict(stop.verdict)})
        dialogues.drop(key)
        return _json(
            {
                "ok": True,
                "vnts": receipt.vnts,
                "haendelse": receipt.haendelse,
                "cpr": _verdict(receipt.verdict),
            }
        )

    async def afbryd(request: Request) -> Response:
        key = request.cookies.get(_COOKIE)
        item = dialogues.get(key)
        async with _Resumed(session(), item) as cpr:
            verdict = await cpr.afbryd()
        dialogues.drop(key)
        response = _json({"ok": True, "cpr": _verdict(verdict)})
        response.delete_cookie(_COOKIE, path="/")
        return response

    api = [
        Route("/kommuner", _guarded(kommuner), methods=["GET"]),
        Route("/initier", _guarded(initier), methods=["POST"]),
        Route("/valider", _guarded(valider), methods=["POST"]),
        Route("/gem", _guarded(gem), methods=["POST"]),
        Route("/afbryd", _guarded(afbryd), methods=["POST"]),
    ]
    module = JsModuleFiles(validator, config.haendelse)
    return [
        Route("/", page, methods=["GET"]),
        Route("/js/{name:path}", module.endpoint, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
        Mount("/portal/api", routes=api),
    ]


class _Resumed:
    """An async session with ``item``'s dialogue restored; saved back into ``item`` after."""

    def __init__(self, session: AsyncCprSession, item: _Dialogue) -> None:
        self.session, self.item = session, item

    async def __aenter__(self) -> AsyncCprSession:
        self.session.restore_dialogue(self.item.saved)
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        self.item.saved = self.session.save_dialogue()  # the dialogue lives on in the store
        await self.session.aclose()  # closes the client only: no afbryd


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(422, "bad-request", "the body must be a JSON object")
    return body


def _json(body: Any) -> JSONResponse:
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


def _guarded(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Any]:
    """API errors as JSON; CPR not answering (or refusing the portal's logon) as 502."""

    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ApiError as error:
            return error_response(error)
        except InputError as error:  # e.g. a field CPR did not offer, or one it locked
            return error_response(ApiError(422, "bad-request", mask_text(str(error))))
        except CprError as error:
            kind = type(error).__name__
            return error_response(ApiError(502, "cpr", f"CPR could not be asked ({kind})"))

    return guarded
