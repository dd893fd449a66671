"""The compiled form of a code-table folder: one file, each table unpickled when first used.

Layout: ``MAGIC``, the length of the header (8 bytes, little-endian), the header (a pickled
dict: format, package version, size and content hash of every file of the folder, the manifest
itself for a shipped store, every :class:`~cpr_rules.tables.TableSpec`, and where each table's
pickle and buffers lie), then per table its pickle and its arrays (pickle protocol 5, out of
band, 8-byte aligned). Opening a store reads the header and maps the file; a table is
unpickled when first used, its arrays views of the mapped file (no copy).

Two places hold stores:

* the wheel: ``cpr_rules/_data/compiled/tables.bin``, built at build time
  (``hatch_build.py``) from the shipped tables. At load it is *verified against the manifest*:
  the package version, ``manifest.yaml`` (byte for byte) and the size of every table file must
  be those it was built from, else it is not used (:func:`shipped_store`);
* the user cache (:mod:`cpr_rules._cache`), for any other folder (``--tables DIR``, a
  checkout), keyed by a hash of the contents of the folder's files (:func:`folder_digest`).
"""

from __future__ import annotations

import mmap
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpr_rules._cache import (
    KEEP,
    code_fingerprint,
    entry_path,
    read_cache,
    short_key,
    write_bytes,
    write_cache,
)
from cpr_rules._frozen import Frozen, setfield

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
FORMAT = 5  # bump when the pickled classes change shape (5: Frozen classes, no dataclasses)
_SUFFIXES = (".csv", ".yaml")
_PKG = Path(__file__).resolve().parent.parent
SHIPPED = _PKG / "_data" / "compiled" / "tables.bin"


class FolderDigest(Frozen):
    """Content hashes of a table folder: ``files`` maps file name to (size, sha256); ``code``
    is the fingerprint of the compiling code; ``key`` names the store in the user cache.
    (Not a NamedTuple: making one costs ≈ 1 ms at import, on every check's start.)"""

    __slots__ = _fields = ("key", "files", "code")
    key: str
    files: Mapping[str, tuple[int, str]]
    code: str

    def __init__(self, key: str, files: Mapping[str, tuple[int, str]], code: str) -> None:
        setfield(self, "key", key)
        setfield(self, "files", files)
        setfield(self, "code", code)


def fingerprint(files: Mapping[str, tuple[int, str]]) -> str:
    """What identifies a folder's tables by content alone (the same in a wheel and a checkout)."""
    return f"{FORMAT}|" + "|".join(f"{n}:{size}:{sha}" for n, (size, sha) in sorted(files.items()))


def _sha(path: str) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _code() -> str:
    here = Path(__file__).resolve().parent
    return code_fingerprint(*here.glob("*.py"), _PKG / "adressefelter.py", _PKG / "_frozen.py")


def folder_digest(folder: Path, *, memo: bool = True) -> FolderDigest:
    """The content hash of every ``.csv``/``.yaml`` file of ``folder``.

    A file whose size and modification time are unchanged since it was last hashed is not read
    again: the hashes are remembered per folder in the user cache (as git's index does), unless
    ``memo`` is false.
    """
    resolved = str(folder.resolve())
    memo_path = entry_path("stat", short_key(resolved))
    found = read_cache(memo_path) if memo else None
    known = found[1] if isinstance(found, tuple) and found[0] == resolved else {}
    seen: dict[str, tuple[int, int, str]] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not (entry.is_file() and entry.name.endswith(_SUFFIXES)):
            continue
        st = entry.stat()
        old = known.get(entry.name)
        if isinstance(old, tuple) and old[:2] == (st.st_size, st.st_mtime_ns):
            seen[entry.name] = old
        else:
            seen[entry.name] = (st.st_size, st.st_mtime_ns, _sha(entry.path))
    if memo and seen != known:
        write_cache(memo_path, (resolved, seen))
    files = {name: (size, sha) for name, (size, _, sha) in seen.items()}
    code = _code()
    return FolderDigest(short_key(code, fingerprint(files)), files, code)


def write_store(
    path: Path,
    tables: Mapping[str, CodeTable],
    digest: FolderDigest,
    *,
    keep: int = KEEP,
    folder: Path | None = None,
) -> bool:
    """Write the compiled ``tables`` of a folder with ``digest`` to ``path`` (atomically);
    ``keep`` older stores are kept beside it (0: prune nothing, for a build folder). With
    ``folder``, the manifest itself is recorded, to verify a shipped store against."""
    from cpr_rules import __version__

    chunks: list[bytes | memoryview] = []
    places: dict[str, tuple[tuple[int, int], list[tuple[int, int]]]] = {}
    at = 0

    def put(data: bytes | memoryview) -> tuple[int, int]:
        nonlocal at
        pad = -at % 8  # buffers start 8-byte aligned
        chunks.append(b"\0" * pad)
        chunks.append(data)
        at += pad
        where = (at, len(data))
        at += len(data)
        return where

    for name, table in tables.items():
        buffers: list[pickle.PickleBuffer] = []
        blob = pickle.dumps(table, protocol=5, buffer_callback=buffers.append)
        places[name] = (put(blob), [put(b.raw()) for b in buffers])
    header = pickle.dumps(
        {
            "format": FORMAT,
            "version": __version__,
            "files": dict(digest.files),
            "code": digest.code,
            "manifest": (folder / "manifest.yaml").read_bytes() if folder else None,
            "specs": {name: t.spec for name, t in tables.items()},
            "blobs": places,
        },
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    start = len(MAGIC) + 8 + len(header)
    pad = b"\0" * (-start % 8)
    head = [MAGIC, (len(header) + len(pad)).to_bytes(8, "little"), header, pad]
    return write_bytes(path, [*head, *chunks], keep=keep)


class Store:
    """An opened store: the header in memory, the tables mapped and unpickled on demand."""

    def __init__(self, path: Path, header: dict[str, Any], data: mmap.mmap, start: int) -> None:
        self.path = path
        self.version: str = header["version"]
        self.files: dict[str, tuple[int, str]] = header["files"]
        self.code: str = header["code"]
        self.manifest: bytes | None = header.get("manifest")
        self.specs: dict[str, TableSpec] = header["specs"]
        self._blobs: dict[str, tuple[tuple[int, int], list[tuple[int, int]]]] = header["blobs"]
        self._view = memoryview(data)[start:]

    def load(self, name: str) -> CodeTable:
        """Unpickle one table, its arrays views of the mapped file (``ValueError`` if damaged)."""
        from cpr_rules.tables._table import CodeTable

        (offset, length), buffers = self._blobs[name]
        view = self._view
        try:
            table = pickle.loads(
                view[offset : offset + length], buffers=[view[o : o + n] for o, n in buffers]
            )
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

    Verified against the manifest: same package version, the same ``manifest.yaml`` byte for
    byte, and every table file it was built from present with the same size (an installed
    wheel's files do not change; a changed table changes its manifest entry's ``produced``).
    """
    from cpr_rules import __version__

    store = open_store(SHIPPED)
    if store is None or store.version != __version__ or store.manifest is None:
        return None
    try:
        same = (folder / "manifest.yaml").read_bytes() == store.manifest and all(
            (folder / name).stat().st_size == size for name, (size, _) in store.files.items()
        )
    except OSError:
        return None
    return store if same else None
