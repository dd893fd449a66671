"""CPR's verdict as a plain value (what ``cpr_rules.session.CprVerdict`` gives, not a mock),
shared by the reconcile tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field


@dataclass(frozen=True)
class Verdict:
    """CPR's answer as the session gives it (a plain value, not a mock)."""

    kind: str
    number: int | None = None
    text: str = ""
    field: str | None = None
    translations: Mapping[str, str] = dc_field(default_factory=dict)
