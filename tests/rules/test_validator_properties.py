"""Properties of ``Validator.check`` on FLYTB-I, and data-driven tests of how it reads input.

The issue's contract: the validator never raises on any JSON value (a hypothesis test with at
least 10,000 examples in CI, ``CI`` set), a non-object input is one typed finding
(``input.not-object``), and every report is JSON that matches ``ReportJson``. The semantic
properties (fewer examples) check what a report says: ``ok``, masking of personnumre, partial
mode, stamdata, determinism and the ``source`` of every finding.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import personnumre

from cpr_rules._paths import rulesets_dir
from cpr_rules.rules import Report, RuleSet, Validator
from cpr_rules.rules import types as ftypes
from cpr_rules.rules.model import ConditionSpec
from cpr_rules.rules.schema import ReportJson

HAENDELSE = "FLYTB-I"
STAMDATA_FIELDS = ("STATUS", "I_VENT_MRK", "BESKYT")

# The main property runs 10,000 examples in CI (which sets CI=true) and 1,000 locally.
NEVER_RAISES = settings(
    max_examples=10_000 if os.environ.get("CI") else 1_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEMANTICS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def validator() -> Validator:
    """One validator over the shipped rule sets for the whole module (hypothesis-friendly)."""
    return Validator()


def ruleset() -> RuleSet:
    return validator().rulesets[HAENDELSE]


FIELDS = sorted(ruleset().fields)
RULE_IDS = [r.id for r in ruleset().rules if r.spec.status == "active"]


# -- strategies ----------------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)  # JSON has neither NaN nor Infinity
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _compact_date(d: dt.date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"  # strftime("%Y") does not pad years < 1000


def _written_personnummer(digits: str, form: int) -> str:
    return [digits, f"{digits[:6]}-{digits[6:]}", f" {digits[:6]} {digits[6:]} "][form]


written_personnumre = st.builds(_written_personnummer, personnumre(), st.integers(0, 2))
realistic_strings = st.one_of(
    st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    written_personnumre,
    st.dates().map(dt.date.isoformat),
    st.dates().map(_compact_date),
    st.builds(
        lambda n, space, letter: f"{n}{space}{letter}",
        st.integers(0, 1200),
        st.sampled_from(["", " "]),
        st.sampled_from(["", "b", "B", "æ", "bb"]),
    ),
    st.sampled_from(["st", "ST.", "kl", "k1", "k2", "k3", "k9", "3", "3.", "03", "0", "100", "²"]),
    st.sampled_from(["tv", "TH", "mf", "7", "0", "12345", "a/b", "-", "3-1"]),
    st.sampled_from(["101", "0101", "01011", "1O1", "٣", "١٠١", "8204", "9901", "7777"]),
    st.sampled_from(["X", "x", "S", " s ", "*", "Y", "00001 00004", "1,4"]),
    st.text(max_size=30).map(lambda s: "c/o " + s),
    st.sampled_from(["c/o Janne Jacobsen", "C/O  Hansen", "c/o", "Hansen"]),
    st.text(),
    st.builds(
        lambda char, n: char * n,
        st.sampled_from(["9", "a", " ", "é", "٣", "²", "-"]),
        st.integers(35, 4400),  # Python's int() refuses more than 4300 digits
    ),
)
field_values = st.one_of(realistic_strings, realistic_strings, json_values)
field_names = st.one_of(
    st.sampled_from(FIELDS), st.sampled_from(FIELDS), st.sampled_from(FIELDS), st.text(max_size=12)
)
submissions = st.dictionaries(field_names, field_values, max_size=len(FIELDS) + 2)

stamdata_objects = st.fixed_dictionaries(
    {},
    optional={
        "STATUS": st.sampled_from(["01", "1", "03", "05", "07", "20", "70", "80", "90", "99", "x"])
        | json_values,
        "I_VENT_MRK": st.sampled_from(["X", "x", "", " ", "Y"]) | json_values,
        "BESKYT": st.lists(st.sampled_from(["00001", "1", "00002", "3", "4", "x"]), max_size=4)
        | st.sampled_from(["00001", "00001 00004", "1,2", ""])
        | json_values,
    },
)
stamdata_values = st.none() | stamdata_objects | json_values
# Dates near date.min/date.max are left out: see test_today_at_the_end_of_the_calendar.
todays = st.dates()
langs = st.sampled_from(["da", "en"])


def run(
    data: Any, stamdata: Any = None, today: dt.date = dt.date(2015, 2, 1), **kwargs: Any
) -> Report:
    return validator().check(HAENDELSE, data, stamdata=stamdata, today=today, **kwargs)


def as_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False)


def _assert_well_formed(report: Report) -> None:
    text = as_json(report)
    parsed = ReportJson.model_validate_json(text)
    assert parsed.ok == report.ok
    for finding in report.findings:
        assert isinstance(finding.message, str)
    assert {f.rule for f in report.errors} | {f.rule for f in report.warnings} == {
        f.rule for f in report.findings
    }


# -- never raises --------------------------------------------------------------------------------


@NEVER_RAISES
@given(
    data=st.one_of(submissions, json_values),
    stamdata=stamdata_values,
    today=todays,
    partial=st.booleans(),
    lang=langs,
)
def test_never_raises_on_any_json(
    data: Any, stamdata: Any, today: dt.date, partial: bool, lang: str
) -> None:
    """Any JSON value (and any stamdata, date, mode, language) gives a well-formed report."""
    before = copy.deepcopy(data)
    report = run(data, stamdata, today, partial=partial, lang=lang)
    assert data == before, "the validator must not change its input"
    assert report.lang == lang and report.today == today and report.partial == partial
    _assert_well_formed(report)
    _assert_well_formed(report.in_language("en" if lang == "da" else "da"))
    if isinstance(data, dict):
        assert not report.is_input_error
    else:
        assert report.is_input_error and not report.ok
        assert [f.rule for f in report.findings] == ["input.not-object"]


# -- semantics -----------------------------------------------------------------------------------


@SEMANTICS
@given(data=submissions, stamdata=stamdata_values, today=todays, partial=st.booleans())
def test_ok_iff_no_error(
    data: dict[str, Any], stamdata: Any, today: dt.date, partial: bool
) -> None:
    """``ok`` is true exactly when no finding has severity error (warnings are allowed)."""
    report = run(data, stamdata, today, partial=partial)
    assert report.ok == (not any(f.severity == "error" for f in report.findings))
    assert report.to_dict()["ok"] == report.ok


def _leaks(text: str, digits: str) -> bool:
    """Whether ``digits`` (10) appear in ``text`` in full, also written with hyphen or blanks."""
    return re.search(re.escape(digits[:6]) + r"[\s-]*" + re.escape(digits[6:]), text) is not None


@SEMANTICS
@given(
    digits=personnumre(),
    form=st.integers(0, 2),
    rest=submissions,
    stamdata=stamdata_values,
    today=todays,
    partial=st.booleans(),
)
def test_a_personnummer_never_appears_in_full(
    digits: str, form: int, rest: dict[str, Any], stamdata: Any, today: dt.date, partial: bool
) -> None:
    """Only ``DDMMÅÅ-****`` of the PNR may appear in the JSON, in either language."""
    assume(not _leaks(json.dumps(rest, ensure_ascii=False), digits))  # only the PNR holds it
    data = {**rest, "PNR": _written_personnummer(digits, form)}
    report = run(data, stamdata, today, partial=partial)
    for lang in ("da", "en"):
        text = as_json(report.in_language(lang))
        assert not _leaks(text, digits)
        assert not any(_leaks(f.message, digits) for f in report.in_language(lang).findings)


@pytest.mark.parametrize(
    ("written", "secret"),
    [
        pytest.param("6702802729", "6702802729", id="erstatningspersonnummer"),
        pytest.param("020280-2AB9", "020280-?2AB9", id="ecpr"),
        pytest.param("0202802729x", "0202802729", id="valid-number-and-junk"),
        pytest.param("0202802729 0202802729", "0202802729", id="number-twice"),
        pytest.param("3002802729", "3002802729", id="no-such-date"),
        pytest.param(["0202802729"], "0202802729", id="number-in-a-list"),
    ],
)
def test_a_pnr_type_finding_masks_what_was_typed(written: Any, secret: str) -> None:
    """What is typed into PNR is personal data even when it is not a personnummer."""
    report = run({**VALID, "PNR": written}, STAMDATA, TODAY)
    assert [f.rule for f in report.findings] == ["PNR.type"]
    for lang in ("da", "en"):
        assert not re.search(secret, as_json(report.in_language(lang)))


def _present(data: dict[str, Any]) -> set[str]:
    return {str(k) for k in data}


@SEMANTICS
@given(
    subset=st.lists(st.sampled_from(FIELDS), unique=True, max_size=len(FIELDS) - 1),
    values=st.data(),
    stamdata=stamdata_objects,
    today=todays,
)
def test_partial_reports_nothing_about_untouched_fields(
    subset: list[str], values: st.DataObject, stamdata: dict[str, Any], today: dt.date
) -> None:
    """With ``partial=True``, findings name only fields in the data (or stamdata), and every
    rule whose data inputs are all absent is undecided with reason ``missing`` (``blocked`` if
    it ``requires`` another rule). A rule over several fields decided field by field may fail
    on a present field while another of its fields is still absent."""
    data = {name: values.draw(field_values, label=name) for name in subset}
    report = run(data, stamdata, today, partial=True)
    present = _present(data)
    for finding in report.findings:
        assert set(finding.fields) <= present | set(STAMDATA_FIELDS), finding
    failed = {f.rule for f in report.findings}
    undecided = {u.rule: u.reason for u in report.undecided}
    compiled = validator().compiled(HAENDELSE)
    specs = {r.id: r.spec for r in ruleset().rules}
    for rule_id, inputs in compiled.rule_inputs:
        absent = [n for n in inputs if n not in present and n not in STAMDATA_FIELDS]
        if not absent:
            continue
        if set(inputs) == set(absent):  # nothing of the rule is known yet
            assert rule_id not in failed
            allowed = {"missing", "blocked"} if specs[rule_id].requires else {"missing"}
            assert undecided.get(rule_id) in allowed, (rule_id, undecided)


def _condition_may_hold(
    report: Report, data: dict[str, Any], partial: bool, name: str, cond: ConditionSpec
) -> bool:
    """Whether a condition may hold: unknown inputs (stamdata, type errors, untouched) may."""
    if name in STAMDATA_FIELDS:
        return True
    if any(f.rule == f"{name}.type" for f in report.findings) or (partial and name not in data):
        return True
    spec = ruleset().fields[name]
    if spec.type == "code_list":
        spec = spec.model_copy(update={"type": "code"})
    value = report.data.get(name)

    def norm(raw: Any) -> Any:
        return ftypes.normalise(raw, spec)

    if cond.filled is not None or cond.blank is not None:
        return (value is not None) == (cond.filled if cond.filled is not None else not cond.blank)
    if cond.equals is not None:
        return bool(value == norm(cond.equals))
    if cond.not_equals is not None:
        return bool(value != norm(cond.not_equals))
    if cond.one_of is not None:
        return value in {norm(x) for x in cond.one_of}
    if cond.contains is not None:
        return value is not None and norm(cond.contains) in value
    assert cond.not_contains is not None
    return value is None or norm(cond.not_contains) not in value


@SEMANTICS
@given(data=submissions, partial=st.booleans(), today=todays)
def test_without_stamdata_rules_on_stamdata_are_undecided(
    data: dict[str, Any], partial: bool, today: dt.date
) -> None:
    """Before initier (no stamdata), a rule that reads STATUS, I_VENT_MRK or BESKYT never
    fails: it is undecided with reason ``stamdata`` (``invalid`` if another input is invalid),
    unless its ``when`` is already false on the data that is known (then it passes)."""
    for stamdata in (None, [], "01", 1):  # anything but an object counts as "not given"
        report = run(data, stamdata, today, partial=partial)
        failed = {f.rule for f in report.findings}
        undecided = {u.rule: u.reason for u in report.undecided}
        for rule in ruleset().rules:
            spec = rule.spec
            compiled_inputs = dict(validator().compiled(HAENDELSE).rule_inputs)[rule.id]
            if not set(compiled_inputs) & set(STAMDATA_FIELDS):
                continue
            assert rule.id not in failed

            def group(conds: dict[str, ConditionSpec], r: Report = report) -> bool:
                return all(_condition_may_hold(r, data, partial, n, c) for n, c in conds.items())

            may_apply = group(spec.when) and (
                not spec.when_any or any(group(c) for c in spec.when_any)
            )
            invalid = {f.fields[0] for f in report.findings if f.rule.endswith(".type")}
            if may_apply:  # an invalid input is the more useful reason, so it comes first
                expected = "invalid" if invalid & set(compiled_inputs) else "stamdata"
                assert undecided.get(rule.id) == expected, (rule.id, undecided)
            else:
                assert rule.id not in undecided, rule.id


@SEMANTICS
@given(
    data=st.one_of(submissions, json_values),
    stamdata=stamdata_values,
    today=todays,
    partial=st.booleans(),
    lang=langs,
)
def test_reports_are_deterministic(
    data: Any, stamdata: Any, today: dt.date, partial: bool, lang: str
) -> None:
    """The same input gives the same report."""
    first = run(copy.deepcopy(data), copy.deepcopy(stamdata), today, partial=partial, lang=lang)
    second = run(data, stamdata, today, partial=partial, lang=lang)
    assert first.to_dict() == second.to_dict()


@cache
def _source_lines(file: str) -> list[str]:
    return (rulesets_dir().parent / file).read_text(encoding="utf-8").splitlines()


def _assert_source(finding: Any) -> None:
    file, _, line = finding.source.partition(":")
    assert file in ("rulesets/FLYTB-I.yaml", "rulesets/_blocks/adresse.yaml"), finding.source
    if finding.rule in RULE_IDS:
        assert line, finding.source
        assert _source_lines(file)[int(line) - 1].strip() == f"- id: {finding.rule}"
    elif finding.rule.endswith((".type", ".required")):
        name = finding.rule.rsplit(".", 1)[0]
        assert line, finding.source
        assert _source_lines(file)[int(line) - 1].lstrip().startswith(f"{name}:")
    else:  # input.unknown-field, input.not-object, ruleset.not-valid: the rule-set file
        assert finding.source == ruleset().file


@SEMANTICS
@given(
    data=st.one_of(submissions, json_values),
    stamdata=stamdata_values,
    today=todays,
    partial=st.booleans(),
)
def test_every_source_points_at_its_definition(
    data: Any, stamdata: Any, today: dt.date, partial: bool
) -> None:
    """A rule finding's source is the line ``- id: <rule>``; a type or required finding's is
    the line that defines the field."""
    for finding in run(data, stamdata, today, partial=partial).findings:
        _assert_source(finding)


def test_every_rule_source_holds_its_id() -> None:
    """Also for rules no generated example happened to fail."""
    for rule in ruleset().rules:
        file, line = rule.source.split(":")
        assert _source_lines(file)[int(line) - 1].strip() == f"- id: {rule.id}"
    for name, source in ruleset().field_sources.items():
        file, line = source.split(":")
        assert _source_lines(file)[int(line) - 1].lstrip().startswith(f"{name}:")


# -- normalisation as citizens type it -----------------------------------------------------------

VALID = {
    "PNR": "0202802729",
    "HDTO": "2015-02-28",
    "KOMK": "0101",
    "CADR_VEJKOD": "8204",
    "CADR_HUSNR": "5",
}
STAMDATA = {"STATUS": "01"}
TODAY = dt.date(2015, 2, 1)


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        pytest.param("PNR", "020280-2729", "020280-****", id="pnr-with-hyphen"),
        pytest.param("PNR", "0202802729", "020280-****", id="pnr-without-hyphen"),
        pytest.param("PNR", " 0202802729 ", "020280-****", id="pnr-with-blanks"),
        pytest.param("CADR_HUSNR", "5", "005", id="husnr-5"),
        pytest.param("CADR_HUSNR", "12b", "012B", id="husnr-12b"),
        pytest.param("CADR_HUSNR", "12 B", "012B", id="husnr-12-space-B"),
        pytest.param("CADR_HUSNR", 5, "005", id="husnr-as-json-number"),
        pytest.param("CADR_ETAGE", "3", "03", id="etage-3"),
        pytest.param("CADR_ETAGE", "03", "03", id="etage-03"),
        pytest.param("CADR_ETAGE", "ST", "st", id="etage-st"),
        pytest.param("CADR_ETAGE", "K2", "k2", id="etage-k2"),
        pytest.param("CADR_SIDEDOER", "TV", "tv", id="sidedoer-tv"),
        pytest.param("CADR_SIDEDOER", "7", "0007", id="sidedoer-door-number"),
        pytest.param("HDTO", "2015-02-28", "2015-02-28", id="date-iso"),
        pytest.param("HDTO", "20150228", "2015-02-28", id="date-cpr-yyyymmdd"),
        pytest.param("HDTO", " 2015-02-28 ", "2015-02-28", id="date-with-blanks"),
        pytest.param("KOMK", "101", "0101", id="komk-101"),
        pytest.param("KOMK", 101, "0101", id="komk-as-json-number"),
        pytest.param("CBSK_VALG1", "x", "X", id="choice-case-insensitive"),
        pytest.param("CBSK_ANTALAAR1", "1", 1, id="integer"),
        pytest.param("CADR_CONVN", "C/O Janne Jacobsen", "c/o Janne Jacobsen", id="convn"),
    ],
)
def test_normalisation(field: str, typed: Any, stored: Any) -> None:
    """What a citizen types is stored in CPR's form (the report's ``data``, JSON form)."""
    extra = {"CBSK_VALG1": "X"} if field == "CBSK_ANTALAAR1" else {}
    report = run({**VALID, **extra, field: typed}, STAMDATA, TODAY)
    assert not any(f.rule.endswith(".type") for f in report.findings), report.findings
    assert report.to_dict()["data"][field] == stored


@pytest.mark.parametrize(
    ("field", "typed", "reason"),
    [
        pytest.param("PNR", "6702802729", "personnummer.erstatning", id="pnr-erstatning"),
        pytest.param("PNR", "020280-2AB9", "personnummer.ecpr", id="pnr-ecpr"),
        pytest.param("PNR", "3002802729", "personnummer.date", id="pnr-no-such-date"),
        pytest.param("PNR", "020280272", "personnummer.format", id="pnr-nine-digits"),
        pytest.param("PNR", 202802729, "personnummer.format", id="pnr-as-json-number"),
        pytest.param("HDTO", "2015-02-30", "date.calendar", id="date-no-such-day"),
        pytest.param("HDTO", "28-02-2015", "date.format", id="date-danish-order"),
        pytest.param("HDTO", "2015-2-28", "date.format", id="date-unpadded"),
        pytest.param("KOMK", "01011", "code.length", id="komk-five-digits"),
        pytest.param("KOMK", "1O1", "code.format", id="komk-letter-o"),
        pytest.param("KOMK", "١٠١", "code.format", id="komk-arabic-indic-digits"),
        pytest.param("KOMK", True, "value.type", id="komk-json-true"),
        pytest.param("KOMK", 1.5, "value.type", id="komk-json-float"),
        pytest.param("CADR_HUSNR", "1000", "husnr.format", id="husnr-1000"),
        pytest.param("CADR_HUSNR", "0", "husnr.range", id="husnr-0"),
        pytest.param("CADR_HUSNR", "12bb", "husnr.format", id="husnr-two-letters"),
        pytest.param("CADR_ETAGE", "k9", "etage.format", id="etage-k9"),
        pytest.param("CADR_ETAGE", "100", "etage.range", id="etage-100"),
        pytest.param("CADR_SIDEDOER", "12345", "sidedoer.range", id="sidedoer-five-digits"),
        pytest.param("CADR_CONVN", "Hansen", "convn.prefix", id="convn-no-c-o"),
        pytest.param("CADR_CONVN", "c/o  Hansen  Jensen", "convn.blanks", id="convn-two-blanks"),
        pytest.param("CADR_CONVN", "c/o " + "a" * 31, "convn.length", id="convn-35-chars"),
        pytest.param("CBSK_VALG1", "Y", "choice.value", id="choice-not-allowed"),
        pytest.param("CBSK_ANTALAAR1", "0", "integer.min", id="integer-below-min"),
        pytest.param("CBSK_ANTALAAR1", "to", "integer.format", id="integer-word"),
        pytest.param("HDTO", ["2015-02-28"], "value.type", id="date-as-list"),
        pytest.param("HDTO", {"d": "2015-02-28"}, "value.type", id="date-as-object"),
    ],
)
def test_what_cannot_be_normalised_is_a_type_finding(field: str, typed: Any, reason: str) -> None:
    """A value outside the field's domain is one error ``<FIELD>.type`` naming that field."""
    report = run({**VALID, field: typed}, STAMDATA, TODAY)
    type_findings = [f for f in report.findings if f.rule.endswith(".type")]
    assert [(f.rule, f.fields, f.severity) for f in type_findings] == [
        (f"{field}.type", (field,), "error")
    ]
    assert type_findings[0].params["reason"] == reason
    assert field not in report.data
    for lang in ("da", "en"):
        message = type_findings[0].template.for_lang(lang)
        assert message and message == ftypes.TYPE_MESSAGES[reason][lang == "en"]


