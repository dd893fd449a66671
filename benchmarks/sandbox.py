"""The sandbox under load: the four steps of bilag 9 with the project's own client, against a bare
Starlette endpoint doing one SQLite insert, in the same run.

    python benchmarks/sandbox.py [--seconds 4] [--sessions 1 10 50]

**Over HTTP** (goal A). Both servers run as their own process on the same stack: uvicorn with
its ``h11`` protocol, no lifespan, no ``Server`` header, on a listening socket made with
``IPPROTO_TCP`` (so ``TCP_NODELAY`` is set, as ``serve`` does) on loopback, logging one access
line per request to stderr (here ``/dev/null``), as ``sandbox serve`` does.

- The sandbox is ``cpr-rules sandbox serve`` (demo users with scrypt N=16,
  ``--demo-kendeord-cost``; the default 16384 is for real use, docs/sandbox.md "Users"). Each
  step is a whole GCTP exchange: parse, check, validate with the rule set, build and render the
  answer; gem commits to SQLite (WAL, ``synchronous=FULL``) before answering. It also logs its
  own line per request, and its h11 protocol arms a timer per response (the header time box,
  ``cpr_rules.sandbox.header_deadline``).
- The baseline is a Starlette app with one route: read the body, one ``INSERT`` + ``COMMIT``
  into SQLite (WAL, ``synchronous=FULL``: one fsync, as a gem) in Starlette's thread pool,
  answer ``<ok/>``. It parses nothing, checks nothing, sets no cookie, logs no line of its
  own. It imports only starlette, uvicorn and sqlite3: it shares no code with the sandbox.
- The floor: the baseline process also answers ``/empty`` with no work at all (a plain ASGI
  answer, as the sandbox's GCTP endpoint is plain ASGI); its p50 is one HTTP exchange of this
  stack and client, and a hændelse is four of them. Both scripts are in ``_sandbox_servers.py``.

For each N, N concurrent :class:`~cpr_rules.session.AsyncCprSession` s run hændelser one after
another (logon, initier, valider, gem; an Anmrk is passed by sending again, as a portal would)
and N concurrent plain ``httpx`` clients post a 600-byte body to the baseline, in alternating
one-second slices, so that both see the same load of a shared machine. Printed: hændelser/s and
p50/p99 per step, the baseline's requests/s and p50/p99, and the ratio baseline requests/s ÷
hændelser/s (goal at N=1: ≤ 4). A hændelse is four HTTP exchanges and a baseline request one,
so the ratio cannot go below 4 × (an exchange with no work) ÷ (a baseline request), printed as
the floor.

**What any sandbox could reach** (at N=1): a third server (``_sandbox_servers.REPLAY_SERVER``)
does no work at all but send back the bytes and headers the sandbox answered to one hændelse,
recorded in process before the run. Driven by the same client in the same slices, its ratio is
the lowest any sandbox could show with this client and stack; printed beside it, the sandbox's
own work per hændelse (1/rate − 1/replay rate) and what a ratio of 4 would leave for it
(4/bare rate − 1/replay rate).

**In process** (goal B, and where the time goes): the same client drives the sandbox through an
httpx transport that hands each request's bytes to the sandbox's GCTP handler
(:func:`cpr_rules.sandbox.gctp_endpoint.answer`: parse, checks, rule set, the fsync'd commit,
the answer rendered to bytes) with no HTTP. Printed per step: p50 of the whole step (client and
sandbox) and of the sandbox's part. Goal B: the sandbox's gem p50 ≤ 3 × the p50 of a bare
``INSERT`` + ``COMMIT`` (WAL, ``synchronous=FULL``, 600 bytes) on its own connection, one right
after each hændelse, so both see the same disk and caches. Logging is off in process (``serve``
writes its lines).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import httpx
from _sandbox_servers import BARE_SERVER, REPLAY_SERVER, start, stop

TODAY = "2015-02-01"  # the shipped code tables are from 2015
HDTO = "2015-02-28"
MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "005"}
STEPS = ("logon", "initier", "valider", "gem")
COST = 16
SLICE = 1.0  # seconds per alternating slice
USER, KENDEORD = "DEMO0001", "DemoKo26"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def sandbox_load(
    url: str, persons: list[str], sessions: int, seconds: float
) -> tuple[int, dict[str, list[float]], float]:
    """N sessions running hændelser for ``seconds``: count, step times, elapsed."""
    from cpr_rules.session import AsyncCprSession

    times: dict[str, list[float]] = defaultdict(list)
    done = 0
    today = dt.date.fromisoformat(TODAY)
    limits = httpx.Limits(max_connections=sessions + 4, max_keepalive_connections=sessions + 4)

    async def worker(index: int, client: httpx.AsyncClient, until: float) -> None:
        nonlocal done
        n = index
        while time.perf_counter() < until:
            pnr = persons[n % len(persons)]
            n += sessions
            cpr = AsyncCprSession(
                url, USER, KENDEORD, kendeord_set_on=today, clock=lambda: today, client=client,
            )  # fmt: skip
            marks = [time.perf_counter()]
            await cpr.logon()
            marks.append(time.perf_counter())
            await cpr.initier("FLYTB-I", pnr, HDTO, "0101", continue_anmrk=True)
            marks.append(time.perf_counter())
            await cpr.valider(MOVE, continue_anmrk=True)
            marks.append(time.perf_counter())
            await cpr.gem(continue_anmrk=True)
            marks.append(time.perf_counter())
            for step, (a, b) in zip(STEPS, itertools.pairwise(marks), strict=True):
                times[step].append(b - a)
            done += 1

    async with httpx.AsyncClient(limits=limits) as client:
        begin = time.perf_counter()
        until = begin + seconds
        await asyncio.gather(*(worker(i, client, until) for i in range(sessions)))
        return done, times, time.perf_counter() - begin


async def bare_load(
    url: str, sessions: int, seconds: float, path: str = "/insert"
) -> tuple[int, list[float], float]:
    times: list[float] = []
    body = b"<root>" + b"x" * 600 + b"</root>"  # about the size of a gem request
    limits = httpx.Limits(max_connections=sessions + 4, max_keepalive_connections=sessions + 4)

    async def worker(client: httpx.AsyncClient, until: float) -> None:
        while time.perf_counter() < until:
            start = time.perf_counter()
            response = await client.post(url + path, content=body)
            response.raise_for_status()
            times.append(time.perf_counter() - start)

    async with httpx.AsyncClient(limits=limits) as client:
        begin = time.perf_counter()
        until = begin + seconds
        await asyncio.gather(*(worker(client, until) for _ in range(sessions)))
        return len(times), times, time.perf_counter() - begin


class InProcess:
    """The session client and the sandbox's GCTP handler in one process, without HTTP."""

    def __init__(self, folder: Path, persons: list[str]) -> None:
        from cpr_rules.sandbox.config import LOGON_PATHS, SandboxConfig
        from cpr_rules.sandbox.gctp_endpoint import answer
        from cpr_rules.sandbox.runtime import Sandbox

        config = SandboxConfig(
            db=folder / "inproc-sandbox.sqlite3", today=dt.date.fromisoformat(TODAY),
            demo_scrypt_n=COST, max_dialogues_per_user=100_000,
        )  # fmt: skip
        self.box = Sandbox.open(config)
        self.persons = persons
        self.step = ""
        self.times: dict[str, list[float]] = defaultdict(list)  # the whole step
        self.server: dict[str, list[float]] = defaultdict(list)  # the sandbox's part
        self.answers: dict[str, tuple[str, bytes, str | None]] = {}  # step: path, answer, token

        def handle(request: httpx.Request) -> httpx.Response:
            cookie = request.headers.get("cookie", "")
            token = cookie.partition("=")[2] or None
            body, logon = request.content, request.url.path in LOGON_PATHS
            began = time.perf_counter()
            content, set_token = answer(self.box, body, token, logon)
            self.server[self.step].append(time.perf_counter() - began)
            self.answers[self.step] = (request.url.path, content, set_token)
            headers = {"Content-Type": "text/xml; charset=ISO-8859-1"}
            if set_token is not None:
                headers["Set-Cookie"] = f"Token={set_token}; Path=/"
            return httpx.Response(200, content=content, headers=headers)

        self.client = httpx.Client(transport=httpx.MockTransport(handle))

    def run(self, count: int, offset: int, between: Callable[[], object] = lambda: None) -> None:
        """``count`` hændelser, one after another, ``between`` after each."""
        from cpr_rules.session import CprSession

        today = dt.date.fromisoformat(TODAY)
        for n in range(offset, offset + count):
            cpr = CprSession(
                "http://sandbox", USER, KENDEORD, kendeord_set_on=today, clock=lambda: today,
                client=self.client,
            )  # fmt: skip
            pnr = self.persons[n % len(self.persons)]
            calls: tuple[Callable[[], object], ...] = (
                cpr.logon,
                lambda: cpr.initier("FLYTB-I", pnr, HDTO, "0101", continue_anmrk=True),  # noqa: B023
                lambda: cpr.valider(MOVE, continue_anmrk=True),  # noqa: B023
                lambda: cpr.gem(continue_anmrk=True),  # noqa: B023
            )
            for step, call in zip(STEPS, calls, strict=True):
                self.step = step
                began = time.perf_counter()
                call()
                self.times[step].append(time.perf_counter() - began)
            between()

    def close(self) -> None:
        self.client.close()
        self.box.store.close()


