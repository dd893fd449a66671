"""Read CPR's answers into the session's models (bilag 7 §7-9, §14, §17; bilag 8 §4.3-4.7).

Pure functions from a parsed :class:`~cpr_rules.gctp.GctpMessage`; fields are looked up by name,
never by position (CPR asks clients to bind dynamically, bilag 7 §11).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

from cpr_rules.gctp import (
    HOVEDROLLE,
    CprData,
    Field,
    GctpMessage,
    Rolle,
    Row,
    Service,
    Table,
)
from cpr_rules.personnummer import Personnummer
from cpr_rules.session._masking import mask_text
from cpr_rules.session.errors import CprProtocolError
from cpr_rules.session.models import (
    Adresse,
    AfslutRow,
    CprVerdict,
    InputField,
    Kvittering,
    Stamoplysninger,
)
from cpr_rules.translator import Translator

__all__ = ["kvittering_of", "primary_service", "stamoplysninger_of", "verdict_of"]


def primary_service(message: GctpMessage, haendelse: str) -> Service:
    """The service that answers for ``haendelse`` (else the primary one, bilag 7 §16)."""
    service = message.service(haendelse) or message.primary_service
    if service is None:
        raise CprProtocolError(f"CPR's answer has no <Service> for {haendelse}")
    return service


def verdict_of(service: Service) -> CprVerdict:
    """The :class:`CprVerdict` of ``service``'s ``Kvit`` and input fields."""
    kvit = service.kvit
    if kvit is None or kvit.kind is None:
        raise CprProtocolError(f"CPR's answer for {service.r} has no <Kvit> of a known type")
    marked = service.kvit_field
    inputs = _input_fields(service.data("I"))
    messages = tuple(mask_text(m.strip()) for m in kvit.messages)
    return CprVerdict(
        kind=kvit.kind,
        number=kvit.number,
        text=mask_text((kvit.t or "").strip()) or "; ".join(messages),
        field=marked.r if marked is not None else None,
        messages=messages,
        translations=MappingProxyType({f.r: f.t for f in inputs if f.t}),
        values=MappingProxyType({f.r: f.v for f in inputs if f.v is not None}),
    )


def stamoplysninger_of(
    service: Service, *, pnr: Personnummer, verdict: CprVerdict | None = None
) -> Stamoplysninger:
    """The answer to initier as :class:`Stamoplysninger` (bilag 7 eks. 17.1); ``verdict`` is
    :func:`verdict_of` the service, if the caller has it already."""
    person = _index(_rolle(service.data("O")))
    header = service.header
    return Stamoplysninger(
        haendelse=service.r,
        pnr=_personnummer(_value(person, "PNR")) or pnr,
        ts=header.ts if header is not None else None,
        verdict=verdict or verdict_of(service),
        name=_name(person),
        adrnvn=_value(person, "ADRNVN"),
        koen=_value(person, "KOEN"),
        foeddato=_value(person, "FOEDDATO"),
        status=_value(person, "STATUS"),
        status_text=_status_text(person),
        status_date=_value(person, "STARTDATOSTATUS"),
        protections=_protections(_value(person, "BESKYT")),
        i_vent=_value(person, "I_VENT_MRK") == "X",
        address=_adresse(person),
        actions=MappingProxyType(_actions(header.table("Aktioner") if header else None)),
        fields=MappingProxyType({f.name: f for f in map(_input, _input_fields(service.data("I")))}),
    )


def kvittering_of(
    service: Service, *, pnr: Personnummer, verdict: CprVerdict | None = None
) -> Kvittering:
    """The receipt of a saved hændelse (``Kvit r="Afslut"``, bilag 7 eks. 17.8-17.9)."""
    kvit, header = service.kvit, service.header
    haen = kvit.table("HAEN") if kvit is not None else None
    haen_row = haen.rows[0] if haen is not None and haen.rows else None
    afslut = kvit.table("AFSLUT") if kvit is not None else None
    haen_fields = _index(haen_row)
    return Kvittering(
        haendelse=service.r,
        pnr=_personnummer(_value(haen_fields, "PNR")) or pnr,
        vnts=_value(haen_fields, "VNTS"),
        ts=header.ts if header is not None else None,
        verdict=verdict or verdict_of(service),
        afslut=tuple(_afslut_row(row) for row in (afslut.rows if afslut is not None else ())),
    )


