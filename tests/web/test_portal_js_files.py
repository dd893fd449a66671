"""The portal serves the rule set compiled to JavaScript under ``/js/`` (built on first request):
the module and its data with their types; nothing outside the generated folder."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cpr_rules.web.app import create_app
from cpr_rules.web.portal import PortalConfig
from cpr_rules.web.server import serving

from .conftest import TODAY


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """The portal app; no CPR is needed to serve static files (the URL is never called)."""
    config = PortalConfig("http://127.0.0.1:9", "X", "k", kendeord_set_on=TODAY)
    with serving(create_app(today=lambda: TODAY, portal=config)) as base:
        yield base


def test_module_and_data_are_served(url: str) -> None:
    with httpx.Client(base_url=url, timeout=120) as client:
        module = client.get("/js/FLYTB-I.mjs")
        assert module.status_code == 200
        assert module.headers["content-type"].startswith("text/javascript")
        assert "export async function createValidator" in module.text
        tables = client.get("/js/FLYTB-I/tables.json")
        assert tables.status_code == 200 and tables.json()["module"].startswith("FLYTB-I@")
        assert client.get("/js/FLYTB-I/kommune-0101.json").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/js/FLYTB-I/../../etc/passwd.json", "/js/%2e%2e/x.json", "/js/FLYTB-I.py", "/js/nope.mjs",
     "/js/a%00.mjs", "/js/FLYTB-I%00.mjs", "/js/020280-2729.mjs", "/js/0202802729.json"],
    ids=["traversal", "encoded-traversal", "other-suffix", "unknown", "nul", "nul-after-name",
         "personnummer", "personnummer-json"],
)  # fmt: skip
def test_nothing_else_is_served(url: str, path: str) -> None:
    """Only files of the generated folder, only .mjs and .json: else a JSON 404 naming no
    personnummer (a NUL byte was a 500 that also reset the next request's connection)."""
    with httpx.Client(base_url=url, timeout=120) as client:
        for _ in range(2):  # the same keep-alive connection answers again
            answer = client.get(path)
            assert answer.status_code == 404 and answer.json()["error"]["code"] == "not-found"
            assert "2729" not in answer.text
