"""The validator: a compiled rule set applied to one submission, every finding at once.

>>> from cpr_rules.rules import check
>>> import datetime as dt
>>> data = {"PNR": "020280-2729", "HDTO": "2015-02-28", "KOMK": "101",
...         "CADR_VEJKOD": "8204", "CADR_HUSNR": "5", "CADR_ETAGE": "3", "CADR_SIDEDOER": "tv"}
>>> report = check("FLYTB-I", data, stamdata={"STATUS": "01"}, today=dt.date(2015, 2, 1))
>>> report.ok, report.klarskrift["adresse"]
(True, 'Vesterbrogade 5, 3. tv, 1620 København V')
>>> bad = check("FLYTB-I", {**data, "CADR_BNR": "0101", "HDTO": "20150401"},
...             stamdata={"STATUS": "90"}, today=dt.date(2015, 2, 1))
>>> [f.rule for f in bad.errors]
['hdto-tidligst-28-dage-foer', 'status-aktiv', 'husnr-eller-bnr']
>>> bad.errors[1].message
'Personen kan ikke melde flytning: status er 90 (Inaktiv, død)'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cpr_rules.locale import check_lang
from cpr_rules.rules.compiled import CompiledRuleSet
from cpr_rules.rules.messages import echo_key
from cpr_rules.rules.report import Finding, Report, Template, Undecided, new_finding, new_report
from cpr_rules.tables import CodeTable, CodeTables, Found, load_tables
from cpr_rules.translator import Translator

if TYPE_CHECKING:
    from cpr_rules.rules.loader import RuleSet

__all__ = ["MAX_INPUT_DEPTH", "Validator", "check", "default_validator"]

MAX_INPUT_DEPTH = 16
"""Deepest nesting of lists and objects in one field's value (fields are flat; CPR's values
are strings). Deeper input is one ``input.too-deep`` finding naming the fields, checked before
any rule runs, so nothing later (messages, ``to_dict``) ever walks an unbounded structure."""

_NOT_OBJECT = Template(
    "Indberetningen skal være et JSON-objekt med felter, ikke {kind}",
    "The submission must be a JSON object of fields, not {kind}",
)
_TOO_DEEP = Template(
    "Værdien af {fields} er indlejret i mere end {limit} niveauer",
    "The value of {fields} is nested more than {limit} levels deep",
)
_SEVERITIES = frozenset({"error", "warning"})
# Finding kinds the compiler makes for every rule set; severity_overrides cannot name them.
_BUILTIN_KINDS = ("ruleset.not-valid", "input.unknown-field")


_KindInfo = tuple[str, str, str, Template | dict[str, Template], tuple[int, ...], tuple[int, ...]]


def _kinds(compiled: CompiledRuleSet) -> tuple[_KindInfo, ...]:
    """Per finding kind: rule, severity, source, template (by reason: a dict), CPR numbers."""
    return tuple(
        (
            k.rule,
            k.severity,
            k.source,
            {r: Template(da, en) for r, da, en in k.reasons}
            if k.by_reason
            else Template(k.da, k.en),
            k.cpr_fejl,
            k.cpr_anmrk,
        )
        for k in compiled.kinds
    )


class Validator:
    """Checks submissions against a folder of rule sets (default: the shipped ones).

    Rule sets are loaded and compiled once, when the validator is made; :meth:`check` then runs
    plain Python. A validator is immutable and safe to share between threads.
    """

    def __init__(
        self,
        rulesets: str | Path | None = None,
        *,
        tables: CodeTables | None = None,
        severity_overrides: Mapping[str, str] | None = None,
    ) -> None:
        from cpr_rules._paths import rulesets_dir
        from cpr_rules.rules._snapshot import load_compiled

        self.tables = tables if tables is not None else load_tables()
        self.translator = Translator(self.tables)
        folder = Path(rulesets) if rulesets is not None else rulesets_dir()
        overrides = _overrides_shape(severity_overrides)
        if not folder.is_dir():
            from cpr_rules.errors import RuleSetError

            raise RuleSetError("not a folder of rule sets (no such folder)", file=folder)
        self._compiled = load_compiled(folder, self.tables, overrides)
        if not self._compiled:  # a validator that knows no hændelse could only refuse
            from cpr_rules.errors import RuleSetError

            raise RuleSetError("no rule set (*.yaml) in this folder", file=folder)
        _check_override_rules(overrides, self._compiled.values())
        # Per-submission work that depends only on the rule set and the tables, done once here.
        self._kinds = {name: _kinds(c) for name, c in self._compiled.items()}
        self._codes: dict[str, tuple[tuple[str, CodeTable, int, tuple[int, ...]], ...]] = {}
        self._as_of = {  # the index of the field the tables are read as of (else today)
            name: c.field_names.index(c.as_of) if c.as_of in c.field_names else None
            for name, c in self._compiled.items()
        }
        # one read-only mapping shared by every report (not a copy per check)
        self._production_dates = MappingProxyType(self.tables.production_dates())

    @cached_property
    def rulesets(self) -> dict[str, RuleSet]:
        """The loaded rule-file models, by hændelse (read from the YAML on first use)."""
        return {name: c.ruleset for name, c in self._compiled.items()}

    def compiled(self, haendelse: str) -> CompiledRuleSet:
        """The compiled form of one rule set (its ``source`` shows the generated code)."""
        try:
            return self._compiled[haendelse]
        except (KeyError, TypeError):  # TypeError: not hashable (a list, a dict)
            from cpr_rules.errors import InputError
            from cpr_rules.personnummer import mask_repr
            from cpr_rules.rules.loader import did_you_mean

            hint = did_you_mean(haendelse, self._compiled) if isinstance(haendelse, str) else ""
            raise InputError(
                f"no rule set for hændelse {mask_repr(haendelse)}{hint}; "
                f"known: {', '.join(self._compiled)}"
            ) from None

    def check(
        self,
        haendelse: str,
        data: Any,
        *,
        stamdata: Any = None,
        today: dt.date | None = None,
        partial: bool = False,
        lang: str = "da",
    ) -> Report:
        """Every finding about ``data`` at once. Never raises on any JSON value of ``data``."""
        compiled = (
            self._compiled.get(haendelse) if haendelse.__class__ is str else None
        ) or self.compiled(haendelse)
        if lang != "da" and lang != "en":  # the common case without a call
            lang = check_lang(lang)
        if today is None:
            from cpr_rules._today import danish_today  # the zone database, only when needed

            today = danish_today()
        elif today.__class__ is not dt.date:
            today = _day(today)
        if partial is not False and partial is not True:
            from cpr_rules.errors import InputError

            raise InputError(f"partial must be True or False, not {type(partial).__name__}")
        if not isinstance(data, dict):
            return self._not_object(compiled, data, today, partial, lang)
        if not isinstance(stamdata, dict):
            stamdata = None
        deep = _too_deep(data) + (_too_deep(stamdata) if stamdata else ())
        if deep:
            return self._too_deep(compiled, deep, today, partial, lang)
        raw, undecided_raw, values, states = compiled.function(data, stamdata, today, partial)
        kinds, translator = self._kinds[haendelse], self.translator
        findings = []
        for k, fields, params in raw:
            rule, severity, source, template, fejl, anmrk = kinds[k]
            if template.__class__ is dict:  # a type finding: the message depends on the reason
                template = template.get(str(params.get("reason"))) or template["value.type"]
            findings.append(
                new_finding(
                    rule, fields, severity, params, source, template, fejl, anmrk, lang, translator
                )
            )
        rule_inputs = compiled.rule_inputs
        undecided = (
            tuple(
                Undecided(rule_inputs[j][0], rule_inputs[j][1], reason)
                for j, reason in undecided_raw
            )
            if undecided_raw
            else ()
        )
        return self._report(
            compiled, tuple(findings), undecided, values, states, today, partial, lang
        )

    def _report(
        self,
        compiled: CompiledRuleSet,
        findings: tuple[Finding, ...],
        undecided: tuple[Undecided, ...],
        values: tuple[Any, ...],
        states: tuple[int, ...],
        today: dt.date,
        partial: bool,
        lang: str,
    ) -> Report:
        i = self._as_of[compiled.haendelse]
        day = values[i] if i is not None and states and states[i] == 1 else None
        if not isinstance(day, dt.date):
            day = None
        return new_report(
            compiled.haendelse,
            compiled.version,
            findings,
            undecided,
            (compiled.field_names, values, states),
            self._klarskrift(compiled, values, states, day) if states else {},
            self._production_dates,
            today,
            day,
            partial,
            lang,
        )

    def _klarskrift(
        self,
        plan: CompiledRuleSet,
        values: tuple[Any, ...],
        states: tuple[int, ...],
        day: dt.date | None,
    ) -> dict[str, str | None]:
        """The klarskrift of the valid code fields and of the address (state 1 = valid)."""
        out: dict[str, str | None] = {}
        codes = self._codes.get(plan.haendelse)
        if codes is None:  # the tables, looked up once per rule set (on its first check)
            codes = tuple((n, self.tables[t], i, key) for n, t, i, key in plan.codes)
            self._codes[plan.haendelse] = codes
        for name, table, i, key in codes:
            if states[i] != 1:
                continue
            for j in key:
                if states[j] != 1:
                    break
            else:
                found = table.lookup(*[values[j] for j in key], as_of=day)
                out[name] = found.text if found.__class__ is Found else None
        if plan.address is not None:  # a rule set may name a field of any type here: str()
            k, v, h, e, s, b = plan.address
            if states[k] == 1 and states[v] == 1 and values[k] and values[v]:
                out["adresse"] = self.translator.address_line(
                    str(values[k]),
                    str(values[v]),
                    str(values[h]) if h is not None and states[h] == 1 else None,
                    etage=str(values[e]) if e is not None and states[e] == 1 else None,
                    sidedoer=str(values[s]) if s is not None and states[s] == 1 else None,
                    bnr=str(values[b]) if b is not None and states[b] == 1 else None,
                    as_of=day,
                )
        return out

    def _not_object(
        self, compiled: CompiledRuleSet, data: Any, today: dt.date, partial: bool, lang: str
    ) -> Report:
        kind = "null" if data is None else type(data).__name__
        finding = Finding(
            "input.not-object",
            (),
            "error",
            {"kind": kind},
            compiled.file,
            _NOT_OBJECT,
            lang=lang,
        )
        return self._report(compiled, (finding,), (), (), (), today, partial, lang)

    def _too_deep(
        self,
        compiled: CompiledRuleSet,
        fields: tuple[str, ...],
        today: dt.date,
        partial: bool,
        lang: str,
    ) -> Report:
        params = {"fields": list(fields), "limit": MAX_INPUT_DEPTH}
        finding = Finding(
            "input.too-deep", fields, "error", params, compiled.file, _TOO_DEEP, lang=lang
        )
        return self._report(compiled, (finding,), (), (), (), today, partial, lang)


def _day(today: object) -> dt.date:
    """``today`` as a date: a datetime counts its calendar day; anything else is an InputError."""
    if isinstance(today, dt.datetime):
        return today.date()
    if isinstance(today, dt.date):
        return dt.date(today.year, today.month, today.day)
    from cpr_rules.errors import InputError

    raise InputError(f"today must be a datetime.date, not {type(today).__name__}")


def _too_deep(fields: dict[Any, Any]) -> tuple[str, ...]:
    """The names of the fields whose values nest deeper than :data:`MAX_INPUT_DEPTH`."""
    for value in fields.values():  # the common case first: nothing but strings and nulls
        if value.__class__ is not str and value is not None:
            break
    else:
        return ()
    out = []
    for name, value in fields.items():
        if isinstance(value, (dict, list, tuple)):
            stack = [(value, 1)]
            while stack:
                item, depth = stack.pop()
                if depth > MAX_INPUT_DEPTH:
                    out.append(echo_key(name, 100))
                    break
                children = item.values() if isinstance(item, dict) else item
                stack += ((c, depth + 1) for c in children if isinstance(c, (dict, list, tuple)))
    return tuple(out)


def _overrides_shape(overrides: Mapping[str, str] | None) -> dict[str, str]:
    """``severity_overrides`` as a dict of rule id to ``error``/``warning``, or an InputError."""
    if not overrides:
        return {}
    from cpr_rules.errors import InputError
    from cpr_rules.rules.loader import did_you_mean

    if not isinstance(overrides, Mapping):
        raise InputError(f"severity_overrides must be a mapping, not {type(overrides).__name__}")
    for rule_id, severity in overrides.items():
        if not isinstance(rule_id, str):
            raise InputError(f"severity_overrides: no rule {rule_id!r}")
        if severity not in _SEVERITIES:
            hint = did_you_mean(severity, sorted(_SEVERITIES)) if isinstance(severity, str) else ""
            raise InputError(
                f"severity_overrides[{rule_id!r}]: severity must be 'error' or 'warning', "
                f"not {severity!r}{hint}"
            )
    return dict(overrides)


def _check_override_rules(
    overrides: Mapping[str, str], compiled: Iterable[CompiledRuleSet]
) -> None:
    """Every key names a rule of one of the rule sets, or ``<id>.stale`` of a rule with a
    ``stale`` option (the compiler makes a second finding kind for it); else an InputError.
    A typo must never turn an error off silently."""
    if not overrides:
        return
    from cpr_rules.errors import InputError
    from cpr_rules.rules.loader import did_you_mean

    known: set[str] = set()
    for c in compiled:
        ids = [
            k.rule
            for k in c.kinds
            if not k.by_reason and k.rule not in _BUILTIN_KINDS and not k.rule.endswith(".required")
        ]
        known.update(ids)
        known.update(f"{rule}.stale" for rule in set(ids) if ids.count(rule) > 1)
    for rule_id in overrides:
        if rule_id not in known:
            hint = did_you_mean(rule_id, sorted(known))
            raise InputError(f"severity_overrides: no rule {rule_id!r}{hint}")


_DEFAULT: Validator | None = None


def default_validator() -> Validator:
    """The validator over the shipped rule sets and code tables (made once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Validator()
    return _DEFAULT


def check(
    haendelse: str,
    data: Any,
    *,
    stamdata: Any = None,
    today: dt.date | None = None,
    partial: bool = False,
    lang: str = "da",
) -> Report:
    """Check ``data`` against the shipped rule set of ``haendelse`` (see :class:`Validator`)."""
    return default_validator().check(
        haendelse, data, stamdata=stamdata, today=today, partial=partial, lang=lang
    )
