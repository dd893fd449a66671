"""Reading the files an author keeps (rule sets, blocks, code tables) without waiting or
filling memory: a named pipe or a socket is never opened (opening one to read waits for a
writer for ever), and a rule file is read to :data:`MAX_BYTES` and one byte more at most."""

from __future__ import annotations

import stat
from pathlib import Path

__all__ = ["MAX_BYTES", "is_pipe", "read_head"]

MAX_BYTES = 1 << 20
"""Largest YAML file read (the shipped rule sets are ~15 KB)."""


def is_pipe(path: Path) -> bool:
    """Whether ``path`` is a named pipe or a socket (a missing path is not: opening it says so)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def read_head(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit + 1`` bytes of ``path``: enough to tell that it is over ``limit``."""
    with path.open("rb") as fh:
        return fh.read(limit + 1)
