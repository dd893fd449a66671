"""/openapi.json: a valid OpenAPI 3.1 document that describes every route of the API."""

from __future__ import annotations

import httpx
from openapi_spec_validator import validate

from cpr_rules.web.app import create_app


def test_openapi_is_valid(http: httpx.Client) -> None:
    """The served document passes openapi-spec-validator (OpenAPI 3.1)."""
    response = http.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_api_route_is_described() -> None:
    """Each route under /api is a path of the document, with its methods."""
    document = create_app().routes
    api = next(r for r in document if getattr(r, "path", "") == "/api")
    described = create_openapi_paths()
    for route in api.routes:  # type: ignore[attr-defined]
        path = "/api" + route.path
        assert path in described, path
        assert {m.lower() for m in route.methods} - {"head"} == set(described[path])


def create_openapi_paths() -> dict[str, dict[str, object]]:
    from cpr_rules.web.openapi import openapi

    return openapi()["paths"]  # type: ignore[no-any-return]
