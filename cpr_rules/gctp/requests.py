"""Builders for the requests a self-service client sends (bilag 5 §4.2.1, bilag 7, bilag 9).

Pure functions: each returns a :class:`~cpr_rules.gctp.model.GctpMessage`; pass it to
:func:`~cpr_rules.gctp.render` for the bytes. The flow of bilag 9 is :func:`signon`, then
:func:`initier`, :func:`valider` (optional), and :func:`gem` or :func:`afbryd`, each after the
first carrying the communication timestamp ``ts`` the server returned at initiation (bilag 7 §7).

>>> msg = initier("FLYTB-I", {"PNR": "0202802729", "HDTO": "20020228", "KOMK": "0101"}, mk="0041")
>>> header = msg.primary_service.header
>>> header.r, header.st, header.a, header.mk, header.u, [f.r for f in header.keys]
('FLYTB-I', 'P', 'I', '0041', 'V', ['PNR', 'HDTO', 'KOMK'])

``vent=True`` (the default) is the citizen's way: the hændelse goes to CPR's venteregister for
the kommune to approve (``u="V"``; gem is action ``3``), bilag 7 §17 and bilag 9. ``vent=False``
updates CPR directly (gem is action ``G``) and needs rights CPR-kontoret must grant (bilag 7 §17).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from cpr_rules.gctp.charset import check_value
from cpr_rules.gctp.errors import GctpRequestError
from cpr_rules.gctp.model import (
    GCTP_VERSION,
    CprData,
    CprServiceHeader,
    Field,
    GctpMessage,
    Key,
    Rolle,
    Service,
    Sik,
    System,
)

__all__ = [
    "ACTIONS",
    "HOVEDROLLE",
    "SYSTEM_AJOUR",
    "Action",
    "afbryd",
    "combine",
    "gem",
    "initier",
    "newpass",
    "request",
    "signon",
    "valider",
]

SYSTEM_AJOUR: Final = "CprAjour"
"""The GCTP system of every update service (bilag 7 §3)."""

HOVEDROLLE: Final = "HovedRolle"
"""The role of the main person, under which input fields are sent (bilag 7 §13)."""


class Action(StrEnum):
    """``CprServiceHeader a=…``: what the client asks the server to do (see :data:`ACTIONS`)."""

    INITIER = "I"
    VALIDER = "V"
    GEM = "G"
    FORTRYD = "F"
    INITIER_FRA_VENT = "1"
    GEM_KLADDE_I_VENT = "2"
    GEM_TIL_GODKENDELSE_I_VENT = "3"
    GEM_OG_GODKEND_I_VENT = "4"
    AKTIVER_FRA_VENT = "5"
    AFVIS = "7"


ACTIONS: Final = MappingProxyType(
    {
        Action.INITIER: "Initiering: serveren kontrollerer sikkerheden og sender data og ts"
        " (bilag 7 §7, eks. 1)",
        Action.VALIDER: "Validering: data kontrolleres og formatteres som ved gem, fejl én ad"
        " gangen (bilag 7 §8, eks. 3; Aktioner: 'Validering')",
        Action.GEM: "Gem: opdatering direkte i CPR (bilag 7 §9, eks. 5 og 17.4; Aktioner: 'Gem')",
        Action.FORTRYD: "Fortryd/afbryd: ryd initieringen op på serveren; sendes med ts"
        " (bilag 7 §10; Aktioner: 'Fortryd')",
        Action.INITIER_FRA_VENT: "Initiering fra vent (bilag 8 §4.3)",
        Action.GEM_KLADDE_I_VENT: "Gem kladde i vent (bilag 7 eks. 17.1-17.2, Aktioner;"
        " bilag 8 §4.3: 'Gem som kladde')",
        Action.GEM_TIL_GODKENDELSE_I_VENT: "Gem og send til godkendelse i vent: borgerens"
        " flytning til venteregistret (bilag 7 eks. 17.3, 17.5-17.7)",
        Action.GEM_OG_GODKEND_I_VENT: "Gem og godkend i vent (bilag 7 eks. 17.2, Aktioner:"
        " 'Gem og godkend'; bilag 8 §4.3)",
        Action.AKTIVER_FRA_VENT: "Aktivering fra vent (bilag 8 §4.3)",
        Action.AFVIS: "Afvisning (bilag 8 §4.3)",
    }
)
"""Every action code with its meaning and source, in one place."""

_TIMESTAMP: Final = re.compile(r"\d{20}")
_MYNDIGHEDSKODE: Final = re.compile(r"\d{4}")
_NAME: Final = re.compile(r"[A-Z0-9][A-Z0-9_]*(-[A-Z0-9]+)?")


def signon(userid: str, password: str, *, version: str | None = GCTP_VERSION) -> GctpMessage:
    """Logon: ``<Sik function="signon" userid=… password=…/>`` (bilag 5 §4.2.1)."""
    sik = Sik(function="signon", userid=userid, password=password)
    _check_sik(sik)
    return GctpMessage(v=version, children=(sik,))


def newpass(
    userid: str, password: str, newpass1: str, *, version: str | None = GCTP_VERSION
) -> GctpMessage:
    """Change password: ``<Sik function="newpass" … newpass1=…/>`` (bilag 5 §4.2.1)."""
    sik = Sik(function="newpass", userid=userid, password=password, newpass1=newpass1)
    _check_sik(sik)
    return GctpMessage(v=version, children=(sik,))


def initier(
    haendelse: str,
    keys: Mapping[str, str],
    *,
    mk: str,
    pt: str | None = None,
    vent: bool = True,
    version: str | None = GCTP_VERSION,
) -> GctpMessage:
    """Initiate ``haendelse`` for ``keys`` (PNR, HDTO, KOMK …), action ``I`` (bilag 7 §7, §11).

    ``pt`` (the primary hændelse's ``ts``) makes it a secondary hændelse, ``st="S"`` (§12).
    """
    return request(haendelse, Action.INITIER, keys, mk=mk, pt=pt, vent=vent, version=version)


def valider(
    haendelse: str,
    keys: Mapping[str, str],
    fields: Mapping[str, str],
    *,
    ts: str,
    mk: str,
    pt: str | None = None,
    vent: bool = True,
    version: str | None = GCTP_VERSION,
) -> GctpMessage:
    """Validate the user's ``fields``, action ``V`` (bilag 7 §8, eks. 3)."""
    action = Action.VALIDER
    return request(haendelse, action, keys, fields, ts=ts, mk=mk, pt=pt, vent=vent, version=version)


def gem(
    haendelse: str,
    keys: Mapping[str, str],
    fields: Mapping[str, str],
    *,
    ts: str,
    mk: str,
    pt: str | None = None,
    vent: bool = True,
    version: str | None = GCTP_VERSION,
) -> GctpMessage:
    """Save: action ``3`` to the venteregister (``vent=True``) or ``G`` into CPR (bilag 7 §17)."""
    action = Action.GEM_TIL_GODKENDELSE_I_VENT if vent else Action.GEM
    return request(haendelse, action, keys, fields, ts=ts, mk=mk, pt=pt, vent=vent, version=version)


def afbryd(
    haendelse: str,
    keys: Mapping[str, str],
    *,
    ts: str,
    mk: str,
    pt: str | None = None,
    vent: bool = True,
    version: str | None = GCTP_VERSION,
) -> GctpMessage:
    """Undo an initiated hændelse, action ``F``, with its ``ts`` (bilag 7 §10; no example)."""
    action = Action.FORTRYD
    return request(haendelse, action, keys, ts=ts, mk=mk, pt=pt, vent=vent, version=version)


def request(
    haendelse: str,
    action: Action,
    keys: Mapping[str, str],
    fields: Mapping[str, str] | None = None,
    *,
    mk: str,
    ts: str | None = None,
    pt: str | None = None,
    vent: bool = True,
    version: str | None = GCTP_VERSION,
) -> GctpMessage:
    """Any update request: one ``CprAjour`` service with header, keys and input fields."""
    _check_header(haendelse, action, mk, ts, pt)
    header = CprServiceHeader(
        r=haendelse,
        st="S" if pt else "P",
        a=Action(action).value,
        mk=mk,
        ts=ts,
        pt=pt,
        u="V" if vent else None,
        children=(Key(children=_fields(keys)),),
    )
    inputs = (CprData(u="I", children=(Rolle(HOVEDROLLE, children=_fields(fields)),)),)
    service = Service(haendelse, children=(header, *(inputs if fields else ())))
    return GctpMessage(v=version, children=(System(SYSTEM_AJOUR, children=(service,)),))


def combine(*messages: GctpMessage) -> GctpMessage:
    """One message with the services of ``messages``, primary hændelse first (bilag 7 §6, §16)."""
    services = [service for message in messages for service in message.services]
    if not services:
        raise GctpRequestError("combine() needs at least one request with a service")
    services.sort(key=lambda s: not (s.header is not None and s.header.is_primary))
    system = System(SYSTEM_AJOUR, children=tuple(services))
    return GctpMessage(v=messages[0].v, children=(system,))


def _fields(values: Mapping[str, str] | None) -> tuple[Field, ...]:
    """``Field(r=name, v=value)`` for each item, names and values checked."""
    for name, value in (values or {}).items():
        if not _NAME.fullmatch(name):
            raise GctpRequestError(f"field name {name!r} is not a CPR field reference")
        check_value(value, f"Field[{name}]@v")
    return tuple(Field(name, value) for name, value in (values or {}).items())


def _check_header(haendelse: str, action: Action, mk: str, ts: str | None, pt: str | None) -> None:
    """The header attributes must have the formats bilag 7 and 8 show."""
    if not _NAME.fullmatch(haendelse):
        raise GctpRequestError(f"hændelse {haendelse!r} is not a CPR service name like 'FLYTB-I'")
    if action not in ACTIONS:
        raise GctpRequestError(f"action {action!r} is not one of {[a.value for a in Action]}")
    if not _MYNDIGHEDSKODE.fullmatch(mk):
        raise GctpRequestError(f"mk {mk!r} is not a 4-digit myndighedskode")
    for name, value in (("ts", ts), ("pt", pt)):
        if value is not None and not _TIMESTAMP.fullmatch(value):
            raise GctpRequestError(f"{name} {value!r} is not a 20-digit timestamp from CPR")


def _check_sik(sik: Sik) -> None:
    """Every logon value must be sendable in ISO-8859-1."""
    for name in Sik.ATTRIBUTES:
        value = getattr(sik, name)
        if value is not None:
            check_value(value, f"Sik@{name}")
