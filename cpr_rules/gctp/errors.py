"""The errors of the GCTP message layer, named by defect.

A document from CPR that cannot be read is a failed CPR call (``CprError``); a value or an
argument the caller gave that cannot be sent is unusable input (``InputError``)::

    CprError                        (cpr_rules.errors)
    ├── GctpParseError              a document from CPR cannot be read as GCTP
    │   ├── GctpTooLargeError       more bytes than the parser's size limit
    │   ├── GctpDepthError          elements nested deeper than the parser's depth limit
    │   ├── GctpForbiddenXmlError   DTD, entity declaration or external reference (hostile XML)
    │   ├── GctpSyntaxError         not well-formed XML, truncated, or undecodable bytes
    │   ├── GctpStructureError      XML, but not GCTP: root, namespace, element, attribute
    │   └── GctpVersionError        ``<Gctp v="…">`` names a version other than 1.0
    └── LogonError                  the security server refused a ``Sik`` logon (code 901–908, 999)
    InputError                      (cpr_rules.errors)
    ├── GctpEncodingError           a value has a character CPR cannot carry (names the field)
    └── GctpRequestError            a builder argument is not what bilag 7 allows (e.g. ``ts``)
"""

from __future__ import annotations

from cpr_rules.errors import CprError, InputError

__all__ = [
    "GctpDepthError",
    "GctpEncodingError",
    "GctpForbiddenXmlError",
    "GctpParseError",
    "GctpRequestError",
    "GctpStructureError",
    "GctpSyntaxError",
    "GctpTooLargeError",
    "GctpVersionError",
    "LogonError",
]


class GctpParseError(CprError):
    """A document from CPR cannot be read as a GCTP message.

    ``line`` and ``column`` point into the document when the XML parser knows them (else 0).
    """

    def __init__(self, message: str, *, line: int = 0, column: int = 0) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line:
            return f"line {self.line}, column {self.column}: {self.message}"
        return self.message


class GctpTooLargeError(GctpParseError):
    """The document has more bytes than the parser accepts (``max_bytes``)."""


class GctpDepthError(GctpParseError):
    """Elements are nested deeper than the parser accepts (``max_depth``)."""


class GctpForbiddenXmlError(GctpParseError):
    """The document has a DTD, an entity declaration or an external reference."""


class GctpSyntaxError(GctpParseError):
    """The bytes are not well-formed XML in their declared encoding (or are truncated)."""


class GctpStructureError(GctpParseError):
    """Well-formed XML that is not GCTP: wrong root or namespace, unknown element, bad attribute."""


class GctpVersionError(GctpParseError):
    """``<Gctp v="…">`` names a GCTP version this library does not speak (only ``1.0``)."""


class GctpEncodingError(InputError):
    """A value has a character CPR cannot carry: not in ISO-8859-1 or not allowed in XML 1.0.

    ``where`` names the element and attribute (e.g. ``Field[CADR_CONVN]@v``), ``character`` the
    offending character and ``position`` its index in the value.
    """

    def __init__(self, where: str, character: str, position: int, reason: str) -> None:
        self.where = where
        self.character = character
        self.position = position
        code = f"U+{ord(character):04X}"
        super().__init__(
            f"{where}: character {character!r} ({code}) at position {position} cannot be sent"
            f" to CPR: {reason}"
        )


class GctpRequestError(InputError):
    """A request builder got an argument that bilag 7 does not allow (the message names it)."""


class LogonError(CprError):
    """CPR's security server refused a logon or password change (bilag 5, "Returkoder").

    ``code`` is CPR's ``returKode`` (901–908 or 999), ``text`` the text CPR sent with it.
    """

    def __init__(self, code: int, text: str) -> None:
        self.code = code
        self.text = text
        super().__init__(f"CPR logon return code {code}: {text}")
