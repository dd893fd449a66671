"""``cpr-rules js HAENDELSE --out DIR [--rules DIR]``: the rule set as a JavaScript module.

Writes ``DIR/HAENDELSE.mjs`` (a self-contained ES module: ``createValidator``) and the data it
loads, ``DIR/HAENDELSE/tables.json`` and one ``kommune-KKKK.json`` per kommune
(``docs/javascript.md``), and prints each file with its size and gzip size.

Exit codes: 0 written, 2 unknown rule set or unusable folder.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path
from typing import Any

from cpr_rules.cli._common import input_folder, output_folder

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``js`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "js", help="compile a rule set to a JavaScript module for the browser and Node"
    )
    p.add_argument("haendelse", help="hændelseskode, e.g. FLYTB-I")
    p.add_argument(
        "--out",
        required=True,
        type=output_folder,
        help="folder to write HAENDELSE.mjs and its data into",
    )
    p.add_argument(
        "--rules", type=input_folder, help="folder of rule sets (default: the shipped ones)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from cpr_rules.js.build import build_module, write_module
    from cpr_rules.rules import Validator, default_validator

    validator = Validator(args.rules) if args.rules else default_validator()
    out = Path(args.out)
    files = write_module(build_module(args.haendelse, validator), out)
    kommuner = [f for f in files if f.name.startswith("kommune-")]
    for path in files:
        if path not in kommuner:
            print(_line(path, out))
    if kommuner:
        largest = max(kommuner, key=_gzip_size)
        print(f"{len(kommuner)} kommune files, largest: {_line(largest, out)}")
    return 0


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def _line(path: Path, out: Path) -> str:
    raw = path.stat().st_size
    return f"{path.relative_to(out)}  {raw / 1000:.1f} kB, {_gzip_size(path) / 1000:.1f} kB gzip"
