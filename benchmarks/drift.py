"""``cpr-rules drift`` on a generated log of 1,000,000 lines: time and peak memory.

    python benchmarks/drift.py [--lines 1000000]

The log is generated into a temporary file first; then the real command runs in a fresh
process, and its own closing line (lines, seconds, peak memory) is printed, with the size of the
log for scale. Baseline in the same run: peak memory of ``python -c pass`` and of a process that
only reads the file line by line.
"""

from __future__ import annotations

import argparse
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    n = parser.parse_args().lines
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "reconciliations.jsonl"
        start = time.perf_counter()
        with log.open("w", encoding="utf-8") as fh:
            fh.writelines(iter_lines(n))
        size = log.stat().st_size / 1024 / 1024
        print(f"generated {n} lines ({size:.0f} MiB) in {time.perf_counter() - start:.1f} s")
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
