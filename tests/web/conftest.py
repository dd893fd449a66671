"""Fixtures for the web app: the app served by uvicorn on 127.0.0.1 (a real HTTP server)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from cpr_rules.web.app import create_app
from cpr_rules.web.server import serving

TODAY = dt.date(2015, 2, 1)  # the shipped code tables are from 2015


@pytest.fixture(scope="package")
def api_url() -> Iterator[str]:
    """The API app (no portal) on a free port; ``today`` fixed to the tables' date."""
    with serving(create_app(today=lambda: TODAY, max_body=16 * 1024)) as url:
        yield url


@pytest.fixture(scope="package")
def http(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=10) as client:
        yield client
