"""A deterministic generator of reconciliation log lines (what portals log), for the drift
benchmark and tests: mostly agreement, some drift of every kind, spread over days."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator

ITEMS = [
    (0.86, {"outcome": "agree", "cpr_kind": "Ok"}),
    (
        0.05,
        {
            "outcome": "agree",
            "rule": "husnr-eller-bnr",
            "cpr_kind": "Fejl",
            "cpr_number": 1068,
            "source": "rulesets/_blocks/adresse.yaml:85",
            "fields": ["CADR_HUSNR", "CADR_BNR"],
        },
    ),
    (
        0.03,
        {
            "outcome": "local_stricter",
            "rule": "hdto-tidligst-28-dage-foer",
            "source": "rulesets/FLYTB-I.yaml:120",
            "fields": ["HDTO"],
            "values": {"HDTO": "2026-12-20"},
        },
    ),
    (
        0.02,
        {
            "outcome": "local_missed",
            "cpr_kind": "Fejl",
            "cpr_number": 2017,
            "cpr_text": "Man kan ikke slette en beskyttelse der ikke findes",
            "fields": ["CBSK_VALG3"],
            "values": {"CBSK_VALG3": "S"},
        },
    ),
    (
        0.01,
        {
            "outcome": "local_missed",
            "cpr_kind": "Fejl",
            "cpr_text": "Adressen findes ikke i CPR",
            "fields": ["CADR_HUSNR"],
            "values": {"CADR_HUSNR": "012"},
        },
    ),
    (
        0.02,
        {
            "outcome": "translation_differs",
            "table": "vejstykker",
            "code": ["0101", "8204"],
            "ours": "Vesterbrogade",
            "theirs": "Vesterbrogade (ny)",
            "produced": "2015-02-02",
            "fields": ["CADR_VEJKOD"],
        },
    ),
    (
        0.02,
        {
            "outcome": "unknown_cpr_number",
            "cpr_kind": "Anmrk",
            "cpr_number": 243,
            "cpr_text": "Boligen har en ukendt boligtypekode i CPR.",
        },
    ),
]


def iter_lines(
    n: int, *, seed: int = 7, start: dt.date = dt.date(2026, 9, 1), days: int = 90
) -> Iterator[str]:
    """``n`` JSON lines as :meth:`Reconciliation.to_log` writes them."""
    rng = random.Random(seed)
    weights = [w for w, _ in ITEMS]
    for _ in range(n):
        day = start + dt.timedelta(days=rng.randrange(days))
        at = dt.datetime(
            day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=dt.UTC
        )
        item = rng.choices(ITEMS, weights)[0][1]
        record = {
            "at": at.isoformat(timespec="seconds"),
            "haendelse": "FLYTB-I",
            "ruleset_version": "2026.1",
            "tables": {"vejstykker": "2015-02-02", "kommuner": "2015-01-02"},
            "pnr": f"{rng.randrange(1, 29):02d}{rng.randrange(1, 13):02d}"
            f"{rng.randrange(100):02d}-****",
            "items": [item],
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
