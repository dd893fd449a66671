"""Small helpers shared by the sub-commands: dates, languages, JSON output."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from cpr_rules.errors import InputError

__all__ = ["add_format", "add_lang", "parse_date", "print_json"]


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` or CPR's ``YYYYMMDD``; argparse shows the error as a usage error."""
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang da|en`` (default da)."""
    parser.add_argument("--lang", choices=("da", "en"), default="da", help="output language")


def add_format(parser: argparse.ArgumentParser, *choices: str) -> None:
    """``--format text|json|…`` (default text)."""
    parser.add_argument("--format", choices=("text", "json", *choices), default="text")


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, UTF-8, no ASCII escapes."""
    import json

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def require(condition: bool, message: str) -> None:
    """Raise a typed input error (exit 2 with one line) unless ``condition``."""
    if not condition:
        raise InputError(message)
