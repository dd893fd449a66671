"""The demo portal in a real browser: Playwright for Python driving Debian's Chromium.

The browser is ``/usr/bin/chromium`` (``executable_path``; Playwright never downloads one),
the page is served by uvicorn on 127.0.0.1 against an embedded sandbox, and axe-core is the npm
package in ``tests/browser/node_modules`` (``.ci/run`` installs it with ``npm ci``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("playwright.sync_api")

from playwright.sync_api import sync_playwright

from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.server import RunningSandbox, start
from cpr_rules.sandbox.users import DEMO_USERS
from cpr_rules.web.app import create_app
from cpr_rules.web.portal import PortalConfig
from cpr_rules.web.server import serving

TODAY = dt.date(2015, 2, 1)  # the shipped code tables are from 2015
CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require(path: Path, what: str) -> None:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing in CI: {path} (.ci/run installs it)")
        pytest.skip(f"{what} is not installed: {path}")


@dataclass
class Portal:
    url: str
    sandbox: RunningSandbox


@pytest.fixture(scope="package")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """The web app with the demo portal, talking to a sandbox of its own."""
    folder = tmp_path_factory.mktemp("portal")
    with start(SandboxConfig(port=0, db=folder / "sandbox.sqlite3", today=TODAY)) as sandbox:
        userid, kendeord, _ = DEMO_USERS[0]
        config = PortalConfig(sandbox.url, userid, kendeord, kendeord_set_on=TODAY)
        with serving(create_app(today=lambda: TODAY, portal=config)) as url:
            yield Portal(url, sandbox)


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless."""
    _require(CHROMIUM, "chromium")
    _require(AXE, "axe-core (npm)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, portal: Portal) -> Iterator[object]:
    """A fresh page (own cookies) on the portal, 1000x900, Danish first."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1000, "height": 900}, locale="da-DK", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(portal.url + "/")
    page.wait_for_selector("#KOMK option[value='0101']", state="attached")
    yield page
    context.close()
