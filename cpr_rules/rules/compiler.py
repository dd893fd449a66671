"""Compile a :class:`RuleSet` once into one plain Python function (generated source).

The generated function normalises every field, evaluates every rule and returns raw results;
nothing reads the YAML tree per submission. Values from rule files never appear in the source
as text: each is bound to a name in the function's namespace (``C0``, ``C1`` …), and field names
are only ever used through such constants. ``CompiledRuleSet.source`` shows the code.

Field states in the generated code: 0 blank, 1 valid, 2 invalid, 3 untouched (partial mode),
4 unknown (stamdata not given yet). A rule is decided only when all its inputs are 0 or 1.
"""

from __future__ import annotations

import datetime as dt
import linecache
from typing import Any

from cpr_rules.errors import RuleSetError
from cpr_rules.rules import types as ftypes
from cpr_rules.rules._builder import TYPE_OPTIONS, PyBuilder, inputs_of
from cpr_rules.rules._conditions import condition, conditions, forbidden_per_alternative
from cpr_rules.rules._conditions import not_applicable as not_applicable_expr
from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.compiled import (
    AddressKlarskrift,
    CodeKlarskrift,
    CompiledRuleSet,
    FieldOptions,
    FindingKind,
    Sample,
)
from cpr_rules.rules.loader import LoadedRule, RuleSet
from cpr_rules.rules.model import FieldSpec
from cpr_rules.rules.type_messages import field_messages
from cpr_rules.tables import CodeTables

__all__ = ["CompiledRuleSet", "FindingKind", "compile_ruleset"]

# Field types whose normalised value is a str: only these can make up the key of a klarskrift.
_STR_TYPES = frozenset({"code", "husnr", "etage", "sidedoer", "bnr", "convn", "choice", "text"})


def _emit_rule(
    b: PyBuilder, rule: LoadedRule, out: list[str], rule_index: int, flags: dict[str, str]
) -> None:
    b.rule = rule
    b.rule_kinds(rule)
    spec = rule.spec
    b.flag = flags.get(spec.id)
    targets = spec.target_fields
    check_def = CHECKS[spec.check.name]
    inputs = inputs_of(rule)
    # Decided field by field (issue 9: an invalid field never hides a finding on another one):
    # `forbidden` over several fields with `when_any` decides each alternative on its own
    # inputs; a per-field check on several fields without `when` decides each field alone.
    per_alternative = spec.check.forbidden is not None and bool(spec.when_any) and len(targets) > 1
    per_field = check_def.each and len(targets) > 1 and not spec.when and not spec.when_any
    if per_alternative:
        body = forbidden_per_alternative(b, rule, rule_index)
        cond = conditions(b, rule, any_part=False)
        own = {f for alternative in spec.when_any for f in alternative}
    elif per_field:
        body, cond = check_def.emit(spec, b), ""
        own = set(targets)
        pending = " or ".join(f"s{b.index[n]} > 1" for n in targets)
        states_t = ", ".join(f"s{b.index[n]}" for n in targets)
        body += [f"if {pending}:", f"    U.append(({rule_index}, UND({states_t})))"]
    else:
        body, cond = check_def.emit(spec, b), conditions(b, rule)
        own = set()
    if cond:
        body = [f"if {cond}:", *("    " + line for line in body)]
    states = [f"s{b.index[n]}" for n in inputs]
    # a check that reads only whether its `fields` are filled is decided on invalid ones too
    on_filled = set(spec.check.options.fields) if check_def.on_filled else set()
    guards = [
        f"s{b.index[n]} < 3" if n in on_filled else f"s{b.index[n]} < 2"
        for n in inputs
        if n not in own
    ] + [flags[r] for r in spec.requires]
    block = [f"if {' and '.join(guards) or 'True'}:", *("    " + line for line in body), "else:"]
    not_applicable = not_applicable_expr(b, rule)
    if not_applicable:  # the `when` is already false on the inputs we know: the rule passes
        block += [f"    if {not_applicable}:", "        pass", "    else:"]
    indent = "        " if not_applicable else "    "
    blocked = " or ".join(f"not {flags[r]}" for r in spec.requires)
    reason = (
        f"'blocked' if ({blocked}) else UND({', '.join(states)})"
        if blocked
        else (f"UND({', '.join(states)})")
    )
    block.append(f"{indent}U.append(({rule_index}, {reason}))")
    if b.flag:
        block.append(f"{indent}{b.flag} = False")
    if spec.valid is not None:  # outside its validity a rule (version) is not applied at all
        block = [f"if {_within(b, spec.valid.from_, spec.valid.to)}:", *("    " + x for x in block)]
    out.append(f"    # rule {rule_index}")
    out += ["    " + line for line in block]


