"""Hostile logs: bad lines are skipped and counted, reading is bounded, personnumre masked."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.reconcile.drift import aggregate, iter_log_lines, parse_log_line
from cpr_rules.reconcile.render import render_html, render_json, render_text

GOOD_ITEM = {
    "outcome": "translation_differs",
    "table": "vejstykker",
    "code": ["8204"],
    "ours": "Vesterbrogade",
    "theirs": "Vesterbrogade (ny)",
    "fields": ["CADR_VEJKOD"],
}


def _line(**changes: object) -> str:
    record: dict[str, object] = {
        "at": "2026-10-01T10:00:00+00:00",
        "haendelse": "FLYTB-I",
        "ruleset_version": "2026.1",
        "pnr": "010180-****",
        "items": [GOOD_ITEM],
    }
    record.update(changes)
    return json.dumps(record) + "\n"


def _item(**changes: object) -> dict[str, object]:
    return {**GOOD_ITEM, **changes}


BAD_LINES = {
    "fields-not-strings": _line(items=[_item(fields=[1])]),
    "code-not-strings": _line(items=[_item(code=[1])]),
    "code-not-a-list": _line(items=[_item(code="8204")]),
    "outcome-unknown": _line(items=[_item(outcome="?")]),
    "outcome-a-list": _line(items=[_item(outcome=[1])]),
    "outcome-missing": _line(items=[{"table": "x"}]),
    "item-not-an-object": _line(items=[[1]]),
    "items-not-a-list": _line(items={"a": 1}),
    "cpr-number-a-bool": _line(items=[_item(cpr_number=True)]),
    "cpr-number-a-float": _line(items=[_item(cpr_number=1.5)]),
    "cpr-number-ten-digits": _line(items=[_item(cpr_number=1012802729)]),
    "produced-impossible-date": _line(items=[_item(produced="2008-02-30")]),
    "produced-a-number": _line(items=[_item(produced=20080228)]),
    "text-an-object": _line(items=[_item(ours={"a": 1})]),
    "at-a-number": _line(at=5),
    "pnr-a-list": _line(pnr=[1]),
    "haendelse-an-object": _line(haendelse={}),
    "record-a-list": "[1, 2]\n",
    "record-a-string": '"x"\n',
    "not-json": "{not json}\n",
    "nan-literal": "NaN\n",
    "nested-1e5-deep": "[" * 100_000 + "]" * 100_000 + "\n",
    "object-nested-1e5-deep": '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n",
    "nested-in-items": _line(items=[_item(ours=None)])[:-2] + "," + "[" * 50_000 + "\n",
    "one-bad-item-of-two": _line(items=[GOOD_ITEM, _item(fields=[1])]),
}


@pytest.mark.parametrize("line", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_a_bad_line_is_skipped_and_counted(line: str) -> None:
    """A malformed line is one skipped line; the good lines around it still count, whole."""
    report = aggregate([_line(), line, _line()])
    assert (report.lines, report.skipped) == (3, 1)
    assert report.totals() == {"translation_differs": 2}


@pytest.mark.parametrize("line", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_parse_log_line_raises_only_value_error(line: str) -> None:
    """The per-line parser has exactly one way to refuse a line: ValueError."""
    with pytest.raises(ValueError):
        parse_log_line(line)


def test_a_line_longer_than_the_bound_is_skipped_and_memory_stays_bounded(tmp_path: Path) -> None:
    """A 20 MB line with a 64 KiB bound: skipped, counted, and never held in memory."""
    log = tmp_path / "log.jsonl"
    with log.open("w", encoding="utf-8") as fh:
        fh.write(_line())
        fh.write('{"at": "' + "x" * 20_000_000 + '"}\n')
        fh.write(_line())
        fh.write("y" * 100_000)  # the last line has no newline
    tracemalloc.start()
    report = aggregate(iter_log_lines([log], max_line_bytes=64 * 1024))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (report.lines, report.skipped) == (4, 2)
    assert report.totals() == {"translation_differs": 2}
    assert peak < 2_000_000


def test_a_line_exactly_at_the_bound_is_read(tmp_path: Path) -> None:
    """The bound counts the bytes of the line including its newline."""
    line = _line().encode()
    log = tmp_path / "log.jsonl"
    log.write_bytes(line * 2)
    assert aggregate(iter_log_lines([log], max_line_bytes=len(line))).skipped == 0
    assert aggregate(iter_log_lines([log], max_line_bytes=len(line) - 1)).skipped == 2


def test_bytes_that_are_not_utf8_do_not_stop_the_report(tmp_path: Path) -> None:
    """Invalid UTF-8 becomes U+FFFD; the line is judged like any other."""
    log = tmp_path / "log.jsonl"
    log.write_bytes(_line().encode() + b'{"at": "\xff\xfe"}\n' + b"\xff\n")
    report = aggregate(iter_log_lines([log]))
    assert (report.lines, report.skipped) == (3, 1)


PNR_FORMS = ["0101802729", "010180-2729", "010180 2729", "01 01 80 - 27 29", "0101\u00a0802729"]


@pytest.mark.parametrize("pnr", PNR_FORMS)
def test_personnumre_are_masked_in_every_output(pnr: str) -> None:
    """A full personnummer in pnr, CPR's text, a value or a code never reaches a report."""
    missed = {
        "outcome": "local_missed",
        "cpr_kind": "Fejl",
        "cpr_number": 77,
        "cpr_text": f"Personen {pnr} kan ikke flytte",
        "fields": [f"F{pnr}"],
        "rule": f"r {pnr}",
        "source": f"{pnr}.yaml:1",
    }
    differs = _item(ours=pnr, theirs=f"x {pnr}", code=[pnr], table=pnr)
    report = aggregate([_line(pnr=pnr, at=f"{pnr} 2026", items=[missed, differs])])
    assert report.skipped == 0
    for text in (render_text(report), render_json(report), render_html(report)):
        assert "2729" not in text
        assert "010180-****" in text


def test_cli_bad_line_bound_and_output_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--max-line-bytes 0, a log folder, an output in a missing folder: exit 2, one line."""
    log = tmp_path / "log.jsonl"
    log.write_text(_line(), encoding="utf-8")
    for argv in (
        ["drift", str(log), "--max-line-bytes", "0"],
        ["drift", str(log), "--max-line-bytes", "lots"],
        ["drift", str(tmp_path)],
        ["drift", str(log), "--output", str(tmp_path / "no" / "r.html")],
        ["drift", str(log), "--output", str(tmp_path)],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "Traceback" not in err, (argv, err)


def test_cli_counts_a_long_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """cpr-rules drift --max-line-bytes skips and counts a longer line."""
    log = tmp_path / "log.jsonl"
    log.write_text(_line() + _line(pnr="x" * 5000), encoding="utf-8")
    assert main(["drift", str(log), "--format", "json", "--max-line-bytes", "1000"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert (out["lines"], out["skipped"]) == (2, 1)
