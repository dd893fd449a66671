"""The message elements of GCTP (bilag 8 §4.1-4.3, §4.8; bilag 7 §11): header to Gctp.

Private: import them from :mod:`cpr_rules.gctp.model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from cpr_rules.gctp._elements import (
    GCTP_VERSION,
    Attributes,
    CprData,
    Field,
    Key,
    Kvit,
    Table,
    _Container,
)

__all__ = ["CprServiceHeader", "GctpMessage", "Service", "Sik", "System"]


@dataclass(frozen=True, slots=True)
class CprServiceHeader(_Container):
    """``<CprServiceHeader>``: which hændelse, in which state (bilag 8 §4.3, bilag 7 §6-11).

    ``r`` hændelse, ``st`` P(rimær)/S(ekundær), ``a`` action, ``mk`` myndighedskode, ``ts`` the
    communication timestamp, ``pt`` the primary hændelse's ``ts``, ``u="V"`` venteregister.
    """

    TAG: ClassVar[str] = "CprServiceHeader"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r", "st", "a", "mk", "ts", "pt", "u")
    r: str
    st: str | None = None
    a: str | None = None
    mk: str | None = None
    ts: str | None = None
    pt: str | None = None
    u: str | None = None
    children: tuple[Key | Table, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)

    @property
    def is_primary(self) -> bool:
        """``st="P"``: a primary hændelse."""
        return self.st == "P"

    @property
    def keys(self) -> tuple[Field, ...]:
        """The fields of the ``<Key>`` blocks."""
        return tuple(f for k in self.children if isinstance(k, Key) for f in k.children)

    @property
    def actions(self) -> tuple[str, ...]:
        """The action codes the server allows next (``Table r="Aktioner"``, bilag 8 eks. 11)."""
        table = self.table("Aktioner")
        return table.values("KODE") if table is not None else ()


@dataclass(frozen=True, slots=True)
class Service(_Container):
    """``<Service r=…>``: one hændelse (or search) with its header, data and receipt."""

    TAG: ClassVar[str] = "Service"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r",)
    r: str
    children: tuple[CprServiceHeader | CprData | Kvit, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)

    @property
    def headers(self) -> tuple[CprServiceHeader, ...]:
        """Every header; after initiation the secondary hændelser on offer follow the first."""
        return tuple(c for c in self.children if isinstance(c, CprServiceHeader))

    @property
    def header(self) -> CprServiceHeader | None:
        """The header of this service's own hændelse (``r`` equal to the service's)."""
        first = None
        for child in self.children:
            if isinstance(child, CprServiceHeader):
                if child.r == self.r:
                    return child
                first = first or child
        return first

    @property
    def kvit(self) -> Kvit | None:
        """The receipt, or ``None`` (requests have none)."""
        return next((c for c in self.children if isinstance(c, Kvit)), None)

    def data(self, u: str) -> CprData | None:
        """The ``CprData`` block with ``u`` (``"O"`` output, ``"I"`` input), or ``None``."""
        return next((c for c in self.children if isinstance(c, CprData) and c.u == u), None)

    @property
    def error_fields(self) -> tuple[Field, ...]:
        """The fields the server marked with ``e`` (bilag 7 §14)."""
        return tuple(f for f in self.iter_fields() if f.e is not None and f.has_error)

    @property
    def kvit_field(self) -> Field | None:
        """The field the receipt is about: ``e`` equal to the Kvit's ``v``, else the first error."""
        kvit, marked = self.kvit, self.error_fields
        same = (f for f in marked if kvit is not None and f.e == kvit.v)
        return next(same, marked[0] if marked else None)


@dataclass(frozen=True, slots=True)
class System(_Container):
    """``<System r=…>``: ``CprAjour`` for updates, ``CprSoeg`` for searches (bilag 8 §4.2)."""

    TAG: ClassVar[str] = "System"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("r",)
    r: str
    children: tuple[Service, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)


@dataclass(frozen=True, slots=True)
class Sik(_Container):
    """``<Sik>``: logon (``function="signon"``) and password change (``"newpass"``), bilag 5.

    Bilag 8 §4.8 shows an older syntax with ``ui``/``pw``/``npw``; both are kept.
    """

    TAG: ClassVar[str] = "Sik"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = (
        "function",
        "userid",
        "password",
        "newpass1",
        "ui",
        "pw",
        "npw",
    )
    function: str | None = None
    userid: str | None = None
    password: str | None = None
    newpass1: str | None = None
    ui: str | None = None
    pw: str | None = None
    npw: str | None = None
    children: tuple[Kvit, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)

    @property
    def kvit(self) -> Kvit | None:
        """The logon receipt (``r="returKode"``), or ``None`` in a request."""
        return self.children[0] if self.children else None


@dataclass(frozen=True, slots=True)
class GctpMessage(_Container):
    """``<Gctp v="1.0">``: one message, inside ``<root xmlns="http://www.cpr.dk">`` on the wire.

    ``v`` is ``None`` when the ``<Gctp>`` tag has no version (bilag 7 eks. 17.1-17.7 requests);
    ``env`` names the server environment in responses (``"Forvalt - Test"``).
    """

    TAG: ClassVar[str] = "Gctp"
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ("v", "env")
    v: str | None = GCTP_VERSION
    env: str | None = None
    children: tuple[System | Sik, ...] = ()
    extra: Attributes = field(default=(), kw_only=True)

    @property
    def services(self) -> tuple[Service, ...]:
        """Every service of every system, in document order."""
        systems = (c for c in self.children if isinstance(c, System))
        return tuple(service for system in systems for service in system.children)

    def service(self, name: str | None = None) -> Service | None:
        """The service ``r=name`` (the first service when ``name`` is ``None``), or ``None``."""
        return next((s for s in self.services if name is None or s.r == name), None)

    @property
    def primary_service(self) -> Service | None:
        """The service of the primary hændelse (``st="P"``), else the first service."""
        first = None
        for system in self.children:
            if isinstance(system, System):
                for service in system.children:
                    header = service.header
                    if header is not None and header.is_primary:
                        return service
                    first = first or service
        return first

    @property
    def sik(self) -> Sik | None:
        """The ``<Sik>`` block of a logon request or response, or ``None``."""
        return next((c for c in self.children if isinstance(c, Sik)), None)

    @property
    def kvit(self) -> Kvit | None:
        """The receipt that answers the request: the primary service's, else the ``Sik``'s."""
        service, sik = self.primary_service, self.sik
        if service is not None and service.kvit is not None:
            return service.kvit
        return sik.kvit if sik is not None else None

    @property
    def kvit_field(self) -> Field | None:
        """The field the primary service's receipt is about (see :attr:`Service.kvit_field`)."""
        service = self.primary_service
        return service.kvit_field if service is not None else None
