"""``cpr-rules drift`` on a generated log of 1,000,000 lines: rate, time and peak memory.

    python benchmarks/drift.py [--lines 1000000] [--rate-lines 200000] [--rounds 5]

The log is generated into a temporary file first.

*Rate* (goal: at least 0.5x): the drift aggregation (``aggregate(iter_log_lines(...))``, what
the command runs) against bare ``json.loads`` of every line of the same file (text-mode
iteration), both in this process over the first ``--rate-lines`` lines, alternating round by
round so a busy machine slows both alike; each figure is its best round.

*Time and memory*: the real command runs in a fresh process, and its own closing line (lines,
seconds, peak memory) is printed, with the size of the log for scale. Baseline in the same run:
peak memory of ``python -c pass`` and of a process that only reads the file line by line.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _drift_log import iter_lines

PEAK = (
    "import resource, sys; {body}; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
)


def peak_of(body: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PEAK.format(body=body)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.split()[-1])


GOAL = 0.5


def rate(log: Path, rounds: int) -> None:
    """Print lines/s of the drift aggregation and of bare json.loads, and their ratio."""
    sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
    from cpr_rules.reconcile.drift import aggregate, iter_log_lines

    def bare() -> tuple[float, int]:
        start, n = time.perf_counter(), 0
        with log.open(encoding="utf-8") as fh:
            for line in fh:
                json.loads(line)
                n += 1
        return time.perf_counter() - start, n

    def drift() -> tuple[float, int]:
        start = time.perf_counter()
        report = aggregate(iter_log_lines([log]))
        return time.perf_counter() - start, report.lines

    best = {"json.loads": float("inf"), "drift": float("inf")}
    lines = 0
    for r in range(rounds):
        runs = [("json.loads", bare), ("drift", drift)]
        for name, run in runs if r % 2 == 0 else runs[::-1]:
            gc.collect()
            seconds, lines = run()
            best[name] = min(best[name], seconds)
    for name, seconds in best.items():
        print(
            f"{name:10s}: {lines / seconds:10,.0f} lines/s ({seconds / lines * 1e6:5.2f} µs/line)"
        )
    ratio = best["json.loads"] / best["drift"]
    print(
        f"drift rate: {ratio:.2f}x bare json.loads per line (goal >= {GOAL}): "
        f"{'met' if ratio >= GOAL else 'NOT met'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--rate-lines", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    n = args.lines
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "reconciliations.jsonl"
        start = time.perf_counter()
        with log.open("w", encoding="utf-8") as fh:
            fh.writelines(iter_lines(n))
        size = log.stat().st_size / 1024 / 1024
        print(f"generated {n} lines ({size:.0f} MiB) in {time.perf_counter() - start:.1f} s")
        sample = Path(tmp) / "sample.jsonl"
        with log.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
            dst.writelines(itertools.islice(src, args.rate_lines))
        rate(sample, args.rounds)
        baseline = peak_of("pass")
        reading = peak_of(f"[None for _ in open({str(log)!r}, encoding='utf-8')]")
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "cpr_rules",
                "drift",
                str(log),
                "--format",
                "json",
                "--output",
                str(Path(tmp) / "drift.json"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        print(out.stderr.strip().splitlines()[-1])
        print(
            f"baseline peak memory: python -c pass {baseline:.1f} MiB, reading the file "
            f"line by line {reading:.1f} MiB"
        )
    return 0 if out.returncode in (0, 1) else out.returncode


if __name__ == "__main__":
    raise SystemExit(main())
