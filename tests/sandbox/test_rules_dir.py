"""``--rules DIR``: the sandbox validates with another rule-set version, so drift can be staged."""

from __future__ import annotations

import shutil
from pathlib import Path

from cpr_rules import gctp
from cpr_rules._paths import rulesets_dir
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.server import start

from .helpers import TODAY, Gctp, keys


def test_the_rules_folder_is_authoritative(tmp_path: Path) -> None:
    """A rule set whose husnr-eller-bnr rule says CPR fejl 4711 is answered with 4711."""
    rules = tmp_path / "rules"
    shutil.copytree(rulesets_dir(), rules)
    block = rules / "_blocks" / "adresse.yaml"
    text = block.read_text(encoding="utf-8")
    assert text.count("cpr: {fejl: [1068]}") == 1
    block.write_text(text.replace("cpr: {fejl: [1068]}", "cpr: {fejl: [4711]}"), encoding="utf-8")
    config = SandboxConfig(port=0, db=tmp_path / "s.sqlite3", rules=rules, today=TODAY)
    with start(config) as running:
        client = Gctp(running.url)
        token = client.token("DEMO0001", "DemoKo26")
        pnr = "0101429059"
        reply = client.send(gctp.initier("FLYTB-I", keys(pnr), mk="0041"), token)
        ts = reply.primary_service.header.ts  # type: ignore[union-attr]
        assert ts is not None
        data = {"CADR_VEJKOD": "8204", "CADR_HUSNR": "5", "CADR_BNR": "0101"}
        answer = client.send(gctp.valider("FLYTB-I", keys(pnr), data, ts=ts, mk="0041"), token)
        assert answer.kvit is not None and (answer.kvit.r, answer.kvit.v) == ("Fejl", "4711")
