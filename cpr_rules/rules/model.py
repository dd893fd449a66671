"""The rule-file format as typed models: the single source of the JSON Schema.

A rule set is one YAML file per hændelse (``rulesets/FLYTB-I.yaml``). Every mapping forbids
unknown keys, so a typo is an error at load time. ``docs/rule-language.md`` describes the
format for authors; ``docs/schema/ruleset.schema.json`` is generated from these models
(``python -m cpr_rules.rules.schema``) and a test keeps it fresh.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "CHECK_NAMES",
    "CONDITION_NAMES",
    "FIELD_TYPES",
    "AddressSpec",
    "CheckSpec",
    "ConditionSpec",
    "CprNumbers",
    "DefaultSpec",
    "FieldSpec",
    "RuleExample",
    "RuleSetFile",
    "RuleSpec",
    "Scenario",
    "StaleSpec",
    "Text",
    "Validity",
]

FieldType = Literal[
    "personnummer",
    "date",
    "code",
    "code_list",
    "beskyt",
    "husnr",
    "etage",
    "sidedoer",
    "bnr",
    "convn",
    "integer",
    "choice",
    "text",
]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]
RULE_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FIELD_NAME = r"^[A-Z][A-Z0-9_]*$"
Scalar = str | int
FieldName = Annotated[str, Field(pattern=FIELD_NAME)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Model):
    """A text in Danish and English; both must use the same ``{placeholders}``."""

    da: str
    en: str


class Validity(_Model):
    """A validity period: ``from`` inclusive, ``to`` exclusive; either may be left out."""

    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None

    def overlaps(self, other: Validity) -> bool:
        """Whether the two periods share a day (an empty or inverted period shares none)."""
        start = max(self.from_ or dt.date.min, other.from_ or dt.date.min)
        return start < min(self.to or dt.date.max, other.to or dt.date.max)


class CprNumbers(_Model):
    """CPR's own error (Fejl) and warning (Anmrk) numbers that a rule predicts."""

    fejl: list[int] = []
    anmrk: list[int] = []


class DefaultSpec(_Model):
    """A value CPR fills in when the field is left blank (and, optionally, a condition holds)."""

    value: Scalar
    when: dict[FieldName, ConditionSpec] = {}


class FieldSpec(_Model):
    """A field of the submission (or of the stamdata) with CPR's value domain."""

    type: FieldType
    title: Text | None = None
    required: bool = False
    table: str | None = None
    key: list[FieldName] | None = None
    digits: int | None = Field(default=None, ge=1, le=18)
    values: list[str] | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = Field(default=None, ge=1)
    default: DefaultSpec | None = None
    cpr: CprNumbers | None = None
    source: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _options_fit_type(self) -> FieldSpec:
        allowed = {
            "code": {"table", "key", "digits"},
            "code_list": {"table", "digits"},
            "choice": {"values"},
            "integer": {"min", "max"},
            "text": {"max_length"},
        }.get(self.type, set())
        for option in ("table", "key", "digits", "values", "min", "max", "max_length"):
            if getattr(self, option) is not None and option not in allowed:
                raise ValueError(f"option {option!r} does not apply to type {self.type!r}")
        if self.type == "choice" and not self.values:
            raise ValueError("type 'choice' needs 'values'")
        return self


