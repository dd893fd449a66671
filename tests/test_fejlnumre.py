"""Bilag 13's form numbers: one table, each number found in bilag 13 at the cited line, and the
finding's defect mapped to it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from cpr_rules.fejlnumre import (
    FORM_NUMBERS,
    FORM_SOURCES,
    FORM_TEXTS,
    form_number,
    form_text,
    not_on_ctmyn,
)
from cpr_rules.rules import Validator

BILAG13 = Path(__file__).parents[1] / "../shared/reference/cpr-services/bilag-13-fejlnumre.txt"


def test_every_text_is_bilag_13s_for_that_field_and_number() -> None:
    """FORM_TEXTS: each text stands in bilag 13 (line breaks folded) in the field's row, and
    the number is one FORM_NUMBERS gives that field."""
    text = " ".join(BILAG13.read_text(encoding="utf-8").split())
    row = {"KOMK": "KOMK GKNUM-2N", "CADR_VEJKOD": "VEJK Feltet"}  # bilag-13 l.125, l.224
    for (field, number), says in FORM_TEXTS.items():
        assert number in {n for (f, _), n in FORM_NUMBERS.items() if f == field}
        start = text.index(row[field])
        assert says in text[start : start + 400], (field, says)


def test_every_number_has_a_source_line_that_says_it() -> None:
    lines = BILAG13.read_text(encoding="utf-8").splitlines()
    assert set(FORM_SOURCES) == set(FORM_NUMBERS.values())
    for number, source in FORM_SOURCES.items():
        cited = [int(n) for n in re.findall(r"l\.(\d+)", source)]
        assert cited, source
        for line in cited:
            assert str(number) in lines[line - 1], (number, line, lines[line - 1])


@pytest.mark.parametrize(
    ("fields", "field", "number"),
    [
        ({"CADR_VEJKOD": ""}, "CADR_VEJKOD", 724),
        ({"CADR_VEJKOD": "12345"}, "CADR_VEJKOD", 724),
        ({"CADR_VEJKOD": "x1"}, "CADR_VEJKOD", 725),
        ({"CADR_VEJKOD": "12a4"}, "CADR_VEJKOD", 725),
        ({"KOMK": ""}, "KOMK", 3974),
        ({"KOMK": "01011"}, "KOMK", 724),
        ({"KOMK": "01a1"}, "KOMK", 725),
        ({"PNR": "abc"}, "PNR", 52),
        ({"PNR": "3201010000"}, "PNR", 52),
        ({"CADR_HUSNR": "x"}, "CADR_HUSNR", None),
    ],
)
def test_form_number_of_the_validators_finding(
    fields: dict[str, str], field: str, number: int | None
) -> None:
    data = {
        "PNR": "0101801234",
        "HDTO": "2015-02-20",
        "KOMK": "0101",
        "CADR_VEJKOD": "8204",
        "CADR_HUSNR": "5",
        **fields,
    }
    report = Validator().check("FLYTB-I", data, today=dt.date(2015, 2, 1))
    (finding,) = [f for f in report.errors if field in f.fields]
    assert form_number(finding) == number
    assert (form_text(finding) is None) == (number in (None, 52))


def test_docs_reconcile_lists_every_field_and_number_of_the_table() -> None:
    """docs/reconcile.md's table of bilag 13's numbers is FORM_NUMBERS: each (field, number) of
    the table is a row there, and no row names another."""
    doc = (Path(__file__).parents[1] / "docs" / "reconcile.md").read_text(encoding="utf-8")
    section = doc.split("### Bilag 13's numbers for a field of the wrong form", 1)[1]
    rows = set(re.findall(r"^\| `([A-Z_]+)` \| [^|]+ \| (\d+) \|", section, re.MULTILINE))
    assert rows == {(field, str(number)) for (field, _), number in FORM_NUMBERS.items()}


@pytest.mark.parametrize(
    ("komk", "expected"),
    [("0999", True), ("0001", False), ("1084", False), ("0171", False), ("9999", False)],
)
def test_not_on_ctmyn_only_for_a_code_that_is_no_myndighed_at_any_date(
    komk: str, expected: bool
) -> None:
    """3975 (bilag-13 l.132-135, GX905 "findes på CTMYN"): 0999 is no myndighed; the CPR office
    (0001), a region (1084), Ledøje-Smørum (0171, ended 2006) and 9999 ("Ukendt (Sogn)") are
    on CTMYN, so their refusal is the rule's. The type check's findings never give 3975."""
    validator = Validator()
    data = {"PNR": "0101801234", "HDTO": "2015-02-20", "KOMK": komk, "CADR_VEJKOD": "8204"}
    report = validator.check("FLYTB-I", data, today=dt.date(2015, 2, 1))
    (finding,) = [f for f in report.errors if f.fields == ("KOMK",)]
    assert finding.rule == "komk-findes" and form_number(finding) is None
    assert not_on_ctmyn(finding, validator.translator.tables["myndigheder"]) is expected