def _rolle(data: CprData | None) -> Rolle | None:
    """The main person's role (``HovedRolle``), else the first role."""
    roles = data.children if data is not None else ()
    return next((r for r in roles if r.r == HOVEDROLLE), roles[0] if roles else None)


def _input_fields(data: CprData | None) -> tuple[Field, ...]:
    """The input fields of the main person's role, in CPR's order."""
    rolle = _rolle(data)
    return tuple(c for c in rolle.children if isinstance(c, Field)) if rolle is not None else ()


def _input(f: Field) -> InputField:
    return InputField(f.r, f.v, f.is_locked, f.is_mandatory, f.t, f.e if f.has_error else None)


def _index(node: Rolle | Row | None) -> dict[str, Field]:
    """The fields under ``node`` by name (the first of each name, in document order)."""
    fields: dict[str, Field] = {}
    for found in node.iter_fields() if node is not None else ():
        fields.setdefault(found.r, found)
    return fields


def _value(fields: Mapping[str, Field], name: str) -> str | None:
    """The non-blank ``v`` of field ``name``."""
    found = fields.get(name)
    value = found.v if found is not None else None
    return value if value is not None and value.strip() else None


def _text(fields: Mapping[str, Field], name: str) -> str | None:
    found = fields.get(name)
    return found.t if found is not None and found.t else None


def _name(person: Mapping[str, Field]) -> str | None:
    """CPR's klarskrift of ADRNVN (``t``), else ``Efternavn,Fornavn`` turned round."""
    text = _text(person, "ADRNVN")
    if text:
        return text
    adrnvn = _value(person, "ADRNVN")
    if adrnvn is None:
        return None
    last, _, first = adrnvn.partition(",")
    return f"{first.strip()} {last.strip()}".strip()


def _status_text(person: Mapping[str, Field]) -> str | None:
    """CPR's text for STATUS, else the text of the status code table."""
    status = _value(person, "STATUS")
    return _text(person, "STATUS") or (_status_table_text(status) if status else None)


@cache
def _status_table_text(status: str) -> str | None:
    return _translator().status(status).text


@cache
def _translator() -> Translator:
    return Translator()


def _protections(value: str | None) -> tuple[str, ...]:
    """BESKYT as codes: CPR's examples leave it empty, so any separator is accepted."""
    if value is None:
        return ()
    return tuple(part for part in value.replace(",", " ").replace(";", " ").split() if part)


def _adresse(person: Mapping[str, Field]) -> Adresse:
    def v(name: str) -> str | None:
        return _value(person, name)

    def t(name: str) -> str | None:
        return _text(person, name)

    return Adresse(
        komkod=v("KOMKOD"),
        komkod_text=t("KOMKOD"),
        vejkod=v("VEJKOD"),
        vejkod_text=t("VEJKOD"),
        husnr=v("HUSNR"),
        etage=v("ETAGE"),
        sidedoer=v("SIDEDOER"),
        bnr=v("BNR"),
        convn=v("CONVN"),
        stadr=v("STADR"),
        bynvn=v("BYNVN"),
        lokalitet=v("LOKALITET"),
        postnr=v("POSTNR"),
        postnr_text=t("POSTNR"),
        udlandsadr=tuple(line for i in range(1, 6) if (line := v(f"UDLANDSADR{i}"))),
        udr_landekod=v("UDR_LANDEKOD"),
    )


def _actions(table: Table | None) -> dict[str, str]:
    """``Table r="Aktioner"``: action code -> CPR's text (bilag 8 eks. 11)."""
    rows: Iterable[Field | None] = (row.field("KODE") for row in table.rows) if table else ()
    return {f.v: f.t or "" for f in rows if f is not None and f.v}


def _afslut_row(row: Row) -> AfslutRow:
    fields = _index(row)
    return AfslutRow(
        pnr=_personnummer(_value(fields, "PNR")),
        adrnvn=_value(fields, "ADRNVN"),
        fornvn=_value(fields, "FORNVN"),
        melnvn=_value(fields, "MELNVN"),
        efternvn=_value(fields, "EFTERNVN"),
        status=_value(fields, "STATUS"),
        rel=_value(fields, "REL"),
        rel_text=_text(fields, "REL"),
    )


def _personnummer(digits: str | None) -> Personnummer | None:
    """A :class:`Personnummer` for ten digits from CPR (not re-validated), else ``None``."""
    if digits is None or len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return None
    return Personnummer(digits)
