"""docs/portal-guide.md "Mount it in your web app": the FastAPI and the Django (ASGI) example run
as written, each in a fresh interpreter (Django's settings are global), served by uvicorn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "portal-guide.md"

# Imports the example as module ``mysite``, serves its ASGI app and asks it over HTTP.
DRIVER = """
import json, sys
import httpx
sys.path.insert(0, sys.argv[1])
import mysite
from cpr_rules.web.server import serving
app = getattr(mysite, sys.argv[2])
# The first request may build the code-table cache: seconds on a loaded 2-core machine.
client = httpx.Client(timeout=120)
with serving(app) as url:
    check = client.post(url + "/cpr/api/check/FLYTB-I", json={"data": {"KOMK": "0101"},
                       "partial": True, "today": "2015-02-01"})
    veje = client.get(url + "/cpr/api/veje", params={"komk": "0101", "q": "vesterbrog"})
    print(json.dumps({
        "health": client.get(url + "/health").json(),
        "check": [check.status_code, check.json().get("haendelse")],
        "veje": [v["vejnavn"] for v in veje.json()["veje"]],
        "openapi": client.get(url + "/cpr/openapi.json").json()["openapi"],
        "bad": client.post(url + "/cpr/api/check/FLYTB-I", content=b"{").status_code,
    }))
"""


def _example(heading: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(f"### {heading}\n", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize(
    ("heading", "name", "module"),
    [("FastAPI / Starlette", "app", "fastapi"), ("Django (ASGI)", "application", "django")],
    ids=["fastapi", "django"],
)
def test_mount_example_runs(tmp_path: Path, heading: str, name: str, module: str) -> None:
    """The example's app answers its own route and the mounted API, OpenAPI and errors."""
    pytest.importorskip(module)
    (tmp_path / "mysite.py").write_text(_example(heading), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(tmp_path), name],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "health": {"status": "ok"},
        "check": [200, "FLYTB-I"],
        "veje": ["Vesterbrogade"],
        "openapi": "3.1.0",
        "bad": 400,
    }


def test_the_screenshots_are_shown() -> None:
    """Every step's screenshot (taken by tests/browser) is in docs/portal/ and in the guide."""
    from tests.browser.test_portal import SHOTS

    text = GUIDE.read_text(encoding="utf-8")
    for name in SHOTS:
        assert (GUIDE.parent / "portal" / f"{name}.png").is_file(), name
        assert f"](portal/{name}.png)" in text, name
