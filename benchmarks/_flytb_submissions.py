"""Deterministic FLYTB-I submissions for the benchmark and the agreement test.

:func:`generate` makes ``n`` submissions from a seeded :class:`random.Random`: about 60 % are
valid moves (real kommunekode/vejkode/husnr triples from the shipped ``postdistrikter`` table,
Greenland addresses with a bygningsnummer, valid personnumre, a moving date within the reporting
window, fields typed the way citizens type them, locked fields echoed from initier), about 28 %
carry 1-3 defects, each of which makes CPR reject the move (one per class of issue 9: unknown
kommuner and regions, non-ASCII digits, JSON lists and booleans, odd stamdata, changed locked
fields, a bnr in Denmark …), and about 12 % are *chaos*: a valid move with several fields and
the stamdata replaced by values drawn from a pool of hostile ones, valid or not.
Valid submissions may still carry a *warning* (late report, data in Vent, a number without
modulus 11, a street our 2015 table does not know in 2026), so "valid" means ``report.ok``.

Each :class:`Submission` is ``(data, stamdata, today, defects)``; ``defects`` names what was
injected (empty for a valid one, ``("chaos",)`` for chaos).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any, NamedTuple

from cpr_rules.adressefelter import normalise_husnr
from cpr_rules.tables import CodeTables, load_tables

__all__ = ["ALL_FIELDS", "DEFECTS", "Submission", "generate"]

ALL_FIELDS = (
    "PNR",
    "HDTO",
    "KOMK",
    *(f"CBSK_VALG{i}" for i in range(1, 5)),
    *(f"CBSK_ANTALAAR{i}" for i in range(1, 5)),
    *(f"CBSK_STARTDATO{i}" for i in range(1, 5)),
    *(f"CBSK_SLETDATO{i}" for i in range(1, 5)),
    *(f"CBSK_INDRAP{i}" for i in range(1, 5)),
    *(f"CBSK_STARTMYNKOD{i}" for i in range(1, 5)),
    "CADR_STARTMYNKOD",
    "CADR_STARTDATO",
    "CADR_KOMKOD",
    "CADR_VEJKOD",
    "CADR_HUSNR",
    "CADR_ETAGE",
    "CADR_SIDEDOER",
    "CADR_BNR",
    "CADR_CONVN",
    "CADR_STARTDATOUSM",
)
"""Every input field of FLYTB-I (a portal form often posts them all, blank ones as "")."""


class Submission(NamedTuple):
    """One submission: what the portal posts, what CPR returned at initier, the day it is sent."""

    data: dict[str, Any]
    stamdata: dict[str, Any] | None
    today: dt.date
    defects: tuple[str, ...] = ()


_NAMES = (
    "Janne Jacobsen",
    "Hansen",
    "Mette Nielsen",
    "Søren Østergaard",
    "Ali Hassan",
    "Familien Møller",
    "Karen Blixen",
    "Jens Ærø",
    "O'Brien",
    "Anne-Marie Holm",
    "José Núñez",
    "Zoë Brontë",
    "H.C. Andersen",
)
_ETAGER = ("st", "st", "ST", "St", "1", "1", "2", "2", "3", "3", "4", "5", "12", "03", "kl", "K2")
_DOERE = ("tv", "tv", "th", "th", "TV", "Th", "mf", "1", "2", "12", "3", "0007", "12a", "a/b")
_UNKNOWN_FIELDS = ("FOO", "CADR_POSTNR", "EMAIL", "cadr_husnr", "HDTO ", "CBSK_VALG5", "TELEFON")


def _pnr_digits(rng: random.Random, birth: dt.date, modulus11: bool = True) -> str:
    """Ten digits of a personnummer born on ``birth``, digit 7 fitting the century rule."""
    yy = birth.year % 100
    if birth.year < 2000:
        sevens = [0, 1, 2, 3] + ([4, 9] if yy >= 37 else [])
    else:
        sevens = ([4, 9] if yy <= 36 else []) + [5, 6, 7, 8]
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        head = f"{birth:%d%m}{yy:02d}{rng.choice(sevens)}{rng.randrange(100):02d}"
        rest = -sum(w * int(d) for w, d in zip(weights, head, strict=True)) % 11
        if modulus11 and rest < 10:
            return f"{head}{rest}"
        if not modulus11:
            return f"{head}{(rest + rng.randrange(1, 10)) % 10}"


def _typed_pnr(rng: random.Random, digits: str) -> str:
    form = rng.random()
    if form < 0.5:
        return f"{digits[:6]}-{digits[6:]}"
    if form < 0.95:
        return digits
    return f" {digits} "


def _typed_code(rng: random.Random, code: str) -> str | int:
    form = rng.random()
    if form < 0.6:
        return code
    if form < 0.85:
        return code.lstrip("0") or "0"
    return int(code)


def _typed_date(rng: random.Random, day: dt.date) -> str | int:
    form = rng.random()
    if form < 0.65:
        return day.isoformat()
    if form < 0.95:
        return f"{day:%Y%m%d}"
    return int(f"{day:%Y%m%d}")


class _Generator:
    def __init__(self, rng: random.Random, tables: CodeTables) -> None:
        self.rng = rng
        self.kommuner = tables["kommuner"]
        self.vejstykker = tables["vejstykker"]
        self.post = tables["postdistrikter"]

    # -- a valid submission ---------------------------------------------------------------------
    def today(self) -> dt.date:
        rng = self.rng
        if rng.random() < 0.9:  # when our tables (2015) are current
            return dt.date(2014, 6, 1) + dt.timedelta(days=rng.randrange(540))
        return dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(690))

    def address(self, as_of: dt.date) -> tuple[str, str, str]:
        """(kommunekode, vejkode, typed husnr) of a real address valid on ``as_of``."""
        rng, post = self.rng, self.post
        while True:
            i = rng.randrange(len(post))
            komk, vej = post.value(i, "kommunekode"), post.value(i, "vejkode")
            if int(vej) >= 9900:
                continue
            lo_text, hi_text = post.value(i, "husnr_fra"), post.value(i, "husnr_til")
            lo = int(lo_text[:3]) if lo_text.strip() else 1
            hi = int(hi_text[:3]) if hi_text.strip() else 999
            parity = 0 if post.value(i, "lige_ulige") == "L" else 1
            hi = min(hi, lo + 80)
            numbers = [n for n in range(max(lo, 1), hi + 1) if n % 2 == parity]
            if not numbers:
                continue
            number = rng.choice(numbers)
            typed = str(number)
            form = rng.random()
            if form < 0.08:
                typed = f"{number:03d}"
            elif form < 0.14:
                letter = rng.choice("ABCD")
                typed = f"{number}{letter}" if rng.random() < 0.5 else f"{number} {letter.lower()}"
            husnr = normalise_husnr(typed)
            if (
                self.kommuner.lookup(komk, as_of=as_of)
                and self.vejstykker.lookup(komk, vej, as_of=as_of)
                and post.lookup(komk, vej, husnr=husnr, as_of=as_of)
            ):
                return komk, vej, typed

    def greenland_address(self, as_of: dt.date) -> tuple[str, str, str]:
        """(kommunekode, vejkode, typed bnr) of a Greenland street valid on ``as_of``."""
        rng = self.rng
        while True:
            i = rng.randrange(len(self.vejstykker))
            komk = self.vejstykker.value(i, "kommunekode")
            vej = self.vejstykker.value(i, "vejkode")
            if not komk.startswith("09") or int(vej) >= 9900:
                continue
            if self.kommuner.lookup(komk, as_of=as_of):
                bnr = rng.choice(("0101", "12", "B-3", "1a", "ü", "0", "A/2", "7 8"))
                return komk, vej, bnr

    def valid(self) -> tuple[dict[str, Any], dict[str, Any] | None, dt.date]:
        rng = self.rng
        today = self.today()
        hdto = today + dt.timedelta(days=rng.randint(-5, 28))
        if rng.random() < 0.03:  # reported late: a warning, not an error
            hdto = today - dt.timedelta(days=rng.randint(6, 40))
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(82 * 365))
        birth = min(birth, today - dt.timedelta(days=1))
        pnr = _pnr_digits(rng, birth, modulus11=rng.random() >= 0.02)
        greenland = rng.random() < 0.05
        komk, vej, husnr = self.greenland_address(hdto) if greenland else self.address(hdto)
        if rng.random() < 0.02 and today.year > 2020:  # a street newer than our table: stale
            vej = self._unknown_vejkode(komk)
        data: dict[str, Any] = {
            "PNR": _typed_pnr(rng, pnr),
            "HDTO": _typed_date(rng, hdto),
            "KOMK": _typed_code(rng, komk),
            "CADR_VEJKOD": _typed_code(rng, vej),
        }
        if greenland:
            data["CADR_BNR"] = husnr
        else:
            data["CADR_HUSNR"] = husnr
        if rng.random() < 0.1:  # the portal echoes initier's locked fields (bilag 7 l.560)
            data["CADR_KOMKOD"] = _typed_code(rng, komk)
            data["CADR_STARTDATO"] = _typed_date(rng, hdto)
            data["CADR_STARTMYNKOD"] = rng.choice(("0041", "41", 41))
            for n in range(1, 5):
                data[f"CBSK_STARTMYNKOD{n}"] = "0041"
                data[f"CBSK_INDRAP{n}"] = rng.choice(("", "", "JA", "NEJ", "nej"))
        if rng.random() < 0.5:
            data["CADR_ETAGE"] = rng.choice(_ETAGER)
            if rng.random() < 0.8:
                data["CADR_SIDEDOER"] = rng.choice(_DOERE)
        if rng.random() < 0.08:
            data["CADR_CONVN"] = rng.choice(("c/o ", "c/o ", "C/O ", "c/O ")) + rng.choice(_NAMES)
        if rng.random() < 0.02:
            data["CADR_STARTDATOUSM"] = "*"
        stamdata: dict[str, Any] | None = {"STATUS": "01"}
        kind = rng.random()
        if kind < 0.05:
            stamdata = None  # checked before initier: the stamdata rules stay undecided
        elif kind < 0.08:
            stamdata = {"STATUS": rng.choice(("03", "05"))}
        if stamdata is not None and rng.random() < 0.03:
            stamdata["I_VENT_MRK"] = "X"  # a warning
        if rng.random() < 0.15:
            stamdata = self._protection(data, stamdata, today)
        if rng.random() < 0.25:  # the portal posts every field, blank ones as ""
            data = {name: data.get(name, "") for name in ALL_FIELDS}
        return data, stamdata, today

    def _protection(
        self, data: dict[str, Any], stamdata: dict[str, Any] | None, today: dt.date
    ) -> dict[str, Any] | None:
        rng = self.rng
        choice = rng.randrange(6)
        if choice == 0:
            data["CBSK_VALG1"] = rng.choice(("X", "x"))
            if rng.random() < 0.3:
                data["CBSK_ANTALAAR1"] = rng.choice(("1", 1))
            if rng.random() < 0.3:
                start = today + dt.timedelta(days=rng.randrange(20))
                data["CBSK_STARTDATO1"] = _typed_date(rng, start)
            if rng.random() < 0.1:  # more than a year needs the kommune's approval: a warning
                data["CBSK_ANTALAAR1"] = rng.choice(("2", "5"))
        elif choice in (1, 2):
            data[f"CBSK_VALG{choice + 1}"] = "X"
        elif choice == 3:  # delete a protection the person has (not while 00001 exists)
            slot = rng.choice((2, 3, 4))
            data[f"CBSK_VALG{slot}"] = "S"
            stamdata = {**(stamdata or {"STATUS": "01"}), "BESKYT": [f"0000{slot}"]}
        elif choice == 4:  # delete navne- og adressebeskyttelse (BESKYT: the marker, or codes)
            data["CBSK_VALG1"] = "S"
            if rng.random() < 0.5:
                data[f"CBSK_VALG{rng.choice((2, 4))}"] = "S"  # the cascade may be sent too
            data["CBSK_SLETDATO1"] = _typed_date(rng, today + dt.timedelta(days=rng.randrange(9)))
            beskyt = rng.choice(
                ("X", "x", " X ", "00001, 00002, 00004", ["00001", "00002", "00004"])
            )
            stamdata = {**(stamdata or {"STATUS": "01"}), "BESKYT": beskyt}
        else:
            data["CBSK_VALG3"] = "X"
            if stamdata is not None:
                stamdata["BESKYT"] = rng.choice(([], "", ["00003"], ["00005"]))
        return stamdata

    def _unknown_vejkode(self, komk: str) -> str:
        while True:
            vej = f"{self.rng.randrange(1, 9900):04d}"
            if not self.vejstykker.contains(komk, vej):
                return vej

    # -- defects ----------------------------------------------------------------------------
    def husnr_off_street(self, data: dict[str, Any], stamdata: Any, today: dt.date) -> None:
        komk, vej = _code(data.get("KOMK"), 4), _code(data.get("CADR_VEJKOD"), 4)
        for number in (999, 998, 997, 996, 501, 500, 377, 200, 101):
            if not self.post.lookup(komk, vej, husnr=f"{number:03d}"):
                data["CADR_HUSNR"] = str(number)
                return
        data["CADR_HUSNR"] = "1000"  # every number is on this street: a format error instead

    def vejkode_unknown(self, data: dict[str, Any], stamdata: Any, today: dt.date) -> None:
        data["CADR_VEJKOD"] = self._unknown_vejkode(_code(data.get("KOMK"), 4))


def _code(raw: Any, digits: int) -> str:
    return str(raw).strip().zfill(digits)


Defect = Callable[[random.Random, "_Generator", dict[str, Any], Any, dt.date], Any]


def _set(field: str, *values: Any) -> Defect:
    def apply(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: dt.date) -> None:
        data[field] = rng.choice(values)

    return apply


def _drop(*fields: str) -> Defect:
    def apply(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: dt.date) -> None:
        for field in fields:
            if rng.random() < 0.5:
                data.pop(field, None)
            else:
                data[field] = rng.choice(("", "  ", None))

    return apply


def _stamdata(**values: Any) -> Defect:
    """A defect in what CPR returned: needs stamdata, so the submission gets some."""

    def apply(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: dt.date) -> Any:
        s = dict(s or {"STATUS": "01"})
        s.update({k: rng.choice(v) for k, v in values.items()})
        return s

    return apply


def _hdto_days(lo: int, hi: int) -> Defect:
    def apply(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: dt.date) -> None:
        data["HDTO"] = _typed_date(rng, t + dt.timedelta(days=rng.randint(lo, hi)))

    return apply


def _protection(**fields: Any) -> Defect:
    def apply(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: dt.date) -> None:
        for name, value in fields.items():
            data[name] = rng.choice(value) if isinstance(value, tuple) else value
        if "CBSK_STARTDATO1" in fields:
            data["CBSK_STARTDATO1"] = _typed_date(rng, t - dt.timedelta(days=rng.randint(1, 30)))

    return apply


def _delete_protection(slot: int, beskyt: tuple[Any, ...]) -> Defect:
    def apply(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: dt.date) -> Any:
        data[f"CBSK_VALG{slot}"] = "S"
        if data.get("CBSK_VALG1") == "S":  # deleting 00001 too would make it allowed
            data["CBSK_VALG1"] = ""
        return {**(s or {"STATUS": "01"}), "BESKYT": rng.choice(beskyt)}

    return apply


def _unknown_field(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: Any) -> None:
    data[rng.choice(_UNKNOWN_FIELDS)] = rng.choice(("bar", "1620", "x@example.invalid", "5"))


def _bad_pnr(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: Any) -> None:
    digits = "".join(c for c in str(data.get("PNR", "0202802729")) if c.isdigit())
    day = int(digits[:2]) + 60
    data["PNR"] = rng.choice(
        (
            f"{day}{digits[2:]}",  # an erstatningspersonnummer (day + 60)
            digits[:9],  # a digit short
            f"3102{digits[4:]}",  # 31 February
            f"{digits[:6]}-{digits[6]}AB{digits[9]}",  # an eCPR number
            f"{digits[:6]}--{digits[6:]}",
            [digits],  # a JSON array
            f"{digits[:6]} {digits[6:]}",  # blanks only around it (issue 9 decision)
            digits[:5] + "\u0661" + digits[6:],  # an Arabic-Indic digit
            digits.translate(_FULLWIDTH),
        )
    )


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _non_ascii_digits(
    rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: Any
) -> None:
    """A digit field written with digits CPR's ISO-8859-1 character set does not have."""
    field = rng.choice(("CADR_HUSNR", "KOMK", "CADR_VEJKOD", "HDTO", "CADR_ETAGE", "CADR_SIDEDOER"))
    value = str(data.get(field) or {"CADR_ETAGE": "3", "CADR_SIDEDOER": "7"}.get(field, "5"))
    table = rng.choice((_FULLWIDTH, _ARABIC, _SUPERSCRIPT))
    changed = value.translate(table)
    if changed == value:  # no digit in it (e.g. a text door): write one
        changed = "7".translate(table)
    data[field] = changed
    data.pop("CADR_BNR", None)
    if field != "CADR_HUSNR" and "CADR_HUSNR" not in data:
        data["CADR_HUSNR"] = "5"


