"""JSON Schemas generated from the models: the rule-file format and the JSON report.

``python -m cpr_rules.rules.schema`` rewrites ``docs/schema/*.schema.json``; a test fails when
the committed files differ from what the models give. Editors use the rule-file schema through a
first line ``# yaml-language-server: $schema=../docs/schema/ruleset.schema.json`` (see
``docs/rule-language.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from cpr_rules.rules.model import RuleSetFile
from cpr_rules.rules.report import Severity

__all__ = ["SCHEMAS", "ReportJson", "render_schema", "ruleset_schema"]

BASE_URI = "https://cpr-rules.invalid/schema/"


class _CprJson(BaseModel):
    fejl: list[int]
    anmrk: list[int]


class FindingJson(BaseModel):
    """One finding in the JSON report."""

    rule: str
    fields: list[str]
    severity: Severity
    message: str
    params: dict[str, Any]
    source: str
    cpr: _CprJson


class UndecidedJson(BaseModel):
    """One undecided rule in the JSON report."""

    rule: str
    fields: list[str]
    reason: Literal["missing", "stamdata", "invalid", "blocked"]


class ReportJson(BaseModel):
    """The JSON that ``cpr-rules check --format json`` prints and ``Report.to_dict`` returns."""

    haendelse: str
    ruleset_version: str
    ok: bool
    lang: Literal["da", "en"]
    today: dt.date
    as_of: dt.date | None
    partial: bool
    findings: list[FindingJson]
    undecided: list[UndecidedJson]
    data: dict[str, Any]
    klarskrift: dict[str, str | None]
    tables: dict[str, dt.date | None]


def ruleset_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a rule-set file."""
    schema = RuleSetFile.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_URI + "ruleset.schema.json",
        **schema,
        "title": "cpr_rules rule set",
        "description": "One CPR hændelse's rules (rulesets/<HAENDELSE>.yaml) or a shared block.",
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of ``Report.to_dict()`` / ``cpr-rules check --format json``."""
    schema = ReportJson.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_URI + "report.schema.json",
        **schema,
        "title": "cpr_rules report",
    }


SCHEMAS = {"ruleset.schema.json": ruleset_schema, "report.schema.json": report_schema}


def render_schema(name: str) -> str:
    """The exact text of a committed schema file."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    """Write the schemas into ``docs/schema`` (or the folder given)."""
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "docs/schema"
    out.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        (out / name).write_text(render_schema(name), encoding="utf-8")
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
