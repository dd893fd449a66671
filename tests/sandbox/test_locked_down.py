"""Issue 11 "locked down", over real HTTP: keys, encodings, JSON depth, slow clients, limits,
kendeord lockout, bilag 13's numbers, TCP_NODELAY, the connection per thread."""

from __future__ import annotations

import dataclasses
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cpr_rules import gctp
from cpr_rules.sandbox.server import RunningSandbox, bind, start
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import Venteregister

from .helpers import FLYTB, LOGON, SERVICES, Gctp, fields_of, keys, kvit_of, ts_of

ADDRESS = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5"}


@pytest.fixture(scope="module")
def tight(server: RunningSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gctp]:
    """A second sandbox with small limits: 0.5 s header and body timeouts, 3 dialogues (2 per user),
    lockout after 3 wrong kendeord."""
    folder = tmp_path_factory.mktemp("tight")
    config = dataclasses.replace(
        server.config,
        db=folder / "tight.sqlite3",
        body_timeout_seconds=0.5,
        header_timeout_seconds=0.5,
        max_dialogues=3,
        max_dialogues_per_user=2,
        lockout_attempts=3,
        lockout_seconds=60.0,
    )
    with start(config) as running:
        yield Gctp(running.url)


def vent(client: Gctp, token: str, pnr: str, komk: str = "0101") -> gctp.GctpMessage:
    return client.send(gctp.initier(FLYTB, keys(pnr, komk=komk), mk="0041"), token)


def valider(client: Gctp, token: str, pnr: str, ts: str, data: dict[str, str]) -> gctp.Kvit:
    return kvit_of(client.send(gctp.valider(FLYTB, keys(pnr), data, ts=ts, mk="0041"), token))


# --- 1. keys and locked fields are immutable after initier -------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("KOMK", "0147"), ("HDTO", "20150227"), ("PNR", "0101429059"), ("CADR_KOMKOD", "0147")],
)
def test_a_key_sent_as_an_input_field_cannot_change_it(
    client: Gctp, token: str, active: list[str], server: RunningSandbox, name: str, value: str
) -> None:
    """KOMK/HDTO/PNR (or a locked echo) as an input field with another value: System 9030, and
    a gem with it saves nothing; the same value as initier is accepted."""
    pnr = active[20]
    ts = ts_of(vent(client, token, pnr))
    refused = valider(client, token, pnr, ts, {name: value, "CADR_VEJKOD": "0007"})
    assert (refused.r, refused.v) == ("System", "9030")
    gem = gctp.gem(FLYTB, keys(pnr), {name: value, **ADDRESS}, ts=ts, mk="0041")
    assert kvit_of(client.send(gem, token)).v == "9030"
    assert Venteregister(Store(server.config.db)).by_ts(ts, "PORTAL01") is None
    same = {"KOMK": "0101", "HDTO": "20150228", "PNR": pnr, "CADR_KOMKOD": "0101"}[name]
    assert valider(client, token, pnr, ts, {name: same, **ADDRESS}).r in ("Ok", "Anmrk")
    # vejkode 0007 is judged in the initiated kommune 0101, whatever the client sent before
    assert valider(client, token, pnr, ts, {"CADR_VEJKOD": "0007"}).r == "Fejl"


def test_only_validated_fields_are_saved(
    client: Gctp, token: str, active: list[str], server: RunningSandbox
) -> None:
    """Fields the server fills (CBSK_INDRAP1) sent by the client are not saved."""
    pnr = active[21]
    ts = ts_of(vent(client, token, pnr))
    data = {**ADDRESS, "CBSK_INDRAP1": "JA", "CBSK_INDRAP3": "NEJ"}
    assert kvit_of(client.send(gctp.gem(FLYTB, keys(pnr), data, ts=ts, mk="0041"), token)).r == (
        "Afslut"
    )
    entry = Venteregister(Store(server.config.db)).by_ts(ts, "PORTAL01")
    assert entry is not None
    assert dict(entry.fields) == {"CADR_VEJKOD": "8204", "CADR_HUSNR": "005"}


# --- 3. no 500s ---------------------------------------------------------------------------------


