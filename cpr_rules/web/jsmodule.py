"""The rule set's JavaScript module for the portal page: built on first request, then served.

``GET /js/FLYTB-I.mjs`` and its data (``/js/FLYTB-I/tables.json``, ``/js/FLYTB-I/kommune-*.json``)
are :func:`cpr_rules.js.build_module` of the portal's own validator, written once into a
temporary folder (building takes a few seconds, so it happens off the event loop and only when
the page asks). The page checks each keystroke with the module and falls back to
``/api/check`` while it loads or if it cannot load (``docs/javascript.md``).
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Final

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from cpr_rules.personnummer import mask_text
from cpr_rules.rules import Validator
from cpr_rules.web.api import ApiError, error_response

__all__ = ["JsModuleFiles"]

_TYPES: Final = {".mjs": "text/javascript; charset=utf-8", ".json": "application/json"}


class JsModuleFiles:
    """The generated module of one rule set, as an endpoint ``/js/{name:path}``."""

    def __init__(self, validator: Validator, haendelse: str) -> None:
        self.validator = validator
        self.haendelse = haendelse
        self._folder: Path | None = None
        self._lock = asyncio.Lock()

    def _build(self) -> Path:
        from cpr_rules.js import build_module, write_module

        folder = Path(tempfile.mkdtemp(prefix="cpr_rules_portal_js_"))
        weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
        write_module(build_module(self.haendelse, self.validator), folder)
        return folder

    async def folder(self) -> Path:
        """The folder with the module, built on first use."""
        async with self._lock:
            if self._folder is None:
                self._folder = await asyncio.to_thread(self._build)
        return self._folder

    async def endpoint(self, request: Request) -> Response:
        name = str(request.path_params["name"])
        suffix = Path(name).suffix
        missing = ApiError(404, "not-found", f"no such file: {mask_text(name)[:64]}")
        if suffix not in _TYPES or ".." in Path(name).parts or not name.isprintable():
            return error_response(missing)  # isprintable: a NUL made resolve() raise (a 500)
        folder = await self.folder()
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            return error_response(missing)
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        return FileResponse(path, media_type=_TYPES[suffix], headers=headers)
