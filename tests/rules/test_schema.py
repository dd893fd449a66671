"""The committed JSON Schemas are fresh, valid, and accept the shipped rule files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cpr_rules.rules.schema import SCHEMAS, render_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "docs" / "schema"
RULE_FILES = sorted((ROOT / "rulesets").rglob("*.yaml"))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_fresh(name: str) -> None:
    """docs/schema/<name> equals what the models generate (run python -m cpr_rules.rules.schema)."""
    assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == render_schema(name)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_json_schema(name: str) -> None:
    """Each schema is itself a valid JSON Schema 2020-12."""
    jsonschema.Draft202012Validator.check_schema(json.loads(render_schema(name)))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shipped_rule_files_match_the_schema(path: Path) -> None:
    """What editors validate against accepts every shipped rule file."""
    schema = json.loads(render_schema("ruleset.schema.json"))
    document = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_rule_files_declare_the_schema_for_editors(path: Path) -> None:
    """Each rule file's first line points yaml-language-server at the committed schema."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / "ruleset.schema.json").resolve()


def test_schema_rejects_an_unknown_key() -> None:
    """An editor flags a misspelt key while typing."""
    schema = json.loads(render_schema("ruleset.schema.json"))
    bad = {"haendelse": "X", "rules": [{"id": "a", "chek": {}}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


def test_generated_docs_are_fresh() -> None:
    """docs/rule-language.md's reference block and docs/rulesets/*.md are regenerated."""
    from cpr_rules._paths import rulesets_dir
    from cpr_rules.rules.docs import render_ruleset_page, update_rule_language
    from cpr_rules.rules.loader import load_rulesets

    page = (ROOT / "docs" / "rule-language.md").read_text(encoding="utf-8")
    assert update_rule_language(page) == page, "run python -m cpr_rules.rules.docs"
    for name, ruleset in load_rulesets(rulesets_dir()).items():
        committed = (ROOT / "docs" / "rulesets" / f"{name}.md").read_text(encoding="utf-8")
        assert committed == render_ruleset_page(ruleset), "run python -m cpr_rules.rules.docs"
