"""Every ``Kvit`` number the sandbox answers with, its type, text and source: one literal table.

CPR's own numbers are used where the handbook shows one (1022, 1035, 2523, and bilag 13's
52, 724, 725, 3974 for a key or vejkode of the wrong form: :func:`fejl_number`, with bilag 13's
text where it gives one: :func:`fejl_text`; 3975 for a KOMK that is no myndighed on CTMYN,
:func:`cpr_rules.fejlnumre.not_on_ctmyn`). For the rest CPR
publishes no number (protocol.md §5.1: there is no list of update-service error numbers), so
the sandbox uses its own, all in 9000-9099, never a number CPR is known to use. A rule's finding
is answered with the rule's first ``cpr.fejl`` / ``cpr.anmrk`` number and the rule's Danish
message, or with ``v="0"`` (no number) when the rule declares none: reconciliation then matches
the answer by field instead of reporting an unknown CPR number.

>>> kvit(1022)
Kvit(r='Fejl', t='person findes ikke', v='1022', children=(), extra=())
>>> kvit(9010, status="90", tekst="Inaktiv, død").t
'Hændelsen kan ikke udføres: personen har status 90 (Inaktiv, død)'
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final, NamedTuple

from cpr_rules.fejlnumre import FORM_NUMBERS, form_number, form_text
from cpr_rules.gctp import Kvit
from cpr_rules.rules import Finding

__all__ = [
    "BILAG13",
    "KVITTERINGER",
    "NO_NUMBER",
    "Kvittering",
    "fejl_number",
    "fejl_text",
    "kvit",
    "latin1",
]


class Kvittering(NamedTuple):
    """One receipt: ``Kvit r`` (Fejl, Anmrk, System), the text template, where it comes from."""

    kind: str
    text: str
    source: str


NO_NUMBER: Final = 0
"""``v`` of a Fejl/Anmrk from a rule that declares no CPR number."""

KVITTERINGER: Final = MappingProxyType(
    {
        1022: Kvittering("Fejl", "person findes ikke", "bilag 8 eks. 17"),
        52: Kvittering(
            "Fejl",
            "{message}",
            "bilag 13 PNR GKPNR-1N ('Hvis ej blankt, skal pnr være et gyldigt CPRNR', fejl 52);"
            " the text is the rule's, bilag 13 gives none",
        ),
        724: Kvittering(
            "Fejl",
            "Feltet skal være helt udfyldt med 4 cifre",
            "bilag 13 KOMK GKNUM-2N (fejl 724; VEJK: 'Feltet skal være helt udfyldt')",
        ),
        725: Kvittering(
            "Fejl",
            "Feltet kan kun udfyldes med cifre (0-9)",
            "bilag 13 KOMK GKNUM-2N (fejl 725; VEJK: 'Feltet skal være helt udfyldt med 4 cifre"
            " (0-9)')",
        ),
        3974: Kvittering(
            "Fejl",
            "Myndighedskode skal angives",
            "bilag 13 KOMK GX905--N (fejl 3974 'Myndighedskode skal angives')",
        ),
        3975: Kvittering(
            "Fejl",
            "Myndigheden findes ikke i CPR",
            "bilag 13 KOMK GX905--N (fejl 3975 'Myndigheden findes ikke i CPR': no myndighedskode"
            " on CTMYN)",
        ),
        1035: Kvittering(
            "Fejl",
            "Du har ikke adgang til {what}",
            "bilag 13 fejl 1035 (SASIKS1N 'Du har ikke adgang til søgningen/opslaget');"
            " bilag 9 note 5 og 9",
        ),
        2523: Kvittering("Anmrk", "Personen {pnr} har data i Vent", "bilag 7 eks. 17.2"),
        9010: Kvittering(
            "Fejl",
            "Hændelsen kan ikke udføres: personen har status {status} ({tekst})",
            "bilag 7 §4 (en død person kan ikke …); bilag 9 note 4 (død, forsvundet, udrejst)",
        ),
        9011: Kvittering("Fejl", "Nøglen {key} mangler", "bilag 9 note 3; bilag 7 eks. 17.1"),
        9013: Kvittering(
            "Fejl",
            "Sandkassen har for mange åbne hændelser; afslut eller fortryd en, og prøv igen",
            "sandkassen: max_dialogues (docs/sandbox.md 'Limits')",
        ),
        9012: Kvittering(
            "Fejl", "Hændelsen {haendelse} findes ikke i sandkassen", "sandkassen: intet regelsæt"
        ),
        9020: Kvittering(
            "Fejl",
            "Hændelsen med ts {ts} er ikke initieret, er afsluttet eller udløbet; initier igen",
            "bilag 7 §7: 'Hvis klienten glemmer/mister kommunikations-timestampet, må servicen"
            " initieres på ny'",
        ),
        9021: Kvittering(
            "Fejl", "Nøglerne svarer ikke til initieringen ({key})", "bilag 7 §7 (ts er tråden)"
        ),
        9022: Kvittering(
            "Fejl",
            "Aktion {action} er ikke tilladt; tilladte aktioner er {allowed}",
            "bilag 7 eks. 17.1 (Table Aktioner); bilag 8 §4.3",
        ),
        9023: Kvittering(
            "Fejl",
            "Gem kladde i vent (aktion 2) findes ikke i sandkassen og tilbydes ikke i Aktioner",
            "bilag 7 eks. 17.1/17.2 (aktion 2); sandkassen tilbyder den ikke",
        ),
        9024: Kvittering(
            "Fejl", "Sekundære hændelser findes ikke i sandkassen", "bilag 7 §6; sandkassen"
        ),
        9030: Kvittering(
            "System",
            "Det låste felt {field} kan ikke ændres",
            "bilag 7 eks. 3: 'de låste felter kan ikke rettes (prøver klienten … systemfejl!)'",
        ),
        9033: Kvittering(
            "Fejl",
            "Feltet {field} indeholder tegn, der ikke findes i ISO-8859-1",
            "bilag 5 §2: GCTP sendes i ISO-8859-1",
        ),
        9031: Kvittering(
            "System", "Forespørgslen kan ikke læses som GCTP: {reason}", "bilag 3 Systemfejl"
        ),
        9032: Kvittering(
            "System",
            'Forespørgslen skal have System r="CprAjour" med én Service og CprServiceHeader',
            "bilag 7 §3, §11; bilag 8 §3",
        ),
        9099: Kvittering("System", "Intern fejl i sandkassen", "bilag 3 Systemfejl"),
    }
)
"""Kvit number -> type, Danish text template, source."""

BILAG13: Final = FORM_NUMBERS
"""Bilag 13's numbers for a key or vejkode of the wrong form (:mod:`cpr_rules.fejlnumre`)."""

