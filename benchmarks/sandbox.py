"""The sandbox under load: the four steps of bilag 9 with the project's own client, against a bare
Starlette endpoint doing one SQLite insert, in the same run.

    python benchmarks/sandbox.py [--seconds 4] [--sessions 1 10 50]

Both servers run as their own process (``cpr-rules sandbox serve``; a bare Starlette app on
uvicorn with one ``INSERT`` + ``COMMIT`` per request on SQLite in WAL mode with
``synchronous=FULL``, the sandbox's durability), listening on a socket made with
``IPPROTO_TCP`` (as ``serve`` does), on loopback. For each N, N concurrent
:class:`~cpr_rules.session.AsyncCprSession` s each run hændelser one after another for a bounded
time: logon, initier, valider, gem (an Anmrk is passed by sending again, as a portal would);
and N concurrent plain ``httpx`` clients post to the bare endpoint for the same time, in
alternating one-second slices, so that both see the same load of a shared machine. Printed:
hændelser/s and p50/p99 per step, the bare endpoint's requests/s and p50/p99, and the ratio
bare requests/s ÷ hændelser/s (goal at N=1: ≤ 4). Finally a bare fsync'd insert *in process*
(no HTTP) against the sandbox's gem p50 at N=1 (goal: ≤ 3).

The demo users' kendeord are hashed with scrypt N=16 here (``--demo-kendeord-cost``; the
default 16384 is for real use, docs/sandbox.md "Users"): every hændelse logs on.
The baseline shares no code with the sandbox: it imports only starlette, uvicorn and sqlite3.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

TODAY = "2015-02-01"  # the shipped code tables are from 2015
HDTO = "2015-02-28"
MOVE = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "005"}
STEPS = ("logon", "initier", "valider", "gem")
COST = 16
SLICE = 1.0  # seconds per alternating slice

BARE_SERVER = """
import socket, sqlite3, sys, threading
import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

db = sys.argv[1]
local = threading.local()

def conn():
    c = getattr(local, "c", None)
    if c is None:
        c = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=FULL")
        local.c = c
    return c

first = conn()
first.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")

def insert(body):
    c = conn()
    c.execute("BEGIN IMMEDIATE")
    c.execute("INSERT INTO t (body) VALUES (?)", (body,))
    c.execute("COMMIT")

async def endpoint(request):
    from starlette.concurrency import run_in_threadpool
    await run_in_threadpool(insert, await request.body())
    return Response(b"<ok/>", media_type="text/xml")

app = Starlette(routes=[Route("/insert", endpoint, methods=["POST"])])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", 0))
sock.listen(128)
print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
config = uvicorn.Config(app, http="h11", ws="none", lifespan="off", log_level="warning")
uvicorn.Server(config).run(sockets=[sock])
"""


def start(command: list[str], marker: str) -> tuple[subprocess.Popen[str], str]:
    """Start a server process; its URL is the first stdout line containing ``marker``."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        url = next((w for w in line.split() if w.startswith("http://")), None)
        if marker in line and url is not None:
            return process, url
    raise RuntimeError(f"{command[:4]} did not start")


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=10)


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
                url, "DEMO0001", "DemoKo26", kendeord_set_on=today, clock=lambda: today,
                client=client,
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


async def bare_load(url: str, sessions: int, seconds: float) -> tuple[int, list[float], float]:
    times: list[float] = []
    body = b"<root>" + b"x" * 600 + b"</root>"  # about the size of a gem request
    limits = httpx.Limits(max_connections=sessions + 4, max_keepalive_connections=sessions + 4)

    async def worker(client: httpx.AsyncClient, until: float) -> None:
        while time.perf_counter() < until:
            start = time.perf_counter()
            response = await client.post(url + "/insert", content=body)
            response.raise_for_status()
            times.append(time.perf_counter() - start)

    async with httpx.AsyncClient(limits=limits) as client:
        begin = time.perf_counter()
        until = begin + seconds
        await asyncio.gather(*(worker(client, until) for _ in range(sessions)))
        return len(times), times, time.perf_counter() - begin


def insert_in_process(folder: Path, count: int = 300) -> float:
    """p50 (ms) of one INSERT + COMMIT, WAL, synchronous=FULL, no HTTP."""
    conn = sqlite3.connect(folder / "inproc.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
    times = []
    for _ in range(count):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (body) VALUES (?)", (b"x" * 600,))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return pct(times, 0.5)


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
        gem_p50_n1 = None
        ratio_n1 = None
        try:
            for n in args.sessions:
                count, bare_count, elapsed, bare_elapsed = 0, 0, 0.0, 0.0
                times: dict[str, list[float]] = defaultdict(list)
                bare_times: list[float] = []
                rounds = max(1, round(args.seconds / SLICE))
                for _ in range(rounds):  # alternate, so both see the same machine load
                    done, step_times, took = asyncio.run(sandbox_load(url, persons, n, SLICE))
                    count, elapsed = count + done, elapsed + took
                    for step, values in step_times.items():
                        times[step] += values
                    done, values, took = asyncio.run(bare_load(bare_url, n, SLICE))
                    bare_count, bare_elapsed = bare_count + done, bare_elapsed + took
                    bare_times += values
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
                    gem_p50_n1, ratio_n1 = pct(times["gem"], 0.5), ratio
        finally:
            stop(sandbox)
            stop(bare)
        insert_p50 = insert_in_process(folder)
    print(f"bare fsync'd insert in process: p50 {insert_p50:.2f} ms")
    if gem_p50_n1 is not None and ratio_n1 is not None:
        gem_ratio = gem_p50_n1 / insert_p50 if insert_p50 else float("inf")
        print(
            f"goals at N=1: hændelse {ratio_n1:.2f}× the bare request rate (goal ≤ 4: "
            f"{'met' if ratio_n1 <= 4 else 'NOT met'}); gem p50 {gem_ratio:.2f}× a bare insert "
            f"(goal ≤ 3: {'met' if gem_ratio <= 3 else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
