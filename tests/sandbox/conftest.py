"""Fixtures for the sandbox: a real uvicorn server on 127.0.0.1 and a GCTP client over httpx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.person_records import Person, load_demo_persons
from cpr_rules.sandbox.server import RunningSandbox, start

from .helpers import TODAY, Gctp

USERS_YAML = """\
users:
  - {userid: PORTAL01, password: Abcd1234, sikkerhedsgruppe: borger, password_set: 2015-01-15}
  - {userid: PORTAL02, password: Abcd1234, sikkerhedsgruppe: borger}
  - {userid: UDLOEBET, password: Gammel12, sikkerhedsgruppe: borger, password_set: 2014-10-01}
  - {userid: SKIFT001, password: Skift123, sikkerhedsgruppe: borger, password_set: 2015-01-01}
  - {userid: INAKTIV1, password: Inakt123, sikkerhedsgruppe: borger, active: false}
  - {userid: KOMMUNE1, password: KommKo26, sikkerhedsgruppe: kommune, kommuner: ["0101", "0851"]}
  - {userid: KOMMUNE2, password: KommKo26, sikkerhedsgruppe: kommune, kommuner: ["0147"]}
  - {userid: DIREKTE1, password: DirekT26, sikkerhedsgruppe: borger, direkte: true}
  - {userid: NYTKODE1, password: Nytkode1, sikkerhedsgruppe: borger}
  - {userid: LAAS0001, password: Laas0001, sikkerhedsgruppe: borger}
"""

PERSONS_YAML = """\
persons:
  - pnr: "0202801234"
    status: "01"
    koen: K
    foedselsdato: 1980-02-02
    navn: {fornavne: Anna Marie, mellemnavn: Holm, efternavn: Jensen}
    adresse: {kommunekode: "0101", vejkode: "8204", husnr: "005", etage: "03", sidedoer: tv}
"""


@pytest.fixture(scope="session")
def demo() -> dict[str, Person]:
    """The 80 demo persons."""
    return load_demo_persons()


@pytest.fixture(scope="session")
def active(demo: dict[str, Person]) -> list[str]:
    """Demo persons with status 01, a name and an address; each test uses its own."""
    return sorted(p for p, person in demo.items() if person.status == "01" and person.navn)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """A sandbox served by uvicorn on a free port of 127.0.0.1, with its own database."""
    folder = tmp_path_factory.mktemp("sandbox")
    (folder / "users.yaml").write_text(USERS_YAML, encoding="utf-8")
    (folder / "persons.yaml").write_text(PERSONS_YAML, encoding="utf-8")
    config = SandboxConfig(
        port=0,
        db=folder / "sandbox.sqlite3",
        users=folder / "users.yaml",
        persons=folder / "persons.yaml",
        today=TODAY,
        max_body_bytes=16 * 1024,
    )
    with start(config) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningSandbox) -> Gctp:
    return Gctp(server.url)


@pytest.fixture(scope="module")
def token(client: Gctp) -> str:
    """A token of the borger user PORTAL01."""
    return client.token()
