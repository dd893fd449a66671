"""Logon return codes and the logon response (bilag 5 §4.2.1, "Returkoder").

CPR answers a ``Sik`` request (logon, password change, or any request with an unknown token)
with ``<Sik><Kvit r="returKode" t="…" v="900"/></Sik>``, and the HTTP status stays ``200 OK``
even when the logon failed (bilag 5, last page), so the code must be read from the XML.

>>> result = parse_logon_response(
...     b'<root xmlns="http://www.cpr.dk"><Gctp v="1.0"><Sik>'
...     b'<Kvit r="returKode" t="Signon udf\\xf8rt" v="900"/></Sik></Gctp></root>')
>>> result.code, result.is_ok, result.text, result.description
(900, True, 'Signon udført', 'Signon successful')
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from cpr_rules.gctp.errors import GctpStructureError, LogonError
from cpr_rules.gctp.model import GctpMessage
from cpr_rules.gctp.parsing import DEFAULT_MAX_BYTES, parse

__all__ = [
    "LOGON_OK",
    "LOGON_RETURN_CODES",
    "TOKEN_NOT_ACCEPTED",
    "LogonResult",
    "logon_result",
    "parse_logon_response",
]

LOGON_OK: Final = 900
"""The one return code that means the logon or password change succeeded."""

TOKEN_NOT_ACCEPTED: Final = "ZZZzzzzzzzz"
"""Bilag 5 §4.2: "Er <token> = ZZZzzzzzzzz er token ikke accepteret af hostens sikkerhedssystem":
the token CPR (and the sandbox) sets when a logon fails or a token is unknown."""

LOGON_RETURN_CODES: Final = MappingProxyType(
    {
        900: "Signon successful",
        901: "Token kendes ikke",
        902: "Bruger-id er ikke defineret i sikkerhedssystemet",
        903: "Bruger-id er inaktivt i sikkerhedssystemet",
        904: "Ugyldig Bruger-id indtastet",
        905: "Ugyldig kodeord indtastet",
        906: "Dit kodeord er udløbet",
        907: "Begge kodeord skal være ens",
        908: "Det nye kodeord er ikke gyldigt",
        999: "Implementation error",
    }
)
"""``returKode`` -> CPR's text, exactly as in the table of bilag 5 §4.2.1."""


@dataclass(frozen=True, slots=True)
class LogonResult:
    """The answer to a ``Sik`` request.

    ``text`` is the ``t`` CPR sent (e.g. ``"Signon udført"``), ``description`` the text of the
    bilag 5 table for the code (``None`` for a code the table does not list).
    """

    code: int
    text: str
    description: str | None

    @property
    def is_ok(self) -> bool:
        """Code 900: logged on (or password changed)."""
        return self.code == LOGON_OK

    def raise_for_code(self) -> LogonResult:
        """Return ``self`` if the logon succeeded, else raise :class:`LogonError` with the code."""
        if not self.is_ok:
            raise LogonError(self.code, self.text.strip() or (self.description or ""))
        return self


def logon_result(message: GctpMessage) -> LogonResult:
    """The :class:`LogonResult` in a parsed message with a ``<Sik><Kvit …/></Sik>`` block."""
    sik = message.sik
    kvit = sik.kvit if sik is not None else None
    if kvit is None or kvit.number is None:
        raise GctpStructureError('no <Sik><Kvit r="returKode" v="…"/></Sik> with a numeric code')
    code = kvit.number
    return LogonResult(code, kvit.t or "", LOGON_RETURN_CODES.get(code))


def parse_logon_response(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LogonResult:
    """Parse the bytes of a logon response (see :func:`logon_result`)."""
    return logon_result(parse(data, max_bytes=max_bytes))
