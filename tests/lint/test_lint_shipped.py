"""The shipped rule sets and code tables are clean, and the linter finds everything the
loader rejects (at the same line), and more."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpr_rules._paths import codetables_dir, rulesets_dir
from cpr_rules.errors import RuleSetError
from cpr_rules.lint import lint_paths
from cpr_rules.rules import load_ruleset
from cpr_rules.tables import CodeTables

ROOT = Path(__file__).resolve().parents[2]
LOADER_BAD = sorted((ROOT / "tests" / "rules" / "bad").glob("bad.*.yaml"))
FALLBACK = "the rule set does not load"


def test_shipped_rule_sets_and_code_tables_are_clean() -> None:
    """`cpr-rules lint` finds nothing in rulesets/ and codetables/ (with their suppressions)."""
    assert lint_paths([rulesets_dir(), codetables_dir()], cache=False) == []


def test_shipped_rule_sets_have_a_lock() -> None:
    """Every rule id of the shipped rule sets is recorded in rulesets/rule-ids.lock."""
    assert (rulesets_dir() / "rule-ids.lock").is_file()
    assert lint_paths([rulesets_dir()], select=["CPRL013", "CPRL014", "CPRL015"]) == []


@pytest.mark.skipif(not LOADER_BAD, reason="tests/rules/bad not present")
@pytest.mark.parametrize("path", LOADER_BAD, ids=lambda p: p.name)
def test_linter_reports_what_the_loader_rejects(path: Path, tables: CodeTables) -> None:
    """For each rule file the loader rejects, a lint check reports an error at its line."""
    with pytest.raises(RuleSetError) as caught:
        load_ruleset(path, tables)
    err = caught.value
    assert err.file is not None
    where = (path.parents[1] / err.file).resolve(), err.line
    errors = [
        d
        for d in lint_paths([path], cache=False)
        if d.severity == "error" and not d.message.startswith(FALLBACK)
    ]
    assert where in {(Path(d.file).resolve(), d.line) for d in errors}, (str(err), errors)


def test_one_table_is_linted_with_its_manifest_suppressions() -> None:
    """Linting one CSV judges only its own suppressions in the manifest, not the others'."""
    assert lint_paths([codetables_dir() / "kommuner.csv"], cache=False) == []
    assert lint_paths([codetables_dir() / "postdistrikter.csv"]) == []


def test_a_changed_table_is_linted_with_the_rule_sets_that_use_it(tmp_path: Path) -> None:
    """A table change that drops a code a rule set relies on is caught from the CSV alone."""
    import shutil

    import yaml

    tables, rules = tmp_path / "codetables", tmp_path / "rulesets"
    tables.mkdir()
    rules.mkdir()
    manifest = yaml.safe_load((codetables_dir() / "manifest.yaml").read_text(encoding="utf-8"))
    kept = {name: manifest["tables"][name] for name in ("kommuner", "statuskoder")}
    (tables / "manifest.yaml").write_text(yaml.safe_dump({"tables": kept}), encoding="utf-8")
    shutil.copy(codetables_dir() / "kommuner.csv", tables)
    status = (codetables_dir() / "statuskoder.csv").read_text(encoding="utf-8")
    without_03 = "".join(line for line in status.splitlines(True) if not line.startswith("03,"))
    (tables / "statuskoder.csv").write_text(without_03, encoding="utf-8")
    fixture = ROOT / "tests" / "lint" / "fixtures" / "CPRL033" / "good.status-codes.yaml"
    shutil.copy(fixture, rules / "TEST-I.yaml")
    found = lint_paths([tables / "statuskoder.csv"], ignore=["CPRL039"], cache=False)
    assert [(Path(d.file).name, d.code) for d in found] == [("TEST-I.yaml", "CPRL033")]
    assert "code 03 is not in table 'statuskoder'" in found[0].message
