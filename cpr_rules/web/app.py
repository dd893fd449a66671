"""The ASGI app: ``/api`` (check, schema, street search, klarskrift), ``/openapi.json`` and,
when given a CPR to talk to, the demo portal "Anmeld flytning" at ``/``.

>>> app = create_app()
>>> sorted(r.path for r in app.routes)
['/api', '/openapi.json']

Mount it in a FastAPI/Starlette or Django app (``docs/portal-guide.md``) or run it with
``cpr-rules portal``. Any error inside a request is answered with a JSON 500 naming nothing of
the request (the portal never logs a personnummer); the API answers bad input with 4xx itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from cpr_rules._today import danish_today
from cpr_rules.personnummer import mask_text
from cpr_rules.rules import Validator, default_validator
from cpr_rules.web.api import ApiError, ApiState, api_routes, error_response
from cpr_rules.web.openapi import openapi

if TYPE_CHECKING:
    from cpr_rules.web.portal import PortalConfig

__all__ = ["create_app"]

_LOG = logging.getLogger("cpr_rules.web")


def create_app(
    *,
    validator: Validator | None = None,
    today: Callable[[], dt.date] | None = None,
    portal: PortalConfig | None = None,
    max_body: int | None = None,
) -> Starlette:
    """The app over ``validator`` (default: the shipped rule sets and tables).

    ``today`` gives the date checks run against when a request names none (default: the
    Danish date, :func:`~cpr_rules._today.danish_today`). ``portal`` (the CPR to talk to and
    the portal's personkode) adds the demo portal at ``/``.
    """
    state = ApiState(validator or default_validator(), today or danish_today)
    if max_body is not None:
        state.max_body = max_body
    document = openapi()

    async def describe(request: Request) -> Response:
        return JSONResponse(document)

    routes: list[Route | Mount] = [
        Route("/openapi.json", describe, methods=["GET"]),
        Mount("/api", routes=api_routes(state)),
    ]
    if portal is not None:
        from cpr_rules.web.portal import portal_routes

        routes += portal_routes(state, portal)
    app = Starlette(routes=routes, exception_handlers={500: _internal, 404: _missing, 405: _method})
    app.state.api = state
    return app


async def _internal(request: Request, error: Exception) -> Response:
    _LOG.error(
        "internal error on %s %s: %s",
        request.method,
        mask_text(request.url.path)[:200],
        type(error).__name__,
    )
    return error_response(ApiError(500, "internal", "internal error"))


async def _missing(request: Request, error: Exception) -> Response:
    path = mask_text(request.url.path)[:200]
    return error_response(ApiError(404, "not-found", f"no such path: {path}"))


async def _method(request: Request, error: Exception) -> Response:
    return error_response(
        ApiError(405, "method-not-allowed", f"{request.method} is not allowed here")
    )
