"""The linter reports, it does not crash: every check keyword on every kind of field, under
every condition keyword with fitting and unfitting values, lints without an exception."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from cpr_rules.lint import lint_paths
from cpr_rules.rules.model import CHECK_NAMES, CONDITION_NAMES

HEAD = """haendelse: TEST-I
as_of: HDTO
keys:
  KOMK: {type: code, digits: 4, table: kommuner, required: true}
  HDTO: {type: date}
fields:
  CBSK_VALG1: {type: choice, values: [X, S]}
  CBSK_ANTALAAR1: {type: integer, min: 1, max: 99}
  CADR_HUSNR: {type: husnr}
stamdata:
  STATUS: {type: code, digits: 2, table: statuskoder}
  BESKYT: {type: code_list, digits: 5, table: beskyttelsestyper}
rules:
"""
FIELDS = ["CBSK_VALG1", "CBSK_ANTALAAR1", "CADR_HUSNR", "STATUS", "BESKYT", "HDTO"]
CONSTANTS = ["X", 7, "1", "Y", "2015-01-01"]
OPTIONS = {
    "one_of": {"values": ["X", "01"]},
    "not_one_of": {"values": ["S", 5]},
    "between": {"min": 1, "max": 5},
    "not_between": {"min": 3, "max": 2},
    "at_most_one_of": {"fields": ["CBSK_VALG1", "CADR_HUSNR"]},
    "exists": {"table": "kommuner", "key": ["KOMK"], "as_of": "HDTO", "husnr": "CADR_HUSNR"},
    "date_at_most": {"days_after_today": 28},
    "date_at_least": {"days_before_today": 5},
    "contains": {"value": "1"},
    "not_contains": {"value": "00003"},
}


def _rule(n: int, check: str, field: str, condition: str, constant: object) -> str:
    value = [constant, "S"] if condition == "one_of" else constant
    if condition in ("filled", "blank"):
        value = n % 2 == 0
    rule = {
        "id": f"regel-{n}",
        "field": field,
        "when": {FIELDS[n % len(FIELDS)]: {condition: value}},
        "when_any": [{field: {"blank": n % 3 == 0}}],
        "check": {check: OPTIONS.get(check, {})},
        "message": {"da": "{field} {value}", "en": "{field} {text}"},
        "source": "test",
        "cpr": {"fejl": [n % 7]},
        "examples": [{"data": {field: constant}, "expect": "fail"}],
    }
    return "  - " + json.dumps(rule, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("check", CHECK_NAMES)
def test_every_combination_lints_without_an_exception(tmp_path: Path, check: str) -> None:
    """Each check on each field under each condition: diagnostics, never an exception."""
    combos = itertools.product(FIELDS, CONDITION_NAMES, CONSTANTS)
    rules = "".join(_rule(n, check, *combo) for n, combo in enumerate(combos))
    path = tmp_path / "TEST-I.yaml"
    path.write_text(HEAD + rules + "example_base: {data: {KOMK: '0101'}, expect: pass}\n")
    found = lint_paths([path], cache=False)
    assert found, "so many odd rules give diagnostics"
    assert {d.file for d in found} == {path.as_posix()}