def test_a_value_outside_latin1_is_a_fejl_and_the_dialogue_goes_on(
    client: Gctp, token: str, active: list[str]
) -> None:
    """'€' in a UTF-8 body: 200 with Fejl 9033 naming the field; nothing kept, the next
    valider of the same ts is Ok."""
    pnr = active[22]
    ts = ts_of(vent(client, token, pnr))
    request = gctp.valider(FLYTB, keys(pnr), {"CADR_CONVN": "c/o X"}, ts=ts, mk="0041")
    body = gctp.render(request).replace(b"ISO-8859-1", b"UTF-8")
    body = body.replace(b"c/o X", "c/o €".encode())
    response = client.post(SERVICES, body, token)
    assert response.status_code == 200
    receipt = kvit_of(gctp.parse(response.content))
    assert (receipt.r, receipt.v) == ("Fejl", "9033") and "CADR_CONVN" in (receipt.t or "")
    assert valider(client, token, pnr, ts, ADDRESS).r == "Ok"


@pytest.mark.parametrize(
    ("attribute", "old"), [("a", b'a="V"'), ("ts", b'ts="'), ("r", b'r="FLYTB-I"')]
)
def test_a_header_attribute_outside_latin1_is_a_fejl_and_the_dialogue_goes_on(
    client: Gctp, token: str, active: list[str], attribute: str, old: bytes
) -> None:
    """'Ā' in the CprServiceHeader's action, ts or hændelse (a UTF-8 body): Fejl 9033 naming the
    attribute, never the internal error 9099 (the reply echoes the header, made ISO-8859-1);
    the dialogue goes on. Found by tests/fuzz/test_fuzz_sandbox.py."""
    pnr = active[23]
    ts = ts_of(vent(client, token, pnr))
    body = gctp.render(gctp.valider(FLYTB, keys(pnr), ADDRESS, ts=ts, mk="0041"))
    new = old.replace(b'="', '="Ā'.encode(), 1)
    count = 2 if attribute == "r" else 1  # the Service's r and the header's r are one name
    body = body.replace(b"ISO-8859-1", b"UTF-8").replace(old, new, count)
    response = client.post(SERVICES, body, token)
    assert response.status_code == 200
    receipt = kvit_of(gctp.parse(response.content))
    assert (receipt.r, receipt.v) == ("Fejl", "9033"), receipt
    assert f"CprServiceHeader {attribute}" in (receipt.t or "")
    assert valider(client, token, pnr, ts, ADDRESS).r == "Ok"


def test_a_search_name_outside_latin1_is_not_a_500(client: Gctp, token: str) -> None:
    """Even the hændelse name: a GCTP answer, never a 500."""
    body = gctp.render(gctp.initier("FLYTB-I", keys("0101429059"), mk="0041"))
    body = body.replace(b"ISO-8859-1", b"UTF-8").replace(b'r="FLYTB-I"', 'r="FLYTB-€"'.encode())
    response = client.post(SERVICES, body, token)
    assert response.status_code == 200
    gctp.parse(response.content)


@pytest.mark.parametrize("depth", [8_000, 100])  # 16,000 bytes: under max_body_bytes
def test_deep_json_on_the_kommune_endpoints_is_400(
    client: Gctp, token: str, active: list[str], depth: int
) -> None:
    """A reject body nested 8,000 deep (past Python's recursion limit): 400 with a JSON error,
    and the server still answers."""
    kommune = client.token("KOMMUNE1", "KommKo26")
    pnr = active[23]
    ts = ts_of(vent(client, token, pnr))
    client.send(gctp.gem(FLYTB, keys(pnr), ADDRESS, ts=ts, mk="0041"), token)
    body = b"[" * depth + b"]" * depth
    url = client.url + f"/sandbox/kommune/events/{ts}/reject"
    headers = {"Cookie": f"Token={kommune}", "Content-Type": "application/json"}
    response = httpx.post(url, content=body, headers=headers, timeout=10)
    assert response.status_code == 400 and "reason" in response.json()["error"]
    nested = b'{"reason": ' * depth + b'"x"' + b"}" * depth
    response = httpx.post(url, content=nested[: 60 * 1024], headers=headers, timeout=10)
    assert response.status_code in (400, 413)
    assert httpx.get(client.url + "/sandbox/kommune/events", headers=headers).status_code == 200


