"""``cpr-rules check``: exit codes, text and JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.rules.schema import ReportJson

GOOD = {
    "PNR": "020280-2729",
    "HDTO": "2015-02-28",
    "KOMK": "101",
    "CADR_VEJKOD": "8204",
    "CADR_HUSNR": "5",
    "CADR_ETAGE": "3",
    "CADR_SIDEDOER": "tv",
}


def _write(tmp_path: Path, name: str, value: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def test_sample_runs_with_no_files(capsys: pytest.CaptureFixture[str]) -> None:
    """--sample checks the rule set's first example and exits 0."""
    assert main(["check", "FLYTB-I", "--sample"]) == 0
    out = capsys.readouterr().out
    assert "Vesterbrogade 5, 3. tv, 1620 København V" in out


def test_sample_with_stamdata_uses_the_given_stamdata(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--stamdata replaces the sample's own stamdata (it is never silently ignored)."""
    stamdata = _write(tmp_path, "s.json", {"STATUS": "90"})  # død
    assert main(["check", "FLYTB-I", "--sample", "--stamdata", stamdata, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any("STATUS" in f["fields"] for f in report["findings"])


def test_ok_with_warning_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings alone (CPR Anmrk) still exit 0."""
    data = _write(tmp_path, "d.json", GOOD)
    stamdata = _write(tmp_path, "s.json", {"STATUS": "01", "I_VENT_MRK": "X"})
    argv = ["check", "FLYTB-I", data, "--stamdata", stamdata, "--today", "2015-02-01"]
    assert main(argv) == 0
    assert "data-i-vent" in capsys.readouterr().out


def test_errors_exit_1_and_json_is_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors exit 1; --format json prints the documented report with every finding."""
    data = _write(tmp_path, "d.json", {**GOOD, "CADR_BNR": "0101", "HDTO": "20150401"})
    argv = ["check", "FLYTB-I", data, "--today", "2015-02-01", "--format", "json", "--lang", "en"]
    assert main(argv) == 1
    report = ReportJson.model_validate_json(capsys.readouterr().out)
    assert {f.rule for f in report.findings} == {"husnr-eller-bnr", "hdto-tidligst-28-dage-foer"}
    assert report.data["PNR"] == "020280-****"
    assert report.lang == "en"


def test_partial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--partial says nothing about untouched required fields."""
    data = _write(tmp_path, "d.json", {"PNR": "0202802729"})
    assert main(["check", "FLYTB-I", data, "--partial", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == []
    assert any(u["reason"] == "missing" for u in report["undecided"])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2]", "JSON object"),
        ('"text"', "JSON object"),
        ("{not json", "not JSON"),
    ],
    ids=["list", "string", "broken-json"],
)
def test_unusable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    """Unusable input exits 2 with a one-line reason and no traceback."""
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    assert main(["check", "FLYTB-I", str(path)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_unknown_haendelse_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown hændelse is a usage error with a did-you-mean."""
    assert main(["check", "FLYTB", "--sample"]) == 2
    assert "FLYTB-I" in capsys.readouterr().err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read exits 2."""
    assert main(["check", "FLYTB-I", "/no/such/file.json"]) == 2
    assert "no such file: /no/such/file.json" in capsys.readouterr().err


def test_pnr_is_masked_in_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The personnummer never appears in full in the output."""
    data = _write(tmp_path, "d.json", {**GOOD, "PNR": "0101651234"})
    main(["check", "FLYTB-I", data, "--today", "2015-02-01"])
    out = capsys.readouterr().out
    assert "0101651234" not in out and "010165-1234" not in out
    assert "010165-****" in out