def _json_type(rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: Any) -> None:
    """A JSON list, object or boolean (or a float) in a field: an error on that field."""
    field = rng.choice(ALL_FIELDS)
    data[field] = rng.choice(([], ["5"], {"v": 5}, True, False, 5.5, [[]]))


def _locked_differs(
    rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: Any
) -> None:
    """A locked field sent back with another value than CPR locked (bilag 7 l.556-557)."""
    which = rng.randrange(3)
    if which == 0:
        data["CADR_KOMKOD"] = rng.choice(("0147", "0201", "851"))
        data["KOMK"] = "0101"
        data["CADR_VEJKOD"] = "8204"
        data["CADR_HUSNR"] = "5"
        data.pop("CADR_BNR", None)
    elif which == 1:
        data["CADR_STARTDATO"] = "2001-01-01"
    else:
        data[rng.choice(("CADR_STARTMYNKOD", "CBSK_STARTMYNKOD2"))] = rng.choice(("0201", "43"))


def _bnr_in_denmark(
    rng: random.Random, g: _Generator, data: dict[str, Any], s: Any, t: Any
) -> None:
    """A bygningsnummer for a Danish address (ADRESSE3 BNR: Greenland only)."""
    if str(data.get("KOMK", "")).zfill(4).startswith("09"):
        data.update(KOMK="0101", CADR_VEJKOD="8204")
    data.pop("CADR_HUSNR", None)
    data["CADR_BNR"] = rng.choice(("12", "0101", "B-3"))


