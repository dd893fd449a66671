"""Author mistakes in a rule set are errors at load time that point at ``file:line:col``.

Each ``tests/rules/bad/bad.<defect>.yaml`` holds one defect and starts with

    # expect: [<file>:]<line>:<col>: <part of the message>

(``<file>`` only when the error is in an included block, relative to ``tests/rules/bad``).
``tests/rules/good/minimal.yaml`` is the same kind of small rule set without a defect: it loads,
compiles and validates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cpr_rules.errors import RuleSetError
from cpr_rules.rules import Validator, compile_ruleset, load_ruleset
from cpr_rules.tables import CodeTables

HERE = Path(__file__).resolve().parent
BAD = sorted((HERE / "bad").glob("bad.*.yaml"))
GOOD = HERE / "good" / "minimal.yaml"
EXPECT = re.compile(
    r"# expect: (?:(?P<file>[^\s:]+\.yaml):)?(?P<line>\d+):(?P<column>\d+): (?P<message>.+)"
)


@dataclass(frozen=True)
class Expectation:
    file: str  # as the loader shows it: relative to the folder above the rule set
    line: int
    column: int
    message: str


def _expectation(path: Path) -> Expectation:
    first = path.read_text(encoding="utf-8").partition("\n")[0]
    match = EXPECT.fullmatch(first.rstrip())
    assert match, f"{path.name}: the first line must be '# expect: <line>:<col>: <message>'"
    file = match["file"] or path.name
    return Expectation(
        f"bad/{file}", int(match["line"]), int(match["column"]), match["message"].strip()
    )


def test_there_is_a_file_for_every_kind_of_defect() -> None:
    """The defects the issue names each have a file."""
    names = {p.name.removeprefix("bad.").removesuffix(".yaml") for p in BAD}
    assert {
        "unknown-key",
        "unknown-check",
        "unknown-field",
        "unknown-table",
        "wrong-key-count",
        "duplicate-rule-id",
        "yaml-syntax",
        "check-does-not-fit-type",
        "condition-value-invalid",
        "include-missing",
        "requires-unknown-rule",
        "field-option-wrong-type",
        "date-time",
        "no-haendelse",
        "two-checks",
    } <= names


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_rule_set_is_an_error_at_its_position(path: Path, tables: CodeTables) -> None:
    """Loading fails with a RuleSetError at the expected ``file:line:col`` and message."""
    expected = _expectation(path)
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(path, tables)
    err = caught.value
    assert (err.file, err.line, err.column) == (expected.file, expected.line, expected.column), str(
        err
    )
    assert expected.message in err.message, str(err)
    assert str(err).startswith(f"{expected.file}:{expected.line}:{expected.column}: ")


def test_the_expected_position_is_inside_the_file() -> None:
    """An expectation names a real line and column, or the end of the file."""
    for path in BAD:
        expected = _expectation(path)
        lines = [*(HERE / expected.file).read_text(encoding="utf-8").splitlines(), ""]  # + EOF
        assert 1 <= expected.line <= len(lines), path.name
        assert 1 <= expected.column <= len(lines[expected.line - 1]) + 1, path.name


def test_an_error_prints_file_line_col_and_what_was_expected(tables: CodeTables) -> None:
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(HERE / "bad" / "bad.unknown-key-top-level.yaml", tables)
    assert str(caught.value) == (
        "bad/bad.unknown-key-top-level.yaml:5:1: unknown key 'feilds' (did you mean 'fields'?)"
    )


def test_an_unknown_key_without_a_close_match_lists_the_keys(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    path = rules / "X.yaml"
    path.write_text("haendelse: X\nzzz: 1\n", encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(path)
    assert caught.value.line == 2 and caught.value.column == 1
    assert "unknown key 'zzz'; expected one of: $schema, address, as_of," in str(caught.value)


def test_minimal_rule_set_loads_and_compiles(tables: CodeTables) -> None:
    ruleset = load_ruleset(GOOD, tables)
    assert ruleset.haendelse == "TEST-I"
    assert [r.id for r in ruleset.rules] == [
        "pnr-modulus11",
        "antal-kun-med-valg",
        "status-aktiv",
        "vejkode-findes",
        "husnr-findes",
    ]
    assert [r.source for r in ruleset.rules] == [
        "good/minimal.yaml:20",
        "good/minimal.yaml:27",
        "good/minimal.yaml:34",
        "good/_blocks/adresse.yaml:9",
        "good/_blocks/adresse.yaml:15",
    ]
    assert ruleset.field_sources["VEJKOD"] == "good/_blocks/adresse.yaml:3"
    compiled = compile_ruleset(ruleset, tables)
    assert "def validate(" in compiled.source


def test_minimal_rule_set_validates(tables: CodeTables) -> None:
    validator = Validator(GOOD.parent, tables=tables)
    valid = {"PNR": "020280-2729", "HDTO": "2015-02-28", "KOMK": "101", "VEJKOD": "8204"}
    report = validator.check(
        "TEST-I", {**valid, "HUSNR": "5"}, stamdata={"STATUS": "01"}, today=dt.date(2015, 2, 1)
    )
    assert report.findings == () and report.undecided == ()
    report = validator.check(
        "TEST-I",
        {**valid, "ANTAL": "3", "HUSNR": "999"},
        stamdata={"STATUS": "90"},
        today=dt.date(2015, 2, 1),
        lang="en",
    )
    assert sorted(f.rule for f in report.findings) == [
        "antal-kun-med-valg",
        "husnr-findes",
        "status-aktiv",
    ]
    messages = {f.rule: f.message for f in report.findings}
    assert messages["status-aktiv"] == "The status is 90 (Inactive, deceased)"
    assert messages["antal-kun-med-valg"] == "ANTAL needs VALG X"
