"""The JavaScript module masks what a finding echoes exactly as Python does: random texts with
personnumre in every form the parser accepts (blanks of any kind, one hyphen, overlapping runs,
eCPRs), as an unknown field's name, a refused value, inside lists and objects, and as numbers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from _parity import case, js_view, run_node, same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpr_rules.rules import default_validator

TODAY = dt.date(2015, 2, 1)
VALID = {"PNR": "020280-2729", "HDTO": "2015-02-20", "KOMK": "0101", "CADR_VEJKOD": "8204"}
_BLANKS = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2007", "\u3000", "\x1c", ""])
_PIECES = st.one_of(
    st.text("0123456789", min_size=1, max_size=12),
    st.sampled_from(["-", "x", "AB", "æ", "😀", "/"]),
    _BLANKS,
    st.builds(lambda d, b, h: d[:6] + b + h + b + d[6:], st.text("0123456789", min_size=10,
              max_size=10), _BLANKS, st.sampled_from(["", "-"])),
)  # fmt: skip
TEXTS = st.lists(_PIECES, max_size=8).map("".join)


def test_python_and_javascript_mask_alike() -> None:
    """Same to_dict in da and en for random texts echoed as names, values and numbers."""
    cases: list[dict[str, Any]] = []

    @settings(
        max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(text=TEXTS, number=st.integers(-(10**10), 10**10))
    def collect(text: str, number: int) -> None:
        data = {
            **VALID,
            text or "x": 1,
            "CADR_SIDEDOER": text,
            "CADR_HUSNR": [text, {text: number}],
        }
        cases.append(case(data, {"STATUS": "01"}, TODAY, False))
        cases.append(case({**VALID, "CADR_ETAGE": number}, {"STATUS": text}, TODAY, False))

    collect()
    got = run_node(cases)
    validator = default_validator()
    for i, c in enumerate(cases):
        report = validator.check(
            "FLYTB-I", c["data"], stamdata=c["stamdata"], today=TODAY, partial=False
        )
        for j, want in enumerate([report.to_dict(), report.in_language("en").to_dict()]):
            want = js_view(json.loads(json.dumps(want, ensure_ascii=False)))
            assert same(want, got[2 * i + j]), (c, want, got[2 * i + j])


def _nested(depth: int, as_dict: bool) -> Any:
    value: Any = "0202802729"
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


def test_python_and_javascript_bound_depth_alike() -> None:
    """A value nested deeper than MAX_INPUT_DEPTH, in data or stamdata or under an unknown
    (personnummer) name: the same single input.too-deep finding (the module ran its rules)."""
    from cpr_rules.rules.validator import MAX_INPUT_DEPTH

    cases = []
    for depth in (MAX_INPUT_DEPTH, MAX_INPUT_DEPTH + 1, 300):
        for as_dict in (False, True):
            deep = _nested(depth, as_dict)
            cases += [
                case({**VALID, "CADR_HUSNR": deep}, {"STATUS": "01"}, TODAY, False),
                case({**VALID, "020280-2729": deep, "X": deep}, {"STATUS": "01"}, TODAY, True),
                case(VALID, {"STATUS": deep}, TODAY, False),
            ]
    got = run_node(cases)
    validator = default_validator()
    for i, c in enumerate(cases):
        report = validator.check(
            "FLYTB-I", c["data"], stamdata=c["stamdata"], today=TODAY, partial=c["partial"]
        )
        for j, want in enumerate([report.to_dict(), report.in_language("en").to_dict()]):
            want = js_view(json.loads(json.dumps(want, ensure_ascii=False)))
            assert same(want, got[2 * i + j]), (i, want["findings"], got[2 * i + j]["findings"])
