"""FLYTB-I checked by hand: a second, independent reading of the handbook.

Written from the sources, not from the rule set: Håndbog til CPR services bilag 7 §17 (FLYTB-I,
eks. 17.1-17.9), ADRESSE3 feltdefinitioner, bilag 1 (STAM, BESKYT3), bilag 13, and issue 9's
product decisions. It imports nothing from ``cpr_rules`` but the folder of the code tables, and
reads the CSV files there itself. It is the baseline of ``benchmarks/validate_flytb.py`` and the
second opinion of ``tests/rules/test_handwritten_agrees.py``: both must give the same ``ok``,
the same fields with errors and the same fields with warnings on every submission.

    >>> import datetime as dt
    >>> v = check({"PNR": "020280-2729", "HDTO": "2015-02-28", "KOMK": "101",
    ...            "CADR_VEJKOD": "8204", "CADR_HUSNR": "5"}, {"STATUS": "01"},
    ...           dt.date(2015, 2, 1))
    >>> v.ok, sorted(v.errors), sorted(v.warnings)
    (True, [], [])
    >>> v = check({"PNR": "020280-2729", "HDTO": "2015-02-28", "KOMK": "1084",
    ...            "CADR_VEJKOD": "8204", "CADR_HUSNR": "5", "CADR_BNR": "1"}, None,
    ...           dt.date(2015, 2, 1))
    >>> v.ok, sorted(v.errors)
    (False, ['CADR_BNR', 'CADR_HUSNR', 'KOMK'])

Readings, with their sources (line numbers in ../shared/reference/cpr-services/):
- Kommunekode: CPR's kommune table has every kommune with its dates, so a code that is not a
  kommune on HDTO is an error whatever the table's age (issue 9 point 1). Streets and house
  numbers appear every week: a miss there is only a warning when our table is over a year older
  than the date asked about.
- No follow-on findings: no street lookup in a bad kommune or for a 0000/høj vejkode; no house
  number lookup on a street that failed or was only a warning; date-bound lookups need a valid
  HDTO (a blank HDTO reads the tables as of today); husnr and bnr both filled is one finding
  (bilag-13 l.94), whatever their validity.
- Stamdata (STAMPNR, bilag-07 l.1200-1225) not given: its rules are not decided. Given: a missing
  or odd STATUS, an I_VENT_MRK other than X, an odd BESKYT are errors on those fields.
- BESKYT is the navne- og adressebeskyttelse marker of bilag 1 STAM (bilag-01 l.1159): X means
  protections 1, 2 and 4 (2 and 4 come with 1, bilag-07 l.954-956); codes of BESKYT3 are taken as
  given; blank means none.
- Locked fields (a="L", bilag-07 l.556-560) may be sent back unchanged only.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any, NamedTuple

from cpr_rules._paths import codetables_dir

__all__ = ["FlytbChecker", "Verdict", "check"]


class Verdict(NamedTuple):
    """What CPR is expected to say: ok, and which fields have errors and which warnings."""

    ok: bool
    errors: frozenset[str]
    warnings: frozenset[str]


class _Bad(Exception):
    """A value outside its field's domain."""


# -- reading the code tables ---------------------------------------------------------------------
def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _produced(path: Path) -> dt.date:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("# produced:"):
                return dt.date.fromisoformat(line.split(":", 1)[1].strip())
    raise ValueError(f"{path} has no produced date")


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


