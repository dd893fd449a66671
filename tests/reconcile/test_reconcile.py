"""reconcile(): the local report against CPR's verdict, every outcome."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pytest
from _verdicts import Verdict

from cpr_rules.reconcile import Outcome, check_with_cpr, reconcile_with
from cpr_rules.rules import Report, Validator
from tests.samples import ACTIVE as STAM
from tests.samples import TABLES_DAY as TODAY
from tests.samples import VALID_MOVE as GOOD


def _report(validator: Validator, **changes: Any) -> Report:
    return validator.check("FLYTB-I", {**GOOD, **changes}, stamdata=STAM, today=TODAY)


def test_both_ok_agree(validator: Validator) -> None:
    """No local error and CPR Ok: agreement."""
    rec = reconcile_with(validator, _report(validator), Verdict("Ok", 0))
    assert [i.outcome for i in rec.items] == [Outcome.AGREE]
    assert rec.agrees


def test_cpr_fejl_explained_by_declared_number(validator: Validator) -> None:
    """CPR Fejl 1068 is explained by the rule that declares 1068."""
    report = _report(validator, CADR_BNR="0101")
    rec = reconcile_with(validator, report, Verdict("Fejl", 1068, "Kun et af felterne", "CADR_BNR"))
    assert [(i.outcome, i.rule) for i in rec.items] == [(Outcome.AGREE, "husnr-eller-bnr")]


def test_cpr_first_error_matching_one_of_several_is_agreement(validator: Validator) -> None:
    """CPR stops at the first error: matching one of several local errors is agreement."""
    report = _report(validator, CADR_BNR="0101", HDTO="2015-04-01")
    assert len(report.errors) == 2
    rec = reconcile_with(validator, report, Verdict("Fejl", 1068, "x", "CADR_HUSNR"))
    assert rec.agrees and len(rec.items) == 1


def test_cpr_fejl_explained_by_field(validator: Validator) -> None:
    """A CPR Fejl with a number some rule declares, on a field a local finding names, agrees."""
    report = _report(validator, CADR_VEJKOD="9901")
    rec = reconcile_with(
        validator, report, Verdict("Fejl", 1068, "Adressen findes ikke", "CADR_VEJKOD")
    )
    assert [(i.outcome, i.rule) for i in rec.items] == [(Outcome.AGREE, "vejkode-ikke-hoej")]


def test_local_missed_names_number_text_and_field(validator: Validator) -> None:
    """CPR rejects with a declared number nothing local predicted: local missed."""
    rec = reconcile_with(
        validator, _report(validator), Verdict("Fejl", 2017, "Man kan ikke slette", "CBSK_VALG3")
    )
    (item,) = rec.items
    assert item.outcome is Outcome.LOCAL_MISSED
    assert (item.cpr_number, item.cpr_text, item.fields) == (
        2017,
        "Man kan ikke slette",
        ("CBSK_VALG3",),
    )


def test_unknown_cpr_number(validator: Validator) -> None:
    """A number no rule declares is reported as unknown, with the field-matching rule named."""
    report = _report(validator, CADR_BNR="0101")
    rec = reconcile_with(validator, report, Verdict("Fejl", 4711, "Ny regel", "CADR_BNR"))
    (item,) = rec.items
    assert item.outcome is Outcome.UNKNOWN_CPR_NUMBER
    assert (item.cpr_number, item.rule) == (4711, "husnr-eller-bnr")


def test_bilag13_form_number_without_a_local_finding_is_local_missed(
    validator: Validator,
) -> None:
    """Bilag 13's 724 for a vejkode that is valid locally is a miss, not an unknown number:
    :mod:`cpr_rules.fejlnumre` makes the number known, no local finding predicted it."""
    rec = reconcile_with(
        validator, _report(validator), Verdict("Fejl", 724, "helt udfyldt", "CADR_VEJKOD")
    )
    assert [(i.outcome, i.cpr_number) for i in rec.items] == [(Outcome.LOCAL_MISSED, 724)]


def test_bilag13_form_number_agrees_with_the_finding_of_its_defect(validator: Validator) -> None:
    """724 on a vejkode that is blank locally: the required finding predicts it (bilag 13 VEJK
    'Feltet skal være helt udfyldt'), so the rule is named as agreeing."""
    report = _report(validator, CADR_VEJKOD="")
    rec = reconcile_with(validator, report, Verdict("Fejl", 724, "x", "CADR_VEJKOD"))
    assert [(i.outcome, i.rule) for i in rec.items] == [(Outcome.AGREE, "CADR_VEJKOD.required")]


def test_bilag13_3975_agrees_with_the_kommune_existence_finding(validator: Validator) -> None:
    """3975 'Myndigheden findes ikke i CPR' on KOMK 0999 (no myndighed on CTMYN, bilag-13
    l.132-135): the rule set's existence check on KOMK predicts it."""
    report = _report(validator, KOMK="0999")
    rec = reconcile_with(
        validator, report, Verdict("Fejl", 3975, "Myndigheden findes ikke", "KOMK")
    )
    assert [(i.outcome, i.rule) for i in rec.items if i.cpr_number] == [
        (Outcome.AGREE, "komk-findes")
    ]


