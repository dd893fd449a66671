"""The drift report: aggregation, streaming, the CLI, and the HTML page in headless Chromium."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.reconcile.drift import aggregate
from cpr_rules.reconcile.render import render_html

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _drift_log import iter_lines  # noqa: E402


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated log of 5,000 reconciliations over 90 days."""
    path = tmp_path_factory.mktemp("drift") / "log.jsonl"
    path.write_text("".join(iter_lines(5000)), encoding="utf-8")
    return path


def test_aggregates_per_rule_number_and_table(log: Path) -> None:
    """Each kind of drift appears once, with counts, first/last seen and a masked example."""
    report = aggregate(log.read_text(encoding="utf-8").splitlines())
    assert report.lines == 5000 and report.skipped == 0
    drift = {e.item.outcome.value: e for e in report.drift()}
    assert set(drift) == {
        "local_stricter",
        "local_missed",
        "translation_differs",
        "unknown_cpr_number",
    }
    stricter = drift["local_stricter"]
    assert stricter.item.rule == "hdto-tidligst-28-dage-foer"
    assert stricter.first_seen <= stricter.last_seen
    assert stricter.example["pnr"].endswith("-****")
    assert "relax" in stricter.to_dict()["action"]
    assert sum(report.totals().values()) == 5000


def test_since_filters_by_date(log: Path) -> None:
    """--since keeps only lines on or after the date."""
    late = aggregate(log.read_text(encoding="utf-8").splitlines(), since=dt.date(2026, 11, 1))
    assert 0 < sum(late.totals().values()) < 5000
    assert min(late.per_day) >= "2026-11-01"


def test_bad_lines_are_counted_not_fatal() -> None:
    """Unreadable lines are skipped and counted."""
    report = aggregate(["{not json}\n", json.dumps({"at": "x", "items": [{"outcome": "?"}]}), "\n"])
    assert (report.lines, report.skipped) == (2, 2)


def test_cli_json_and_exit_code(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """cpr-rules drift exits 1 when there is drift and prints peak memory on stderr."""
    assert main(["drift", str(log), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["lines"] == 5000
    assert "peak memory" in captured.err


def test_cli_unreadable_log_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing log file is a usage error."""
    assert main(["drift", "/no/such/log.jsonl"]) == 2


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (.ci/run installs it)")
def test_html_report_renders_in_headless_chromium(log: Path, tmp_path: Path) -> None:
    """The HTML report draws one line per outcome in Chromium; with ``CPR_RULES_SCREENSHOTS=1``
    (as for the portal's screenshots) the screenshot replaces ``docs/drift-report.png``, so a
    plain test run leaves the checkout as it was."""
    page = tmp_path / "drift.html"
    page.write_text(render_html(aggregate(log.read_text("utf-8").splitlines())), "utf-8")
    profile = tmp_path / "profile"
    base = [str(_chromium()), *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run(
        [*base, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert dom.count('class="series"') == 5  # agree + the four kinds of drift, one panel each
    assert "hdto-tidligst-28-dage-foer" in dom
    assert "FLYTB-I 2026.1" in dom and "Period" in dom  # what was read: versions, period
    assert re.search(r"agree: \d+ \(\d+\.\d %\)", dom)  # each outcome's share
    assert "<th>CPR text</th>" in dom and "<th>fields</th>" in dom
    assert re.search(
        r'<td class="nowrap">20\d\d-\d\d-\d\d \d\d:\d\d</td>', dom
    )  # timestamps never wrap
    shot = tmp_path / "drift.png"
    subprocess.run(
        [*base, f"--screenshot={shot}", "--window-size=1400,1300", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    if os.environ.get("CPR_RULES_SCREENSHOTS") == "1":
        (ROOT / "docs" / "drift-report.png").write_bytes(data)