DEFECTS: dict[str, tuple[str, Defect]] = {
    # name: (group, how); one defect per group in a submission, so they do not cancel out
    "husnr-format": (
        "husnr",
        _set("CADR_HUSNR", "1000", "12bb", "0", "abc", "-5", "5½", "1 2", "A", "0012", "5Æ"),
    ),
    "husnr-off-street": ("husnr", lambda r, g, d, s, t: g.husnr_off_street(d, s, t)),
    "husnr-and-bnr": ("husnr", _set("CADR_BNR", "0101", "12", "B-3", "#")),
    "no-husnr": ("husnr", _drop("CADR_HUSNR", "CADR_BNR")),
    "bnr-in-denmark": ("husnr", _bnr_in_denmark),
    "etage": ("etage", _set("CADR_ETAGE", "k9", "100", "4th", "0", "3 sal", "st.", "3.", "k1")),
    "sidedoer": (
        "sidedoer",
        _set("CADR_SIDEDOER", "abcde", "0", "th-", "00007", "-12", "a  b", "tv.", "a b c"),
    ),
    "vejkode-hoej": ("vejkode", _set("CADR_VEJKOD", *(str(n) for n in range(9900, 10000)))),
    "vejkode-zero": ("vejkode", _set("CADR_VEJKOD", "0", "0000", 0)),
    "vejkode-unknown": ("vejkode", lambda r, g, d, s, t: g.vejkode_unknown(d, s, t)),
    "vejkode-format": ("vejkode", _set("CADR_VEJKOD", "82O4", "12345", "8204a", True, -1)),
    "no-vejkode": ("vejkode", _drop("CADR_VEJKOD")),
    "komk-unknown": (
        "komk",
        _set("KOMK", "0999", "0171", "0100", "5", "0000", "9999", "1081", "1084", "1085"),
    ),
    "komk-format": ("komk", _set("KOMK", "01011", "K101", "1O1", 101.0, 10000)),
    "no-komk": ("komk", _drop("KOMK")),
    "hdto-too-far": ("hdto", _hdto_days(29, 120)),
    "hdto-calendar": (
        "hdto",
        _set(
            "HDTO",
            "2015-02-30",
            "20151301",
            "28-02-2015",
            "2015/02/28",
            "2015-2-28",
            "2015-02-2",
            2015228,
            "2007-12-31",
        ),
    ),
    "no-hdto": ("hdto", _drop("HDTO")),
    "dead": ("status", _stamdata(STATUS=("90", "80", "70", "20", "10"))),
    "status-malformed": ("status", _stamdata(STATUS=("", None, "X", "001", "1a", "٠١"))),
    "i-vent-malformed": ("vent", _stamdata(I_VENT_MRK=("Y", "J", "1", "XX"))),
    "beskyt-malformed": ("beskyt", _stamdata(BESKYT=("Q", ["X"], "00001;2", "ja"))),
    "unknown-field": ("unknown", _unknown_field),
    "bad-pnr": ("pnr", _bad_pnr),
    "no-pnr": ("pnr", _drop("PNR")),
    "convn": (
        "convn",
        _set(
            "CADR_CONVN",
            "Janne Jacobsen",
            "c/o",
            "c/o Hans  Hansen",
            "co Hansen",
            "c/o  Hansen",
            "c/o -Hansen",
            "c/o Ann\u0161",
            "c/o " + "x" * 31,
        ),
    ),
    "non-ascii-digit": ("digits", _non_ascii_digits),
    "json-type": ("json", _json_type),
    "locked-differs": ("locked", _locked_differs),
    "indrap-odd": ("indrap", _set("CBSK_INDRAP1", "X", "ja tak", "1")),
    "antalaar-slot3": ("protection", _protection(CBSK_VALG3="X", CBSK_ANTALAAR3=("5", "2"))),
    "antalaar-without-valg1": (
        "protection",
        _protection(CBSK_VALG1="", CBSK_ANTALAAR1=("2", "1", 3)),
    ),
    "antalaar-zero": ("protection", _protection(CBSK_VALG1="X", CBSK_ANTALAAR1=("0", "to"))),
    "valg-bad": ("protection", _protection(CBSK_VALG1=("Y", "ja", "XX"))),
    "startdato-past": ("protection", _protection(CBSK_VALG1="X", CBSK_STARTDATO1="")),
    "delete-missing": ("protection", _delete_protection(3, ([], ["00001"], "00002", None, "X"))),
    "delete-under-adressebeskyttelse": (
        "protection",
        _delete_protection(4, (["00001", "00004"], "00001 00004", ["1", "4"], "X", "x")),
    ),
}
"""Realistic defects; each makes the submission fail at least one error rule."""


