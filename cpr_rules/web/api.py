"""The JSON endpoints under ``/api``: check, schema, street search, address klarskrift.

Every answer is JSON. A request the API cannot use gets a 4xx with ``{"error": {"status",
"code", "message"}}`` naming what is wrong, never a 500 and never a traceback: bad JSON (400
``bad-json``), a body that is not the documented object (422 ``bad-request``), an unknown
hændelse (404 ``unknown-haendelse``), a body over the limit (413 ``too-large``), a body that
is not JSON at all by its content type (415). The OpenAPI description is in
:mod:`cpr_rules.web.openapi`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from threading import Lock
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cpr_rules.adressefelter import (
    FieldValueError,
    normalise_bnr,
    normalise_etage,
    normalise_husnr,
    normalise_sidedoer,
)
from cpr_rules.errors import InputError
from cpr_rules.locale import LANGUAGES
from cpr_rules.personnummer import mask_repr, mask_text
from cpr_rules.rules import Validator
from cpr_rules.web.schema import form_schema
from cpr_rules.web.veje import MAX_QUERY, MAX_RESULTS, StreetIndex

__all__ = ["MAX_BODY_BYTES", "ApiError", "ApiState", "api_routes", "error_response", "read_json"]

MAX_BODY_BYTES: Final = 64 * 1024
"""The largest request body the API reads (a submission is a few hundred bytes)."""

_CODE: Final = re.compile(r"[0-9]{1,4}")
_CHECK_KEYS: Final = frozenset({"data", "stamdata", "partial", "lang", "today"})


class ApiError(Exception):
    """A request the API cannot use: answered with ``status`` and a JSON error."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(error: ApiError) -> JSONResponse:
    """The JSON answer for ``error``."""
    body = {"error": {"status": error.status, "code": error.code, "message": error.message}}
    return JSONResponse(body, status_code=error.status)


@dataclass
class ApiState:
    """What the endpoints share: the validator, the date source and the street index."""

    validator: Validator
    today: Callable[[], dt.date]
    max_body: int = MAX_BODY_BYTES
    _streets: StreetIndex | None = field(default=None, repr=False)
    _lock: Lock = field(default_factory=Lock, repr=False)

    @property
    def streets(self) -> StreetIndex:
        """The street index, built on first use (about a second) and kept."""
        if self._streets is None:
            with self._lock:
                if self._streets is None:
                    self._streets = StreetIndex(self.validator.tables)
        return self._streets


