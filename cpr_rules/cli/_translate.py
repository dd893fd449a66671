"""``cpr-rules translate TABLE CODE…``: the klarskrift of one code in any code table.

``cpr-rules translate kommuner 0101`` prints ``København``; ``translate vejstykker 0101 8204``
prints ``Vesterbrogade``. ``cpr-rules translate --list`` lists the tables.
"""

from __future__ import annotations

import argparse
from typing import Any

from cpr_rules._today import danish_today
from cpr_rules.cli._common import add_format, add_lang, parse_date, print_json
from cpr_rules.cli._help import command_help

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``translate`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "translate",
        help="klarskrift of a code",
        **command_help(
            "Print the klarskrift (the text) of one code in any code table, as of a date; "
            "--list names the tables.",
            (
                "cpr-rules translate kommuner 0101",
                "cpr-rules translate vejstykker 0101 8204 --format json",
                "cpr-rules translate --list",
            ),
            {
                0: "the code is known",
                1: "the code is not in the table (the line says why)",
                2: "unusable input or usage (one line on stderr)",
            },
        ),
    )
    p.add_argument("table", nargs="?", help="code table, e.g. kommuner, vejstykker, landekoder")
    p.add_argument("key", nargs="*", help="the key columns, e.g. 0101 8204")
    p.add_argument("--list", action="store_true", help="list the code tables and exit")
    p.add_argument("--date", type=parse_date, help="as of this date (default: today)")
    add_format(p, help="text (the klarskrift, default) or json (the row and how it was found)")
    add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the klarskrift; 1 when the code is not found."""
    from cpr_rules.errors import InputError
    from cpr_rules.personnummer import mask_text
    from cpr_rules.translator import Translator

    translator = Translator()
    if args.list or not args.table:
        for name, table in translator.tables.items():
            print(f"{name}\t{' '.join(table.spec.key)}\t{len(table)} rows")
        return 0
    if args.table not in translator.tables:
        raise InputError(f"unknown table {args.table!r}; see 'cpr-rules translate --list'")
    key_columns = translator.tables[args.table].spec.key
    if len(args.key) != len(key_columns):
        raise InputError(f"{args.table} needs {len(key_columns)} key(s): {' '.join(key_columns)}")
    result = translator.code(
        args.table, *args.key, as_of=args.date or danish_today(), lang=args.lang
    )
    if args.format == "json":
        print_json(
            {
                "table": args.table,
                "key": [mask_text(k) for k in args.key],
                "text": result.text,
                "problem": None if result.ok else result.explain(args.lang),
            }
        )
    else:
        print(result.explain(args.lang))
    return 0 if result.ok else 1
