"""Which characters CPR can carry, and how the others are substituted (bilag 5 §2, bilag 8).

Three rules, each from the handbook:

1. **ISO-8859-1 only** (bilag 5 §2, "Karaktersæt"): CPR's communication server uses
   ISO-8859-1; a character outside it (``€``, ``ł``, ``…``) cannot be sent. Bilag 8 defines no
   substitution for such characters, so :func:`check_value` raises
   :class:`~cpr_rules.gctp.errors.GctpEncodingError` naming the field, never a
   ``UnicodeEncodeError``. Control characters XML 1.0 forbids are refused the same way.

2. **``>`` and ``"`` are sent twice** (bilag 8 §1.4, "Begrænsninger"): "Data i value felterne
   kan ikke indeholde karakterene ascii x3E(>) eller ascii x22(”). Hvis disse karakterer
   forekommer skal de sendes to gange uden mellemliggende tegn." :func:`double_reserved` does this
   to a field's ``v`` on render, :func:`undouble_reserved` undoes it on parse. (In the XML the
   doubled characters are then escaped as usual: ``v="a&quot;&quot;b"``.)

   >>> double_reserved('Sct. "Hans" Gade > 5')
   'Sct. ""Hans"" Gade >> 5'
   >>> undouble_reserved(double_reserved('a""b>'))
   'a""b>'

3. **Named entities CPR may send** (bilag 8 p. 14, "Konvertering af GCTP tegn til valide XML
   tegn"): the string received from CPR is searched for "illegal" characters, which are
   replaced before an XML parser sees it. :data:`CPR_ENTITIES` is that table. ``&amp;``,
   ``&quot;``, ``&lt;`` and ``&gt;`` are XML's own entities and need nothing; ``&plus;`` and
   ``&percnt;`` are not XML and are replaced by :func:`substitute_received`.

   >>> substitute_received('<Field r="X" v="1&plus;1 &percnt;"/>')
   '<Field r="X" v="1+1 %"/>'

   The table in bilag 8 is misprinted: its replacement column gives ``&#002A;`` for ``+`` (that is
   ``*``; ``+`` is x2B), ``&#0027;`` for ``"`` (that is ``'``; ``"`` is x22), ``&# 0026;`` with a
   blank, and hex digits without XML's ``x``. The characters meant are unambiguous from the first
   column, and those are what :data:`CPR_ENTITIES` maps to.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from cpr_rules.gctp.errors import GctpEncodingError

__all__ = [
    "CPR_ENTITIES",
    "DOUBLED",
    "ENCODING",
    "check_value",
    "double_reserved",
    "escape_attribute",
    "substitute_received",
    "undouble_reserved",
]

ENCODING: Final = "ISO-8859-1"
"""The only character set of CPR's communication server (bilag 5 §2)."""

DOUBLED: Final = ('"', ">")
"""Characters a field value carries twice (bilag 8 §1.4)."""

CPR_ENTITIES: Final = MappingProxyType(
    {
        "&plus;": "+",
        "&amp;": "&",
        "&quot;": '"',
        "&lt;": "<",
        "&gt;": ">",
        "&percnt;": "%",
    }
)
"""Bilag 8 p. 14: entity in CPR's string -> the character it stands for."""

_XML_PREDEFINED: Final = frozenset({"&amp;", "&quot;", "&lt;", "&gt;", "&apos;"})
_ATTRIBUTE_ESCAPES: Final = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}
_XML_CONTROLS_ALLOWED: Final = frozenset("\t\n\r")


def substitute_received(text: str) -> str:
    """Replace the entities of bilag 8 p. 14 that XML does not define by their characters."""
    for entity, character in CPR_ENTITIES.items():
        if entity not in _XML_PREDEFINED:
            text = text.replace(entity, character)
    return text


def double_reserved(value: str) -> str:
    """Send ``"`` and ``>`` twice, as bilag 8 §1.4 requires of field values."""
    for character in DOUBLED:
        value = value.replace(character, character * 2)
    return value


def undouble_reserved(value: str) -> str:
    """Undo :func:`double_reserved`: each pair of ``"`` or ``>`` becomes one."""
    for character in DOUBLED:
        value = value.replace(character * 2, character)
    return value


def check_value(value: str, where: str) -> None:
    """Raise :class:`GctpEncodingError` if ``value`` has a character CPR cannot carry.

    ``where`` names the value in the error, e.g. ``Field[CADR_CONVN]@v``.
    """
    for position, character in enumerate(value):
        code = ord(character)
        if code > 0xFF:
            reason = "it is not in ISO-8859-1 (bilag 5 §2), and bilag 8 defines no substitute"
            raise GctpEncodingError(where, character, position, reason)
        if code < 0x20 and character not in _XML_CONTROLS_ALLOWED:
            raise GctpEncodingError(where, character, position, "XML 1.0 forbids it")


def escape_attribute(value: str) -> str:
    """Escape ``value`` for an XML attribute in double quotes (tab and newlines survive)."""
    return "".join(_ATTRIBUTE_ESCAPES.get(c, c) for c in value)
