"""One compiler, two backends: every check keyword and every field type has a JavaScript form
registered beside its Python one, and the runtime defines every normaliser it names."""

from __future__ import annotations

import re
from pathlib import Path

from cpr_rules.rules import types as ftypes
from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.model import CHECK_NAMES, FIELD_TYPES

RUNTIME = Path(__file__).resolve().parents[2] / "cpr_rules" / "js" / "runtime_types.mjs"


def test_every_check_keyword_has_a_javascript_emitter() -> None:
    """Adding a keyword without its JavaScript emitter fails here."""
    assert set(CHECKS) == set(CHECK_NAMES)
    missing = [name for name, check in CHECKS.items() if check.js is None]
    assert not missing, f"check keywords without a JavaScript emitter (CheckDef.js): {missing}"


def test_every_field_type_has_a_javascript_normaliser() -> None:
    """Adding a field type without its JavaScript normaliser fails here."""
    assert set(ftypes.JS_NORMALISERS) == set(ftypes.NORMALISERS) == set(FIELD_TYPES)
    registry = re.search(r"const NORMALISERS = \{([^}]*)\}", RUNTIME.read_text("utf-8"))
    assert registry is not None
    names = {part.split(":")[0].strip() for part in registry.group(1).split(",")}
    assert set(ftypes.JS_NORMALISERS.values()) <= names
