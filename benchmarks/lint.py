"""How long ``cpr-rules lint`` takes on every shipped rule set and code table. Goal: ≤ 1 s.

    python benchmarks/lint.py [--runs 5]

Each figure is the median of ``--runs`` calls of :func:`cpr_rules.lint.lint_paths` in this
process, after one warm-up call (imports done, compiled code tables loaded from their cache):

*all, cold*: every table's CSV is read and checked (``cache=False``, as ``--no-cache``);
*all, warm*: unchanged tables' results come from the lint cache (the normal case);
*rule sets*: only ``rulesets/`` (the baseline the ratios are against, measured in the same run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable

GOAL_MS = 1000.0


def median_ms(call: Callable[[], object], runs: int) -> float:
    """Median wall time of ``call`` in milliseconds, after one warm-up call."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    os.environ.setdefault("CPR_RULES_CACHE_DIR", tempfile.mkdtemp(prefix="cpr_rules_bench_"))

    from cpr_rules._paths import codetables_dir, rulesets_dir
    from cpr_rules.lint import lint_paths
    from cpr_rules.tables import load_tables

    rulesets, codetables = rulesets_dir(), codetables_dir()
    tables = load_tables()
    rows = sum(len(t) for t in tables.values())
    found = lint_paths([rulesets, codetables], cache=False)
    baseline = median_ms(lambda: lint_paths([rulesets]), runs)
    cold = median_ms(lambda: lint_paths([rulesets, codetables], cache=False), runs)
    warm = median_ms(lambda: lint_paths([rulesets, codetables]), runs)
    print(f"linting {len(list(rulesets.glob('*.yaml')))} rule set(s) and {len(tables)} code "
          f"tables ({rows} rows): {len(found)} diagnostic(s)")  # fmt: skip
    print(f"rule sets only           : {baseline:8.1f} ms (baseline)")
    for name, ms in (("all, cold (no cache)", cold), ("all, warm (lint cache)", warm)):
        verdict = "ok" if ms <= GOAL_MS else "OVER"
        print(
            f"{name:<25}: {ms:8.1f} ms  x{ms / baseline:5.1f}  goal <= {GOAL_MS:.0f} ms: {verdict}"
        )
    return 0 if cold <= GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
