"""The sandbox's person register: the 80 CPR demo persons and YAML person fixtures."""

from __future__ import annotations

import contextlib
import doctest
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cpr_rules.errors import SourceError
from cpr_rules.sandbox import person_records
from cpr_rules.sandbox.person_fixtures import load_person_fixtures
from cpr_rules.sandbox.person_records import (
    DEMO_PERSONS_DIR,
    Beskyttelse,
    Person,
    PersonFixtureError,
    PersonRecordError,
    load_demo_persons,
    parse_person_file,
    parse_person_records,
)

BASE = "PNR_0701614011.txt"  # 21 lines: 000 001 002 004×4 008 … 099×3 003 999


@pytest.fixture(scope="module")
def demo() -> dict[str, Person]:
    return load_demo_persons()


def demo_lines(name: str = BASE) -> list[str]:
    return (DEMO_PERSONS_DIR / name).read_bytes().decode("iso-8859-1").split("\n")[:-1]


def line_of(lines: list[str], rtype: str) -> int:
    """The index of the first line of record type ``rtype``."""
    return next(n for n, line in enumerate(lines) if line.startswith(rtype))


# --- the demo persons: counts (SOURCES.md section G, as corrected by the data) ---------------


def test_all_80_demo_files_parse_keyed_by_their_file_name(demo: dict[str, Person]) -> None:
    """Every demo file parses, and each person is keyed by the pnr in its file name."""
    names = sorted(p.name for p in DEMO_PERSONS_DIR.glob("PNR_*.txt"))
    assert len(names) == 80
    assert sorted(f"PNR_{pnr}.txt" for pnr in demo) == names


def test_status_counts(demo: dict[str, Person]) -> None:
    """Statuses 01, 60, 70, 80 and 90 occur as SOURCES.md says, plus one 50 it leaves out."""
    counts = Counter(p.status for p in demo.values())
    assert counts == {"01": 69, "50": 1, "60": 3, "70": 1, "80": 3, "90": 3}


def test_record_counts(demo: dict[str, Person]) -> None:
    """69 persons have 002, all 80 have 003, 13 have 004 (39 records), 3 have 005, 1 has 006."""
    persons = list(demo.values())
    assert sum(p.adresse is not None for p in persons) == 69
    assert sum(p.klarskrift is not None for p in persons) == 80
    assert sum(bool(p.beskyttelser) for p in persons) == 13
    assert sum(len(p.beskyttelser) for p in persons) == 39
    assert sum(p.udrejse is not None for p in persons) == 3
    assert sum(p.kontaktadresse is not None for p in persons) == 1


def test_only_status_01_persons_have_a_current_address(demo: dict[str, Person]) -> None:
    """Record 002 exists exactly for the persons with status 01 (domain.md: status < 30)."""
    assert all((p.adresse is not None) == (p.status == "01") for p in demo.values())


def test_the_80_files_are_slices_of_one_extract(demo: dict[str, Person]) -> None:
    """The data records of all 80 files add up to TAELLER of their shared 999 record."""
    total = sum(len(lines) for p in demo.values() for lines in p.records.values())
    assert total == 1098
    assert demo_lines()[-1] == "999999999999900001098"


# --- spot checks against values read by hand ------------------------------------------------


def test_008_names(demo: dict[str, Person]) -> None:
    """Record 008 gives fornavne, mellemnavn, efternavn and adresseringsnavn (ISO-8859-1)."""
    navn = demo["0108610018"].navn
    assert navn is not None
    assert (navn.fornavne, navn.mellemnavn, navn.efternavn) == (
        "Henriette Helga",
        "Mogren",
        "Udsen",
    )
    assert navn.adresseringsnavn == "Henriette Helga Mogren Udsen"
    assert demo["0709614592"].navn is not None
    assert demo["0709614592"].navn.fornavne == "Jane Østerholm"


def test_008_unnamed_newborn_has_no_navn(demo: dict[str, Person]) -> None:
    """A person whose 008 record has blank names (a newborn) has navn None."""
    assert demo["0101005038"].navn is None


def test_002_address_codes(demo: dict[str, Person]) -> None:
    """Record 002 gives kommunekode, vejkode, husnr with its letter and tilflytningsdato."""
    adresse = demo["0701614038"].adresse
    assert adresse is not None
    assert (adresse.kommunekode, adresse.vejkode, adresse.husnr) == ("0573", "5732", "077A")
    assert (adresse.etage, adresse.sidedoer, adresse.bnr) == ("", "", "")
    assert adresse.tilflytningsdato == date(2000, 2, 28)