_STALE_IN_2026 = frozenset({"vejkode-unknown", "husnr-off-street"})


_DIGITS4 = ("0101", "101", 101, "8204", "0", "0000", "9999", "9901", "1084", "0956", "12345", "")
_DATES = ("2015-02-28", "20150228", 20150228, "2015-2-28", "2015-02-30", "2007-06-01", "", "x")
_CHOICES = ("X", "x", "S", "s", "", " ", "Y", "JA", "nej", "*", "ſ", "X ")
_HOSTILE: dict[str, tuple[Any, ...]] = {
    "PNR": ("0202802729", "020280-2729", " 0202802729", "020280 2729", "6702802729", "", 1),
    "HDTO": _DATES,
    "KOMK": _DIGITS4,
    "CADR_KOMKOD": _DIGITS4,
    "CADR_VEJKOD": _DIGITS4,
    "CADR_STARTDATO": _DATES,
    "CADR_STARTMYNKOD": ("0041", "41", "0201", "", "x"),
    "CADR_HUSNR": ("5", "005", "12 b", "12  B", "1 2", "A", "0", "999", "１", "5Z", "", None),
    "CADR_BNR": ("0101", "12", "B-3", "ü", "Ÿ", "12345", "a b", "", "#", "ı"),
    "CADR_ETAGE": ("st", "ST", "st.", "k1", "K2", "3", "03", "003", "0", "99", "100", "²", ""),
    "CADR_SIDEDOER": ("tv", "TH", "mf", "7", "0007", "00007", "a b", "a  b", "-1", "1-", "æø"),
    "CADR_CONVN": ("c/o Hansen", "C/O José", "c/o  X", "c/o", "Hansen", "c/o Ann\u0161", ""),
    "CADR_STARTDATOUSM": ("*", "", "x", "**"),
    "CBSK_ANTALAAR1": ("1", 1, "5", "0", "", "x", "٣"),
    "CBSK_ANTALAAR3": ("1", "", "x"),
    "CBSK_STARTDATO1": _DATES,
    "CBSK_INDRAP1": ("JA", "NEJ", "", "X"),
    "CBSK_STARTMYNKOD3": ("0041", "0201", ""),
    **{f"CBSK_VALG{n}": _CHOICES for n in range(1, 5)},
}
_HOSTILE_STAMDATA: tuple[Any, ...] = (
    None,
    {},
    {"STATUS": "01"},
    {"STATUS": "1"},
    {"STATUS": "01", "BESKYT": "X"},
    {"STATUS": "01", "BESKYT": ["00001", "00004"]},
    {"STATUS": "01", "BESKYT": "00003"},
    {"STATUS": "01", "BESKYT": []},
    {"STATUS": "01", "BESKYT": "Q"},
    {"STATUS": "03", "I_VENT_MRK": "X"},
    {"STATUS": "90", "I_VENT_MRK": "y"},
    {"STATUS": "x"},
    {"STATUS": ""},
    [],
)


