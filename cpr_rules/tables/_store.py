"""The compiled form of a code-table folder: one file, each table unpickled when first used.

Layout: ``MAGIC``, the length of the header (8 bytes, little-endian), the header (a pickled
dict: format, package version, content hashes of the manifest and of every table file, every
:class:`~cpr_rules.tables.TableSpec`, and where each table's pickle lies), then one pickle per
table. Opening a store reads the header only; a check that needs four tables unpickles four.

Two places hold stores:

* the wheel: ``cpr_rules/_data/compiled/tables.bin``, built at build time
  (``hatch_build.py``) from the shipped tables. At load it is *verified against the manifest*:
  the package version, the hash of ``manifest.yaml`` and the size of every table file must be
  those it was built from, else it is not used (:func:`shipped_store`);
* the user cache (:mod:`cpr_rules._cache`), for any other folder (``--tables DIR``, a
  checkout), keyed by a hash of the contents of the folder's files (:func:`folder_digest`).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpr_rules._cache import code_fingerprint, entry_path, read_cache, write_bytes, write_cache

if TYPE_CHECKING:
    from cpr_rules.tables._manifest import TableSpec
    from cpr_rules.tables._table import CodeTable

__all__ = [
    "FolderDigest",
    "Store",
    "fingerprint",
    "folder_digest",
    "open_store",
    "shipped_store",
    "write_store",
]

MAGIC = b"CPRTAB1\n"
FORMAT = 2  # bump when the pickled classes change shape
_SUFFIXES = (".csv", ".yaml")
_PKG = Path(__file__).resolve().parent.parent
SHIPPED = _PKG / "_data" / "compiled" / "tables.bin"


@dataclass(frozen=True)
class FolderDigest:
    """Content hashes of a table folder: ``files`` maps file name to (size, sha256)."""

    key: str
    files: Mapping[str, tuple[int, str]]


def fingerprint(files: Mapping[str, tuple[int, str]]) -> str:
    """What identifies a folder's tables by content alone (the same in a wheel and a checkout)."""
    return hashlib.sha256(f"{FORMAT}|{sorted(files.items())}".encode()).hexdigest()[:32]


def _sha(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _code() -> str:
    here = Path(__file__).resolve().parent
    return code_fingerprint(*here.glob("*.py"), _PKG / "adressefelter.py")


def folder_digest(folder: Path) -> FolderDigest:
    """The content hash of every ``.csv``/``.yaml`` file of ``folder``.

    A file whose size and modification time are unchanged since it was last hashed is not read
    again: the hashes are remembered per folder in the user cache (as git's index does).
    """
    resolved = str(folder.resolve())
    memo_path = entry_path("stat", hashlib.sha256(resolved.encode()).hexdigest()[:24])
    memo = read_cache(memo_path)
    memo = memo if isinstance(memo, dict) else {}
    seen: dict[str, tuple[int, int, str]] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not (entry.is_file() and entry.name.endswith(_SUFFIXES)):
            continue
        st = entry.stat()
        old = memo.get(entry.name)
        if isinstance(old, tuple) and old[:2] == (st.st_size, st.st_mtime_ns):
            seen[entry.name] = old
        else:
            seen[entry.name] = (st.st_size, st.st_mtime_ns, _sha(entry.path))
    if seen != memo:
        write_cache(memo_path, seen)
    files = {name: (size, sha) for name, (size, _, sha) in seen.items()}
    key = hashlib.sha256(f"{FORMAT}|{_code()}|{sorted(files.items())}".encode())
    return FolderDigest(key.hexdigest()[:32], files)


def write_store(path: Path, tables: Mapping[str, CodeTable], digest: FolderDigest) -> bool:
    """Write the compiled ``tables`` of a folder with ``digest`` to ``path`` (atomically)."""
    from cpr_rules import __version__

    blobs = {name: pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL) for name, t in tables.items()}
    offsets, at = {}, 0
    for name, blob in blobs.items():
        offsets[name] = (at, len(blob))
        at += len(blob)
    header = pickle.dumps(
        {
            "format": FORMAT,
            "version": __version__,
            "files": dict(digest.files),
            "specs": {name: t.spec for name, t in tables.items()},
            "blobs": offsets,
        },
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    chunks = [MAGIC, len(header).to_bytes(8, "little"), header, *blobs.values()]
    return write_bytes(path, chunks)


class Store:
    """An opened store: the header in memory, the tables mapped and unpickled on demand."""

    def __init__(self, path: Path, header: dict[str, Any], data: mmap.mmap, start: int) -> None:
        self.path = path
        self.version: str = header["version"]
        self.files: dict[str, tuple[int, str]] = header["files"]
        self.specs: dict[str, TableSpec] = header["specs"]
        self._blobs: dict[str, tuple[int, int]] = header["blobs"]
        self._data = data
        self._start = start

    def load(self, name: str) -> CodeTable:
        """Unpickle one table (raises ``ValueError`` if the file is damaged)."""
        from cpr_rules.tables._table import CodeTable

        offset, length = self._blobs[name]
        begin = self._start + offset
        try:
            table = pickle.loads(self._data[begin : begin + length])
        except Exception as exc:  # any unpickling failure means a damaged file
            raise ValueError(f"damaged table {name!r} in {self.path}: {exc}") from None
        if not isinstance(table, CodeTable) or table.spec != self.specs[name]:
            raise ValueError(f"damaged table {name!r} in {self.path}")
        return table


def open_store(path: Path) -> Store | None:
    """The store at ``path``, or None if there is none or it is not one of ours."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(MAGIC) + 8)
            if len(head) != len(MAGIC) + 8 or not head.startswith(MAGIC):
                return None
            size = int.from_bytes(head[len(MAGIC) :], "little")
            header = pickle.loads(fh.read(size))
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    return Store(path, header, data, len(MAGIC) + 8 + size)


def shipped_store(folder: Path) -> Store | None:
    """The wheel's compiled tables, if present and built from exactly ``folder``'s files.

    Verified against the manifest: same package version, same hash of ``manifest.yaml``, and
    every table file it was built from present with the same size.
    """
    from cpr_rules import __version__

    store = open_store(SHIPPED)
    if store is None or store.version != __version__:
        return None
    try:
        manifest = _sha(str(folder / "manifest.yaml"))
        sizes_ok = all(
            (folder / name).stat().st_size == size for name, (size, _) in store.files.items()
        )
    except OSError:
        return None
    if manifest != store.files.get("manifest.yaml", (0, ""))[1] or not sizes_ok:
        return None
    return store
