"""Who may initiate what: bilag 9 note 1, 5 and 9, bilag 7 §17's two ways, bilag 13 fejl 1035.

A ``borger`` user (a self-service portal) may initiate only hændelser with ``selvbetjening=ja``
in ``haendelseskoder``, and save them either

- in the venteregister: ``u="V"`` and ``mk="0041"`` (bilag 7 eks. 17.1, 17.3), or
- directly in CPR: ``mk="0042"`` without ``u="V"`` (eks. 17.2, 17.4), only for a user approved
  for it ("Det er CPR-kontoret, der vurderer, hvilke rettigheder kundens brugerkode skal
  tildeles"): ``direkte: true`` in the users file.

Anything else is Fejl 1035 "Du har ikke adgang til …" (bilag 13 SASIKS1N).
"""

from __future__ import annotations

from cpr_rules.gctp import CprServiceHeader, Kvit
from cpr_rules.rules import Validator
from cpr_rules.sandbox.inputs import MYNDIGHED_BORGER, MYNDIGHED_DIREKTE
from cpr_rules.sandbox.kvitteringer import kvit
from cpr_rules.sandbox.security import Session
from cpr_rules.tables import Found

__all__ = ["check_access"]


def check_access(header: CprServiceHeader, session: Session, validator: Validator) -> Kvit | bool:
    """The refusal (Fejl 1035, or 9012 for a hændelse without a rule set), else whether the
    hændelse is initiated directly in CPR (``True``) or to the venteregister (``False``)."""
    haendelse = header.r
    found = validator.tables["haendelseskoder"].lookup(haendelse)
    selvbetjening = isinstance(found, Found) and found["selvbetjening"] == "ja"
    if session.sikkerhedsgruppe != "borger" or not selvbetjening:
        return kvit(1035, what=f"hændelsen {haendelse}")
    direkte = header.mk == MYNDIGHED_DIREKTE[0] and header.u != "V"
    vent = header.u == "V" and header.mk == MYNDIGHED_BORGER[0]
    if (direkte and not session.direkte) or not (vent or direkte):
        where = f"myndighed {header.mk}" if header.mk else "uden myndighedskode"
        what = f"at indberette {haendelse} direkte i CPR eller for {where}"
        hint = "mk 0041 og u=V; direkte (mk 0042) kræver CPR-kontorets godkendelse"
        return kvit(1035, what=f"{what} ({hint})")
    if haendelse not in validator.rulesets:
        return kvit(9012, haendelse=haendelse)
    return direkte