class ConditionSpec(_Model):
    """A condition on one field, used in ``when:``. Exactly one of the options."""

    equals: Scalar | None = None
    not_equals: Scalar | None = None
    one_of: list[Scalar] | None = None
    not_one_of: list[Scalar] | None = None
    filled: bool | None = None
    blank: bool | None = None
    contains: Scalar | None = None
    not_contains: Scalar | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ConditionSpec:
        given = [k for k in CONDITION_NAMES if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a condition has exactly one of {', '.join(CONDITION_NAMES)}")
        return self


CONDITION_NAMES = (
    "equals",
    "not_equals",
    "one_of",
    "not_one_of",
    "filled",
    "blank",
    "contains",
    "not_contains",
)


class StaleSpec(_Model):
    """How an ``exists`` check reports a miss in a table that may be too old."""

    severity: Literal["error", "warning"] = "warning"
    message: Text


class Exists(_Model):
    table: str
    key: list[FieldName] = Field(min_length=1)
    as_of: FieldName | None = None
    husnr: FieldName | None = None
    stale: StaleSpec | None = None


class Range(_Model):
    min: int
    max: int


class AtMostOneOf(_Model):
    fields: list[FieldName] = Field(min_length=2)


class OneOf(_Model):
    values: list[Scalar] = Field(min_length=1)


class DaysAfterToday(_Model):
    days_after_today: int = Field(ge=0)


class DaysBeforeToday(_Model):
    days_before_today: int = Field(ge=0)


class Value(_Model):
    value: Scalar


class OtherField(_Model):
    field: FieldName


class Empty(_Model):
    pass


class CheckSpec(_Model):
    """The one check a rule makes, from the fixed vocabulary (``docs/rule-language.md``)."""

    filled: Empty | None = None
    blank: Empty | None = None
    one_of: OneOf | None = None
    not_one_of: OneOf | None = None
    between: Range | None = None
    not_between: Range | None = None
    at_most_one_of: AtMostOneOf | None = None
    exists: Exists | None = None
    modulus11: Empty | None = None
    date_at_most: DaysAfterToday | None = None
    date_at_least: DaysBeforeToday | None = None
    contains: Value | None = None
    not_contains: Value | None = None
    forbidden: Empty | None = None
    equals_field: OtherField | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> CheckSpec:
        given = [k for k in CHECK_NAMES if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a check is exactly one of {', '.join(CHECK_NAMES)}")
        return self

    @property
    def name(self) -> str:
        """The keyword of this check (``exists``)."""
        return next(k for k in CHECK_NAMES if getattr(self, k) is not None)

    @property
    def options(self) -> Any:
        """The typed options of this check."""
        return getattr(self, self.name)


CHECK_NAMES = tuple(CheckSpec.model_fields)


class RuleExample(_Model):
    """A small example for one rule: ``data`` is merged onto the rule set's ``example_base``."""

    name: str | None = None
    data: dict[FieldName, Any] = {}
    stamdata: dict[FieldName, Any] | None = None
    today: dt.date | None = None
    partial: bool = False
    expect: Literal["fail", "pass", "undecided"]


class RuleSpec(_Model):
    """One rule: what it checks, how bad a failure is, what it says, and where it comes from."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    field: FieldName | None = None
    fields: list[FieldName] | None = None
    when: dict[FieldName, ConditionSpec] = {}
    when_any: list[dict[FieldName, ConditionSpec]] = []
    check: CheckSpec
    severity: Literal["error", "warning"] = "error"
    message: Text
    source: str = Field(min_length=1)
    cpr: CprNumbers | None = None
    valid: Validity | None = None
    status: Literal["active", "retired"] = "active"
    requires: list[Annotated[str, Field(pattern=RULE_ID)]] = []
    examples: list[RuleExample] = []

    @model_validator(mode="after")
    def _one_way_to_name_fields(self) -> RuleSpec:
        if self.field is not None and self.fields is not None:
            raise ValueError("give either 'field' or 'fields', not both")
        return self

    @property
    def target_fields(self) -> list[str]:
        """The fields the rule is about (what a finding names)."""
        if self.field is not None:
            return [self.field]
        if self.fields is not None:
            return list(self.fields)
        if self.check.at_most_one_of is not None:
            return list(self.check.at_most_one_of.fields)
        if self.check.exists is not None:
            return [self.check.exists.key[-1]]
        return list(self.when) or [f for c in self.when_any for f in c][:1]

    @property
    def condition_fields(self) -> list[str]:
        """Every field named in ``when`` or ``when_any``."""
        names = list(self.when)
        for conditions in self.when_any:
            names += [n for n in conditions if n not in names]
        return names


class Scenario(_Model):
    """A whole submission and exactly the rules it should fail (and leave undecided)."""

    name: str
    data: Any
    stamdata: dict[FieldName, Any] | None = None
    today: dt.date
    partial: bool = False
    expect: list[str] = []
    undecided: list[str] | None = None


class AddressSpec(_Model):
    """Which fields make up the address whose klarskrift the report carries."""

    kommunekode: FieldName
    vejkode: FieldName
    husnr: FieldName | None = None
    etage: FieldName | None = None
    sidedoer: FieldName | None = None
    bnr: FieldName | None = None


class RuleSetFile(_Model):
    """A rule-set file (``rulesets/FLYTB-I.yaml``) or a shared block (``include``-d)."""

    schema_: str | None = Field(default=None, alias="$schema")
    haendelse: str | None = None
    title: Text | None = None
    version: str | None = None
    valid: Validity | None = None
    as_of: FieldName | None = None
    sources: list[str] = []
    include: list[str] = []
    keys: dict[FieldName, FieldSpec] = {}
    fields: dict[FieldName, FieldSpec] = {}
    stamdata: dict[FieldName, FieldSpec] = {}
    rules: list[RuleSpec] = []
    address: AddressSpec | None = None
    example_base: RuleExample | None = None
    examples: list[Scenario] = []
