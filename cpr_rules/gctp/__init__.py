"""GCTP, the XML messages between a self-service server and CPR (Håndbog til CPR services).

No I/O here: this package builds, renders and parses messages; a client sends them.

>>> from cpr_rules import gctp
>>> request = gctp.initier("FLYTB-I", {"PNR": "0202802729", "HDTO": "20020228", "KOMK": "0101"},
...                        mk="0041")
>>> gctp.render(request)[:95]
b'<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?><root xmlns="http://www.cpr.dk"><Gc'
>>> gctp.parse(gctp.render(request)) == request
True

- :mod:`~cpr_rules.gctp.model`: the elements of bilag 8 as frozen dataclasses, with look-ups
  (``message.kvit``, ``message.field("PNR")``, ``field.is_locked`` …).
- :func:`parse` / :func:`render`: bytes <-> model, ISO-8859-1, safe against hostile XML.
- :mod:`~cpr_rules.gctp.charset`: what CPR cannot carry and the substitutions of bilag 8.
- :mod:`~cpr_rules.gctp.requests`: builders for logon, initier, valider, gem, afbryd.
- :mod:`~cpr_rules.gctp.logon`: logon return codes 900-908, 999 and the logon result.
- :mod:`~cpr_rules.gctp.errors`: the error tree.
"""

from __future__ import annotations

from cpr_rules.gctp.charset import CPR_ENTITIES, ENCODING, check_value
from cpr_rules.gctp.errors import (
    GctpDepthError,
    GctpEncodingError,
    GctpForbiddenXmlError,
    GctpParseError,
    GctpRequestError,
    GctpStructureError,
    GctpSyntaxError,
    GctpTooLargeError,
    GctpVersionError,
    LogonError,
)
from cpr_rules.gctp.logon import (
    LOGON_OK,
    LOGON_RETURN_CODES,
    TOKEN_NOT_ACCEPTED,
    LogonResult,
    logon_result,
    parse_logon_response,
)
from cpr_rules.gctp.model import (
    GCTP_VERSION,
    KVIT_MEANINGS,
    CprData,
    CprServiceHeader,
    Field,
    GctpMessage,
    Key,
    Kvit,
    KvitType,
    Node,
    Praes,
    Rolle,
    Row,
    Service,
    Sik,
    System,
    Table,
)
from cpr_rules.gctp.parsing import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, parse, parse_fragment
from cpr_rules.gctp.rendering import NAMESPACE, XML_DECLARATION, render, render_fragment
from cpr_rules.gctp.requests import (
    ACTIONS,
    HOVEDROLLE,
    SYSTEM_AJOUR,
    Action,
    afbryd,
    combine,
    gem,
    initier,
    newpass,
    request,
    signon,
    valider,
)

__all__ = [
    "ACTIONS",
    "CPR_ENTITIES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "ENCODING",
    "GCTP_VERSION",
    "HOVEDROLLE",
    "KVIT_MEANINGS",
    "LOGON_OK",
    "LOGON_RETURN_CODES",
    "NAMESPACE",
    "SYSTEM_AJOUR",
    "TOKEN_NOT_ACCEPTED",
    "XML_DECLARATION",
    "Action",
    "CprData",
    "CprServiceHeader",
    "Field",
    "GctpDepthError",
    "GctpEncodingError",
    "GctpForbiddenXmlError",
    "GctpMessage",
    "GctpParseError",
    "GctpRequestError",
    "GctpStructureError",
    "GctpSyntaxError",
    "GctpTooLargeError",
    "GctpVersionError",
    "Key",
    "Kvit",
    "KvitType",
    "LogonError",
    "LogonResult",
    "Node",
    "Praes",
    "Rolle",
    "Row",
    "Service",
    "Sik",
    "System",
    "Table",
    "afbryd",
    "check_value",
    "combine",
    "gem",
    "initier",
    "logon_result",
    "newpass",
    "parse",
    "parse_fragment",
    "parse_logon_response",
    "render",
    "render_fragment",
    "request",
    "signon",
    "valider",
]