def test_an_oversized_body_on_the_kommune_endpoints_is_a_json_413(
    client: Gctp, active: list[str]
) -> None:
    """Over ``max_body_bytes`` (declared or sent in chunks): 413 with a JSON error, as every
    answer on the kommune side is (it was Starlette's plain text; found by the HTTP fuzz test)."""
    kommune = client.token("KOMMUNE1", "KommKo26")
    url = client.url + "/sandbox/kommune/events/20150201120000000001/reject"
    headers = {"Cookie": f"Token={kommune}", "Content-Type": "application/json"}
    body = b'{"reason": ' + b"[" * 40_000 + b"]" * 40_000 + b"}"

    def chunks() -> Iterator[bytes]:
        yield from (body[i : i + 8192] for i in range(0, len(body), 8192))

    for content in (body, chunks()):
        response = httpx.post(url, content=content, headers=headers, timeout=10)
        assert response.status_code == 413
        assert "bytes" in response.json()["error"]
    assert httpx.get(client.url + "/sandbox/kommune/events", headers=headers).status_code == 200


# --- 4. slow clients, disconnects, per-user limits ---------------------------------------------


def _raw(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=10)


def test_a_stalled_body_is_answered_408(tight: Gctp) -> None:
    """Headers promise 100 bytes, 10 arrive: 408 after the body timeout, connection closed."""
    with _raw(tight.url) as sock:
        sock.sendall(
            f"POST {SERVICES} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n".encode()
            + b"<root xmln"
        )
        started = time.monotonic()
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
    assert time.monotonic() - started < 5


def _until_closed(sock: socket.socket) -> tuple[bytes, float]:
    started = time.monotonic()
    answer = b""
    while chunk := sock.recv(4096):
        answer += chunk
    return answer, time.monotonic() - started


def _one_response(sock: socket.socket) -> bytes:
    """One whole response (headers and a ``Content-Length`` body) from a keep-alive socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(4096)
    return data


def test_stalled_headers_close_the_connection(
    tight: Gctp, caplog: pytest.LogCaptureFixture
) -> None:
    """Half a request line, then nothing (slowloris): closed after the header timeout, with one
    log line and no answer."""
    with caplog.at_level(logging.INFO), _raw(tight.url) as sock:
        sock.sendall(f"POST {SERVICES} HTTP/1.1\r\nHost: x\r\nConte".encode())
        answer, waited = _until_closed(sock)
    assert answer == b""
    assert waited < 5
    assert "request headers not received within" in caplog.text
    assert "Traceback" not in caplog.text


def test_stalled_headers_after_a_keep_alive_request_close_the_connection(tight: Gctp) -> None:
    """The deadline is armed again when a response is complete: a second request on the same
    connection that stalls in its headers is closed too, after the first was answered."""
    with _raw(tight.url) as sock:
        sock.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        first = _one_response(sock)
        assert first.startswith(b"HTTP/1.1 404"), first[:80]
        sock.sendall(b"GET /nowhere HTTP/1.1\r\nHo")
        answer, waited = _until_closed(sock)
    assert answer == b""
    assert waited < 5


def test_headers_sent_slowly_but_in_time_are_answered(tight: Gctp) -> None:
    """Headers in pieces, all within the timeout: answered as usual."""
    with _raw(tight.url) as sock:
        for piece in (b"GET /nowhere HT", b"TP/1.1\r\nHost: x\r\n", b"\r\n"):
            sock.sendall(piece)
            time.sleep(0.1)
        assert sock.recv(4096).startswith(b"HTTP/1.1 404")


def test_a_client_that_goes_away_is_one_log_line(
    tight: Gctp, caplog: pytest.LogCaptureFixture
) -> None:
    """Half a body, then the socket closes: one line, no traceback."""
    with caplog.at_level(logging.INFO):
        with _raw(tight.url) as sock:
            head = f"POST {SERVICES} HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n"
            sock.sendall(head.encode() + b"<root")
        deadline = time.monotonic() + 5
        while "disconnected" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
    assert "client disconnected while sending the request" in caplog.text
    assert "Traceback" not in caplog.text and "Exception in ASGI" not in caplog.text


def test_dialogues_are_limited_per_user(tight: Gctp, active: list[str]) -> None:
    """2 per user, 3 in all: a user's third evicts its own first, never another's; when the
    others hold every place, a new user's initier is Fejl 9013."""
    a, b = tight.token("PORTAL01"), tight.token("PORTAL02")
    c = tight.token("DIREKTE1", "DirekT26")
    b_ts = ts_of(vent(tight, b, active[30]))
    a_ts = [ts_of(vent(tight, a, active[31 + i])) for i in range(3)]
    assert valider(tight, a, active[31], a_ts[0], ADDRESS).v == "9020"
    assert valider(tight, b, active[30], b_ts, ADDRESS).r == "Ok"
    assert valider(tight, a, active[33], a_ts[2], ADDRESS).r == "Ok"
    full = vent(tight, c, active[34])
    assert (kvit_of(full).r, kvit_of(full).v) == ("Fejl", "9013")


