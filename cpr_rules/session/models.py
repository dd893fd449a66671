"""What CPR answers at each step, as frozen values (bilag 9 steps 2-4, bilag 7 §7-9, §17).

- :class:`Stamoplysninger`: the answer to initier: the person, the allowed actions, the input
  fields with their marks (bilag 9 note 4, bilag 7 eks. 17.1).
- :class:`CprVerdict`: CPR's receipt (``Kvit``) with the field it is about and the translations
  it gave (bilag 8 §4.7, bilag 3 "Kvitteringstype").
- :class:`Kvittering`: the receipt of a saved hændelse, with the venteregister ident ``VNTS``
  (bilag 7 eks. 17.8).

Personnumre are :class:`~cpr_rules.personnummer.Personnummer` values, whose ``repr`` and ``str``
are masked; texts from CPR are stored with personnumre masked.

>>> from cpr_rules.gctp import KvitType
>>> verdict = CprVerdict(KvitType.Anmrk, 243, "Boligen har en ukendt boligtypekode i CPR.")
>>> verdict.ok, verdict.is_warning, verdict.is_error
(False, True, False)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from cpr_rules.gctp import KvitType
from cpr_rules.personnummer import Personnummer

__all__ = [
    "Adresse",
    "AfslutRow",
    "CprVerdict",
    "InputField",
    "Kvittering",
    "Stamoplysninger",
]


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class CprVerdict:
    """CPR's receipt for one request: ``Kvit r`` (kind), ``v`` (number), ``t`` (text).

    ``messages`` are every text of the receipt (``t`` and the ``FEJLTXT`` lines of a long error,
    bilag 8 eks. 19; ``text`` is ``t``, or those lines joined when CPR sent no ``t``); ``field``
    is the input field CPR marked with ``e`` (bilag 7 §14);
    ``translations`` the klarskrift CPR gave for input fields (``t``, bilag 9 note 8) and
    ``values`` the input fields as CPR formatted them (bilag 7 §8).
    """

    kind: KvitType
    number: int | None = None
    text: str = ""
    field: str | None = None
    messages: tuple[str, ...] = ()
    translations: Mapping[str, str] = dataclasses.field(default_factory=_empty)
    values: Mapping[str, str] = dataclasses.field(default_factory=_empty)

    def __post_init__(self) -> None:
        if not self.messages and self.text.strip():
            object.__setattr__(self, "messages", (self.text,))

    @property
    def ok(self) -> bool:
        """``Ok`` or ``Afslut``: CPR did what was asked, without remarks."""
        return self.kind in (KvitType.Ok, KvitType.Afslut)

    @property
    def is_warning(self) -> bool:
        """``Anmrk``: a remark the citizen may pass by sending the same request again."""
        return self.kind is KvitType.Anmrk

    @property
    def is_error(self) -> bool:
        """``Fejl`` or ``System``: the request was not carried out."""
        return self.kind in (KvitType.Fejl, KvitType.System)


@dataclass(frozen=True, slots=True)
class InputField:
    """An input field CPR sent at initier (``CprData u="I"``, bilag 7 §11, bilag 3).

    ``locked`` is ``a="L"`` (filled by CPR, cannot be changed), ``must_fill`` is ``a="S"`` (a
    skal-felt), ``translation`` the klarskrift ``t`` of ``value``.
    """

    name: str
    value: str | None = None
    locked: bool = False
    must_fill: bool = False
    translation: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Adresse:
    """The current address in ``Praes STAMPNR``, codes with CPR's klarskrift (bilag 7 §17)."""

    komkod: str | None = None
    komkod_text: str | None = None
    vejkod: str | None = None
    vejkod_text: str | None = None
    husnr: str | None = None
    etage: str | None = None
    sidedoer: str | None = None
    bnr: str | None = None
    convn: str | None = None
    stadr: str | None = None
    bynvn: str | None = None
    lokalitet: str | None = None
    postnr: str | None = None
    postnr_text: str | None = None
    udlandsadr: tuple[str, ...] = ()
    udr_landekod: str | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """The address as lines: c/o, street, supplerende bynavn, postnummer and district."""
        if self.udlandsadr:
            return self.udlandsadr
        street = self.stadr or _street(self.vejkod_text, self.husnr)
        post = " ".join(p for p in (self.postnr, self.postnr_text) if p)
        parts = (self.convn, street, self.bynvn, post)
        return tuple(p for p in parts if p)

    @property
    def klarskrift(self) -> str:
        """:attr:`lines` on one line, comma separated."""
        return ", ".join(self.lines)


