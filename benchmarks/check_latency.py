"""FLYTB-I: the compiled rule function against the hand-written checker, and the latency of
single checks of forms being filled in (``partial=True``).

    python benchmarks/check_latency.py [--n 4000] [--rounds 5] [--seed 2015]

*Function only*: ``CompiledRuleSet.function`` (normalising every field and deciding every rule,
no report, no klarskrift) against the hand-written checker of ``validate_flytb.py`` over the
same generated submissions, alternating chunk by chunk; each figure is the sum of the chunks'
best rounds. *Partial forms*: every submission cut to its first k fields (k random, as a
citizen fills the form in order) and checked one at a time with ``partial=True``; p50 and p99
of the single-call times.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHUNK = 500


def _use_checkout() -> None:
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(1, root)


def _hand(engine: Any) -> Callable[[Any, Any, Any], Any]:
    """The hand-written checker's check(data, stamdata, today)."""
    import _handwritten_flytb as hw

    if hasattr(hw, "FlytbChecker"):
        return hw.FlytbChecker().check  # type: ignore[no-any-return]
    checker = hw.HandwrittenFlytb(engine.tables)
    return lambda data, stamdata, today: checker.check(data, stamdata=stamdata, today=today)


def function_ratio(engine: Any, cases: list[Any], rounds: int) -> float:
    """Print µs per submission of the compiled function and of the hand-written verdict."""
    function = engine.compiled("FLYTB-I").function
    hand = _hand(engine)

    def run_function(chunk: list[Any]) -> float:
        start = time.perf_counter()
        for data, stamdata, today in chunk:
            # what Validator.check does before calling it: an object, stamdata or None
            if isinstance(data, dict):
                function(data, stamdata if isinstance(stamdata, dict) else None, today, False)
        return time.perf_counter() - start

    def run_hand(chunk: list[Any]) -> float:
        start = time.perf_counter()
        for data, stamdata, today in chunk:
            hand(data, stamdata, today)
        return time.perf_counter() - start

    runs = [("function", run_function), ("hand verdict", run_hand)]
    for _, run in runs:
        run(cases[:1000])
    chunks = [cases[i : i + CHUNK] for i in range(0, len(cases), CHUNK)]
    best = {name: [float("inf")] * len(chunks) for name, _ in runs}
    for r in range(max(1, rounds)):
        gc.collect()
        for j, chunk in enumerate(chunks):
            for name, run in runs if (r + j) % 2 == 0 else runs[::-1]:
                best[name][j] = min(best[name][j], run(chunk))
    n = len(cases)
    micros = {name: sum(b) / n * 1e6 for name, b in best.items()}
    ratio = micros["hand verdict"] / micros["function"]
    print(
        f"compiled function only: {micros['function']:6.1f} µs, hand-written verdict "
        f"{micros['hand verdict']:6.1f} µs: ratio {ratio:.3f}"
    )
    return ratio


def partial_latency(engine: Any, cases: list[Any], seed: int) -> tuple[float, float]:
    """Print p50 and p99 of single checks of forms cut to their first k fields."""
    rng = random.Random(seed)
    forms = []
    for data, stamdata, today in cases:
        items = list(data.items()) if isinstance(data, dict) else []
        forms.append((dict(items[: rng.randint(0, len(items))]), stamdata, today))
    check = engine.check
    for data, stamdata, today in forms[:500]:  # warm-up
        check("FLYTB-I", data, stamdata=stamdata, today=today, partial=True)
    gc.collect()
    times = []
    for data, stamdata, today in forms:
        start = time.perf_counter()
        check("FLYTB-I", data, stamdata=stamdata, today=today, partial=True)
        times.append(time.perf_counter() - start)
    times.sort()
    p50 = statistics.median(times) * 1e6
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1e6
    print(f"partial forms: {len(forms)} single checks, p50 {p50:6.1f} µs, p99 {p99:6.1f} µs")
    return p50, p99


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()

    _use_checkout()
    from _flytb_submissions import generate

    from cpr_rules.rules import Validator

    engine = Validator()
    cases = [(s.data, s.stamdata, s.today) for s in generate(args.n, seed=args.seed)]
    function_ratio(engine, cases, args.rounds)
    partial_latency(engine, cases, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
