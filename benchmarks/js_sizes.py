"""Sizes of the generated JavaScript module and its data, against the budgets of issue 15.

    python benchmarks/js_sizes.py

Builds the FLYTB-I module and prints, raw and gzip -9: the module, ``tables.json`` (loaded at
once), their sum (budget 60 kB gzip) and the kommune files (budget 60 kB gzip each; the three
largest are listed). Exits 1 when a budget is exceeded.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 60_000  # bytes, gzip


def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9))


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from cpr_rules.js.build import build_module, write_module

    with tempfile.TemporaryDirectory(prefix="cpr_rules_js_sizes_") as tmp:
        out = Path(tmp)
        module = build_module("FLYTB-I")
        write_module(module, out)
        first = [out / "FLYTB-I.mjs", out / "FLYTB-I" / "tables.json"]
        kommuner = sorted((out / "FLYTB-I").glob("kommune-*.json"))
        sizes = {p: _sizes(p) for p in [*first, *kommuner]}
    ok = True

    def line(name: str, raw: int, packed: int, budget: int | None = None) -> None:
        nonlocal ok
        verdict = ""
        if budget is not None:
            verdict = "  within budget" if packed <= budget else "  OVER BUDGET"
            ok &= packed <= budget
        print(f"{name:32s} {raw / 1000:8.1f} kB {packed / 1000:7.1f} kB gzip{verdict}")

    print(f"FLYTB-I module (data version {module.tables['module']})")
    for path in first:
        line(str(path.relative_to(out)), *sizes[path])
    line("module + tables.json", *(sum(sizes[p][i] for p in first) for i in (0, 1)), BUDGET)
    largest = sorted(kommuner, key=lambda p: sizes[p][1], reverse=True)
    print(f"{len(kommuner)} kommune files (streets and house-number ranges), largest first:")
    for path in largest[:3]:
        line(str(path.relative_to(out)), *sizes[path], BUDGET)
    kbh = out / "FLYTB-I" / "kommune-0101.json"
    if kbh in sizes:
        line("København (kommune-0101.json)", *sizes[kbh], BUDGET)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
