"""The OpenAPI 3.1 description of ``/api``, served at ``/openapi.json``.

Written out here (Starlette does not generate one); the report's schema comes from the same
pydantic model as ``docs/report.md`` (:class:`~cpr_rules.rules.report.ReportJson`), and
``tests/web/test_openapi.py`` validates the document with openapi-spec-validator and checks
that every route of the app is described.
"""

from __future__ import annotations

from typing import Any

from cpr_rules import __version__
from cpr_rules.rules.schema import ReportJson

__all__ = ["openapi"]

_REF = "#/components/schemas/{model}"


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _query(name: str, description: str, *, required: bool = False, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string", **schema},
    }


_HAENDELSE = {
    "name": "haendelse",
    "in": "path",
    "required": True,
    "description": "hændelseskode, e.g. FLYTB-I",
    "schema": {"type": "string"},
}
_LANG = _query(
    "lang", "da or en; without it, Accept-Language decides (default da)", enum=["da", "en"]
)
_DATE = _query("date", "as of this date, YYYY-MM-DD (default: today)", format="date")


def _schemas() -> dict[str, Any]:
    report = ReportJson.model_json_schema(ref_template=_REF)
    schemas: dict[str, Any] = dict(report.pop("$defs", {}))
    schemas["Report"] = report
    schemas["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "code", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            }
        },
    }
    schemas["CheckRequest"] = {
        "type": "object",
        "required": ["data"],
        "additionalProperties": False,
        "properties": {
            "data": {"type": "object", "description": "the submission: keys and input fields"},
            "stamdata": {"type": ["object", "null"], "description": "what CPR returned at initier"},
            "partial": {"type": "boolean", "description": "a form still being filled in"},
            "lang": {"type": "string", "enum": ["da", "en"]},
            "today": {"type": "string", "format": "date"},
        },
    }
    schemas["Street"] = {
        "type": "object",
        "required": ["vejkode", "vejnavn", "postnumre"],
        "properties": {
            "vejkode": {"type": "string", "pattern": "^[0-9]{4}$"},
            "vejnavn": {"type": "string"},
            "postnumre": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "postnr": {"type": "string"},
                        "postdistrikt": {"type": "string"},
                    },
                },
            },
        },
    }
    schemas["Streets"] = {
        "type": "object",
        "required": ["komk", "q", "date", "veje"],
        "properties": {
            "komk": {"type": "string"},
            "q": {"type": "string"},
            "date": {"type": "string", "format": "date"},
            "veje": {
                "type": "array",
                "maxItems": 20,
                "items": {"$ref": "#/components/schemas/Street"},
            },
            "tables": {"type": "object"},
        },
    }
    schemas["Address"] = {
        "type": "object",
        "required": ["ok", "kommunekode", "vejkode", "line", "problems"],
        "properties": {
            "ok": {"type": "boolean"},
            "line": {"type": ["string", "null"], "description": "CPR's one-line address"},
            "problems": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": {"type": ["string", "null"]},
    }
    return schemas


def _ok(ref: str, description: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"} if ref else {"type": "object"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi() -> dict[str, Any]:
    """The OpenAPI document of the API (a fresh dict each call)."""
    bad = _error("the request is not usable (the message says why)")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "cpr_rules web API",
            "version": __version__,
            "description": "Pre-checks, form schemas, street search and klarskrift for CPR"
            " self-service hændelser (Håndbog til CPR services, bilag 9).",
        },
        "paths": {
            "/api/check/{haendelse}": {
                "post": {
                    "summary": "Check a submission: every finding at once",
                    "operationId": "check",
                    "parameters": [_HAENDELSE],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/CheckRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": _ok("Report", "the report, as `cpr-rules check --format json`"),
                        "400": _error("the body is not JSON"),
                        "404": _error("no rule set for the hændelse"),
                        "413": _error("the body is too large"),
                        "415": _error("the body is not sent as application/json"),
                        "422": bad,
                    },
                }
            },
            "/api/schema/{haendelse}": {
                "get": {
                    "summary": "The JSON Schema (2020-12) of the submission a form sends",
                    "operationId": "schema",
                    "parameters": [
                        _HAENDELSE,
                        _LANG,
                        {
                            "name": "locked",
                            "in": "query",
                            "required": False,
                            "description": "NAME:VALUE of a field CPR locked at initier"
                            " (repeated); marked readOnly with that value",
                            "schema": {"type": "array", "items": {"type": "string"}},
                            "style": "form",
                            "explode": True,
                        },
                    ],
                    "responses": {
                        "200": _ok("", "a JSON Schema 2020-12 document"),
                        "404": _error("no rule set for the hændelse"),
                        "422": bad,
                    },
                }
            },
            "/api/veje": {
                "get": {
                    "summary": "Streets of a kommune by name: starts with, then contains",
                    "operationId": "veje",
                    "parameters": [
                        _query("komk", "kommunekode, 1-4 digits", required=True),
                        _query("q", "what the citizen typed", required=True, maxLength=60),
                        _DATE,
                    ],
                    "responses": {"200": _ok("Streets", "at most 20 streets"), "422": bad},
                }
            },
            "/api/klarskrift/adresse": {
                "get": {
                    "summary": "An address in klarskrift: the line and its parts",
                    "operationId": "adresse",
                    "parameters": [
                        _query("komk", "kommunekode", required=True),
                        _query("vejkode", "vejkode", required=True),
                        _query("husnr", "as typed: 5, 005, 12B"),
                        _query("etage", "3, st, kl …"),
                        _query("sidedoer", "tv, th, mf or a door number"),
                        _query("bnr", "bygningsnummer (Greenland)"),
                        _DATE,
                        _LANG,
                    ],
                    "responses": {"200": _ok("Address", "the address"), "422": bad},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