async def read_json(request: Request, limit: int) -> Any:
    """The request body as JSON: at most ``limit`` bytes, declared as JSON (or not declared)."""
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, "unsupported-media-type", "send the body as application/json")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too-large", f"the body is over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, "too-large", f"the body is over {limit} bytes")
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise ApiError(400, "bad-json", "the body is not UTF-8") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise ApiError(400, "bad-json", f"the body is not JSON: {where}: {error.msg}") from None
    except ValueError as error:  # NaN, Infinity
        raise ApiError(400, "bad-json", f"the body is not JSON: {error}") from None
    except RecursionError:
        raise ApiError(400, "bad-json", "the body is nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def lang_of(request: Request) -> str:
    """``?lang=`` if given (must be da or en), else the best of ``Accept-Language``, else da."""
    asked = request.query_params.get("lang")
    if asked is not None:
        if asked not in LANGUAGES:
            raise ApiError(422, "bad-request", f"lang must be one of {', '.join(LANGUAGES)}")
        return asked
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(request.headers.get("accept-language", "").split(",")[:20]):
        tag, _, q = part.strip().partition(";q=")
        base = tag.strip().lower().split("-")[0]
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        if base in LANGUAGES and weight > 0:
            ranked.append((-weight, n, base))
    return min(ranked)[2] if ranked else "da"


def _date(text: str | None, name: str) -> dt.date | None:
    if text is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ApiError(422, "bad-request", f"{name} must be a date YYYY-MM-DD") from None


def _code(params: Mapping[str, str], name: str) -> str:
    value = params.get(name, "").strip()
    if not _CODE.fullmatch(value):
        raise ApiError(422, "bad-request", f"{name} must be 1-4 digits")
    return value.zfill(4)


def _validator_for(state: ApiState, haendelse: str) -> None:
    try:
        state.validator.compiled(haendelse)
    except InputError as error:
        raise ApiError(404, "unknown-haendelse", str(error)) from None


def _check_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(422, "bad-request", "the body must be a JSON object with 'data'")
    unknown = sorted(set(body) - _CHECK_KEYS)
    if unknown:
        raise ApiError(
            422,
            "bad-request",
            f"unknown key(s) {mask_repr(unknown, 200)}; allowed: {sorted(_CHECK_KEYS)}",
        )
    if not isinstance(body.get("data"), dict):
        raise ApiError(422, "bad-request", "'data' must be a JSON object of fields")
    if body.get("stamdata") is not None and not isinstance(body["stamdata"], dict):
        raise ApiError(422, "bad-request", "'stamdata' must be a JSON object or null")
    if not isinstance(body.get("partial", False), bool):
        raise ApiError(422, "bad-request", "'partial' must be true or false")
    if body.get("lang", "da") not in LANGUAGES:
        raise ApiError(422, "bad-request", f"'lang' must be one of {', '.join(LANGUAGES)}")
    today = body.get("today")
    if today is not None and not isinstance(today, str):
        raise ApiError(422, "bad-request", "'today' must be a date YYYY-MM-DD")
    return body


def check_report(state: ApiState, haendelse: str, body: Any) -> dict[str, Any]:
    """The report for a check request body (as ``cpr-rules check --format json`` prints it)."""
    _validator_for(state, haendelse)
    request = _check_body(body)
    report = state.validator.check(
        haendelse,
        request["data"],
        stamdata=request.get("stamdata"),
        today=_date(request.get("today"), "'today'") or state.today(),
        partial=request.get("partial", False),
        lang=request.get("lang", "da"),
    )
    return report.to_dict()


def api_routes(state: ApiState) -> list[Route]:
    """The routes of ``/api`` over ``state``."""

    async def check(request: Request) -> Response:
        haendelse = request.path_params["haendelse"]
        body = await read_json(request, state.max_body)
        return _json(check_report(state, haendelse, body))

    async def schema(request: Request) -> Response:
        haendelse = request.path_params["haendelse"]
        _validator_for(state, haendelse)
        lang = lang_of(request)
        ruleset = state.validator.compiled(haendelse).ruleset
        locked = _locked(request.query_params.getlist("locked"), ruleset.fields)
        return _json(
            form_schema(ruleset, lang, locked=locked),
            {"Content-Language": lang, "Vary": "Accept-Language"},
        )

    async def veje(request: Request) -> Response:
        params = request.query_params
        komk = _code(params, "komk")
        text = params.get("q", "")
        if not text.strip() or len(text) > MAX_QUERY:
            raise ApiError(422, "bad-request", f"q must be 1-{MAX_QUERY} characters of a vejnavn")
        day = _date(params.get("date"), "date") or state.today()
        found = state.streets.search(komk, text, as_of=day, limit=MAX_RESULTS)
        return _json(
            {
                "komk": komk,
                "q": mask_text(text),
                "date": day.isoformat(),
                "veje": [s.to_dict() for s in found],
                "tables": {"vejstykker": _produced(state, "vejstykker")},
            }
        )

    async def adresse(request: Request) -> Response:
        params = request.query_params
        komk, vejkode = _code(params, "komk"), _code(params, "vejkode")
        parts = {}
        for name, normalise in (
            ("husnr", normalise_husnr),
            ("etage", normalise_etage),
            ("sidedoer", normalise_sidedoer),
            ("bnr", normalise_bnr),
        ):
            raw = params.get(name, "")
            try:
                parts[name] = normalise(raw) if raw.strip() else None
            except FieldValueError as error:
                raise ApiError(422, "bad-request", f"{name}: {error}") from None
        day = _date(params.get("date"), "date") or state.today()
        result = state.validator.translator.address(
            komk,
            vejkode,
            parts["husnr"],
            etage=parts["etage"],
            sidedoer=parts["sidedoer"],
            bnr=parts["bnr"],
            as_of=day,
        )
        return _json({"ok": result.ok, "date": day.isoformat(), **result.to_dict(lang_of(request))})

    return [
        Route("/check/{haendelse}", _guarded(check), methods=["POST"]),
        Route("/schema/{haendelse}", _guarded(schema), methods=["GET"]),
        Route("/veje", _guarded(veje), methods=["GET"]),
        Route("/klarskrift/adresse", _guarded(adresse), methods=["GET"]),
    ]


def _locked(items: list[str], fields: Mapping[str, Any]) -> dict[str, str]:
    """``?locked=NAME:VALUE`` (repeated): the fields CPR locked at initier, with their values.

    A personnummer never goes in a URL, so a personnummer field cannot be given here."""
    locked = {}
    for item in items[:50]:
        name, sep, value = item.partition(":")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]{0,39}", name) or len(value) > 40:
            raise ApiError(422, "bad-request", "locked must be NAME:VALUE (e.g. CADR_KOMKOD:0101)")
        spec = fields.get(name)
        if (spec is not None and spec.type == "personnummer") or mask_text(value) != value:
            raise ApiError(422, "bad-request", f"{name}: a personnummer never goes in a URL")
        locked[name] = value
    return locked


def _produced(state: ApiState, table: str) -> str | None:
    produced = state.validator.tables[table].spec.produced
    return produced.isoformat() if produced else None


def _json(body: Any, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, headers={"Cache-Control": "no-store", **(headers or {})})


def _guarded(endpoint: Callable[[Request], Any]) -> Callable[[Request], Any]:
    """``endpoint`` with :class:`ApiError` and typed input errors answered as JSON."""

    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)  # type: ignore[no-any-return]
        except ApiError as error:
            return error_response(error)
        except InputError as error:
            return error_response(ApiError(422, "bad-request", str(error)))

    return guarded
