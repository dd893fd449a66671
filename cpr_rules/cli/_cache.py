"""``cpr-rules cache [--clear]``: where the user cache is, what it holds, and clearing it.

The cache holds compiled code tables and rule sets of folders other than an installed wheel's
own, and lint results (see ``docs/performance.md``). It is bounded (the newest few entries of
each kind) and always safe to clear: everything in it is rebuilt when next needed.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from cpr_rules.cli._help import command_help

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``cache`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "cache",
        help="show or clear the user cache",
        **command_help(
            "Show where the user cache is and what it holds (compiled code tables and rule "
            "sets, lint results), or clear it; everything in it is rebuilt when next needed.",
            ("cpr-rules cache", "cpr-rules cache --clear"),
            {0: "ok", 2: "the cache cannot be read or cleared (one line on stderr)"},
        ),
    )
    p.add_argument("--clear", action="store_true", help="delete every cache entry")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the folder and its entries (or what was deleted); 0, or an OSError (exit 2) when
    the folder is not one (a file) or cannot be read. A folder not made yet holds nothing."""
    from cpr_rules._cache import cache_dir, clear_cache

    folder = cache_dir()
    try:
        found = list(os.scandir(folder))
    except FileNotFoundError:
        found = []
    if args.clear:
        gone = clear_cache()
        print(f"{folder}: deleted {len(gone)} file(s)")
        return 0
    entries = sorted(
        (e.name, e.stat().st_size) for e in found if e.is_file() and e.name.endswith(".pickle")
    )
    total = sum(size for _, size in entries)
    print(f"{folder}: {len(entries)} entries, {total / 1e6:.1f} MB")
    for name, size in entries:
        print(f"  {name}  {size / 1e6:.1f} MB")
    return 0
