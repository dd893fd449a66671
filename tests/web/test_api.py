"""The JSON API over real HTTP: check, veje, klarskrift; every bad request is a 4xx JSON error."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpr_rules.rules import default_validator
from cpr_rules.web.app import create_app
from cpr_rules.web.server import serving

SAMPLE = default_validator().compiled("FLYTB-I").ruleset.spec.examples[0]


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


def test_check_prints_what_the_cli_prints(http: httpx.Client, tmp_path: Any) -> None:
    """POST /api/check gives exactly the report of ``cpr-rules check --format json``."""
    data = {k: str(v) for k, v in SAMPLE.data.items()}
    body = {"data": data, "stamdata": SAMPLE.stamdata, "today": "2015-02-01", "lang": "en"}
    got = http.post("/api/check/FLYTB-I", json=body)
    assert got.status_code == 200
    (tmp_path / "d.json").write_text(json.dumps(data))
    (tmp_path / "s.json").write_text(json.dumps(SAMPLE.stamdata))
    cli = subprocess.run(
        [sys.executable, "-m", "cpr_rules", "check", "FLYTB-I", str(tmp_path / "d.json"),
         "--stamdata", str(tmp_path / "s.json"), "--today", "2015-02-01", "--format", "json",
         "--lang", "en"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert got.json() == json.loads(cli.stdout)
    assert got.json()["klarskrift"]["adresse"] == "Vesterbrogade 5, 3. tv, 1620 København V"


def test_check_partial_and_findings_by_field(http: httpx.Client) -> None:
    """A form half filled in (partial) with a wrong husnr: one finding naming CADR_HUSNR."""
    data = {"PNR": "0202802729", "HDTO": "2015-02-28", "KOMK": "0101", "CADR_VEJKOD": "8204",
            "CADR_HUSNR": "999"}  # fmt: skip
    report = http.post("/api/check/FLYTB-I", json={"data": data, "partial": True}).json()
    assert report["partial"] is True and report["today"] == "2015-02-01"
    assert [f["fields"] for f in report["findings"]] == [["CADR_HUSNR"]]
    assert "0202802729" not in json.dumps(report)  # masked
    fixed = http.post(
        "/api/check/FLYTB-I", json={"data": {**data, "CADR_HUSNR": "5"}, "partial": True}
    )
    assert fixed.json()["findings"] == []


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"{not json", 400, "bad-json"),
        (b"\xff\xfe", 400, "bad-json"),
        (b"[" * 100_00 + b"]" * 100_00, 413, "too-large"),
        (b"[" * 5000 + b"]" * 5000, 400, "bad-json"),
        (b"[]", 422, "bad-request"),
        (b'{"data": []}', 422, "bad-request"),
        (b'{"data": {}, "partial": "yes"}', 422, "bad-request"),
        (b'{"data": {}, "lang": "de"}', 422, "bad-request"),
        (b'{"data": {}, "today": "2015-02-30"}', 422, "bad-request"),
        (b'{"data": {}, "stamdata": 5}', 422, "bad-request"),
        (b'{"data": {}, "dato": "2015-01-01"}', 422, "bad-request"),
        (b"x" * 20_000, 413, "too-large"),
        (b'{"data": {"PNR": NaN}}', 400, "bad-json"),
        (b'{"data": {}, "stamdata": {"STATUS": Infinity}}', 400, "bad-json"),
    ],
    ids=["syntax", "not-utf8", "oversized", "deep", "array", "data-array", "partial-text",
         "lang", "today", "stamdata", "unknown-key", "oversized-plain", "nan", "infinity"],
)  # fmt: skip
def test_bad_check_requests_are_4xx(
    http: httpx.Client, content: bytes, status: int, code: str
) -> None:
    """Bad JSON, a wrong body, an oversized body: a 4xx JSON error naming it, never a 500."""
    response = http.post(
        "/api/check/FLYTB-I", content=content, headers={"content-type": "application/json"}
    )
    assert _error(response, status)["code"] == code


def test_unknown_haendelse_and_media_type(http: httpx.Client) -> None:
    """An unknown hændelse is 404 (with a hint); a body sent as text/plain is 415."""
    error = _error(http.post("/api/check/FLYTB-X", json={"data": {}}), 404)
    assert error["code"] == "unknown-haendelse" and "FLYTB-I" in error["message"]
    _error(http.get("/api/schema/NOPE"), 404)
    plain = http.post("/api/check/FLYTB-I", content=b"{}", headers={"content-type": "text/plain"})
    assert _error(plain, 415)["code"] == "unsupported-media-type"
    assert _error(http.get("/api/check/FLYTB-I"), 405)["code"] == "method-not-allowed"
    assert _error(http.get("/nowhere"), 404)["code"] == "not-found"


def test_body_over_the_limit_without_length(http: httpx.Client) -> None:
    """A chunked body (no Content-Length) is cut off at the limit too."""

    def chunks() -> Any:
        for _ in range(64):
            yield b" " * 1024

    response = http.post(
        "/api/check/FLYTB-I", content=chunks(), headers={"content-type": "application/json"}
    )
    assert _error(response, 413)["code"] == "too-large"


_SCALARS = st.none() | st.booleans() | st.integers() | st.text()
_JSON = st.recursive(
    _SCALARS | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from(["PNR", "HDTO", "KOMK", "CADR_VEJKOD", "CADR_HUSNR", "CBSK_VALG1", "X"]),
        _JSON,
    ),
    extra=st.dictionaries(st.sampled_from(["stamdata", "partial", "lang", "today"]), _JSON),
)
def test_any_json_body_is_a_report_or_a_4xx(
    http: httpx.Client, data: dict[str, Any], extra: dict[str, Any]
) -> None:
    """Whatever JSON a client sends, the answer is a report (200) or a 4xx error, never a 500."""
    response = http.post("/api/check/FLYTB-I", json={"data": data, **extra})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["haendelse"] == "FLYTB-I"


def test_veje_prefix_then_contains(http: httpx.Client) -> None:
    """Names starting with the text come first, then names containing it; ≤ 20, with postnumre."""
    found = http.get("/api/veje", params={"komk": "101", "q": "VÉSTERBRO"}).json()
    names = [v["vejnavn"] for v in found["veje"]]
    assert names[:2] == ["Vesterbrogade", "Vesterbros Torv"]
    first = found["veje"][0]
    assert (
        first["vejkode"] == "8204"
        and {"postnr": "1620", "postdistrikt": "København V"} in first["postnumre"]
    )
    assert found["komk"] == "0101" and found["date"] == "2015-02-01"
    many = http.get("/api/veje", params={"komk": "0101", "q": "gade"}).json()["veje"]
    assert len(many) == 20
    starts = [v["vejnavn"].lower().startswith("gade") for v in many]
    assert starts == sorted(starts, reverse=True)  # every prefix match before any other
    assert (
        http.get("/api/veje", params={"komk": "0101", "q": "sondre"})
        .json()["veje"][0]["vejnavn"]
        .startswith("Søndre")
    )


@pytest.mark.parametrize(
    "params",
    [{"q": "vester"}, {"komk": "x", "q": "a"}, {"komk": "0101"}, {"komk": "0101", "q": " "},
     {"komk": "0101", "q": "a" * 61}, {"komk": "0101", "q": "a", "date": "1.2.2015"}],
    ids=["no-komk", "bad-komk", "no-q", "blank-q", "long-q", "bad-date"],
)  # fmt: skip
def test_bad_veje_requests_are_422(http: httpx.Client, params: dict[str, str]) -> None:
    """Street search without a kommune, a text or with a bad date: 422 naming the parameter."""
    _error(http.get("/api/veje", params=params), 422)


def test_veje_unknown_kommune_is_empty(http: httpx.Client) -> None:
    """A kommune without streets gives no streets, not an error."""
    assert http.get("/api/veje", params={"komk": "9999", "q": "a"}).json()["veje"] == []


def test_klarskrift_adresse(http: httpx.Client) -> None:
    """The address line and its parts; a bad husnr is 422; an unknown street is ok=false."""
    got = http.get(
        "/api/klarskrift/adresse",
        params={"komk": "0101", "vejkode": "8204", "husnr": "5", "etage": "3", "sidedoer": "tv"},
    ).json()
    assert got["ok"] is True and got["line"] == "Vesterbrogade 5, 3. tv, 1620 København V"
    assert got["postnr"] == "1620" and got["vejadresseringsnavn"] == "Vesterbrogade"
    error = _error(
        http.get(
            "/api/klarskrift/adresse", params={"komk": "0101", "vejkode": "8204", "husnr": "x"}
        ),
        422,
    )
    assert "husnr" in error["message"]
    unknown = http.get(
        "/api/klarskrift/adresse", params={"komk": "0101", "vejkode": "7777", "lang": "en"}
    ).json()
    assert unknown["ok"] is False and unknown["problems"]


def test_stalled_request_headers_close_the_connection() -> None:
    """Half a request line, then nothing (slowloris): the API server closes the connection
    after its header timeout instead of holding it for ever; a request in time is answered."""
    with serving(create_app(), header_timeout=0.5) as url:
        host, port = url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"GET /api/veje HTTP/1.1\r\nHo")
            started = time.monotonic()
            assert sock.recv(4096) == b""
            assert time.monotonic() - started < 5
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(4096).startswith(b"HTTP/1.1 404")


_PNR_FORMS = ["0202802729", "020280-2729", "020280 2729"]


@pytest.mark.parametrize("pnr", _PNR_FORMS)
def test_no_answer_echoes_a_personnummer(http: httpx.Client, pnr: str) -> None:
    """A personnummer in a path, a hændelse, a body key or a query is masked in every answer."""
    answers = [
        http.post(f"/api/check/{pnr}", json={"data": {}}),
        http.get(f"/api/schema/{pnr}"),
        http.get(f"/nowhere/{pnr}"),
        http.post("/api/check/FLYTB-I", json={"data": {}, pnr: 1}),
        http.get("/api/veje", params={"komk": "0101", "q": pnr}),
        http.get("/api/schema/FLYTB-I", params={"locked": f"CADR_HUSNR:{pnr}"}),
    ]
    for answer in answers:
        assert answer.status_code < 500 and "2729" not in answer.text, answer.text


@pytest.mark.parametrize(
    "content",
    [b'{"data": {"HDTO": 1e400}}', b'{"data": {"CADR_HUSNR": [-1e400]}}',
     b'{"data": {}, "stamdata": {"STATUS": 1e400}}', b'{"data": {"CADR_SIDEDOER": "0202802729"}}'],
    ids=["hdto", "nested", "stamdata", "personnummer-elsewhere"],
)  # fmt: skip
def test_a_refused_value_is_echoed_as_strict_json(http: httpx.Client, content: bytes) -> None:
    """1e400 reads as infinity: the report says null, not a 500 (which also broke the next
    request on the connection); a personnummer in another field is masked."""
    for _ in range(2):  # the same keep-alive connection answers again
        response = http.post(
            "/api/check/FLYTB-I", content=content, headers={"content-type": "application/json"}
        )
        assert response.status_code == 200, response.text
        assert "2729" not in response.text and response.json()["findings"]