def bare_inserts(conn: sqlite3.Connection, count: int) -> list[float]:
    """``count`` times one INSERT + COMMIT (WAL, synchronous=FULL), no HTTP: seconds each."""
    times = []
    for _ in range(count):
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (body) VALUES (?)", (b"x" * 600,))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - began)
    return times


def in_process(folder: Path, persons: list[str], rounds: int) -> tuple[InProcess, list[float]]:
    """The in-process measurements: ``rounds`` × 40 hændelser, each followed by one bare insert,
    so that both see the same disk and the same caches (after a warm-up)."""
    box = InProcess(folder, persons)
    conn = sqlite3.connect(folder / "inproc-bare.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
    box.run(20, 0)
    bare_inserts(conn, 20)
    box.times.clear()
    box.server.clear()
    inserts: list[float] = []
    for n in range(rounds):
        box.run(40, 20 + 40 * n, lambda: inserts.extend(bare_inserts(conn, 1)))
    conn.close()
    box.close()
    return box, inserts


def record_answers(folder: Path, persons: list[str]) -> Path:
    """The sandbox's answers to one hændelse (in process), as the replay server's JSON file."""
    folder.mkdir()
    box = InProcess(folder, persons)
    box.run(1, 0)
    box.close()
    logon_path, logon, token = box.answers["logon"]
    services = {
        action: box.answers[step][1].decode("latin-1")
        for action, step in (("I", "initier"), ("V", "valider"), ("3", "gem"))
    }
    path = folder / "answers.json"
    recorded = {
        "logon_path": logon_path, "logon": logon.decode("latin-1"), "token": token,
        "services": services,
    }  # fmt: skip
    path.write_text(json.dumps(recorded), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0, help="per N and server")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 50])
    args = parser.parse_args()
    from cpr_rules.sandbox.person_records import load_demo_persons

    persons = sorted(
        p for p, x in load_demo_persons().items() if x.status == "01" and x.navn and x.adresse
    )
    print(f"sandbox benchmark: {args.seconds:g} s per N; {os.cpu_count()} CPUs; scrypt N={COST}")
    ratio_n1 = gem_http = replay_ratio = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sandbox, url = start(
            [
                sys.executable, "-m", "cpr_rules", "sandbox", "serve", "--port", "0",
                "--db", str(folder / "sandbox.sqlite3"), "--today", TODAY,
                "--demo-kendeord-cost", str(COST), "--max-dialogues-per-user", "100000",
            ],
            "sandbox:",
        )  # fmt: skip
        bare, bare_url = start(
            [sys.executable, "-c", BARE_SERVER, str(folder / "bare.sqlite3")], "http"
        )
        answers = record_answers(folder / "record", persons)
        replay, replay_url = start([sys.executable, "-c", REPLAY_SERVER, str(answers)], "http")
        try:
            print("over HTTP (loopback):")
            for n in args.sessions:
                count, bare_count, elapsed, bare_elapsed = 0, 0, 0.0, 0.0
                times: dict[str, list[float]] = defaultdict(list)
                bare_times: list[float] = []
                empty: list[float] = []
                replayed, replay_elapsed = 0, 0.0
                rounds = max(1, round(args.seconds / SLICE))
                for _ in range(rounds):  # alternate, so both see the same machine load
                    done, step_times, took = asyncio.run(sandbox_load(url, persons, n, SLICE))
                    count, elapsed = count + done, elapsed + took
                    for step, values in step_times.items():
                        times[step] += values
                    done, values, took = asyncio.run(bare_load(bare_url, n, SLICE))
                    bare_count, bare_elapsed = bare_count + done, bare_elapsed + took
                    bare_times += values
                    if n == 1:
                        empty += asyncio.run(bare_load(bare_url, 1, SLICE / 2, "/empty"))[1]
                        done, _, took = asyncio.run(sandbox_load(replay_url, persons, 1, SLICE / 2))
                        replayed, replay_elapsed = replayed + done, replay_elapsed + took
                rate = count / elapsed
                bare_rate = bare_count / bare_elapsed
                steps = "  ".join(
                    f"{s} {pct(times[s], 0.5):.1f}/{pct(times[s], 0.99):.1f}" for s in STEPS
                )
                ratio = bare_rate / rate if rate else float("inf")
                print(
                    f"N={n:>3}: {rate:7.1f} hændelser/s ({count} in {elapsed:.1f} s); "
                    f"p50/p99 ms {steps}"
                )
                print(
                    f"       bare insert endpoint {bare_rate:7.1f} requests/s, p50/p99 ms "
                    f"{pct(bare_times, 0.5):.1f}/{pct(bare_times, 0.99):.1f}; "
                    f"ratio requests/s ÷ hændelser/s = {ratio:.2f}"
                )
                if n == 1:
                    ratio_n1, gem_http = ratio, pct(times["gem"], 0.5)
                    floor = pct(empty, 0.5)
                    print(
                        f"       an exchange with no work (plain ASGI, same stack) p50 "
                        f"{floor:.2f} ms: four of them are {4 * floor / pct(bare_times, 0.5):.2f}"
                        "× a bare request, the floor of the ratio at N=1"
                    )
                    replay_rate = replayed / replay_elapsed
                    replay_ratio = bare_rate / replay_rate
                    budget = (4 / bare_rate - 1 / replay_rate) * 1000
                    spent = (1 / rate - 1 / replay_rate) * 1000
                    print(
                        f"       a server that only replays the sandbox's recorded answers "
                        f"(same stack, same client): {replay_rate:.1f} hændelser/s, ratio "
                        f"{replay_ratio:.2f}; the sandbox's own work takes {spent:.2f} ms per "
                        f"hændelse, ratio 4 leaves it {budget:.2f} ms"
                    )
        finally:
            stop(sandbox)
            stop(bare)
            stop(replay)
        inproc, inserts = in_process(folder, persons, max(2, round(args.seconds * 2)))
    print("in process (no HTTP), p50 ms per step: whole step (client + sandbox) / sandbox's part")
    print(
        "  "
        + "  ".join(
            f"{s} {pct(inproc.times[s], 0.5):.2f}/{pct(inproc.server[s], 0.5):.2f}" for s in STEPS
        )
    )
    gem = pct(inproc.server["gem"], 0.5)
    insert = pct(inserts, 0.5)
    gem_ratio = gem / insert if insert else float("inf")
    print(f"  gem handled by the sandbox p50 {gem:.2f} ms; bare fsync'd insert p50 {insert:.2f} ms")
    if ratio_n1 is not None:
        print(
            f"goals: A at N=1 hændelse {ratio_n1:.2f}× the bare request rate (goal ≤ 4: "
            f"{'met' if ratio_n1 <= 4 else 'NOT met'}); a server doing no work: "
            f"{replay_ratio:.2f}×"
        )
    over_http = f"; over HTTP at N=1 the gem step's p50 is {gem_http:.2f} ms" if gem_http else ""
    print(
        f"goals: B gem in process {gem_ratio:.2f}× a bare fsync'd insert (goal ≤ 3: "
        f"{'met' if gem_ratio <= 3 else 'NOT met'}){over_http}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
