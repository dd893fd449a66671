"""Safe YAML with source positions.

Rule files are read with PyYAML's *safe* composer (the C one where available) into plain
Python values, while every mapping key and sequence item records where it was written. The
position of any value is then found by its path (``("rules", 3, "check")``), so a schema error
can point at ``file:line:col``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from cpr_rules.errors import RuleSetError

__all__ = ["Positions", "load_yaml"]

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


def _construct(node: yaml.Node, path: Path_, pos: Positions, loader: yaml.SafeLoader) -> Any:
    pos.record(path, node)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
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
    value = loader.construct_object(node, deep=True)
    if isinstance(value, dt.datetime):
        raise pos.error(path, "use a date YYYY-MM-DD, not a date and time")
    return value


def load_yaml(path: Path, *, display_name: str | None = None) -> tuple[Any, Positions]:
    """Load one YAML document safely; errors name ``file:line:col``."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"cannot read rule file: {exc}", file=name) from exc
    pos = Positions(name)
    loader = _Loader(text)
    try:
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
