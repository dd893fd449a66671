"""Shared fixtures. The table cache of the test run lives in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# One cache folder for the whole run, so tests never touch the user's ~/.cache.
os.environ.setdefault("CPR_RULES_CACHE_DIR", tempfile.mkdtemp(prefix="cpr_rules_test_cache_"))


@pytest.fixture(scope="session")
def tables() -> Iterator[object]:
    """The shipped code tables, loaded once."""
    from cpr_rules.tables import load_tables

    return load_tables()


@pytest.fixture(scope="session")
def translator() -> object:
    """A translator over the shipped tables."""
    from cpr_rules.translator import Translator

    return Translator()