def test_a_type_finding_leaves_the_rules_on_that_field_undecided() -> None:
    report = run({**VALID, "HDTO": "2015-02-30"}, STAMDATA, TODAY)
    reasons = {u.rule: u.reason for u in report.undecided}
    assert reasons["hdto-tidligst-28-dage-foer"] == "invalid"
    assert reasons["hdto-frist-5-dage"] == "invalid"


@pytest.mark.parametrize(
    "name", ["FOO", "pnr", "STATUS", "CADR_VEJKODE", "", "x" * 200], ids=lambda n: n[:12] or "empty"
)
def test_unknown_fields_are_errors(name: str) -> None:
    """Fail closed: a field the rule set does not define (stamdata included) is an error."""
    report = run({**VALID, name: "1"}, STAMDATA, TODAY)
    unknown = [f for f in report.findings if f.rule == "input.unknown-field"]
    assert [(f.fields, f.severity) for f in unknown] == [((name[:64],), "error")]
    assert not report.ok
    assert unknown[0].message == f"{name[:64]} er ikke et felt i FLYTB-I"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        pytest.param([], "list", id="list"),
        pytest.param([VALID], "list", id="list-of-submission"),
        pytest.param("PNR=0202802729", "str", id="string"),
        pytest.param(42, "int", id="number"),
        pytest.param(4.2, "float", id="float"),
        pytest.param(None, "null", id="null"),
        pytest.param(True, "bool", id="true"),
    ],
)
def test_non_object_input_is_a_typed_error(data: Any, kind: str) -> None:
    """Input that is not a JSON object gives exactly one finding, ``input.not-object``."""
    for lang in ("da", "en"):
        report = run(data, STAMDATA, TODAY, lang=lang)
        assert report.is_input_error and not report.ok
        assert [(f.rule, f.severity, f.fields) for f in report.findings] == [
            ("input.not-object", "error", ())
        ]
        assert kind in report.findings[0].message
        assert report.undecided == () and report.data == {}
        _assert_well_formed(report)


