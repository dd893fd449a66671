"""The GCTP message model: one small frozen dataclass per element of bilag 8.

Every element keeps its children in document order and every attribute: the attributes bilag 5,
7 and 8 name are dataclass fields (in the order the bilag examples write them, which is also the
order :func:`~cpr_rules.gctp.render` writes them); any other attribute is kept in ``extra``, so
``render(parse(x))`` loses nothing but whitespace and comments. An absent attribute is ``None``;
an attribute sent empty (``t=""``) is ``""``.

>>> msg = GctpMessage(children=(System("CprAjour", children=(Service("FLYTB-I", children=(
...     Kvit("Anmrk", t="Boligen har en ukendt boligtypekode i CPR.", v="243"),)),)),))
>>> msg.kvit.kind, msg.kvit.number
(<KvitType.Anmrk: 'Anmrk'>, 243)

Hierarchy (bilag 8 §3, bilag 7 §11): ``Gctp > System > Service > CprServiceHeader > Key > Field``,
``Service > CprData > Rolle > Praes > Field``, ``Service > Kvit > Table > Row > Field``,
``Gctp > Sik > Kvit`` (bilag 5 §4.2.1). The allowed children of each element are the literal
table :data:`CONTENT` at the end of this module.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from cpr_rules.gctp._elements import (
    GCTP_VERSION,
    KVIT_MEANINGS,
    Attributes,
    CprData,
    Field,
    Key,
    Kvit,
    KvitType,
    Praes,
    Rolle,
    Row,
    Table,
)
from cpr_rules.gctp._message import CprServiceHeader, GctpMessage, Service, Sik, System

__all__ = [
    "CONTENT",
    "ELEMENTS",
    "GCTP_VERSION",
    "KVIT_MEANINGS",
    "REQUIRED",
    "Attributes",
    "CprData",
    "CprServiceHeader",
    "Field",
    "GctpMessage",
    "Key",
    "Kvit",
    "KvitType",
    "Node",
    "Praes",
    "Rolle",
    "Row",
    "Service",
    "Sik",
    "System",
    "Table",
]

Node = (
    Field
    | Row
    | Table
    | Key
    | Praes
    | Rolle
    | CprData
    | Kvit
    | CprServiceHeader
    | Service
    | System
    | Sik
    | GctpMessage
)
"""Any GCTP element."""

ELEMENTS: Final[MappingProxyType[str, type[Node]]] = MappingProxyType(
    {
        "Gctp": GctpMessage,
        "System": System,
        "Service": Service,
        "CprServiceHeader": CprServiceHeader,
        "Key": Key,
        "CprData": CprData,
        "Rolle": Rolle,
        "Praes": Praes,
        "Table": Table,
        "Row": Row,
        "Field": Field,
        "F": Field,
        "Kvit": Kvit,
        "Sik": Sik,
    }
)
"""Tag -> model class; ``F`` is the short form of ``Field`` (bilag 8 §4.4)."""

CONTENT: Final[MappingProxyType[type[Node], tuple[type[Node], ...]]] = MappingProxyType(
    {
        GctpMessage: (System, Sik),
        System: (Service,),
        Service: (CprServiceHeader, CprData, Kvit),
        CprServiceHeader: (Key, Table),
        Key: (Field,),
        CprData: (Rolle,),
        Rolle: (Field, Table, Praes),
        Praes: (Field, Table),
        Table: (Row,),
        Row: (Field,),
        Kvit: (Table, Field),
        Sik: (Kvit,),
        Field: (),
    }
)
"""The children each element may have (bilag 8 §3-4, bilag 7 §11-17, bilag 5 §4.2.1)."""

REQUIRED: Final[MappingProxyType[type[Node], tuple[str, ...]]] = MappingProxyType(
    {
        Field: ("r",),
        Praes: ("r",),
        Rolle: ("r",),
        CprData: ("u",),
        Kvit: ("r",),
        CprServiceHeader: ("r",),
        Service: ("r",),
        System: ("r",),
    }
)
"""Attributes without which an element is not GCTP (bilag 8 marks optional ones with ())."""
