"""Danish personnumre (CPR numbers): parse, normalise and mask them.

A personnummer is ten digits, ``DDMMÅÅ-LLLL``: the birth date without century, then the
løbenummer, whose first digit (digit 7) gives the century and whose last digit gives the gender
(odd ``M``, even ``K``). :func:`parse` accepts it with or without the hyphen and with blanks
anywhere, and returns a :class:`Personnummer` whose ``repr`` and ``str`` are masked:

>>> p = parse(" 020280-2729 ")
>>> p
Personnummer('020280-****')
>>> print(p)
020280-****
>>> p.birth_date, p.gender, p.formatted
(datetime.date(1980, 2, 2), 'M', '020280-2729')
>>> p == parse("020280 2729") and p.digits == normalise("0202802729")
True

Modulus 11 is a *policy*, never a reason to reject (see :func:`modulus11_warning`). This number,
born 01-01-1965, fails it, and CPR lists that birth date among those it issues such numbers for:

>>> q = parse("010165-2728")
>>> q.is_modulus11_valid, q.is_listed_without_modulus11, q.gender
(False, True, 'K')
>>> modulus11_warning(q), modulus11_warning(p)
(<Modulus11Warning.LISTED_DATE: 'modulus11-listed-date'>, None)

Text that is not a personnummer raises a :class:`~cpr_rules.errors.PersonnummerError` subclass;
its message shows at most the masked form ``DDMMÅÅ-****``:

>>> parse("670280-2729")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
cpr_rules.errors.ErstatningspersonnummerError: 670280-****: day 67 is ... not a CPR number
>>> is_valid("300280-2729"), is_valid("020280-1AB3"), is_valid("02028027")
(False, False, False)

:func:`mask` is for logging anything, and never raises:

>>> mask("0202802729"), mask("hello world"), mask(None)
('020280-****', 'hello *****', '<not a personnummer>')

:func:`mask_text` is the one function that masks personnumre *inside* a text (log lines, CPR's
texts, reports, file names): every form :func:`parse` accepts, and eCPR numbers, become
``DDMMÅÅ-****``; runs of more than ten digits (CPR's 20-digit timestamps) are left alone:

>>> mask_text("Personen 020280 2729 (02 02 80-27 29) i Vent; ts 20020201084141568870")
'Personen 020280-**** (020280-****) i Vent; ts 20020201084141568870'
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from functools import cache
from operator import mul
from pathlib import Path
from typing import Literal

from cpr_rules._frozen import Frozen, setfield
from cpr_rules._paths import codetables_dir
from cpr_rules.errors import (
    CodeTableError,
    ECprError,
    ErstatningspersonnummerError,
    PersonnummerDateError,
    PersonnummerError,
    PersonnummerFormatError,
)

__all__ = [
    "Modulus11Warning",
    "Personnummer",
    "from_digits",
    "is_valid",
    "mask",
    "mask_repr",
    "mask_text",
    "modulus11_warning",
    "normalise",
    "parse",
]

# Digit 7 and ÅÅ give the century, exactly as in shared/data/personnummer_aarhundrede.csv
# (columns ciffer7_fra, ciffer7_til, aar2_fra, aar2_til, aarhundrede_start); a test checks it.
_CENTURY_RULES: tuple[tuple[int, int, int, int, int], ...] = (
    (0, 3, 0, 99, 1900),
    (4, 4, 0, 36, 2000),
    (4, 4, 37, 99, 1900),
    (5, 8, 0, 57, 2000),
    (5, 8, 58, 99, 1800),
    (9, 9, 0, 36, 2000),
    (9, 9, 37, 99, 1900),
)
_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_WEIGHTS_48 = 48 * sum(_WEIGHTS)  # ord("0") times the weights
_ERSTATNING_DAYS = range(61, 92)  # day + 60, cpr.dk's recommendation for erstatningspersonnumre
_LISTED_TABLE = "personnummer_uden_modulus11.csv"
_NOT_A_PERSONNUMMER = "<not a personnummer>"

# [0-9], not \d: Python's \d and int() also accept Arabic-Indic and other Unicode digits.
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_WRITTEN = re.compile(r"[0-9]{6}-?[0-9]{4}")
_ECPR = re.compile(r"[0-9]{6}-?[0-9][A-Za-z]{2}[0-9]")  # DDMMÅÅCAAG, domain.md §1
# Inside a text (mask_text): every written form parse() accepts, not inside a longer run of
# digits; eCPRs too. Blanks are any Unicode whitespace, as str.split() sees it. The personnummer
# pattern is a lookahead, so overlapping candidates are all found; every quantifier is followed
# by a disjoint class, so matching stays linear in the text however long its runs of blanks.
_IN_TEXT = re.compile(
    r"(?<![0-9])(?=([0-9](?:\s*[0-9]){5}\s*(?:-\s*)?[0-9]"
    r"(?:(?:\s*[0-9]){3}|\s*[A-Za-z]\s*[A-Za-z]\s*[0-9]))(?![0-9]))"
)
_BLANK_OR_HYPHEN = re.compile(r"[\s-]+")
_SIX_DIGITS = re.compile(r"(?:[^0-9]*[0-9]){6}")
_DIGIT_OR_LETTER = re.compile(r"[0-9A-Za-z]")


class Personnummer(Frozen):
    """A syntactically valid personnummer: ten digits whose DDMMÅÅ and digit 7 give a real date.

    Construct it with :func:`parse`; the constructor itself takes exactly ten digits. ``digits``
    is the only way to get the full number; ``repr`` and ``str`` show :attr:`masked`.
    """

    __slots__ = _fields = ("digits",)
    digits: str

    def __init__(self, digits: str) -> None:
        if not isinstance(digits, str) or not _TEN_DIGITS.fullmatch(digits):
            raise PersonnummerFormatError(
                "Personnummer() takes exactly 10 digits; use parse() for written forms"
            )
        _birth_date(digits)
        setfield(self, "digits", digits)

    @property
    def birth_date(self) -> datetime.date:
        """The birth date, century from digit 7 and ÅÅ."""
        return _birth_date(self.digits)

    @property
    def gender(self) -> Literal["M", "K"]:
        """CPR's ``KOEN``: ``M`` if the 10th digit is odd, ``K`` if it is even."""
        return "M" if int(self.digits[9]) % 2 else "K"

    @property
    def is_modulus11_valid(self) -> bool:
        """Whether the weighted digit sum (weights 4,3,2,7,6,5,4,3,2,1) is divisible by 11."""
        # the digits' bytes are 48 + digit: subtract 48 times the sum of the weights (37)
        total: int = sum(map(mul, _WEIGHTS, self.digits.encode()))
        return (total - _WEIGHTS_48) % 11 == 0

    @property
    def is_listed_without_modulus11(self) -> bool:
        """Whether CPR lists the birth date as one it issues numbers without modulus 11 for."""
        return self.birth_date in _dates_without_modulus11()

    @property
    def masked(self) -> str:
        """``DDMMÅÅ-****``: safe to log and to show."""
        return f"{self.digits[:6]}-****"

    @property
    def formatted(self) -> str:
        """``DDMMÅÅ-LLLL``, the full number as CPR writes it."""
        return f"{self.digits[:6]}-{self.digits[6:]}"

    def __repr__(self) -> str:
        return f"Personnummer({self.masked!r})"

    def __str__(self) -> str:
        return self.masked