# -- field domains --------------------------------------------------------------------------------
ASCII_DIGITS = re.compile(r"[0-9]+")
PNR = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})-?([0-9])([0-9]{3})")
DATE = re.compile(r"([0-9]{4})-?([0-9]{2})-?([0-9]{2})")
HUSNR = re.compile(r"([0-9]{1,3}) *([A-Za-z]?)")
DOOR_TEXT = re.compile(r"[A-Za-zÆØÅæøå0-9]+(?:[-/ ][A-Za-zÆØÅæøå0-9]+)*")
BNR = re.compile(r"[0-9A-ZÆØÅÜa-zæøåü\-.,'/ ]{1,4}")
CONVN_NAME = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ][0-9A-Za-zÀ-ÖØ-öø-ÿ\-'./, ]*")
MOD11 = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _str(raw: Any) -> str:
    """A JSON string, or a JSON integer read as its digits; lists, objects, booleans are bad."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _Bad
    return str(raw).strip()


def _digits(raw: Any, width: int) -> str:
    text = _str(raw)
    if not ASCII_DIGITS.fullmatch(text) or len(text) > width:
        raise _Bad
    return text.rjust(width, "0")


def _date(raw: Any) -> dt.date:
    if type(raw) is dt.date:
        return raw
    text = _str(raw)
    m = DATE.fullmatch(text)
    if m is None or len(text) not in (8, 10) or (len(text) == 10 and text.count("-") != 2):
        raise _Bad
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise _Bad from None


def _choice(raw: Any, *values: str) -> str:
    text = _str(raw)
    if text.isascii() and text.upper() in values:
        return text.upper()
    raise _Bad


def _years(raw: Any) -> int:
    text = _str(raw)
    if not ASCII_DIGITS.fullmatch(text) or len(text) > 18 or int(text) < 1:
        raise _Bad
    return int(text)


def _husnr(raw: Any) -> str:
    m = HUSNR.fullmatch(_str(raw))
    if m is None or not 1 <= int(m[1]) <= 999:
        raise _Bad
    return f"{int(m[1]):03d}{m[2].upper()}"


def _etage(raw: Any) -> str:
    text = _str(raw)
    if not text.isascii():
        raise _Bad
    text = text.lower()
    if re.fullmatch(r"[0-9]{1,2}", text) and int(text) > 0:
        return f"{int(text):02d}"
    if text in ("st", "kl", "k2", "k3"):
        return text
    raise _Bad


def _sidedoer(raw: Any) -> str:
    text = _str(raw)
    if ASCII_DIGITS.fullmatch(text):
        if len(text) > 4 or int(text) == 0:
            raise _Bad
        return text.rjust(4, "0")
    if len(text) > 4 or text.count(" ") > 1 or not DOOR_TEXT.fullmatch(text):
        raise _Bad
    return text.lower()


def _bnr(raw: Any) -> str:
    text = _str(raw)
    if not BNR.fullmatch(text):
        raise _Bad
    return text.upper()


def _convn(raw: Any) -> str:
    text = _str(raw)
    name = text[4:]
    if text[:4].lower() != "c/o " or len(text) > 34 or "  " in text:
        raise _Bad
    if not CONVN_NAME.fullmatch(name):
        raise _Bad
    return "c/o " + name


def _marker(raw: Any) -> str:
    return _choice(raw, "X")


def _opret_slet(raw: Any) -> str:
    return _choice(raw, "X", "S")


def _indrap(raw: Any) -> str:
    return _choice(raw, "JA", "NEJ")


def _star(raw: Any) -> str:
    return _choice(raw, "*")


def _code4(raw: Any) -> str:
    return _digits(raw, 4)


def _beskyt(raw: Any) -> frozenset[int]:
    """Protection types in force: the marker X is 1 (with 2 and 4); else BESKYT3 codes."""
    if isinstance(raw, str) and raw.strip().upper() == "X":
        return frozenset({1, 2, 4})
    items = raw if isinstance(raw, list) else _str(raw).replace(",", " ").split()
    return frozenset(int(_digits(item, 5)) for item in items)


SLOTS = (1, 2, 3, 4)
FIELDS: dict[str, Any] = {
    "PNR": None,  # parsed by FlytbChecker._pnr (needs the century table)
    "HDTO": _date,
    "KOMK": _code4,
    **{f"CBSK_VALG{n}": _opret_slet for n in SLOTS},
    **{f"CBSK_ANTALAAR{n}": _years for n in SLOTS},
    **{f"CBSK_STARTDATO{n}": _date for n in SLOTS},
    **{f"CBSK_SLETDATO{n}": _date for n in SLOTS},
    **{f"CBSK_INDRAP{n}": _indrap for n in SLOTS},
    **{f"CBSK_STARTMYNKOD{n}": _code4 for n in SLOTS},
    "CADR_STARTMYNKOD": _code4,
    "CADR_STARTDATO": _date,
    "CADR_KOMKOD": _code4,
    "CADR_VEJKOD": _code4,
    "CADR_HUSNR": _husnr,
    "CADR_ETAGE": _etage,
    "CADR_SIDEDOER": _sidedoer,
    "CADR_BNR": _bnr,
    "CADR_CONVN": _convn,
    "CADR_STARTDATOUSM": _star,
}
REQUIRED = ("PNR", "HDTO", "KOMK", "CADR_VEJKOD")
# bilag-07 l.1243-1270: v="0041" a="L", the dialogue's mk (l.1153); direct mode mk 0042 (l.1298)
LOCKED_MYNDIGHED = ("0041", "0042")
ACTIVE_STATUS = frozenset({"01", "03", "05", "07"})  # status-aktiv, bilag 9 note 4
VALID_FROM = dt.date(2008, 1, 2)  # the rule set's validity
STALE_AFTER = dt.timedelta(days=365)
INVALID = object()  # a filled field outside its domain (the value of `seen` below)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


class FlytbChecker:
    """The tables, read once from ``folder`` (default: the shipped code tables)."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or codetables_dir()
        self.kommuner: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
        self.greenland: set[str] = set()
        for row in _rows(folder / "kommuner.csv"):
            code = row["kommunekode"]
            self.kommuner.setdefault(code, []).append(
                (_day(row["gyldig_fra"]), _day(row["ophoert_dato"]))
            )
            if row["land"] == "GL":
                self.greenland.add(code)
        self.streets = {(r["kommunekode"], r["vejkode"]) for r in _rows(folder / "vejstykker.csv")}
        self.streets_produced = _produced(folder / "vejstykker.csv")
        self.ranges: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
        for r in _rows(folder / "postdistrikter.csv"):
            side = 0 if r["lige_ulige"] == "L" else 1
            key = (r["kommunekode"], r["vejkode"])
            self.ranges.setdefault(key, []).append((r["husnr_fra"], r["husnr_til"], side))
        self.ranges_produced = _produced(folder / "postdistrikter.csv")
        columns = ("ciffer7_fra", "ciffer7_til", "aar2_fra", "aar2_til", "aarhundrede_start")
        self.centuries = [
            tuple(int(r[c]) for c in columns)
            for r in _rows(folder / "personnummer_aarhundrede.csv")
        ]

    # -- domains needing a table ----------------------------------------------------------------
    def _pnr(self, raw: Any) -> str:
        text = _str(raw)
        m = PNR.fullmatch(text)
        if m is None:
            raise _Bad
        day, month, yy, d7 = int(m[1]), int(m[2]), int(m[3]), int(m[4])
        if 61 <= day <= 91:  # erstatningspersonnummer: day of birth + 60
            raise _Bad
        century = next(c for lo, hi, a, b, c in self.centuries if lo <= d7 <= hi and a <= yy <= b)
        try:
            dt.date(century + yy, month, day)
        except ValueError:
            raise _Bad from None
        return text.replace("-", "")

    def _is_kommune(self, code: str, day: dt.date) -> bool:
        return any(
            (start is None or start <= day) and (end is None or day < end)
            for start, end in self.kommuner.get(code, ())
        )

    def _husnr_on_street(self, street: tuple[str, str], husnr: str) -> bool:
        number, letter = int(husnr[:3]), husnr[3:]
        side = number % 2
        for lo, hi, row_side in self.ranges.get(street, ()):
            if row_side != side or (not lo.strip() and not hi.strip()):
                continue  # both bounds blank: only the blank husnr
            after_lo = not lo.strip() or (int(lo[:3]), lo[3:].strip()) <= (number, letter)
            before_hi = not hi.strip() or (number, letter) <= (int(hi[:3]), hi[3:].strip())
            if after_lo and before_hi:
                return True
        return False

    # -- the check ------------------------------------------------------------------------------
    def check(self, data: Any, stamdata: Any = None, today: dt.date | None = None) -> Verdict:
        """Whether CPR would accept ``data`` (with the ``stamdata`` of initier) on ``today``."""
        today = today or dt.date.today()
        errors: set[str] = set()
        warnings: set[str] = set()
        if not isinstance(data, dict):
            return Verdict(False, frozenset(), frozenset())
        v: dict[str, Any] = {}  # valid fields, normalised; INVALID for a bad filled one
        for name, raw in data.items():
            if name not in FIELDS:
                errors.add(str(name)[:64])
                continue
            if _blank(raw):
                continue
            try:
                v[name] = self._pnr(raw) if name == "PNR" else FIELDS[name](raw)
            except _Bad:
                v[name] = INVALID
                errors.add(name)
        errors.update(name for name in REQUIRED if name not in v)

        s: dict[str, Any] | None = None  # stamdata: None before initier
        if isinstance(stamdata, dict):
            s = {}
            for name, domain in (("STATUS", None), ("I_VENT_MRK", _marker), ("BESKYT", _beskyt)):
                raw = stamdata.get(name)
                if _blank(raw) or (name == "BESKYT" and raw == []):
                    continue
                try:
                    s[name] = _digits(raw, 2) if domain is None else domain(raw)
                except _Bad:
                    s[name] = INVALID
                    errors.add(name)
            if "STATUS" not in s:
                errors.add("STATUS")

        def ok(name: str) -> bool:
            return name in v and v[name] is not INVALID

        def given(name: str) -> bool:
            """Blank or valid: decided (an invalid value leaves its rules undecided)."""
            return v.get(name) is not INVALID

        hdto = v.get("HDTO")
        as_of = hdto if ok("HDTO") else today

        # the rule set's validity (from 2008-01-02): HDTO before it is an error on HDTO
        out_of_validity = as_of < VALID_FROM
        if out_of_validity and ok("HDTO"):
            errors.add("HDTO")

        # PNR: modulus 11 is a warning only (cpr.dk: valid numbers without it since 2007)
        if ok("PNR") and sum(w * int(d) for w, d in zip(MOD11, v["PNR"], strict=True)) % 11:
            warnings.add("PNR")

        # HDTO: at most 28 days ahead; more than 5 days late is a warning
        if ok("HDTO"):
            if hdto > today + dt.timedelta(days=28):
                errors.add("HDTO")
            if hdto < today - dt.timedelta(days=5):
                warnings.add("HDTO")

        # kommune on the date (never downgraded by the table's age)
        kommune_ok = False
        if ok("KOMK") and given("HDTO"):
            kommune_ok = self._is_kommune(v["KOMK"], as_of)
            if not kommune_ok:
                errors.add("KOMK")

        # street: 0001-9999, not høj (9900-9999), in the kommune's table
        street_ok = False
        if ok("CADR_VEJKOD"):
            vej = v["CADR_VEJKOD"]
            if vej == "0000" or vej >= "9900":
                errors.add("CADR_VEJKOD")
            elif kommune_ok:
                if (v["KOMK"], vej) in self.streets:
                    street_ok = True
                elif as_of - self.streets_produced > STALE_AFTER:
                    warnings.add("CADR_VEJKOD")
                else:
                    errors.add("CADR_VEJKOD")

        # husnr / bnr: exactly one of them (both or neither: one finding on both fields)
        husnr_filled, bnr_filled = "CADR_HUSNR" in v, "CADR_BNR" in v
        if husnr_filled == bnr_filled:
            errors.update(("CADR_HUSNR", "CADR_BNR"))
        greenland = kommune_ok and v["KOMK"] in self.greenland
        if ok("CADR_BNR") and not husnr_filled and kommune_ok and not greenland:
            errors.add("CADR_BNR")  # a bnr is Greenland's (adresse3 l.106-107)
        on_street = street_ok and ok("CADR_HUSNR")
        if on_street and not self._husnr_on_street((v["KOMK"], v["CADR_VEJKOD"]), v["CADR_HUSNR"]):
            stale = as_of - self.ranges_produced > STALE_AFTER
            (warnings if stale else errors).add("CADR_HUSNR")

        # locked fields: sent back unchanged only
        if ok("CADR_KOMKOD") and ok("KOMK") and v["CADR_KOMKOD"] != v["KOMK"]:
            errors.add("CADR_KOMKOD")
        if ok("CADR_STARTDATO") and ok("HDTO") and v["CADR_STARTDATO"] != hdto:
            errors.add("CADR_STARTDATO")
        for name in ("CADR_STARTMYNKOD", *(f"CBSK_STARTMYNKOD{n}" for n in SLOTS)):
            if ok(name) and v[name] not in LOCKED_MYNDIGHED:
                errors.add(name)

        self._protections(v, s, today, errors, warnings)

        if s is not None:
            status = s.get("STATUS")
            if status is not None and status is not INVALID and status not in ACTIVE_STATUS:
                errors.add("STATUS")
            if s.get("I_VENT_MRK") == "X":
                warnings.add("I_VENT_MRK")
        return Verdict(not errors and not out_of_validity, frozenset(errors), frozenset(warnings))

    def _protections(
        self,
        v: dict[str, Any],
        s: dict[str, Any] | None,
        today: dt.date,
        errors: set[str],
        warnings: set[str],
    ) -> None:
        """bilag 7 §17's table of protections (bilag-07 l.950-1115)."""
        valg = {n: v.get(f"CBSK_VALG{n}") for n in SLOTS}
        # years only for navne- og adressebeskyttelse, and only when it is created
        for n in (2, 3, 4):
            if f"CBSK_ANTALAAR{n}" in v and v[f"CBSK_ANTALAAR{n}"] is not INVALID:
                errors.add(f"CBSK_ANTALAAR{n}")
        years = v.get("CBSK_ANTALAAR1")
        if valg[1] is not INVALID:
            if valg[1] == "X":
                if years is not INVALID and years is not None and years != 1:
                    warnings.add("CBSK_ANTALAAR1")  # more than 1 year: the kommune approves
            elif years is not None and years is not INVALID:
                errors.add("CBSK_ANTALAAR1")
        start = v.get("CBSK_STARTDATO1")
        if start is not None and start is not INVALID and start < today:
            errors.add("CBSK_STARTDATO1")
        if s is None or s.get("BESKYT") is INVALID:
            return
        in_force = s.get("BESKYT", frozenset())
        for n in SLOTS:
            if valg[n] == "S" and n not in in_force:
                errors.add(f"CBSK_VALG{n}")  # fejl 2017
        if 1 in in_force and valg[1] is not INVALID and valg[1] != "S":
            for n in (2, 4):
                if valg[n] == "S":
                    errors.add(f"CBSK_VALG{n}")


_DEFAULT: FlytbChecker | None = None


def check(data: Any, stamdata: Any = None, today: dt.date | None = None) -> Verdict:
    """:meth:`FlytbChecker.check` over the shipped code tables (read once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = FlytbChecker()
    return _DEFAULT.check(data, stamdata, today)
