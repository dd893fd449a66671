"""The drift aggregation's fast paths change nothing: JSON is parsed exactly as ``json.loads``
parses it, and remembering items and strings gives the report a plain per-line pass gives."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cpr_rules.personnummer import mask_text
from cpr_rules.reconcile.drift import _loads, aggregate, parse_log_line

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _drift_log import iter_lines  # noqa: E402


def _outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "ok", parse(text)
    except RecursionError:
        return "deep", None
    except ValueError as exc:
        return "error", type(exc).__name__


_json_text = st.one_of(
    st.text(alphabet=' \t\n\r\x0b\ufeff{}[]",:0123456789.eE+-nulltruefalseNaN\\abc', max_size=40),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
        max_leaves=8,
    ).map(json.dumps),
)


@settings(max_examples=400)
@given(text=_json_text, before=st.sampled_from(["", " ", "\n", "\x0b"]), after=_json_text)
def test_fast_loads_is_json_loads(text: str, before: str, after: str) -> None:
    """Whatever the line, the fast parser returns or refuses exactly what json.loads does."""
    for line in (text, before + text, text + after[:2], text + "\n"):
        assert _outcome(_loads, line) == _outcome(json.loads, line)


def _reference(lines: list[str]) -> dict[str, Any]:
    """Per line, without memories: every item and string masked, then counted."""
    entries: dict[Any, dict[str, Any]] = {}
    skipped = 0
    for line in lines:
        try:
            _, _, _, items = parse_log_line(line)
        except ValueError:
            skipped += 1
            continue
        at = json.loads(line).get("at") or ""  # raw: first/last are masked once chosen
        for item in items:
            entry = entries.setdefault(item.key(), {"count": 0, "seen": []})
            entry["count"] += 1
            entry["seen"].append(at)
    return {"skipped": skipped, "entries": entries}


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 50),
    junk=st.lists(
        st.sampled_from(
            [
                '{"at": "0101802729", "items": [{"outcome": "agree"}]}',
                '{"at": "2026-01-01T00:00:00", "pnr": "0101802729", "items": []}',
                '{"items": [{"outcome": "agree", "rule": "x 010180 2729"}]}',
                '{"items": [{"outcome": "nope"}]}',
                '{"items": [{"outcome": "agree", "fields": [[1]]}]}',
                "[1, 2]",
                "{} x",
            ]
        ),
        max_size=6,
    ),
)
def test_remembering_changes_no_report(seed: int, junk: list[str]) -> None:
    """The aggregate equals a plain pass over the same lines, and shows no personnummer."""
    lines = [*iter_lines(60, seed=seed), *junk]
    report = aggregate(lines)
    reference = _reference(lines)
    assert report.skipped == reference["skipped"]
    assert {k: e.count for k, e in report.entries.items()} == {
        k: e["count"] for k, e in reference["entries"].items()
    }
    for key, entry in report.entries.items():
        seen = reference["entries"][key]["seen"]
        assert entry.first_seen == mask_text(min(s for s in seen if s) if any(seen) else "")
        assert entry.last_seen == mask_text(max(seen))
    text = json.dumps(report.to_dict())
    assert "2729" not in text
