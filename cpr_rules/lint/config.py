"""The linter's settings in ``pyproject.toml``, as ruff has them::

    [tool.cpr-rules]
    select = ["CPRL"]                       # codes or prefixes (default: every check)
    ignore = ["CPRL017"]                    # not these
    severity = {CPRL013 = "error"}          # a check's severity, error or warning
    fail-on = "error"                       # exit 1 on errors only (default: warning)

    [tool.cpr-rules.per-file-ignores]
    "rulesets/_blocks/*.yaml" = ["CPRL017"]  # globs relative to the pyproject.toml

The nearest ``pyproject.toml`` with a ``[tool.cpr-rules]`` table, from the working folder up,
is used. A setting that is not understood is an :class:`~cpr_rules.errors.InputError` (exit 2):
a typo must not silently switch a check off.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpr_rules.errors import InputError
from cpr_rules.lint.diagnostic import Diagnostic, Severity
from cpr_rules.lint.registry import CHECKS

__all__ = ["FAIL_ON", "LintConfig", "find_config", "read_config"]

FAIL_ON = ("error", "warning")
_KEYS = {"select", "ignore", "severity", "fail-on", "per-file-ignores"}


@dataclass(frozen=True)
class LintConfig:
    """What ``[tool.cpr-rules]`` says (all optional)."""

    root: Path = field(default_factory=Path.cwd)
    """The folder of the pyproject.toml: globs are relative to it."""
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = "warning"
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str | None = None

    def ignored_in(self, file: str) -> frozenset[str]:
        """The codes ``per-file-ignores`` switches off for ``file`` (codes or prefixes)."""
        path = Path(file).resolve()
        try:
            name = path.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            name = path.as_posix()
        return frozenset(
            code
            for pattern, codes in self.per_file_ignores.items()
            if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(path.name, pattern)
            for code in codes
        )

    def apply(self, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
        """``diagnostics`` without the per-file ignores, with the configured severities."""
        out = []
        for d in diagnostics:
            if any(d.code.startswith(code) for code in self.ignored_in(d.file)):
                continue
            severity = self.severity.get(d.code, d.severity)
            out.append(d if severity == d.severity else dataclasses.replace(d, severity=severity))
        return out


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{where}: expected a list of lint codes, got {value!r}")
    for code in value:
        if not any(c.startswith(code.upper()) for c in CHECKS):
            raise InputError(f"{where}: {code!r} is not a lint code or a prefix of one")
    return tuple(v.upper() for v in value)


def _severity(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a table of code = error|warning")
    out: dict[str, Severity] = {}
    for code, level in value.items():
        if code not in CHECKS:
            raise InputError(f"{where}: {code!r} is not a lint code")
        if level not in FAIL_ON:
            raise InputError(f"{where}.{code}: expected error or warning, got {level!r}")
        out[code] = level
    return out


def read_config(path: Path) -> LintConfig:
    """The ``[tool.cpr-rules]`` table of ``path`` (defaults when it has none)."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("cpr-rules")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    if table is None:
        return LintConfig(root=path.parent)
    where = f"{path}: [tool.cpr-rules]"
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise InputError(f"{where}: unknown setting {unknown[0]!r} (known: {sorted(_KEYS)})")
    fail_on = table.get("fail-on", "warning")
    if fail_on not in FAIL_ON:
        raise InputError(f"{where} fail-on: expected error or warning, got {fail_on!r}")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise InputError(f"{where} per-file-ignores: expected a table of glob = [codes]")
    return LintConfig(
        root=path.parent,
        select=_codes(table["select"], f"{where} select") if "select" in table else None,
        ignore=_codes(table.get("ignore", []), f"{where} ignore"),
        severity=_severity(table.get("severity", {}), f"{where} severity"),
        fail_on=fail_on,
        per_file_ignores={
            glob: _codes(codes, f"{where} per-file-ignores {glob!r}")
            for glob, codes in per_file.items()
        },
        source=str(path),
    )


def find_config(start: Path) -> LintConfig:
    """The settings of the nearest ``pyproject.toml`` with ``[tool.cpr-rules]`` at or above
    ``start``; the defaults when there is none."""
    for folder in [start.resolve(), *start.resolve().parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            config = read_config(candidate)
            if config.source is not None:
                return config
    return LintConfig(root=start.resolve())
