"""CPR's address field domains (ADRESSE3 feltdefinitioner): normalise what a citizen types,
and show it the way CPR's one-line standard address does.

Each ``normalise_*`` function takes what a person typed and returns CPR's stored form, or raises
:class:`FieldValueError` with a stable ``reason`` key saying what is wrong. Each ``display_*``
function turns the stored form into the text of an address line.

>>> normalise_husnr("12 b"), display_husnr("012B")
('012B', '12B')
>>> normalise_etage("3"), display_etage("03"), display_etage("st")
('03', '3.', 'st.')
>>> normalise_sidedoer("TV"), normalise_sidedoer("7")
('tv', '0007')

Source: Håndbog til CPR services, ADRESSE3 feltdefinitioner (HUSNR, ETAGE, SIDEDOER, BNR,
CONVN); SDFI/danmarksadresser.dk for the one-line display ("Strandvejen 123A, st. tv, 2900
Hellerup").
"""

from __future__ import annotations

import re

from cpr_rules.errors import InputError

__all__ = [
    "HUSNR_MAX_KEY",
    "FieldValueError",
    "display_etage",
    "display_husnr",
    "display_sidedoer",
    "format_standardadresse",
    "husnr_key",
    "normalise_bnr",
    "normalise_convn",
    "normalise_etage",
    "normalise_husnr",
    "normalise_sidedoer",
]


class FieldValueError(InputError):
    """A value outside a CPR field's domain. ``reason`` is a stable key (e.g. ``husnr.range``)."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


_HUSNR = re.compile(r"([0-9]{1,3}) *([A-Za-z]?)")
_STORED_HUSNR = re.compile(r"[0-9]{3}[A-Za-z]?")
_ETAGE_WORDS = frozenset({"st", "kl", "k2", "k3"})
_ETAGE_NUMBER = re.compile(r"[0-9]+")
_DOOR_NUMBER = re.compile(r"[0-9]+")
_DOORS = frozenset({"tv", "th", "mf"})  # the usual doors, in CPR's form
# A-Å (either case), digits; "-", "/" and one blank only between two of those (ADRESSE3 SIDEDOER)
_DOOR_TEXT = re.compile(r"[A-Za-zÆØÅæøå0-9]+(?:[-/ ][A-Za-zÆØÅæøå0-9]+)*")
_BNR = re.compile(r"[0-9A-ZÆØÅÜa-zæøåü\-.,'/ ]{1,4}")
_CONVN_NAME = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ][0-9A-Za-zÀ-ÖØ-öø-ÿ\-'./, ]*")

HUSNR_MAX_KEY = 999 * 27 + 26
"""The sort key of the largest possible husnr (``999Z``)."""


def normalise_husnr(text: str) -> str:
    """``5`` → ``005``, ``12b``/``12 B`` → ``012B``; 001–999 plus an optional letter A–Z.

    ADRESSE3 HUSNR: "Position 1-3: 001 - 999 … Position 4: A - Z eller blank. Er de tre første
    positioner blanke er 4. position også blank" (a letter alone is no husnr). ASCII digits only;
    blanks only between the number and the letter (``1 2`` is an error).
    """
    if text.isdigit() and text.isascii() and len(text) <= 3 and int(text):  # the common case
        return text.zfill(3)
    match = _HUSNR.fullmatch(text.strip())
    if match is None:
        raise FieldValueError("husnr.format", "husnr must be 1-999 with an optional letter A-Z")
    number = int(match.group(1))
    if not 1 <= number <= 999:
        raise FieldValueError("husnr.range", "husnr must be between 1 and 999")
    return f"{number:03d}{match.group(2).upper()}"


def husnr_key(husnr: str) -> int:
    """Sort key of a CPR husnr (``014`` < ``014A`` < ``015``); blank sorts first (open bound)."""
    digits = husnr[:3].strip()
    if not digits:
        return 0
    letter = husnr[3:4].strip()
    return int(digits) * 27 + (ord(letter.upper()) - 64 if letter else 0)


def is_stored_husnr(husnr: str) -> bool:
    """Whether ``husnr`` is in CPR's stored form: three digits and an optional letter."""
    return _STORED_HUSNR.fullmatch(husnr) is not None


def display_husnr(husnr: str) -> str:
    """``005`` → ``5``, ``012B`` → ``12B``; text in no husnr form is shown as it is."""
    if not is_stored_husnr(husnr):
        return husnr
    return husnr[:3].lstrip("0 ") + husnr[3:].strip()


def normalise_etage(text: str) -> str:
    """``3``/``03`` → ``03``; ``st``/``ST`` → ``st``; ``kl``, ``k2``, ``k3``; nothing else.

    ADRESSE3 ETAGE: "01 - 99 samt kl, k2, k3, st og blank" (``mz``, ``kv``, ``pt`` only in the
    historical archive). ``k1``, ``3.`` and ``st.`` are not in the domain: errors.
    """
    if text in _ETAGE_WORDS:  # the common case: already in CPR's form
        return text
    value = text.strip()
    if not value.isascii():  # 'K2' with a Kelvin sign is no k2: ISO-8859-1 only
        raise FieldValueError("etage.format", "etage must be 1-99, st, kl, k2 or k3")
    value = value.lower()
    if _ETAGE_NUMBER.fullmatch(value):
        if len(value) > 2 or int(value) == 0:
            raise FieldValueError("etage.range", "etage must be 1-99, st, kl, k2 or k3")
        return f"{int(value):02d}"
    if value in _ETAGE_WORDS:
        return value
    raise FieldValueError("etage.format", "etage must be 1-99, st, kl, k2 or k3")


