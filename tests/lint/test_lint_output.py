"""Diagnostics as text, JSON and GitHub annotations."""

from __future__ import annotations

import json

from cpr_rules.lint import Diagnostic
from cpr_rules.lint.output import render

ONE = Diagnostic(
    "CPRL003",
    "unknown field 'CADR_VEJKODE' (did you mean 'CADR_VEJKOD'?)",
    "rulesets/FLYTB-I.yaml",
    12,
    5,
    "error",
)
WARNING = Diagnostic("CPRL031", "rows are not sorted, 100%", "codetables/x.csv", 7, 1, "warning")


def test_text_is_one_line_per_diagnostic_and_a_count() -> None:
    """``file:line:col: CODE message``, as the issue shows it."""
    assert render([ONE], "text").splitlines() == [
        "rulesets/FLYTB-I.yaml:12:5: CPRL003 unknown field 'CADR_VEJKODE' "
        "(did you mean 'CADR_VEJKOD'?)",
        "Found 1 problem (1 error, 0 warnings).",
    ]
    assert render([], "text") == "All checks passed.\n"


def test_json_is_a_list_of_objects() -> None:
    """``--format json``: code, severity, file, line, column, message."""
    assert json.loads(render([ONE, WARNING], "json"))[1] == {
        "code": "CPRL031",
        "severity": "warning",
        "file": "codetables/x.csv",
        "line": 7,
        "column": 1,
        "message": "rows are not sorted, 100%",
    }


def test_github_annotations_escape_what_they_must() -> None:
    """``::error file=…,line=…,col=…,title=CODE::message``; ``%`` and newlines are escaped."""
    lines = render([ONE, WARNING], "github").splitlines()
    assert lines[0] == (
        "::error file=rulesets/FLYTB-I.yaml,line=12,col=5,title=CPRL003::"
        "unknown field 'CADR_VEJKODE' (did you mean 'CADR_VEJKOD'?)"
    )
    assert lines[1] == (
        "::warning file=codetables/x.csv,line=7,col=1,title=CPRL031::rows are not sorted, 100%25"
    )
    assert render([], "github") == ""
