"""Safe YAML with source positions, and bounds that make any file cheap to refuse.

Rule files are read with PyYAML's *safe* composer (the C one where available) into plain
Python values, while every mapping key and sequence item records where it was written. The
position of any value is then found by its path (``("rules", 3, "check")``), so a schema error
can point at ``file:line:col``.

A rule file is input like any other, so it is bounded before it is built (:func:`_check_budget`
walks the parser's events, which cost no memory): at most :data:`MAX_BYTES` bytes,
:data:`MAX_NODES` values *after* expanding aliases (so an alias bomb of a few hundred bytes is
refused at the alias that crosses the bound, not after gigabytes), :data:`MAX_ALIASES` aliases
and :data:`MAX_DEPTH` levels of nesting. An alias inside the node it names (``x: &a [*a]``) and
a scalar that cannot be built (``2008-02-30``, an integer of 5,000 digits) are errors with
``file:line:col`` too. The shipped FLYTB-I.yaml has ~1,100 values, 7 levels and no aliases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from cpr_rules._files import MAX_BYTES, is_pipe, read_head
from cpr_rules.errors import RuleSetError

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Positions",
    "load_yaml",
]

MAX_NODES = 20_000
"""Most values (scalars, lists, mappings) per document, counting each alias expansion."""
MAX_ALIASES = 1_000
"""Most aliases (``*name``) per document."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings, aliases expanded."""

try:  # the C loader is ~10x faster; fall back to the pure-Python safe loader
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[Hashable, ...]


class Positions:
    """1-based (line, column) of every value in a loaded document, by path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._at: dict[Path_, tuple[int, int]] = {}
        self._keys: dict[Path_, tuple[int, int]] = {}

    def record(self, path: Path_, node: yaml.Node) -> None:
        self._at[path] = (node.start_mark.line + 1, node.start_mark.column + 1)

    def record_key(self, path: Path_, key_node: yaml.Node) -> None:
        """Where the key of the mapping entry at ``path`` was written."""
        self._keys[path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)

    def has_key(self, path: Path_) -> bool:
        """Whether ``path`` is an entry of a mapping in the document."""
        return path in self._keys

    def of(self, path: Path_) -> tuple[int, int]:
        """Position of ``path``, or of its nearest recorded ancestor."""
        while path:
            if path in self._at:
                return self._at[path]
            path = path[:-1]
        return self._at.get((), (1, 1))

    def key_of(self, path: Path_) -> tuple[int, int]:
        """Position of the *key* of the mapping entry at ``path`` (``of`` for anything else)."""
        return self._keys.get(path) or self.of(path)

    def error(self, path: Path_, message: str, *, at_key: bool = False) -> RuleSetError:
        """A :class:`RuleSetError` pointing at ``path`` (at its key with ``at_key``)."""
        line, col = self.key_of(path) if at_key else self.of(path)
        return RuleSetError(message, file=self.file, line=line, column=col)


def _scalar(node: yaml.Node, path: Path_, pos: Positions, loader: yaml.SafeLoader) -> Any:
    """A scalar (or a key) built by the safe constructor; a value it cannot build is an error
    at its position (``2008-02-30``, an int beyond Python's digit limit, ``!!timestamp ''``,
    ``!!bool maybe``), whatever PyYAML raises for it."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception as exc:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else node.tag
        reason = str(exc)[:100] if isinstance(exc, ValueError) else f"not a valid {node.tag}"
        raise RuleSetError(
            f"cannot read the value {shown!r}: {reason}", file=pos.file, line=line, column=col
        ) from None


def _construct(node: yaml.Node, path: Path_, pos: Positions, loader: yaml.SafeLoader) -> Any:
    pos.record(path, node)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, path, pos, loader)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key, Hashable) or isinstance(key, (list, dict)):
                raise RuleSetError(
                    "mapping keys must be plain scalars", file=pos.file, line=line, column=col
                )
            if key in out:
                raise RuleSetError(f"duplicate key {key!r}", file=pos.file, line=line, column=col)
            pos.record_key((*path, key), key_node)
            out[key] = _construct(value_node, (*path, key), pos, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), pos, loader) for i, item in enumerate(node.value)]
    value = _scalar(node, path, pos, loader)
    if isinstance(value, dt.datetime):
        raise pos.error(path, "use a date YYYY-MM-DD, not a date and time")
    return value


def _check_budget(text: str, name: str) -> None:
    """Refuse a document beyond the bounds above, from the parser's events (nothing is built).

    Every anchor's size and depth are known when its node ends, so each alias adds what it
    would expand to without expanding it.
    """
    size: dict[str, tuple[int, int]] = {}  # anchor -> (values, nesting) of its node, expanded
    stack: list[list[Any]] = []  # open collections: [anchor, values before it, deepest level]
    total = aliases = 0

    def fail(event: yaml.Event, message: str) -> RuleSetError:
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return RuleSetError(message, file=name, line=line, column=column)

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise fail(event, f"more than {MAX_ALIASES} aliases in one document")
            if any(anchor == event.anchor for anchor, _, _ in stack):
                raise fail(event, f"alias *{event.anchor} is inside the node it refers to")
            if event.anchor not in size:
                raise fail(event, f"alias *{event.anchor} refers to no anchor before it")
            grows, nesting = size[event.anchor]
            reach = len(stack) + nesting
        elif isinstance(event, yaml.ScalarEvent):
            grows, reach = 1, len(stack)
            if event.anchor:
                size[event.anchor] = (1, 0)
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append([event.anchor, total, len(stack) + 1])
            grows, reach = 1, len(stack)
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, start, reach = stack.pop()
            grows = 0
            if anchor:
                size[anchor] = (total - start, reach - len(stack))
        else:  # stream and document start/end
            continue
        total += grows
        if reach > MAX_DEPTH:
            raise fail(event, f"nested deeper than {MAX_DEPTH} levels (aliases expanded)")
        if stack and reach > stack[-1][2]:
            stack[-1][2] = reach
        if total > MAX_NODES:
            raise fail(event, f"more than {MAX_NODES} values in one document (aliases expanded)")


def _read(path: Path, name: str) -> str:
    """The text of ``path``, refused when longer than :data:`MAX_BYTES` or a pipe."""
    try:
        if is_pipe(path):
            raise RuleSetError("a pipe or socket, not a file (opening it would wait)", file=name)
        data = read_head(path)
        if len(data) > MAX_BYTES:
            raise RuleSetError(f"larger than {MAX_BYTES} bytes", file=name)
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"cannot read rule file: {exc}", file=name) from None


def load_yaml(path: Path, *, display_name: str | None = None) -> tuple[Any, Positions]:
    """Load one YAML document safely, within the bounds above; errors name ``file:line:col``."""
    name = display_name or str(path)
    text = _read(path, name)
    pos = Positions(name)
    loader = _Loader(text)
    try:
        _check_budget(text, name)
        node = loader.get_single_node()
        if node is None:
            raise RuleSetError("the file is empty", file=name, line=1, column=1)
        return _construct(node, (), pos, loader), pos
    except yaml.MarkedYAMLError as exc:
        mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        where = ""  # what was open, and where it began ("while parsing a flow mapping" at 4:8)
        if exc.context and context is not None and context is not mark:
            where = f" ({exc.context} at {context.line + 1}:{context.column + 1})"
        raise RuleSetError(
            f"YAML syntax: {exc.problem or exc}{where}", file=name, line=line, column=col
        ) from None
    except yaml.YAMLError as exc:
        raise RuleSetError(f"YAML: {exc}", file=name) from None
    finally:
        loader.dispose()