def test_002_etage_sidedoer_and_convn(demo: dict[str, Person]) -> None:
    """ETAGE and the right-aligned SIDEDOER are stripped; CONVN keeps its c/o text."""
    adresse = demo["0707614285"].adresse
    assert adresse is not None
    assert (adresse.husnr, adresse.etage, adresse.sidedoer) == ("095", "01", "mf")
    assert adresse.convn == "c/o Christiansen"


def test_003_klarskrift(demo: dict[str, Person]) -> None:
    """Record 003 gives the envelope lines: standardadresse, bynavn, postnr and postdistrikt."""
    klarskrift = demo["0108610018"].klarskrift
    assert klarskrift is not None
    assert klarskrift.adresseringsnavn == "Henriette Helga Mogren Udsen"
    assert klarskrift.lokalitet == "Brøndgravergården"
    assert klarskrift.standardadresse == "Industrivænget 25"
    assert (klarskrift.postnr, klarskrift.postdistrikt) == ("9000", "Aalborg")
    assert klarskrift.vejadresseringsnavn == "Industrivænget"


def test_003_without_address_has_no_postnr(demo: dict[str, Person]) -> None:
    """A 003 record of a person without an address reads postnr 0000 as None."""
    klarskrift = demo["0101980014"].klarskrift
    assert klarskrift is not None
    assert klarskrift.adresseringsnavn == "Ulrikke V Villadsen"
    assert (klarskrift.standardadresse, klarskrift.postnr) == ("", None)


def test_004_protections(demo: dict[str, Person]) -> None:
    """Record 004 gives (BESKYTTYPE, START_DT, SLET_DT) in file order."""
    assert demo["0708614866"].beskyttelser == (
        Beskyttelse("0001", date(1997, 12, 31), date(2001, 11, 1)),
        Beskyttelse("0002", date(1997, 12, 31), date(2001, 11, 1)),
        Beskyttelse("0003", date(1997, 12, 31), date(2000, 12, 31)),
        Beskyttelse("0004", date(1997, 12, 31), date(2000, 6, 1)),
    )


def test_005_udrejse(demo: dict[str, Person]) -> None:
    """Record 005 gives the udrejse landekode, date and the udlandsadresse lines."""
    udrejse = demo["0708614335"].udrejse
    assert udrejse is not None
    assert (udrejse.landekode, udrejse.dato) == ("5180", date(1999, 2, 1))
    assert udrejse.udlandsadresse[0] == "Berlinerstrasse 102"
    assert len(udrejse.udlandsadresse) == 5
    assert demo["0709614738"].udrejse is not None
    assert demo["0709614738"].udrejse.landekode == "5120"


def test_006_kontaktadresse(demo: dict[str, Person]) -> None:
    """Record 006 gives five kontaktadresse lines."""
    lines = demo["0709614738"].kontaktadresse
    assert lines is not None
    assert len(lines) == 5
    assert lines[0] == "Kontaktadresse Linje 1 1 1 1 1 1 1"


def test_dead_person_status_90(demo: dict[str, Person]) -> None:
    """A dead person has status 90 with its start, civilstand D and no current address."""
    person = demo["0101980014"]
    assert (person.status, person.status_start) == ("90", date(2000, 6, 30))
    assert (person.civilstand, person.adresse, person.koen) == ("D", None, "K")
    assert person.foedselsdato == date(1998, 1, 1)


def test_status_60_points_at_the_current_pnr(demo: dict[str, Person]) -> None:
    """A changed personnummer (status 60) carries the current one in pnr_gaeldende."""
    person = demo["0108610069"]
    assert (person.status, person.pnr_gaeldende) == ("60", "0709610015")
    assert "0709610015" in demo


def test_010_statsborgerskab_and_raw_records(demo: dict[str, Person]) -> None:
    """Record 010 gives the landekode; every data line is kept raw by record type."""
    person = demo["0101005038"]
    assert person.statsborgerskab == "5100"
    assert person.records["099"] == (
        "0990101005038200111120929A36",
        "0990101005038200111120936A37",
    )
    assert "000" not in person.records
    assert "999" not in person.records


def test_unknown_month_and_day_read_as_01() -> None:
    """A timestamp with 00 for month and day and 99 for the minutes reads as 1 January."""
    lines = demo_lines()
    lines[1] = lines[1][:25] + "196100001299" + lines[1][37:]
    person = parse_person_records("\n".join(lines), source="status-start-00.txt")
    assert person.status_start == date(1961, 1, 1)


# --- bad input: strict typed errors with the line number ------------------------------------


def _replace(rtype: str, new: Callable[[str], str]) -> Callable[[list[str]], None]:
    def mutate(lines: list[str]) -> None:
        n = line_of(lines, rtype)
        lines[n] = new(lines[n])

    return mutate


def _drop_last(lines: list[str]) -> None:
    del lines[-1]


