"""Wheel build hook: compile the shipped code tables and rule sets into the wheel.

The wheel then carries ``cpr_rules/_data/compiled/tables.bin`` and ``rulesets.pickle`` (see
``cpr_rules/_build.py``), so an installed ``cpr_rules`` starts warm without writing a cache.
Editable installs and the sdist are left alone (a checkout uses the user cache).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledDataHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return
        sys.path.insert(0, self.root)
        try:
            from cpr_rules._build import build_compiled
        finally:
            sys.path.remove(self.root)
        self._out = tempfile.TemporaryDirectory(prefix="cpr_rules_build_")
        for name, path in build_compiled(Path(self._out.name)).items():
            build_data["force_include"][str(path)] = f"cpr_rules/_data/compiled/{name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            out.cleanup()
