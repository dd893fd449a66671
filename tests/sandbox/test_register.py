"""The person register: demo persons, YAML fixtures, approved moves that survive a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpr_rules.sandbox import kommune
from cpr_rules.sandbox.person_records import PersonFixtureError
from cpr_rules.sandbox.register import PersonRegister
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import Venteregister
from cpr_rules.translator import Translator

FIXTURES = """\
persons:
  - pnr: "0202801234"
    status: "01"
    koen: K
    foedselsdato: 1980-02-02
    navn: {fornavne: Anna, efternavn: Jensen}
    adresse: {kommunekode: "0101", vejkode: "8204", husnr: "005"}
  - pnr: "0101429059"
    status: "90"
    koen: M
    foedselsdato: 1942-01-01
"""


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator()


def test_demo_persons_are_loaded(tmp_path: Path, translator: Translator) -> None:
    """All 80 demo persons, with their own klarskrift from record 003."""
    register = PersonRegister.load(Store(tmp_path / "r.sqlite3"), translator)
    assert len(register.persons) == 80
    person = register.person("0101429059")
    assert person is not None and person.status == "01"
    assert (
        person.klarskrift is not None
        and person.klarskrift.standardadresse == "Industrivænget 4,1 tv"
    )
    assert register.person("0202802729") is None
    assert "0101429059" not in repr(register)


def test_fixture_persons_add_and_replace(tmp_path: Path, translator: Translator) -> None:
    """A fixture adds a person (klarskrift from the tables) or replaces a demo person."""
    path = tmp_path / "persons.yaml"
    path.write_text(FIXTURES, encoding="utf-8")
    register = PersonRegister.load(Store(tmp_path / "r.sqlite3"), translator, fixtures=path)
    assert len(register.persons) == 81
    anna = register.person("0202801234")
    assert anna is not None and anna.klarskrift is not None
    assert (anna.klarskrift.standardadresse, anna.klarskrift.postnr) == ("Vesterbrogade 5", "1620")
    replaced = register.person("0101429059")
    assert replaced is not None and replaced.status == "90"


def test_broken_fixture_file_fails_at_load(tmp_path: Path, translator: Translator) -> None:
    """A broken fixture is the loader's error with file:line (the server refuses to start)."""
    path = tmp_path / "persons.yaml"
    path.write_text(FIXTURES.replace('status: "01"', 'status: "1"'), encoding="utf-8")
    with pytest.raises(PersonFixtureError, match="status"):
        PersonRegister.load(Store(tmp_path / "r.sqlite3"), translator, fixtures=path)


def test_approved_move_persists_across_reopen(tmp_path: Path, translator: Translator) -> None:
    """Approve a move, open the file again: the person lives at the new address."""
    db = tmp_path / "r.sqlite3"
    entry, _ = Venteregister(Store(db)).gem(
        ts="20150201084141568870",
        haendelse="FLYTB-I",
        pnr="0101429059",
        komk="0101",
        hdto="2015-02-28",
        userid="PORTAL01",
        fields={
            "CADR_VEJKOD": "8204",
            "CADR_HUSNR": "005",
            "CADR_ETAGE": "03",
            "CADR_SIDEDOER": "tv",
        },
    )
    kommune.approve(Store(db), entry.vnts)
    reopened = PersonRegister.load(Store(db, create=False), translator)
    person = reopened.person("0101429059")
    assert person is not None and person.adresse is not None and person.klarskrift is not None
    a, k = person.adresse, person.klarskrift
    assert (a.kommunekode, a.vejkode, a.husnr, a.etage, a.sidedoer) == (
        "0101",
        "8204",
        "005",
        "03",
        "tv",
    )
    assert str(a.tilflytningsdato) == "2015-02-28"
    assert (k.vejadresseringsnavn, k.standardadresse) == ("Vesterbrogade", "Vesterbrogade 5, 3. tv")
    assert (k.postnr, k.postdistrikt, k.adresseringsnavn) == ("1620", "København V", "Ulf Ulling")
