"""Checks of rule messages: both languages given, the same placeholders in each, and only
placeholders the check provides (Babel's "both locales use the same placeholders")."""

from __future__ import annotations

import string
from collections.abc import Hashable, Iterator

from cpr_rules.lint._ruleset import RuleDef, RuleSetUnit
from cpr_rules.lint.diagnostic import Problem, lint_check
from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.loader import did_you_mean
from cpr_rules.rules.model import Text
from cpr_rules.rules.type_messages import PLACEHOLDERS

__all__ = [
    "field_without_title",
    "message_missing_language",
    "placeholders_differ",
    "provided",
    "unknown_placeholder",
]

LANGUAGES = ("da", "en")


def _messages(rule: RuleDef) -> list[tuple[Text, tuple[Hashable, ...]]]:
    """A rule's message, and the stale message of an ``exists`` check, with their paths."""
    out = [(rule.spec.message, (*rule.path, "message"))]
    exists = rule.spec.check.exists
    if exists is not None and exists.stale is not None:
        out.append((exists.stale.message, (*rule.path, "check", "exists", "stale", "message")))
    return out


def _type_texts(unit: RuleSetUnit) -> Iterator[tuple[str, tuple[Hashable, ...], str, Text]]:
    """Every type or required message of the rule set and its blocks: (file, path, reason,
    text), from ``type_messages`` and from each field's ``messages``."""
    for doc in unit.docs.values():
        model = doc.model
        if model is None:
            continue
        for reason, text in model.type_messages.items():
            yield doc.name, ("type_messages", reason), reason, text
        for section in ("keys", "fields", "stamdata"):
            for name, spec in getattr(model, section).items():
                for reason, text in (spec.messages or {}).items():
                    yield doc.name, (section, name, "messages", reason), reason, text


def _parse(template: str) -> tuple[set[str], str | None]:
    """The ``{names}`` of a template, and what is wrong with it (if anything)."""
    names: set[str] = set()
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return names, f"not a valid message template: {exc}"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return names, f"placeholder {{{written}}} is not a plain {{name}}"
        names.add(name)
    return names, None


def _has_text(unit: RuleSetUnit, name: str) -> bool:
    fdef = unit.field(name)
    spec = fdef.spec if fdef is not None else None
    return spec is not None and spec.type == "code" and bool(spec.table) and not spec.key


def provided(unit: RuleSetUnit, rule: RuleDef) -> set[str]:
    """The placeholders a failure of ``rule`` fills in, exactly as the compiler does: one
    failure per target field with its ``{field}`` and ``{value}`` (and ``{text}`` for a coded
    field with its own table), or ``{fields}`` for checks about several fields at once."""
    name, targets = rule.spec.check.name, rule.spec.target_fields
    if name == "at_most_one_of" or (name == "forbidden" and len(targets) != 1):
        return {"fields"}
    names = set(CHECKS[name].placeholders) - {"text", "fields"}
    if targets and all(_has_text(unit, t) for t in targets):
        names.add("text")
    return names


@lint_check(
    "CPRL020",
    "message-missing-language",
    summary="Reports a rule message (or `stale` message) without a Danish (`da`) or an English "
    "(`en`) text, or with an empty one.",
    why="Reports are rendered in the reader's language; a citizen reading English would get "
    "no explanation of why the submission was refused.",
    bad="""\
    message:
      da: "Vejkode {value} findes ikke i kommunen"
""",
    fix="Give both texts.",
    good="""\
    message:
      da: "Vejkode {value} findes ikke i kommunen"
      en: "Street code {value} does not exist in the municipality"
""",
)
def message_missing_language(unit: RuleSetUnit) -> Iterator[Problem]:
    for doc in unit.docs.values():
        yield from (i.problem for i in doc.schema if i.kind == "missing-language")
    for rule in unit.rules:
        for text, at in _messages(rule):
            for lang in LANGUAGES:
                if not getattr(text, lang).strip():
                    yield unit.at(rule.file, (*at, lang), f"the {lang} message is empty")
    for file, at, _, text in _type_texts(unit):
        for lang in LANGUAGES:
            if not getattr(text, lang).strip():
                yield unit.at(file, (*at, lang), f"the {lang} message is empty")