def _chaos(rng: random.Random, data: dict[str, Any], stamdata: Any) -> tuple[dict[str, Any], Any]:
    """A valid move with 2-6 fields and the stamdata replaced by values from hostile pools."""
    for field in rng.sample(sorted(_HOSTILE), rng.randint(2, 6)):
        data[field] = rng.choice(_HOSTILE[field])
    if rng.random() < 0.5:
        stamdata = rng.choice(_HOSTILE_STAMDATA)
    return data, stamdata


def generate(n: int, *, seed: int = 2015, tables: CodeTables | None = None) -> list[Submission]:
    """``n`` submissions, the same for the same ``seed``: about 60 % valid, 28 % with 1-3
    defects, 12 % chaos."""
    rng = random.Random(seed)
    g = _Generator(rng, tables if tables is not None else load_tables())
    names = list(DEFECTS)
    out = []
    for _ in range(n):
        data, stamdata, today = g.valid()
        defects: list[str] = []
        kind = rng.random()
        if kind < 0.12:
            data, stamdata = _chaos(rng, data, stamdata)
            out.append(Submission(data, stamdata, today, ("chaos",)))
            continue
        if kind < 0.4:
            groups: set[str] = set()
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                name = rng.choice(names)
                group, apply = DEFECTS[name]
                if group in groups:
                    continue
                if today.year > 2020 and name in _STALE_IN_2026:
                    continue  # with a 2015 table in 2026 these are (stale) warnings
                groups.add(group)
                defects.append(name)
                result = apply(rng, g, data, stamdata, today)
                if isinstance(result, dict):
                    stamdata = result
            if not defects:
                defects.append("dead")
                stamdata = DEFECTS["dead"][1](rng, g, data, stamdata, today)
        out.append(Submission(data, stamdata, today, tuple(defects)))
    return out
