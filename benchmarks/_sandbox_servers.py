"""The servers ``sandbox.py`` measures the sandbox against, each run as its own process.

Each is a script (``python -c SCRIPT ARG``) that imports only starlette, uvicorn, sqlite3 and the
standard library, so none shares code with the sandbox. All run on the sandbox's stack: uvicorn
with its ``h11`` protocol, no lifespan, no ``Server`` header, a listening socket made with
``IPPROTO_TCP`` (``TCP_NODELAY`` on accepted connections, as ``serve`` does), one access line per
request to stderr.

- :data:`BARE_SERVER`: the baseline of the issue, one SQLite insert per request (``/insert``),
  and ``/empty``, an HTTP exchange with no work at all.
- :data:`REPLAY_SERVER`: a server that does no work but send back the answers the sandbox gave to
  one recorded hændelse (the same bytes and headers: ``Set-Cookie`` after logon, ``Pragma``,
  ``Expires``), picked by path and by the action (``a="I"``, ``"V"``, ``"3"``) in the body. Driven
  by the same client, it is the best any sandbox could do on this stack with this client.
"""

from __future__ import annotations

import subprocess

_SERVE = """
import logging, socket
import uvicorn

handler = logging.StreamHandler()  # as sandbox serve: uvicorn's lines to stderr
handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
    logging.getLogger(name).handlers = [handler] if name == "uvicorn" else []
    logging.getLogger(name).setLevel(logging.INFO)
    logging.getLogger(name).propagate = name != "uvicorn"
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", 0))
sock.listen(128)
print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
config = uvicorn.Config(
    app, http="h11", ws="none", lifespan="off", log_config=None, server_header=False
)
uvicorn.Server(config).run(sockets=[sock])
"""
"""The end of every script: uvicorn's lines to stderr and ``app`` served on loopback (h11, no
lifespan, no ``Server`` header, an ``IPPROTO_TCP`` socket); the URL is printed first."""

BARE_SERVER = (
    """
import sqlite3, sys, threading
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
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
    await run_in_threadpool(insert, await request.body())
    return Response(b"<ok/>", media_type="text/xml")

starlette = Starlette(routes=[Route("/insert", endpoint, methods=["POST"])])

async def app(scope, receive, send):  # /empty: an HTTP exchange with no work (no Starlette)
    if scope["type"] != "http" or scope["path"] != "/empty":
        return await starlette(scope, receive, send)
    while (await receive()).get("more_body"):
        pass
    head = [(b"content-length", b"5"), (b"content-type", b"text/xml")]
    await send({"type": "http.response.start", "status": 200, "headers": head})
    await send({"type": "http.response.body", "body": b"<ok/>"})

"""
    + _SERVE
)

REPLAY_SERVER = (
    """
import json, re, sys

recorded = json.load(open(sys.argv[1], encoding="utf-8"))
logon = recorded["logon"].encode("latin-1")
token = recorded["token"].encode("latin-1")
by_action = {a.encode(): v.encode("latin-1") for a, v in recorded["services"].items()}
action = re.compile(rb' a="([^"]*)"')
xml = [
    (b"pragma", b"no-cache"), (b"expires", b"0"),
    (b"content-type", b"text/xml; charset=ISO-8859-1"),
]

async def app(scope, receive, send):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["path"] == recorded["logon_path"]:
        content, head = logon, xml + [(b"set-cookie", b"Token=" + token + b"; Path=/")]
    else:
        found = action.search(body)
        content, head = by_action[found.group(1) if found else b"I"], xml
    head = head + [(b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": head})
    await send({"type": "http.response.body", "body": content})

"""
    + _SERVE
)


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
