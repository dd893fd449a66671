"""Where the shipped data lives: inside the wheel, or at the repository root in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["codetables_dir", "rulesets_dir"]

_PKG = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cpr_rules: shipped data folder {name!r} not found next to {_PKG}")


def codetables_dir() -> Path:
    """The folder of the shipped code tables."""
    return _data_dir("codetables")


def rulesets_dir() -> Path:
    """The folder of the shipped rule sets."""
    return _data_dir("rulesets")
