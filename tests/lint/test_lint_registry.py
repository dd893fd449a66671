"""The registry of lint checks: stable, unique, sequential codes; documentation with the check."""

from __future__ import annotations

import re

import pytest

from cpr_rules.lint import CHECKS, RETIRED, LintCheck, registry


def test_codes_are_unique_and_sequential_or_retired() -> None:
    """CPRL001, CPRL002 … with no gaps except retired codes, and no code both used and retired."""
    numbers = sorted(int(c.removeprefix("CPRL")) for c in [*CHECKS, *RETIRED])
    assert numbers == list(range(1, len(numbers) + 1))
    assert not set(CHECKS) & set(RETIRED)


def test_each_entry_is_its_own_check() -> None:
    """The key of each entry is the check's code; names are unique slugs."""
    for code, check in CHECKS.items():
        assert isinstance(check, LintCheck)
        assert check.code == code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check.name)
    assert len({c.name for c in CHECKS.values()}) == len(CHECKS)


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_documentation_lives_with_the_check(code: str) -> None:
    """Every check says what it does, why it matters, a bad example and the fix."""
    check = CHECKS[code]
    for text in (check.summary, check.why, check.bad_example, check.fix, check.good_example):
        assert text.strip()
    assert check.summary.startswith(("Reports", "Runs"))
    assert check.bad_example.endswith("\n") and check.good_example.endswith("\n")
    assert check.severity in ("error", "warning")


def test_registry_is_one_literal_mapping() -> None:
    """CHECKS is written out literally in registry.py, code by code, in order."""
    source = registry.__file__
    with open(source, encoding="utf-8") as fh:
        text = fh.read()
    assert re.findall(r'^    "(CPRL\d{3})": ', text, re.MULTILINE) == list(CHECKS)
    assert list(CHECKS) == sorted(CHECKS)
