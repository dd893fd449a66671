"""The data a generated JavaScript module needs, made from the same sources as the Python engine.

* :func:`runtime_data`: Python's own view of text (``str.isspace``, decimal digits,
  ``str.upper``/``lower`` where they matter), babel's CLDR patterns for dates and lists in da and
  en, the personnummer century table, the type messages: emitted, never re-typed in JavaScript.
* :func:`table_files`: the code tables a rule set reads, cut to the rows and columns it needs.
  Small tables go into ``tables.json``, loaded at once; the tables keyed by kommunekode and
  vejkode (streets, house-number ranges) are split into one file per kommune, loaded when the
  kommune is chosen. Every file carries the tables' production dates.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any

from cpr_rules import adressefelter, personnummer
from cpr_rules._english import ENGLISH
from cpr_rules.rules.loader import RuleSet
from cpr_rules.tables import STALE_AFTER, CodeTables

__all__ = ["ADDRESS_TABLES", "needed_tables", "runtime_data", "table_files"]

ADDRESS_TABLES = ("vejstykker", "postdistrikter", "bynavne")
"""The tables the klarskrift of an address reads (:meth:`Translator.address`)."""

_LATIN1 = 0x100
_DATE_FIELDS = frozenset("dMLy")


def _unicode() -> dict[str, Any]:
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    space = [ord(c) for c in chars if c.isspace()]
    zeros = [ord(c) for c in chars if c.isdecimal() and unicodedata.decimal(c) == 0]
    for zero in zeros:  # decimal digits come in runs 0..9 (the runtime relies on it)
        assert all(unicodedata.decimal(chr(zero + i), -1) == i for i in range(10)), hex(zero)
    digit_extra = [ord(c) for c in chars if c.isdigit() and not c.isdecimal()]

    def cased(fn: Any) -> dict[str, str]:  # only mappings that can land in Latin-1 matter
        out = {}
        for c in chars:
            mapped = fn(c)
            if mapped != c and all(ord(x) < _LATIN1 for x in mapped):
                out[c] = mapped
        return out

    return {
        "space": space,
        "decimal_zeros": zeros,
        "digit_extra": digit_extra,
        "upper": cased(str.upper),
        "lower": cased(str.lower),
        "int_max_str_digits": sys.get_int_max_str_digits(),
    }


def _locale(lang: str) -> dict[str, Any]:
    from babel import Locale
    from babel.dates import tokenize_pattern

    from cpr_rules.locale import _BABEL_LOCALE

    loc = Locale.parse(_BABEL_LOCALE[lang])
    tokens: list[list[str]] = []
    for kind, value in tokenize_pattern(loc.date_formats["long"].pattern):
        if kind == "chars":
            tokens.append(["lit", str(value)])
        else:
            char, num = str(value[0]), int(value[1])
            assert char in _DATE_FIELDS, f"date pattern field {char!r} is not supported"
            tokens.append(["tok", char * num])
    months = loc.months["format"]
    patterns = loc.list_patterns["standard"]
    return {
        "date_long": tokens,
        "months": [months["wide"][m] for m in range(1, 13)],
        "months_abbr": [months["abbreviated"][m] for m in range(1, 13)],
        "list": {k: patterns[k] for k in ("start", "middle", "end", "2")},
    }


def _pattern(regex: re.Pattern[str]) -> str:
    """A Python regex that means the same in JavaScript (with the ``u`` flag): no ``\\d``,
    ``\\s``, ``\\w`` or ``\\b``, whose Unicode meaning differs between the two."""
    assert not re.search(r"\\[dswbDSWB]", regex.pattern), regex.pattern
    return regex.pattern


def runtime_data() -> dict[str, Any]:
    """Everything the runtime reads from ``DATA``."""
    from cpr_rules.rules.validator import _NOT_OBJECT, _TOO_DEEP, MAX_INPUT_DEPTH

    rows = personnummer._CENTURY_RULES
    days = personnummer._ERSTATNING_DAYS
    return {
        "unicode": _unicode(),
        "locale": {lang: _locale(lang) for lang in ("da", "en")},
        "personnummer": {
            "century": [list(r) for r in rows],
            "erstatning_days": [days.start, days.stop - 1],
        },
        "etage_words": sorted(adressefelter._ETAGE_WORDS),
        "patterns": {
            "husnr": _pattern(adressefelter._HUSNR),
            "door_text": _pattern(adressefelter._DOOR_TEXT),
            "bnr": _pattern(adressefelter._BNR),
            "convn_name": _pattern(adressefelter._CONVN_NAME),
            "written": _pattern(personnummer._WRITTEN),
            "ecpr": _pattern(personnummer._ECPR),
        },
        "stale_after_days": STALE_AFTER.days,
        "not_object": [_NOT_OBJECT.da, _NOT_OBJECT.en],
        "too_deep": [_TOO_DEEP.da, _TOO_DEEP.en],
        "max_input_depth": MAX_INPUT_DEPTH,
    }


def needed_tables(ruleset: RuleSet) -> set[str]:
    """The tables a rule set's checks, klarskrift and messages read."""
    names = {r.spec.check.exists.table for r in ruleset.rules if r.spec.check.exists}
    names |= {s.table for s in [*ruleset.fields.values(), *ruleset.stamdata.values()] if s.table}
    if ruleset.address is not None:
        names |= set(ADDRESS_TABLES) | {"kommuner"}
    return names


def _deltas(values: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *values], values, strict=False)]


