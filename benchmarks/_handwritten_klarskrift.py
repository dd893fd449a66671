"""The klarskrift of a FLYTB-I submission, by hand: the baseline's share of the report's work.

``_handwritten_flytb`` answers ok / error fields / warning fields; the engine's report also
carries the klarskrift of the kommune, of the street and of the address (bilag 9 note 8). So
that ``validate_flytb.py`` compares equal work, the baseline adds this module: written from
the table files and SDFI's one-line address form, it imports nothing from ``cpr_rules`` but the
folder of the code tables (it reads the CSVs itself) and reuses only the hand-written checker's
field domains.

The address line: ``<vejadresseringsnavn> <husnr>, <etage>. <dør>, B-<bnr>, <bynavn>, <postnr>
<postdistrikt>`` with the parts that are given; a house number's supplerende bynavn and
postdistrikt are the rows of its street side whose interval holds it (a row with both bounds
blank holds only the blank husnr).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from _handwritten_flytb import _Bad, _blank, _bnr, _code4, _date, _etage, _husnr, _rows, _sidedoer

from cpr_rules._paths import codetables_dir

__all__ = ["HandKlarskrift", "values"]

Bound = tuple[int, str]  # house number and letter: (12, "B")
Interval = tuple[Bound, Bound, int, str]  # from, to (inclusive), side (0 even), text
_OPEN_LOW, _OPEN_HIGH = (0, ""), (10_000, "")


def _bad_or(normalise: Any, raw: Any) -> Any:
    """The normalised value of a filled field in its domain, else None."""
    if _blank(raw):
        return None
    try:
        return normalise(raw)
    except _Bad:
        return None


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def _bounds(lo: str, hi: str) -> tuple[Bound, Bound]:
    """An interval's bounds, parsed once; a blank bound is open, both blank hold nothing (the
    blank husnr only, which a filled house number never is)."""
    if not lo.strip() and not hi.strip():
        return _OPEN_HIGH, _OPEN_LOW
    low = (int(lo[:3]), lo[3:].strip()) if lo.strip() else _OPEN_LOW
    high = (int(hi[:3]), hi[3:].strip()) if hi.strip() else _OPEN_HIGH
    return low, high


class HandKlarskrift:
    """The four tables, read once; :meth:`of` gives the report's ``klarskrift`` mapping."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or codetables_dir()
        self.kommuner: dict[str, list[tuple[dt.date | None, dt.date | None, str]]] = {}
        for r in _rows(folder / "kommuner.csv"):
            period = (_day(r["gyldig_fra"]), _day(r["ophoert_dato"]), r["navn"])
            self.kommuner.setdefault(r["kommunekode"], []).append(period)
        self.streets: dict[tuple[str, str], str] = {}
        for r in _rows(folder / "vejstykker.csv"):
            self.streets.setdefault((r["kommunekode"], r["vejkode"]), r["vejadresseringsnavn"])
        self.post = self._intervals(folder / "postdistrikter.csv", ("postnr", "postdistrikt"))
        self.byer = self._intervals(folder / "bynavne.csv", ("bynavn",))

    @staticmethod
    def _intervals(path: Path, text: tuple[str, ...]) -> dict[tuple[str, str], list[Interval]]:
        out: dict[tuple[str, str], list[Interval]] = {}
        for r in _rows(path):
            words = " ".join(r[c] for c in text if r[c])
            side = 0 if r["lige_ulige"] == "L" else 1
            row = (*_bounds(r["husnr_fra"], r["husnr_til"]), side, words)
            out.setdefault((r["kommunekode"], r["vejkode"]), []).append(row)
        return out

    def _kommune(self, code: str, day: dt.date | None) -> str | None:
        for start, end, name in self.kommuner.get(code, ()):
            if day is None or ((start is None or start <= day) and (end is None or day < end)):
                return name
        return None

    @staticmethod
    def _side(rows: list[Interval], husnr: str) -> str | None:
        house = (int(husnr[:3]), husnr[3:])
        side = house[0] % 2
        for lo, hi, row_side, text in rows:
            if row_side == side and lo <= house <= hi:
                return text
        return None

    def of(self, data: Any) -> dict[str, str | None]:
        """The klarskrift of the valid KOMK, CADR_VEJKOD and address of ``data``."""
        return self.of_values(values(data))

    def of_values(self, fields: Values | None) -> dict[str, str | None]:
        """:meth:`of` from the normalised fields (as the checker has them after its check)."""
        out: dict[str, str | None] = {}
        if fields is None:
            return out
        day, komk, vej, husnr, etage, door, bnr = fields
        if komk is None:
            return out
        out["KOMK"] = self._kommune(komk, day)
        if vej is None:
            return out
        street = self.streets.get((komk, vej))
        out["CADR_VEJKOD"] = street
        if street is None:
            out["adresse"] = None
            return out
        line = street.strip()
        if husnr:
            line += " " + husnr[:3].lstrip("0 ") + husnr[3:].strip()
        floor = []
        if etage:
            floor.append(f"{int(etage)}." if etage.isdigit() else f"{etage}.")
        if door:
            floor.append(str(int(door)) if door.isdigit() else door.strip())
        if floor:
            line += ", " + " ".join(floor)
        if bnr:
            line += ", B-" + bnr.strip()
        if husnr:
            by = self._side(self.byer.get((komk, vej), []), husnr)
            post = self._side(self.post.get((komk, vej), []), husnr)
            line = ", ".join([line, *(p for p in (by, post) if p)])
        out["adresse"] = line
        return out


Values = tuple[Any, ...]  # HDTO, KOMK, CADR_VEJKOD, CADR_HUSNR, CADR_ETAGE, CADR_SIDEDOER, CADR_BNR


def values(data: Any) -> Values | None:
    """The normalised fields the klarskrift reads (None where blank or outside the domain), with
    the hand-written checker's domains: what its check has computed for them."""
    if not isinstance(data, dict):
        return None
    get = data.get
    return (
        _bad_or(_date, get("HDTO")),
        _bad_or(_code4, get("KOMK")),
        _bad_or(_code4, get("CADR_VEJKOD")),
        _bad_or(_husnr, get("CADR_HUSNR")),
        _bad_or(_etage, get("CADR_ETAGE")),
        _bad_or(_sidedoer, get("CADR_SIDEDOER")),
        _bad_or(_bnr, get("CADR_BNR")),
    )
