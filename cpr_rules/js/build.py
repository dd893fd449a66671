"""Write the JavaScript module of a rule set: ``DIR/HAENDELSE.mjs`` plus ``DIR/HAENDELSE/``.

The module is one self-contained ES module (no imports, no build step): the data the runtime
needs (:func:`cpr_rules.js.data.runtime_data`), the rule set's plan (finding kinds, rule inputs,
klarskrift plan, production dates), the runtime (``runtime_types.mjs`` then ``runtime.mjs``)
and the compiled rule set (:func:`cpr_rules.js.compiler.compile_js`). The folder holds
``tables.json`` (the small tables, loaded at once) and ``kommune-KKKK.json`` (a kommune's
streets and house-number ranges).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cpr_rules.errors import InputError
from cpr_rules.js._builder import field_spec
from cpr_rules.js.compiler import compile_js
from cpr_rules.js.data import runtime_data, table_files
from cpr_rules.personnummer import mask_repr
from cpr_rules.rules.compiler import compile_ruleset
from cpr_rules.rules.validator import Validator

__all__ = ["RUNTIME_PARTS", "JsModule", "build_module", "write_module"]

RUNTIME_PARTS = ("runtime_types.mjs", "runtime.mjs")
"""The runtime's files in ``cpr_rules/js``, joined in this order into every module."""


@dataclass(frozen=True)
class JsModule:
    """A generated module: its source, ``tables.json`` and the per-kommune files."""

    haendelse: str
    source: str
    tables: dict[str, Any]
    chunks: dict[str, dict[str, Any]]


_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""A hændelse that can name the module and its folder (FLYTB-I, TEST-I)."""


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_module(
    haendelse: str,
    validator: Validator | None = None,
    *,
    severity_overrides: dict[str, str] | None = None,
) -> JsModule:
    """The JavaScript module of one rule set of ``validator`` (default: the shipped rule sets)
    over the same tables; ``severity_overrides`` as given to that validator."""
    from cpr_rules.rules.validator import default_validator

    validator = validator if validator is not None else default_validator()
    if haendelse not in validator.rulesets:
        validator.compiled(haendelse)  # raises the InputError naming the known rule sets
    ruleset, tables = validator.rulesets[haendelse], validator.tables
    overrides = dict(severity_overrides or {})
    compiled = compile_ruleset(ruleset, tables, severity_overrides=overrides)
    plan = compiled  # its klarskrift plan: .codes and .address
    js = compile_js(ruleset, tables, severity_overrides=overrides)
    small, chunks = table_files(ruleset, tables, "")
    digest = hashlib.sha256(
        _json([ruleset.version, js.source, small, sorted(chunks.items())]).encode()
    ).hexdigest()[:16]
    version = f"{haendelse}@{ruleset.version}+{digest}"
    small["module"] = version
    for chunk in chunks.values():
        chunk["module"] = version
    address = ruleset.address
    chunk_field = address.kommunekode if address is not None and small["chunks"] else None
    ruleset_json = {
        "haendelse": ruleset.haendelse,
        "version": ruleset.version,
        "file": ruleset.file,
        "data_version": version,
        "data_dir": haendelse,
        "kinds": [
            [
                k.rule,
                k.severity,
                k.source,
                k.da,
                k.en,
                list(k.cpr_fejl),
                list(k.cpr_anmrk),
                {r: [da, en] for r, da, en in k.reasons} if k.by_reason else False,
            ]
            for k in js.kinds
        ],
        "rule_inputs": js.rule_inputs,
        "field_names": list(ruleset.fields),
        "field_types": [s.type for s in ruleset.fields.values()],
        "as_of_field": ruleset.spec.as_of,
        "codes": [[name, table, i, list(key)] for name, table, i, key in plan.codes],
        "address": list(plan.address) if plan.address else None,
        "production_dates": {
            n: d.isoformat() if d else None for n, d in tables.production_dates().items()
        },
        "chunk_field": chunk_field,
        "chunk_spec": field_spec(ruleset.fields[chunk_field]) if chunk_field else None,
    }
    runtime = "\n".join(
        resources.files("cpr_rules.js").joinpath(part).read_text(encoding="utf-8")
        for part in RUNTIME_PARTS
    )
    source = "\n".join(
        [
            f"// {haendelse}.mjs: the rule set {haendelse} {ruleset.version} compiled to JavaScript"
            " by cpr_rules (`cpr-rules js`).",
            f"// Data version {version}; code tables as of "
            + ", ".join(f"{n} {d}" for n, d in sorted(small["produced"].items()) if d)
            + ". Generated: do not edit.",
            f"const DATA = {_json(runtime_data())};",
            f"const RULESET = {_json(ruleset_json)};",
            runtime,
            js.source,
        ]
    )
    return JsModule(haendelse, source, small, chunks)


def write_module(module: JsModule, out: Path) -> list[Path]:
    """Write the module and its data folder into ``out``; returns the files written."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is not a folder")
    if not _FILE_NAME.fullmatch(module.haendelse):  # it names the files: never ../ or /
        raise InputError(
            f"hændelse {mask_repr(module.haendelse)} cannot name the module's files: "
            "letters, digits, - and _ only"
        )
    folder = out / module.haendelse
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("kommune-*.json"):
        old.unlink()
    written = [out / f"{module.haendelse}.mjs", folder / "tables.json"]
    written[0].write_text(module.source, encoding="utf-8")
    written[1].write_text(_json(module.tables), encoding="utf-8")
    for kommune, chunk in sorted(module.chunks.items()):
        path = folder / module.tables["chunks"][kommune]
        path.write_text(_json(chunk), encoding="utf-8")
        written.append(path)
    return written