class Modulus11Warning(StrEnum):
    """Why a personnummer that fails modulus 11 is worth a *warning* (never an error).

    Until 2007-10-01 every personnummer passed modulus 11. Since then CPR has issued numbers
    without it, because some birth dates ran out of numbers that pass; CPR calls them "fuldt ud
    gyldige" and tells IT systems not to reject them (cpr.dk, "Personnumre uden kontrolciffer
    (modulus 11 kontrol)"). A failing check is therefore only a hint of a typing error.
    """

    #: CPR lists this birth date among those with numbers without modulus 11: most likely valid.
    LISTED_DATE = "modulus11-listed-date"
    #: Not on CPR's list, which CPR says is not exhaustive: possibly a typing error.
    UNLISTED_DATE = "modulus11-unlisted-date"


def parse(text: str) -> Personnummer:
    """The personnummer in ``text`` (``DDMMÅÅ-LLLL`` or ``DDMMÅÅLLLL``, blanks allowed anywhere).

    Raises a :class:`~cpr_rules.errors.PersonnummerError` subclass naming the defect.
    """
    return Personnummer(_compact(text))


def from_digits(digits: str) -> Personnummer:
    """:func:`parse` of ``digits`` that are known to be ten ASCII digits (the validator's fast
    path): only the birth date is checked, raising as :func:`parse` does."""
    _birth_date(digits)
    p = object.__new__(Personnummer)
    setfield(p, "digits", digits)
    return p