def _within(b: PyBuilder, start: dt.date | None, end: dt.date | None) -> str:
    """``asof`` within [start, end): an open end includes every later date."""
    parts = [f"{b.const(start)} <= asof" if start else "", f"asof < {b.const(end)}" if end else ""]
    return " and ".join(p for p in parts if p) or "True"


def _emit_field(b: PyBuilder, name: str, spec: FieldSpec, out: list[str], stamdata: bool) -> None:
    i = b.index[name]
    key, norm = b.const(name), b.const(ftypes.NORMALISERS[spec.type])
    spec_const = b.const(field_options(spec))
    title = b.title(name)
    if stamdata:  # stamdata is CPR's answer: given, it must be well formed (issue 9 point 2)
        src, blank = "sget", "0"
    else:
        src, blank = "get", f"0 if (not partial or {key} in data) else 3"
    # blank: None or a str of blanks; `[]` is blank only where a list is the type (BESKYT)
    empty = " or r == []" if spec.type in ("code_list", "beskyt") else ""
    out += [
        f"    r = {src}({key})",
        f"    if r is None or (r.__class__ is str and not r.strip()){empty}:",
        f"        v{i} = None; s{i} = {blank}",
        "    else:",
        "        try:",
        f"            v{i} = {norm}(r, {spec_const}); s{i} = 1",
        # FieldValueError, or any ValueError a normaliser meets on odd input ('²', 5000 digits)
        "        except ValueError as e:",
        f"            v{i} = None; s{i} = 2",
    ]
    messages = field_messages(spec, b.ruleset.type_messages)
    fallback = b.const(f"{spec.type}.format" if f"{spec.type}.format" in messages else "value.type")
    echo = "MASK(r)" if spec.type == "personnummer" else "ECHO(r)"  # never a personnummer
    options = {k: getattr(spec, k) for k in TYPE_OPTIONS if getattr(spec, k) is not None}
    extra = f", **{b.const(options)}" if options else ""  # {digits}, {min} … of the messages
    type_kind, required_kind = b.field_kinds(name, spec)
    out.append(
        f"            F.append(({type_kind}, {b.const((name,))}, "
        f"{{'field': {title}, 'reason': getattr(e, 'reason', {fallback}), "
        f"'value': {echo}{extra}}}))"
    )
    if required_kind is not None:
        out += [
            f"    if s{i} == 0:",
            f"        F.append(({required_kind}, {b.const((name,))}, {{'field': {title}}}))",
        ]


def field_options(spec: FieldSpec) -> FieldOptions:
    """The plain options of ``spec`` for its normaliser (no model object in generated code)."""
    plain = (str, int, float, bool, type(None), dt.date)
    options = {}
    for name in type(spec).model_fields:
        value = getattr(spec, name)
        if isinstance(value, list) and all(isinstance(v, plain) for v in value):
            value = tuple(value)
        if isinstance(value, (*plain, tuple)):
            options[name] = value
    return FieldOptions(**options)


def _emit_defaults(b: PyBuilder, out: list[str]) -> None:
    for name, spec in b.ruleset.fields.items():
        if spec.default is None:
            continue
        i = b.index[name]
        value = b.const(ftypes.normalise(spec.default.value, spec))
        where = (b.ruleset.file, ("fields", name, "default", "when"))
        conds = [condition(b, f, c, where) for f, c in spec.default.when.items()]
        test = " and ".join([f"s{i} == 0", *conds])
        out += [f"    if {test}:", f"        v{i} = {value}; s{i} = 1"]


def _emit_ruleset_validity(b: PyBuilder, out: list[str]) -> None:
    valid = b.ruleset.spec.valid
    if valid is None:
        return
    kind = b.add_kind(
        FindingKind(
            "ruleset.not-valid",
            "error",
            b.ruleset.file,
            "Regelsættet {version} for {haendelse} gælder ikke pr. {as_of}",
            "Rule set {version} for {haendelse} does not apply as of {as_of}",
        )
    )
    within = _within(b, valid.from_, valid.to)
    as_of = b.ruleset.spec.as_of  # named only when it was given: else the date is `today`
    fields = f"({b.const((as_of,))} if s{b.index[as_of]} == 1 else ())" if as_of else "()"
    params = (
        f"{{'as_of': asof, 'haendelse': {b.const(b.ruleset.haendelse)}, "
        f"'version': {b.const(b.ruleset.version)}}}"
    )
    out += [f"    if not ({within}):", f"        F.append(({kind}, {fields}, {params}))"]


