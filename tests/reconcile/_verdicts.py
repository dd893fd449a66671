"""What the reconcile tests share: a valid FLYTB-I submission and CPR's verdict as a plain
value (what ``cpr_rules.session.CprVerdict`` gives, not a mock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field

TODAY = dt.date(2015, 2, 1)
GOOD = {
    "PNR": "0202802729",
    "HDTO": "2015-02-28",
    "KOMK": "0101",
    "CADR_VEJKOD": "8204",
    "CADR_HUSNR": "005",
}
STAM = {"STATUS": "01"}


@dataclass(frozen=True)
class Verdict:
    """CPR's answer as the session gives it (a plain value, not a mock)."""

    kind: str
    number: int | None = None
    text: str = ""
    field: str | None = None
    translations: Mapping[str, str] = dc_field(default_factory=dict)
