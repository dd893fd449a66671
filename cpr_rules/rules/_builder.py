"""The Python side of the compiler's :class:`~cpr_rules.rules.checks.Emit` protocol: what each
check emitter asks (a field's variable and state, a constant bound in the function's namespace,
a finding appended) answered in Python, and what both backends share about a rule (its inputs,
its CPR numbers, the placeholders of type messages). :mod:`cpr_rules.rules.compiler` walks the
rule set with it; :mod:`cpr_rules.js._builder` is its JavaScript twin.
"""

from __future__ import annotations

from typing import Any

from cpr_rules.rules.compiled import FindingKind, base_namespace
from cpr_rules.rules.loader import LoadedRule, RuleSet
from cpr_rules.rules.messages import FieldTitle
from cpr_rules.rules.model import FieldSpec
from cpr_rules.rules.type_messages import field_messages
from cpr_rules.tables import CodeTables

__all__ = ["TYPE_OPTIONS", "KindCollector", "PyBuilder", "cpr_numbers", "inputs_of"]

TYPE_OPTIONS = ("digits", "min", "max", "max_length", "values")
"""The field options that type messages may name as placeholders."""


class KindCollector:
    """The finding kinds a builder collects, shared by both backends: a rule's own kind and,
    for a look-up with a stale downgrade, its stale kind (severity overrides applied)."""

    ruleset: RuleSet
    kinds: list[FindingKind]
    overrides: dict[str, str]
    rule_kind: int
    stale_kind: int

    def field_kinds(self, name: str, spec: FieldSpec) -> tuple[int, int | None]:
        """The kinds of a field's own findings: ``<FIELD>.type`` (the field's message for the
        normaliser's reason) and, for a required field, ``<FIELD>.required`` (else None)."""
        messages = field_messages(spec, self.ruleset.type_messages)
        source = self.ruleset.field_sources.get(name, self.ruleset.file)
        type_kind = self.add_kind(
            FindingKind(
                f"{name}.type",
                "error",
                source,
                "",
                "",
                *cpr_numbers(spec),
                by_reason=True,
                reasons=tuple((r, t.da, t.en) for r, t in messages.items() if r != "required"),
            )
        )
        if not spec.required:
            return type_kind, None
        required = messages["required"]
        text = (required.da, required.en)
        return type_kind, self.add_kind(
            FindingKind(f"{name}.required", "error", source, *text, *cpr_numbers(spec))
        )

    def add_kind(self, kind: FindingKind) -> int:
        self.kinds.append(kind)
        return len(self.kinds) - 1

    def rule_kinds(self, rule: LoadedRule) -> None:
        spec = rule.spec
        cpr = spec.cpr
        severity = self.overrides.get(spec.id, spec.severity)
        fejl, anmrk = (tuple(cpr.fejl), tuple(cpr.anmrk)) if cpr else ((), ())
        self.rule_kind = self.add_kind(
            FindingKind(
                spec.id, severity, rule.source, spec.message.da, spec.message.en, fejl, anmrk
            )
        )
        stale = spec.check.exists.stale if spec.check.exists else None
        if stale is not None:
            self.stale_kind = self.add_kind(
                FindingKind(
                    spec.id,
                    self.overrides.get(spec.id + ".stale", stale.severity),
                    rule.source,
                    stale.message.da,
                    stale.message.en,
                )
            )


class PyBuilder(KindCollector):
    """Collects constants, finding kinds and lines while emitting the function."""

    def __init__(self, ruleset: RuleSet, tables: CodeTables, overrides: dict[str, str]) -> None:
        self.ruleset = ruleset
        self.tables = tables
        self.overrides = overrides
        self.ns: dict[str, Any] = base_namespace()
        self._const_ids: dict[int, str] = {}
        self._titles: dict[str, FieldTitle] = {}
        self.kinds: list[FindingKind] = []
        self.names = [*ruleset.fields, *ruleset.stamdata]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.rule: LoadedRule | None = None
        self.rule_kind = self.stale_kind = -1
        self.flag: str | None = None  # set False when the current rule fails (see `requires`)

    # -- the Emit protocol ---------------------------------------------------------------------
    def var(self, field: str) -> str:
        return f"v{self.index[field]}"

    def const(self, value: Any) -> str:
        key = id(value)
        if key not in self._const_ids or self.ns[self._const_ids[key]] is not value:
            name = f"C{len(self.ns)}"
            self.ns[name] = value
            self._const_ids[key] = name
        return self._const_ids[key]

    def table(self, name: str) -> str:
        return self.const(self.tables[name])

    def _record(self, kind: int, fields: list[str] | str, params: dict[str, str]) -> str:
        """``fields`` is a list of names, or an expression giving the tuple at run time."""
        items = ", ".join(f"{k!r}: {v}" for k, v in params.items())  # our own param names
        names = fields if isinstance(fields, str) else self.const(tuple(fields))
        record = f"F.append(({kind}, {names}, {{{items}}}))"
        return f"{record}; {self.flag} = False" if self.flag else record

    def fail(self, fields: list[str] | str, params: dict[str, str]) -> str:
        return self._record(self.rule_kind, fields, params)

    def stale(self, fields: list[str], params: dict[str, str]) -> str:
        return self._record(self.stale_kind, fields, params)

    def state(self, field: str) -> str:
        return f"s{self.index[field]}"

    def title(self, field: str) -> str:
        """A name bound to the field's :class:`FieldTitle` (one per field)."""
        if field not in self._titles:
            spec = self.ruleset.fields.get(field) or self.ruleset.stamdata.get(field)
            text = spec.title if spec is not None else None
            self._titles[field] = FieldTitle(
                field, text.da if text else field, text.en if text else field
            )
        return self.const(self._titles[field])

    def titles(self, fields: list[str] | tuple[str, ...]) -> str:
        for name in fields:
            self.title(name)
        return self.const([self._titles[name] for name in fields])

    def title_map(self) -> str:
        """A name bound to ``{field: FieldTitle}`` of every field (for run-time lists)."""
        for name in self.names:
            self.title(name)
        return self.const(dict(self._titles))

    def value_params(self, field: str) -> dict[str, str]:
        spec = self.ruleset.fields.get(field) or self.ruleset.stamdata[field]
        value = self.var(field)  # a text or a number may hold a personnummer: ECHO masks it
        value = value if spec.type in ("date", "personnummer") else f"ECHO({value})"
        params = {"field": self.title(field), "value": value}
        if spec.table is not None and spec.type == "code" and not spec.key:
            params["text"] = f"CT({self.const(spec.table)}, {self.var(field)})"
        return params


def inputs_of(rule: LoadedRule) -> list[str]:
    """The fields a rule reads, in order: its targets, its conditions' fields, the fields of
    its check (both backends decide a rule only when all of them are blank or valid)."""
    spec = rule.spec
    names = [*spec.target_fields, *spec.condition_fields]
    opts = spec.check.options
    names += list(getattr(opts, "fields", None) or [])
    if spec.check.equals_field is not None:
        names.append(spec.check.equals_field.field)
    if spec.check.exists is not None:
        ex = spec.check.exists
        names += [*ex.key, *([ex.as_of] if ex.as_of else []), *([ex.husnr] if ex.husnr else [])]
    return list(dict.fromkeys(names))


def cpr_numbers(spec: FieldSpec) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A field's declared CPR numbers: (fejl, anmrk)."""
    return (tuple(spec.cpr.fejl), tuple(spec.cpr.anmrk)) if spec.cpr else ((), ())
