"""Bilag 13's fejlnumre for a key or a vejkode of the wrong form: the one place that says which
number CPR gives for which defect, read by both the sandbox (which answers with it) and
reconciliation (which recognises it as the local finding on that field).

Bilag 13 (``../shared/reference/cpr-services/bilag-13-fejlnumre.txt``) lists the numbers of the
*search* services (l.56 "Fejl der kan forekomme i en Cpr-søgeservice"); the update services
check the same fields with the same modules and publish no list of their own (protocol.md §5.1).
So the two readings are kept apart on purpose:

- a rule set declares only numbers of the update services (bilag 7), and a form error on KOMK or
  ``CADR_VEJKOD`` declares none (issue 9's audit);
- CPR may still answer such a form error with the module's bilag 13 number (the sandbox does),
  and that number then agrees with the local finding on the same field and of the same defect;
  it is neither an unknown number nor a miss.

>>> FORM_NUMBERS[("CADR_VEJKOD", "required")]
724
>>> sorted(set(FORM_NUMBERS.values()))
[724, 725, 3974]
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cpr_rules.rules import Finding

__all__ = ["FORM_NUMBERS", "FORM_SOURCES", "form_number"]

FORM_NUMBERS: Final[Mapping[tuple[str, str], int]] = MappingProxyType(
    {
        ("KOMK", "required"): 3974,
        ("KOMK", "code.length"): 724,
        ("KOMK", "code.format"): 725,
        ("CADR_VEJKOD", "required"): 724,
        ("CADR_VEJKOD", "code.length"): 724,
        ("CADR_VEJKOD", "code.format"): 725,
    }
)
"""(field, defect) -> bilag 13's number. The defect is ``required`` (the field is blank) or the
type check's reason (``code.length``: not 4 characters; ``code.format``: not only digits).
A blank ``CADR_VEJKOD`` is "not helt udfyldt" (724): bilag 13 has no "skal angives" number for
VEJK, as it has for KOMK (3974)."""

FORM_SOURCES: Final[Mapping[int, str]] = MappingProxyType(
    {
        724: "bilag-13-fejlnumre.txt l.127 (KOMK GKNUM-2N 'helt udfyldt med 4 cifre'), "
        "l.224 (VEJK 'helt udfyldt')",
        725: "bilag-13-fejlnumre.txt l.128 (KOMK GKNUM-2N 'kun udfyldes med cifre (0-9)'), "
        "l.225 (VEJK 'helt udfyldt med 4 cifre (0-9)')",
        3974: "bilag-13-fejlnumre.txt l.134 (KOMK GX905--N 'Myndighedskode skal angives')",
    }
)
"""Number -> where bilag 13 gives it (file and line)."""


def form_number(finding: Finding) -> int | None:
    """Bilag 13's number for ``finding`` when it is a form error on KOMK or ``CADR_VEJKOD``,
    else None."""
    if not finding.fields:
        return None
    required = finding.rule.endswith(".required")
    defect = "required" if required else str(finding.params.get("reason"))
    return FORM_NUMBERS.get((finding.fields[0], defect))
