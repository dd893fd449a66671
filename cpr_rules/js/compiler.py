"""Compile a loaded :class:`RuleSet` to JavaScript: the second backend of the one compiler.

The rule set, its loader, model and the keyword registry are shared with the Python backend
(:mod:`cpr_rules.rules.compiler`); this module walks them in the same order and emits the same
statements in JavaScript: each check through its ``CheckDef.js`` emitter, each field type
through :data:`~cpr_rules.rules.types.JS_NORMALISERS`. The finding kinds, rule inputs and the
klarskrift plan are the ones the Python engine uses, so both give the same report.

Field states are as in the Python code: 0 blank, 1 valid, 2 invalid, 3 untouched, 4 unknown.
"""

from __future__ import annotations

from typing import Any

from cpr_rules.js._builder import JsBuilder, field_spec
from cpr_rules.rules import types as ftypes
from cpr_rules.rules._builder import TYPE_OPTIONS, inputs_of
from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.compiled import FindingKind
from cpr_rules.rules.loader import LoadedRule, RuleSet
from cpr_rules.rules.model import FieldSpec
from cpr_rules.rules.type_messages import field_messages
from cpr_rules.tables import CodeTables

__all__ = ["JsRuleSet", "compile_js"]


class JsRuleSet:
    """The generated JavaScript (``source``: a ``build(LK)`` function) and its finding kinds."""

    def __init__(self, source: str, kinds: list[FindingKind], rule_inputs: list[Any]) -> None:
        self.source = source
        self.kinds = kinds
        self.rule_inputs = rule_inputs


def _block(head: str, body: list[str]) -> list[str]:
    return [f"{head} {{", *("  " + line for line in body), "}"]


def _emit_rule(
    b: JsBuilder, rule: LoadedRule, out: list[str], j: int, flags: dict[str, str]
) -> None:
    b.rule_kinds(rule)
    spec = rule.spec
    b.flag = flags.get(spec.id)
    targets, check_def, inputs = spec.target_fields, CHECKS[spec.check.name], inputs_of(rule)
    per_alternative = spec.check.forbidden is not None and bool(spec.when_any) and len(targets) > 1
    per_field = check_def.each and len(targets) > 1 and not spec.when and not spec.when_any
    own: set[str] = set()
    if per_alternative:
        body, cond = b.forbidden_per_alternative(rule, j), b.conditions(rule, any_part=False)
        own = {f for alternative in spec.when_any for f in alternative}
    else:
        js = check_def.js
        assert js is not None, f"check {spec.check.name!r} has no JavaScript emitter"
        body, cond = js(spec, b), b.conditions(rule)
        if per_field:
            own = set(targets)
            pending = " || ".join(f"s{b.index[n]} > 1" for n in targets)
            states_t = ", ".join(f"s{b.index[n]}" for n in targets)
            body += [f"if ({pending}) U.push([{j}, UND({states_t})]);"]
    if cond:
        body = _block(f"if ({cond})", body)
    states = [f"s{b.index[n]}" for n in inputs]
    on_filled = set(spec.check.options.fields) if check_def.on_filled else set()
    guards = [
        f"s{b.index[n]} < 3" if n in on_filled else f"s{b.index[n]} < 2"
        for n in inputs
        if n not in own
    ] + [flags[r] for r in spec.requires]
    blocked = " || ".join(f"!{flags[r]}" for r in spec.requires)
    und = f"UND({', '.join(states)})"
    reason = f"({blocked}) ? 'blocked' : {und}" if blocked else und
    undecided = [f"U.push([{j}, {reason}]);", *([f"{b.flag} = false;"] if b.flag else [])]
    not_applicable = b.not_applicable(rule)
    if not_applicable:
        undecided = _block(f"if (!({not_applicable}))", undecided)
    block = [
        *_block(f"if ({' && '.join(guards) or 'true'})", body)[:-1],
        "} else {",
        *("  " + line for line in undecided),
        "}",
    ]
    if spec.valid is not None:
        block = _block(f"if ({b.within(spec.valid.from_, spec.valid.to)})", block)
    out += [f"// rule {j}: {spec.id}", *block]


def _emit_field(b: JsBuilder, name: str, spec: FieldSpec, out: list[str], stamdata: bool) -> None:
    i = b.index[name]
    key, spec_const = b.const(name), b.const(field_spec(spec))
    norm = f"NORMALISERS.{ftypes.JS_NORMALISERS[spec.type]}"
    if stamdata:  # CPR's answer: given, it must be well formed (issue 9 point 2)
        src, blank = "stamdata", "0"
    else:
        src, blank = "data", f"(!partial || HAS(data, {key})) ? 0 : 3"
    test = "BLANK_LIST" if spec.type in ("code_list", "beskyt") else "BLANK"
    catch = [f"v{i} = null; s{i} = 2;"]
    messages = field_messages(spec, b.ruleset.type_messages)
    fallback = f"{spec.type}.format" if f"{spec.type}.format" in messages else "value.type"
    echo = "MASK(r)" if spec.type == "personnummer" else "ECHO(r)"
    options = {k: getattr(spec, k) for k in TYPE_OPTIONS if getattr(spec, k) is not None}
    extra = "".join(f", {k}: {b.const(v)}" for k, v in options.items())
    type_kind, required_kind = b.field_kinds(name, spec)
    catch.append(
        f"F.push([{type_kind}, {b.const([name])}, {{field: {b.title(name)}, "
        f"reason: e.reason ?? {b.const(fallback)}, value: {echo}{extra}}}]);"
    )
    out += [
        f"r = GET({src}, {key});",
        f"if ({test}(r)) {{ v{i} = null; s{i} = {blank}; }} else {{",
        f"  try {{ v{i} = {norm}(r, {spec_const}); s{i} = 1; }} catch (e) {{",
        "    if (!(e instanceof FieldValueError)) throw e;",
        *("    " + line for line in catch),
        "  }",
        "}",
    ]
    if required_kind is not None:
        names, title = b.const([name]), b.title(name)
        out.append(f"if (s{i} === 0) F.push([{required_kind}, {names}, {{field: {title}}}]);")


