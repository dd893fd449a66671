"""Checks per second of the generated JavaScript module in Node beside the Python engine.

    python benchmarks/js_validate.py [--n 10000] [--rounds 5] [--seed 2015]

Both run over the same generated FLYTB-I submissions (``_flytb_submissions``: 70 % valid, 30 %
with 1-3 realistic defects), in Danish. Node runs the module once over the whole batch per
round (``cpr_rules/js/batch.mjs --time``), after 1.5 s of warm-up (V8 optimises on a background
thread, which a loaded machine starves: a fixed count of warm-up rounds measured the interpreter
in some runs); the first, cold round is printed beside it. Python runs
``Validator.check`` and, as the like-for-like figure, ``check(...).to_dict()`` (the JavaScript
``check`` returns the JSON report with its messages rendered). The best round of each counts.

Goal: JavaScript/Python (``check``) >= 1.0. Prints the ratio; exits 1 only if Node fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.0
ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="submissions (default 10000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--seed", type=int, default=2015, help="generator seed (default 2015)")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    from _flytb_submissions import generate

    from cpr_rules.js.build import build_module, write_module
    from cpr_rules.rules import Validator

    validator = Validator()
    submissions = generate(args.n, seed=args.seed, tables=validator.tables)
    cases = [
        {
            "data": s.data,
            "stamdata": s.stamdata,
            "today": s.today.isoformat(),
            "partial": False,
            "lang": "da",
        }
        for s in submissions
    ]
    with tempfile.TemporaryDirectory(prefix="cpr_rules_js_bench_") as tmp:
        out = Path(tmp)
        write_module(build_module("FLYTB-I", validator), out)
        batch = out / "cases.json"
        batch.write_text(json.dumps(cases, ensure_ascii=False), "utf-8")
        done = subprocess.run(
            [
                "node",
                str(ROOT / "cpr_rules" / "js" / "batch.mjs"),
                str(out / "FLYTB-I.mjs"),
                str(batch),
                "--time",
                str(args.rounds),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    timed = json.loads(done.stdout)
    node, cold = timed["seconds"], timed["cold"]

    check = validator.check
    triples = [(s.data, s.stamdata, s.today) for s in submissions]

    def python(to_dict: bool) -> float:
        best = float("inf")
        for _ in range(args.rounds + 1):  # the first round warms up
            start = time.perf_counter()
            for data, stamdata, today in triples:
                report = check("FLYTB-I", data, stamdata=stamdata, today=today)
                if to_dict:
                    report.to_dict()
            best = min(best, time.perf_counter() - start)
        return best

    plain, full = python(False), python(True)
    n = len(cases)
    print(f"FLYTB-I: {n} submissions, best of {args.rounds} rounds each")
    for name, seconds in (
        ("javascript (node)", node),
        ("python check", plain),
        ("python to_dict", full),
    ):
        print(f"{name:18s}: {n / seconds:9,.0f} checks/s  {seconds / n * 1e6:6.1f} µs/check")
    print(
        f"{'javascript, cold':18s}: {n / cold:9,.0f} checks/s  {cold / n * 1e6:6.1f} µs/check"
        "  (first round, before V8 optimised the module)"
    )
    ratio, like = plain / node, full / node
    print(f"ratio javascript/python check: {ratio:.2f} (against check + to_dict: {like:.2f})")
    print(f"goal >= {GOAL}: {'met' if ratio >= GOAL else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
