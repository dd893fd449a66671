"""Validations per second of FLYTB-I: the generated-source engine against a hand-written validator.

    python benchmarks/validate_flytb.py [--n 10000] [--rounds 5] [--seed 2015]

Both run in this process over the same generated submissions (``_flytb_submissions``: about
60 % valid, 28 % with 1-3 defects, 12 % chaos): first every verdict is compared (ok, the fields
with errors, the fields with warnings), then both are warmed up and timed in rounds over chunks
of 500 submissions, alternating between the two chunk by chunk (the order swaps each time), so
that a busy machine slows both alike. The figure of each is the sum over the chunks of the
chunk's best round; the median round is shown too.

The baseline (``_handwritten_flytb``) is an independent reading of the handbook that shares no
code with the engine: it reads the CSV code tables itself and answers ok/error fields/warning
fields; with ``_handwritten_klarskrift`` (equally independent) it also gives the report's
klarskrift (kommune, street, address line), which must equal the engine's on every submission.
The main ratio is against that: the same checks and the same klarskrift. The engine builds its
whole report besides (findings with their parameters and sources, data; messages are rendered
when read). Printed too: the ratio against the verdict alone, the compiled rule function alone
against the verdict (``check_latency.py``), and the latency of single partial-form checks.

Goal: engine/hand-written >= 1.0 (the engine is not slower than code written by hand); floor
0.5. Exits 1 only if the two validators disagree on some submission, printing the first one.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOAL = 1.0
FLOOR = 0.5
CHUNK = 500  # submissions timed at a time


def _use_checkout() -> None:
    """Import ``cpr_rules`` from this checkout (the benchmark also runs uninstalled)."""
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(1, root)


def verdict(report: Any) -> tuple[bool, frozenset[str], frozenset[str]]:
    """The engine's report in the hand-written checker's terms: ok, error and warning fields."""
    errors = frozenset(f for finding in report.errors for f in finding.fields)
    warnings = frozenset(f for finding in report.warnings for f in finding.fields)
    return report.ok, errors, warnings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="submissions (default 10000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of each (default 5)")
    parser.add_argument("--seed", type=int, default=2015, help="generator seed (default 2015)")
    args = parser.parse_args()

    _use_checkout()
    from _flytb_submissions import generate
    from _handwritten_flytb import FlytbChecker
    from _handwritten_klarskrift import HandKlarskrift, values
    from check_latency import function_ratio, partial_latency

    from cpr_rules.rules import Validator

    engine = Validator()
    hand = FlytbChecker()
    klarskrift = HandKlarskrift()
    submissions = generate(args.n, seed=args.seed)
    cases = [(s.data, s.stamdata, s.today) for s in submissions]
    valid = sum(not s.defects for s in submissions)

    ok = 0
    for i, (data, stamdata, today) in enumerate(cases):
        report = engine.check("FLYTB-I", data, stamdata=stamdata, today=today)
        a = (*verdict(report), dict(report.klarskrift))
        b = (*hand.check(data, stamdata, today), klarskrift.of(data))
        if a != b:
            print(f"DISAGREEMENT on submission {i}: {submissions[i]}")
            print(f"  engine:       {a!r}\n  hand-written: {b!r}")
            return 1
        ok += a[0]
    print(
        f"FLYTB-I: {len(cases)} submissions ({valid} valid, {len(cases) - valid} with defects "
        f"or chaos; {ok} reports ok)"
    )
    print(f"agreement: the engine and the hand-written validator agree on all {len(cases)}")

    engine_check, hand_check, hand_klarskrift = engine.check, hand.check, klarskrift.of_values
    # The checker normalises every field in its check but keeps the values to itself; the
    # klarskrift reads seven of them, normalised here once, outside the timing, so that the
    # baseline does not pay twice for them (each case carries them: no lookup in the timing).
    # The engine's report makes its `data` mapping when it is first read (not here); its
    # findings and klarskrift are made in the check.
    timed = [(data, stamdata, today, values(data)) for data, stamdata, today in cases]

    def run_engine(chunk: list[Any]) -> float:
        start = time.perf_counter()
        for data, stamdata, today, _ in chunk:
            engine_check("FLYTB-I", data, stamdata=stamdata, today=today)
        return time.perf_counter() - start

    def run_hand(chunk: list[Any]) -> float:
        start = time.perf_counter()
        for data, stamdata, today, normalised in chunk:
            hand_check(data, stamdata, today)
            hand_klarskrift(normalised)
        return time.perf_counter() - start

    def run_verdict(chunk: list[Any]) -> float:
        start = time.perf_counter()
        for data, stamdata, today, _ in chunk:
            hand_check(data, stamdata, today)
        return time.perf_counter() - start

    for chunk in (timed[:2000],):  # warm-up
        run_engine(chunk)
        run_hand(chunk)

    # Both run over the same chunks, alternating chunk by chunk (and the order swaps), so a
    # busy machine slows both alike; "best" sums each chunk's best round, "median" is the
    # median of the rounds' totals.
    chunks = [timed[i : i + CHUNK] for i in range(0, len(timed), CHUNK)]
    runs: list[tuple[str, Callable[[list[Any]], float]]] = [
        ("engine", run_engine),
        ("hand-written", run_hand),
        ("verdict only", run_verdict),
    ]
    best = {name: [float("inf")] * len(chunks) for name, _ in runs}
    totals: dict[str, list[float]] = {name: [] for name, _ in runs}
    for r in range(max(1, args.rounds)):
        gc.collect()
        total = dict.fromkeys(best, 0.0)
        for j, chunk in enumerate(chunks):
            for name, run in runs[(r + j) % 3 :] + runs[: (r + j) % 3]:
                seconds = run(chunk)
                best[name][j] = min(best[name][j], seconds)
                total[name] += seconds
        for name in totals:
            totals[name].append(total[name])
    times = {name: (sum(best[name]), statistics.median(totals[name])) for name in best}

    n = len(cases)
    for name, (fastest, median) in times.items():
        rate, micros = n / fastest, fastest / n * 1e6
        print(
            f"{name:13s}: {rate:9,.0f} validations/s  {micros:6.1f} µs/validation "
            f"(median of {len(totals[name])} rounds {median / n * 1e6:6.1f} µs)"
        )
    ratio = times["hand-written"][0] / times["engine"][0]
    median_ratio = times["hand-written"][1] / times["engine"][1]
    verdict_ratio = times["verdict only"][0] / times["engine"][0]
    print(
        f"ratio engine/hand-written (checks + klarskrift): {ratio:.3f} (medians {median_ratio:.3f})"
    )
    print(f"ratio engine/hand-written verdict only: {verdict_ratio:.3f}")
    print(
        f"goal >= {GOAL}: {'met' if ratio >= GOAL else 'NOT met'}; "
        f"floor {FLOOR}: {'met' if ratio >= FLOOR else 'NOT met'}"
    )
    function_ratio(engine, cases, args.rounds)
    partial_latency(engine, cases, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
