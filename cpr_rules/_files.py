"""Reading the files an author keeps (rule sets, blocks, code tables) without waiting or
filling memory: a named pipe or a socket is never opened (opening one to read waits for a
writer for ever), and a rule file is read to :data:`MAX_BYTES` and one byte more at most.
Writing one back (``lint --fix``, the rule lock) is atomic: :func:`write_atomically`."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["MAX_BYTES", "is_pipe", "read_head", "write_atomically"]

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


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line ends as given) so that it is either the old
    file or the new one, never a truncated mix: written to a temporary file beside it, synced,
    given the old file's permissions (0644 for a new file) and moved into place. On any error
    the temporary file is removed and ``path`` is untouched."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, mode)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
