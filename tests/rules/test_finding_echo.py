"""What a finding echoes of the input (a value it refused, an unknown field's name) never holds
a personnummer in full, in any form the parser accepts, and is always strict JSON: a number
that is not finite (``1e400`` reads as infinity) is ``null``."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest

from cpr_rules.cli import main
from cpr_rules.rules import default_validator
from cpr_rules.rules.validator import MAX_INPUT_DEPTH

TODAY = dt.date(2015, 2, 1)
VALID = {"PNR": "020280-2729", "HDTO": "2015-02-20", "KOMK": "0101", "CADR_VEJKOD": "8204"}
STAMDATA = {"STATUS": "01"}
FORMS = ["1202802729", "120280-2729", "120280 2729", " 1 2 0 2 8 0 - 2 7 2 9 ", "120280\u00a02729"]
RULESET = default_validator().compiled("FLYTB-I").ruleset


def _strict(report: Any) -> str:
    """The report in both languages as strict JSON (``allow_nan=False``) and as reprs."""
    texts = [
        json.dumps(r.to_dict(), ensure_ascii=False, allow_nan=False)
        + repr(r.findings)
        + "".join(f.message for f in r.findings)
        for r in (report, report.in_language("en"))
    ]
    return "".join(texts)


def _leaks(text: str) -> bool:
    return "2729" in text or "2 7 2 9" in text


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("field", [*RULESET.fields, *RULESET.stamdata])
def test_a_personnummer_in_any_field_is_masked(field: str, form: str) -> None:
    """A personnummer typed into any field (as text, in a list, as an object's key, as a
    number) is masked in to_dict, in every message and in the findings' repr."""
    where = "stamdata" if field in RULESET.stamdata and field not in RULESET.fields else "data"
    number = int("".join(c for c in form if c.isdigit()))
    for value in (form, [form, 1], {form: form}, number, float(number)):
        data, stamdata = {**VALID, "PNR": "020280-2729"}, dict(STAMDATA)
        (stamdata if where == "stamdata" else data)[field] = value
        report = default_validator().check("FLYTB-I", data, stamdata=stamdata, today=TODAY)
        text = _strict(report).replace("020280-****", "")
        assert not _leaks(text), (field, value, text[:2000])


@pytest.mark.parametrize("form", FORMS)
def test_an_unknown_field_named_by_a_personnummer_is_masked(form: str) -> None:
    """A field name that is a personnummer: the unknown-field finding names it masked, and so
    does a too-deep finding under that name."""
    deep: Any = "x"
    for _ in range(MAX_INPUT_DEPTH + 1):
        deep = [deep]
    for value in ("x", deep):
        report = default_validator().check("FLYTB-I", {**VALID, form: value}, today=TODAY)
        assert report.findings and not _leaks(_strict(report).replace("120280-****", ""))


@pytest.mark.parametrize(
    "value", [math.inf, -math.inf, math.nan, [math.inf], {"a": [math.nan]}, [[{"b": -math.inf}]]]
)
@pytest.mark.parametrize("field", ["HDTO", "CADR_HUSNR", "CADR_SIDEDOER", "STATUS"])
def test_numbers_that_are_not_finite_are_null(field: str, value: Any) -> None:
    """Infinity or NaN anywhere in a refused value: the report is strict JSON (it was not)."""
    data, stamdata = dict(VALID), dict(STAMDATA)
    (stamdata if field == "STATUS" else data)[field] = value
    report = default_validator().check("FLYTB-I", data, stamdata=stamdata, today=TODAY)
    assert field in {f for x in report.findings for f in x.fields}
    _strict(report)


@pytest.mark.parametrize("text", ["1e400", "-1e400", "NaN", "[Infinity]"])
def test_cli_check_prints_strict_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    """`cpr-rules check --format json` on a file with 1e400 or NaN prints strict JSON."""
    path = tmp_path / "data.json"
    path.write_text('{"PNR": "020280-2729", "HDTO": ' + text + "}", encoding="utf-8")
    assert main(["check", "FLYTB-I", str(path), "--format", "json", "--today", "2015-02-01"]) == 1

    def refuse(name: str) -> None:
        raise ValueError(name)

    report = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert any(f["fields"] == ["HDTO"] for f in report["findings"])
