"""Helpers of the JavaScript parity tests: build the module once, run Node once per batch."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from cpr_rules.js.build import build_module, write_module

NODE = "node"
BATCH = Path(__file__).resolve().parents[2] / "cpr_rules" / "js" / "batch.mjs"
_INDEX = re.compile(r"0|[1-9][0-9]*")
_SAFE = 2**53 - 1


@cache
def module_dir(haendelse: str = "FLYTB-I") -> Path:
    """The generated module of a shipped rule set and its data, written once per test run."""
    out = Path(tempfile.mkdtemp(prefix="cpr_rules_js_"))
    write_module(build_module(haendelse), out)
    return out


def js_view(value: Any) -> Any:
    """A JSON value as JavaScript reads it: a number is an integer exactly when it is a safe
    integer (``1.0`` is ``1``; ``2**60`` is a float), and an object lists its array-index keys
    first, in ascending order (ECMA-262 OrdinaryOwnPropertyKeys)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= _SAFE else float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) <= _SAFE else value
    if isinstance(value, list):
        return [js_view(v) for v in value]
    assert isinstance(value, dict)
    index = sorted((k for k in value if _INDEX.fullmatch(k) and int(k) < 2**32 - 1), key=int)
    rest = [k for k in value if k not in set(index)]
    return {k: js_view(value[k]) for k in [*index, *rest]}


def case(data: Any, stamdata: Any, today: dt.date, partial: bool) -> dict[str, Any]:
    return {
        "data": js_view(data),
        "stamdata": js_view(stamdata),
        "today": today.isoformat(),
        "partial": partial,
        "lang": "da",
    }


def run_node(cases: list[dict[str, Any]], *extra: str, haendelse: str = "FLYTB-I") -> Any:
    """Run the module over ``cases`` in one Node process; its JSON output."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, allow_nan=False)
    try:
        done = subprocess.run(
            [NODE, str(BATCH), str(module_dir(haendelse) / f"{haendelse}.mjs"), f.name, *extra],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        Path(f.name).unlink()
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)


def same(a: Any, b: Any) -> bool:
    """JSON equality where ``1 == 1.0`` (JavaScript has one number type)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b)
    return bool(a == b) if not isinstance(a, (dict, list)) else _same_container(a, b)


def _same_container(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
