"""``cpr-rules address`` and ``cpr-rules translate``."""

from __future__ import annotations

import json

import pytest

from cpr_rules.cli import main


def test_issue_line(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's command prints exactly the issue's address."""
    assert main(["address", "0101", "8204", "005", "--etage", "03", "--sidedoer", "tv"]) == 0
    assert capsys.readouterr().out == "Vesterbrogade 5, 3. tv, 1620 København V\n"


def test_citizen_typing_is_normalised(capsys: pytest.CaptureFixture[str]) -> None:
    """5 / 3 / TV are accepted as typed."""
    assert main(["address", "101", "8204", "5", "--etage", "3", "--sidedoer", "TV"]) == 0
    assert capsys.readouterr().out == "Vesterbrogade 5, 3. tv, 1620 København V\n"


def test_json_prints_every_part(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints every part of the address."""
    assert main(["address", "0101", "8204", "005", "--format", "json"]) == 0
    parts = json.loads(capsys.readouterr().out)
    assert parts["postnr"] == "1620"
    assert parts["vejadresseringsnavn"] == "Vesterbrogade"


def test_unknown_vejkode_names_table_and_date(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown vejkode exits 1 with a line naming the table and its date."""
    assert main(["address", "0101", "7777", "001", "--date", "2026-11-26", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "vejstykker" in out
    assert "2 February 2015" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["address", "0101", "8204", "abc"],
        ["address", "01x1", "8204"],
        ["address", "0101", "8204", "5", "--etage", "k9"],
        ["address", "0101", "8204", "--date", "2015-13-01"],
        ["translate", "nosuchtable", "1"],
        ["translate", "vejstykker", "0101"],
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """Unusable input exits 2 with a one-line reason and no traceback."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_translate(capsys: pytest.CaptureFixture[str]) -> None:
    """translate prints the klarskrift of a code in any table."""
    assert main(["translate", "vejstykker", "0101", "8204"]) == 0
    assert capsys.readouterr().out == "Vesterbrogade\n"
