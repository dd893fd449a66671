"""Staged drift: reconciliations of real reports against CPR verdicts staged for each case,
logged as portals log them, then read back by ``cpr-rules drift``; the report says what to
write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from _verdicts import Verdict

from cpr_rules.cli import main
from cpr_rules.reconcile import Outcome, reconcile_with
from cpr_rules.reconcile.drift import aggregate
from cpr_rules.rules import Validator
from tests.samples import ACTIVE as STAM
from tests.samples import TABLES_DAY as TODAY
from tests.samples import VALID_MOVE as GOOD

AT = dt.datetime(2015, 2, 1, 12, 0, tzinfo=dt.UTC)


def _line(validator: Validator, verdict: Verdict, **changes: Any) -> str:
    report = validator.check("FLYTB-I", {**GOOD, **changes}, stamdata=STAM, today=TODAY)
    rec = reconcile_with(validator, report, verdict)
    return json.dumps(rec.to_log(pnr="020280-****", at=AT), ensure_ascii=False) + "\n"


def test_a_numberless_fejl_says_add_a_rule_grouped_by_text_and_field(
    validator: Validator,
) -> None:
    """CPR Fejl with number 0 or none: "add a rule", one group per CPR text and field, with the
    masked values that met it."""
    lines = [
        _line(validator, Verdict("Fejl", 0, "Husnummer findes ikke", "CADR_HUSNR")),
        _line(validator, Verdict("Fejl", None, "Husnummer findes ikke", "CADR_HUSNR")),
        _line(validator, Verdict("Fejl", 0, "Etage findes ikke", "CADR_ETAGE"), CADR_ETAGE="3"),
        _line(validator, Verdict("Fejl", 0, "Husnummer findes ikke", "CADR_HUSNR"), CADR_HUSNR="7"),
    ]
    report = aggregate(lines)
    groups = {(e.item.cpr_text, e.item.fields): e for e in report.drift()}
    assert set(groups) == {
        ("Husnummer findes ikke", ("CADR_HUSNR",)),
        ("Etage findes ikke", ("CADR_ETAGE",)),
    }
    husnr = groups["Husnummer findes ikke", ("CADR_HUSNR",)]
    assert husnr.count == 3 and husnr.item.outcome is Outcome.LOCAL_MISSED
    action = husnr.to_dict()["action"]
    assert "add a rule" in action and "CADR_HUSNR=005" in action
    assert "fix the rule that declares" not in action


def test_the_log_line_records_the_masked_values(validator: Validator) -> None:
    """The values that met CPR's verdict are in the log line, personnumre masked."""
    line = json.loads(_line(validator, Verdict("Fejl", 0, "Personen findes ikke", "PNR")))
    (item,) = line["items"]
    assert item["values"] == {"PNR": "020280-****"}
    assert "0202802729" not in json.dumps(line)


def test_translation_differs_names_the_whole_key(validator: Validator) -> None:
    """A street's klarskrift that differs names kommune and vejkode, not the vejkode alone."""
    verdict = Verdict("Ok", translations={"CADR_VEJKOD": "Vesterbrogade (ny)"})
    report = aggregate([_line(validator, verdict)])
    (entry,) = report.drift()
    assert entry.item.outcome is Outcome.TRANSLATION_DIFFERS
    assert entry.item.code == ("0101", "8204")
    assert "0101/8204" in entry.to_dict()["action"]


def test_a_log_of_only_unreadable_lines_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every line unreadable: exit 2 and a sentence saying so, no empty report."""
    log = tmp_path / "bad.jsonl"
    log.write_text("{not json}\nnor this\n", encoding="utf-8")
    assert main(["drift", str(log)]) == 2
    captured = capsys.readouterr()
    assert "none of the 2 lines" in captured.err and captured.out == ""


def test_the_cli_reports_staged_drift(
    validator: Validator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cpr-rules drift --format json` over a staged log: exit 1, the add-a-rule action."""
    log = tmp_path / "log.jsonl"
    log.write_text(
        _line(validator, Verdict("Ok"))
        + _line(validator, Verdict("Fejl", 0, "Husnummer findes ikke", "CADR_HUSNR")),
        encoding="utf-8",
    )
    assert main(["drift", str(log), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    (entry,) = out["drift"]
    assert entry["values"] == {"CADR_HUSNR": "005"} and "add a rule" in entry["action"]
