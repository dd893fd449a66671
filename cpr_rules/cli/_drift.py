"""``cpr-rules drift LOG.jsonl… [--format text|json|html] [--since DATE] [--output FILE]``.

Aggregates the JSON lines portals log (``PortalResult.log_line``) into what rule authors must
act on. Streams: memory stays bounded however long the logs are, and however long one line is
(``--max-line-bytes``, default 1 MiB: a longer line is skipped and counted like any bad line).
On a terminal a progress bar is drawn on stderr; at the end one line on stderr gives lines
read, time and peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from typing import Any

from cpr_rules.cli._common import input_file, output_file, parse_date, positive_int

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``drift`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser("drift", help="aggregate reconciliation logs")
    from cpr_rules.reconcile.drift import MAX_LINE_BYTES

    p.add_argument("logs", nargs="+", type=input_file, help="JSON-lines log files")
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    p.add_argument("--since", type=parse_date, help="only lines on or after this date")
    p.add_argument(
        "--output", "-o", type=output_file, help="write the report here instead of stdout"
    )
    p.add_argument(
        "--max-line-bytes",
        type=positive_int,
        default=MAX_LINE_BYTES,
        help=f"skip (and count) longer lines (default {MAX_LINE_BYTES})",
    )
    p.set_defaults(func=run)


def _progress(total: int) -> Any:
    if not sys.stderr.isatty() or total <= 0:
        return None

    def draw(done: int) -> None:
        share = min(done / total, 1.0)
        bar = "#" * int(share * 40)
        sys.stderr.write(f"\r[{bar:<40}] {share:6.1%}")
        sys.stderr.flush()

    return draw


def peak_memory_mib() -> float:
    """Peak resident memory of this process in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(args: argparse.Namespace) -> int:
    """Aggregate and print; 0 when there is no drift, 1 when there is."""
    from cpr_rules.reconcile.drift import aggregate, iter_log_lines
    from cpr_rules.reconcile.render import render_html, render_json, render_text

    total = sum(os.path.getsize(p) for p in args.logs if p.is_file())
    start = time.perf_counter()
    progress = _progress(total)
    lines = iter_log_lines(args.logs, progress, max_line_bytes=args.max_line_bytes)
    report = aggregate(lines, since=args.since)
    if progress is not None:
        sys.stderr.write("\n")
    render = {"text": render_text, "json": render_json, "html": render_html}[args.format]
    text = render(report)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    elapsed = time.perf_counter() - start
    print(
        f"drift: {report.lines} lines in {elapsed:.1f} s, peak memory {peak_memory_mib():.1f} MiB",
        file=sys.stderr,
    )
    return 1 if report.drift() else 0
