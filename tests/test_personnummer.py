"""Tests of cpr_rules.personnummer: data-driven cases, properties, and python-stdnum comparison."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import exceptions as stdnum_exceptions
from stdnum.dk import cpr as stdnum_cpr
from strategies import personnumre, personnumre_med_foedselsdato

from cpr_rules._paths import codetables_dir
from cpr_rules.errors import (
    ECprError,
    ErstatningspersonnummerError,
    InputError,
    PersonnummerDateError,
    PersonnummerError,
    PersonnummerFormatError,
)
from cpr_rules.personnummer import (
    Modulus11Warning,
    Personnummer,
    is_valid,
    mask,
    modulus11_warning,
    normalise,
    parse,
)
from cpr_rules.tables._csvfile import read_table_file

EXAMPLES = settings(max_examples=500, deadline=None)


class Parsed(NamedTuple):
    """What a valid input parses to."""

    digits: str
    birth_date: datetime.date
    gender: str
    modulus11: bool = True
    listed: bool = False


D = datetime.date
ACCEPTED = [
    pytest.param("0202802729", Parsed("0202802729", D(1980, 2, 2), "M"), id="normal"),
    pytest.param("020280-2729", Parsed("0202802729", D(1980, 2, 2), "M"), id="hyphen"),
    pytest.param("020280 2729", Parsed("0202802729", D(1980, 2, 2), "M"), id="inner-blank"),
    pytest.param(" 0202802729 ", Parsed("0202802729", D(1980, 2, 2), "M"), id="outer-blanks"),
    pytest.param(
        "02 02 80 - 27 29", Parsed("0202802729", D(1980, 2, 2), "M"), id="blanks-all-over"
    ),
    pytest.param("\t020280\u00a02729\n", Parsed("0202802729", D(1980, 2, 2), "M"), id="tab-nbsp"),
    pytest.param("1506904028", Parsed("1506904028", D(1990, 6, 15), "K"), id="gender-k"),
    pytest.param("2902004000", Parsed("2902004000", D(2000, 2, 29), "K", False), id="29-02-2000"),
    pytest.param("2902802000", Parsed("2902802000", D(1980, 2, 29), "K", False), id="29-02-1980"),
    pytest.param("0101585000", Parsed("0101585000", D(1858, 1, 1), "K", False), id="first-1858"),
    pytest.param("3112578000", Parsed("3112578000", D(2057, 12, 31), "K", False), id="last-2057"),
    pytest.param("0101364000", Parsed("0101364000", D(2036, 1, 1), "K", False), id="digit7-4-aa36"),
    pytest.param("0101374000", Parsed("0101374000", D(1937, 1, 1), "K", False), id="digit7-4-aa37"),
    pytest.param("0101009000", Parsed("0101009000", D(2000, 1, 1), "K", False), id="digit7-9-aa00"),
    pytest.param(
        "010165-2728",
        Parsed("0101652728", D(1965, 1, 1), "K", modulus11=False, listed=True),
        id="listed-without-modulus11",
    ),
    pytest.param(
        "0101654001",
        Parsed("0101654001", D(1965, 1, 1), "M", modulus11=True, listed=True),
        id="listed-date-passing-modulus11",
    ),
    pytest.param(
        "0202811001",
        Parsed("0202811001", D(1981, 2, 2), "M", modulus11=False, listed=False),
        id="unlisted-failing-modulus11",
    ),
]

REJECTED = [
    pytest.param("020280272", PersonnummerFormatError, id="9-digits"),
    pytest.param("02028027290", PersonnummerFormatError, id="11-digits"),
    pytest.param("", PersonnummerFormatError, id="empty"),
    pytest.param("02-02-80-2729", PersonnummerFormatError, id="hyphen-in-date"),
    pytest.param("020280--2729", PersonnummerFormatError, id="two-hyphens"),
    pytest.param("020280\u20132729", PersonnummerFormatError, id="en-dash"),
    pytest.param("020280/2729", PersonnummerFormatError, id="slash"),
    pytest.param("020280-2A29", PersonnummerFormatError, id="one-letter"),
    pytest.param(
        "\u0660\u0662\u0660\u0662\u0668\u0660\u0662\u0667\u0662\u0669",
        PersonnummerFormatError,
        id="arabic-indic-digits",
    ),
    pytest.param("020280-1AB3", ECprError, id="ecpr"),
    pytest.param("0202801ab3", ECprError, id="ecpr-lowercase"),
    pytest.param("670280-2729", ErstatningspersonnummerError, id="erstatning-day-67"),
    pytest.param("6101802729", ErstatningspersonnummerError, id="erstatning-day-61"),
    pytest.param("9101802729", ErstatningspersonnummerError, id="erstatning-day-91"),
    pytest.param("2902002000", PersonnummerDateError, id="29-02-1900"),
    pytest.param("2902014000", PersonnummerDateError, id="29-02-2001"),
    pytest.param("0001802729", PersonnummerDateError, id="day-00"),
    pytest.param("0113802729", PersonnummerDateError, id="month-13"),
    pytest.param("0100802729", PersonnummerDateError, id="month-00"),
    pytest.param("3104802729", PersonnummerDateError, id="31-04"),
    pytest.param("4101802729", PersonnummerDateError, id="day-41"),
    pytest.param("9201802729", PersonnummerDateError, id="day-92"),
]

MESSAGES = [
    pytest.param("020280-1AB3", "eCPR", id="ecpr"),
    pytest.param("670280-2729", "erstatningspersonnummer", id="erstatning"),
    pytest.param("2902002000", "29-02-1900 is not a calendar date", id="date"),
    pytest.param("020280272", "expected 10 digits", id="length"),
    pytest.param("02-02-80-2729", "hyphen", id="hyphen"),
    pytest.param("020280/2729", "only digits", id="character"),
]

MASKED = [
    pytest.param("0202802729", "020280-****", id="digits"),
    pytest.param(" 020280 - 2729 ", "020280-****", id="written"),
    pytest.param("020280-1AB3", "020280-****", id="ecpr"),
    pytest.param("670280-2729", "670280-****", id="erstatning"),
    pytest.param("02028027291", "020280*****", id="11-digits"),
    pytest.param("hello world", "hello *****", id="text"),
    pytest.param("2729", "****", id="short"),
    pytest.param("802729", "80****", id="six-characters"),
    pytest.param("", "", id="empty"),
    pytest.param(None, "<not a personnummer>", id="none"),
    pytest.param(202802729, "<not a personnummer>", id="int"),
    pytest.param(b"0202802729", "<not a personnummer>", id="bytes"),
    pytest.param(Personnummer("0202802729"), "020280-****", id="personnummer"),
]


def _compact(text: str) -> str:
    return "".join(text.split()).replace("-", "")


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_accepts(text: str, expected: Parsed) -> None:
    """A written personnummer parses to its digits, birth date, gender and modulus-11 facts."""
    p = parse(text)
    assert (p.digits, p.birth_date, p.gender) == expected[:3]
    assert (p.is_modulus11_valid, p.is_listed_without_modulus11) == expected[3:]


@pytest.mark.parametrize(("text", "expected"), REJECTED)
def test_parse_rejects(text: str, expected: type[PersonnummerError]) -> None:
    """Each defect raises its own PersonnummerError subclass (normalise too); is_valid is False."""
    with pytest.raises(expected):
        parse(text)
    with pytest.raises(expected):
        normalise(text)
    assert not is_valid(text)


@pytest.mark.parametrize(("text", "expected"), REJECTED)
def test_error_message_never_contains_the_number(
    text: str, expected: type[PersonnummerError]
) -> None:
    """An error message shows at most DDMMÅÅ-****, never digits 7-10."""
    with pytest.raises(expected) as info:
        parse(text)
    message = str(info.value).replace(f"{_compact(text)[:6]}-****", "")
    hidden = _compact(text)[6:10]
    assert not hidden or hidden not in message


@pytest.mark.parametrize(("text", "needle"), MESSAGES)
def test_error_message_says_what_is_wrong(text: str, needle: str) -> None:
    """The message names the defect (eCPR, erstatningspersonnummer, date, length, characters)."""
    with pytest.raises(PersonnummerError, match=needle):
        parse(text)


def test_errors_are_input_errors() -> None:
    """Every personnummer error is an InputError and a ValueError, so callers can catch either."""
    for error in (PersonnummerFormatError, PersonnummerDateError, ECprError):
        assert issubclass(error, InputError)
        assert issubclass(error, ValueError)
    assert issubclass(ErstatningspersonnummerError, PersonnummerError)


@pytest.mark.parametrize("text", [None, 202802729, b"0202802729"])
def test_parse_rejects_non_strings(text: object) -> None:
    """A non-string (e.g. an int that lost its leading zero) is a format error, not a crash."""
    with pytest.raises(PersonnummerFormatError, match="expected a str"):
        parse(text)  # type: ignore[arg-type]
    assert not is_valid(text)


@pytest.mark.parametrize("digits", ["020280-2729", "020280272", " 0202802729", "3002802729"])
def test_constructor_takes_exactly_ten_valid_digits(digits: str) -> None:
    """Personnummer() itself keeps the invariant: ten digits that encode a real date."""
    with pytest.raises(PersonnummerError):
        Personnummer(digits)


def test_value_semantics() -> None:
    """A Personnummer is equal, hashable, frozen and slotted."""
    p = parse("020280-2729")
    assert p == parse(" 0202802729 ") == Personnummer("0202802729")
    assert p != parse("1506904028")
    assert len({p, parse("0202802729"), parse("1506904028")}) == 2
    with pytest.raises(AttributeError):  # FrozenInstanceError, as a frozen dataclass raises
        p.digits = "1506904028"
    assert not hasattr(p, "__dict__")


def test_every_text_form_is_masked() -> None:
    """repr, str, format and containers show the masked form; only digits and formatted do not."""
    p = parse("0202802729")
    assert repr(p) == "Personnummer('020280-****')"
    assert str(p) == f"{p}" == "%s" % p == p.masked == "020280-****"  # noqa: UP031
    assert "2729" not in repr([p]) + repr({p: p})
    assert p.formatted == "020280-2729"


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_mask(text: object, expected: str) -> None:
    """mask() turns any value into a loggable string that hides digits 7-10."""
    assert mask(text) == expected


@EXAMPLES
@given(st.one_of(st.text(), st.from_regex(r"\s*[0-9]{6}\s*-?\s*[0-9]{4}\s*", fullmatch=True)))
def test_mask_keeps_at_most_six_characters(text: str) -> None:
    """mask() never raises and lets at most 6 characters of any string through."""
    masked = mask(text)
    assert len(masked.rstrip("*").removesuffix("-")) <= 6
    assert len(masked) <= max(len(text), len("DDMMÅÅ-****"))


def test_modulus11_warning() -> None:
    """A modulus-11 failure yields a warning key (listed or unlisted date), never an error."""
    assert modulus11_warning(parse("0202802729")) is None
    assert modulus11_warning(parse("0101652728")) is Modulus11Warning.LISTED_DATE
    assert modulus11_warning(parse("0202811001")) is Modulus11Warning.UNLISTED_DATE
    assert str(Modulus11Warning.UNLISTED_DATE) == "modulus11-unlisted-date"


def test_listed_dates_come_from_the_shipped_table() -> None:
    """Every 01-01 date in codetables/personnummer_uden_modulus11.csv is reported as listed."""
    table = read_table_file(codetables_dir() / "personnummer_uden_modulus11.csv")
    column = table.columns.index("ddmmaa")
    assert table.rows
    for row in table.rows:
        ddmmaa = row[column]
        assert ddmmaa.startswith("0101")
        assert parse(f"{ddmmaa}2000").is_listed_without_modulus11
    assert not parse("0101612000").is_listed_without_modulus11  # 1961 is not on CPR's list


def _century_table() -> Path | None:
    here = Path(__file__)
    for candidate in (
        here.parents[1] / "codetables" / "personnummer_aarhundrede.csv",
        here.parents[2] / "shared/data/personnummer_aarhundrede.csv",
    ):
        if candidate.is_file():
            return candidate
    return None


def test_century_rule_matches_the_csv() -> None:
    """For every digit 7 and ÅÅ, the birth year is exactly the century the CSV gives."""
    path = _century_table()
    if path is None:
        pytest.skip("personnummer_aarhundrede.csv not found")
    rows = [
        [int(cell) for cell in row[:5]]
        for row in read_table_file(path, require_provenance=False).rows
    ]
    mismatches = []
    for digit7 in range(10):
        for yy in range(100):
            (century,) = [c for lo, hi, y0, y1, c in rows if lo <= digit7 <= hi and y0 <= yy <= y1]
            year = parse(f"0101{yy:02d}{digit7}000").birth_date.year
            if year != century + yy:
                mismatches.append((digit7, yy, year))
    assert mismatches == []


@EXAMPLES
@given(personnumre_med_foedselsdato())
def test_every_built_personnummer_parses(built: tuple[datetime.date, str]) -> None:
    """A number built from a birth date and a matching digit 7 parses back to that date, masked."""
    born, digits = built
    p = parse(digits)
    assert p.digits == digits
    assert p.birth_date == born
    assert p.formatted == f"{digits[:6]}-{digits[6:]}"
    assert p.masked == f"{digits[:6]}-****" == str(p)
    assert repr(p) == f"Personnummer('{digits[:6]}-****')"
    assert parse(p.formatted) == p == parse(f" {digits[:6]} {digits[6:]} ")
    assert p.gender == ("M" if int(digits[9]) % 2 else "K")


# --- python-stdnum -----------------------------------------------------------------------


@EXAMPLES
@given(personnumre())
def test_stdnum_agrees_on_birth_date(digits: str) -> None:
    """Where python-stdnum also accepts a personnummer, both give the same birth date."""
    ours = parse(digits).birth_date
    assert stdnum_cpr.get_birth_date(digits) == ours
    if stdnum_cpr.is_valid(digits):
        assert ours <= datetime.date.today()


@EXAMPLES
@given(st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_stdnum_accepts_nothing_we_reject(digits: str) -> None:
    """Of all 10-digit strings, python-stdnum accepts a subset of ours, with the same birth date."""
    if stdnum_cpr.is_valid(digits):
        assert parse(digits).birth_date == stdnum_cpr.get_birth_date(digits)


def test_difference_modulus11() -> None:
    """Modulus 11: stdnum's validate() ignores it silently; we accept too, but say so.

    The brief expected stdnum to raise InvalidChecksum. python-stdnum 2.2 does not: its
    validate() never calls checksum() ("the checksum isn't actually used any more"). We agree
    that a modulus-11 failure must not reject (cpr.dk: such numbers are "fuldt ud gyldige"),
    but modulus11_warning() turns it into a warning key, split by CPR's list of 01-01 dates.
    """
    digits = "0202811001"
    assert stdnum_cpr.checksum(digits) != 0
    assert stdnum_cpr.validate(digits) == digits
    assert modulus11_warning(parse(digits)) is Modulus11Warning.UNLISTED_DATE


def test_difference_future_birth_date() -> None:
    """A birth date after today: stdnum rejects it, we parse it.

    stdnum's validate() compares with datetime.date.today(), so its answer depends on the
    clock. parse() is a pure function of the text; whether a birth date in the future is
    plausible is for the validator, against its explicit reference date.
    """
    digits = "3112578000"  # 2057-12-31, the last date a personnummer can encode
    with pytest.raises(stdnum_exceptions.InvalidComponent):
        stdnum_cpr.validate(digits)
    assert parse(digits).birth_date == datetime.date(2057, 12, 31)


def test_difference_erstatningspersonnummer() -> None:
    """Day + 60: both reject, stdnum as an invalid date, we as an erstatningspersonnummer."""
    with pytest.raises(stdnum_exceptions.InvalidComponent):
        stdnum_cpr.validate("6702802729")
    with pytest.raises(ErstatningspersonnummerError):
        parse("6702802729")


def test_difference_ecpr() -> None:
    """Letters in positions 8-9: both reject, stdnum as a bad format, we as an eCPR."""
    with pytest.raises(stdnum_exceptions.InvalidFormat):
        stdnum_cpr.validate("0202801AB3")
    with pytest.raises(ECprError):
        parse("0202801AB3")


@pytest.mark.parametrize("text", ["02-02-80-2729", "020280\u20132729", "0-2-0-2-8-0-2-7-2-9"])
def test_difference_separators(text: str) -> None:
    """Hyphens elsewhere and Unicode dashes: stdnum removes them anywhere, we reject them.

    We accept only the forms CPR writes, DDMMÅÅ-LLLL and DDMMÅÅLLLL (plus blanks); a hyphen
    inside DDMMÅÅ suggests a date or another field was typed into the personnummer field.
    """
    assert stdnum_cpr.validate(text) == "0202802729"
    with pytest.raises(PersonnummerFormatError):
        parse(text)


def test_difference_inner_tab() -> None:
    """A tab or newline inside: stdnum rejects it, we treat every kind of blank alike."""
    with pytest.raises(stdnum_exceptions.InvalidFormat):
        stdnum_cpr.validate("020280\t2729")
    assert parse("020280\t2729").digits == "0202802729"


def test_difference_masking() -> None:
    """stdnum returns and formats the full number; our value prints masked everywhere."""
    assert stdnum_cpr.format("0202802729") == "020280-2729"
    assert str(parse("0202802729")) == "020280-****"
