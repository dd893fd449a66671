"""``cpr-rules lint``: exit codes, formats, --select/--ignore, default paths, --update-lock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cpr_rules.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "CPRL037" / "good.named-after-haendelse" / "FLYTB-I.yaml"
BAD_FIXTURE = FIXTURES / "CPRL019" / "bad.example-expects-wrong-outcome.yaml"


TITLES = {
    "KOMK": "{da: Kommune, en: Municipality}",
    "HDTO": "{da: Flyttedato, en: Moving date}",
    "CBSK_VALG1": "{da: Beskyttelse, en: Protection}",
    "CBSK_ANTALAAR1": "{da: Antal år, en: Years}",
}


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """The CPRL019 fixture as a rule set for a real hændelse, in a file named after it."""
    text = BAD_FIXTURE.read_text(encoding="utf-8").replace(
        "haendelse: TEST-I", "haendelse: FLYTB-I"
    )
    for name, title in TITLES.items():
        text = text.replace(f"  {name}: {{type", f"  {name}: {{title: {title}, type")
    path = tmp_path / "rules" / "FLYTB-I.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_is_0(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing found: exit 0."""
    assert main(["lint", str(GOOD)]) == 0
    assert capsys.readouterr().out == "All checks passed.\n"


def test_findings_are_1(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Findings: exit 1, one line each."""
    assert main(["lint", str(bad)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("CPRL019 example 1 expects fail, but rule 'valg-udfyldt' passes")


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "no/such/path.yaml"],
        ["lint", str(GOOD), "--select", "CPRL9"],
        ["lint", str(GOOD), "--ignore", "XYZ"],
        ["lint", str(GOOD), "--format", "xml"],
        ["lint", str(Path(__file__))],
    ],
    ids=["missing-path", "unknown-select", "unknown-ignore", "unknown-format", "not-lintable"],
)
def test_usage_and_unusable_input_are_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A path that does not exist, an unknown code or format: exit 2 with one line."""
    with pytest.raises(SystemExit) as caught:
        raise SystemExit(main(argv))
    assert caught.value.code == 2
    assert "error" in capsys.readouterr().err


def test_select_and_ignore_take_codes_and_prefixes(
    bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--ignore CPRL019 hides the finding; --select CPRL01 keeps it; --select CPRL02 does not."""
    assert main(["lint", str(bad), "--ignore", "CPRL019"]) == 0
    assert main(["lint", str(bad), "--select", "CPRL01"]) == 1
    assert main(["lint", str(bad), "--select", "CPRL02,CPRL03"]) == 0
    capsys.readouterr()


def test_json_format(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json is a list of diagnostics."""
    assert main(["lint", str(bad), "--format", "json"]) == 1
    (one,) = json.loads(capsys.readouterr().out)
    assert one["code"] == "CPRL019" and one["severity"] == "error"


def test_default_paths_are_the_project_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without paths: rulesets/ and codetables/ of the working folder; none there is exit 2."""
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 2
    (tmp_path / "rulesets").mkdir()
    shutil.copy(BAD_FIXTURE, tmp_path / "rulesets" / "TEST-I.yaml")
    assert main(["lint"]) == 1
    assert capsys.readouterr().out.startswith("rulesets/TEST-I.yaml:")


def test_update_lock_records_new_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--update-lock writes rule-ids.lock beside the rule sets; the lint is then clean."""
    shutil.copy(GOOD, tmp_path / "FLYTB-I.yaml")
    assert main(["lint", str(tmp_path), "--update-lock"]) == 0
    lock = (tmp_path / "rule-ids.lock").read_text(encoding="utf-8")
    assert 'valg-udfyldt: {meaning: "filled CBSK_VALG1", status: active}' in lock
    assert "wrote" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
@pytest.mark.parametrize("pnr", ["0202802729", "020280-2729", "020280 2729"])
def test_no_diagnostic_shows_a_personnummer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, pnr: str
) -> None:
    """A personnummer quoted from a rule file (here as its hændelse) is masked in every format."""
    (tmp_path / "X.yaml").write_text(f'haendelse: "{pnr}"\n', encoding="utf-8")
    assert main(["lint", str(tmp_path), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "020280-****" in out and "2729" not in out
