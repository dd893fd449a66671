"""``cpr-rules tables import FILE... [--out DIR]``: regenerate code tables from CPR's files.

FILE is one of CPR's register files A370712/713/714/716, zipped as CPR publishes them or
extracted. Prints one line per table written; a corrupt file is an error (exit 2) and leaves
every table as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cpr_rules.cli._common import input_file, output_folder
from cpr_rules.cli._help import command_help

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``tables`` and its sub-command ``import`` to the ``cpr-rules`` parser."""
    tables = subparsers.add_parser(
        "tables",
        help="work with the code tables",
        **command_help(
            "Work with the code tables: 'import' generates them from CPR's register files.",
            ("cpr-rules tables import cprPostregister.zip --out codetables",),
            {0: "ok", 2: "unusable input or usage (one line on stderr)"},
        ),
    )
    sub = tables.add_subparsers(
        dest="tables_command", metavar="SUBCOMMAND", help="import: from CPR's register files"
    )
    parser = sub.add_parser(
        "import",
        help="generate code tables from CPR register files (A370712/713/714/716)",
        **command_help(
            "Generate code tables from CPR's register files A370712/713/714/716, zipped as CPR "
            "publishes them or extracted. Prints one line per table written; a corrupt file is "
            "an error (exit 2) and leaves every table as it was.",
            ("cpr-rules tables import cprPostregister.zip --out codetables",),
            {
                0: "the tables were written",
                2: "a corrupt or unreadable file, or usage (nothing is written)",
            },
        ),
    )
    parser.add_argument("files", nargs="+", type=input_file, metavar="FILE", help=".zip or .txt")
    parser.add_argument(
        "--out",
        type=output_folder,
        default=Path("codetables"),
        metavar="DIR",
        help="folder to write the tables and their manifest.yaml to (default: ./codetables); "
        "never the installed package",
    )
    parser.set_defaults(func=_import)


def _import(args: argparse.Namespace) -> int:
    import cpr_rules
    from cpr_rules.errors import InputError
    from cpr_rules.tables.importer import import_tables

    out: Path = args.out
    package = Path(cpr_rules.__file__).resolve().parent
    if out.resolve().is_relative_to(package):
        raise InputError(f"--out {out}: will not write into the installed package ({package})")
    for table in import_tables(args.files, out):
        print(f"wrote {_display(table.path)} ({table.rows} rows, produced {table.produced})")
    return 0


def _display(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as it is."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
