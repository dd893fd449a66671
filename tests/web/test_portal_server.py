"""The demo portal's server side without a browser: the steps over HTTP, requests out of order,
CPR unreachable; and ``cpr-rules portal`` as a process (first line: the page's URL)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.person_records import load_demo_persons
from cpr_rules.sandbox.server import start
from cpr_rules.sandbox.users import DEMO_USERS
from cpr_rules.web.app import create_app
from cpr_rules.web.portal import PortalConfig
from cpr_rules.web.server import serving

from .conftest import TODAY

USERID, KENDEORD, _ = DEMO_USERS[0]
MOVERS = sorted(p for p, x in load_demo_persons().items() if x.status == "01" and x.navn)


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("portal-api")
    with start(SandboxConfig(port=0, db=folder / "sandbox.sqlite3", today=TODAY)) as sandbox:
        config = PortalConfig(sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY)
        with serving(create_app(today=lambda: TODAY, portal=config)) as url:
            yield url


def test_the_steps_over_http(portal: str) -> None:
    """initier → valider → gem with the cookie; the schema marks CPR's locked fields."""
    with httpx.Client(base_url=portal) as client:
        keys = {"PNR": MOVERS[20], "HDTO": "2015-02-20", "KOMK": "0101"}
        first = client.post("/portal/api/initier", json=keys).json()
        assert first["ok"] and first["person"]["name"]
        locked = first["schema"]["properties"]["CADR_KOMKOD"]
        assert locked["readOnly"] is True and locked["const"] == "0101"
        assert MOVERS[20] not in client.cookies.get("cpr_rules_portal", "")
        data = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5", "CADR_ETAGE": ""}
        checked = client.post("/portal/api/valider", json={"data": data}).json()
        assert checked["ok"] and checked["cpr"]["kind"] == "Ok" and checked["local"]["ok"]
        saved = client.post("/portal/api/gem", json={}).json()
        assert saved["ok"] and len(saved["vnts"]) == 20
        again = client.post("/portal/api/gem", json={})
        assert again.status_code == 409 and again.json()["error"]["code"] == "no-dialogue"


def test_the_portal_under_a_prefix(portal: str, tmp_path: Path) -> None:
    """Mounted under /cpr, the page's relative paths reach the static files and the API."""
    from starlette.applications import Starlette
    from starlette.routing import Mount

    config = PortalConfig(portal, USERID, KENDEORD, kendeord_set_on=TODAY)  # CPR unused here
    outer = Starlette(routes=[Mount("/cpr", app=create_app(today=lambda: TODAY, portal=config))])
    with serving(outer) as url, httpx.Client(base_url=url, follow_redirects=True) as client:
        page = client.get("/cpr")
        assert page.status_code == 200 and str(page.url).endswith("/cpr/")
        assert 'src="static/portal.js"' in page.text
        assert client.get("/cpr/static/portal.js").status_code == 200
        assert client.get("/cpr/static/../portal.py").status_code == 404
        assert len(client.get("/cpr/portal/api/kommuner").json()) > 90


def test_out_of_order_and_bad_bodies(portal: str) -> None:
    """Without an open report: 409; bad bodies: 4xx JSON; bad keys: findings, CPR not asked."""
    with httpx.Client(base_url=portal) as client:
        for step in ("valider", "gem", "afbryd"):
            response = client.post(f"/portal/api/{step}", json={"data": {}})
            assert response.status_code in (409, 422), step
        assert client.post("/portal/api/initier", content=b"{").status_code == 400
        bad = client.post("/portal/api/initier", json={"PNR": "12", "HDTO": "x", "KOMK": ""})
        assert bad.status_code == 200 and bad.json()["ok"] is False
        fields = {f for x in bad.json()["local"]["findings"] for f in x["fields"]}
        assert {"PNR", "HDTO"} <= fields
        assert "cpr_rules_portal" not in bad.cookies
        blank = client.post("/portal/api/initier", json={"PNR": "", "HDTO": "2015-02-20"}).json()
        assert blank["ok"] is False
        assert {r["rule"] for r in blank["local"]["findings"]} == {"PNR.required", "KOMK.required"}