def normalise(text: str) -> str:
    """The ten digits of the personnummer in ``text``; raises like :func:`parse`."""
    return parse(text).digits


def is_valid(text: object) -> bool:
    """Whether :func:`parse` accepts ``text`` (modulus 11 plays no part)."""
    try:
        Personnummer(_compact(text))
    except PersonnummerError:
        return False
    return True


def modulus11_warning(p: Personnummer) -> Modulus11Warning | None:
    """``None`` if ``p`` passes modulus 11, else the reason for a *warning* finding.

    Never use it to reject: CPR issues fully valid numbers without modulus 11 (see
    :class:`Modulus11Warning`). A validator may show ``LISTED_DATE`` as information only.
    """
    if p.is_modulus11_valid:
        return None
    if p.is_listed_without_modulus11:
        return Modulus11Warning.LISTED_DATE
    return Modulus11Warning.UNLISTED_DATE


def mask(text: object) -> str:
    """``text`` made safe for a log line; never raises and never shows digits 7-10 of a number.

    A personnummer (or an eCPR) written with or without hyphen and blanks becomes
    ``DDMMÅÅ-****``. Any other string keeps at most its first 6 characters, and never its last
    4, and the rest becomes ``*``. Anything that is not a string becomes ``<not a personnummer>``.
    """
    if isinstance(text, Personnummer):
        return text.masked
    if not isinstance(text, str):
        return _NOT_A_PERSONNUMMER
    compact = "".join(text.split())
    if _WRITTEN.fullmatch(compact) or _ECPR.fullmatch(compact):
        return f"{compact[:6]}-****"
    keep = max(0, min(6, len(text) - 4))
    return text[:keep] + "*" * (len(text) - keep)


def mask_text(text: str) -> str:
    """``text`` with every personnummer (and eCPR) in it written ``DDMMÅÅ-****``; never raises.

    This is the one function that masks free text (the session, the sandbox and the drift
    report use it). It masks every form :func:`parse` accepts wherever it stands (ten digits,
    blanks anywhere, at most one hyphen after the sixth digit), whether or not the date is
    real: a shape is enough. Where such forms overlap (``1 2 3 4 5 6 7 8 9 0 1``), every digit
    after the first six becomes ``*`` in place.
    """
    if _IN_TEXT.search(text) is None:  # the common case, one scan: nothing to mask
        return text
    spans = [m.span(1) for m in _IN_TEXT.finditer(text)]
    out: list[str] = []
    done = i = 0
    while i < len(spans):
        j, end = i, spans[i][1]
        while j + 1 < len(spans) and spans[j + 1][0] < end:  # overlapping candidates
            j += 1
            end = max(end, spans[j][1])
        start = spans[i][0]
        out.append(text[done:start])
        if i == j:
            out.append(_BLANK_OR_HYPHEN.sub("", text[start:end])[:6] + "-****")
        else:
            out.append(_starred(text[start:end]))
        done, i = end, j + 1
    out.append(text[done:])
    return "".join(out)


