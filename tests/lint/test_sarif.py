"""``--format sarif`` is a valid SARIF 2.1.0 log (validated against the official schema)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cpr_rules.lint import CHECKS, lint_paths
from cpr_rules.lint.output import DOCS_URL, render

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BAD = HERE / "fixtures" / "CPRL019" / "bad.example-expects-wrong-outcome.yaml"
TABLE = HERE / "fixtures" / "CPRL032" / "bad.intervals-overlap"


def _validate(log: object) -> None:
    validator = jsonschema.Draft7Validator(
        SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_the_committed_schema_is_the_sarif_schema() -> None:
    """The schema file is a draft-07 JSON Schema for SARIF 2.1.0."""
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]


@pytest.mark.parametrize("paths", [[BAD, TABLE], []], ids=["findings", "clean"])
def test_sarif_output_validates(paths: list[Path]) -> None:
    """A log with results, and one without, both validate against the official schema."""
    diagnostics = lint_paths(paths, cache=False) if paths else []
    log = json.loads(render(diagnostics, "sarif"))
    _validate(log)
    assert len(log["runs"]) == 1
    assert len(log["runs"][0]["results"]) == len(diagnostics)


def test_sarif_describes_every_rule_and_result() -> None:
    """Rules come from the registry with a help page; results point at file, line, column."""
    diagnostics = lint_paths([BAD], ignore=["CPRL037", "CPRL038", "CPRL039"], cache=False)
    run = json.loads(render(diagnostics, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CHECKS)
    assert rules[18]["helpUri"] == f"{DOCS_URL}/lint/CPRL019.md"
    assert all(r["shortDescription"]["text"] for r in rules)
    result = run["results"][0]
    assert result["ruleId"] == "CPRL019" and result["level"] == "error"
    assert rules[result["ruleIndex"]]["id"] == "CPRL019"
    location = result["locations"][0]["physicalLocation"]
    assert location["region"] == {
        "startLine": diagnostics[0].line,
        "startColumn": diagnostics[0].column,
    }
    assert location["artifactLocation"]["uri"].endswith("bad.example-expects-wrong-outcome.yaml")