_REPLACEMENTS: Final = {"–": "-", "—": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'}


def latin1(text: str) -> str:
    """``text`` in ISO-8859-1 (bilag 5 §2): typographic characters replaced, others by ``?``."""
    out = "".join(_REPLACEMENTS.get(c, c) for c in text)
    return "".join(c if ord(c) <= 0xFF and (c >= " " or c in "\t\n") else "?" for c in out)


def kvit(number: int, **params: str) -> Kvit:
    """The ``Kvit`` for ``number`` with its text filled in from ``params``."""
    kind, template, _ = KVITTERINGER[number]
    return Kvit(kind, t=latin1(template.format(**params)), v=str(number))


def fejl_number(finding: Finding) -> int:
    """The number to answer an error finding with: bilag 13's for a key or vejkode of the wrong
    form (:func:`cpr_rules.fejlnumre.form_number`), else the rule's first ``cpr.fejl``, else
    :data:`NO_NUMBER`."""
    number = form_number(finding)
    if number is not None:
        return number
    return finding.cpr_fejl[0] if finding.cpr_fejl else NO_NUMBER


def fejl_text(finding: Finding) -> str:
    """The text to answer an error finding with: bilag 13's for its number on that field (CPR's
    text, :data:`cpr_rules.fejlnumre.FORM_TEXTS`), else the rule's Danish message."""
    return form_text(finding) or finding.message