def _street(vejnavn: str | None, husnr: str | None) -> str | None:
    if not vejnavn:
        return None
    return f"{vejnavn} {(husnr or '').lstrip('0')}".strip()


@dataclass(frozen=True, slots=True)
class Stamoplysninger:
    """The answer to initier: name, address, status, protections, actions and input fields.

    Bilag 9 note 4: "personens navn og adresse samt oplysning om evt. status (død, forsvundet,
    udrejst m.m.) og navne- og adressebeskyttelse". ``actions`` maps each action code CPR allows
    next to its text (``Table r="Aktioner"``); ``fields`` the input fields by name, in CPR's
    order. ``verdict`` is CPR's receipt (``Ok``, or an ``Anmrk`` such as 2523 "har data i Vent").
    """

    haendelse: str
    pnr: Personnummer
    ts: str | None
    verdict: CprVerdict
    name: str | None = None
    adrnvn: str | None = None
    koen: str | None = None
    foeddato: str | None = None
    status: str | None = None
    status_text: str | None = None
    status_date: str | None = None
    protections: tuple[str, ...] = ()
    i_vent: bool = False
    address: Adresse = dataclasses.field(default_factory=Adresse)
    actions: Mapping[str, str] = dataclasses.field(default_factory=_empty)
    fields: Mapping[str, InputField] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )

    def as_stamdata(self) -> dict[str, str | list[str]]:
        """The stamdata a rule set reads, for ``cpr_rules.check(…, stamdata=…)``."""
        stamdata: dict[str, str | list[str]] = {}
        if self.status:
            stamdata["STATUS"] = self.status
        if self.i_vent:
            stamdata["I_VENT_MRK"] = "X"
        if self.protections:
            stamdata["BESKYT"] = list(self.protections)
        return stamdata

    @property
    def locked(self) -> dict[str, str | None]:
        """The locked input fields and their values (they cannot be changed, bilag 7 §13)."""
        return {f.name: f.value for f in self.fields.values() if f.locked}

    @property
    def must_fill(self) -> tuple[str, ...]:
        """The names of the skal-felter (``a="S"``)."""
        return tuple(f.name for f in self.fields.values() if f.must_fill)


@dataclass(frozen=True, slots=True)
class AfslutRow:
    """One person in the ``AFSLUT`` table of a receipt (bilag 7 §9, eks. 5 and 17.8)."""

    pnr: Personnummer | None
    adrnvn: str | None = None
    fornvn: str | None = None
    melnvn: str | None = None
    efternvn: str | None = None
    status: str | None = None
    rel: str | None = None
    rel_text: str | None = None


@dataclass(frozen=True, slots=True)
class Kvittering:
    """The receipt of a saved hændelse (``Kvit r="Afslut"``, bilag 9 step 4, bilag 7 eks. 17.8).

    ``vnts`` is the venteregister ident from table ``HAEN`` (the hændelse's timestamp), or
    ``None`` when the hændelse went directly into CPR (eks. 17.9). ``afslut`` lists every person
    with a personnummer that the hændelse touched.
    """

    haendelse: str
    pnr: Personnummer
    vnts: str | None
    ts: str | None
    verdict: CprVerdict
    afslut: tuple[AfslutRow, ...] = ()

    @property
    def is_venteregister(self) -> bool:
        """Saved in CPR's venteregister, to be approved or rejected by the kommune (bilag 9)."""
        return self.vnts is not None
