"""Reading the files an author keeps (rule sets, blocks, code tables) without waiting or
filling memory: a named pipe or a socket is never opened (opening one to read waits for a
writer for ever), and a rule file is read to :data:`MAX_BYTES` and one byte more at most.
Writing (the code tables, ``lint --fix``, the rule lock) is atomic:
:func:`write_files_atomically`."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["MAX_BYTES", "is_pipe", "read_head", "write_files_atomically"]

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


def write_files_atomically(contents: Mapping[Path, str], *, keep_mode: bool = False) -> None:
    """Write several files (UTF-8, line ends as given) so that each is either fully old or
    fully new, never partial.

    Everything is first written to synced temporary files beside the targets; only when all of
    them are complete are they moved into place. A new file gets mode 0644 (``mkstemp`` makes
    0600); with ``keep_mode`` a file that exists keeps its permissions (an author's rule file),
    else it is 0644 too (the code tables). On any error the temporaries not yet moved are
    removed, and a target not yet replaced is untouched.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((Path(tmp_name), target))
            os.chmod(tmp_name, _mode_of(target) if keep_mode else 0o644)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        while staged:
            os.replace(*staged[0])
            staged.pop(0)
    except BaseException:
        for tmp_path, _ in staged:
            tmp_path.unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o644
