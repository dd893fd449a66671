"""``cpr-rules sandbox serve|kommune``: the local CPR sandbox (docs/sandbox.md).

``sandbox serve`` runs the GCTP server until Ctrl-C; ``sandbox kommune list|approve|reject``
works on the sandbox database directly (also while the server runs), as a kommune user of the
users file (``--user``), on that user's kommuner only. Personnumre are shown masked
(``DDMMÅÅ-****``) only.
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
    require,
    require_extra,
    require_free_port,
)
from cpr_rules.cli._help import command_help

if TYPE_CHECKING:
    from cpr_rules.sandbox.runtime import Sandbox

__all__ = ["register"]

_STATUSES = ("afventer", "godkendt", "afvist", "alle")


def register(sub: Any) -> None:
    """Add the ``sandbox`` sub-command and its own sub-commands."""
    from cpr_rules.sandbox.config import DEFAULT_DB

    p: argparse.ArgumentParser = sub.add_parser(
        "sandbox",
        help="the local CPR sandbox server",
        **command_help(
            "The local CPR sandbox (docs/sandbox.md): 'serve' runs a GCTP server on the paths "
            "of bilag 5; 'kommune' works on its venteregister.",
            ("cpr-rules sandbox serve --port 8000", "cpr-rules sandbox kommune list"),
        ),
    )
    commands = p.add_subparsers(
        dest="sandbox_command", metavar="COMMAND", required=True, help="serve or kommune"
    )

    serve = commands.add_parser(
        "serve",
        help="serve GCTP on the paths of bilag 5",
        **command_help(
            "Serve the CPR sandbox over HTTP until Ctrl-C: logon, the CPR services of bilag 5 "
            "and the hændelser of the shipped (or given) rule sets, with demo users.",
            ("cpr-rules sandbox serve", "cpr-rules sandbox serve --port 0 --db /tmp/s.sqlite"),
            {0: "stopped with Ctrl-C", 2: "unusable configuration (one line on stderr)"},
        ),
    )
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
    serve.add_argument(
        "--lockout-attempts",
        type=_natural,
        default=5,
        help="wrong kendeord in a row before a userid is locked out (0: never; default 5)",
    )
    serve.add_argument(
        "--lockout-seconds", type=_seconds, default=300.0, help="how long a lockout lasts"
    )
    serve.add_argument(
        "--body-timeout",
        type=_seconds,
        default=10.0,
        help="seconds a client has to send its request body (else 408)",
    )
    serve.add_argument(
        "--header-timeout",
        type=_seconds,
        default=10.0,
        help="seconds a client has to send a request's headers (else the connection is closed)",
    )
    serve.add_argument(
        "--max-dialogues-per-user", type=_positive, default=1000, help="open hændelser per user"
    )
    serve.add_argument(
        "--max-tokens-per-user",
        type=_positive,
        default=1000,
        help="live logon tokens per user (a logon past it ends the user's least recently used)",
    )
    serve.add_argument(
        "--demo-kendeord-cost",
        type=_positive,
        default=2**14,
        metavar="N",
        help="scrypt cost of the demo users' kendeord (power of 2; default 16384: keep it"
        " except for benchmarks)",
    )
    serve.set_defaults(func=run_serve)

    kommune = commands.add_parser(
        "kommune",
        help="the kommune's side of the venteregister",
        **command_help(
            "What a kommune does with hændelser waiting in the sandbox's venteregister: list, "
            "approve (applies the move) or reject them.",
            ("cpr-rules sandbox kommune list --komk 0101",),
        ),
    )
    actions = kommune.add_subparsers(
        dest="kommune_command", metavar="ACTION", required=True, help="list, approve or reject"
    )
    listing = actions.add_parser(
        "list",
        help="list hændelser in the venteregister",
        **command_help(
            "List the hændelser in the venteregister (personnumre masked).",
            ("cpr-rules sandbox kommune list --status afventer --format json",),
        ),
    )
    listing.add_argument("--komk", help="only this kommune (4 digits)")
    listing.add_argument(
        "--status",
        choices=_STATUSES,
        default="afventer",
        help="only this status (default: afventer)",
    )
    add_format(listing, help="text (a line each, default) or json (a list)")
    approving = actions.add_parser(
        "approve",
        help="approve a hændelse (applies the move)",
        **command_help(
            "Approve a waiting hændelse: the sandbox applies it to the person.",
            ("cpr-rules sandbox kommune approve 20260101120000000001",),
        ),
    )
    approving.add_argument("vnts", help="the hændelse's VNTS (20 digits)")
    approving.add_argument(
        "--beskyttelse-aar",
        type=_positive,
        metavar="N",
        help="agree to navne- og adressebeskyttelse for only N years (of more asked for)",
    )
    rejecting = actions.add_parser(
        "reject",
        help="reject a hændelse with a reason",
        **command_help(
            "Reject a waiting hændelse with a reason the citizen sees.",
            ("cpr-rules sandbox kommune reject 20260101120000000001 --reason 'ukendt adresse'",),
        ),
    )
    rejecting.add_argument("vnts", help="the hændelse's VNTS (20 digits)")
    rejecting.add_argument("--reason", required=True, help="why the kommune rejects it")
    for action in (listing, approving, rejecting):
        action.add_argument("--db", type=Path, default=DEFAULT_DB, help="sandbox database file")
        action.add_argument(
            "--user", required=True, help="the kommune user (its kommuner limit what you see)"
        )
        action.add_argument("--users", type=input_file, help="users YAML (default: the demo users)")
        action.set_defaults(func=run_kommune)


def _natural(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"expected seconds above 0 (below a day), got {text!r}")
    return value


def _positive(text: str) -> int:
    number = _natural(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return number


def run_serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    require_extra("sandbox")
    require(
        args.rules is None or any(args.rules.glob("*.yaml")),
        f"--rules {args.rules} holds no rule sets (*.yaml): the sandbox would accept nothing",
    )
    require(
        args.tables is None or (args.tables / "manifest.yaml").is_file(),
        f"--tables {args.tables} has no manifest.yaml: not a folder of code tables",
    )
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
        lockout_attempts=args.lockout_attempts,
        lockout_seconds=args.lockout_seconds,
        body_timeout_seconds=args.body_timeout,
        header_timeout_seconds=args.header_timeout,
        max_dialogues_per_user=args.max_dialogues_per_user,
        max_tokens_per_user=args.max_tokens_per_user,
        demo_scrypt_n=args.demo_kendeord_cost,
    )
    n = args.demo_kendeord_cost
    require(n >= 2 and n & (n - 1) == 0, "--demo-kendeord-cost must be a power of 2, e.g. 1024")
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
    from cpr_rules.sandbox import kommune
    from cpr_rules.sandbox.store import Store

    kommuner = _kommuner_of(args.user, args.users)
    store = Store(args.db, create=False)
    if args.kommune_command == "list":
        komk = args.komk
        require(komk is None or (len(komk) == 4 and komk.isdigit()), "--komk must be 4 digits")
        require(komk is None or komk in kommuner, f"{args.user} does not decide for kommune {komk}")
        status = None if args.status == "alle" else args.status
        found = kommune.list_entries(store, komk=komk, kommuner=kommuner, status=status)
        entries = [kommune.summary(e) for e in found]
        if args.format == "json":
            print_json({"events": entries})
        else:
            _print_entries(entries)
        return 0
    if args.kommune_command == "approve":
        years = args.beskyttelse_aar
        entry = kommune.approve(store, args.vnts, kommuner=kommuner, beskyttelse_aar=years)
    else:
        entry = kommune.reject(store, args.vnts, args.reason, kommuner=kommuner)
    print(f"{entry.vnts} {entry.status}")
    return 0


def _kommuner_of(userid: str, users_file: Path | None) -> tuple[str, ...]:
    """The kommuner of kommune user ``userid`` in the users file (or the demo users)."""
    from cpr_rules._today import danish_today
    from cpr_rules.sandbox.users import demo_users, load_users

    today = danish_today()
    users = load_users(users_file, today=today) if users_file else demo_users(today, scrypt_n=2)
    user = users.get(userid.upper())
    require(user is not None, f"no user {userid!r} in {users_file or 'the demo users'}")
    assert user is not None
    require(user.sikkerhedsgruppe == "kommune", f"{user.userid} is not a kommune user")
    require(user.active, f"{user.userid} is inactive")
    return user.kommuner


def _print_entries(entries: list[dict[str, Any]]) -> None:
    if not entries:
        print("(ingen hændelser)")
    for e in entries:
        address = " ".join(f"{k.removeprefix('CADR_')}={v}" for k, v in e["adresse"].items())
        line = f"{e['vnts']}  {e['haendelse']}  {e['pnr']}  komk {e['komk']}  {e['hdto']}"
        print(f"{line}  {address}  {e['status']}" + (f"  ({e['reason']})" if e["reason"] else ""))
