"""Column storage for compiled code tables: cheap to unpickle, cheap to index.

A table of 240,000 rows stored as Python objects takes ~60 ms to unpickle; stored as a few
``array`` objects and one ``str`` per column it takes well under a millisecond, because pickle
copies their bytes in one piece. Rows are materialised only when looked up.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate

__all__ = ["CategoryColumn", "Column", "TextColumn", "make_column"]


class TextColumn:
    """Many distinct strings: one joined ``str`` plus an offsets array."""

    __slots__ = ("offsets", "text")

    def __init__(self, values: Sequence[str]) -> None:
        self.text = "".join(values)
        self.offsets = array("I", accumulate(map(len, values), initial=0))

    def __getitem__(self, index: int) -> str:
        return self.text[self.offsets[index] : self.offsets[index + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getstate__(self) -> tuple[str, array[int]]:
        return self.text, self.offsets

    def __setstate__(self, state: tuple[str, array[int]]) -> None:
        self.text, self.offsets = state


class CategoryColumn:
    """Few distinct strings: an index array into a tuple of the distinct values."""

    __slots__ = ("codes", "values")

    def __init__(self, values: Sequence[str]) -> None:
        distinct = {v: i for i, v in enumerate(dict.fromkeys(values))}
        self.values = tuple(distinct)
        code = "H" if len(distinct) < 65536 else "I"
        self.codes = array(code, map(distinct.__getitem__, values))

    def __getitem__(self, index: int) -> str:
        return self.values[self.codes[index]]

    def __len__(self) -> int:
        return len(self.codes)

    def __getstate__(self) -> tuple[tuple[str, ...], array[int]]:
        return self.values, self.codes

    def __setstate__(self, state: tuple[tuple[str, ...], array[int]]) -> None:
        self.values, self.codes = state


Column = TextColumn | CategoryColumn


def make_column(values: Sequence[str]) -> Column:
    """Pick the cheaper storage: categories when values repeat a lot, else joined text."""
    if len(set(values)) * 4 <= len(values):
        return CategoryColumn(values)
    return TextColumn(values)
