"""With every logger at DEBUG, over real HTTP: the session's own records never carry a token.

httpcore's DEBUG records *do* show the Set-Cookie header with the token (this test proves it),
which is why docs/security.md and docs/portal-guide.md say to keep ``httpx`` and ``httpcore``
at WARNING in production.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.person_records import load_demo_persons
from cpr_rules.sandbox.server import RunningSandbox, start
from cpr_rules.sandbox.users import DEMO_USERS
from cpr_rules.session import CprSession

TODAY = dt.date(2015, 2, 1)
USERID, KENDEORD, _ = DEMO_USERS[0]
TOKEN = re.compile(r"Token=([^;'\"\s]+)")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    folder: Path = tmp_path_factory.mktemp("debug-logs")
    config = SandboxConfig(port=0, db=folder / "sandbox.sqlite3", today=TODAY, demo_scrypt_n=1024)
    with start(config) as running:
        yield running


def test_session_records_never_carry_the_token(
    sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """Logon, initier, valider, afbryd with DEBUG everywhere: no cpr_rules record has a secret."""
    pnr = sorted(p for p, person in load_demo_persons().items() if person.status == "01")[0]
    caplog.set_level(logging.DEBUG)
    with CprSession(
        sandbox.url, USERID, KENDEORD, kendeord_set_on=TODAY, clock=lambda: TODAY
    ) as cpr:
        cpr.logon()
        cpr.initier("FLYTB-I", pnr, "2015-02-28", "0101")
        cpr.valider({"CADR_VEJKOD": "8204", "CADR_HUSNR": "005"}, continue_anmrk=True)
        cpr.afbryd()
    texts = [(r.name, r.getMessage() + (r.exc_text or "")) for r in caplog.records]
    tokens = {m for _, text in texts for m in TOKEN.findall(text)}
    assert tokens, "httpcore's DEBUG records show the cookie: the documented hazard is real"
    own = [text for name, text in texts if name.startswith("cpr_rules")]
    assert own, "the session logs"
    for text in own:
        assert not any(token in text for token in tokens), text
        assert KENDEORD not in text and pnr not in text, text
