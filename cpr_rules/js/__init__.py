"""The JavaScript backend: a rule set compiled to a self-contained ES module.

``cpr-rules js FLYTB-I --out DIR`` (or :func:`build_module` and :func:`write_module`) writes
``DIR/FLYTB-I.mjs`` and its data; ``docs/javascript.md`` shows how a portal loads it. The rule
language, loader, model and keyword registry are the Python engine's; each check keyword has
its JavaScript emitter in :mod:`cpr_rules.js._checks` (``CheckDef.js``), each field type its
normaliser in ``runtime_types.mjs`` (``JS_NORMALISERS``). ``tests/js`` proves both engines agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpr_rules.js.build import JsModule, build_module, write_module

__all__ = ["JsModule", "build_module", "write_module"]


def __getattr__(name: str) -> Any:
    # imported lazily: cpr_rules.rules.checks imports cpr_rules.js._checks at start-up
    if name in __all__:
        from cpr_rules.js import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
