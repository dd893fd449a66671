"""Every example in the docs and in module docstrings runs (STYLE.md: examples are executable)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import cpr_rules

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").rglob("*.md"))
SKIP_MODULES = ("cpr_rules.__main__", "cpr_rules.cli.__main__")


def _modules() -> list[str]:
    names = [
        m.name
        for m in pkgutil.walk_packages(cpr_rules.__path__, "cpr_rules.")
        if not m.name.startswith(SKIP_MODULES) and ".sandbox" not in m.name
    ]
    return sorted(names)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_examples_run(path: Path) -> None:
    """Every ``>>>`` example in a doc page gives the output it shows."""
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    """Every ``>>>`` example in a module docstring gives the output it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
