"""``cpr-rules sandbox serve|kommune``: the local CPR sandbox (docs/sandbox.md).

``sandbox serve`` runs the GCTP server until Ctrl-C; ``sandbox kommune list|approve|reject``
works on the sandbox database directly (also while the server runs). Personnumre are shown
masked (``DDMMÅÅ-****``) only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpr_rules.cli._common import (
    add_format,
    host_name,
    input_file,
    input_folder,
    output_file,
    parse_date,
    port_number,
    print_json,
    require_extra,
    require_free_port,
)

if TYPE_CHECKING:
    from cpr_rules.sandbox.runtime import Sandbox

__all__ = ["register"]

_STATUSES = ("afventer", "godkendt", "afvist", "alle")


def register(sub: Any) -> None:
    """Add the ``sandbox`` sub-command and its own sub-commands."""
    from cpr_rules.sandbox.config import DEFAULT_DB

    p: argparse.ArgumentParser = sub.add_parser("sandbox", help="the local CPR sandbox server")
    commands = p.add_subparsers(dest="sandbox_command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="serve GCTP on the paths of bilag 5")
    serve.add_argument("--host", type=host_name, default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=port_number, default=8000, help="port (0: any free port)")
    serve.add_argument("--db", type=output_file, default=DEFAULT_DB, help="sandbox database file")
    serve.add_argument("--rules", type=input_folder, help="folder of rule sets (default: shipped)")
    serve.add_argument(
        "--tables", type=input_folder, help="folder of code tables + manifest (default: shipped)"
    )
    serve.add_argument("--users", type=input_file, help="users YAML (default: the demo users)")
    serve.add_argument("--persons", type=input_file, help="extra persons as YAML fixtures")
    serve.add_argument("--today", type=parse_date, help="validate as of this date (tests)")
    serve.set_defaults(func=run_serve)

    kommune = commands.add_parser("kommune", help="the kommune's side of the venteregister")
    actions = kommune.add_subparsers(dest="kommune_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list hændelser in the venteregister")
    listing.add_argument("--komk", help="only this kommune (4 digits)")
    listing.add_argument("--status", choices=_STATUSES, default="afventer")
    add_format(listing)
    approving = actions.add_parser("approve", help="approve a hændelse (applies the move)")
    approving.add_argument("vnts", help="the hændelse's VNTS (20 digits)")
    rejecting = actions.add_parser("reject", help="reject a hændelse with a reason")
    rejecting.add_argument("vnts", help="the hændelse's VNTS (20 digits)")
    rejecting.add_argument("--reason", required=True, help="why the kommune rejects it")
    for action in (listing, approving, rejecting):
        action.add_argument("--db", type=Path, default=DEFAULT_DB, help="sandbox database file")
        action.set_defaults(func=run_kommune)


def run_serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    require_extra("sandbox")
    require_free_port(args.host, args.port)
    from cpr_rules.sandbox.config import SandboxConfig
    from cpr_rules.sandbox.server import configure_logging, serve

    config = SandboxConfig(
        host=args.host,
        port=args.port,
        db=args.db,
        rules=args.rules,
        tables=args.tables,
        users=args.users,
        persons=args.persons,
        today=args.today,
    )
    configure_logging()
    serve(config, on_start=_announce)
    print("cpr-rules sandbox: stopped", file=sys.stderr)
    return 0


def _announce(url: str, sandbox: Sandbox) -> None:
    from cpr_rules.sandbox.users import DEMO_USERS

    config = sandbox.config
    print(f"cpr-rules sandbox: {url}  (logon POST {url}/cics/dmwg/cscwbsgn,", flush=True)
    print(f"  services POST {url}/cpr-online-gctp/gctp)", flush=True)
    print(f"  database {config.db}; rules {config.rules or 'shipped'};", flush=True)
    if config.users is None:
        users = ", ".join(f"{u} / {k} ({g})" for u, k, g in DEMO_USERS)
        print(f"  demo users: {users}", flush=True)
    else:
        print(f"  users from {config.users}", flush=True)
    print("  Ctrl-C stops.", flush=True)


def run_kommune(args: argparse.Namespace) -> int:
    """``kommune list|approve|reject`` on the database file."""
    from cpr_rules.cli._common import require
    from cpr_rules.sandbox import kommune
    from cpr_rules.sandbox.store import Store

    store = Store(args.db, create=False)
    if args.kommune_command == "list":
        komk = args.komk
        require(komk is None or (len(komk) == 4 and komk.isdigit()), "--komk must be 4 digits")
        status = None if args.status == "alle" else args.status
        entries = [
            kommune.summary(e) for e in kommune.list_entries(store, komk=komk, status=status)
        ]
        if args.format == "json":
            print_json({"events": entries})
        else:
            _print_entries(entries)
        return 0
    if args.kommune_command == "approve":
        entry = kommune.approve(store, args.vnts)
    else:
        entry = kommune.reject(store, args.vnts, args.reason)
    print(f"{entry.vnts} {entry.status}")
    return 0


def _print_entries(entries: list[dict[str, Any]]) -> None:
    if not entries:
        print("(ingen hændelser)")
    for e in entries:
        address = " ".join(f"{k.removeprefix('CADR_')}={v}" for k, v in e["adresse"].items())
        line = f"{e['vnts']}  {e['haendelse']}  {e['pnr']}  komk {e['komk']}  {e['hdto']}"
        print(f"{line}  {address}  {e['status']}" + (f"  ({e['reason']})" if e["reason"] else ""))
