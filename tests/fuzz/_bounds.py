"""The one assertion every fuzz test makes: a typed error or a result, within time and memory."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings

from cpr_rules.errors import CprRulesError

#: Per example: generous for a loaded 2-core CI machine, far below "minutes" or "a hang".
SECONDS = 5.0
#: Extra memory per example (traced Python allocations).
BYTES = 50_000_000

FUZZ = settings(
    max_examples=100 if os.environ.get("CI") else 30,
    deadline=None,  # the bound is SECONDS, asserted by bounded(), not hypothesis' flaky deadline
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def bounded(call: Callable[[], Any], *typed: type[BaseException]) -> Any:
    """``call()``'s result or its typed error (``CprRulesError`` or one of ``typed``), after
    asserting it took under SECONDS and under BYTES of new memory. Anything else propagates."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        outcome: Any = call()
    except (CprRulesError, *typed) as exc:
        outcome = exc
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert seconds < SECONDS, f"took {seconds:.1f} s"
    assert peak < BYTES, f"took {peak / 1e6:.0f} MB"
    return outcome
