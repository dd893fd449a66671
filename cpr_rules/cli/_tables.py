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

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``tables`` and its sub-command ``import`` to the ``cpr-rules`` parser."""
    tables = subparsers.add_parser("tables", help="work with the shipped code tables")
    sub = tables.add_subparsers(dest="tables_command", metavar="SUBCOMMAND")
    parser = sub.add_parser(
        "import",
        help="generate code tables from CPR register files (A370712/713/714/716)",
        description=(
            "Generate code tables from CPR's register files A370712/713/714/716, zipped as CPR "
            "publishes them or extracted. Prints one line per table written; a corrupt file is "
            "an error (exit 2) and leaves every table as it was."
        ),
    )
    parser.add_argument("files", nargs="+", type=input_file, metavar="FILE", help=".zip or .txt")
    parser.add_argument(
        "--out",
        type=output_folder,
        default=None,
        metavar="DIR",
        help="folder to write the tables to (default: the shipped codetables folder)",
    )
    parser.set_defaults(func=_import)


def _import(args: argparse.Namespace) -> int:
    from cpr_rules._paths import codetables_dir
    from cpr_rules.tables.importer import import_tables

    out: Path = args.out if args.out is not None else codetables_dir()
    for table in import_tables(args.files, out):
        print(f"wrote {_display(table.path)} ({table.rows} rows, produced {table.produced})")
    return 0


def _display(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as it is."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