def test_tokens_are_limited_per_user(
    server: RunningSandbox, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """2 live tokens per user: a third logon ends the user's own least recently used token (901
    when it is sent again), never another user's, so logging on in a loop holds no more memory."""
    folder = tmp_path_factory.mktemp("tokens")
    config = dataclasses.replace(
        server.config, db=folder / "tokens.sqlite3", max_tokens_per_user=2, port=0
    )
    with start(config) as running:
        box = Gctp(running.url)
        events = running.url + "/sandbox/kommune/events"

        def alive(token: str) -> bool:
            response = httpx.get(events, headers={"Cookie": f"Token={token}"}, timeout=10)
            assert response.status_code in (200, 401), response.text
            return response.status_code == 200

        other = box.token("KOMMUNE2", "KommKo26")
        first, second = box.token("KOMMUNE1", "KommKo26"), box.token("KOMMUNE1", "KommKo26")
        assert alive(first)  # used: second is now KOMMUNE1's least recently used
        third = box.token("KOMMUNE1", "KommKo26")
        assert not alive(second)
        assert alive(first) and alive(third) and alive(other)
        for _ in range(20):
            box.token("KOMMUNE1", "KommKo26")
        assert alive(other)
        assert running.sandbox.security.tokens.count("KOMMUNE1") == 2


# --- 5. kendeord: tokens end with newpass, lockout -------------------------------------------


def test_newpass_ends_the_users_other_tokens(client: Gctp) -> None:
    """After newpass the old token is 901; the new one works."""
    old = client.token("NYTKODE1", "Nytkode1")
    code, new = client.logon(gctp.newpass("NYTKODE1", "Nytkode1", "NyKode26"))
    assert code == 900
    request = gctp.initier(FLYTB, keys("0101429059"), mk="0041")
    response = client.post(SERVICES, gctp.render(request), old)
    assert gctp.parse_logon_response(response.content).code == 901
    assert kvit_of(client.send(request, new)).r in ("Ok", "Fejl")


def test_wrong_kendeord_lock_the_userid_out(tight: Gctp) -> None:
    """3 wrong kendeord: 905 each; then even the right one is 903 (locked) for that userid
    only; another user still logs on."""
    codes = [tight.logon(gctp.signon("LAAS0001", "Forkert12"))[0] for _ in range(3)]
    assert codes == [905, 905, 905]
    assert tight.logon(gctp.signon("LAAS0001", "Laas0001"))[0] == 903
    assert tight.logon(gctp.signon("PORTAL02", "Abcd1234"))[0] == 900


# --- 6. bilag 13's numbers -----------------------------------------------------------------------


def test_a_borger_calling_a_search_service_gets_1035(client: Gctp, token: str) -> None:
    """System r="CprSoeg": Fejl 1035 "Du har ikke adgang til søgningen/opslaget" (bilag 13)."""
    body = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?><root xmlns="http://www.cpr.dk"><Gctp '
        b'v="1.0"><System r="CprSoeg"><Service r="ADRESSE3"><CprServiceHeader r="ADRESSE3">'
        b'<Key><Field r="PNR" v="0101429059"/></Key></CprServiceHeader></Service></System>'
        b"</Gctp></root>"
    )
    reply = gctp.parse(client.post(SERVICES, body, token).content)
    receipt = kvit_of(reply)
    assert (receipt.r, receipt.v) == ("Fejl", "1035")
    assert receipt.t == "Du har ikke adgang til søgningen/opslaget"


