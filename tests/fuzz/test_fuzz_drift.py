"""Fuzz: any log line is aggregated or skipped and counted; reports render and mask every
personnummer; in bounded time and memory."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from strategies import log_lines

from cpr_rules.personnummer import mask_text
from cpr_rules.reconcile.drift import aggregate
from cpr_rules.reconcile.render import render_html, render_json, render_text

from ._bounds import FUZZ, bounded

_TEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])")


@FUZZ
@given(st.lists(log_lines(), max_size=8))
def test_any_lines(lines: list[str]) -> None:
    """Every non-blank line counts; no rendering raises; no output holds an unmasked number."""

    def run() -> list[str]:
        report = aggregate(lines)
        assert report.lines == sum(1 for line in lines if line.strip())
        assert 0 <= report.skipped <= report.lines
        return [render_text(report), render_json(report), render_html(report)]

    outputs = bounded(run)
    assert isinstance(outputs, list)
    for out in outputs:
        assert mask_text(out) == out, "an output holds a personnummer mask_text would mask"
        assert not _TEN_DIGITS.search(out)