@pytest.mark.parametrize(
    "stamdata",
    [None, [], ["01"], "01", 1, True],
    ids=["none", "empty-list", "list", "string", "number", "true"],
)
def test_stamdata_that_is_not_an_object_counts_as_absent(stamdata: Any) -> None:
    """Rules on stamdata are undecided (``stamdata``), never failed, when it is not an object."""
    report = run(VALID, stamdata, TODAY)
    assert report.findings == ()
    reasons = {u.rule: u.reason for u in report.undecided}
    assert reasons == {"status-aktiv": "stamdata", "data-i-vent": "stamdata"}


def test_odd_stamdata_values_are_errors_on_their_fields() -> None:
    """Stamdata is CPR's answer and must be well formed (issue 9 point 2): a value outside its
    domain is an error on that field, and the rules reading it are undecided."""
    report = run(VALID, {"STATUS": "død", "I_VENT_MRK": ["X"]}, TODAY)
    assert sorted(f.rule for f in report.errors) == ["I_VENT_MRK.type", "STATUS.type"]
    assert {u.rule: u.reason for u in report.undecided} == {
        "status-aktiv": "invalid",
        "data-i-vent": "invalid",
    }


# -- messages ------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _failing_examples() -> list[Any]:
    cases = []
    for rule in ruleset().rules:
        for i, example in enumerate(e for e in rule.spec.examples if e.expect == "fail"):
            cases.append(pytest.param(rule.id, example, id=f"{rule.id}:{example.name or i}"))
    return cases


