"""The code-table manifest (``codetables/manifest.yaml``): one :class:`TableSpec` per table."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cpr_rules._frozen import Frozen, setfield
from cpr_rules.errors import CodeTableError

__all__ = ["HusnrColumns", "TableSpec", "read_manifest", "updated_manifest"]

_ALLOWED = {
    "file",
    "title",
    "key",
    "display",
    "valid_from",
    "valid_to",
    "husnr",
    "match",
    "closed",
    "source",
    "produced",
}


class HusnrColumns(Frozen):
    """The columns of a husnr-interval table: lower bound, upper bound and side (L/U)."""

    __slots__ = _fields = ("start", "end", "side")
    start: str
    end: str
    side: str

    def __init__(self, start: str, end: str, side: str) -> None:
        setfield(self, "start", start)
        setfield(self, "end", end)
        setfield(self, "side", side)


class TableSpec(Frozen):
    """What the manifest says about one table."""

    __slots__ = _fields = (
        "name",
        "file",
        "key",
        "display",
        "source",
        "title",
        "produced",
        "valid_from",
        "valid_to",
        "husnr",
        "match",
        "closed",
    )
    name: str
    file: str
    key: tuple[str, ...]
    display: tuple[str, ...]
    source: str
    title: Mapping[str, str]
    produced: dt.date | None
    valid_from: str | None
    valid_to: str | None
    husnr: HusnrColumns | None
    match: tuple[str, ...]
    closed: bool

    def __init__(
        self,
        name: str,
        file: str,
        key: tuple[str, ...],
        display: tuple[str, ...],
        source: str,
        title: Mapping[str, str] | None = None,
        produced: dt.date | None = None,
        valid_from: str | None = None,
        valid_to: str | None = None,
        husnr: HusnrColumns | None = None,
        match: tuple[str, ...] = (),
        closed: bool = False,
    ) -> None:
        values: list[Any] = [name, file, key, display, source, {} if title is None else title]
        values += [produced, valid_from, valid_to, husnr, match, closed]
        for field_name, value in zip(self._fields, values, strict=True):
            setfield(self, field_name, value)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column this spec names (the CSV must have them all)."""
        named = [*self.key, *self.display, *self.match]
        named += [c for c in (self.valid_from, self.valid_to) if c]
        if self.husnr:
            named += [self.husnr.start, self.husnr.end, self.husnr.side]
        return tuple(dict.fromkeys(named))


def _spec(name: str, raw: Any, path: Path) -> TableSpec:
    if not isinstance(raw, dict):
        raise CodeTableError(f"table {name!r}: expected a mapping", file=path)
    unknown = set(raw) - _ALLOWED
    if unknown:
        raise CodeTableError(
            f"table {name!r}: unknown key(s) {sorted(map(str, unknown))}; "
            f"expected some of {sorted(_ALLOWED)}",
            file=path,
        )
    for required in ("file", "key", "display", "source"):
        if required not in raw:
            raise CodeTableError(f"table {name!r}: missing {required!r}", file=path)

    def wrong(key: str, expected: str) -> CodeTableError:
        return CodeTableError(f"table {name!r}: {key} must be {expected}", file=path)

    file, husnr, produced = raw["file"], raw.get("husnr"), raw.get("produced")
    if not isinstance(file, str) or Path(file).name != file or file in ("", ".", ".."):
        raise wrong("file", "the name of a CSV file in the manifest's folder")
    if produced is not None and not isinstance(produced, dt.date):
        raise wrong("produced", "a date YYYY-MM-DD")
    if not isinstance(raw["source"], str):
        raise wrong("source", "a text")
    for key in ("valid_from", "valid_to"):
        if not isinstance(raw.get(key, ""), str):
            raise wrong(key, "a column name")
    title = raw.get("title") or {}
    if not isinstance(title, dict) or not all(isinstance(v, str) for v in title.values()):
        raise wrong("title", "a mapping of language to text ({da: …, en: …})")
    if husnr is not None and not (
        isinstance(husnr, dict)
        and set(husnr) == {"from", "to", "side"}
        and all(isinstance(v, str) for v in husnr.values())
    ):
        raise wrong("husnr", "a mapping of from, to and side to column names")
    if not isinstance(raw.get("closed", False), bool):
        raise wrong("closed", "true or false")
    return TableSpec(
        name=name,
        file=file,
        key=_columns(raw["key"], wrong("key", "a non-empty list of column names")),
        display=_columns(raw["display"], wrong("display", "a non-empty list of column names")),
        source=raw["source"],
        title={str(k): v for k, v in title.items()},
        produced=produced,
        valid_from=raw.get("valid_from"),
        valid_to=raw.get("valid_to"),
        husnr=HusnrColumns(husnr["from"], husnr["to"], husnr["side"]) if husnr else None,
        match=_columns(raw.get("match") or [], wrong("match", "a list of column names"), 0),
        closed=raw.get("closed", False),
    )


