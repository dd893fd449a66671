"""``cpr-rules lint`` as ruff users expect it: --explain, [tool.cpr-rules], --fix, --exit-zero,
--fail-on, nothing to lint is exit 2."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.lint import CHECKS
from cpr_rules.lint.docs import render_page

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = (FIXTURES / "CPRL037" / "good.named-after-haendelse" / "FLYTB-I.yaml").read_text("utf-8")
LOCKED = FIXTURES / "CPRL014" / "good.locked"


def _project(tmp: Path, text: str = GOOD, pyproject: str | None = None) -> Path:
    """A rule author's project: rulesets/FLYTB-I.yaml (and a pyproject.toml)."""
    (tmp / "rulesets").mkdir()
    (tmp / "rulesets" / "FLYTB-I.yaml").write_text(text, encoding="utf-8")
    if pyproject is not None:
        (tmp / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tmp / "rulesets" / "FLYTB-I.yaml"


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


@pytest.mark.parametrize("code", ["CPRL003", "cprl019"])
def test_explain_prints_the_doc_page(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--explain CODE prints the check's documentation page and exits 0."""
    assert main(["lint", "--explain", code]) == 0
    assert capsys.readouterr().out == render_page(CHECKS[code.upper()])


def test_explain_of_an_unknown_code_is_2(capsys: pytest.CaptureFixture[str]) -> None:
    """--explain with a code that is not one: exit 2 with one line."""
    assert main(["lint", "--explain", "CPRL999"]) == 2
    assert "not a lint code" in capsys.readouterr().err


def test_a_target_with_nothing_to_lint_is_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty folder is not "All checks passed": exit 2, saying why."""
    (tmp_path / "empty").mkdir()
    assert main(["lint", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert "nothing to lint" in err and "All checks passed" not in err


BROKEN = GOOD.replace("field: CBSK_VALG1", "field: CBSK_VALGX").replace(
    "table: kommuner", "table: kommunr"
)


def test_fix_writes_the_single_close_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fix replaces a misspelt field and a misspelt table by their one close match."""
    path = _project(tmp_path, BROKEN)
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert "unknown field 'CBSK_VALGX'" in out and "2 fixable with" in out
    assert main(["lint", "--fix"]) == 0
    assert path.read_text(encoding="utf-8") == GOOD
    captured = capsys.readouterr()
    assert captured.out == "All checks passed.\n" and "Fixed 2 problems." in captured.err


def test_fix_keeps_the_line_ends_it_did_not_touch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with CRLF line ends: --fix changes the two names and nothing else (every line
    was rewritten with LF, a whole-file change in the author's repository)."""
    path = _project(tmp_path)
    path.write_bytes(BROKEN.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--fix"]) == 0
    assert path.read_bytes() == GOOD.replace("\n", "\r\n").encode("utf-8")


def test_fix_replaces_the_file_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--fix writes beside the file and moves the result into place, keeping its permissions: a
    failure while writing (here the move, as a full disk or a kill would) leaves the author's
    file as it was and no temporary file behind (it used to truncate the file, then write)."""
    path = _project(tmp_path, BROKEN)
    path.chmod(0o640)
    monkeypatch.chdir(tmp_path)

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", fail)
        assert main(["lint", "--fix"]) == 2  # one line on stderr, no traceback
    assert path.read_text(encoding="utf-8") == BROKEN
    assert sorted(p.name for p in path.parent.iterdir()) == ["FLYTB-I.yaml"]
    assert main(["lint", "--fix"]) == 0
    assert path.read_text(encoding="utf-8") == GOOD and path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["FLYTB-I.yaml"]


def test_fix_leaves_an_ambiguous_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two close matches (CBSK_VALG1, CBSK_VALG2): no fix, the finding stays."""
    text = GOOD.replace(
        "  CBSK_ANTALAAR1:", "  CBSK_VALG2: {type: choice, values: [X, S]}\n  CBSK_ANTALAAR1:"
    )
    path = _project(tmp_path, text.replace("field: CBSK_VALG1", "field: CBSK_VALG"))
    monkeypatch.chdir(tmp_path)
    before = path.read_text(encoding="utf-8")
    assert main(["lint", "--fix"]) == 1
    assert path.read_text(encoding="utf-8") == before


def test_fix_records_missing_lock_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fix writes a rule id that is not in rule-ids.lock (CPRL013) into the lock."""
    shutil.copytree(FIXTURES / "CPRL013" / "bad.new-rule-not-locked", tmp_path / "r")
    assert main(["lint", str(tmp_path / "r"), "--ignore", "CPRL037,CPRL038,CPRL039"]) == 1
    assert main(["lint", str(tmp_path / "r"), "--ignore", "CPRL037,CPRL038,CPRL039", "--fix"]) == 0
    assert "status: active" in (tmp_path / "r" / "rule-ids.lock").read_text(encoding="utf-8")


def test_misspelt_field_reports_the_typo_not_a_changed_meaning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a lock, a typo in a rule's field is CPRL003 (first, and only), not CPRL014."""
    shutil.copytree(LOCKED, tmp_path / "r")
    rules = tmp_path / "r" / "TEST-I.yaml"
    rules.write_text(rules.read_text("utf-8").replace("field: CBSK_VALG1", "field: CBSK_VALGI"))
    assert main(["lint", str(tmp_path / "r"), "--ignore", "CPRL037,CPRL038,CPRL039"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "CPRL003 unknown field 'CBSK_VALGI' (did you mean 'CBSK_VALG1'?)" in lines[0]
    assert not any("CPRL014" in line for line in lines)


def test_fail_on_and_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A warning (CPRL037) fails by default, not with --fail-on error; --exit-zero never fails."""
    (tmp_path / "flytning.yaml").write_text(GOOD, encoding="utf-8")
    target = str(tmp_path / "flytning.yaml")
    assert main(["lint", target]) == 1
    assert main(["lint", target, "--fail-on", "error"]) == 0
    assert main(["lint", target, "--exit-zero"]) == 0
    bad = GOOD.replace("{data: {CBSK_VALG1: null}, expect: fail}", "{data: {}, expect: fail}")
    (tmp_path / "flytning.yaml").write_text(bad.replace("haendelse: FLYTB-I", "haendelse: X"))
    assert main(["lint", target, "--fail-on", "error"]) == 1
    assert main(["lint", target, "--exit-zero"]) == 0
    capsys.readouterr()


def test_pyproject_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """[tool.cpr-rules] select/ignore/per-file-ignores/severity/fail-on apply; the CLI wins."""
    _project(tmp_path, BROKEN)
    flyt = GOOD.replace("haendelse: FLYTB-I", "haendelse: FLYT-I")
    (tmp_path / "rulesets" / "flytning.yaml").write_text(flyt, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def codes(pyproject: str, *argv: str) -> tuple[int, list[str]]:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        code = main(["lint", "--format", "json", *argv])
        import json

        return code, [f"{d['code']}:{d['severity']}" for d in json.loads(capsys.readouterr().out)]

    assert codes("")[1] == ["CPRL004:error", "CPRL003:error", "CPRL037:warning"]
    assert codes('[tool.cpr-rules]\nselect = ["CPRL00"]\n')[1] == [
        "CPRL004:error",
        "CPRL003:error",
    ]
    assert codes('[tool.cpr-rules]\nignore = ["CPRL003", "CPRL004"]\n') == (1, ["CPRL037:warning"])
    per_file = '[tool.cpr-rules.per-file-ignores]\n"rulesets/FLYTB-*.yaml" = ["CPRL00"]\n'
    assert codes(f"[tool.cpr-rules]\n{per_file}")[1] == ["CPRL037:warning"]
    severity = '[tool.cpr-rules]\nseverity = {CPRL037 = "error"}\nignore = ["CPRL00"]\n'
    assert codes(severity) == (1, ["CPRL037:error"])
    lenient = '[tool.cpr-rules]\nfail-on = "error"\nignore = ["CPRL00"]\n'
    assert codes(lenient) == (0, ["CPRL037:warning"])
    assert codes(lenient, "--fail-on", "warning")[0] == 1
    assert codes('[tool.cpr-rules]\nignore = ["CPRL00"]\n', "--select", "CPRL003")[1] == []


@pytest.mark.parametrize(
    "pyproject",
    [
        '[tool.cpr-rules]\nselect = ["CPRX"]\n',
        '[tool.cpr-rules]\nignore = "CPRL003"\n',
        '[tool.cpr-rules]\nseverity = {CPRL003 = "fatal"}\n',
        '[tool.cpr-rules]\nfail-on = "info"\n',
        '[tool.cpr-rules]\nselekt = ["CPRL003"]\n',
        "[tool.cpr-rules\n",
    ],
    ids=["unknown-code", "not-a-list", "bad-severity", "bad-fail-on", "unknown-key", "bad-toml"],
)
def test_a_bad_setting_is_2(
    pyproject: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A [tool.cpr-rules] the linter does not understand is exit 2, never a silent default."""
    _project(tmp_path, GOOD, pyproject)
    monkeypatch.chdir(tmp_path)
    assert _run(["lint"]) == 2
