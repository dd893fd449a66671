"""The GCTP endpoint over real HTTP: what is answered on the event loop, what in a worker thread.

Reads (initier, valider) are answered on the event loop; a logon at the full scrypt cost, a gem
(the fsync'd commit) and a body over INLINE_BYTES in a worker thread, so the event loop never
waits for a hash or the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpr_rules import gctp
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.gctp_endpoint import INLINE_BYTES
from cpr_rules.sandbox.kvitteringer import latin1
from cpr_rules.sandbox.responses import _plain
from cpr_rules.sandbox.server import RunningSandbox, start

from .helpers import FLYTB, LOGON, SERVICES, TODAY, Gctp, keys, ts_of

MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "005"}


def _recording(threads: list[tuple[str, str]], label: str, method: Callable[..., Any]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        threads.append((label, threading.current_thread().name))
        return method(*args, **kwargs)

    return wrapper


@pytest.fixture
def recorded(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[RunningSandbox, list[tuple[str, str]]]]:
    """A sandbox (demo users at the scrypt cost ``request.param``) that records which thread
    answers each logon and each service request."""
    config = SandboxConfig(
        port=0, db=tmp_path / "s.sqlite3", today=TODAY, demo_scrypt_n=request.param
    )
    threads: list[tuple[str, str]] = []
    with start(config) as running:
        box = running.sandbox
        box.security.handle = _recording(threads, "Sik", box.security.handle)  # type: ignore[method-assign]
        box.desk.handle = _recording(threads, "service", box.desk.handle)  # type: ignore[method-assign]
        yield running, threads


def _haendelse(client: Gctp, pnr: str, *, padding: int = 0) -> None:
    """Logon, initier (with ``padding`` blanks between its tags), valider, gem."""
    token = client.token("DEMO0001", "DemoKo26")
    request = gctp.initier(FLYTB, keys(pnr), mk="0041", vent=True)
    body = gctp.render(request)
    if padding:
        body = body.replace(b"<Gctp", b" " * padding + b"<Gctp", 1)  # blanks between tags
    response = client.post(SERVICES, body, token)
    ts = ts_of(gctp.parse(response.content))
    client.send(gctp.valider(FLYTB, keys(pnr), MOVE, ts=ts, mk="0041", vent=True), token)
    reply = client.send(gctp.gem(FLYTB, keys(pnr), MOVE, ts=ts, mk="0041", vent=True), token)
    assert reply.kvit is not None and reply.kvit.r == "Afslut"


@pytest.mark.parametrize("recorded", [2**14], indirect=True)
def test_reads_on_the_event_loop_hashes_and_commits_in_a_worker(
    recorded: tuple[RunningSandbox, list[tuple[str, str]]], active: list[str]
) -> None:
    """At the full scrypt cost: logon and gem in a worker thread, initier and valider on the
    event loop's thread."""
    running, threads = recorded
    _haendelse(Gctp(running.url), active[0])
    loop = running._thread.name
    assert [label for label, _ in threads] == ["Sik", "service", "service", "service"]
    logon, initier, valider, gem = (name for _, name in threads)
    assert initier == valider == loop
    assert logon != loop and gem != loop


@pytest.mark.parametrize("recorded", [16], indirect=True)
def test_a_cheap_logon_is_answered_on_the_event_loop(
    recorded: tuple[RunningSandbox, list[tuple[str, str]]], active: list[str]
) -> None:
    """Demo users at a benchmark's scrypt cost: the logon needs no worker thread; a body over
    INLINE_BYTES does, and gets the same answer."""
    running, threads = recorded
    _haendelse(Gctp(running.url), active[1], padding=INLINE_BYTES)
    loop = running._thread.name
    logon, initier, valider, gem = (name for _, name in threads)
    assert logon == valider == loop
    assert initier != loop and gem != loop


@pytest.mark.parametrize("recorded", [16], indirect=True)
def test_other_methods_and_paths(recorded: tuple[RunningSandbox, list[tuple[str, str]]]) -> None:
    """GET on a GCTP path is 405 with Allow: POST; another path is Starlette's 404; a logon
    answer carries the token cookie and no-cache headers, as bilag 5 §4.2.1 shows."""
    running, _ = recorded
    got = httpx.get(running.url + SERVICES, timeout=10)
    assert (got.status_code, got.headers["allow"], got.text) == (405, "POST", "Method Not Allowed")
    assert httpx.post(running.url + "/nowhere", content=b"x", timeout=10).status_code == 404
    answer = Gctp(running.url).post(LOGON, gctp.render(gctp.signon("DEMO0001", "DemoKo26")))
    assert answer.headers["content-type"] == "text/xml; charset=ISO-8859-1"
    assert answer.headers["pragma"] == "no-cache" and answer.headers["expires"] == "0"
    assert answer.headers["set-cookie"].startswith("Token=ZZZ")
    assert answer.headers["set-cookie"].endswith("; Path=/")
    assert int(answer.headers["content-length"]) == len(answer.content)


@given(st.text())
def test_plain_text_skips_the_latin1_substitution(text: str) -> None:
    """responses._plain (answers' texts, without a per-character pass for plain Latin-1) gives
    what kvitteringer.latin1 gives, for any text."""
    assert _plain(text) == latin1(text)
