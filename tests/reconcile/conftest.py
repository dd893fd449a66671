"""Fixtures of the reconcile tests."""

from __future__ import annotations

import pytest

from cpr_rules.rules import Validator


@pytest.fixture(scope="module")
def validator() -> Validator:
    """The shipped rules."""
    return Validator()
