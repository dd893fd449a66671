"""``cpr-rules address KOMK VEJKOD [HUSNR] [--etage E] [--sidedoer S] [--bnr B]``.

Prints CPR's one-line standard address (``Vesterbrogade 5, 3. tv, 1620 København V``), or with
``--format json`` every part. Codes not in the tables give a sentence naming the table and the
date, and exit code 1.
"""

from __future__ import annotations

import argparse
from typing import Any

from cpr_rules._today import danish_today
from cpr_rules.adressefelter import (
    normalise_bnr,
    normalise_etage,
    normalise_husnr,
    normalise_sidedoer,
)
from cpr_rules.cli._common import add_format, add_lang, parse_date, print_json, require

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``address`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "address", help="print the klarskrift of an address (CPR's one-line standard form)"
    )
    p.add_argument("kommunekode", help="4-digit kommunekode, e.g. 0101")
    p.add_argument("vejkode", help="4-digit vejkode, e.g. 8204")
    p.add_argument("husnr", nargs="?", help="husnr as typed: 5, 005, 12B, '12 b'")
    p.add_argument("--etage", help="3, 03, st, kl, k2 …")
    p.add_argument("--sidedoer", help="tv, th, mf or a door number")
    p.add_argument("--bnr", help="bygningsnummer (Greenland)")
    p.add_argument("--date", type=parse_date, help="as of this date (default: today)")
    add_format(p)
    add_lang(p)
    p.set_defaults(func=run)


def _code(value: str, name: str) -> str:
    code = value.strip().zfill(4)
    require(len(code) == 4 and code.isdigit(), f"{name} must be 1-4 digits, not {value!r}")
    return code


def run(args: argparse.Namespace) -> int:
    """Translate and print; 0 when every part was found, 1 when not."""
    from cpr_rules.translator import Translator

    result = Translator().address(
        _code(args.kommunekode, "kommunekode"),
        _code(args.vejkode, "vejkode"),
        normalise_husnr(args.husnr) if args.husnr else None,
        etage=normalise_etage(args.etage) if args.etage else None,
        sidedoer=normalise_sidedoer(args.sidedoer) if args.sidedoer else None,
        bnr=normalise_bnr(args.bnr) if args.bnr else None,
        as_of=args.date or danish_today(),
    )
    if args.format == "json":
        print_json(result.to_dict(args.lang))
    else:
        if result.line:
            print(result.line)
        for problem in result.to_dict(args.lang)["problems"]:
            print(problem)
    return 0 if result.ok else 1
