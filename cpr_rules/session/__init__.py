"""The client a self-service portal uses to talk to CPR (Håndbog til CPR services, bilag 9).

The four steps of bilag 9 over GCTP and HTTPS (bilag 5, 7): :meth:`CprSession.logon`,
:meth:`~CprSession.initier` (-> :class:`Stamoplysninger`), :meth:`~CprSession.valider`
(-> :class:`CprVerdict`), :meth:`~CprSession.gem` (-> :class:`Kvittering`) or
:meth:`~CprSession.afbryd`; :class:`AsyncCprSession` is the same over ``httpx.AsyncClient``.
The kendeord rules and its 90-day age are in :mod:`cpr_rules.session.kendeord`; the errors,
with their tree, in :mod:`cpr_rules.session.errors`. See ``docs/portal-guide.md``.

>>> from cpr_rules.session import KendeordPolicy
>>> KendeordPolicy().check("Abc12Def", previous=["Abc12Def"])
['must not be a kendeord used before (OFF1 bilag 2)']
"""

from __future__ import annotations

from cpr_rules.session._flow import MAX_RESUBMITS, MK_DIRECT, AnmrkPolicy
from cpr_rules.session._wire import LOGON_PATH, SERVICE_PATH
from cpr_rules.session.client import LOGGER_NAME, AsyncCprSession, CprSession
from cpr_rules.session.errors import (
    LOGON_ERRORS,
    CprAnmrk,
    CprFejl,
    CprHttpError,
    CprProtocolError,
    CprSessionError,
    CprSystemError,
    CprTransportError,
    CprVerdictError,
    InvalidUserError,
    KendeordExpiredError,
    KendeordMismatchError,
    KendeordPolicyError,
    KendeordRejectedError,
    LogonError,
    LogonImplementationError,
    SessionStateError,
    TokenRejectedError,
    TokenUnknownError,
    UserInactiveError,
    UserUnknownError,
    WrongKendeordError,
)
from cpr_rules.session.kendeord import (
    KendeordPolicy,
    KendeordStatus,
    check_kendeord,
    kendeord_status,
)
from cpr_rules.session.models import (
    Adresse,
    AfslutRow,
    CprVerdict,
    InputField,
    Kvittering,
    Stamoplysninger,
)

__all__ = [
    "LOGGER_NAME",
    "LOGON_ERRORS",
    "LOGON_PATH",
    "MAX_RESUBMITS",
    "MK_DIRECT",
    "SERVICE_PATH",
    "Adresse",
    "AfslutRow",
    "AnmrkPolicy",
    "AsyncCprSession",
    "CprAnmrk",
    "CprFejl",
    "CprHttpError",
    "CprProtocolError",
    "CprSession",
    "CprSessionError",
    "CprSystemError",
    "CprTransportError",
    "CprVerdict",
    "CprVerdictError",
    "InputField",
    "InvalidUserError",
    "KendeordExpiredError",
    "KendeordMismatchError",
    "KendeordPolicy",
    "KendeordPolicyError",
    "KendeordRejectedError",
    "KendeordStatus",
    "Kvittering",
    "LogonError",
    "LogonImplementationError",
    "SessionStateError",
    "Stamoplysninger",
    "TokenRejectedError",
    "TokenUnknownError",
    "UserInactiveError",
    "UserUnknownError",
    "WrongKendeordError",
    "check_kendeord",
    "kendeord_status",
]
