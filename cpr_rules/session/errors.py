"""The errors of a CPR session, named by what went wrong.

A failed call to CPR is a :class:`~cpr_rules.errors.CprError`; a value the caller gave that
cannot be used is an :class:`~cpr_rules.errors.InputError`. No message ever holds a kendeord, a
token or a personnummer (personnumre in CPR's texts are masked ``DDMMÅÅ-****``)::

    CprError                              (cpr_rules.errors)
    └── CprSessionError                   the session could not do what was asked
        ├── LogonError                    CPR's security server refused (also gctp.LogonError)
        │   ├── TokenUnknownError         901 Token kendes ikke
        │   │   └── TokenRejectedError    Set-Cookie Token=ZZZzzzzzzzz: "ikke accepteret"
        │   ├── UserUnknownError          902 Bruger-id er ikke defineret i sikkerhedssystemet
        │   ├── UserInactiveError         903 Bruger-id er inaktivt i sikkerhedssystemet
        │   ├── InvalidUserError          904 Ugyldig Bruger-id indtastet
        │   ├── WrongKendeordError        905 Ugyldig kodeord indtastet
        │   ├── KendeordExpiredError      906 Dit kodeord er udløbet (also raised locally)
        │   ├── KendeordMismatchError     907 Begge kodeord skal være ens
        │   ├── KendeordRejectedError     908 Det nye kodeord er ikke gyldigt
        │   └── LogonImplementationError  999 Implementation error
        ├── CprVerdictError               CPR's Kvit stopped the step; carries the CprVerdict
        │   ├── CprFejl                   Kvit Fejl: the data must be corrected (bilag 3)
        │   ├── CprSystemError            Kvit System: a technical fault in CPR (bilag 3)
        │   └── CprAnmrk                  Kvit Anmrk at gem: nothing saved; send again to go on
        ├── CprTransportError             no answer from CPR, after the retries
        ├── CprHttpError                  an HTTP status other than 200 (bilag 5 §4.2)
        ├── CprProtocolError              an answer that is not what bilag 5 and 7 describe
        └── SessionStateError             a step out of order (gem before initier, …)
    InputError                            (cpr_rules.errors)
    └── KendeordPolicyError               a new kendeord breaks CPR's rules; lists the reasons
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Final

from cpr_rules.errors import CprError, InputError
from cpr_rules.gctp import LOGON_RETURN_CODES
from cpr_rules.gctp import LogonError as GctpLogonError
from cpr_rules.session._masking import mask_text

if TYPE_CHECKING:
    from cpr_rules.session.models import CprVerdict

__all__ = [
    "LOGON_ERRORS",
    "CprAnmrk",
    "CprFejl",
    "CprHttpError",
    "CprProtocolError",
    "CprSessionError",
    "CprSystemError",
    "CprTransportError",
    "CprVerdictError",
    "InvalidUserError",
    "KendeordExpiredError",
    "KendeordMismatchError",
    "KendeordPolicyError",
    "KendeordRejectedError",
    "LogonError",
    "LogonImplementationError",
    "SessionStateError",
    "TokenRejectedError",
    "TokenUnknownError",
    "UserInactiveError",
    "UserUnknownError",
    "WrongKendeordError",
    "logon_error",
]


class CprSessionError(CprError):
    """A step of the session with CPR failed."""


class LogonError(CprSessionError, GctpLogonError):
    """CPR's security server refused a logon or kendeord change (bilag 5 §4.2.1, Returkoder).

    ``code`` is CPR's ``returKode``, ``text`` the Danish text CPR sent (else bilag 5's text).
    """

    CODE: ClassVar[int | None] = None
    """The return code of this class (``None``: any code outside bilag 5's table)."""

    def __init__(self, code: int, text: str | None = None) -> None:
        text = (text or "").strip() or LOGON_RETURN_CODES.get(code, "")
        super().__init__(code, mask_text(text))


class TokenUnknownError(LogonError):
    """901: the token is unknown or expired; log on again (bilag 5, last page)."""

    CODE: ClassVar[int] = 901


class TokenRejectedError(TokenUnknownError):
    """CPR set the token ``ZZZzzzzzzzz``: "token ikke accepteret af hostens sikkerhedssystem"."""


class UserUnknownError(LogonError):
    """902: the personkode is not defined in CPR's security system."""

    CODE: ClassVar[int] = 902


class UserInactiveError(LogonError):
    """903: the personkode is inactive in CPR's security system."""

    CODE: ClassVar[int] = 903


class InvalidUserError(LogonError):
    """904: the personkode is not valid."""

    CODE: ClassVar[int] = 904


class WrongKendeordError(LogonError):
    """905: the kendeord is wrong."""

    CODE: ClassVar[int] = 905


class KendeordExpiredError(LogonError):
    """906: the kendeord has expired; change it (bilag 9 note 2: every 90 days).

    The session raises it *before* calling CPR when its own clock says 90 days have passed.
    """

    CODE: ClassVar[int] = 906


class KendeordMismatchError(LogonError):
    """907: "Begge kodeord skal være ens" (the two copies of the new kendeord differ)."""

    CODE: ClassVar[int] = 907


class KendeordRejectedError(LogonError):
    """908: CPR does not accept the new kendeord."""

    CODE: ClassVar[int] = 908


class LogonImplementationError(LogonError):
    """999: an implementation error in CPR's security server."""

    CODE: ClassVar[int] = 999


LOGON_ERRORS: Final[Mapping[int, type[LogonError]]] = MappingProxyType(
    {
        901: TokenUnknownError,
        902: UserUnknownError,
        903: UserInactiveError,
        904: InvalidUserError,
        905: WrongKendeordError,
        906: KendeordExpiredError,
        907: KendeordMismatchError,
        908: KendeordRejectedError,
        999: LogonImplementationError,
    }
)
"""``returKode`` -> error class, for every refusal in the table of bilag 5 §4.2.1."""


def logon_error(code: int, text: str | None = None) -> LogonError:
    """The typed error for a logon return code (plain :class:`LogonError` for unknown codes)."""
    return LOGON_ERRORS.get(code, LogonError)(code, text)


class CprVerdictError(CprSessionError):
    """CPR answered with a receipt that stops the step; ``verdict`` is the whole answer."""

    def __init__(self, verdict: CprVerdict, hint: str = "") -> None:
        self.verdict = verdict
        where = f" (field {verdict.field})" if verdict.field else ""
        number = f" {verdict.number}" if verdict.number is not None else ""
        lines = "; ".join(verdict.messages) or "(no text)"
        super().__init__(f"CPR {verdict.kind.value}{number}{where}: {lines}{hint}")


class CprFejl(CprVerdictError):
    """Kvit ``Fejl``: "data skal rettes inden ajourføringen søges gennemført igen" (bilag 3)."""


class CprSystemError(CprVerdictError):
    """Kvit ``System``: a technical fault in CPR; note it and contact CPR-kontoret (bilag 3).

    Changing a field CPR locked (``a="L"``) also gives a system error (bilag 7 §13).
    """


class CprAnmrk(CprVerdictError):
    """Kvit ``Anmrk`` when saving: nothing was saved yet.

    "En advarsel kan ignoreres … Man vælger derfor blot at validere eller gemme igen" (bilag 3):
    call ``gem()`` again, or ``gem(continue_anmrk=True)``, to save anyway (bilag 7 eks. 17.8).
    """

    def __init__(self, verdict: CprVerdict) -> None:
        super().__init__(verdict, "; nothing saved: call gem() again to continue past it")


class CprTransportError(CprSessionError):
    """No usable HTTP exchange with CPR after ``attempts`` tries (timeouts, refused, reset).

    ``maybe_sent`` is true when the request may have reached CPR (a read timeout after sending):
    a gem or kendeord change may then have taken effect, so it was not retried.
    """

    def __init__(self, message: str, *, attempts: int, maybe_sent: bool) -> None:
        self.attempts = attempts
        self.maybe_sent = maybe_sent
        super().__init__(message)


class CprHttpError(CprSessionError):
    """CPR's communication server answered with an HTTP status other than 200 (bilag 5 §4.2)."""

    def __init__(self, status_code: int, what: str) -> None:
        self.status_code = status_code
        super().__init__(f"{what}: HTTP status {status_code}; CPR answers 200 OK (bilag 5 §4.2)")


class CprProtocolError(CprSessionError):
    """CPR's answer is not what bilag 5 and 7 describe (no token, not GCTP, no Kvit, …)."""


class SessionStateError(CprSessionError):
    """A step was called out of order, e.g. ``gem()`` before ``initier()`` (bilag 7 §5)."""


class KendeordPolicyError(InputError):
    """A new kendeord breaks CPR's kendeord rules; ``reasons`` lists each rule it breaks."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("the new kendeord is not allowed: " + "; ".join(self.reasons))
