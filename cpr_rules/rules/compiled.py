"""A compiled rule set: the generated function and what a report needs, in plain Python.

Everything here is what *running* a rule set needs; nothing here imports the rule-file models
or YAML. :class:`CompiledRuleSet` is made by :func:`cpr_rules.rules.compile_ruleset` from a
loaded rule set, or restored from the compiled cache (:mod:`cpr_rules.rules._snapshot`) without
reading the YAML again; its :attr:`~CompiledRuleSet.ruleset` (the loaded rule-file models) is
loaded only when asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from cpr_rules._frozen import Frozen, setfield
from cpr_rules.adressefelter import FieldValueError
from cpr_rules.personnummer import mask
from cpr_rules.rules.messages import CodeText, echo, echo_key
from cpr_rules.tables import MissReason

if TYPE_CHECKING:
    from cpr_rules.rules.loader import RuleSet
    from cpr_rules.tables import CodeTables

__all__ = ["CompiledRuleSet", "FieldOptions", "FindingKind", "Sample", "base_namespace"]

_UNDECIDED = {2: "invalid", 4: "stamdata", 3: "missing"}

Sample = tuple[Mapping[str, Any], Mapping[str, Any] | None, dt.date | None]
"""A rule set's example submission: data, stamdata, today."""

CodeKlarskrift = tuple[str, str, int, tuple[int, ...]]
"""A code field's klarskrift: field, table, the field's index, its key fields' indices."""

AddressKlarskrift = tuple[int, int, int | None, int | None, int | None, int | None]
"""Indices of the address fields: kommunekode, vejkode, husnr, etage, sidedoer, bnr."""


class FindingKind(Frozen):
    """What a raw failure from the generated code turns into (one per rule, type, stale …).

    ``by_reason``: a type finding, whose template depends on ``params["reason"]``;
    ``reasons``: then the (reason, da, en) of each reason of the field (``type_messages``).
    """

    __slots__ = _fields = (
        "rule",
        "severity",
        "source",
        "da",
        "en",
        "cpr_fejl",
        "cpr_anmrk",
        "by_reason",
        "reasons",
    )
    rule: str
    severity: str
    source: str
    da: str
    en: str
    cpr_fejl: tuple[int, ...]
    cpr_anmrk: tuple[int, ...]
    by_reason: bool
    reasons: tuple[tuple[str, str, str], ...]

    def __init__(
        self,
        rule: str,
        severity: str,
        source: str,
        da: str,
        en: str,
        cpr_fejl: tuple[int, ...] = (),
        cpr_anmrk: tuple[int, ...] = (),
        by_reason: bool = False,
        reasons: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        values = (rule, severity, source, da, en, cpr_fejl, cpr_anmrk, by_reason, reasons)
        for name, value in zip(self._fields, values, strict=True):
            setfield(self, name, value)


class FieldOptions(SimpleNamespace):
    """The plain options of a field (type, digits, min, max, values …), as the generated code
    hands them to the field's normaliser: a copy of the rule file's field without the model."""


def _plus(day: dt.date, delta: dt.timedelta) -> dt.date:
    """``day + delta``, saturating at ``date.max`` instead of overflowing."""
    try:
        return day + delta
    except OverflowError:
        return dt.date.max


def _minus(day: dt.date, delta: dt.timedelta) -> dt.date:
    """``day - delta``, saturating at ``date.min`` instead of overflowing."""
    try:
        return day - delta
    except OverflowError:
        return dt.date.min


def _undecided_reason(*states: int) -> str:
    """Why a rule is undecided: an invalid input first, then missing stamdata, then a gap."""
    for state in (2, 4, 3):
        if state in states:
            return _UNDECIDED[state]
    raise AssertionError("called only when an input is undecided")  # pragma: no cover


def base_namespace() -> dict[str, Any]:
    """The names every generated function may use besides its own constants."""
    return {
        "FieldValueError": FieldValueError,
        "MASK": mask,
        "ECHO": echo,
        "ECHO_KEY": echo_key,
        "STALE": MissReason.STALE,
        "PLUS": _plus,
        "MINUS": _minus,
        "CT": CodeText,
        "UND": _undecided_reason,
    }


class CompiledRuleSet(Frozen):
    """A rule set compiled to a function, plus what is needed to build reports from it."""

    # no __slots__: `ruleset` is a cached_property (kept in the instance's __dict__)
    _fields = (
        "haendelse",
        "version",
        "file",
        "path",
        "as_of",
        "function",
        "source",
        "kinds",
        "field_names",
        "stamdata_names",
        "rule_inputs",
        "codes",
        "address",
        "samples",
        "tables",
        "loaded",
    )
    _compare = _repr = _fields[:-2]  # not the tables nor the loaded models
    haendelse: str
    version: str
    file: str  # as shown in findings (``rulesets/FLYTB-I.yaml``)
    path: Path | None  # the rule file on disk (to load the rule-file models on demand)
    as_of: str | None  # the field whose date tables and rules are read as of (else today)
    function: Callable[..., tuple[list[Any], list[Any], tuple[Any, ...], tuple[int, ...]]]
    source: str
    kinds: tuple[FindingKind, ...]
    field_names: tuple[str, ...]
    stamdata_names: tuple[str, ...]
    rule_inputs: tuple[tuple[str, tuple[str, ...]], ...]
    codes: tuple[CodeKlarskrift, ...]
    address: AddressKlarskrift | None
    samples: tuple[Sample, ...]
    tables: CodeTables | None
    loaded: RuleSet | None

    def __init__(
        self,
        haendelse: str,
        version: str,
        file: str,
        path: Path | None,
        as_of: str | None,
        function: Callable[..., tuple[list[Any], list[Any], tuple[Any, ...], tuple[int, ...]]],
        source: str,
        kinds: tuple[FindingKind, ...],
        field_names: tuple[str, ...],
        stamdata_names: tuple[str, ...],
        rule_inputs: tuple[tuple[str, tuple[str, ...]], ...],
        codes: tuple[CodeKlarskrift, ...] = (),
        address: AddressKlarskrift | None = None,
        samples: tuple[Sample, ...] = (),
        tables: CodeTables | None = None,
        loaded: RuleSet | None = None,
    ) -> None:
        values: list[Any] = [haendelse, version, file, path, as_of, function, source, kinds]
        values += [
            field_names,
            stamdata_names,
            rule_inputs,
            codes,
            address,
            samples,
            tables,
            loaded,
        ]
        for name, value in zip(self._fields, values, strict=True):
            setfield(self, name, value)

    @cached_property
    def ruleset(self) -> RuleSet:
        """The loaded rule-file models (read from the YAML on first use when restored)."""
        if self.loaded is not None:
            return self.loaded
        from cpr_rules.rules.loader import load_ruleset

        assert self.path is not None, "a restored rule set knows its file"
        return load_ruleset(self.path, self.tables)