def mask_repr(value: object, limit: int = 80) -> str:
    """``repr(value)`` for an error message: personnumre masked, at most ``limit`` characters.

    >>> mask_repr("020280-2729"), mask_repr("x" * 100, 10)
    ("'020280-****'", "'xxxxxx...")
    """
    text = mask_text(repr(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _starred(cluster: str) -> str:
    """Overlapping candidates: every digit (or letter) after the first six digits is ``*``."""
    sixth = _SIX_DIGITS.match(cluster)
    cut = sixth.end() if sixth else 0
    return cluster[:cut] + _DIGIT_OR_LETTER.sub("*", cluster[cut:])


def _compact(text: object) -> str:
    """The ten digits of a written personnummer, or a typed error for any other shape."""
    if not isinstance(text, str):
        raise PersonnummerFormatError(f"expected a str, got {type(text).__name__}")
    compact = "".join(text.split())
    if _WRITTEN.fullmatch(compact):
        return compact.replace("-", "")
    if _ECPR.fullmatch(compact):
        raise ECprError(
            f"{compact[:6]}-****: letters in positions 8-9 make this an eCPR (DDMMÅÅCAAG, "
            "a health-sector substitute number), not a CPR number"
        )
    raise PersonnummerFormatError(f"not a personnummer: {_shape_defect(compact)}")


def _shape_defect(compact: str) -> str:
    """What is wrong with a blank-free string that is not ``DDMMÅÅ-LLLL``; never echoes it."""
    if not set(compact) <= set("0123456789-"):
        return "only digits, blanks and one hyphen are allowed (DDMMÅÅ-LLLL)"
    n = len(compact.replace("-", ""))
    if n != 10:
        return f"expected 10 digits (DDMMÅÅ-LLLL), got {n}"
    return "a hyphen is only allowed between DDMMÅÅ and LLLL (DDMMÅÅ-LLLL)"


def _birth_date(digits: str) -> datetime.date:
    """The birth date of ten digits, or a typed error (erstatningspersonnummer, no such date)."""
    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if day in _ERSTATNING_DAYS:
        raise ErstatningspersonnummerError(
            f"{digits[:6]}-****: day {day} is the day of birth + 60, so this is an "
            "erstatningspersonnummer (cpr.dk), not a CPR number"
        )
    year = _century(int(digits[6]), yy) + yy
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise PersonnummerDateError(
            f"{digits[:6]}-****: {day:02d}-{month:02d}-{year} is not a calendar date "
            "(the century comes from digit 7)"
        ) from None


def _century(digit7: int, yy: int) -> int:
    """The century (1800, 1900 or 2000) of a birth year ÅÅ, from digit 7."""
    for first, last, yy_from, yy_to, century in _CENTURY_RULES:
        if first <= digit7 <= last and yy_from <= yy <= yy_to:
            return century
    raise AssertionError(f"century table has no row for digit 7 = {digit7}, ÅÅ = {yy:02d}")


@cache
def _dates_without_modulus11() -> frozenset[datetime.date]:
    """The 01-01 birth dates CPR lists in the shipped table, read on first use."""
    from cpr_rules.tables._csvfile import read_table_file  # only when first asked

    table = read_table_file(codetables_dir() / _LISTED_TABLE)
    if "foedselsdato" not in table.columns:
        raise CodeTableError("missing column 'foedselsdato'", file=table.path)
    column = table.columns.index("foedselsdato")
    return frozenset(_iso_date(row[column], table.path) for row in table.rows)


def _iso_date(text: str, path: Path) -> datetime.date:
    """A ``YYYY-MM-DD`` cell of a code table; a bad cell is the table author's error."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CodeTableError(f"foedselsdato {text!r} is not YYYY-MM-DD", file=path) from None