def _append_after_end(lines: list[str]) -> None:
    lines.append(lines[-2])


def _wrong_pnr(lines: list[str]) -> None:
    n = line_of(lines, "008")
    lines[n] = lines[n][:3] + "0101005038" + lines[n][13:]


BAD_INPUTS = {
    "truncated": (_drop_last, 20, "truncated"),
    "unknown-record-type": (_replace("009", lambda s: "077" + s[3:]), 9, "unknown record type"),
    "short-line": (_replace("001", lambda s: s[:40]), 2, "too short"),
    "long-line": (_replace("004", lambda s: s + "x"), 4, "longer than its layout"),
    "bad-date": (_replace("004", lambda s: s[:17] + "2001-13-02" + s[27:]), 4, "START_DT"),
    "bad-timestamp": (_replace("002", lambda s: s[:69] + "20010101156x" + s[81:]), 3, "TILFLYDTO"),
    "count-mismatch": (_replace("999", lambda s: s[:13] + "00000003"), 21, "TAELLER"),
    "no-start-record": (lambda lines: lines.pop(0), 1, "start record 000"),
    "data-after-end": (_append_after_end, 21, "after end record 999"),
    "other-persons-record": (_wrong_pnr, 8, "another person"),
    "duplicate-002": (lambda lines: lines.insert(3, lines[2]), 4, "more than once"),
    "bad-koen": (_replace("001", lambda s: s[:38] + "X" + s[39:]), 2, "KOEN"),
    "bad-kommunekode": (_replace("002", lambda s: s[:13] + "08x1" + s[17:]), 3, "KOMKOD"),
}


@pytest.mark.parametrize(("mutate", "line", "message"), BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_bad_person_file_raises_with_line(
    tmp_path: Path, mutate: Callable[[list[str]], None], line: int, message: str
) -> None:
    """A defective person file raises PersonRecordError naming the file and the line."""
    lines = demo_lines()
    mutate(lines)
    path = tmp_path / "bad.person.txt"
    path.write_bytes(("\n".join(lines) + "\n").encode("iso-8859-1"))
    with pytest.raises(PersonRecordError) as info:
        parse_person_file(path)
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}:{line}")


def test_bad_date_error_points_at_the_column(tmp_path: Path) -> None:
    """A bad START_DT in 004 names line and column 18 and is a SourceError."""
    mutate, _, _ = BAD_INPUTS["bad-date"]
    lines = demo_lines()
    mutate(lines)
    with pytest.raises(SourceError, match=r"^x\.txt:4:18: bad date in START_DT"):
        parse_person_records("\n".join(lines), source="x.txt")


def test_any_cut_line_gives_a_typed_error_or_a_person() -> None:
    """Cutting any line anywhere never leaks IndexError or ValueError."""
    lines = demo_lines()
    for n in range(len(lines)):
        for cut in (0, 2, 3, 13, 20, 30, 50, 100):
            cut_lines = [*lines[:n], lines[n][:cut], *lines[n + 1 :]]
            with contextlib.suppress(PersonRecordError):
                parse_person_records("\n".join(cut_lines), source="cut.txt")


def test_errors_mask_the_personnummer(tmp_path: Path) -> None:
    """Errors never show the last 4 digits, not even in a file name like PNR_<pnr>.txt."""
    lines = demo_lines()
    _wrong_pnr(lines)
    path = tmp_path / BASE
    path.write_bytes("\n".join(lines).encode("iso-8859-1"))
    with pytest.raises(PersonRecordError) as info:
        parse_person_file(path)
    text = str(info.value)
    assert "PNR_070161-****.txt" in text
    assert "070161-****" in info.value.message
    assert not re.search(r"4011|5038", text)


def test_missing_file_is_a_person_record_error(tmp_path: Path) -> None:
    """A file that cannot be read raises PersonRecordError, not OSError."""
    with pytest.raises(PersonRecordError, match="cannot read"):
        parse_person_file(tmp_path / "nope.txt")


# --- repr -----------------------------------------------------------------------------------


def test_repr_masks_the_personnummer(demo: dict[str, Person]) -> None:
    """repr and str of a Person show DDMMÅÅ-**** and never the last 4 digits."""
    person = demo["0108610069"]  # has pnr_gaeldende 0709610015 as well
    assert str(person) == repr(person)
    assert "0069" not in repr(person)
    assert "0015" not in repr(person)
    assert not re.search(r"\d{10}", repr(list(demo.values())))
    assert repr(person) == (
        "Person(pnr='010861-****', status='60', koen='M', navn='Robert Ullersen', beskyttelser=0)"
    )


def test_module_doctests_pass() -> None:
    """The examples in the module docstring run."""
    assert doctest.testmod(person_records).failed == 0


# --- YAML fixtures --------------------------------------------------------------------------

