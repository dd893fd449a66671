"""The person register: CPR's demo persons, YAML fixtures, and the moves the kommune approved.

The persons are read once, at start: the 80 demo persons in CPR's own person-record format
(:func:`~cpr_rules.sandbox.person_records.load_demo_persons`) and, with ``--persons FILE``,
YAML fixtures (:func:`~cpr_rules.sandbox.person_fixtures.load_person_fixtures`; a fixture with
the pnr of a demo person replaces it). An approved (or directly saved) hændelse is a row of
table ``flytninger`` and its protections rows of table ``beskyttelser`` in the sandbox database,
so they survive a restart; :meth:`PersonRegister.person` returns the person with their latest
move and every applied protection, the address in klarskrift from the code tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from cpr_rules.sandbox.beskyttelser import apply_rows, record_beskyttelser
from cpr_rules.sandbox.person_fixtures import load_person_fixtures
from cpr_rules.sandbox.person_records import Adresse, Klarskrift, Person, load_demo_persons
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.venteregister import VentEntry
from cpr_rules.translator import Translator

__all__ = ["ACTIVE_STATUSES", "PersonRegister", "record_haendelse", "record_move"]

ACTIVE_STATUSES = frozenset({"01", "03", "05", "07"})
"""Statuses of living persons with a bopæl (UV p. 55-56); only they can move (bilag 7 §4)."""

_MOVE_FIELDS = {
    "vejkod": "CADR_VEJKOD",
    "husnr": "CADR_HUSNR",
    "etage": "CADR_ETAGE",
    "sidedoer": "CADR_SIDEDOER",
    "bnr": "CADR_BNR",
    "convn": "CADR_CONVN",
}


def record_move(conn: sqlite3.Connection, entry: VentEntry, applied: dt.datetime) -> None:
    """Apply an approved move (inside the caller's transaction): the person's new address."""
    values = {column: entry.fields.get(name, "") for column, name in _MOVE_FIELDS.items()}
    conn.execute(
        "INSERT INTO flytninger (vnts, pnr, komk, vejkod, husnr, etage, sidedoer, bnr, convn,"
        " hdto, applied) VALUES (:vnts, :pnr, :komk, :vejkod, :husnr, :etage, :sidedoer, :bnr,"
        " :convn, :hdto, :applied)",
        {
            **values,
            "vnts": entry.vnts,
            "pnr": entry.pnr,
            "komk": entry.komk,
            "hdto": entry.hdto,
            "applied": applied.isoformat(timespec="microseconds"),
        },
    )


def record_haendelse(conn: sqlite3.Connection, entry: VentEntry, applied: dt.datetime) -> None:
    """Apply a whole FLYTB-I (inside the caller's transaction): the move and its protections
    (bilag 7 §17), as validated and filled in by valider."""
    record_move(conn, entry, applied)
    record_beskyttelser(conn, entry.vnts, entry.pnr, entry.fields, applied)


class PersonRegister:
    """Persons by pnr, with approved moves from ``store`` applied when read."""

    def __init__(self, store: Store, persons: Mapping[str, Person], translator: Translator) -> None:
        self.store = store
        self.persons: Mapping[str, Person] = MappingProxyType(dict(persons))
        self.translator = translator

    @classmethod
    def load(
        cls, store: Store, translator: Translator, *, fixtures: str | Path | None = None
    ) -> PersonRegister:
        """The demo persons plus the fixtures in ``fixtures`` (if given)."""
        persons = load_demo_persons()
        if fixtures is not None:
            persons.update(load_person_fixtures(fixtures))
        return cls(store, persons, translator)

    def __repr__(self) -> str:
        return f"PersonRegister({len(self.persons)} persons, {self.store!r})"

    def __contains__(self, pnr: object) -> bool:
        return pnr in self.persons

    def person(self, pnr: str) -> Person | None:
        """The person as the register knows them now, or ``None`` if there is no such person."""
        person = self.persons.get(pnr)
        if person is None:
            return None
        with self.store.read() as conn:
            move = conn.execute(
                "SELECT * FROM flytninger WHERE pnr = ? ORDER BY applied DESC, vnts DESC LIMIT 1",
                (pnr,),
            ).fetchone()
            protections = conn.execute(
                "SELECT * FROM beskyttelser WHERE pnr = ? ORDER BY applied, vnts", (pnr,)
            ).fetchall()
        if protections:
            person = dataclasses.replace(
                person, beskyttelser=apply_rows(person.beskyttelser, protections)
            )
        if move is not None:
            return self._at(person, _adresse(move))
        if person.adresse is not None and person.klarskrift is None:  # a YAML fixture
            return self._at(person, person.adresse)
        return person

    def _at(self, person: Person, adresse: Adresse) -> Person:
        """``person`` at ``adresse``, its klarskrift from the code tables (as of moving in)."""
        hdto = adresse.tilflytningsdato
        text = self.translator.address(
            adresse.kommunekode,
            adresse.vejkode,
            adresse.husnr or None,
            etage=adresse.etage or None,
            sidedoer=adresse.sidedoer or None,
            bnr=adresse.bnr or None,
            as_of=hdto,
        )
        klarskrift = Klarskrift(
            adresseringsnavn=person.navn.adresseringsnavn if person.navn else "",
            convn=adresse.convn,
            lokalitet=text.lokalitet or "",
            standardadresse=text.standardadresse or "",
            bynavn=text.bynavn or "",
            postnr=text.postnr,
            postdistrikt=text.postdistrikt or "",
            vejadresseringsnavn=text.vejadresseringsnavn or "",
        )
        return dataclasses.replace(person, adresse=adresse, klarskrift=klarskrift)


def _adresse(move: sqlite3.Row) -> Adresse:
    """The address of a row of table ``flytninger``."""
    return Adresse(
        kommunekode=move["komk"],
        vejkode=move["vejkod"],
        husnr=move["husnr"],
        etage=move["etage"],
        sidedoer=move["sidedoer"],
        bnr=move["bnr"],
        convn=move["convn"],
        tilflytningsdato=dt.date.fromisoformat(move["hdto"]) if move["hdto"] else None,
    )
