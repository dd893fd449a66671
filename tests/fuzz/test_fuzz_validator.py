"""Fuzz: any JSON value, however deep or wide, in any field or as stamdata gives a Report whose
messages, ``to_dict()`` and JSON never raise, in bounded time and memory."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st
from strategies import deep_json

from cpr_rules.rules import Report, default_validator

from ._bounds import FUZZ, bounded

FIELDS = ["PNR", "HDTO", "KOMK", "CADR_VEJKOD", "CADR_HUSNR", "CADR_ETAGE", "BESKYT", "X"]


def _everything(report: Report) -> str:
    """Every text a caller can ask a report for."""
    texts = [f.message for f in report.findings]
    texts += [f.message for f in report.in_language("en").findings]
    return json.dumps(report.to_dict(), ensure_ascii=False) + "".join(texts)


@FUZZ
@given(
    st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), deep_json(), max_size=6),
    st.none() | st.dictionaries(st.sampled_from(["STATUS", "KOMK"]), deep_json(), max_size=2),
    st.booleans(),
)
def test_any_json_in_any_field(data: dict[str, object], stamdata: object, partial: bool) -> None:
    """A report with renderable messages and JSON; deep values are one input.too-deep finding."""
    validator = default_validator()

    def run() -> str:
        report = validator.check(
            "FLYTB-I", data, stamdata=stamdata, today=dt.date(2015, 2, 1), partial=partial
        )
        return _everything(report)

    outcome = bounded(run)
    assert isinstance(outcome, str)


@FUZZ
@given(deep_json())
def test_any_json_as_the_submission(value: object) -> None:
    """A non-object or deep object as the whole submission: a report, never an exception."""
    validator = default_validator()
    outcome = bounded(lambda: _everything(validator.check("FLYTB-I", value)))
    assert isinstance(outcome, str)