def _columns(value: Any, error: CodeTableError, least: int = 1) -> tuple[str, ...]:
    """``value`` as column names: a list of at least ``least`` texts, else ``error``."""
    if not isinstance(value, list) or len(value) < least:
        raise error
    if not all(isinstance(v, str) for v in value):
        raise error
    return tuple(value)


def read_manifest(path: Path) -> dict[str, TableSpec]:
    """Parse the manifest; raises :class:`CodeTableError` naming the file on any defect.

    Read within the bounds of a rule file (:mod:`cpr_rules.rules._yaml`: size, values after
    alias expansion, nesting), so a hostile manifest is refused at once with its position."""
    from cpr_rules.errors import RuleSetError
    from cpr_rules.rules._yaml import load_yaml  # only needed when the cache is cold

    try:
        raw, _ = load_yaml(path)
    except RuleSetError as exc:
        message = exc.message.replace("cannot read rule file", "cannot read manifest")
        raise CodeTableError(message, file=path, line=exc.line, column=exc.column) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("tables"), dict):
        raise CodeTableError("manifest must have a 'tables:' mapping", file=path)
    return {str(name): _spec(str(name), spec, path) for name, spec in raw["tables"].items()}


_ENTRY = re.compile(r"^  ([A-Za-z0-9_]+):\s*$")
_FILE = re.compile(r"^    file:\s*(\S+)\s*$")
_PRODUCED = re.compile(r"^    produced:.*$")


def _entries(text: str) -> tuple[str, list[list[str]]]:
    """A manifest's text before ``tables:``, and the lines of each table entry after it."""
    head, _, body = text.partition("\ntables:\n")
    entries: list[list[str]] = []
    for line in body.splitlines(keepends=True):
        if _ENTRY.match(line) or not entries:
            entries.append([])
        entries[-1].append(line)
    return head, entries


def _entry_name(entry: list[str]) -> str | None:
    name = _ENTRY.match(entry[0]) if entry else None
    return name[1] if name else None


def updated_manifest(
    base: str, produced: Mapping[str, str], present: set[str], fallback: str | None = None
) -> str:
    """The text of ``base`` (a manifest) for a folder holding the CSV files ``present``: the
    entries of tables not there are dropped, and ``produced`` (table -> ``YYYY-MM-DD``) is set
    for the tables just written; a table of ``produced`` that ``base`` lacks takes its entry from
    ``fallback`` (the shipped manifest). Comments and every other line are kept as written."""
    head, entries = _entries(base)
    names = {_entry_name(e) for e in entries}
    if fallback is not None:
        entries += [
            e
            for e in _entries(fallback)[1]
            if _entry_name(e) in produced and _entry_name(e) not in names
        ]
    kept = []
    for entry in entries:
        name = _entry_name(entry)
        file = next((m[1] for m in map(_FILE.match, entry) if m), None)
        if name is None or file is None or file not in present:
            continue
        if name in produced:
            entry = [_PRODUCED.sub(f"    produced: {produced[name]}", ln) for ln in entry]
        kept.append("".join(entry))
    return f"{head}\ntables:\n{''.join(kept)}"
