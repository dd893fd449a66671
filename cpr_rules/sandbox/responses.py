"""The GCTP replies the sandbox sends, built with :mod:`cpr_rules.gctp`'s model.

Shapes follow the handbook's examples exactly: logon replies bilag 5 §4.2.1; initier bilag 7
eks. 17.1 (``Table r="Aktioner"``, ``CprData u="O"`` with ``Praes STAMFLYTPAA`` and ``STAMPNR``,
``CprData u="I"``, Kvit); valider eks. 3 and 4 (the same blocks again, ``e`` on the field in
error); gem eks. 17.8 (``Kvit r="Afslut"`` with tables ``AFSLUT`` and ``HAEN``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Final

from cpr_rules.gctp import (
    HOVEDROLLE,
    SYSTEM_AJOUR,
    CprData,
    CprServiceHeader,
    Field,
    GctpMessage,
    Kvit,
    Praes,
    Rolle,
    Row,
    Service,
    Sik,
    System,
    Table,
)
from cpr_rules.sandbox.kvitteringer import NO_NUMBER, latin1
from cpr_rules.sandbox.person_records import Person
from cpr_rules.sandbox.venteregister import VentEntry
from cpr_rules.translator import Translator

__all__ = [
    "AKTIONER_DIREKTE",
    "AKTIONER_VENT",
    "KVIT_OK",
    "active_beskyttelser",
    "adrnvn",
    "afslut",
    "aktioner",
    "echo_header",
    "field",
    "rule_kvit",
    "service_reply",
    "sik_reply",
    "stampnr",
    "system_reply",
]

_PLAIN: Final = re.compile(r"[\t\n\x20-\xff]*")  # text latin1() returns unchanged

KVIT_OK: Final = Kvit("Ok", t="", v="0")
"""``<Kvit r="Ok" t="" v="0"/>`` (bilag 7 eks. 17.1)."""

AKTIONER_VENT: Final = (
    ("V", "Validering"),
    ("F", "Fortryd"),
    ("3", "Gem og send til godk"),
)
"""The actions after initier for the venteregister, texts as in bilag 7 eks. 17.1 — without
``2`` "Gem kladde i vent": the sandbox has no drafts, so it does not offer one."""

AKTIONER_DIREKTE: Final = (
    ("V", "Validering"),
    ("F", "Fortryd"),
    ("G", "Gem"),
    ("4", "Gem og godkend"),
)
"""The actions after initier directly in CPR (mk 0042), texts as in bilag 7 eks. 17.2, without
``2`` (see :data:`AKTIONER_VENT`)."""


def field(
    name: str,
    value: str | None = None,
    *,
    a: str | None = None,
    t: str | None = None,
    tl: str | None = None,
    e: str | None = None,
) -> Field:
    """``<Field r=name v=value …/>``; empty values are left out, as CPR does (eks. 17.1)."""
    return Field(name, value or None, a or None, _latin1(t), None, None, _latin1(tl), e or None)


def _latin1(text: str | None) -> str | None:
    """:func:`_plain` of a klarskrift, ``None`` for none."""
    return _plain(text) if text else None


def _plain(text: str) -> str:
    """:func:`latin1`, with plain Latin-1 text (nearly all) returned as it is."""
    return text if _PLAIN.fullmatch(text) is not None else latin1(text)


def sik_reply(code: int, text: str) -> GctpMessage:
    """``<Sik><Kvit r="returKode" t=… v=…/></Sik>`` (bilag 5 §4.2.1)."""
    return GctpMessage(children=(Sik(children=(Kvit("returKode", t=_plain(text), v=str(code)),)),))


def echo_header(
    header: CprServiceHeader, *, direct: bool, ts: str | None, **attributes: Any
) -> CprServiceHeader:
    """The request's header as a reply carries it (``st="P"``, ``u="V"`` unless ``direct``),
    its echoed values made ISO-8859-1: a request may carry any text (issue 11 point 3)."""
    a = _plain(header.a) if header.a else header.a
    ts = _plain(ts) if ts else ts
    u = None if direct else "V"
    return CprServiceHeader(_plain(header.r), st="P", a=a, ts=ts, u=u, **attributes)


def service_reply(
    haendelse: str,
    children: tuple[CprServiceHeader | CprData | Kvit, ...],
    *,
    env: str,
    system: str = SYSTEM_AJOUR,
) -> GctpMessage:
    """``<Gctp v="1.0" env=…><System r="CprAjour"><Service r=…>children</Service>…``."""
    service = Service(_plain(haendelse), children=children)
    return GctpMessage(env=env, children=(System(_plain(system), children=(service,)),))


def system_reply(kvittering: Kvit, *, env: str, haendelse: str = "") -> GctpMessage:
    """A reply that is only a receipt (``System`` or ``Fejl``), for requests without a dialogue."""
    return service_reply(haendelse, (kvittering,), env=env)


def aktioner(codes: tuple[tuple[str, str], ...] = AKTIONER_VENT) -> Table:
    """``<Table r="Aktioner">`` with one row per allowed action (bilag 8 eks. 11)."""
    rows = tuple(Row(children=(Field("KODE", v=code, t=text),)) for code, text in codes)
    return Table("Aktioner", children=rows)


def adrnvn(person: Person) -> tuple[str, str]:
    """``ADRNVN`` as CPR writes it, ``Efternavn,Fornavne`` (eks. 17.1), and its klarskrift."""
    navn = person.navn
    if navn is None:
        return "", ""
    fornavne = " ".join(filter(None, (navn.fornavne, navn.mellemnavn)))
    value = f"{navn.efternavn},{fornavne}" if navn.efternavn else fornavne
    return value, navn.adresseringsnavn


def _day(value: dt.date | None) -> str:
    return value.strftime("%Y%m%d") if value is not None else ""


def active_beskyttelser(person: Person, today: dt.date) -> list[str]:
    """The 5-digit codes of the protections in force ``today`` (stamdata ``BESKYT``)."""
    return sorted(
        b.type.zfill(5)
        for b in person.beskyttelser
        if b.start <= today and (b.slut is None or b.slut > today)
    )


def _beskyt(person: Person, today: dt.date) -> Field:
    """``BESKYT``: ``X`` when navne- og adressebeskyttelse (00001) is in force, else empty.

    STAMPNR's BESKYT is STAM's "Navne-/adressebeskyttelse markering" (bilag 1 l.1159), a
    marker like I_VENT_MRK, not a list (decisions-protections.md §1, shared with the rule set).
    """
    return field("BESKYT", "X" if "00001" in active_beskyttelser(person, today) else "")


def stampnr(person: Person, *, pending: bool, translator: Translator, today: dt.date) -> CprData:
    """``CprData u="O"``: ``Praes STAMFLYTPAA`` (empty) and ``Praes STAMPNR`` (eks. 17.1).

    Built once per person as the register shows them, I_VENT_MRK and day (initier and every
    valider show the same block); the last :data:`_STAMPNR_CACHED` are kept.
    """
    return _stampnr(person, pending, translator, today)


_STAMPNR_CACHED: Final = 1024


@lru_cache(maxsize=_STAMPNR_CACHED)
def _stampnr(person: Person, pending: bool, translator: Translator, today: dt.date) -> CprData:
    a, k = person.adresse, person.klarskrift
    name, name_text = adrnvn(person)
    komkod = a.kommunekode if a else ""
    kommune = translator.kommune(komkod).text if a else None
    vej = (
        (translator.vej(a.kommunekode, a.vejkode).text or (k.vejadresseringsnavn if k else None))
        if a
        else None
    )
    udlandsadr = person.udrejse.udlandsadresse if person.udrejse else ()
    fields = (
        field("PNR", person.pnr),
        field("I_VENT_MRK", "X" if pending else ""),
        field("ADRNVN", name, t=name_text),
        field("KOEN", person.koen),
        field("STATUS", person.status),
        field("STARTDATOSTATUS", _day(person.status_start)),
        field("PNRGAELD", person.pnr_gaeldende or ""),
        field("FOEDDATO", _day(person.foedselsdato)),
        field("FOEDDATOUSM"),
        _beskyt(person, today),
        field("CONVN", a.convn if a else ""),
        field("ETAGE", a.etage if a else ""),
        field("HUSNR", a.husnr if a else ""),
        field("SIDEDOER", a.sidedoer if a else ""),
        field("BNR", a.bnr if a else ""),
        field("KOMKOD", komkod, t=kommune, tl=kommune),
        field("VEJKOD", a.vejkode if a else "", t=vej),
        field("BYNVN", k.bynavn if k else ""),
        field("LOKALITET", k.lokalitet if k else ""),
        field("POSTNR", (k.postnr or "") if k else "", t=k.postdistrikt if k else None),
        *(field(f"UDLANDSADR{n}", (udlandsadr[n - 1 : n] or ("",))[0]) for n in range(1, 6)),
        field("UDR_LANDEKOD", person.udrejse.landekode if person.udrejse else ""),
        field("STADR", k.standardadresse if k else ""),
    )
    praes = (Praes("STAMFLYTPAA"), Praes("STAMPNR", children=fields))
    return CprData("O", children=(Rolle(HOVEDROLLE, children=praes),))


def afslut(person: Person, entry: VentEntry) -> Kvit:
    """``<Kvit r="Afslut" v="0">`` with ``AFSLUT`` (the person) and, for the venteregister,
    ``HAEN`` with the VNTS (eks. 17.8); saved directly in CPR, ``AFSLUT`` only (eks. 17.9)."""
    navn = person.navn
    name, _ = adrnvn(person)
    person_row = Row(
        k=f"PNR={person.pnr};",
        children=(
            field("PNR", person.pnr),
            field("ADRNVN", name),
            field("FORNVN", navn.fornavne if navn else ""),
            field("MELNVN", navn.mellemnavn if navn else ""),
            field("EFTERNVN", navn.efternavn if navn else ""),
            field("STATUS", person.status),
            field("REL"),
        ),
    )
    haen_row = Row(
        k=entry.vnts,
        children=(
            field("HAENDELSE", entry.haendelse),
            field("PNR", entry.pnr),
            field("VNTS", entry.vnts),
        ),
    )
    tables = (Table("AFSLUT", children=(person_row,)), Table("HAEN", children=(haen_row,)))
    return Kvit("Afslut", v="0", children=tables[:1] if entry.direkte else tables)


def rule_kvit(kind: str, numbers: tuple[int, ...], message: str) -> Kvit:
    """The receipt for a rule's finding: its first CPR number, else ``v="0"`` (no number)."""
    return Kvit(kind, t=_plain(message), v=str(numbers[0] if numbers else NO_NUMBER))
