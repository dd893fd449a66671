"""Issue 11 point 2: a kommune user lists and decides only its own kommuner (HTTP and CLI)."""

from __future__ import annotations

import pytest

from cpr_rules import gctp
from cpr_rules.cli import main
from cpr_rules.sandbox.server import RunningSandbox

from .helpers import FLYTB, Gctp, keys, kommune_call, kommune_cli, kvit_of, ts_of

ADDRESS = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5"}
EVENTS = "/sandbox/kommune/events"


def saved(client: Gctp, token: str, pnr: str) -> str:
    """A FLYTB-I to København (0101) in the venteregister; its VNTS."""
    ts = ts_of(client.send(gctp.initier(FLYTB, keys(pnr), mk="0041"), token))
    reply = client.send(gctp.gem(FLYTB, keys(pnr), ADDRESS, ts=ts, mk="0041"), token)
    assert kvit_of(reply).r == "Afslut"
    return ts


def test_http_another_kommunes_events_are_not_listed_or_decided(
    client: Gctp, token: str, active: list[str]
) -> None:
    """KOMMUNE2 (0147) sees no 0101 event, is 403 for ?komk=0101 and for approve/reject of
    one; KOMMUNE1 (0101, 0851) sees and approves it."""
    vnts = saved(client, token, active[40])
    other, own = client.token("KOMMUNE2", "KommKo26"), client.token("KOMMUNE1", "KommKo26")
    listed = kommune_call(client.url, other, "GET", EVENTS + "?status=alle")
    assert listed.status_code == 200
    assert all(e["komk"] == "0147" for e in listed.json()["events"])
    assert kommune_call(client.url, other, "GET", EVENTS + "?komk=0101").status_code == 403
    for verb, body in (("approve", None), ("reject", {"reason": "nej"})):
        answer = kommune_call(client.url, other, "POST", f"{EVENTS}/{vnts}/{verb}", json=body)
        assert answer.status_code == 403 and "0101" in answer.json()["error"]
    mine = kommune_call(client.url, own, "GET", EVENTS).json()["events"]
    assert vnts in [e["vnts"] for e in mine] and {e["komk"] for e in mine} <= {"0101", "0851"}
    assert kommune_call(client.url, own, "POST", f"{EVENTS}/{vnts}/approve").status_code == 200


def test_cli_is_scoped_to_the_users_kommuner(
    client: Gctp,
    token: str,
    active: list[str],
    server: RunningSandbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--user KOMMUNE2 cannot list 0101, approve or reject a 0101 event (exit 2, one line);
    a borger user or an unknown one is refused too; KOMMUNE1 can."""
    vnts = saved(client, token, active[41])
    base = kommune_cli(server)
    as2 = ["--user", "KOMMUNE2", *base]
    assert main(["sandbox", "kommune", "list", "--komk", "0101", *as2]) == 2
    assert main(["sandbox", "kommune", "list", "--status", "alle", *as2]) == 0
    assert vnts not in capsys.readouterr().out
    assert main(["sandbox", "kommune", "approve", vnts, *as2]) == 2
    assert main(["sandbox", "kommune", "reject", vnts, "--reason", "nej", *as2]) == 2
    assert "not yours" in capsys.readouterr().err
    assert main(["sandbox", "kommune", "list", "--user", "PORTAL01", *base]) == 2
    assert main(["sandbox", "kommune", "list", "--user", "NOBODY", *base]) == 2
    assert main(["sandbox", "kommune", "approve", vnts, "--user", "KOMMUNE1", *base]) == 0
