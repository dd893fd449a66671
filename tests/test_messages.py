"""What a citizen reads, in both languages, as snapshots: every type and required message of
FLYTB-I, its rules' messages and the text output of ``cpr-rules check``.

A change of wording shows in review as a diff of ``tests/snapshots/messages.json``; to accept
one, run ``CPR_RULES_UPDATE_SNAPSHOTS=1 pytest tests/test_messages.py``. The same file checks
that no message names a field by its CPR code, and that the Danish output has no English
words from the engine."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from cpr_rules._paths import rulesets_dir
from cpr_rules.cli import main
from cpr_rules.errors import RuleSetError
from cpr_rules.rules import Validator, default_validator, load_ruleset
from cpr_rules.rules.type_messages import default_type_messages
from tests.samples import ACTIVE as STAMDATA
from tests.samples import TABLES_DAY as TODAY
from tests.samples import VALID_MOVE as VALID

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "messages.json"

CASES: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    "personnummer-format": ({"PNR": "12345"}, STAMDATA),
    "personnummer-date": ({"PNR": "3213802729"}, STAMDATA),
    "date-format": ({"HDTO": "28/2/2015"}, STAMDATA),
    "date-calendar": ({"HDTO": "2015-02-30"}, STAMDATA),
    "code-format": ({"KOMK": "01x1"}, STAMDATA),
    "code-length": ({"KOMK": "01011"}, STAMDATA),
    "required": ({"KOMK": ""}, STAMDATA),
    "husnr-format": ({"CADR_HUSNR": "12bb"}, STAMDATA),
    "etage-format": ({"CADR_ETAGE": "k9"}, STAMDATA),
    "sidedoer-format": ({"CADR_SIDEDOER": "t.v.x"}, STAMDATA),
    "sidedoer-range": ({"CADR_SIDEDOER": "12345"}, STAMDATA),
    "convn-prefix": ({"CADR_CONVN": "Hansen"}, STAMDATA),
    "choice-value": ({"CBSK_VALG1": "Y"}, STAMDATA),
    "integer-min": ({"CBSK_VALG1": "X", "CBSK_ANTALAAR1": "0"}, STAMDATA),
    "value-type": ({"HDTO": ["2015-02-28"]}, STAMDATA),
    "earliest-28-days": ({"HDTO": "2015-03-20"}, STAMDATA),
    "status": ({}, {"STATUS": "90"}),
    "husnr-or-bnr": ({"CADR_BNR": "B12"}, STAMDATA),
    "unknown-field": ({"FOO": "bar"}, STAMDATA),
}


def _messages(validator: Validator) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (change, stamdata) in CASES.items():
        data = {**VALID, **change}
        for lang in ("da", "en"):
            report = validator.check("FLYTB-I", data, stamdata=stamdata, today=TODAY, lang=lang)
            out.setdefault(name, {})[lang] = [f"{f.rule}: {f.message}" for f in report.findings]
    return out


def _snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.is_file() else {}


def _check_snapshot(key: str, value: Any) -> None:
    snapshot = _snapshot()
    if os.environ.get("CPR_RULES_UPDATE_SNAPSHOTS"):
        snapshot[key] = value
        text = json.dumps(snapshot, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert snapshot.get(key) == value, f"{key} differs from {SNAPSHOT.name}"


def test_finding_messages_snapshot() -> None:
    """Every case's findings read, in da and en, exactly as the snapshot says."""
    _check_snapshot("findings", _messages(default_validator()))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_check_text_output_snapshot(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cpr-rules check`` text: counts with plurals, each finding once, undecided in ``lang``."""
    data = tmp_path / "data.json"
    data.write_text(json.dumps({**VALID, "HDTO": "2015-02-30", "CADR_ETAGE": "k9"}))
    main(["check", "FLYTB-I", str(data), "--today", "2015-02-01", "--lang", lang])
    lines = capsys.readouterr().out.splitlines()  # the source's line numbers left out
    shown = [re.sub(r"\.yaml:\d+\]", ".yaml:N]", line) for line in lines]
    _check_snapshot(f"check-text-{lang}", shown)


CODES = re.compile(r"\b(PNR|HDTO|KOMK|CADR_[A-Z]+|CBSK_[A-Z0-9]+|STATUS|BESKYT|I_VENT_MRK)\b")


def test_messages_name_fields_by_title() -> None:
    """No finding message shows a CPR field code (an unknown field is named as sent)."""
    for name, langs in _messages(default_validator()).items():
        for lang, lines in langs.items():
            for line in lines:
                rule, message = line.split(": ", 1)
                if rule != "input.unknown-field":
                    assert not CODES.search(message), (name, lang, message)


ENGLISH = re.compile(r"\b(missing|stamdata\)|invalid|blocked|error|warning|undecided)\b")


def test_danish_output_has_no_english_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Danish text output has no engine words in English (reasons, severities)."""
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"PNR": "0202802729", "HDTO": "2015-02-30"}))
    main(["check", "FLYTB-I", str(data), "--today", "2015-02-01", "--partial"])
    out = capsys.readouterr().out
    assert "ikke afgjort" in out and not ENGLISH.search(out)