GOOD_YAML = """\
persons:
  - pnr: "0202801234"
    status: "01"
    koen: K
    foedselsdato: 1980-02-02
    navn: {fornavne: Anna Marie, mellemnavn: Holm, efternavn: Jensen}
    adresse: {kommunekode: "0101", vejkode: "8204", husnr: "005", etage: "03", sidedoer: tv}
    beskyttelser: [{type: "0001", start: 2020-01-01}]
  - pnr: "0303901235"
    status: "80"
    koen: M
    foedselsdato: "1990-03-03"
    udrejse: {landekode: "5120", dato: 2021-05-01, udlandsadresse: [Storgatan 1, Stockholm]}
"""


def test_good_yaml_fixture(tmp_path: Path) -> None:
    """A fixture file gives Persons keyed by pnr with typed codes, dates and sections."""
    path = tmp_path / "persons.yaml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    persons = load_person_fixtures(path)
    assert list(persons) == ["0202801234", "0303901235"]
    anna = persons["0202801234"]
    assert (anna.status, anna.koen, anna.foedselsdato) == ("01", "K", date(1980, 2, 2))
    assert anna.navn is not None
    assert anna.navn.adresseringsnavn == "Anna Marie Holm Jensen"
    assert anna.adresse is not None
    assert (anna.adresse.kommunekode, anna.adresse.vejkode) == ("0101", "8204")
    assert (anna.adresse.husnr, anna.adresse.etage, anna.adresse.sidedoer) == ("005", "03", "tv")
    assert anna.beskyttelser == (Beskyttelse("0001", date(2020, 1, 1), None),)
    assert repr(anna).startswith("Person(pnr='020280-****'")
    udrejst = persons["0303901235"]
    assert udrejst.udrejse is not None
    assert udrejst.udrejse.udlandsadresse == ("Storgatan 1", "Stockholm")
    assert (udrejst.adresse, udrejst.navn, udrejst.beskyttelser) == (None, None, ())


BAD_YAML = {
    "missing-pnr": ('pnr: "0303901235"', "", "persons[1].pnr: missing required field", 10),
    "bad-date": ('"1990-03-03"', '"1990-02-30"', "persons[1].foedselsdato: expected a date", 12),
    "unknown-field": (
        "koen: M",
        "koen: M\n    hoejde: 180",
        "persons[1].hoejde: unknown field",
        12,
    ),
    "unquoted-status": ('status: "80"', "status: 80", "persons[1].status: expected a string", 10),
    "bad-koen": ("koen: M", "koen: X", "persons[1].koen: expected one of M, K", 11),
    "bad-husnr": ('husnr: "005"', "husnr: 5", "persons[0].adresse.husnr: expected CPR's", 7),
    "unknown-field-in-navn": ("mellemnavn:", "kaldenavn:", "persons[0].navn.kaldenavn: unknown", 6),
    "bad-protection-date": ("start: 2020-01-01", "start: 2020-13-01", "beskyttelser[0].start", 8),
    "duplicate-pnr": ('"0303901235"', '"0202801234"', "persons[1].pnr: the same pnr", 9),
    "not-a-list": ("persons:\n  - pnr", "persons:\n  x:\n  - pnr", "persons: a list", 1),
}


@pytest.mark.parametrize(("old", "new", "message", "line"), BAD_YAML.values(), ids=BAD_YAML)
def test_bad_yaml_fixture_names_person_and_field(
    tmp_path: Path, old: str, new: str, message: str, line: int
) -> None:
    """A bad fixture raises PersonFixtureError naming persons[i].field and its line."""
    assert old in GOOD_YAML
    path = tmp_path / "bad.persons.yaml"
    path.write_text(GOOD_YAML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PersonFixtureError) as info:
        load_person_fixtures(path)
    assert message in info.value.message
    assert info.value.line == line
    assert isinstance(info.value, PersonRecordError)


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    """Broken YAML raises PersonFixtureError with the line of the problem."""
    path = tmp_path / "broken.yaml"
    path.write_text("persons:\n  - pnr: [unclosed\n", encoding="utf-8")
    with pytest.raises(PersonFixtureError, match="not valid YAML") as info:
        load_person_fixtures(path)
    assert info.value.line >= 2


def test_yaml_errors_never_echo_a_personnummer(tmp_path: Path) -> None:
    """An unquoted 10-digit pnr is reported without its digits."""
    path = tmp_path / "persons.yaml"
    path.write_text(GOOD_YAML.replace('"0303901235"', "3103901235"), encoding="utf-8")
    with pytest.raises(PersonFixtureError, match=r"persons\[1\]\.pnr: .*a number") as info:
        load_person_fixtures(path)
    assert "1235" not in str(info.value)