def _encode(keys: list[str], texts: list[int], husnr: list[list[int]] | None) -> dict[str, Any]:
    """Compact columns, small after gzip: keys as runs (delta-coded numbers when every key is
    digits of one width), klarskrift text indices delta-coded, husnr intervals as
    ``start * 2 + side`` and ``end - start`` (the runtime decodes them in ``Table``)."""
    runs: list[list[Any]] = []
    for key in keys:
        if runs and runs[-1][0] == key:
            runs[-1][1] += 1
        else:
            runs.append([key, 1])
    widths = {len(k) for k, _ in runs}
    out: dict[str, Any] = {"n": [n for _, n in runs], "td": _deltas(texts)}
    if len(widths) == 1 and all(k.isdigit() and k.isascii() for k, _ in runs):
        out |= {"w": widths.pop(), "kd": _deltas([int(k) for k, _ in runs])}
    else:
        out["k"] = [k for k, _ in runs]
    if husnr is not None:
        starts, ends, sides = husnr
        out["h"] = [
            [a * 2 + c for a, c in zip(starts, sides, strict=True)],
            _deltas_pair(starts, ends),
        ]
    return out


def _deltas_pair(starts: list[int], ends: list[int]) -> list[int]:
    return [b - a for a, b in zip(starts, ends, strict=True)]


def _compact(
    tables: CodeTables, name: str, drop_first_key: bool
) -> list[tuple[str, dict[str, Any]]]:
    """Rows of one table (key, klarskrift text, validity, husnr), encoded by :func:`_encode`;
    with ``drop_first_key`` grouped by the first key column (the kommunekode)."""
    table = tables[name]
    spec = table.spec
    groups: dict[str, dict[str, Any]] = {}
    col = table.columns
    keys = [col[c] for c in spec.key]
    display = [col[c] for c in spec.display]
    valid_from = col[spec.valid_from] if spec.valid_from else None
    valid_to = col[spec.valid_to] if spec.valid_to else None
    husnr = (
        [col[c] for c in (spec.husnr.start, spec.husnr.end, spec.husnr.side)]
        if spec.husnr
        else None
    )
    husnr_keys: dict[str, int] = {"": 0}
    for i in range(len(table)):  # sorted by key, rows of one key in file order
        key = [k[i] for k in keys]
        g = groups.setdefault(
            key[0] if drop_first_key else "",
            {"keys": [], "texts": {}, "text": [], "from": [], "to": [], "husnr": [[], [], []]},
        )
        text = " ".join(cell for cell in (d[i] for d in display) if cell)
        g["keys"].append("|".join(key[1:] if drop_first_key else key))
        g["text"].append(g["texts"].setdefault(text, len(g["texts"])))
        if valid_from is not None:
            g["from"].append(_day(valid_from[i], 0))
        if valid_to is not None:
            g["to"].append(_day(valid_to[i], _NO_END))
        if husnr is not None:
            start, end, side = (h[i] for h in husnr)
            for value in (start, end):
                if value not in husnr_keys:
                    husnr_keys[value] = adressefelter.husnr_key(value)
            g["husnr"][0].append(husnr_keys[start])
            # one blank bound is open; both blank cover only the blank husnr (as tables/_table.py)
            open_end = adressefelter.HUSNR_MAX_KEY if start.strip() else 0
            g["husnr"][1].append(husnr_keys[end] if end.strip() else open_end)
            g["husnr"][2].append(0 if side == "L" else 1)
    out = []
    for group, g in groups.items():
        columns = _encode(g["keys"], g["text"], g["husnr"] if spec.husnr else None)
        columns["texts"] = list(g["texts"])
        columns["from"] = g["from"] if spec.valid_from else None
        columns["to"] = g["to"] if spec.valid_to else None
        out.append((group, columns))
    return out


_NO_END = 3652059 + 1


def _day(text: str, default: int) -> int:
    import datetime as dt

    return dt.date.fromisoformat(text).toordinal() if text else default


def _meta(tables: CodeTables, name: str) -> dict[str, Any]:
    spec = tables[name].spec
    return {
        "name": name,
        "produced": spec.produced.isoformat() if spec.produced else None,
        "closed": spec.closed,
        "husnr": spec.husnr is not None,
    }


def table_files(
    ruleset: RuleSet, tables: CodeTables, version: str
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """``tables.json`` and the per-kommune files (``{kommunekode: content}``)."""
    names = sorted(needed_tables(ruleset))
    chunked = [n for n in names if n in ADDRESS_TABLES] if ruleset.address is not None else []
    small: dict[str, Any] = {}
    for name in names:
        if name in chunked:
            continue
        [(_, columns)] = _compact(tables, name, drop_first_key=False) or [("", _empty())]
        small[name] = {**_meta(tables, name), **columns}
        if name in ENGLISH:
            small[name]["english"] = ENGLISH[name]
    chunks: dict[str, dict[str, Any]] = {}
    for name in chunked:
        for kommune, columns in _compact(tables, name, drop_first_key=True):
            chunks.setdefault(kommune, {"module": version, "tables": {}})["tables"][name] = columns
    produced = {n: tables[n].spec.produced for n in names}
    head = {
        "module": version,
        "produced": {n: d.isoformat() if d else None for n, d in produced.items()},
        "tables": small,
        "chunked": {n: _meta(tables, n) for n in chunked},
        "chunks": {k: f"kommune-{k}.json" for k in sorted(chunks)},
    }
    return head, chunks


def _empty() -> dict[str, Any]:
    return {"n": [], "k": [], "td": [], "texts": [], "from": None, "to": None}