@pytest.mark.parametrize(("rule_id", "example"), _failing_examples())
def test_rule_messages_render_in_both_languages(rule_id: str, example: Any) -> None:
    """A failing example's message has every placeholder filled, in Danish and in English."""
    base = ruleset().spec.example_base
    assert base is not None
    data = {k: v for k, v in {**base.data, **example.data}.items() if v is not None}
    stamdata = example.stamdata if "stamdata" in example.model_fields_set else base.stamdata
    report = run(data, stamdata, example.today or base.today, partial=example.partial)
    findings = [f for f in report.findings if f.rule == rule_id]
    assert findings, [f.rule for f in report.findings]
    messages = {lang: report.in_language(lang).findings for lang in ("da", "en")}
    for lang, rendered in messages.items():
        for finding in rendered:
            if finding.rule == rule_id:
                assert finding.message.strip(), (lang, finding)
                assert not PLACEHOLDER.search(finding.message), (lang, finding.message)
    da = [f.message for f in messages["da"] if f.rule == rule_id]
    en = [f.message for f in messages["en"] if f.rule == rule_id]
    assert da != en


def test_every_rule_has_a_failing_example_for_its_message() -> None:
    assert {c.values[0] for c in _failing_examples()} == set(RULE_IDS)


@pytest.mark.parametrize(
    ("status", "da", "en"),
    [("90", "død", "deceased"), ("80", "udrejst", "emigrated"), ("70", "forsvundet", "missing")],
    ids=["deceased", "emigrated", "missing"],
)
def test_status_message_names_the_status_in_words(status: str, da: str, en: str) -> None:
    report = run(VALID, {"STATUS": status}, TODAY)
    assert [f.rule for f in report.findings] == ["status-aktiv"]
    assert da in report.findings[0].message and status in report.findings[0].message
    assert en in report.in_language("en").findings[0].message
    assert report.to_dict()["findings"][0]["params"]["text"] == status


def test_type_messages_fill_their_placeholders() -> None:
    """Type findings render ``{digits}`` etc. from the field's options."""
    report = run({**VALID, "KOMK": "01011", "CBSK_VALG1": "Y"}, STAMDATA, TODAY)
    for lang in ("da", "en"):
        for finding in report.in_language(lang).findings:
            assert not PLACEHOLDER.search(finding.message), finding.message


def test_integer_range_message_with_only_a_minimum() -> None:
    """CBSK_ANTALAAR1 has ``min: 1`` and no ``max``: the message must not show ``{max}``."""
    report = run({**VALID, "CBSK_VALG1": "X", "CBSK_ANTALAAR1": "0"}, STAMDATA, TODAY)
    [finding] = report.findings
    assert finding.params["reason"] == "integer.min"
    assert not PLACEHOLDER.search(finding.message), finding.message


# -- edges of the calendar ------------------------------------------------------------------------


@pytest.mark.parametrize("today", [dt.date.min, dt.date.max], ids=["date-min", "date-max"])
def test_today_at_the_end_of_the_calendar(today: dt.date) -> None:
    """``today`` at the calendar's ends: deadline arithmetic saturates instead of overflowing."""
    report = run(VALID, STAMDATA, today)
    _assert_well_formed(report)