def compile_ruleset(
    ruleset: RuleSet, tables: CodeTables, *, severity_overrides: dict[str, str] | None = None
) -> CompiledRuleSet:
    """Generate, compile and return the validation function of ``ruleset``."""
    b = PyBuilder(ruleset, tables, dict(severity_overrides or {}))
    out = [
        "def validate(data, stamdata, today, partial):",
        "    F = []; U = []",
        "    get = data.get",
    ]
    for name, spec in ruleset.fields.items():
        _emit_field(b, name, spec, out, stamdata=False)
    if ruleset.stamdata:
        out.append("    if stamdata is None:")
        out += [f"        v{b.index[n]} = None; s{b.index[n]} = 4" for n in ruleset.stamdata]
        out += ["    else:", "        sget = stamdata.get"]
        sub: list[str] = []
        for name, spec in ruleset.stamdata.items():
            _emit_field(b, name, spec, sub, stamdata=True)
        out += ["    " + line for line in sub]
    _emit_defaults(b, out)
    known = b.const(frozenset(ruleset.fields))
    unknown = b.add_kind(
        FindingKind(
            "input.unknown-field",
            "error",
            ruleset.file,
            "{field} er ikke et felt i {haendelse}",
            "{field} is not a field of {haendelse}",
        )
    )
    out += [
        "    for k in data:",
        f"        if k not in {known}:",
        "            c = ECHO_KEY(k)",
        f"            F.append(({unknown}, (c,), {{'field': c, "
        f"'haendelse': {b.const(ruleset.haendelse)}}}))",
    ]
    as_of = ruleset.spec.as_of
    if as_of:
        out.append(f"    asof = v{b.index[as_of]} if s{b.index[as_of]} == 1 else today")
    else:
        out.append("    asof = today")
    _emit_ruleset_validity(b, out)
    rule_inputs = []
    active = [r for r in ruleset.rules if r.spec.status == "active"]
    needed = {dep for r in active for dep in r.spec.requires}
    flags = {r.id: f"p{j}" for j, r in enumerate(active) if r.id in needed}
    out += [f"    {flag} = True" for flag in flags.values()]  # one per id, for all its versions
    for j, rule in enumerate(active):
        b.rule_kind = b.stale_kind = -1
        _emit_rule(b, rule, out, j, flags)
        rule_inputs.append((rule.id, tuple(inputs_of(rule))))
    values = ", ".join(f"v{i}" for i in range(len(b.names)))
    states = ", ".join(f"s{i}" for i in range(len(b.names)))
    out.append(f"    return F, U, ({values},), ({states},)")
    source = "\n".join(out) + "\n"
    filename = f"<cpr_rules compiled {ruleset.file}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        exec(compile(source, filename, "exec"), b.ns)
    except SyntaxError as exc:  # pragma: no cover - a compiler bug, not an author error
        raise RuleSetError(f"internal compiler error: {exc}", file=ruleset.file) from exc
    codes, address = _klarskrift_plan(ruleset)
    return CompiledRuleSet(
        haendelse=ruleset.haendelse,
        version=ruleset.version,
        file=ruleset.file,
        path=ruleset.path,
        as_of=ruleset.spec.as_of,
        function=b.ns["validate"],
        source=source,
        kinds=tuple(b.kinds),
        field_names=tuple(ruleset.fields),
        stamdata_names=tuple(ruleset.stamdata),
        rule_inputs=tuple(rule_inputs),
        codes=codes,
        address=address,
        samples=tuple(_sample(e) for e in ruleset.spec.examples)
        or tuple(_sample(e) for e in [ruleset.spec.example_base] if e is not None),
        tables=tables,
        loaded=ruleset,
    )


def _sample(example: Any) -> Sample:
    return dict(example.data), example.stamdata, example.today


def _klarskrift_plan(
    ruleset: RuleSet,
) -> tuple[tuple[CodeKlarskrift, ...], AddressKlarskrift | None]:
    """Which values make up a klarskrift: code fields with a table, and the address block."""
    fields = ruleset.fields
    index = {n: i for i, n in enumerate(fields)}
    codes = tuple(
        (name, spec.table, index[name], tuple(index[k] for k in key))
        for name, spec in fields.items()
        if spec.type == "code" and spec.table
        for key in [spec.key or [name]]
        if all(k in fields and fields[k].type in _STR_TYPES for k in key)
    )
    a = ruleset.address
    if a is None or a.kommunekode not in index or a.vejkode not in index:
        return codes, None

    def part(name: str | None) -> int | None:
        return index.get(name) if name else None

    address = (
        index[a.kommunekode],
        index[a.vejkode],
        part(a.husnr),
        part(a.etage),
        part(a.sidedoer),
        part(a.bnr),
    )
    return codes, address
