"""The CPR services of the sandbox: initier, valider, gem, afbryd (bilag 7 §5-10, §17; bilag 9).

:meth:`ServiceDesk.handle` answers one parsed ``CprAjour`` request of a logged-on user:

- A value outside ISO-8859-1: Fejl 9033 naming the field. A search service (``CprSoeg``):
  Fejl 1035 "Du har ikke adgang til søgningen/opslaget" (bilag 13 SASIKS1N).
- ``a="I"`` initier: access (:mod:`cpr_rules.sandbox.access`), the keys (KOMK blank 3974,
  else the rule set's first error about them, numbered by bilag 13), the person (1022), the
  status (9010). Answer: eks. 17.1, fresh ``ts``, Ok (``I_VENT_MRK="X"``: data in Vent); directly
  in CPR with data in Vent: eks. 17.2, Anmrk 2523 until the same initier is sent again.
- ``a="V"`` valider, ``a="3"`` gem to the venteregister, ``a="G"``/``a="4"`` gem directly (a
  direct dialogue): keys and locked fields must be what initier locked (9021, 9030); the rule
  set, with stamdata from the register, answers the first error only (Fejl, number in ``e`` on
  the field, bilag 7 §8, §14), else the first warning not yet passed (Anmrk), else Ok (valider:
  fields formatted and translated, protections filled in) or the Afslut receipt (gem, after the
  commit: eks. 17.8 with ``HAEN`` for the venteregister, eks. 17.9 without it directly in CPR).
  Only fields the rule set validated, and what the server fills in, are saved.
- ``a="F"`` afbryd drops the dialogue (bilag 7 §10). ``a="2"`` is not offered; 9023.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any, Final

from cpr_rules.fejlnumre import FORM_NUMBERS, FORM_TEXTS, not_on_ctmyn
from cpr_rules.gctp import CprData, CprServiceHeader, GctpMessage, Kvit, Service, System
from cpr_rules.rules import Finding, Report, Validator
from cpr_rules.sandbox._person_layouts import mask_personnumre, mask_pnr
from cpr_rules.sandbox.access import check_access
from cpr_rules.sandbox.beskyttelser import fill, in_force
from cpr_rules.sandbox.dialogue import Dialogue, Dialogues, Repeats
from cpr_rules.sandbox.inputs import (
    MYNDIGHED_BORGER,
    MYNDIGHED_DIREKTE,
    Keys,
    cpr_value,
    input_answer,
    input_layout,
)
from cpr_rules.sandbox.kvitteringer import fejl_number, fejl_text, kvit
from cpr_rules.sandbox.person_records import Person
from cpr_rules.sandbox.register import ACTIVE_STATUSES, PersonRegister, record_haendelse
from cpr_rules.sandbox.request_checks import (
    KEYS,
    anmrk_key,
    changed_key,
    changed_locked,
    echo_name,
    first_not_latin1,
    header_keys,
    key_pairs,
    sent_pairs,
)
from cpr_rules.sandbox.responses import (
    AKTIONER_DIREKTE,
    AKTIONER_VENT,
    KVIT_OK,
    afslut,
    aktioner,
    echo_header,
    rule_kvit,
    service_reply,
    stampnr,
    system_reply,
)
from cpr_rules.sandbox.security import Session
from cpr_rules.sandbox.venteregister import Timestamps, Venteregister

__all__ = ["KEYS", "ServiceDesk"]

_SERVER_FILLED = frozenset(f"CBSK_INDRAP{n}" for n in range(1, 5))  # the rule set accepts them
_LOG = logging.getLogger("cpr_rules.sandbox.services")
_VENT_ACTIONS: Final = ("V", "3")
_DIREKTE_ACTIONS: Final = ("V", "G", "4")
_IN_VENT: Final = ("anmrk:2523", ("X",))
_Codes = tuple[tuple[str, str], ...]
_Header = CprServiceHeader


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
        # initier answered Anmrk 2523, bounded per user like the dialogues
        self._warned = Repeats(limit=dialogues.limit, per_user=dialogues.per_user)

    # -- dispatch -------------------------------------------------------------------------------

    def handle(self, message: GctpMessage, session: Session) -> GctpMessage:
        """The reply to one request of ``session``'s user."""
        systems = [c for c in message.children if isinstance(c, System)]
        services = message.services
        if len(systems) == 1 and systems[0].r != "CprAjour" and services:
            what = "søgningen/opslaget"  # bilag 13 SASIKS1N, the text of fejl 1035
            refused = kvit(1035, what=what)
            return service_reply(services[0].r, (refused,), env=self.env, system=systems[0].r)
        if len(systems) != 1 or not services:
            return system_reply(kvit(9032), env=self.env)
        service, header = services[0], services[0].header
        if header is None or header.r != service.r:
            return system_reply(kvit(9032), env=self.env, haendelse=service.r)
        bad = first_not_latin1(service)
        if bad is not None:
            return self._reply(header, (kvit(9033, field=bad),))
        if len(services) > 1 or header.st == "S" or header.pt:
            return self._reply(header, (kvit(9024),))
        action = header.a or ""
        if action == "I":
            reply = self._initier(header, session)
        elif action in ("V", "3", "G", "4"):
            reply = self._continue(service, header, session)
        elif action == "F":
            reply = self._afbryd(header, session)
        elif action == "2":
            reply = self._reply(header, (kvit(9023),))
        else:
            allowed = ", ".join(_VENT_ACTIONS + _DIREKTE_ACTIONS[1:] + ("F",))
            reply = self._reply(header, (kvit(9022, action=repr(action[:4]), allowed=allowed),))
        if _LOG.isEnabledFor(logging.INFO):
            kv, service_out = reply.kvit, reply.primary_service
            ts = service_out.header.ts if service_out and service_out.header else None
            outcome = f"{kv.r} {kv.v or ''}" if kv is not None else "?"
            line = f"{header.r[:24]} a={action[:4]} ts={(ts or '-')[:24]} user={session.userid}"
            _LOG.info("%s: %s", mask_personnumre(line), outcome)
        return reply

    def _reply(
        self,
        header: CprServiceHeader,
        body: tuple[CprData | Kvit, ...],
        *,
        direkte: bool | None = None,
        **attributes: Any,
    ) -> GctpMessage:
        """A reply with the request's header echoed; ``u="V"`` unless the dialogue (or, with
        none, the request) is direct (eks. 17.2 and 17.9 answer without ``u``)."""
        direct = header.u != "V" if direkte is None else direkte
        ts = attributes.pop("ts", header.ts)
        head = echo_header(header, direct=direct, ts=ts, **attributes)
        return service_reply(header.r, (head, *body), env=self.env)

    # -- initier ---------------------------------------------------------------------------------

    def _initier(self, header: CprServiceHeader, session: Session) -> GctpMessage:
        haendelse = header.r
        access = check_access(header, session, self.validator)
        if isinstance(access, Kvit):
            return self._reply(header, (access,), ts=None)
        direkte = access
        given = header_keys(header)
        if not given.get("KOMK", "").strip():
            return self._reply(header, (kvit(3974, field="KOMK"),), ts=None)
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
        pending = self.venteregister.has_pending(keys.pnr)
        codes = AKTIONER_DIREKTE if direkte else AKTIONER_VENT
        # eks. 17.2: "Ved at sende sin klient anmodning endnu en gang, kan man fortsætte"
        if direkte and pending and not self._warned.repeated(session.userid, (haendelse, keys)):
            head = self._head(header, self.timestamps.next(), codes, direkte)
            receipt = kvit(2523, pnr=f"{keys.pnr[:6]}-{keys.pnr[6:]}")
            return service_reply(haendelse, (head, receipt), env=self.env)
        ruleset = self.validator.rulesets[haendelse]
        inputs = [n for n in ruleset.fields if n not in KEYS]
        required = [n for n in inputs if ruleset.fields[n].required]
        myndighed = MYNDIGHED_DIREKTE if direkte else MYNDIGHED_BORGER
        layout = input_layout(
            haendelse, keys, fields=inputs, required=required, myndighed=myndighed[0]
        )
        ts = self.timestamps.next()
        dialogue = Dialogue(ts, session.userid, haendelse, keys, layout, direkte=direkte)
        # data in Vent: shown at initier (I_VENT_MRK, eks. 17.1; directly also Anmrk 2523, eks.
        # 17.2); saved to the venteregister CPR answers it Ok (eks. 17.1), also if it arrives later
        if pending or not direkte:
            dialogue.passed.add(_IN_VENT)
        if not self.dialogues.add(dialogue):
            return self._reply(header, (kvit(9013),), ts=None)
        head = self._head(header, ts, codes, direkte)
        body = (self._stamdata(person, pending), self._inputs(dialogue, {}), KVIT_OK)
        return service_reply(haendelse, (head, *body), env=self.env)

    def _head(self, header: CprServiceHeader, ts: str, codes: _Codes, direkte: bool) -> _Header:
        """The initier answer's header with ``ts`` and Table Aktioner (``codes``)."""
        u = None if direkte else "V"
        return CprServiceHeader(header.r, st="P", a="I", ts=ts, u=u, children=(aktioner(codes),))

    # -- valider and gem -------------------------------------------------------------------------

    def _continue(
        self, service: Service, header: CprServiceHeader, session: Session
    ) -> GctpMessage:
        dialogue = self.dialogues.get(header.ts, session.userid, header.r)
        if dialogue is None:
            return self._lost(header, session)
        action = header.a or ""
        if action not in (_DIREKTE_ACTIONS if dialogue.direkte else _VENT_ACTIONS):
            if action in ("G", "4"):
                what = f"at ajourføre {header.r} direkte i CPR (hændelsen er initieret til Vent)"
                refused = kvit(1035, what=what)
            else:
                allowed = ", ".join(_DIREKTE_ACTIONS if dialogue.direkte else _VENT_ACTIONS)
                refused = kvit(9022, action=repr(action), allowed=f"{allowed} og F")
            return self._reply(header, (refused,), direkte=dialogue.direkte)
        with dialogue.lock:
            return self._validate(service, header, dialogue)

    def _lost(self, header: CprServiceHeader, session: Session) -> GctpMessage:
        """Unknown ``ts``: a gem sent again after its answer was lost gets that answer again."""
        entry = self.venteregister.by_ts(header.ts or "", session.userid)
        gem = header.a in (("G", "4") if entry is not None and entry.direkte else ("3",))
        if gem and entry is not None and entry.haendelse == header.r:
            person = self.register.person(entry.pnr)
            if person is not None:
                return self._reply(header, (afslut(person, entry),), direkte=entry.direkte)
        return self._reply(header, (kvit(9020, ts=(header.ts or "")[:20] or "(ingen)"),))

    def _validate(
        self, service: Service, header: CprServiceHeader, dialogue: Dialogue
    ) -> GctpMessage:
        direct = dialogue.direkte
        # a client may send back what the server filled in (bilag 7 l.560): that is no input
        pairs = sent_pairs(service)
        sent = {n: v for n, v in pairs if dialogue.filled.get(n) != v}
        mismatch = changed_key(key_pairs(header), dialogue.keys)
        if mismatch is not None:
            return self._reply(header, (kvit(9021, key=mismatch),), direkte=direct)
        layout = dialogue.layout
        # every occurrence of a key or a locked field counts (bilag 7 eks. 3, l.556-558)
        changed = changed_key(pairs, dialogue.keys) or changed_locked(pairs, layout.locked)
        if changed is not None:
            return self._reply(header, (kvit(9030, field=changed),), direkte=direct)
        ruleset = self.validator.rulesets[dialogue.haendelse]
        own = set(ruleset.fields) - set(KEYS) - set(layout.locked) - _SERVER_FILLED
        dialogue.values |= {n: v for n, v in sent.items() if n in own}
        # unknown fields go to the rule set (it reports them); CBSK_INDRAPn are the server's
        unknown = {n: v for n, v in sent.items() if n not in own and n not in layout.names}
        unknown = {n: v for n, v in unknown.items() if n not in KEYS}
        person = self.register.person(dialogue.keys.pnr)
        if person is None:  # pragma: no cover - persons are never removed while running
            return self._reply(header, (kvit(1022),), direkte=direct)
        pending = self.venteregister.has_pending(person.pnr)
        report, data, stamdata = self._check(dialogue, person, pending, unknown)
        stamdata_o = self._stamdata(person, pending)
        if report.errors:
            first = report.errors[0]
            receipt = self._fejl(first)
            error = (echo_name(first.fields, data), int(receipt.v or 0)) if first.fields else None
            inputs = self._inputs(dialogue, dialogue.values, error=error)
            return self._reply(header, (stamdata_o, inputs, receipt), direkte=direct)
        formatted = self._formatted(dialogue, report, person)
        warnings = [anmrk_key(f, {**data, **stamdata}) for f in report.warnings]
        anmrk = dialogue.next_anmrk(warnings)
        if anmrk is not None:
            finding = report.warnings[warnings.index(anmrk)]
            receipt = rule_kvit("Anmrk", finding.cpr_anmrk, finding.message)
            if anmrk[0] == _IN_VENT[0]:  # CPR's own text (eks. 17.2, bilag-07 l.1343)
                receipt = kvit(2523, pnr=f"{person.pnr[:6]}-{person.pnr[6:]}")
            inputs = self._inputs(dialogue, formatted, report=report)
            return self._reply(header, (stamdata_o, inputs, receipt), direkte=direct)
        if header.a == "V":
            inputs = self._inputs(dialogue, formatted, report=report)
            return self._reply(header, (stamdata_o, inputs, KVIT_OK), direkte=direct)
        return self._gem(header, dialogue, person, formatted)

    def _check(
        self, dialogue: Dialogue, person: Person, pending: bool, unknown: Mapping[str, str]
    ) -> tuple[Report, dict[str, str], dict[str, Any]]:
        """Run the authoritative rule set on the keys and the input fields sent so far."""
        ruleset = self.validator.rulesets[dialogue.haendelse]
        filled = {k: v for k, v in dialogue.values.items() if v and k in ruleset.fields}
        data = filled | {k: v for k, v in unknown.items() if v} | dialogue.keys.cpr()
        today = self.today()
        beskyt = sorted(in_force(person.beskyttelser, today))
        stamdata = {"STATUS": person.status, "I_VENT_MRK": "X" if pending else "", "BESKYT": beskyt}
        key = (tuple(sorted(data.items())), person.status, pending, tuple(beskyt), today)
        if dialogue.checked is None or dialogue.checked[0] != key:  # same input, same report
            report = self.validator.check(dialogue.haendelse, data, stamdata=stamdata, today=today)
            dialogue.checked = (key, report)
        return dialogue.checked[1], data, stamdata

    def _gem(
        self,
        header: CprServiceHeader,
        dialogue: Dialogue,
        person: Person,
        formatted: dict[str, str],
    ) -> GctpMessage:
        """Save: to the venteregister (eks. 17.8) or, in a direct dialogue, into CPR at once
        (eks. 17.9); answered only after the commit."""
        entry, _ = self.venteregister.gem(
            ts=dialogue.ts,
            haendelse=dialogue.haendelse,
            pnr=dialogue.keys.pnr,
            komk=dialogue.keys.komk,
            hdto=dialogue.keys.hdto.isoformat(),
            userid=dialogue.userid,
            fields={k: v for k, v in formatted.items() if v},
            direkte=record_haendelse if dialogue.direkte else None,
        )
        self.dialogues.drop(dialogue.ts)
        where = "CPR (direkte)" if entry.direkte else "venteregister"
        _LOG.info("%s: VNTS %s saved for %s", where, entry.vnts, mask_pnr(entry.pnr))
        after = self.register.person(entry.pnr) if entry.direkte else person
        receipt = afslut(after or person, entry)
        return self._reply(header, (receipt,), direkte=dialogue.direkte)

    # -- building blocks -------------------------------------------------------------------------

    def _fejl(self, finding: Finding) -> Kvit:
        if not_on_ctmyn(finding, self.translator.tables["myndigheder"]):
            number = FORM_NUMBERS[("KOMK", "ctmyn")]  # 3975, "Myndigheden findes ikke i CPR"
            return rule_kvit("Fejl", (number,), FORM_TEXTS[("KOMK", number)])
        number = fejl_number(finding)
        return rule_kvit("Fejl", (number,) if number else (), fejl_text(finding))

    def _stamdata(self, person: Person, pending: bool) -> CprData:
        return stampnr(person, pending=pending, translator=self.translator, today=self.today())

    def _formatted(self, dialogue: Dialogue, report: Report, person: Person) -> dict[str, str]:
        """The input fields as the rule set validated and normalised them (``5`` → ``005``),
        defaults added, and what the server fills in for the protections (bilag 7 §17)."""
        ruleset = self.validator.rulesets[dialogue.haendelse]
        out = {
            name: cpr_value(report.data[name])
            for name in dialogue.layout.names
            if name in report.data and name in ruleset.fields and name not in KEYS
        }
        out = {k: v for k, v in out.items() if v and k not in dialogue.layout.locked}
        current = in_force(person.beskyttelser, self.today())
        dialogue.filled = fill(out, current, self.today())
        return out | dialogue.filled

    def _inputs(
        self,
        dialogue: Dialogue,
        values: Mapping[str, str],
        *,
        report: Report | None = None,
        error: tuple[str, int] | None = None,
    ) -> CprData:
        myndighed = MYNDIGHED_DIREKTE if dialogue.direkte else MYNDIGHED_BORGER
        return input_answer(
            dialogue.layout, dialogue.keys, values, self.translator,
            myndighed=myndighed, report=report, error=error,
        )  # fmt: skip

    def _afbryd(self, header: CprServiceHeader, session: Session) -> GctpMessage:
        dialogue = self.dialogues.get(header.ts, session.userid, header.r)
        if dialogue is None:
            return self._reply(header, (kvit(9020, ts=(header.ts or "")[:20] or "(ingen)"),))
        self.dialogues.drop(dialogue.ts)
        return self._reply(header, (KVIT_OK,), direkte=dialogue.direkte)


def _digits(value: Any) -> str:
    return cpr_value(value).replace("-", "")
