"""The validator's input edge: depth bounded before any rule runs; options checked when made."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.errors import InputError
from cpr_rules.rules import Validator, default_validator
from cpr_rules.rules.validator import MAX_INPUT_DEPTH

TODAY = dt.date(2015, 2, 1)
DATA = {"PNR": "020280-2729", "HDTO": "2015-02-28", "KOMK": "101", "CADR_VEJKOD": "8204"}


def _nested(depth: int, leaf: object = "x", *, as_dict: bool = False) -> object:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


@pytest.mark.parametrize("depth", [MAX_INPUT_DEPTH + 1, 500, 5_000, 100_000])
@pytest.mark.parametrize("as_dict", [False, True], ids=["list", "object"])
@pytest.mark.parametrize("where", ["data", "stamdata", "unknown-field"])
def test_too_deep_input_is_one_finding(depth: int, as_dict: bool, where: str) -> None:
    """Nesting beyond the bound: one input.too-deep error; message and to_dict never raise."""
    deep = _nested(depth, as_dict=as_dict)
    data, stamdata = dict(DATA), {"STATUS": "01"}
    if where == "stamdata":
        stamdata["STATUS"] = deep  # type: ignore[assignment]
    else:
        data["CADR_HUSNR" if where == "data" else "NOT_A_FIELD"] = deep  # type: ignore[assignment]
    report = default_validator().check("FLYTB-I", data, stamdata=stamdata, today=TODAY)
    assert [f.rule for f in report.findings] == ["input.too-deep"]
    assert not report.ok and report.is_input_error
    assert str(MAX_INPUT_DEPTH) in report.findings[0].message
    assert report.in_language("en").findings[0].message.startswith("The value of")
    json.dumps(report.to_dict())


def test_depth_at_the_bound_is_checked_normally() -> None:
    """A value exactly MAX_INPUT_DEPTH deep reaches the rules (as a wrong type, here)."""
    data = {**DATA, "CADR_HUSNR": _nested(MAX_INPUT_DEPTH)}
    report = default_validator().check("FLYTB-I", data, stamdata={"STATUS": "01"}, today=TODAY)
    assert "input.too-deep" not in [f.rule for f in report.findings]
    assert [f.message for f in report.findings]  # every message renders
    json.dumps(report.to_dict())


def test_cli_check_on_a_5000_deep_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON file deeper than the JSON reader goes: exit 2, one line, no traceback."""
    path = tmp_path / "deep.json"
    path.write_text('{"PNR": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    assert main(["check", "FLYTB-I", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "nested too deep" in err and "Traceback" not in err


def test_cli_check_on_a_500_deep_file_reports_the_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deep but readable JSON: exit 1 with the input.too-deep finding, text and JSON."""
    path = tmp_path / "deep.json"
    path.write_text(json.dumps({**DATA, "CADR_HUSNR": _nested(500)}), encoding="utf-8")
    assert main(["check", "FLYTB-I", str(path), "--today", "2015-02-01"]) == 1
    assert "input.too-deep" in capsys.readouterr().out
    assert main(["check", "FLYTB-I", str(path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"][0]["rule"] == "input.too-deep"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hdto-tidligst-28-dage-foer": "eror"}, "did you mean 'error'"),
        ({"hdto-tidligst-28-dage-foer": "off"}, "must be 'error' or 'warning'"),
        ({"hdto-tidligst-28-dage-foer": None}, "must be 'error' or 'warning'"),
        ({"hdto-tidligst-28-dage-fore": "warning"}, "did you mean 'hdto-tidligst-28-dage-foer'"),
        ({"no-such-rule": "warning"}, "no rule 'no-such-rule'"),
        ({"pnr-modulus11.stale": "warning"}, "no rule 'pnr-modulus11.stale'"),
        ({1: "warning"}, "no rule 1"),
        (["hdto-tidligst-28-dage-foer"], "must be a mapping"),
    ],
)
def test_unknown_overrides_are_errors_when_made(overrides: object, message: str) -> None:
    """A typo in a rule id or a severity is an InputError, never a silently weaker rule."""
    with pytest.raises(InputError, match=message):
        Validator(tables=default_validator().tables, severity_overrides=overrides)  # type: ignore[arg-type]


def test_known_overrides_apply() -> None:
    """A known rule id (and ``<id>.stale`` of a rule with a stale option) is accepted."""
    rule = "hdto-tidligst-28-dage-foer"
    stale = next(
        f"{r.id}.stale"
        for r in default_validator().rulesets["FLYTB-I"].rules
        if r.spec.check.exists and r.spec.check.exists.stale
    )
    validator = Validator(
        tables=default_validator().tables, severity_overrides={rule: "warning", stale: "error"}
    )
    data = {**DATA, "HDTO": "2015-04-01"}
    report = validator.check("FLYTB-I", data, stamdata={"STATUS": "01"}, today=TODAY)
    assert [f.severity for f in report.findings if f.rule == rule] == ["warning"]


def test_an_address_part_of_another_type_is_shown_as_text(tmp_path: Path) -> None:
    """A rule set may name a field of any type in its address block (here an integer as the
    etage): the klarskrift shows its text, never a traceback."""
    good = Path(__file__).parent / "good"
    folder = tmp_path / "rules"
    (folder / "_blocks").mkdir(parents=True)
    (folder / "minimal.yaml").write_text((good / "minimal.yaml").read_text(encoding="utf-8"))
    block = (good / "_blocks" / "adresse.yaml").read_text(encoding="utf-8")
    block = block.replace("husnr: HUSNR}", "husnr: HUSNR, etage: ANTAL}")
    (folder / "_blocks" / "adresse.yaml").write_text(block, encoding="utf-8")
    data = {"PNR": "020280-2729", "HDTO": "2015-02-28", "KOMK": "101", "VEJKOD": "8204"}
    report = Validator(folder).check("TEST-I", {**data, "HUSNR": "5", "ANTAL": "3"}, today=TODAY)
    assert report.klarskrift["adresse"] == "Vesterbrogade 5, 3., 1620 København V"


_PERSONNUMRE = ["0202802729", "020280-2729", "020280 2729", " 0 2 0 2 8 0 - 2 7 2 9 "]


@pytest.mark.parametrize(
    "haendelse", [*_PERSONNUMRE, ["FLYTB-I"], {"FLYTB-I": 1}, 5, None, "x" * 100_000]
)
def test_an_unknown_haendelse_is_an_input_error_naming_no_personnummer(haendelse: object) -> None:
    """Any hændelse that is not a rule set (a personnummer by mistake, a list, None): an
    InputError whose text masks a personnummer and stays short, never a TypeError."""
    with pytest.raises(InputError) as raised:
        default_validator().check(haendelse, {}, today=TODAY)  # type: ignore[arg-type]
    text = str(raised.value)
    assert "2729" not in text and "no rule set for hændelse" in text and len(text) < 300


def test_today_as_a_datetime_counts_its_calendar_day() -> None:
    """``today=datetime`` (a date subclass, so the type allows it) is its calendar day."""
    at_night = dt.datetime(2015, 2, 1, 23, 59)
    report = default_validator().check("FLYTB-I", DATA, today=at_night)
    assert report.today == TODAY and type(report.today) is dt.date
    assert report.to_dict() == default_validator().check("FLYTB-I", DATA, today=TODAY).to_dict()


@pytest.mark.parametrize(
    ("options", "name"),
    [({"today": "2015-02-01"}, "today"), ({"today": 20150201}, "today"),
     ({"partial": "yes"}, "partial"), ({"partial": 1}, "partial"), ({"partial": None}, "partial")],
)  # fmt: skip
def test_options_of_the_wrong_type_are_input_errors(options: dict[str, object], name: str) -> None:
    """``today`` that is no date and ``partial`` that is no bool: an InputError naming it."""
    with pytest.raises(InputError, match=name):
        default_validator().check("FLYTB-I", DATA, **{"today": TODAY, **options})  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["missing", "a-file", "empty"])
def test_a_rule_set_folder_that_is_none_is_a_rule_set_error(tmp_path: Path, kind: str) -> None:
    """Validator over a folder that does not exist, a file, or a folder with no rule set: a
    RuleSetError naming it when made (it made a validator that knew no hændelse)."""
    from cpr_rules.errors import RuleSetError

    folder = tmp_path / "rules"
    if kind == "a-file":
        folder.write_text("x", encoding="utf-8")
    elif kind == "empty":
        folder.mkdir()
    with pytest.raises(RuleSetError, match="rules"):
        Validator(folder, tables=default_validator().tables)


@pytest.mark.parametrize("where", ["data", "stamdata"])
def test_cli_check_on_a_5000_digit_number_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """A number beyond Python's 4,300-digit limit in the submission or stamdata file: exit 2
    with one line naming the file (it was an internal error, exit 3)."""
    big = tmp_path / "big.json"
    big.write_text('{"PNR": ' + "1" * 5000 + "}", encoding="utf-8")
    argv = ["check", "FLYTB-I", str(big)] if where == "data" else ["check", "FLYTB-I", "--sample"]
    if where == "stamdata":
        argv += ["--stamdata", str(big)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "big.json" in err and "internal error" not in err