@lint_check(
    "CPRL021",
    "placeholders-differ",
    summary="Reports a message whose Danish and English texts use different `{placeholders}`.",
    why="The two texts must say the same thing; a value shown in one language and not in the "
    "other is almost always a translation mistake.",
    bad="""\
    message:
      da: "Vejkode {value} findes ikke i kommunen"
      en: "The street code does not exist in the municipality"
""",
    fix="Use the same placeholders in both texts.",
    good="""\
    message:
      da: "Vejkode {value} findes ikke i kommunen"
      en: "Street code {value} does not exist in the municipality"
""",
)
def placeholders_differ(unit: RuleSetUnit) -> Iterator[Problem]:
    texts = [(rule.file, at, text) for rule in unit.rules for text, at in _messages(rule)]
    texts += [(file, at, text) for file, at, _, text in _type_texts(unit)]
    for file, at, text in texts:
        (da, da_error), (en, en_error) = _parse(text.da), _parse(text.en)
        if da != en and not da_error and not en_error:
            message = f"da and en use different placeholders: da {_braced(da)}, en {_braced(en)}"
            yield unit.at(file, (*at, "en"), message)


def _braced(names: set[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "none"


@lint_check(
    "CPRL022",
    "unknown-placeholder",
    summary="Reports a `{placeholder}` that the rule's check does not provide (see the table of "
    "checks in `docs/rule-language.md`), and a placeholder that is not a plain `{name}`.",
    why="An unknown placeholder is shown to the citizen as it is written, braces and all.",
    bad="""\
    check: {date_at_least: {days_before_today: 5}}
    message:
      da: "Anmeld senest {deadlin}"
      en: "Report by {deadlin}"
""",
    fix="Use a placeholder the check provides (the message lists them).",
    good="""\
    check: {date_at_least: {days_before_today: 5}}
    message:
      da: "Anmeld senest {deadline}"
      en: "Report by {deadline}"
""",
)
def unknown_placeholder(unit: RuleSetUnit) -> Iterator[Problem]:
    for rule in unit.rules:
        known = provided(unit, rule)
        for text, at in _messages(rule):
            for lang in LANGUAGES:
                names, error = _parse(getattr(text, lang))
                if error is not None:
                    yield unit.at(rule.file, (*at, lang), error)
                for name in sorted(names - known):
                    hint = did_you_mean(f"{{{name}}}", [f"{{{p}}}" for p in known])
                    message = (
                        f"unknown placeholder '{{{name}}}'{hint}; check "
                        f"{rule.spec.check.name!r} provides {_braced(known)} here"
                    )
                    yield unit.at(rule.file, (*at, lang), message)
    for file, at, reason, text in _type_texts(unit):
        known = {"field"} if reason == "required" else set(PLACEHOLDERS)
        for lang in LANGUAGES:
            names, error = _parse(getattr(text, lang))
            if error is not None:
                yield unit.at(file, (*at, lang), error)
            for name in sorted(names - known):
                message = (
                    f"unknown placeholder '{{{name}}}'; a {reason!r} message has {_braced(known)}"
                )
                yield unit.at(file, (*at, lang), message)


@lint_check(
    "CPRL039",
    "field-without-title",
    summary="Reports a field a citizen can be told about that has no `title`: every field of "
    "`keys` and `fields` (their type and required messages name them), and a stamdata field "
    "whose rule's message uses `{field}` or `{fields}`.",
    why="A message names a field by its title in the reader's language (`{field}` reads "
    '"Flyttedato"); without a title the citizen reads CPR\'s code (`HDTO`), which means '
    "nothing to them.",
    bad="""\
fields:
  CADR_ETAGE: {type: etage}
""",
    fix="Give the field a title in Danish and English.",
    good="""\
fields:
  CADR_ETAGE: {type: etage, title: {da: Etage, en: Floor}}
""",
)
def field_without_title(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block:
        return
    named = {
        target
        for rule in unit.active_rules()
        for text, _ in _messages(rule)
        if {"field", "fields"} & (_parse(text.da)[0] | _parse(text.en)[0])
        for target in rule.spec.target_fields
    }
    for fdef in [*unit.fields.values(), *unit.stamdata.values()]:
        if fdef.spec.title is None and (fdef.path[0] != "stamdata" or fdef.name in named):
            message = f"field {fdef.name} has no title: messages would show the citizen its code"
            yield unit.at(fdef.file, fdef.path, message, at_key=True)
