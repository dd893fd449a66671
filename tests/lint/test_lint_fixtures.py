"""Every lint check runs on its good and bad fixtures (the Regal/ruff way).

``tests/lint/fixtures/<CODE>/`` holds ``good.<what>.*`` fixtures, which must be clean, and
``bad.<defect>.*`` fixtures, each declaring the diagnostics it must give in leading comments,
one per line: ``# expect: <line>:<col> <CODE>``. A fixture is a rule file, a code-table folder
(``manifest.yaml`` and a CSV), or a folder of rule files (a rule set with its blocks or its
``rule-ids.lock``); in a folder each file declares the diagnostics in itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpr_rules.lint import CHECKS, lint_paths

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("CPRL*/*") if p.name.startswith(("good.", "bad.")))
EXPECT = re.compile(r"^#\s*expect:\s*(\d+):(\d+)\s+(CPRL\d{3})\s*$")

Found = set[tuple[str, int, int, str]]


def _files(case: Path) -> list[Path]:
    return [case] if case.is_file() else sorted(p for p in case.rglob("*") if p.is_file())


def _relative(file: str | Path, case: Path) -> str:
    base = case if case.is_dir() else case.parent
    return Path(file).resolve().relative_to(base).as_posix()


def expected(case: Path) -> Found:
    """The diagnostics a fixture declares."""
    out = set()
    for path in _files(case):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = EXPECT.match(line)
            if match:
                out.add((_relative(path, case), int(match[1]), int(match[2]), match[3]))
    return out


NAMING = ("CPRL037", "CPRL038", "CPRL039")
"""Fixture files are named by their defect, use the hændelse TEST-I and keep their fields
untitled to stay small: only the fixtures of the hændelse and title checks are linted with
them."""


def found(case: Path) -> Found:
    ignore = [code for code in NAMING if code != case.parent.name]
    return {
        (_relative(d.file, case), d.line, d.column, d.code)
        for d in lint_paths([case], ignore=ignore, cache=False)
    }


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path) -> None:
    """A bad fixture gives exactly the diagnostics it declares; a good one gives none."""
    want = expected(case)
    if case.name.startswith("good."):
        assert want == set(), "a good fixture declares no diagnostics"
    assert found(case) == want


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_check_has_fixtures(code: str) -> None:
    """Each check has a good fixture and a bad one that gives its own code."""
    folder = FIXTURES / code
    cases = sorted(folder.glob("*")) if folder.is_dir() else []
    assert any(c.name.startswith("good.") for c in cases), f"{code}: no good fixture"
    bad = [c for c in cases if c.name.startswith("bad.")]
    assert bad, f"{code}: no bad fixture"
    for case in bad:
        assert code in {e[3] for e in expected(case)}, f"{case.name} does not show {code}"


def test_fixtures_are_named_by_their_defect() -> None:
    """Fixture names are ``good.<what>`` / ``bad.<defect>`` in lower case words."""
    name = re.compile(r"^(good|bad)\.[a-z0-9]+(-[a-z0-9]+)*(\.yaml)?$")
    assert [c.name for c in CASES if not name.match(c.name)] == []
