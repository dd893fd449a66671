"""Column storage for compiled code tables: cheap to load, cheap to index.

A table of 240,000 rows stored as Python objects takes ~60 ms to unpickle. Here a column is
one UTF-8 byte string plus an offsets array (or, for few distinct values, an index array into
a tuple of them), and every array is pickled *out of band* (pickle protocol 5): the compiled
store keeps those buffers in the file as they are, and loading a table maps them (a
``memoryview`` of the mapped file) instead of copying. A cell is decoded when it is read.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from pickle import PickleBuffer
from typing import Any, TypeAlias

__all__ = ["CategoryColumn", "Column", "TextColumn", "make_column", "pack", "unpack"]

IntArray: TypeAlias = "array[int] | memoryview"


def pack(values: IntArray) -> tuple[str, PickleBuffer]:
    """An int array as pickle state: its typecode and its buffer (out of band in a store)."""
    fmt = values.typecode if isinstance(values, array) else values.format
    return fmt, PickleBuffer(values)


def unpack(state: tuple[str, Any]) -> memoryview:
    """The int array of :func:`pack`'s state: a view of the mapped buffer, not a copy."""
    fmt, buffer = state
    view: memoryview = memoryview(buffer).cast("B").cast(fmt)  # type: ignore[call-overload]
    return view


class TextColumn:
    """Many distinct strings: their UTF-8 bytes joined, plus byte offsets."""

    __slots__ = ("data", "offsets")

    def __init__(self, values: Sequence[str]) -> None:
        encoded = [v.encode() for v in values]
        self.data: bytes | memoryview = b"".join(encoded)
        self.offsets: IntArray = array("I", accumulate(map(len, encoded), initial=0))

    def __getitem__(self, index: int) -> str:
        return str(self.data[self.offsets[index] : self.offsets[index + 1]], "utf-8")

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getstate__(self) -> tuple[PickleBuffer, tuple[str, PickleBuffer]]:
        return PickleBuffer(self.data), pack(self.offsets)

    def __setstate__(self, state: tuple[Any, tuple[str, Any]]) -> None:
        self.data = memoryview(state[0]).cast("B")
        self.offsets = unpack(state[1])


class CategoryColumn:
    """Few distinct strings: an index array into a text column of the distinct values."""

    __slots__ = ("codes", "values")

    def __init__(self, values: Sequence[str]) -> None:
        distinct = {v: i for i, v in enumerate(dict.fromkeys(values))}
        self.values = TextColumn(tuple(distinct))
        code = "H" if len(distinct) < 65536 else "I"
        self.codes: IntArray = array(code, map(distinct.__getitem__, values))

    def __getitem__(self, index: int) -> str:
        return self.values[self.codes[index]]

    def __len__(self) -> int:
        return len(self.codes)

    def __getstate__(self) -> tuple[TextColumn, tuple[str, PickleBuffer]]:
        return self.values, pack(self.codes)

    def __setstate__(self, state: tuple[TextColumn, tuple[str, Any]]) -> None:
        self.values, self.codes = state[0], unpack(state[1])


Column = TextColumn | CategoryColumn


def make_column(values: Sequence[str]) -> Column:
    """Pick the cheaper storage: categories when values repeat a lot, else joined text."""
    if len(set(values)) * 4 <= len(values):
        return CategoryColumn(values)
    return TextColumn(values)
