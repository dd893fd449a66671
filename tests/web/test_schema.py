"""The form's JSON Schema: valid 2020-12, the rule set's examples agree with it, every field is
in it, and each pattern is exact (matches iff the field's type accepts the text), in Python's
``re`` and in Node's ECMA-262 RegExp alike."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import httpx
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpr_rules.adressefelter import FieldValueError
from cpr_rules.rules import default_validator
from cpr_rules.rules.model import FieldSpec
from cpr_rules.rules.types import is_blank, normalise
from cpr_rules.web import schema as form

RULESET = default_validator().compiled("FLYTB-I").ruleset
SCHEMA = form.form_schema(RULESET, "da")
SPECS = {name: spec for name, spec in RULESET.fields.items() if name not in RULESET.stamdata}
PATTERNED = {n: s for n, s in SPECS.items() if form.pattern_for(s) is not None}
EXTRA_SPECS = {  # options the shipped rule set does not use
    "code-any": FieldSpec(type="code"),
    "integer-0": FieldSpec(type="integer", min=0),
    "integer-free": FieldSpec(type="integer"),
}


def _accepts(spec: FieldSpec, text: str) -> bool:
    try:
        normalise(text, spec)
    except FieldValueError:
        return False
    return True


def test_valid_against_the_metaschema() -> None:
    """The schema is a valid JSON Schema 2020-12 document (in both languages)."""
    for lang in ("da", "en"):
        document = form.form_schema(RULESET, lang)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)


def test_every_declared_field_is_in_it() -> None:
    """Every key and input field of the rule set is a property; stamdata is not; titles given."""
    assert set(SCHEMA["properties"]) == set(SPECS)
    assert not set(SCHEMA["properties"]) & set(RULESET.stamdata)
    for name, spec in SPECS.items():
        prop = SCHEMA["properties"][name]
        assert prop["x-cpr-type"] == spec.type
        if spec.title is not None:
            assert prop["title"] == spec.title.da
            assert form.form_schema(RULESET, "en")["properties"][name]["title"] == spec.title.en
        if spec.type == "choice":
            assert set(spec.values or []) <= set(prop["enum"])
    assert SCHEMA["required"] == [n for n, s in SPECS.items() if s.required]


def test_the_examples_agree_with_it() -> None:
    """The sample submission validates; every whole example without type findings does too,
    and every example with a type finding on a patterned field does not."""
    check = jsonschema.Draft202012Validator(SCHEMA)
    sample = RULESET.spec.examples[0]
    assert list(check.iter_errors(sample.data)) == []
    for example in RULESET.spec.examples:
        if example.partial or not isinstance(example.data, dict):
            continue
        typed = {e.split(".")[0] for e in example.expect if e.endswith(".type")}
        errors = list(check.iter_errors(example.data))
        if not example.expect:
            assert errors == [], example.name
        if typed & set(PATTERNED):
            assert errors, example.name


def test_blanks_are_what_python_strips() -> None:
    """The blank class is exactly the characters str.isspace (and so str.strip) knows."""
    spaces = {chr(i) for i in range(0x110000) if chr(i).isspace()}
    assert set(form._SPACES) == spaces


# Characters that matter: ASCII, Danish letters, the Unicode look-alikes case folding maps to
# ASCII (ı ſ K Å), other digits and blanks.
_ALPHABET = st.sampled_from(
    [
        *"0123456789 .-/abcdefklstvxyzABKLSTVXæøåÆØÅü\t\n\r\x0b\x0c",
        *("\u0131", "\u017f", "\u212a", "\u212b", "\u0660", "\uff15", "\xa0", "\u2028"),
        *("\u3000", "İ"),
    ]
)
_TEXTS = st.text(_ALPHABET, min_size=1, max_size=8) | st.text(min_size=1, max_size=6)
_ALL_PATTERNED = {**PATTERNED, **EXTRA_SPECS}


@settings(max_examples=1500, deadline=None)
@given(name=st.sampled_from(sorted(_ALL_PATTERNED)), text=_TEXTS)
def test_patterns_are_exact(name: str, text: str) -> None:
    """A non-blank text matches a field's pattern iff the field's type accepts it."""
    spec = _ALL_PATTERNED[name]
    if is_blank(text):
        return
    pattern = form.pattern_for(spec)
    assert pattern is not None
    assert bool(re.search(pattern, text)) == _accepts(spec, text), (pattern, text)


_PROBES = [
    "5", " 05 ", "0", "00", "000", "1234", "12345", "st", "ST.", "st . ", "k2", "K2", "\u212a2",
    "kl..", "tv", "TV", "mf", "0007", "0000", "7", "12/3", "a-b", "-a", "a--b", "ab/cd", "æøå",
    "\u212bb", "abcde", "x\n", "\n5", "5\u2028", "\u0131", "X", "x", "S", "\u017f", "", "12b",
    "99", "100", "1 ", "٣", "1\u00a0",
]  # fmt: skip


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_patterns_read_the_same_in_javascript() -> None:
    """Node's RegExp (what a browser uses) gives the same answer as Python's re for each probe."""
    patterns = {n: form.pattern_for(s) for n, s in _ALL_PATTERNED.items()}
    script = (
        "const [patterns, probes] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = {};"
        "for (const [n, p] of Object.entries(patterns)) {"
        "  const r = new RegExp(p); out[n] = probes.map(t => r.test(t)); }"
        "process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps([patterns, _PROBES]),
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    in_js = json.loads(done.stdout)
    for name, pattern in patterns.items():
        assert pattern is not None
        in_python = [bool(re.search(pattern, t)) for t in _PROBES]
        assert in_js[name] == in_python, name


def test_locked_fields_are_read_only() -> None:
    """Fields CPR locked at initier are readOnly with their value, also ones not in the rules."""
    document = form.form_schema(RULESET, "en", locked={"KOMK": "0101", "CADR_KOMKOD": "0101"})
    assert document["properties"]["KOMK"]["readOnly"] is True
    assert document["properties"]["KOMK"]["const"] == "0101"
    # CADR_KOMKOD is declared by FLYTB-I since issue 9 (locked fields are accepted)
    assert document["properties"]["CADR_KOMKOD"]["readOnly"] is True
    assert document["properties"]["CADR_KOMKOD"]["const"] == "0101"
    document = form.form_schema(RULESET, "en", locked={"CADR_XYZ": "1"})
    assert document["properties"]["CADR_XYZ"] == {
        "type": ["string", "null"],
        "readOnly": True,
        "const": "1",
    }
    jsonschema.Draft202012Validator.check_schema(document)


def test_served_per_language(http: httpx.Client) -> None:
    """GET /api/schema: ?lang wins, else Accept-Language (q-values), else Danish."""

    def title(**kwargs: Any) -> str:
        response = http.get("/api/schema/FLYTB-I", **kwargs)
        assert response.status_code == 200
        return str(response.json()["properties"]["HDTO"]["title"])

    assert title() == "Flyttedato"
    assert title(headers={"Accept-Language": "en-GB,en;q=0.9"}) == "Moving date"
    assert title(headers={"Accept-Language": "de, da;q=0.5, en;q=0.8"}) == "Moving date"
    assert title(headers={"Accept-Language": "en;q=0.1, da"}) == "Flyttedato"
    assert title(params={"lang": "en"}, headers={"Accept-Language": "da"}) == "Moving date"
    assert http.get("/api/schema/FLYTB-I", params={"lang": "sv"}).status_code == 422
    assert http.get("/api/schema/FLYTB-I").json() == SCHEMA


def test_served_with_locked_fields(http: httpx.Client) -> None:
    """?locked=NAME:VALUE marks CPR's locked fields read-only; a personnummer is refused."""
    params = [("locked", "CADR_KOMKOD:0101"), ("locked", "KOMK:0101"), ("lang", "en")]
    document = http.get("/api/schema/FLYTB-I", params=params).json()
    assert document["properties"]["CADR_KOMKOD"]["readOnly"] is True
    assert document["properties"]["KOMK"]["const"] == "0101"
    for bad in ("PNR:0202802729", "nocolon", "lower:1"):
        response = http.get("/api/schema/FLYTB-I", params={"locked": bad})
        assert response.status_code == 422, bad
        assert "0202802729" not in response.text
