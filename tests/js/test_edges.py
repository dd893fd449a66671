"""Directed edge cases of parity: values where Python's and JavaScript's text handling differ
(Unicode digits and blanks, case mappings that land in ASCII, Python's 4,300-digit limit of
``int()``, JSON numbers, key order), each checked in both engines in one Node run."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from _parity import case, js_view, run_node, same

from cpr_rules.rules import default_validator
from tests.samples import ACTIVE as STAMDATA
from tests.samples import TABLES_DAY as TODAY
from tests.samples import VALID_MOVE as VALID

EDGES: dict[str, list[Any]] = {
    "PNR": [
        "0202802729",
        " 020280 2729 ",
        "020280--2729",
        "6702802729",
        "020280-2AB9",
        "3102802729",
        202802729,
        ["0202802729"],
        "٠٢٠٢٨٠٢٧٢٩",
        "0202802729\u00a0",
        "\u2003020280-2729",
        "0101651234",
        "0101001234",
        "0101581234",
        "x" * 5000,
    ],
    "HDTO": [
        "20150228",
        " 2015-02-28\u3000",
        "２０１５０２２８",
        "²⁰¹⁵0228",
        "2015-02-2٨",
        "00000101",
        "99991231",
        "00010101",
        "2015-13-01",
        20150228,
        2015.5,
        "2015-02-28T",
        "\x1c2015-02-28\x1f",
        "\u180e2015-02-28",
        "\ufeff2015-02-28",
    ],
    "KOMK": ["101", 101, 101.0, "١٠١", "0101 ", "\t101", "00101", True, "-1", 1e20, 2**60],
    "CADR_HUSNR": [
        "5",
        "5 b",
        "5b",
        "005B",
        "٣",
        "1000",
        "0",
        "5\u00a0b",
        "5  b",
        "b5",
        "999z",
        "٣\u2028a",
        "05ſ",
    ],
    "CADR_ETAGE": [
        "st",
        "ST.",
        "st..",
        "\u212al",
        "k1",
        "3",
        "03",
        "003",
        "100",
        "9" * 4400,
        "0" * 4301,
        "0",
        "kl.",
        " 3 . ",
        "\u212a2",
        "İ",
    ],
    "CADR_SIDEDOER": [
        "tv",
        "TV",
        "7",
        "0" * 5000 + "7",
        "0" * 4299 + "7",
        "00000",
        "12345",
        "a/b",
        "-",
        "3-1",
        "ÆØÅ",
        "İ",
        "\u212ab",
        "ǅ",
    ],
    "CADR_BNR": ["b-3", "ß", "ﬀ", "0101", "12345", "ı1", "ſ", "ŉ", "ÿ", "µ"],
    "CADR_CONVN": [
        "c/o Janne",
        "C/O  Hansen",
        "c/o",
        "c/o ×",
        "c/o Ærø",
        "K/o x",
        "c/o " + "a" * 31,
        "c/o ﬁ",
        "c/o \u212aarl",
        "c/o -x",
        "c/o \u00a0x",
        "c/o \U0001d504nna",  # an astral letter: one code point, two UTF-16 units
        "c/o " + "\U0001d504" * 30,  # 34 code points, 64 UTF-16 units
        "c/o " + "\U0001d504" * 31,
        "\U0001d504/o x",
        " c/o Hansen\x1f",  # ASCII blanks that Python's strip() removes
        "\x0bc/o Hansen\x0c",
    ],
    "CBSK_VALG1": ["x", "ſ", "s", "X ", "ẋ", "ﬅ", "\x1dX\x1e", "\x85X", "\x7fX"],
    "CBSK_ANTALAAR1": ["1", 1, "0", "19" * 10, "１", "999999999999999999", 10**17],
}


def _cases() -> list[dict[str, Any]]:
    cases = []
    for field, values in EDGES.items():
        for value in values:
            extra = {"CBSK_VALG1": "X"} if field == "CBSK_ANTALAAR1" else {}
            cases.append(case({**VALID, **extra, field: value}, STAMDATA, TODAY, False))
    for stamdata in [
        {"STATUS": "90"},
        {"STATUS": "1"},
        {"STATUS": "x"},
        {"BESKYT": "1,4"},
        {"STATUS": "01", "BESKYT": ["00001", "x"]},
        {"BESKYT": [1, 2]},
        {"BESKYT": ""},
        {"I_VENT_MRK": "x"},
    ]:
        cases.append(case({**VALID, "CBSK_VALG2": "S"}, stamdata, TODAY, False))
    for data in [
        {"5": 1, "FOO": 2, "1": 3, **VALID},
        {"😀" * 70: 1},
        {"": None},
        {"4294967295": 1, "4294967294": 2},
    ]:
        cases.append(case(data, STAMDATA, TODAY, True))
    # a street side given whole (both bounds blank) beside a husnr interval: the interval holds
    for husnr in ("2", "1", "44"):
        data = {**VALID, "KOMK": "0326", "CADR_VEJKOD": "0902", "CADR_HUSNR": husnr}
        cases.append(case(data, STAMDATA, TODAY, False))
    for today in (dt.date.min, dt.date.max, dt.date(2000, 2, 29), dt.date(1, 12, 31)):
        cases.append(case(VALID, STAMDATA, today, False))
    return cases


def test_edge_values_agree() -> None:
    """Each edge value gives the same report in Python and JavaScript, in da and en."""
    validator, cases = default_validator(), _cases()
    got = run_node(cases)
    wrong = []
    for i, c in enumerate(cases):
        report = validator.check(
            "FLYTB-I",
            c["data"],
            stamdata=c["stamdata"],
            today=dt.date.fromisoformat(c["today"]),
            partial=c["partial"],
        )
        for j, want in enumerate([report.to_dict(), report.in_language("en").to_dict()]):
            want = js_view(json.loads(json.dumps(want)))
            if not same(want, got[2 * i + j]):
                diff = {
                    k: (want[k], got[2 * i + j].get(k))
                    for k in want
                    if not same(want[k], got[2 * i + j].get(k))
                }
                wrong.append((json.dumps(c, ensure_ascii=False)[:300], diff))
    assert not wrong, json.dumps(wrong[:6], ensure_ascii=False, default=str)
