"""How long it takes to import cpr_rules and load every code table, cold and warm.

Each figure is the median wall time of a fresh interpreter, compared with ``python -c pass``
measured in the same run (so machine speed cancels out in the ratio):

    python benchmarks/load_tables.py [--runs 7]

*cold*: an empty cache folder (reads the CSVs, compiles, writes the cache).
*warm*: the cache from the cold run. Goal: warm load of all tables ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

LOAD = (
    "import time; t = time.perf_counter(); import cpr_rules; "
    "tables = cpr_rules.load_tables(); n = sum(len(t) for t in tables.values()); "
    "print((time.perf_counter() - t) * 1000, n)"
)


def run(code: str, env: dict[str, str]) -> tuple[float, float, str]:
    """(wall ms of the whole interpreter, ms reported by the code, its other output)."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    wall = (time.perf_counter() - start) * 1000
    return wall, float(out[0]) if out else 0.0, " ".join(out[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    env = dict(os.environ)
    baseline = statistics.median(run("print(0)", env)[0] for _ in range(runs))
    cold_wall, cold_in, warm_wall, warm_in = [], [], [], []
    rows = ""
    for _ in range(max(3, runs // 2)):
        with tempfile.TemporaryDirectory() as cache:
            env["CPR_RULES_CACHE_DIR"] = cache
            wall, inner, rows = run(LOAD, env)
            cold_wall.append(wall)
            cold_in.append(inner)
            for _ in range(runs):
                wall, inner, rows = run(LOAD, env)
                warm_wall.append(wall)
                warm_in.append(inner)
    print(f"tables: {rows} rows in all")
    print(f"python -c pass          : {baseline:8.1f} ms (baseline)")
    for name, walls, inner in (("cold", cold_wall, cold_in), ("warm", warm_wall, warm_in)):
        wall = statistics.median(walls)
        print(
            f"{name}: import+load {statistics.median(inner):8.1f} ms inside; "
            f"process {wall:8.1f} ms = {wall / baseline:5.2f}x python -c pass"
        )
    warm = statistics.median(warm_in)
    print(
        f"goal: warm import+load <= 100 ms: {'met' if warm <= 100 else 'NOT met'} ({warm:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