@pytest.mark.parametrize(
    ("komk", "number"), [("01a1", "725"), ("", "3974"), ("   ", "3974"), ("12345", "724")]
)
def test_komk_of_the_wrong_form(client: Gctp, token: str, komk: str, number: str) -> None:
    """KOMK with non-digits 725, blank 3974, not 4 digits 724 (bilag 13 KOMK)."""
    reply = client.send(gctp.initier(FLYTB, keys("0101429059", komk=komk), mk="0041"), token)
    assert (kvit_of(reply).r, kvit_of(reply).v) == ("Fejl", number)


@pytest.mark.parametrize(("vejkod", "number"), [("12a4", "725"), ("12345", "724"), ("", "724")])
def test_vejkod_of_the_wrong_form(
    client: Gctp, token: str, active: list[str], vejkod: str, number: str
) -> None:
    """CADR_VEJKOD with non-digits 725, too long or blank 724 (bilag 13 VEJK), in e too."""
    pnr = active[24]
    ts = ts_of(vent(client, token, pnr))
    data = {"CADR_VEJKOD": vejkod, "CADR_HUSNR": "5"}
    reply = client.send(gctp.valider(FLYTB, keys(pnr), data, ts=ts, mk="0041"), token)
    assert (kvit_of(reply).r, kvit_of(reply).v) == ("Fejl", number)
    assert fields_of(reply, "I")["CADR_VEJKOD"].e == number


# --- 10, 11. TCP_NODELAY, one connection per thread ---------------------------------------------


def test_accepted_connections_have_tcp_nodelay(server: RunningSandbox) -> None:
    """bind() makes an IPPROTO_TCP socket, so asyncio sets TCP_NODELAY on every connection
    (serve and RunningSandbox both use it)."""
    with bind("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP
    with httpx.Client() as keepalive:
        assert keepalive.post(server.url + LOGON, content=b"x").status_code == 200
        state = server._server.server_state  # the live connections of uvicorn
        transports = [c.transport for c in state.connections]  # type: ignore[attr-defined]
        assert transports
        for transport in transports:
            sock = transport.get_extra_info("socket")
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_the_store_keeps_one_connection_per_thread(tmp_path: Path) -> None:
    """The same thread gets the same open connection; another thread its own; close() ends
    them, and a dead thread's connection is closed when a new one opens."""
    store = Store(tmp_path / "s.sqlite3")
    first = store.connection()
    assert store.connection() is first
    other: list[object] = []
    worker = threading.Thread(target=lambda: other.append(store.connection()))
    worker.start()
    worker.join()
    assert other[0] is not first
    again = threading.Thread(target=store.connection)
    again.start()
    again.join()
    assert len(store._connections) == 2  # the dead worker's connection was closed
    store.close()
    assert store.connection() is not first


def test_the_running_server_keeps_its_connections_open(
    client: Gctp, token: str, active: list[str], server: RunningSandbox
) -> None:
    """Over HTTP: requests reuse each worker thread's open connection (none opened and closed
    per operation, so no WAL checkpoint per gem)."""
    for _ in range(3):
        vent(client, token, active[25])
    store = server.sandbox.store
    before = dict(store._connections)
    for _ in range(5):
        vent(client, token, active[25])
    after = store._connections
    assert before
    assert all(after.get(thread) is conn for thread, conn in before.items() if thread.is_alive())
    assert store.pragma("journal_mode") == "wal" and store.pragma("synchronous") == "2"