def test_local_stricter_names_rule_and_source(validator: Validator) -> None:
    """A local error where CPR said Ok: local stricter, with the rule's file:line."""
    report = _report(validator, CADR_BNR="0101")
    rec = reconcile_with(validator, report, Verdict("Ok", 0))
    (item,) = rec.items
    assert item.outcome is Outcome.LOCAL_STRICTER
    assert item.rule == "husnr-eller-bnr"
    assert item.source and item.source.startswith("rulesets/_blocks/adresse.yaml:")


def test_translation_differs(validator: Validator) -> None:
    """CPR's t for a code differs from our klarskrift: table, whole key, both texts and date."""
    verdict = Verdict(
        "Ok", 0, translations={"CADR_VEJKOD": "Vesterbrogade Ny", "CADR_KOMKOD": "København"}
    )
    rec = reconcile_with(validator, _report(validator), verdict)
    differs = [i for i in rec.items if i.outcome is Outcome.TRANSLATION_DIFFERS]
    assert len(differs) == 1
    item = differs[0]
    assert (item.table, item.code, item.ours, item.theirs) == (
        "vejstykker",
        ("0101", "8204"),
        "Vesterbrogade",
        "Vesterbrogade Ny",
    )
    assert item.produced == dt.date(2015, 2, 2)


def test_cpr_system_error(validator: Validator) -> None:
    """A CPR system error is not drift."""
    rec = reconcile_with(validator, _report(validator), Verdict("System", 999, "nede"))
    assert [i.outcome for i in rec.items] == [Outcome.CPR_SYSTEM]
    assert rec.drift == ()


class _Session:
    """A CPR side that answers one fixed verdict (the real client is tested in tests/session)."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self.sent: list[Mapping[str, str]] = []

    def valider(self, data: Mapping[str, str]) -> Verdict:
        self.sent.append(data)
        return self.verdict


def test_portal_cpr_word_wins_when_cpr_accepts(validator: Validator) -> None:
    """CPR Ok beats a local error: ok, nothing blocking shown, the disagreement is logged."""
    session = _Session(Verdict("Ok", 0))
    result = check_with_cpr(
        session,
        "FLYTB-I",
        {**GOOD, "CADR_BNR": "0101"},
        stamdata=STAM,
        today=TODAY,
        validator=validator,
    )
    assert result.ok and all(m.severity == "warning" for m in result.messages)
    logged = json.loads(result.log_line)
    assert logged["items"][0]["outcome"] == "local_stricter"
    assert logged["pnr"] == "020280-****" and "0202802729" not in result.log_line
    assert logged["ruleset_version"] == "2026.1" and logged["tables"]["vejstykker"] == "2015-02-02"


def test_portal_shows_cpr_text_when_local_missed(validator: Validator) -> None:
    """A CPR error nothing local predicted is shown in CPR's words."""
    session = _Session(Verdict("Fejl", 2017, "Man kan ikke slette", "CBSK_VALG3"))
    result = check_with_cpr(
        session, "FLYTB-I", GOOD, stamdata=STAM, today=TODAY, validator=validator
    )
    assert not result.ok
    assert result.messages[0].origin == "cpr" and result.messages[0].text == "Man kan ikke slette"


def test_portal_shows_all_local_findings_when_they_agree(validator: Validator) -> None:
    """When CPR's first error is explained, the citizen sees every local problem at once."""
    session = _Session(Verdict("Fejl", 1068, "Kun et af felterne", "CADR_BNR"))
    data = {**GOOD, "CADR_BNR": "0101", "HDTO": "2015-04-01"}
    result = check_with_cpr(
        session, "FLYTB-I", data, stamdata=STAM, today=TODAY, validator=validator
    )
    assert not result.ok
    assert {m.origin for m in result.messages} == {"local"} and len(result.messages) == 2


def test_numberless_anmrk_without_field_matched_by_its_text(validator: Validator) -> None:
    """An Anmrk with v="0" and no marked field is the rule whose Danish message CPR sent, in
    either report language; another text stays a local miss."""
    report = _report(validator, CBSK_VALG1="X", CBSK_ANTALAAR1="5")
    (warning,) = report.warnings
    said = Verdict("Anmrk", 0, "  ".join(warning.message.split(" ")))  # blanks folded
    for lang in ("da", "en"):
        rec = reconcile_with(validator, report.in_language(lang), said)
        assert [(i.outcome, i.rule) for i in rec.items] == [(Outcome.AGREE, warning.rule)]
    other = reconcile_with(validator, report, Verdict("Anmrk", 0, "Noget andet"))
    assert [i.outcome for i in other.items] == [Outcome.LOCAL_MISSED]


@pytest.mark.parametrize("kind", ["", "ok", "OK", "Weird", "0202802729"])
def test_a_verdict_of_no_known_kind_is_never_ok(validator: Validator, kind: str) -> None:
    """CPR's answer of a kind that is none of Ok/Afslut/Anmrk/Fejl/System (malformed): the
    portal says not ok and shows an error; the log records it as a CPR system answer, never
    as agreement (it said ok, even with local errors, and logged nothing)."""
    session = _Session(Verdict(kind, 0, "?"))
    for data in (GOOD, {**GOOD, "CADR_BNR": "0101"}):
        result = check_with_cpr(
            session, "FLYTB-I", data, stamdata=STAM, today=TODAY, validator=validator
        )
        assert not result.ok
        assert any(m.severity == "error" and m.origin == "cpr" for m in result.messages)
        assert [i.outcome for i in result.reconciliation.items] == [Outcome.CPR_SYSTEM]
        assert "2729" not in result.log_line
