"""The user cache: compiled code tables and rule sets, and lint results, keyed by content hash.

Where it lives: ``$CPR_RULES_CACHE_DIR``, else ``$XDG_CACHE_HOME/cpr_rules``, else
``~/.cache/cpr_rules``. Clearing it is always safe (``rm -r ~/.cache/cpr_rules``, or
``cpr-rules cache --clear``): everything in it is rebuilt on demand.

Each entry is named ``<kind>-<key>.pickle`` where ``key`` is a checksum of what the entry was
built from (file contents, the package version, the building code), and holds that material to
be compared in full when read, so a changed input simply makes a new entry. After each write
the oldest entries of that kind beyond :data:`KEEP` are deleted, so the folder stays bounded
however many checkouts, table dates or rule-set edits pass through it.
The shipped tables and rule sets of an installed wheel are compiled at build time and need no
cache at all (``cpr_rules/_data/compiled``); the cache serves other folders and checkouts.

If the folder cannot be written, entries are built in memory (slower start, same results).
Entries are pickles written by this module only; like any cache in the user's own cache folder
they are trusted as much as that folder is.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "KEEP",
    "cache_dir",
    "clear_cache",
    "code_fingerprint",
    "entry_path",
    "prune",
    "read_cache",
    "short_key",
    "write_cache",
]

KEEP = 3
"""How many entries of one kind are kept (the newest by modification time)."""


def cache_dir() -> Path:
    """Where cache files go (see the module docstring)."""
    explicit = os.environ.get("CPR_RULES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cpr_rules"


def entry_path(kind: str, key: str) -> Path:
    """The cache file of one entry: ``<cache_dir>/<kind>-<key>.pickle``."""
    return cache_dir() / f"{kind}-{key}.pickle"


def code_fingerprint(*modules: Path) -> str:
    """The package version and the size and mtime of the given source files, as one string.

    Part of every key whose entry holds pickled classes or generated code, so that editing the
    code in a checkout makes new entries (an installed wheel changes only with its version).
    """
    from cpr_rules import __version__

    parts = [__version__]
    for module in sorted(modules):
        try:
            st = module.stat()
        except OSError:
            continue
        parts.append(f"{module.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def short_key(*material: str | bytes) -> str:
    """A short name for an entry built from ``material`` (CRC-32 and Adler-32, 16 hex digits).

    A name only: every entry also holds its full material and is used only when that matches
    exactly, so two inputs that share a name cannot be confused (the later one replaces the
    earlier). No cryptographic hash is needed, so ``hashlib`` stays out of a start.
    """
    import zlib

    crc, adler = 0, 1
    for part in material:
        data = part.encode() if isinstance(part, str) else part
        crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
        crc, adler = zlib.crc32(b"\0", crc), zlib.adler32(b"\0", adler)
    return f"{crc:08x}{adler:08x}"


def read_cache(path: Path) -> Any | None:
    """The cached object, or None if there is none or it cannot be read."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    except (ValueError, IndexError, KeyError):  # a truncated or foreign file
        return None


def write_cache(path: Path, value: Any, *, keep: int = KEEP) -> bool:
    """Write atomically, then prune older entries of the same kind; False if it cannot."""
    return write_bytes(path, [pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)], keep=keep)


def write_bytes(path: Path, chunks: Iterable[bytes | memoryview], *, keep: int = KEEP) -> bool:
    """Write ``chunks`` to ``path`` atomically (a temporary file, then a rename), then keep the
    ``keep`` newest entries of its kind (``keep=0``: prune nothing)."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    if keep:
        prune(path, keep)
    return True


def _kind(name: str) -> str:
    return name.rsplit("-", 1)[0]


def prune(newest: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the ``keep`` newest entries of ``newest``'s kind; returns what went."""
    kind = _kind(newest.name)
    try:
        entries = [
            e
            for e in os.scandir(newest.parent)
            if e.is_file() and e.name.endswith(".pickle") and _kind(e.name) == kind
        ]
    except OSError:
        return []
    # newest first: the entry just written, then by modification time
    entries.sort(key=lambda e: (e.path == str(newest), _mtime(e)), reverse=True)
    gone = []
    for entry in entries[keep:]:
        try:
            os.unlink(entry.path)
            gone.append(Path(entry.path))
        except OSError:
            pass
    return gone


def _mtime(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat().st_mtime_ns
    except OSError:
        return 0


def clear_cache() -> list[Path]:
    """Delete every cache entry (and stray temporary files); returns the files deleted."""
    folder = cache_dir()
    gone = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if entry.is_file() and (entry.name.endswith(".pickle") or entry.name.startswith(".tmp-")):
            try:
                os.unlink(entry.path)
                gone.append(Path(entry.path))
            except OSError:
                pass
    return gone
