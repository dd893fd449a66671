"""Street search: the street a citizen types, turned into its vejkode (a citizen never types one).

:class:`StreetIndex` is built once from the code tables ``vejstykker`` (name per kommunekode and
vejkode) and ``postdistrikter`` (the postnumre of each street). Per kommune it holds the folded
names sorted, so a search is a binary search for the names that *start with* the text, then one
pass over that kommune's names for those that *contain* it. Folding makes the search case- and
accent-insensitive: ``Vesterbro``, ``vesterbro`` and ``VÉSTERBRO`` find the same streets, and
``æ``/``ø``/``å`` also match ``ae``/``o``/``a`` (``Sondre`` finds ``Søndre``).

The names are CPR's *vejadresseringsnavne* (A370712): at most 20 characters, cut or abbreviated
when the street's name is longer (``H.C. Andersens Boul``). A text that starts with a whole name
finds it too, so ``H.C. Andersens Boulevard`` and ``Vesterbrogade 5`` find their streets.

>>> from cpr_rules.tables import load_tables
>>> index = StreetIndex(load_tables())
>>> [(s.vejkode, s.vejnavn, s.postnumre[0]) for s in index.search("0101", "vesterbrog")]
[('8204', 'Vesterbrogade', ('1620', 'København V'))]
>>> fold("Ærø Søndre Allé")
'aero sondre alle'
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from typing import Final

from cpr_rules.tables import CodeTable, CodeTables, Found

__all__ = ["MAX_QUERY", "MAX_RESULTS", "Street", "StreetIndex", "fold"]

MAX_RESULTS: Final = 20
"""At most this many streets per search."""

MAX_QUERY: Final = 60
"""The longest search text (a longer one is refused: no vejnavn is that long)."""

_WHOLE_NAME: Final = 4
"""A name of at least this many characters that the text starts with is a match too."""

_DANISH: Final = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ß": "ss"})


def fold(text: str) -> str:
    """``text`` without case, accents and repeated blanks: the form names are compared in."""
    if text.isascii():  # most names: nothing to decompose
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_DANISH))
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(decomposed.casefold().split())


@dataclass(frozen=True, slots=True)
class Street:
    """One vejstykke: its code, its name and the postnumre along it (postnr, distrikt)."""

    vejkode: str
    vejnavn: str
    postnumre: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, object]:
        """The JSON form of ``GET /api/veje``."""
        return {
            "vejkode": self.vejkode,
            "vejnavn": self.vejnavn,
            "postnumre": [{"postnr": p, "postdistrikt": d} for p, d in self.postnumre],
        }


class StreetIndex:
    """Every vejstykke by kommune, searchable by name; immutable once built."""

    def __init__(self, tables: CodeTables) -> None:
        self._veje = tables["vejstykker"]
        komk, vejk, name = _columns(self._veje, "kommunekode", "vejkode", "vejadresseringsnavn")
        posts = _postnumre(tables)
        by_kommune: dict[str, list[tuple[str, str, str]]] = {}
        for k, v, n in zip(komk, vejk, name, strict=True):
            by_kommune.setdefault(k, []).append((fold(n), n, v))
        self._folded: dict[str, list[str]] = {}
        self._streets: dict[str, list[Street]] = {}
        for kommune, rows in by_kommune.items():
            rows.sort()
            self._folded[kommune] = [f for f, _, _ in rows]
            self._streets[kommune] = [
                Street(v, n, tuple(posts.get((kommune, v), ()))) for _, n, v in rows
            ]
        self.size = len(self._veje)
        self._dated = bool(self._veje.spec.valid_from or self._veje.spec.valid_to)

    def search(
        self, komk: str, text: str, *, as_of: dt.date | None = None, limit: int = MAX_RESULTS
    ) -> list[Street]:
        """Streets of kommune ``komk`` whose name starts with ``text``, then those containing it,
        each group alphabetical; only streets valid on ``as_of``; at most ``limit``. A name the
        text starts with counts as containing it (a cut vejadresseringsnavn, a house number)."""
        query = fold(text)
        folded = self._folded.get(komk)
        if not query or folded is None or limit <= 0:
            return []
        streets = self._streets[komk]
        found: list[Street] = []
        start = bisect_left(folded, query)
        end = bisect_left(folded, query + "\U0010ffff", lo=start)  # past the last prefix match
        for i in range(start, end):
            if self._valid(komk, streets[i], as_of) and len(found) < limit:
                found.append(streets[i])
        if len(found) >= limit:
            return found
        for i, name in enumerate(folded):
            if start <= i < end:
                continue
            hit = query in name or (len(name) >= _WHOLE_NAME and query.startswith(name))
            if hit and self._valid(komk, streets[i], as_of):
                found.append(streets[i])
                if len(found) >= limit:
                    break
        return found

    def _valid(self, komk: str, street: Street, as_of: dt.date | None) -> bool:
        if as_of is None or not self._dated:  # a table without validity columns: always valid
            return True
        return isinstance(self._veje.lookup(komk, street.vejkode, as_of=as_of), Found)


def _columns(table: CodeTable, *names: str) -> list[list[str]]:
    return [[table.columns[name][i] for i in range(len(table))] for name in names]


def _postnumre(tables: CodeTables) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(kommunekode, vejkode) -> its distinct (postnr, postdistrikt), in postnr order."""
    columns = _columns(tables["postdistrikter"], "kommunekode", "vejkode", "postnr", "postdistrikt")
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for komk, vejk, nr, name in zip(*columns, strict=True):
        bucket = out.setdefault((komk, vejk), [])
        if (nr, name) not in bucket:
            bucket.append((nr, name))
    for bucket in out.values():
        bucket.sort()
    return out
