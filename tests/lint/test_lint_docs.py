"""The lint documentation is generated from the checks and committed fresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpr_rules.lint import CHECKS
from cpr_rules.lint.docs import render_page, update_readme

DOCS = Path(__file__).resolve().parents[2] / "docs" / "lint"


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_page_is_fresh(code: str) -> None:
    """docs/lint/<CODE>.md is what the check generates (python -m cpr_rules.lint.docs)."""
    page = DOCS / f"{code}.md"
    assert page.is_file(), f"{page} is missing: run python -m cpr_rules.lint.docs"
    assert page.read_text(encoding="utf-8") == render_page(CHECKS[code])


def test_page_has_the_fixed_headings() -> None:
    """Every page has the same headings, in the same order."""
    headings = ["## What it does", "## Why is this bad?", "## Example", "## Use instead"]
    for check in CHECKS.values():
        lines = [line for line in render_page(check).splitlines() if line.startswith("## ")]
        assert lines[:4] == headings


def test_readme_table_is_fresh() -> None:
    """docs/lint/README.md lists every check (python -m cpr_rules.lint.docs)."""
    text = (DOCS / "README.md").read_text(encoding="utf-8")
    assert update_readme(text) == text
    for code in CHECKS:
        assert f"[{code}]({code}.md)" in text


def test_no_page_without_a_check() -> None:
    """A page whose check was removed is removed too (its code goes to RETIRED)."""
    pages = {p.stem for p in DOCS.glob("CPRL*.md")}
    assert pages == set(CHECKS)
