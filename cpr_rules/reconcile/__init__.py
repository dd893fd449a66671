"""Reconciling the local verdict with CPR's, and the drift report for rule authors.

- :func:`reconcile` (pure): a :class:`~cpr_rules.rules.Report` × CPR's verdict →
  :class:`Reconciliation` of :class:`Item` s with an :class:`Outcome` each;
- :func:`check_with_cpr`: the one call a portal makes (pre-check → valider → reconcile), giving
  what to show the citizen and one JSON line to log;
- :mod:`cpr_rules.reconcile.drift`: aggregate logged lines (``cpr-rules drift``).
"""

from __future__ import annotations

from cpr_rules.reconcile._reconcile import CPR_FIELD_ALIASES, reconcile
from cpr_rules.reconcile.model import CprVerdictLike, Item, Outcome, Reconciliation
from cpr_rules.reconcile.portal import (
    Message,
    PortalResult,
    acheck_with_cpr,
    check_with_cpr,
    reconcile_with,
)

__all__ = [
    "CPR_FIELD_ALIASES",
    "CprVerdictLike",
    "Item",
    "Message",
    "Outcome",
    "PortalResult",
    "Reconciliation",
    "acheck_with_cpr",
    "check_with_cpr",
    "reconcile",
    "reconcile_with",
]
