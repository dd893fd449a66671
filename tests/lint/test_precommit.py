"""The pre-commit hook works in a rule author's repository, with the real pre-commit.

The hook repository is a snapshot of this checkout (every file git tracks or would track,
committed in a temporary repository), so the test sees the working tree as it is, committed or
not; a rule author's repository with a good and a bad rule set points ``repo:`` at it with
``rev:`` its commit. pre-commit then installs the package into its own environment, as it would
from the real repository, and runs ``cpr-rules lint`` on the files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "CPRL017" / "good.small-rule-set.yaml"
BAD = FIXTURES / "CPRL019" / "bad.example-expects-wrong-outcome.yaml"
WRONG = "{data: {CBSK_VALG1: S}, expect: fail}"
TITLES = {  # fields a citizen is told about have titles (CPRL039)
    "KOMK": "{da: Kommune, en: Municipality}",
    "HDTO": "{da: Flyttedato, en: Moving date}",
    "CBSK_VALG1": "{da: Beskyttelse, en: Protection}",
    "CBSK_ANTALAAR1": "{da: Antal år, en: Years}",
}


def _titled(text: str) -> str:
    for name, title in TITLES.items():
        text = text.replace(f"  {name}: {{type", f"  {name}: {{title: {title}, type")
    return text


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _commit_all(repo: Path) -> str:
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "snapshot")
    return _git(repo, "rev-parse", "HEAD")


def _hook_repository(tmp: Path) -> tuple[Path, str]:
    """A committed snapshot of this checkout, and its commit."""
    snapshot = tmp / "cpr_rules"
    for name in _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard").splitlines():
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    return snapshot, _commit_all(snapshot)


def _author_repository(tmp: Path, hooks: Path, rev: str) -> Path:
    repo = tmp / "rule-author"
    (repo / "rulesets").mkdir(parents=True)
    good = _titled(GOOD.read_text(encoding="utf-8")).replace(
        "haendelse: TEST-I", "haendelse: FLYTB-I"
    )
    (repo / "rulesets" / "FLYTB-I.yaml").write_text(good, encoding="utf-8")
    bad = _titled(BAD.read_text(encoding="utf-8")).replace("haendelse: TEST-I", "haendelse: FLYT-I")
    (repo / "rulesets" / "FLYT-I.yaml").write_text(bad, encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n"
        "    hooks:\n      - id: cpr-rules-lint\n",
        encoding="utf-8",
    )
    _commit_all(repo)
    return repo


def _pre_commit(repo: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "CPR_RULES_CACHE_DIR": str(tmp / "cache"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hook_fails_on_a_bad_rule_set_and_passes_when_fixed(tmp_path: Path) -> None:
    """pre-commit runs `cpr-rules lint`: a bad file fails with its diagnostic; fixed, it passes."""
    pytest.importorskip("pre_commit")
    hooks, rev = _hook_repository(tmp_path)
    repo = _author_repository(tmp_path, hooks, rev)
    failed = _pre_commit(repo, tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    where = BAD.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    line_col, code = where.split()
    assert f"rulesets/FLYT-I.yaml:{line_col}: {code} example 1 expects fail" in failed.stdout
    assert "FLYTB-I.yaml" not in failed.stdout
    bad = repo / "rulesets" / "FLYT-I.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace(WRONG, WRONG.replace("fail", "pass")))
    passed = _pre_commit(repo, tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
