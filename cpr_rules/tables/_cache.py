"""The compiled table cache: every table of a folder, pickled once, loaded in milliseconds.

The cache file is named after a fingerprint of the package version and of every file in the
code-table folder (name, size, modification time), so editing a CSV or upgrading ``cpr_rules``
simply makes a new cache. It lives in ``$CPR_RULES_CACHE_DIR``, else
``$XDG_CACHE_HOME/cpr_rules``, else ``~/.cache/cpr_rules``. If no cache can be written the
tables are compiled in memory (slower start, same results).

The cache is a pickle written by this module only; like any cache in the user's own cache
folder it is trusted as much as that folder is.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "cache_path", "read_cache", "write_cache"]

FORMAT = 2  # bump when the pickled classes change shape


def cache_dir() -> Path:
    """Where cache files go (see the module docstring)."""
    explicit = os.environ.get("CPR_RULES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cpr_rules"


def cache_path(folder: Path, version: str) -> Path:
    """The cache file for ``folder`` (a code-table folder) and package ``version``."""
    digest = hashlib.sha256(f"{FORMAT}|{version}|{folder.resolve()}".encode())
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith((".csv", ".yaml")):
            st = entry.stat()
            digest.update(f"|{entry.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return cache_dir() / f"tables-{digest.hexdigest()[:24]}.pickle"


def read_cache(path: Path) -> Any | None:
    """The cached object, or None if there is none or it cannot be read."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def write_cache(path: Path, value: Any) -> bool:
    """Write atomically; returns False (and leaves nothing behind) if it cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tables-", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
