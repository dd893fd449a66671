"""``cpr-rules sandbox serve`` as a real process: start, durability under SIGKILL, Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cpr_rules import gctp
from cpr_rules.cli import main
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import Venteregister

from .helpers import Gctp, keys

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@contextmanager
def serving(db: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    """``python -m cpr_rules sandbox serve --port 0``; yields the process, its URL, its log."""
    command = [sys.executable, "-m", "cpr_rules", "sandbox", "serve", "--port", "0"]
    command += ["--db", str(db), "--today", "2015-02-01"]
    log = db.with_suffix(f".{len(list(db.parent.glob('*.log')))}.log")
    with log.open("w") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
    assert process.stdout is not None
    try:
        first = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert found, first + log.read_text()
        lines = [process.stdout.readline() for _ in range(4)]
        assert "DEMO0001 / DemoKo26 (borger)" in "".join(lines)
        yield process, found.group(0), log
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        process.stdout.close()


def test_an_acknowledged_gem_survives_sigkill(tmp_path: Path) -> None:
    """Gem answered, server SIGKILLed at once: the entry is in the database, and a restarted
    server knows it; Ctrl-C (SIGINT) stops the server cleanly with exit code 0."""
    db = tmp_path / "sandbox.sqlite3"
    pnr = "0101429059"
    with serving(db) as (process, url, log):
        client = Gctp(url)
        token = client.token("DEMO0001", "DemoKo26")
        reply = client.send(gctp.initier("FLYTB-I", keys(pnr), mk="0041"), token)
        ts = reply.primary_service.header.ts  # type: ignore[union-attr]
        assert ts is not None
        fields = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5"}
        saved = client.send(gctp.gem("FLYTB-I", keys(pnr), fields, ts=ts, mk="0041"), token)
        assert saved.kvit is not None and saved.kvit.r == "Afslut", log.read_text()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    entry = Venteregister(Store(db, create=False)).get(ts)
    assert entry is not None and entry.pnr == pnr and entry.fields["CADR_HUSNR"] == "005"
    with serving(db) as (process, url, log):
        client = Gctp(url)
        token = client.token("DEMO0001", "DemoKo26")
        again = client.send(gctp.initier("FLYTB-I", keys(pnr), mk="0041"), token)
        assert again.kvit is not None and again.kvit.r == "Ok", log.read_text()
        stamdata = {f.r: f.v for f in again.primary_service.data("O").iter_fields()}  # type: ignore[union-attr]
        assert stamdata["I_VENT_MRK"] == "X"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0, log.read_text()
        assert "stopped" in log.read_text()


def test_kommune_cli_needs_an_existing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI never creates an empty register next to the real one: exit 2, one line."""
    assert (
        main(
            [
                "sandbox",
                "kommune",
                "list",
                "--user",
                "KOMMUNE1",
                "--db",
                str(tmp_path / "none.sqlite3"),
            ]
        )
        == 2
    )
    assert "no sandbox database" in capsys.readouterr().err


def test_kommune_cli_json_and_reject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """list --format json shows masked entries; reject --reason records the reason."""
    db = tmp_path / "s.sqlite3"
    entry, _ = Venteregister(Store(db)).gem(
        ts="20150201084141568870", haendelse="FLYTB-I", pnr="0101429059", komk="0101",
        hdto="2015-02-28", userid="DEMO0001", fields={"CADR_VEJKOD": "8204"},
    )  # fmt: skip
    assert (
        main(
            [
                "sandbox",
                "kommune",
                "list",
                "--user",
                "KOMMUNE1",
                "--db",
                str(db),
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert '"pnr": "010142-****"' in out and "0101429059" not in out
    args = [
        "sandbox",
        "kommune",
        "reject",
        entry.vnts,
        "--reason",
        "Ikke beboelig",
        "--user",
        "KOMMUNE1",
        "--db",
        str(db),
    ]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == f"{entry.vnts} afvist"
    assert main(["sandbox", "kommune", "list", "--user", "KOMMUNE1", "--db", str(db)]) == 0
    assert "(ingen hændelser)" in capsys.readouterr().out
    assert (
        main(
            [
                "sandbox",
                "kommune",
                "list",
                "--user",
                "KOMMUNE1",
                "--db",
                str(db),
                "--status",
                "alle",
            ]
        )
        == 0
    )
    assert "afvist  (Ikke beboelig)" in capsys.readouterr().out
    assert (
        main(["sandbox", "kommune", "list", "--user", "KOMMUNE1", "--db", str(db), "--komk", "101"])
        == 2
    )


@pytest.mark.parametrize(
    "option",
    [
        ["--body-timeout", "nan"],
        ["--lockout-seconds", "-1"],
        ["--lockout-attempts", "x"],
        ["--max-dialogues-per-user", "0"],
        ["--demo-kendeord-cost", "1000"],
    ],
    ids=["timeout-nan", "lockout-negative", "attempts-text", "dialogues-zero", "cost-not-power"],
)
def test_serve_refuses_bad_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    """A bad limit stops `serve` before it starts: exit 2 with one line naming the option."""
    args = ["sandbox", "serve", "--port", "0", "--db", str(tmp_path / "s.sqlite3"), *option]
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse's usage error
        code = int(exit_.code or 0)
    assert code == 2
    assert option[0] in capsys.readouterr().err
