"""The hændelse flow of bilag 9 steps 2-4 and bilag 7 §5-10, without I/O.

:class:`FlowState` remembers the initiated hændelse (keys, ``ts``, actions, input fields) and
turns each call into a :class:`Step`: the request to send and the function that reads CPR's
answer. The sync and async sessions only send steps; all decisions are here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

from cpr_rules import personnummer
from cpr_rules.errors import InputError
from cpr_rules.gctp import Action, GctpMessage, KvitType, Service, afbryd, gem, initier, valider
from cpr_rules.personnummer import Personnummer
from cpr_rules.session._responses import kvittering_of, stamoplysninger_of
from cpr_rules.session.errors import (
    CprAnmrk,
    CprFejl,
    CprProtocolError,
    CprSystemError,
    SessionStateError,
)
from cpr_rules.session.models import CprVerdict, InputField, Kvittering, Stamoplysninger

__all__ = ["MAX_RESUBMITS", "MK_DIRECT", "AnmrkPolicy", "Flow", "FlowState", "Step"]

T = TypeVar("T")

AnmrkPolicy = bool | Collection[int]
"""``continue_anmrk``: ``True`` passes any Anmrk, a collection of numbers passes only those."""

MAX_RESUBMITS: Final = 5
"""At most this many Anmrk in a row are passed by sending the request again."""

MK_DIRECT: Final = "0042"
"""Myndighedstype 42, "borgere (flytning direkte)": gem is ``G`` into CPR, not the venteregister
(bilag 7 §17 eks. 17.2 and 17.4; protocol.md §1.6). Every other mk saves in the venteregister."""


@dataclass(slots=True)
class Flow:
    """An initiated hændelse: its keys, CPR's ``ts`` and what CPR sent at initier."""

    haendelse: str
    keys: dict[str, str] = field(repr=False)
    pnr: Personnummer
    mk: str
    vent: bool
    ts: str
    actions: tuple[str, ...] = ()
    fields: Mapping[str, InputField] = field(default_factory=dict)
    data: dict[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Step(Generic[T]):
    """One request of the flow and the function that reads CPR's answer to it."""

    haendelse: str
    request: GctpMessage = field(repr=False)
    label: str
    idempotent: bool
    continue_anmrk: AnmrkPolicy
    finish: Callable[[Service, CprVerdict], T]  # the answer and its verdict_of()


class FlowState:
    """The current hændelse of a session, and the steps that move it on."""

    def __init__(self, *, mk: str, vent: bool | None, logger: logging.Logger) -> None:
        self.mk = mk
        self.vent = mk != MK_DIRECT if vent is None else vent
        self.logger = logger
        self.current: Flow | None = None

    def initier(
        self,
        haendelse: str,
        pnr: str | Personnummer,
        hdto: str | dt.date,
        komk: str | int | None,
        continue_anmrk: AnmrkPolicy,
    ) -> Step[Stamoplysninger]:
        """Initier (``a="I"``) with the keys PNR, HDTO, KOMK (bilag 7 §7, eks. 17.1)."""
        person = pnr if isinstance(pnr, Personnummer) else personnummer.parse(pnr)
        keys = {"PNR": person.digits, "HDTO": _hdto(hdto)}
        if komk is not None:
            keys["KOMK"] = _komk(komk)
        request = initier(haendelse, keys, mk=self.mk, vent=self.vent)
        label = _label(haendelse, Action.INITIER, person)

        def finish(service: Service, verdict: CprVerdict) -> Stamoplysninger:
            _raise_for(verdict)
            stam = stamoplysninger_of(service, pnr=person, verdict=verdict)
            if verdict.is_warning:  # eks. 17.2: go on by sending it again (bilag-07 l.1352-1356)
                self.current = None
                self.logger.info("initier %s: %s; not initiated", label, _describe(verdict))
                return stam
            if stam.ts is None:
                raise CprProtocolError(f"CPR's answer to initier of {haendelse} has no ts")
            if self.current is not None:
                self.logger.info("%s initiated again", self.current.haendelse)
            self.current = Flow(haendelse, keys, person, self.mk, self.vent, stam.ts)
            self.current.actions, self.current.fields = tuple(stam.actions), stam.fields
            self.logger.info("initier %s: %s", label, _describe(verdict))
            return stam

        return Step(haendelse, request, label, True, continue_anmrk, finish)

    def valider(self, data: Mapping[str, str], continue_anmrk: AnmrkPolicy) -> Step[CprVerdict]:
        """Valider (``a="V"``) the citizen's fields; CPR stops at the first error (bilag 7 §8)."""
        flow = self._require("valider", Action.VALIDER)
        fields = self._check_data(flow, data)
        label = _label(flow.haendelse, Action.VALIDER, flow.pnr)
        request = valider(flow.haendelse, flow.keys, fields, ts=flow.ts, mk=flow.mk, vent=flow.vent)

        def finish(service: Service, verdict: CprVerdict) -> CprVerdict:
            if verdict.kind is KvitType.System:
                raise CprSystemError(verdict)
            flow.data = fields
            flow.ts = _ts(service) or flow.ts
            self.logger.info("valider %s: %s", label, _describe(verdict))
            return verdict

        return Step(flow.haendelse, request, label, True, continue_anmrk, finish)

    def gem(self, data: Mapping[str, str] | None, continue_anmrk: AnmrkPolicy) -> Step[Kvittering]:
        """Gem: action ``3`` into the venteregister, or ``G`` directly into CPR (bilag 7 §17)."""
        action = Action.GEM_TIL_GODKENDELSE_I_VENT if self.vent else Action.GEM
        flow = self._require("gem", action)
        if data is None and flow.data is None:
            raise SessionStateError("gem() needs data: pass it, or call valider(data) first")
        fields = self._check_data(flow, data) if data is not None else flow.data or {}
        label = _label(flow.haendelse, action, flow.pnr)
        request = gem(flow.haendelse, flow.keys, fields, ts=flow.ts, mk=flow.mk, vent=flow.vent)

        def finish(service: Service, verdict: CprVerdict) -> Kvittering:
            _raise_for(verdict)
            if verdict.is_warning:
                raise CprAnmrk(verdict)
            self.current = None
            receipt = kvittering_of(service, pnr=flow.pnr, verdict=verdict)
            self.logger.info("gem %s: %s, VNTS %s", label, _describe(verdict), receipt.vnts)
            return receipt

        return Step(flow.haendelse, request, label, False, continue_anmrk, finish)

    def afbryd(self) -> Step[CprVerdict]:
        """Fortryd (``a="F"``) with the ``ts``: CPR cleans up the initiation (bilag 7 §10)."""
        flow = self._require("afbryd", None)
        label = _label(flow.haendelse, Action.FORTRYD, flow.pnr)
        request = afbryd(flow.haendelse, flow.keys, ts=flow.ts, mk=flow.mk, vent=flow.vent)

        def finish(service: Service, verdict: CprVerdict) -> CprVerdict:
            self.current = None
            _raise_for(verdict)
            self.logger.info("afbryd %s: %s", label, _describe(verdict))
            return verdict

        return Step(flow.haendelse, request, label, True, False, finish)

    def resubmits(self, step: Step[T], verdict: CprVerdict, seen: list[int]) -> bool:
        """True if CPR's Anmrk (``verdict`` of the answer) is to be passed by sending ``step``
        again (bilag 3, eks. 17.8)."""
        policy = step.continue_anmrk
        if not verdict.is_warning or policy is False or len(seen) >= MAX_RESUBMITS:
            return False
        number = verdict.number if verdict.number is not None else -1
        if number in seen or (policy is not True and number not in policy):
            return False
        seen.append(number)
        self.logger.info("%s: passing %s by sending again", step.label, _describe(verdict))
        return True

    def _require(self, step: str, action: Action | None) -> Flow:
        """The initiated hændelse; the action must be one CPR offered (Table Aktioner)."""
        flow = self.current
        if flow is None:
            raise SessionStateError(f"{step}() needs an initiated hændelse: call initier() first")
        if action is not None and flow.actions and action.value not in flow.actions:
            offered = ", ".join(flow.actions)
            raise SessionStateError(
                f"CPR did not offer action {action.value} for {flow.haendelse} (offered: "
                f"{offered}); mk {flow.mk} decides venteregister (3) or direct (G)"
            )
        return flow

    @staticmethod
    def _check_data(flow: Flow, data: Mapping[str, str]) -> dict[str, str]:
        """The fields to send; an unknown or changed locked field is refused before sending."""
        fields = dict(data)
        for name, value in fields.items():
            offered = flow.fields.get(name)
            if flow.fields and offered is None:
                raise InputError(f"CPR offered no input field {name} for {flow.haendelse}")
            if offered is not None and offered.locked and value != (offered.value or ""):
                raise InputError(
                    f'{name} is locked by CPR (a="L"); changing it gives a system error'
                    " (bilag 7 §13)"
                )
        return fields


def _raise_for(verdict: CprVerdict) -> CprVerdict:
    """``verdict`` unless it is a Fejl or a System error, which are raised."""
    if verdict.kind is KvitType.Fejl:
        raise CprFejl(verdict)
    if verdict.kind is KvitType.System:
        raise CprSystemError(verdict)
    return verdict


def _ts(service: Service) -> str | None:
    header = service.header
    return header.ts if header is not None and header.ts else None


def _label(haendelse: str, action: Action, pnr: Personnummer) -> str:
    return f"{haendelse} a={action.value} PNR {pnr.masked}"


def _describe(verdict: CprVerdict) -> str:
    number = f" {verdict.number}" if verdict.number is not None else ""
    text = f" {verdict.text!r}" if verdict.text else ""
    return f"{verdict.kind.value}{number}{text}"


def _hdto(value: str | dt.date) -> str:
    """The hændelsesdato as ``ÅÅÅÅMMDD`` (bilag 7 §11)."""
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    compact = value.strip().replace("-", "")
    try:
        return dt.datetime.strptime(compact, "%Y%m%d").strftime("%Y%m%d")
    except ValueError:
        raise InputError(f"HDTO {value!r} is not a date ÅÅÅÅMMDD or ÅÅÅÅ-MM-DD") from None


def _komk(value: str | int) -> str:
    """The kommunekode as 4 digits (``101`` -> ``0101``)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise InputError(f"KOMK {value!r} is not a kommunekode of up to 4 digits")
    return text.zfill(4)