def display_etage(etage: str) -> str:
    """``03`` → ``3.``, ``st`` → ``st.``, ``kl`` → ``kl.`` (SDFI one-line form)."""
    return f"{int(etage)}." if etage.isdecimal() and etage.isascii() else f"{etage}."


def normalise_sidedoer(text: str) -> str:
    """``tv``/``TV`` → ``tv``; ``7`` → ``0007`` (zero-padded); or a text door of up to 4.

    ADRESSE3 SIDEDOER: "Tallene 0001 - 9999 / A - Å, bindestreg (-), skråstreg (/) og blank.
    Numerisk indhold foranstilles med nuller … Bindestreg og skråstreg må kun forekomme, hvis der
    findes tal eller bogstav i positionen før og efter". Format A4: at most 4 characters, so a
    door number is 1-9999 written in at most 4 digits; a text door may hold one inner blank.
    """
    if text in _DOORS:  # the common case: already in CPR's form
        return text
    value = text.strip()
    if _DOOR_NUMBER.fullmatch(value):
        if len(value) > 4 or int(value) == 0:
            raise FieldValueError("sidedoer.range", "a door number must be 1-9999")
        return f"{int(value):04d}"
    if len(value) > 4 or value.count(" ") > 1 or not _DOOR_TEXT.fullmatch(value):
        raise FieldValueError(
            "sidedoer.format", "sidedør must be tv, th, mf, a door number or up to 4 letters/digits"
        )
    return value.lower()


def display_sidedoer(sidedoer: str) -> str:
    """``0007`` → ``7``, ``tv`` → ``tv``."""
    return str(int(sidedoer)) if sidedoer.isdecimal() and sidedoer.isascii() else sidedoer.strip()


def normalise_bnr(text: str) -> str:
    """Bygningsnummer (Greenland): up to 4 of ``0-9 A-Å Ü - . , ' /`` and blank (ADRESSE3 BNR).

    ADRESSE3 writes "1-9"; CPR's own data and examples contain ``0`` (``001``, ``0101``), so 0 is
    allowed (issue 9 decision). Letters are stored in upper case.
    """
    value = text.strip()
    if not _BNR.fullmatch(value):
        raise FieldValueError("bnr.format", "bnr must be 1-4 of 0-9, A-Å, - . , ' / and blank")
    return value.upper()


def normalise_convn(text: str) -> str:
    """A c/o-navn: ``c/o `` then a name (ADRESSE3 CONVN), at most 34 characters, single blanks.

    ADRESSE3 CONVN: "Udvidet tegnsæt. Alfanumerisk samt bindestreg(-), apostrof('), punktum(.),
    skråstreg(/), komma(,), blank. Første position skal være et bogstav eller tal. Der må ikke
    være mere end en blank mellem bogstav/tegn. c/o samt en blank vil være indeholdt i de første
    4 positioner og skal indrapporteres af brugeren." Letters are ISO-8859-1's (é, ñ, ü);
    digits ASCII. The prefix is normalised to lower-case ``c/o ``.
    """
    value = text.strip()
    if value[:4].lower() != "c/o " or not value[4:].strip():
        raise FieldValueError("convn.prefix", "a c/o name must start with 'c/o ' and a name")
    value = "c/o " + value[4:]
    if len(value) > 34:
        raise FieldValueError("convn.length", "a c/o name is at most 34 characters")
    if "  " in value:
        raise FieldValueError("convn.blanks", "a c/o name may not contain two blanks in a row")
    if not _CONVN_NAME.fullmatch(value[4:]):
        raise FieldValueError(
            "convn.characters", "a c/o name may contain letters, digits, - ' . / , and blanks"
        )
    return value


def format_standardadresse(
    vejnavn: str,
    husnr: str | None = None,
    etage: str | None = None,
    sidedoer: str | None = None,
    bnr: str | None = None,
) -> str:
    """CPR's standard address line: ``Vesterbrogade 5, 3. tv`` (vejnavn, husnr, etage, dør, BNR).

    >>> format_standardadresse("Vesterbrogade", "005", "03", "tv")
    'Vesterbrogade 5, 3. tv'
    >>> format_standardadresse("Strandvejen", "123A", "st", "tv")
    'Strandvejen 123A, st. tv'
    """
    line = vejnavn.strip()
    if husnr:
        line = f"{line} {display_husnr(husnr)}"
    floor = display_etage(etage) if etage else ""
    door = display_sidedoer(sidedoer) if sidedoer else ""
    if door:
        floor = f"{floor} {door}" if floor else door
    if floor:
        line = f"{line}, {floor}"
    if bnr:
        line = f"{line}, B-{bnr.strip()}"
    return line
