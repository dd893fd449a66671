"""Diagnostics as text, JSON, SARIF 2.1.0 or GitHub annotations (``--format``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cpr_rules._project import DOCS_URL
from cpr_rules.lint.diagnostic import Diagnostic, LintCheck
from cpr_rules.lint.registry import CHECKS

__all__ = ["DOCS_URL", "FORMATS", "render"]


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def text(diagnostics: Sequence[Diagnostic]) -> str:
    """``file:line:col: CODE message``, one per line, then a count."""
    lines = [f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in diagnostics]
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics:
        noun = "problem" if len(diagnostics) == 1 else "problems"
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        lines.append(f"Found {len(diagnostics)} {noun} ({counts}).")
        fixable = sum(d.fix is not None or d.code == "CPRL013" for d in diagnostics)
        if fixable:
            lines.append(f"{fixable} fixable with `cpr-rules lint --fix`.")
    else:
        lines.append("All checks passed.")
    return "\n".join(lines) + "\n"


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of ``{code, severity, file, line, column, message}``."""
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def _escape(value: str, *, in_property: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if in_property else value


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: an annotation per diagnostic on the changed file."""
    lines = []
    for d in diagnostics:
        props = ",".join(
            f"{k}={_escape(str(v), in_property=True)}"
            for k, v in (("file", d.file), ("line", d.line), ("col", d.column), ("title", d.code))
        )
        lines.append(f"::{d.severity} {props}::{_escape(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _uri(file: str) -> str:
    path = Path(file)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _sarif_rule(check: LintCheck) -> dict[str, Any]:
    first = check.summary.split(". ")[0].rstrip(".") + "."
    return {
        "id": check.code,
        "name": "".join(part.capitalize() for part in check.name.split("-")),
        "shortDescription": {"text": first},
        "fullDescription": {"text": check.summary},
        "help": {"text": f"{check.why}\n\n{check.fix}", "markdown": f"{check.why}\n\n{check.fix}"},
        "helpUri": f"{DOCS_URL}/lint/{check.code}.md",
        "defaultConfiguration": {"level": check.severity},
        "properties": {"tags": [check.name]},
    }


def _sarif_result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    region = {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)}
    if d.end_line is not None and d.end_column is not None:
        region |= {"endLine": d.end_line, "endColumn": d.end_column}
    return {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": d.severity,
        "message": {"text": d.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(d.file)}, "region": region}}
        ],
    }


def sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """A SARIF 2.1.0 log with one run: the linter's rules, then one result per diagnostic."""
    from cpr_rules import __version__

    index = {code: i for i, code in enumerate(CHECKS)}
    driver = {
        "name": "cpr-rules lint",
        "version": __version__,
        "informationUri": f"{DOCS_URL}/lint/README.md",
        "rules": [_sarif_rule(check) for check in CHECKS.values()],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(d, index) for d in diagnostics],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    "text": text,
    "json": as_json,
    "sarif": sarif,
    "github": github,
}


def render(diagnostics: Sequence[Diagnostic], fmt: str) -> str:
    """The diagnostics in format ``fmt`` (a key of :data:`FORMATS`)."""
    return FORMATS[fmt](diagnostics)
