"""The CPR services of the sandbox: initier, valider, gem, afbryd (bilag 7 §5-10, §17; bilag 9).

:meth:`ServiceDesk.handle` answers one parsed ``CprAjour`` request of a logged-on user:

- ``a="I"`` initier: access (a ``borger`` may only initiate hændelser with ``selvbetjening=ja``
  in ``haendelseskoder``, and only to the venteregister: ``u="V"``, ``mk="0041"``; else Fejl
  1035), the keys (the rule set's first error about them), the person (1022), the status (9010).
  Answer: eks. 17.1 with a fresh ``ts``; Anmrk 2523 instead of Ok when the person has data in
  Vent.
- ``a="V"`` valider and ``a="3"`` gem: the rule set, with stamdata from the register, answers
  the first error only (Fejl, number in ``e`` on the field, bilag 7 §8, §14), else the first
  warning not yet passed (Anmrk), else Ok (valider, fields formatted and translated) or the
  Afslut receipt of eks. 17.8 (gem, after the commit to the venteregister).
- ``a="F"`` afbryd drops the dialogue (bilag 7 §10).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any, Final

from cpr_rules.gctp import CprData, CprServiceHeader, GctpMessage, Kvit, Service, System
from cpr_rules.rules import Finding, Report, Validator
from cpr_rules.sandbox._person_layouts import mask_personnumre, mask_pnr
from cpr_rules.sandbox.dialogue import AnmrkKey, Dialogue, Dialogues
from cpr_rules.sandbox.inputs import MYNDIGHED_BORGER, Keys, cpr_value, input_data, input_layout
from cpr_rules.sandbox.kvitteringer import kvit
from cpr_rules.sandbox.person_records import Person
from cpr_rules.sandbox.register import ACTIVE_STATUSES, PersonRegister
from cpr_rules.sandbox.responses import (
    KVIT_OK,
    active_beskyttelser,
    afslut,
    aktioner,
    rule_kvit,
    service_reply,
    stampnr,
    system_reply,
)
from cpr_rules.sandbox.security import Session
from cpr_rules.sandbox.venteregister import Timestamps, Venteregister
from cpr_rules.tables import Found

__all__ = ["KEYS", "ServiceDesk"]

KEYS: Final = ("PNR", "HDTO", "KOMK")
"""Bilag 9 note 3: "hændelseskoden, personnummer, hændelsesdato samt kommune"."""

_LOG = logging.getLogger("cpr_rules.sandbox.services")
_DIREKTE: Final = ("G", "4")


class ServiceDesk:
    """Answers ``CprAjour`` requests; thread-safe (one lock per dialogue)."""

    def __init__(
        self,
        *,
        validator: Validator,
        register: PersonRegister,
        venteregister: Venteregister,
        dialogues: Dialogues,
        today: Callable[[], dt.date],
        env: str,
        timestamps: Timestamps | None = None,
    ) -> None:
        self.validator = validator
        self.translator = validator.translator
        self.register = register
        self.venteregister = venteregister
        self.dialogues = dialogues
        self.today = today
        self.env = env
        self.timestamps = timestamps or Timestamps()

    # -- dispatch -------------------------------------------------------------------------------

    def handle(self, message: GctpMessage, session: Session) -> GctpMessage:
        """The reply to one request of ``session``'s user."""
        systems = [c for c in message.children if isinstance(c, System)]
        services = message.services
        if len(systems) != 1 or systems[0].r != "CprAjour" or not services:
            return system_reply(kvit(9032), env=self.env)
        service, header = services[0], services[0].header
        if header is None or header.r != service.r:
            return system_reply(kvit(9032), env=self.env, haendelse=service.r)
        if len(services) > 1 or header.st == "S" or header.pt:
            return self._reply(header, (kvit(9024),))
        action = header.a or ""
        if action == "I":
            reply = self._initier(header, session)
        elif action in ("V", "3"):
            reply = self._continue(service, header, session)
        elif action == "F":
            reply = self._afbryd(header, session)
        else:
            reply = self._reply(header, (self._refused(action, header.r),))
        kv, service_out = reply.kvit, reply.primary_service
        ts = service_out.header.ts if service_out and service_out.header else None
        outcome = f"{kv.r} {kv.v or ''}" if kv is not None else "?"
        line = f"{header.r[:24]} a={action[:4]} ts={(ts or '-')[:24]} user={session.userid}"
        _LOG.info("%s: %s", mask_personnumre(line), outcome)
        return reply

    def _refused(self, action: str, haendelse: str) -> Kvit:
        if action in _DIREKTE:
            return kvit(1035, what=f"at ajourføre {haendelse} direkte i CPR (kun venteregistret)")
        if action == "2":
            return kvit(9023)
        return kvit(9022, action=repr(action[:4]), allowed="I, V, F og 3")

    def _reply(
        self, header: CprServiceHeader, body: tuple[CprData | Kvit, ...], **attributes: Any
    ) -> GctpMessage:
        head = CprServiceHeader(
            header.r, st="P", a=header.a, ts=attributes.pop("ts", header.ts), u="V", **attributes
        )
        return service_reply(header.r, (head, *body), env=self.env)

    # -- initier ---------------------------------------------------------------------------------

    def _initier(self, header: CprServiceHeader, session: Session) -> GctpMessage:
        haendelse = header.r
        denied = self._access(header, session)
        if denied is not None:
            return self._reply(header, (denied,), ts=None)
        given = {f.r: f.v or "" for f in header.keys}
        missing = next((k for k in KEYS if not given.get(k)), None)
        if missing is not None:
            return self._reply(header, (kvit(9011, key=missing),), ts=None)
        report = self.validator.check(haendelse, given, today=self.today(), partial=True)
        if report.errors:
            return self._reply(header, (self._fejl(report.errors[0]),), ts=None)
        keys = Keys(
            _digits(report.data["PNR"]), report.data["HDTO"], cpr_value(report.data["KOMK"])
        )
        person = self.register.person(keys.pnr)
        if person is None:
            return self._reply(header, (kvit(1022),), ts=None)
        if person.status not in ACTIVE_STATUSES:
            tekst = self.translator.status(person.status).text or "ukendt status"
            return self._reply(header, (kvit(9010, status=person.status, tekst=tekst),), ts=None)
        ruleset = self.validator.rulesets[haendelse]
        inputs = [n for n in ruleset.fields if n not in KEYS]
        required = [n for n in inputs if ruleset.fields[n].required]
        layout = input_layout(haendelse, keys, fields=inputs, required=required)
        dialogue = Dialogue(self.timestamps.next(), session.userid, haendelse, keys, layout)
        pending = self.venteregister.has_pending(keys.pnr)
        receipt = KVIT_OK
        if pending:
            dialogue.last_anmrk = ("anmrk:2523", ("X",))
            receipt = kvit(2523, pnr=f"{keys.pnr[:6]}-{keys.pnr[6:]}")
        self.dialogues.add(dialogue)
        head = CprServiceHeader(
            haendelse, st="P", a="I", ts=dialogue.ts, u="V", children=(aktioner(),)
        )
        body = (self._stamdata(person, pending), self._inputs(dialogue, {}), receipt)
        return service_reply(haendelse, (head, *body), env=self.env)

    def _access(self, header: CprServiceHeader, session: Session) -> Kvit | None:
        """Fejl 1035 unless a borger initiates a self-service hændelse to the venteregister."""
        haendelse = header.r
        found = self.validator.tables["haendelseskoder"].lookup(haendelse)
        selvbetjening = isinstance(found, Found) and found["selvbetjening"] == "ja"
        if session.sikkerhedsgruppe != "borger" or not selvbetjening:
            return kvit(1035, what=f"hændelsen {haendelse}")
        if header.u != "V" or header.mk != MYNDIGHED_BORGER[0]:
            where = f"myndighed {header.mk}" if header.mk else "uden myndighedskode"
            what = f"at indberette {haendelse} direkte i CPR eller for {where}"
            return kvit(
                1035, what=f"{what} (en borgerindberetning gemmes i venteregistret, mk 0041)"
            )
        if haendelse not in self.validator.rulesets:
            return kvit(9012, haendelse=haendelse)
        return None

    # -- valider and gem -------------------------------------------------------------------------

    def _continue(
        self, service: Service, header: CprServiceHeader, session: Session
    ) -> GctpMessage:
        dialogue = self.dialogues.get(header.ts, session.userid, header.r)
        if dialogue is None:
            return self._lost(header, session)
        with dialogue.lock:
            return self._validate(service, header, dialogue)

    def _lost(self, header: CprServiceHeader, session: Session) -> GctpMessage:
        """Unknown ``ts``: a gem sent again after its answer was lost gets that answer again."""
        entry = self.venteregister.by_ts(header.ts or "", session.userid)
        if header.a == "3" and entry is not None and entry.haendelse == header.r:
            person = self.register.person(entry.pnr)
            if person is not None:
                return self._reply(header, (afslut(person, entry),))
        return self._reply(header, (kvit(9020, ts=(header.ts or "")[:20] or "(ingen)"),))

    def _validate(
        self, service: Service, header: CprServiceHeader, dialogue: Dialogue
    ) -> GctpMessage:
        mismatch = _key_mismatch(header, dialogue.keys)
        if mismatch is not None:
            return self._reply(header, (kvit(9021, key=mismatch),))
        data_in = service.data("I")
        sent = {f.r: f.v or "" for f in data_in.iter_fields()} if data_in is not None else {}
        layout = dialogue.layout
        changed = next((n for n, v in sent.items() if v and layout.locked.get(n, v) != v), None)
        if changed is not None:
            return self._reply(header, (kvit(9030, field=changed),))
        known = set(layout.names) | set(self.validator.rulesets[dialogue.haendelse].fields)
        dialogue.values |= {n: v for n, v in sent.items() if n in known and n not in layout.locked}
        unknown = {n: v for n, v in sent.items() if n not in known}  # the rule set reports them
        person = self.register.person(dialogue.keys.pnr)
        if person is None:  # pragma: no cover - persons are never removed while running
            return self._reply(header, (kvit(1022),))
        pending = self.venteregister.has_pending(person.pnr)
        report, data, stamdata = self._check(dialogue, person, pending, unknown)
        stamdata_o = self._stamdata(person, pending)
        if report.errors:
            first = report.errors[0]
            receipt = self._fejl(first)
            error = (_echo_name(first.fields, data), int(receipt.v or 0)) if first.fields else None
            inputs = self._inputs(dialogue, dialogue.values, error=error)
            return self._reply(header, (stamdata_o, inputs, receipt))
        formatted = self._formatted(dialogue, report)
        warnings = [_anmrk_key(f, {**data, **stamdata}) for f in report.warnings]
        anmrk = dialogue.next_anmrk(warnings)
        if anmrk is not None:
            finding = report.warnings[warnings.index(anmrk)]
            receipt = rule_kvit("Anmrk", finding.cpr_anmrk, finding.message)
            inputs = self._inputs(dialogue, formatted, report=report)
            return self._reply(header, (stamdata_o, inputs, receipt))
        if header.a == "V":
            inputs = self._inputs(dialogue, formatted, report=report)
            return self._reply(header, (stamdata_o, inputs, KVIT_OK))
        return self._gem(header, dialogue, person, formatted)

    def _check(
        self, dialogue: Dialogue, person: Person, pending: bool, unknown: Mapping[str, str]
    ) -> tuple[Report, dict[str, str], dict[str, Any]]:
        """Run the authoritative rule set on the keys and the input fields sent so far (fields
        of the layout the rule set does not know, like ``CBSK_INDRAP1``, are kept unchecked;
        fields neither knows are checked once, so the rule set reports them)."""
        ruleset = self.validator.rulesets[dialogue.haendelse]
        filled = {k: v for k, v in dialogue.values.items() if v and k in ruleset.fields}
        data = dialogue.keys.cpr() | filled | {k: v for k, v in unknown.items() if v}
        stamdata = {
            "STATUS": person.status,
            "I_VENT_MRK": "X" if pending else "",
            "BESKYT": active_beskyttelser(person, self.today()),
        }
        report = self.validator.check(
            dialogue.haendelse, data, stamdata=stamdata, today=self.today()
        )
        return report, data, stamdata

    def _gem(
        self,
        header: CprServiceHeader,
        dialogue: Dialogue,
        person: Person,
        formatted: dict[str, str],
    ) -> GctpMessage:
        """Save to the venteregister; answered only after the commit (bilag 7 eks. 17.8)."""
        entry, _ = self.venteregister.gem(
            ts=dialogue.ts,
            haendelse=dialogue.haendelse,
            pnr=dialogue.keys.pnr,
            komk=dialogue.keys.komk,
            hdto=dialogue.keys.hdto.isoformat(),
            userid=dialogue.userid,
            fields={k: v for k, v in formatted.items() if v},
        )
        self.dialogues.drop(dialogue.ts)
        _LOG.info("venteregister: VNTS %s saved for %s", entry.vnts, mask_pnr(entry.pnr))
        return self._reply(header, (afslut(person, entry),))

    # -- building blocks -------------------------------------------------------------------------

    def _fejl(self, finding: Finding) -> Kvit:
        return rule_kvit("Fejl", finding.cpr_fejl, finding.message)

    def _stamdata(self, person: Person, pending: bool) -> CprData:
        return stampnr(person, pending=pending, translator=self.translator, today=self.today())

    def _formatted(self, dialogue: Dialogue, report: Report) -> dict[str, str]:
        """The input fields as the rule set normalised them (``5`` → ``005``), defaults added."""
        out = dict(dialogue.values)
        for name in dialogue.layout.names:
            if name in report.data and name not in dialogue.layout.locked:
                out[name] = cpr_value(report.data[name])
        return out

    def _inputs(
        self,
        dialogue: Dialogue,
        values: Mapping[str, str],
        *,
        report: Report | None = None,
        error: tuple[str, int] | None = None,
    ) -> CprData:
        """``CprData u="I"`` with klarskrift: kommune, myndighed, and after a clean validation
        the vej (``t``), the whole address (``tl``) and the postdistrikt of the husnr (``t``)."""
        keys = dialogue.keys
        texts: dict[str, dict[str, str | None]] = {
            name: {"t": MYNDIGHED_BORGER[1]}
            for name, value in dialogue.layout.locked.items()
            if "STARTMYNKOD" in name and value == MYNDIGHED_BORGER[0]
        }
        texts["CADR_KOMKOD"] = {"t": self.translator.kommune(keys.komk, as_of=keys.hdto).text}
        if report is not None:
            texts["CADR_VEJKOD"] = {
                "t": report.klarskrift.get("CADR_VEJKOD"),
                "tl": report.klarskrift.get("adresse"),
            }
            vej, husnr = values.get("CADR_VEJKOD"), values.get("CADR_HUSNR")
            if vej and husnr:
                post = self.translator.postdistrikt(keys.komk, vej, husnr, as_of=keys.hdto)
                texts["CADR_HUSNR"] = {"t": post.text}
        return input_data(dialogue.layout, values, texts=texts, error=error)

    def _afbryd(self, header: CprServiceHeader, session: Session) -> GctpMessage:
        dialogue = self.dialogues.get(header.ts, session.userid, header.r)
        if dialogue is None:
            return self._reply(header, (kvit(9020, ts=(header.ts or "")[:20] or "(ingen)"),))
        self.dialogues.drop(dialogue.ts)
        return self._reply(header, (KVIT_OK,))


