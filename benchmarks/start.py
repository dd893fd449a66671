"""How long ``cpr-rules check FLYTB-I --sample`` takes to start, against ``python -c pass``.

Both are run side by side (alternating) in fresh interpreters; each figure is the median wall
time of ``--runs`` runs (default 9), after one warm-up run of each:

    python benchmarks/start.py [--runs 9] [--python PATH]

``--python`` picks the interpreter (e.g. a venv with the built wheel installed, whose compiled
tables and rule sets ship inside it); by default the one running this script. Bytecode
caching is on for both (``PYTHONDONTWRITEBYTECODE`` is dropped), as on a user's machine. The
benchmark
also lists any module a check must not import (the rule-file models, YAML, metadata/email,
dataclasses).
Goal: the check is at most 6x ``python -c pass``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

CHECK = "from cpr_rules.cli import main; raise SystemExit(main(['check', 'FLYTB-I', '--sample']))"
FORBIDDEN = (
    "pydantic",
    "yaml",
    "email",
    "importlib.metadata",
    "jsonschema",
    "babel",
    "httpx",
    "dataclasses",
)
IMPORTS = (
    "import sys; from cpr_rules.cli import main; main(['check', 'FLYTB-I', '--sample']); "
    f"print('IMPORTED', *sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} "
    f"or m in {FORBIDDEN!r}))"
)
GOAL = 6.0
# As a user's machine runs it: bytecode is cached (pip compiles it at install; a checkout
# writes it on the warm-up run), whatever this shell says.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# Not the checkout: `python -c` puts the working folder first on sys.path, and an installed
# wheel must be measured as installed.
CWD = tempfile.gettempdir()


def wall(python: str, code: str) -> tuple[float, float]:
    """Milliseconds of wall and of CPU time (user + system) for one fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([python, "-c", code], check=True, stdout=subprocess.DEVNULL, env=ENV, cwd=CWD)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    runs = max(5, args.runs)
    env_note = os.environ.get("CPR_RULES_CACHE_DIR", "~/.cache/cpr_rules")
    wall(args.python, "pass")
    wall(args.python, CHECK)  # warm-up: a checkout fills the user cache once
    bare, check = [], []
    for _ in range(runs):
        bare.append(wall(args.python, "pass"))
        check.append(wall(args.python, CHECK))
    out = subprocess.run(
        [args.python, "-c", IMPORTS], check=True, capture_output=True, text=True, env=ENV, cwd=CWD
    ).stdout
    imported = out.split("IMPORTED", 1)[1].split() if "IMPORTED" in out else ["?"]
    b, c = statistics.median(w for w, _ in bare), statistics.median(w for w, _ in check)
    bc, cc = statistics.median(u for _, u in bare), statistics.median(u for _, u in check)
    print(f"interpreter: {args.python} (cache: {env_note})")
    print(
        f"python -c pass                   : {b:7.1f} ms wall, {bc:6.1f} ms CPU (median of {runs})"
    )
    print(
        f"cpr-rules check FLYTB-I --sample : {c:7.1f} ms wall, {cc:6.1f} ms CPU (median of {runs})"
    )
    print(
        f"start ratio: {c / b:.2f}x python -c pass (goal <= {GOAL:.0f}x); CPU time {cc / bc:.2f}x"
    )
    print(f"imported for a check, of {', '.join(FORBIDDEN)}: {', '.join(imported) or 'none'}")
    ok = c / b <= GOAL and not imported
    print(f"goal: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