def test_plurals_follow_babel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """0 advarsler / 1 fejl; 1 error, 0 warnings."""
    data = tmp_path / "data.json"
    data.write_text(json.dumps({**VALID, "HDTO": "2015-02-30"}))
    main(["check", "FLYTB-I", str(data), "--today", "2015-02-01"])
    assert capsys.readouterr().out.startswith("FLYTB-I: 1 fejl, 0 advarsler ")
    main(["check", "FLYTB-I", str(data), "--today", "2015-02-01", "--lang", "en"])
    assert capsys.readouterr().out.startswith("FLYTB-I: 1 error, 0 warnings ")


# -- type and required messages belong to the rule set ------------------------------------------


def _own_rules(tmp_path: Path, extra: str, field_messages: str = "") -> Validator:
    folder = tmp_path / "rules"
    shutil.copytree(rulesets_dir(), folder)
    path = folder / "FLYTB-I.yaml"
    text = path.read_text(encoding="utf-8")
    if field_messages:
        text = text.replace(
            "    title: {da: Flyttedato, en: Moving date}",
            f"    title: {{da: Flyttedato, en: Moving date}}\n    messages: {field_messages}",
        )
    path.write_text(text + extra, encoding="utf-8")
    return Validator(folder)


def _hdto_message(validator: Validator, lang: str = "da") -> str:
    data = {**VALID, "HDTO": "2015-02-30"}
    report = validator.check("FLYTB-I", data, stamdata=STAMDATA, today=TODAY, lang=lang)
    return next(f.message for f in report.findings if f.rule == "HDTO.type")


OVERRIDE = (
    '\ntype_messages:\n  date.calendar: {da: "{field} er ikke en dag", en: "{field} is no day"}\n'
)


def test_a_rule_set_overrides_a_type_message(tmp_path: Path) -> None:
    """``type_messages`` in the rule set wins over the shared block."""
    extra = OVERRIDE
    validator = _own_rules(tmp_path, extra)
    assert _hdto_message(validator) == "Flyttedato er ikke en dag"
    assert _hdto_message(validator, "en") == "Moving date is no day"


def test_a_field_overrides_the_rule_set(tmp_path: Path) -> None:
    """A field's ``messages`` win over the rule set's ``type_messages``."""
    extra = OVERRIDE
    own = '{date.calendar: {da: "Den dato findes ikke", en: "That date does not exist"}}'
    validator = _own_rules(tmp_path, extra, own)
    assert _hdto_message(validator) == "Den dato findes ikke"


def test_the_shipped_defaults_apply_without_the_block(tmp_path: Path) -> None:
    """A rule set that does not include the block still has every type message."""
    folder = tmp_path / "rules"
    shutil.copytree(rulesets_dir(), folder)
    path = folder / "FLYTB-I.yaml"
    text = path.read_text(encoding="utf-8").replace(", _blocks/type-messages.yaml", "")
    path.write_text(text, encoding="utf-8")
    expected = default_type_messages()["date.calendar"].da.replace("{field}", "Flyttedato")
    assert _hdto_message(Validator(folder)) == expected


def test_an_unknown_reason_is_refused(tmp_path: Path) -> None:
    """A ``type_messages`` key that no field type gives is a rule-set error at its line."""
    folder = tmp_path / "rules"
    shutil.copytree(rulesets_dir(), folder)
    path = folder / "FLYTB-I.yaml"
    extra = '\ntype_messages:\n  date.kalender: {da: "x {field}", en: "x {field}"}\n'
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"date\.calendar"):
        load_ruleset(path)


def test_the_block_gives_both_languages_with_the_same_placeholders() -> None:
    """Every shared type message has da and en with the same placeholders (CPRL021 too)."""
    from cpr_rules.rules.messages import placeholders

    for reason, text in default_type_messages().items():
        assert text.da.strip() and text.en.strip(), reason
        assert placeholders(text.da) == placeholders(text.en), reason
