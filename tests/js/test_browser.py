"""The generated module in headless Chromium (Playwright driving Debian's chromium): it fetches
its data relative to its own URL over real HTTP and gives the same reports as Python."""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from _parity import case, js_view, module_dir, same

from cpr_rules.rules import default_validator

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The module folder over HTTP on loopback, with an empty page to load it from."""
    folder = module_dir()
    (folder / "index.html").write_text("<!doctype html><title>js</title>", "utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _sample() -> list[dict[str, Any]]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from _flytb_submissions import generate

    rng = random.Random(7)
    cases = [case(s.data, s.stamdata, s.today, rng.random() < 0.2) for s in generate(150, seed=7)]
    odd: list[Any] = [[], None, "PNR", {"HDTO": "2015-02-30", "KOMK": "٣", "CADR_ETAGE": "\u212al"}]
    cases += [case(d, None, dt.date(2015, 2, 1), False) for d in odd]
    return cases


def test_the_module_runs_in_headless_chromium(server: str) -> None:
    """In Chromium the module loads its tables and kommune files over HTTP; same reports."""
    from playwright.sync_api import sync_playwright

    cases = _sample()
    validator = default_validator()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(f"{server}/index.html")
            got = page.evaluate(
                """async (cases) => {
                  const { createValidator } = await import("./FLYTB-I.mjs");
                  const v = await createValidator();
                  const out = [];
                  for (const c of cases) {
                    await v.prepare(c.data);
                    for (const lang of ["da", "en"]) {
                      out.push(v.check(c.data, { ...c, lang }));
                    }
                  }
                  return out;
                }""",
                cases,
            )
        finally:
            browser.close()
    for i, c in enumerate(cases):
        today = dt.date.fromisoformat(c["today"])
        report = validator.check(
            "FLYTB-I", c["data"], stamdata=c["stamdata"], today=today, partial=c["partial"]
        )
        for j, want in enumerate([report.to_dict(), report.in_language("en").to_dict()]):
            want = js_view(json.loads(json.dumps(want)))
            assert same(want, got[2 * i + j]), (c, want, got[2 * i + j])
