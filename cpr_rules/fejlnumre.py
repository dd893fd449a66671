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
[52, 724, 725, 3974, 3975]
>>> FORM_TEXTS[("KOMK", 725)]
'Feltet kan kun udfyldes med cifre (0-9)'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cpr_rules.rules import Finding
    from cpr_rules.tables import CodeTable

__all__ = [
    "FORM_NUMBERS",
    "FORM_SOURCES",
    "FORM_TEXTS",
    "form_number",
    "form_text",
    "not_on_ctmyn",
]

FORM_NUMBERS: Final[Mapping[tuple[str, str], int]] = MappingProxyType(
    {
        ("KOMK", "required"): 3974,
        ("KOMK", "ctmyn"): 3975,
        ("KOMK", "code.length"): 724,
        ("KOMK", "code.format"): 725,
        ("CADR_VEJKOD", "required"): 724,
        ("CADR_VEJKOD", "code.length"): 724,
        ("CADR_VEJKOD", "code.format"): 725,
        **dict.fromkeys(
            (
                ("PNR", f"personnummer.{defect}")
                for defect in ("format", "date", "erstatning", "ecpr")
            ),
            52,
        ),
    }
)
"""(field, defect) -> bilag 13's number. The defect is ``required`` (the field is blank) or the
type check's reason (``code.length``: not 4 characters; ``code.format``: not only digits).
A blank ``CADR_VEJKOD`` is "not helt udfyldt" (724): bilag 13 has no "skal angives" number for
VEJK, as it has for KOMK (3974). A ``PNR`` that is not a personnummer (any defect the type check
names: form, date, erstatningspersonnummer, eCPR) is 52, "Hvis ej blankt, skal pnr være et
gyldigt CPRNR"; a blank PNR is a missing key, which bilag 13 (for searches, where PNR may be
blank) does not number. ``ctmyn`` is a ``KOMK`` of the right form that is no myndighedskode on
CTMYN (the ``myndigheder`` table) at any date: 3975, "Myndigheden findes ikke i CPR". No finding
names that defect by itself (the rule set's existence check on ``KOMK`` refuses regions and
ended kommuner too, which are on CTMYN), so :func:`form_number` never gives it; whoever holds
the tables decides it (:func:`not_on_ctmyn`, the sandbox)."""

FORM_SOURCES: Final[Mapping[int, str]] = MappingProxyType(
    {
        724: "bilag-13-fejlnumre.txt l.127 (KOMK GKNUM-2N 'helt udfyldt med 4 cifre'), "
        "l.224 (VEJK 'helt udfyldt')",
        725: "bilag-13-fejlnumre.txt l.128 (KOMK GKNUM-2N 'kun udfyldes med cifre (0-9)'), "
        "l.225 (VEJK 'helt udfyldt med 4 cifre (0-9)')",
        3974: "bilag-13-fejlnumre.txt l.134 (KOMK GX905--N 'Myndighedskode skal angives')",
        3975: "bilag-13-fejlnumre.txt l.135 (KOMK GX905--N 'Kontroller om myndighedskoden"
        " findes på CTMYN' … 'Myndigheden findes ikke i CPR')",
        52: "bilag-13-fejlnumre.txt l.194 (PNR GKPNR-1N 'Hvis ej blankt, skal pnr være et"
        " gyldigt CPRNR', PNR GKPNR-1N)",
    }
)
"""Number -> where bilag 13 gives it (file and line)."""

FORM_TEXTS: Final[Mapping[tuple[str, int], str]] = MappingProxyType(
    {
        ("KOMK", 724): "Feltet skal være helt udfyldt med 4 cifre",  # bilag 13 l.127
        ("KOMK", 725): "Feltet kan kun udfyldes med cifre (0-9)",  # l.128
        ("KOMK", 3974): "Myndighedskode skal angives",  # l.134
        ("KOMK", 3975): "Myndigheden findes ikke i CPR",  # l.135
        ("CADR_VEJKOD", 724): "Feltet skal være helt udfyldt",  # l.224
        ("CADR_VEJKOD", 725): "Feltet skal være helt udfyldt med 4 cifre (0-9)",  # l.225
    }
)
"""(field, number) -> the text bilag 13 gives that number for that field: CPR's ``Kvit t``. For
52 bilag 13 gives a condition, not a text ("Hvis ej blankt, skal pnr være et gyldigt CPRNR"),
so it has none here."""


def form_number(finding: Finding) -> int | None:
    """Bilag 13's number for ``finding`` when it is a form error on KOMK or ``CADR_VEJKOD``,
    else None."""
    if not finding.fields:
        return None
    required = finding.rule.endswith(".required")
    defect = "required" if required else str(finding.params.get("reason"))
    return FORM_NUMBERS.get((finding.fields[0], defect))


def form_text(finding: Finding) -> str | None:
    """Bilag 13's text for :func:`form_number` of ``finding`` (see :data:`FORM_TEXTS`), else
    None."""
    number = form_number(finding)
    return FORM_TEXTS.get((finding.fields[0], number)) if number is not None else None


def not_on_ctmyn(finding: Finding, myndigheder: CodeTable) -> bool:
    """Whether ``finding`` refuses a ``KOMK`` of the right form (4 digits) that is no
    myndighedskode on CTMYN (``myndigheder``) at any date: CPR's 3975 (:data:`FORM_NUMBERS`
    ``("KOMK", "ctmyn")``). A region, an ended kommune or another authority is on CTMYN: the
    rule set's own answer, not 3975."""
    if finding.fields != ("KOMK",) or finding.params.get("table") != "kommuner":
        return False
    value = finding.params.get("value")
    if not (isinstance(value, str) and len(value) == 4 and value.isascii() and value.isdigit()):
        return False
    return not myndigheder.contains(value)