def _emit_defaults(b: JsBuilder, out: list[str]) -> None:
    for name, spec in b.ruleset.fields.items():
        if spec.default is None:
            continue
        i = b.index[name]
        value = b.const(ftypes.normalise(spec.default.value, spec))
        where = (b.ruleset.file, ("fields", name, "default", "when"))
        conds = [b.condition(f, c, where) for f, c in spec.default.when.items()]
        out.append(f"if ({' && '.join([f's{i} === 0', *conds])}) {{ v{i} = {value}; s{i} = 1; }}")


def _emit_ruleset_validity(b: JsBuilder, out: list[str]) -> None:
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
    as_of = b.ruleset.spec.as_of
    fields = f"(s{b.index[as_of]} === 1 ? {b.const([as_of])} : [])" if as_of else "[]"
    params = (
        f"{{as_of: DAY(asof), haendelse: {b.const(b.ruleset.haendelse)}, "
        f"version: {b.const(b.ruleset.version)}}}"
    )
    out.append(f"if (!({b.within(valid.from_, valid.to)})) F.push([{kind}, {fields}, {params}]);")


def compile_js(
    ruleset: RuleSet, tables: CodeTables, *, severity_overrides: dict[str, str] | None = None
) -> JsRuleSet:
    """The JavaScript ``build(LK)`` function of ``ruleset`` (``LK`` looks codes up)."""
    b = JsBuilder(ruleset, tables, dict(severity_overrides or {}))
    n = len(b.names)
    out = ["const F = [], U = [];", "let r;"]
    out += [f"let {', '.join(f'v{i}, s{i}' for i in range(n))};"] if n else []
    for name, spec in ruleset.fields.items():
        _emit_field(b, name, spec, out, stamdata=False)
    if ruleset.stamdata:
        sub: list[str] = []
        for name, spec in ruleset.stamdata.items():
            _emit_field(b, name, spec, sub, stamdata=True)
        unknown_all = " ".join(
            f"v{b.index[x]} = null; s{b.index[x]} = 4;" for x in ruleset.stamdata
        )
        out += [
            f"if (stamdata === null) {{ {unknown_all} }} else {{",
            *("  " + x for x in sub),
            "}",
        ]
    _emit_defaults(b, out)
    unknown = b.add_kind(
        FindingKind(
            "input.unknown-field",
            "error",
            ruleset.file,
            "{field} er ikke et felt i {haendelse}",
            "{field} is not a field of {haendelse}",
        )
    )
    known = b.const(frozenset(ruleset.fields))
    out += [
        "for (const k of Object.keys(data)) {",
        f"  if (!{known}.has(k)) {{ const c = CUT(k); F.push([{unknown}, [c], "
        f"{{field: c, haendelse: {b.const(ruleset.haendelse)}}}]); }}",
        "}",
    ]
    as_of = ruleset.spec.as_of
    i_as_of = b.index[as_of] if as_of else None
    out.append(
        f"const asof = s{i_as_of} === 1 ? v{i_as_of} : today;" if as_of else "const asof = today;"
    )
    _emit_ruleset_validity(b, out)
    active = [r for r in ruleset.rules if r.spec.status == "active"]
    needed = {dep for r in active for dep in r.spec.requires}
    flags = {r.id: f"p{j}" for j, r in enumerate(active) if r.id in needed}
    out += [f"let {flag} = true;" for flag in dict.fromkeys(flags.values())]
    rule_inputs = []
    for j, rule in enumerate(active):
        b.rule_kind = b.stale_kind = -1
        _emit_rule(b, rule, out, j, flags)
        rule_inputs.append([rule.id, inputs_of(rule)])
    values = ", ".join(f"v{i}" for i in range(n))
    states = ", ".join(f"s{i}" for i in range(n))
    out.append(f"return [F, U, [{values}], [{states}]];")
    consts = [f"  const {name} = {literal};" for literal, name in b.consts.items()]
    source = "\n".join(
        [
            "function build(LK) {",
            *consts,
            "  return function validate(data, stamdata, today, partial) {",
            *("    " + line for line in out),
            "  };",
            "}",
        ]
    )
    return JsRuleSet(source + "\n", b.kinds, rule_inputs)
