"""Python and the generated JavaScript module give the same report, messages included.

At least 10,000 random submissions, from the two generators of the Python tests: the realistic
FLYTB-I submissions of the benchmark (valid moves on real addresses, realistic defects; one
address in every kommune besides) and hypothesis's hostile JSON values of the validator's
property tests (any JSON value as data and stamdata, any date, partial or not). Each is checked
in Danish and English; Node runs once over the whole batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from _parity import case, js_view, run_node, same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpr_rules.rules import Validator, default_validator

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests" / "rules")]

import test_validator_properties as props  # noqa: E402
from _flytb_submissions import generate  # noqa: E402

HOSTILE = 3_000 if os.environ.get("CI") else 1_000
REALISTIC = 7_000 if os.environ.get("CI") else 1_000


def _realistic(validator: Validator) -> list[dict[str, Any]]:
    rng = random.Random(15)
    cases = []
    for s in generate(REALISTIC, seed=15, tables=validator.tables):
        cases.append(case(s.data, s.stamdata, s.today, rng.random() < 0.2))
    post = validator.tables["postdistrikter"]
    seen: set[str] = set()
    for row in post.rows():  # one real address in every kommune of the table
        komk = row["kommunekode"]
        if komk in seen:
            continue
        seen.add(komk)
        husnr = row["husnr_fra"].strip() or "1"
        data = {
            "PNR": "0202802729",
            "HDTO": "2015-02-28",
            "KOMK": komk,
            "CADR_VEJKOD": row["vejkode"],
            "CADR_HUSNR": husnr,
        }
        cases.append(case(data, {"STATUS": "01"}, dt.date(2015, 2, 1), False))
    return cases


def _hostile() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []

    @settings(
        max_examples=HOSTILE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        data=st.one_of(props.submissions, props.json_values),
        stamdata=props.stamdata_values,
        today=props.todays,
        partial=st.booleans(),
    )
    def collect(data: Any, stamdata: Any, today: dt.date, partial: bool) -> None:
        cases.append(case(data, stamdata, today, partial))

    collect()
    return cases


def _python(validator: Validator, c: dict[str, Any]) -> list[Any]:
    today = dt.date.fromisoformat(c["today"])
    report = validator.check(
        "FLYTB-I", c["data"], stamdata=c["stamdata"], today=today, partial=c["partial"]
    )
    return [report.to_dict(), report.in_language("en").to_dict()]


def test_python_and_javascript_agree_on_random_submissions() -> None:
    """Identical ``to_dict()`` in da and en for >= 10,000 submissions in CI."""
    validator = default_validator()
    cases = _realistic(validator) + _hostile()
    assert len(cases) >= (10_000 if os.environ.get("CI") else 2_000)
    expected = [r for c in cases for r in _python(validator, c)]
    actual = run_node(cases)
    assert len(actual) == len(expected)
    for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
        want = js_view(json.loads(json.dumps(want, ensure_ascii=False)))
        if not same(want, got):
            c = cases[i // 2]
            diff = {k: (want[k], got.get(k)) for k in want if not same(want[k], got.get(k))}
            raise AssertionError(
                f"case {i // 2} ({'da' if i % 2 == 0 else 'en'}): "
                f"{json.dumps(c, ensure_ascii=False)[:2000]}\n"
                f"differs in {json.dumps(diff, ensure_ascii=False, default=str)[:4000]}"
            )