def test_fields_cpr_did_not_offer_or_locked_are_422(portal: str) -> None:
    """valider with a field CPR did not offer, or a changed locked one: 422, not a 500."""
    with httpx.Client(base_url=portal) as client:
        keys = {"PNR": MOVERS[23], "HDTO": "2015-02-20", "KOMK": "0101"}
        assert client.post("/portal/api/initier", json=keys).json()["ok"]
        for data in ({"FOO": "bar"}, {"CADR_KOMKOD": "0147"}, {"CADR_VEJKOD": 8204}):
            response = client.post("/portal/api/valider", json={"data": data})
            assert response.status_code == 422, response.text
            assert MOVERS[23] not in response.text
        assert client.post("/portal/api/afbryd", json={}).json()["ok"]


def test_cpr_not_answering_is_502(tmp_path: Path) -> None:
    """A CPR that does not answer: 502 naming no personnummer, never a 500."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    config = PortalConfig(f"http://127.0.0.1:{port}", USERID, KENDEORD, kendeord_set_on=TODAY)
    with serving(create_app(today=lambda: TODAY, portal=config)) as url:
        keys = {"PNR": MOVERS[21], "HDTO": "2015-02-20", "KOMK": "0101"}
        response = httpx.post(url + "/portal/api/initier", json=keys, timeout=30)
    assert response.status_code == 502
    assert MOVERS[21] not in response.text and response.json()["error"]["code"] == "cpr"


def _cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "cpr_rules", "portal", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_cpr_rules_portal_runs(tmp_path: Path) -> None:
    """`cpr-rules portal --port 0` prints the page's URL first and serves page, API and CPR."""
    process = _cli("--port", "0", "--today", "2015-02-01", "--db", str(tmp_path / "s.sqlite3"))
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200 and "Anmeld flytning" in page.text
        assert "Content-Security-Policy" in page.headers
        assert httpx.get(url + "static/portal.js", timeout=10).status_code == 200
        keys = {"PNR": MOVERS[22], "HDTO": "2015-02-20", "KOMK": "0101"}
        first = httpx.post(url + "portal/api/initier", json=keys, timeout=30)
        assert first.json()["ok"] is True
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert MOVERS[22] not in err and MOVERS[22][:6] not in err


def test_cpr_rules_portal_usage_errors(tmp_path: Path) -> None:
    """A port in use, or --cpr without the personkode: exit 2 with one line, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        busy = _cli("--port", port)
        _, err = busy.communicate(timeout=60)
    assert busy.returncode == 2 and "cannot listen" in err and "Traceback" not in err
    wrong = _cli("--port", "70000")
    _, err = wrong.communicate(timeout=60)
    assert wrong.returncode == 2 and "port" in err and "Traceback" not in err
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPR_RULES_USERID")}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "cpr_rules", "portal", "--cpr", "http://127.0.0.1:9", "--port", "0"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "CPR_RULES_USERID" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and time.monotonic() - started < 60


@pytest.mark.parametrize(
    "url",
    ["not a url", "ftp://cpr.example/", "http://[::1", "http://127.0.0.1:99999/",
     "http:///path", "https://user:secret@cpr.example/"],
    ids=["text", "ftp", "unclosed-ipv6", "bad-port", "no-host", "credentials"],
)  # fmt: skip
def test_cpr_rules_portal_refuses_a_cpr_url_that_is_none(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--cpr that is no http(s) URL of a host (or carries credentials, which come from the
    environment only): exit 2 with one line; it served a portal whose every step failed."""
    from cpr_rules.cli import main

    for name, value in (("USERID", "X"), ("KENDEORD", "k"), ("KENDEORD_SET", "2015-01-01")):
        monkeypatch.setenv(f"CPR_RULES_{name}", value)
    assert main(["portal", "--cpr", url, "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--cpr" in err and "secret" not in err
