"""Every link the package prints points at a real place in this repository: SARIF helpUris,
the schemas' $id, the docs' pre-commit example; pyproject's [project.urls] say the same."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from cpr_rules._project import DOCS_URL, REPOSITORY_URL, SCHEMA_URL
from cpr_rules.lint.output import render
from cpr_rules.rules.schema import SCHEMAS, render_schema

ROOT = Path(__file__).resolve().parents[1]


def _in_repo(url: str) -> Path:
    """The repository file a docs URL names."""
    assert url.startswith(DOCS_URL + "/"), url
    return ROOT / "docs" / url.removeprefix(DOCS_URL + "/")


def test_pyproject_urls_are_the_package_urls() -> None:
    """[project.urls] Repository and Documentation equal cpr_rules._project."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["urls"]
    assert urls == {"Repository": REPOSITORY_URL, "Documentation": DOCS_URL}
    assert "invalid" not in REPOSITORY_URL


def test_sarif_help_uris_name_existing_pages() -> None:
    """Each SARIF rule's helpUri, and the driver's informationUri, is a page in docs/."""
    driver = json.loads(render([], "sarif"))["runs"][0]["tool"]["driver"]
    uris = [driver["informationUri"], *(rule["helpUri"] for rule in driver["rules"])]
    assert [u for u in uris if not _in_repo(u).is_file()] == []


def test_schema_ids_name_the_committed_schemas() -> None:
    """A schema's $id is where the committed file is (docs/schema/NAME)."""
    for name in SCHEMAS:
        schema_id = json.loads(render_schema(name))["$id"]
        assert schema_id == SCHEMA_URL + name and _in_repo(schema_id).is_file()


def test_docs_link_no_placeholder_host() -> None:
    """No doc shows example.invalid as where this repository is (pre-commit's repo: …)."""
    found = [
        str(p.relative_to(ROOT))
        for p in [ROOT / "README.md", *ROOT.joinpath("docs").rglob("*.md")]
        if re.search(r"https?://[^ )]*\.invalid", p.read_text("utf-8"))
    ]
    assert found == []
