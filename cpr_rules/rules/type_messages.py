"""The messages of the field types and of ``required``: data, not code.

The defaults live in the shipped block ``rulesets/_blocks/type-messages.yaml`` (one entry per
reason a field type can give, plus ``required``), which rule sets include. A rule set may
override any of them in its own ``type_messages``, and a field in its ``messages``; a reason the
defaults do not have is an error (the loader), and so are Danish and English texts with
different placeholders (the linter, CPRL021). The compiler resolves each field's messages once,
so nothing is looked up per submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from cpr_rules.rules.model import FieldSpec, RuleSetFile, Text

__all__ = ["BLOCK", "PLACEHOLDERS", "default_type_messages", "field_messages", "reasons_of"]

BLOCK = "_blocks/type-messages.yaml"
"""The shipped defaults, relative to the shipped rule-set folder."""

PLACEHOLDERS = frozenset(
    {"field", "value", "reason", "digits", "min", "max", "max_length", "values"}
)
"""What a type or required message may use: ``{field}`` (the title), ``{value}`` (as typed,
a personnummer masked), the field's options; ``{values}`` too for a choice field."""


@cache
def default_type_messages() -> Mapping[str, Text]:
    """The shipped defaults, by reason (read once per process)."""
    from cpr_rules._paths import rulesets_dir
    from cpr_rules.rules._yaml import load_yaml

    raw, _ = load_yaml(rulesets_dir() / BLOCK, display_name=f"rulesets/{BLOCK}")
    return dict(RuleSetFile.model_validate(raw).type_messages)


def reasons_of(spec: FieldSpec) -> list[str]:
    """The reasons a field of this type can be refused for: ``<type>.*`` (the items of a code
    list or of BESKYT are codes: also ``code.*``) and ``value.type``."""
    prefixes = (
        (f"{spec.type}.", "code.") if spec.type in ("code_list", "beskyt") else (f"{spec.type}.",)
    )
    return [r for r in default_type_messages() if r.startswith(prefixes) or r == "value.type"]


def field_messages(spec: FieldSpec, ruleset_messages: Mapping[str, Text]) -> dict[str, Text]:
    """A field's message for each reason and for ``required``: its own ``messages`` over the
    rule set's ``type_messages`` over the shipped defaults."""
    defaults = default_type_messages()
    own = spec.messages or {}
    return {
        reason: own.get(reason) or ruleset_messages.get(reason) or defaults[reason]
        for reason in [*reasons_of(spec), "required"]
    }
