"""The JSON Schema (2020-12) of the submission a form sends for one hændelse.

Every input field of the rule set (its keys and fields, not the stamdata CPR returns) becomes a
property with its title in the asked language, its JSON type, the length CPR stores (a form's
``maxlength``), the allowed values of a choice (``enum``) and a ``pattern`` only where the
pattern is *exact*: a string matches it if and only if the field's type accepts it
(``tests/web/test_schema.py`` proves that with hypothesis for every pattern given). Required
fields are ``required`` and may not be blank; others may be ``null`` or blank (not filled).
Fields CPR has locked (``a="L"`` at initier, bilag 7 §13) are ``readOnly`` with their value.

The patterns use only what Python's ``re`` and ECMA-262 read alike: explicit ``\\uXXXX``
classes, no ``\\d``/``\\s``/``\\w``, and they end in optional blanks so ``$`` means the same.

>>> from cpr_rules.rules import default_validator
>>> schema = form_schema(default_validator().compiled("FLYTB-I").ruleset, "en")
>>> schema["properties"]["KOMK"]["title"], schema["required"]
('Municipality moved to', ['PNR', 'HDTO', 'KOMK', 'CADR_VEJKOD'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from cpr_rules.locale import check_lang
from cpr_rules.rules.loader import RuleSet
from cpr_rules.rules.model import FieldSpec

__all__ = ["BLANKS", "METASCHEMA", "PATTERNS", "form_schema", "pattern_for"]

METASCHEMA: Final = "https://json-schema.org/draft/2020-12/schema"

_SPACES: Final = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(
    map(chr, [*range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
)
"""Every character ``str.isspace`` and ``str.strip`` treat as blank (a test keeps it exact)."""

BLANKS: Final = "[" + "".join(f"\\u{ord(c):04x}" for c in _SPACES) + "]"
"""A character class of :data:`_SPACES`, readable by Python's ``re`` and by ECMA-262."""

_W: Final = BLANKS + "*"


def _anchored(core: str) -> str:
    return f"^{_W}(?:{core}){_W}$"


def _code(spec: FieldSpec) -> str | None:
    digits = f"{{1,{spec.digits}}}" if spec.digits else "+"
    return _anchored(f"[0-9]{digits}")


def _integer(spec: FieldSpec) -> str | None:
    if spec.max is not None or (spec.min is not None and spec.min > 1):
        return None  # a range other than "from 0" or "from 1" is no exact pattern
    body = "0*[1-9][0-9]*" if spec.min == 1 else "[0-9]+"
    return _anchored(f"(?=[0-9]{{1,18}}{_W}$){body}")


def _etage(spec: FieldSpec) -> str | None:
    """ADRESSE3 ETAGE as :func:`~cpr_rules.adressefelter.normalise_etage` reads it (issue 9:
    ASCII only; ``k1``, ``3.`` and ``st.`` are errors)."""
    words = "|".join(f"[{w[0]}{w[0].upper()}][{w[1]}{w[1].upper()}]" for w in ("st", "kl"))
    return _anchored(f"0[1-9]|[1-9][0-9]?|{words}|[kK][23]")


def _sidedoer(spec: FieldSpec) -> str | None:
    """ADRESSE3 SIDEDOER as :func:`~cpr_rules.adressefelter.normalise_sidedoer` reads it: a
    door number 1-9999 in at most 4 digits, or a text door of at most 4 characters of A-Å and
    digits, with ``-``/``/`` between two of them and at most one inner blank."""
    letter = "[a-zA-Z0-9æøåÆØÅ]"
    part = f"{letter}+(?:[-/]{letter}+)*"
    word = f"(?![0-9]+{_W}$)(?=[a-zA-Z0-9æøåÆØÅ/ -]{{1,4}}{_W}$)(?:{part}(?: {part})?)"
    return _anchored(f"(?=[0-9]{{1,4}}{_W}$)0*[1-9][0-9]*|{word}")


PATTERNS: Final[dict[str, Callable[[FieldSpec], str | None]]] = {
    "code": _code,
    "integer": _integer,
    "etage": _etage,
    "sidedoer": _sidedoer,
}
"""Field type -> its exact pattern (``None``: no exact pattern for these options). Types not
here (personnummer, date, husnr, bnr, convn, text) have none: their domains count calendar
days, Unicode digits or lengths after folding, which a regular expression cannot say exactly."""

# The length CPR stores, as a form's maxlength (a hint, not a rule: blanks around are allowed).
_MAX_LENGTH: Final = {
    "personnummer": 11,
    "date": 10,
    "husnr": 4,
    "etage": 3,
    "sidedoer": 4,
    "bnr": 4,
    "convn": 34,
}


_MAX_INT: Final = 10**18 - 1


def pattern_for(spec: FieldSpec) -> str | None:
    """The exact pattern of a field, or ``None``."""
    make = PATTERNS.get(spec.type)
    return make(spec) if make is not None else None


def _property(spec: FieldSpec, lang: str, required: bool) -> dict[str, Any]:
    prop: dict[str, Any] = {}
    if spec.title is not None:
        prop["title"] = spec.title.da if lang == "da" else spec.title.en
    kinds = ["string", "integer"] if spec.type == "integer" else ["string"]
    prop["type"] = kinds if required else [*kinds, "null"]
    prop["x-cpr-type"] = spec.type
    if spec.type == "choice":
        prop["enum"] = [*(spec.values or []), *([] if required else ["", None])]
    length = spec.digits if spec.type == "code" else spec.max_length
    length = length or _MAX_LENGTH.get(spec.type)
    if length is not None:
        prop["maxLength"] = length
    pattern = pattern_for(spec)
    if pattern is not None:
        # a blank optional field is "not filled"; a required one must be filled
        prop["pattern"] = pattern if required else f"{pattern}|^{_W}$"
    elif required:
        prop["pattern"] = f"[^{BLANKS[1:-1]}]"  # not blank
    if spec.type == "integer":  # a JSON number is read as its digits: no sign, 18 at most
        prop["minimum"] = max(spec.min or 0, 0)
        prop["maximum"] = min(spec.max if spec.max is not None else _MAX_INT, _MAX_INT)
    if spec.source:
        prop["description"] = spec.source
    return prop


def form_schema(
    ruleset: RuleSet, lang: str = "da", *, locked: Mapping[str, str | None] | None = None
) -> dict[str, Any]:
    """The JSON Schema of a submission of ``ruleset`` with titles in ``lang``.

    ``locked`` (from :attr:`~cpr_rules.session.Stamoplysninger.locked`) marks fields read-only
    with their value; locked fields CPR sends that the rule set does not declare are added.
    """
    lang = check_lang(lang)
    locked = dict(locked or {})
    stamdata = set(ruleset.stamdata)
    inputs = {n: s for n, s in ruleset.fields.items() if n not in stamdata}
    required = [n for n, s in inputs.items() if s.required]
    properties = {n: _property(s, lang, n in required) for n, s in inputs.items()}
    for name, value in locked.items():
        prop = properties.setdefault(name, {"type": ["string", "null"]})
        prop |= {"readOnly": True, "const": value}
        prop.pop("pattern", None)
        prop.pop("enum", None)
    title = ruleset.spec.title
    return {
        "$schema": METASCHEMA,
        "$id": f"urn:cpr-rules:form:{ruleset.haendelse}:{ruleset.version}",
        "title": (title.da if lang == "da" else title.en) if title else ruleset.haendelse,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
