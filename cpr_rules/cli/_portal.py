"""``cpr-rules portal [--cpr URL] [--host H] [--port P] [--today D]``: the demo portal.

Serves the web app (``/api``, ``/openapi.json``) with the demo portal "Anmeld flytning" at
``/`` and prints the page's URL as the first line. Without ``--cpr`` it starts the CPR sandbox
in process (its database in a temporary folder unless ``--db``) and logs on as the sandbox's
demo user. With ``--cpr`` the portal's personkode comes from the environment, never from the
command line: ``CPR_RULES_USERID``, ``CPR_RULES_KENDEORD`` and ``CPR_RULES_KENDEORD_SET``
(the day the kendeord was set, ``YYYY-MM-DD``). Needs ``pip install 'cpr_rules[web]'``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cpr_rules.cli._common import (
    base_url,
    host_name,
    output_file,
    parse_date,
    port_number,
    require_extra,
    require_free_port,
)
from cpr_rules.cli._help import command_help
from cpr_rules.errors import InputError

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the ``portal`` sub-command."""
    p: argparse.ArgumentParser = sub.add_parser(
        "portal",
        help="serve the web API and the demo portal 'Anmeld flytning'",
        **command_help(
            "Serve the web API (/api, /openapi.json) and the demo portal 'Anmeld flytning' at /, "
            "printing the page's URL first. Without --cpr an embedded CPR sandbox is started; "
            "with --cpr the personkode comes from CPR_RULES_USERID, CPR_RULES_KENDEORD and "
            "CPR_RULES_KENDEORD_SET. Needs pip install 'cpr_rules[web]'.",
            ("cpr-rules portal --port 8080", "cpr-rules portal --cpr https://cpr.example/"),
            {0: "stopped with Ctrl-C", 2: "unusable configuration (one line on stderr)"},
        ),
    )
    p.add_argument(
        "--cpr", metavar="URL", type=base_url, help="CPR's base URL (default: an embedded sandbox)"
    )
    p.add_argument("--host", type=host_name, default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=port_number, default=8080, help="port (0: any free port)")
    p.add_argument("--today", type=parse_date, help="check (and run the sandbox) as of this date")
    p.add_argument(
        "--db", type=output_file, help="the embedded sandbox's database (default: temporary)"
    )
    p.set_defaults(func=run)


def _credentials() -> tuple[str, str, dt.date]:
    userid = os.environ.get("CPR_RULES_USERID", "")
    kendeord = os.environ.get("CPR_RULES_KENDEORD", "")
    set_on = os.environ.get("CPR_RULES_KENDEORD_SET", "")
    if not (userid and kendeord and set_on):
        raise InputError(
            "--cpr needs the portal's personkode in CPR_RULES_USERID, CPR_RULES_KENDEORD and"
            " CPR_RULES_KENDEORD_SET (YYYY-MM-DD)"
        )
    try:
        return userid, kendeord, dt.date.fromisoformat(set_on)
    except ValueError:
        raise InputError("CPR_RULES_KENDEORD_SET must be a date YYYY-MM-DD") from None


@contextlib.contextmanager
def _embedded_sandbox(args: argparse.Namespace, today: dt.date | None) -> Iterator[str]:
    from cpr_rules.sandbox.config import SandboxConfig
    from cpr_rules.sandbox.server import start

    with contextlib.ExitStack() as stack:
        db = args.db
        if db is None:
            db = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "sandbox.sqlite3"
        running = stack.enter_context(start(SandboxConfig(port=0, db=db, today=today)))
        yield running.url


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C."""
    require_extra("web")
    require_free_port(args.host, args.port)
    from cpr_rules._today import danish_today
    from cpr_rules.web.app import create_app
    from cpr_rules.web.portal import PortalConfig
    from cpr_rules.web.server import bind, url_of
    from cpr_rules.web.server import run as serve

    fixed: dt.date | None = args.today
    today: Callable[[], dt.date] = (lambda: fixed) if fixed is not None else danish_today
    try:
        sock = bind(args.host, args.port)
    except OSError as error:  # taken between the check and now
        raise InputError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    with contextlib.ExitStack() as stack:
        stack.callback(sock.close)
        if args.cpr is None:
            from cpr_rules.sandbox.users import DEMO_USERS

            cpr_url = stack.enter_context(_embedded_sandbox(args, fixed))
            userid, kendeord, set_on = DEMO_USERS[0][0], DEMO_USERS[0][1], today()
            where = f"an embedded sandbox at {cpr_url} (demo user {userid})"
        else:
            cpr_url, (userid, kendeord, set_on) = args.cpr, _credentials()
            where = cpr_url
        config = PortalConfig(cpr_url, userid, kendeord, kendeord_set_on=set_on)
        app = create_app(today=today, portal=config)
        app.state.api.streets  # noqa: B018 - build the street index before the first citizen
        print(f"{url_of(sock)}/", flush=True)
        print(f"  cpr-rules portal: CPR is {where}", flush=True)
        print(f"  API: {url_of(sock)}/openapi.json; Ctrl-C stops.", flush=True)
        serve(app, sock)
    print("cpr-rules portal: stopped", file=sys.stderr)
    return 0