def _digits(value: Any) -> str:
    return cpr_value(value).replace("-", "")


def _key_mismatch(header: CprServiceHeader, keys: Keys) -> str | None:
    """The first key sent with a later request that differs from the initiated one."""
    expected = keys.cpr()
    for sent in header.keys:
        value = (sent.v or "").replace("-", "")
        want = expected.get(sent.r)
        if sent.r == "KOMK":
            value = value.zfill(4)
        if want is not None and value and value != want:
            return sent.r
    return None


_ECHO: Final = {"HDTO": "CADR_STARTDATO", "KOMK": "CADR_KOMKOD"}


def _echo_name(fields: tuple[str, ...], data: Mapping[str, str]) -> str:
    """The field to mark with ``e``: the finding's first field the client filled (else its
    first field), a key by its locked echo (HDTO → CADR_STARTDATO, KOMK → CADR_KOMKOD)."""
    name = next((f for f in fields if data.get(f)), fields[0])
    return _ECHO.get(name, name)


def _anmrk_key(finding: Finding, values: Mapping[str, Any]) -> AnmrkKey:
    """Which warning, for which values: what must recur for a resubmission to pass it."""
    ident = f"anmrk:{finding.cpr_anmrk[0]}" if finding.cpr_anmrk else f"rule:{finding.rule}"
    return ident, tuple(str(values.get(name, "")) for name in finding.fields)
