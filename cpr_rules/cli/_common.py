"""Helpers shared by the sub-commands: argument types that refuse bad input, dates, output.

How a sub-command gets "exit 2 with one line on stderr, never a traceback" for free:

- Declare arguments with the types below (:func:`input_file`, :func:`input_folder`,
  :func:`input_path`, :func:`output_file`, :func:`port_number`, :func:`host_name`,
  :func:`positive_int`, :func:`parse_date`). Each raises ``argparse.ArgumentTypeError`` with a
  reason; the parser in :mod:`cpr_rules.cli` turns that into one line and exit 2 before the
  command runs, so a command never starts half-way on a missing file.
- In the command, raise :class:`~cpr_rules.errors.InputError` (or any
  :class:`~cpr_rules.errors.CprRulesError`) for input that only turns out bad later
  (:func:`require`); an optional extra that is not installed is :func:`require_extra`.
- :func:`cpr_rules.cli.main` catches those, plus ``OSError`` (a file that vanished, a disk
  error, a port taken at bind time), ``RecursionError`` and ``MemoryError``, and prints one line.
  Anything else is a bug: one line naming it and exit 3, still no traceback (set
  ``CPR_RULES_TRACEBACK=1`` to see it).

Every text shown passes :func:`~cpr_rules.personnummer.mask_text`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import importlib
import os
import sys
from pathlib import Path
from typing import Any

from cpr_rules.errors import InputError

__all__ = [
    "add_format",
    "add_lang",
    "host_name",
    "input_file",
    "input_file_or_stdin",
    "input_folder",
    "input_path",
    "output_file",
    "output_folder",
    "parse_date",
    "port_number",
    "positive_int",
    "print_json",
    "require",
    "require_extra",
    "require_free_port",
]

#: What ``pip install`` needs for each optional extra (pyproject ``optional-dependencies``).
EXTRAS: dict[str, tuple[str, ...]] = {
    "sandbox": ("starlette", "uvicorn"),
    "web": ("starlette", "uvicorn"),
}


def input_file_or_stdin(text: str) -> Path:
    """:func:`input_file`, or ``-`` for stdin (passed through as ``Path('-')``)."""
    return Path(text) if text == "-" else input_file(text)


def input_file(text: str) -> Path:
    """An existing, readable file."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a file (a folder)")
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    if not path.is_file() or not os.access(path, os.R_OK):
        raise argparse.ArgumentTypeError(f"cannot read file {text}")
    return path


def input_folder(text: str) -> Path:
    """An existing, readable folder."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder (a file)")
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such folder: {text}")
    if not os.access(path, os.R_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot read folder {text}")
    return path


def input_path(text: str) -> Path:
    """An existing, readable file or folder (e.g. what ``lint`` takes)."""
    path = Path(text)
    return input_folder(text) if path.is_dir() else input_file(text)


def output_file(text: str) -> Path:
    """A file to write: its folder must exist and it must not be a folder itself."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a file to write (a folder)")
    parent = path.parent
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(f"cannot write {text}: no such folder {parent}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise argparse.ArgumentTypeError(f"cannot write {text}: permission denied")
    return path


def output_folder(text: str) -> Path:
    """A folder to write into: an existing folder, or a new one whose parent exists."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is not a folder (a file) to write into")
    if not path.exists() and not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"cannot create {text}: no such folder {path.parent}")
    target = path if path.exists() else path.parent
    if not os.access(target, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write into {text}: permission denied")
    return path


def port_number(text: str) -> int:
    """A TCP port 0-65535 (0: any free port)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, got {port}")
    return port


def base_url(text: str) -> str:
    """An ``http(s)://host[:port][/path]`` URL without credentials (CPR's base URL)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username
        ok = ok and (parts.port is None or parts.port > 0)  # .port raises on 99999 or 'x'
    except ValueError:
        ok = False
    if not ok:
        raise argparse.ArgumentTypeError(
            "expected an http(s)://host[:port] URL without credentials "
            "(the personkode comes from the environment)"
        )
    return text


def host_name(text: str) -> str:
    """A host name or address this machine can resolve (to listen on)."""
    import socket  # only for the server commands

    try:
        socket.getaddrinfo(text, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        raise argparse.ArgumentTypeError(f"cannot resolve host {text!r}") from None
    return text


def require_free_port(host: str, port: int) -> None:
    """Raise an :class:`InputError` if ``host:port`` cannot be bound (in use, not this machine).

    Port 0 is tried too: it checks that ``host`` is an address of this machine."""
    import socket  # only for the server commands

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            sock.bind((host, port))
        except OSError as exc:
            reason = "in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
            raise InputError(f"cannot listen on {host}:{port}: {reason}") from None


def positive_int(text: str) -> int:
    """An integer from 1 to 2**30 (a count or a size in bytes; more would not fit a read)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 1 << 30:
        raise argparse.ArgumentTypeError(f"must be 1-{1 << 30}, got {value}")
    return value


def require_extra(extra: str) -> None:
    """Raise an :class:`InputError` with the install command unless ``extra`` is installed."""
    missing = []
    for module in EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise InputError(
            f"this needs the optional extra '{extra}' ({', '.join(missing)} missing): "
            f"pip install 'cpr_rules[{extra}]'"
        )


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` or CPR's ``YYYYMMDD``; argparse shows the error as a usage error."""
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text[:40]!r}") from None


def add_lang(parser: argparse.ArgumentParser) -> None:
    """``--lang da|en`` (default da)."""
    parser.add_argument(
        "--lang", choices=("da", "en"), default="da", help="output language (default: da)"
    )


def add_format(parser: argparse.ArgumentParser, *choices: str, help: str) -> None:
    """``--format text|json|…`` (default text), with what each format is."""
    parser.add_argument("--format", choices=("text", "json", *choices), default="text", help=help)


def print_json(value: Any) -> None:
    """Pretty JSON on stdout, UTF-8, no ASCII escapes."""
    import json

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def require(condition: bool, message: str) -> None:
    """Raise a typed input error (exit 2 with one line) unless ``condition``."""
    if not condition:
        raise InputError(message)
