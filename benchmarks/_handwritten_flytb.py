"""FLYTB-I validated by hand: the rules of ``rulesets/FLYTB-I.yaml`` written out in Python.

This is the baseline the generated-source engine is measured against: straight-line code a
developer would write from the rule file, using the same building blocks as the engine
(:func:`cpr_rules.personnummer.parse`, the ``normalise_*`` functions of
:mod:`cpr_rules.adressefelter`, the code tables' ``lookup`` and the :class:`Translator` for
klarskrift) and producing the same :class:`~cpr_rules.rules.report.Report`. It never touches
the rule compiler or its generated code; messages and source positions are read from the loaded
rule set once, when the validator is made.

Field states are kept as in the engine: a field is *valid* (in ``values``), *blank*, or in
``unsure`` with 2 = invalid (a type finding), 3 = missing (partial mode, not sent yet) or
4 = stamdata not given yet. A rule is decided only when none of its inputs is unsure; otherwise
it is undecided (reason by priority stamdata > missing > invalid), unless its ``when`` is already
false on the inputs that are known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cpr_rules import adressefelter as af
from cpr_rules import personnummer
from cpr_rules._paths import rulesets_dir
from cpr_rules.adressefelter import FieldValueError
from cpr_rules.errors import (
    ECprError,
    ErstatningspersonnummerError,
    PersonnummerDateError,
    PersonnummerError,
)
from cpr_rules.locale import check_lang
from cpr_rules.rules.loader import RuleSet, load_ruleset
from cpr_rules.rules.messages import CodeText, FieldTitle
from cpr_rules.rules.report import Finding, Report, Template, Undecided
from cpr_rules.rules.type_messages import default_type_messages
from cpr_rules.tables import CodeTables, MissReason, load_tables
from cpr_rules.translator import Translator

__all__ = ["HandwrittenFlytb"]

HAENDELSE = "FLYTB-I"
VALID_FROM = dt.date(2008, 1, 2)  # valid: {from: 2008-01-02}, open end
DAYS_28 = dt.timedelta(days=28)
DAYS_5 = dt.timedelta(days=5)
DAYS_0 = dt.timedelta(days=0)
ACTIVE_STATUS = frozenset({"01", "03", "05", "07"})
ACTIVE_STATUS_LIST = ["01", "03", "05", "07"]
HUSNR_OR_BNR = ["CADR_HUSNR", "CADR_BNR"]
SLET_2_4 = ["CBSK_VALG2", "CBSK_VALG4"]
NOT_GIVEN = 4  # the state of stamdata before initier
REASONS = {2: "invalid", 3: "missing", 4: "stamdata"}
STALE = MissReason.STALE


# -- field types, as CPR's value domains ---------------------------------------------------------
def _text(raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    raise FieldValueError("value.type", f"expected text, got {type(raw).__name__}")


def _pnr(raw: Any) -> personnummer.Personnummer:
    try:
        return personnummer.parse(_text(raw))
    except ErstatningspersonnummerError as exc:
        raise FieldValueError("personnummer.erstatning", str(exc)) from None
    except ECprError as exc:
        raise FieldValueError("personnummer.ecpr", str(exc)) from None
    except PersonnummerDateError as exc:
        raise FieldValueError("personnummer.date", str(exc)) from None
    except PersonnummerError as exc:
        raise FieldValueError("personnummer.format", str(exc)) from None


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw).strip()
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldValueError("date.calendar", "not a calendar date") from None
    raise FieldValueError("date.format", "a date is YYYY-MM-DD or YYYYMMDD")


def _digits(text: str, digits: int) -> str:
    text = text.strip()
    if not text.isdigit() or not text.isascii():
        raise FieldValueError("code.format", "a code has digits only")
    if len(text) > digits:
        raise FieldValueError("code.length", f"a code has at most {digits} digits")
    return text.zfill(digits)


def _code4(raw: Any) -> str:
    return _digits(_text(raw), 4)


def _code2(raw: Any) -> str:
    return _digits(_text(raw), 2)


def _beskyttelser(raw: Any) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else _text(raw).replace(",", " ").split()
    return tuple(sorted({_digits(_text(item), 5) for item in items}))


def _years(raw: Any) -> int:
    text = _text(raw).strip()
    if not text.isdigit() or not text.isascii() or len(text) > 18:
        raise FieldValueError("integer.format", "a whole number is expected")
    value = int(text)
    if value < 1:
        raise FieldValueError("integer.min", "the number is out of range")
    return value


def _choice(raw: Any, values: tuple[str, ...]) -> str:
    text = _text(raw).strip().upper()
    for value in values:
        if text == value:
            return value
    raise FieldValueError("choice.value", "not one of the allowed values")


def _opret_slet(raw: Any) -> str:
    return _choice(raw, ("X", "S"))


def _x(raw: Any) -> str:
    return _choice(raw, ("X",))


def _star(raw: Any) -> str:
    return _choice(raw, ("*",))


def _husnr(raw: Any) -> str:
    return af.normalise_husnr(_text(raw))


def _etage(raw: Any) -> str:
    return af.normalise_etage(_text(raw))


def _sidedoer(raw: Any) -> str:
    return af.normalise_sidedoer(_text(raw))


def _bnr(raw: Any) -> str:
    return af.normalise_bnr(_text(raw))


def _convn(raw: Any) -> str:
    return af.normalise_convn(_text(raw))


# The input fields in the rule set's order (keys, fields, the address block): name, type,
# required, CPR fejl of its type/required finding, the reason of a type finding when the value
# breaks the normaliser in another way (a ValueError), and the field's options, which fill the
# type messages' placeholders ({digits}, {min}, {values}).
_XS = {"values": ["X", "S"]}
_YEARS = {"min": 1}
_FOUR = {"digits": 4}
_NONE: dict[str, Any] = {}
FIELDS: tuple[tuple[str, Any, bool, tuple[int, ...], str, dict[str, Any]], ...] = (
    ("PNR", _pnr, True, (52,), "personnummer.format", _NONE),
    ("HDTO", _date, True, (), "date.format", _NONE),
    ("KOMK", _code4, True, (724, 725, 3974), "code.format", _FOUR),
    ("CBSK_VALG1", _opret_slet, False, (), "value.type", _XS),
    ("CBSK_VALG2", _opret_slet, False, (), "value.type", _XS),
    ("CBSK_VALG3", _opret_slet, False, (), "value.type", _XS),
    ("CBSK_VALG4", _opret_slet, False, (), "value.type", _XS),
    ("CBSK_ANTALAAR1", _years, False, (), "integer.format", _YEARS),
    ("CBSK_ANTALAAR2", _years, False, (), "integer.format", _YEARS),
    ("CBSK_ANTALAAR3", _years, False, (), "integer.format", _YEARS),
    ("CBSK_ANTALAAR4", _years, False, (), "integer.format", _YEARS),
    ("CBSK_STARTDATO1", _date, False, (), "date.format", _NONE),
    ("CBSK_STARTDATO2", _date, False, (), "date.format", _NONE),
    ("CBSK_STARTDATO3", _date, False, (), "date.format", _NONE),
    ("CBSK_STARTDATO4", _date, False, (), "date.format", _NONE),
    ("CBSK_SLETDATO1", _date, False, (), "date.format", _NONE),
    ("CBSK_SLETDATO2", _date, False, (), "date.format", _NONE),
    ("CBSK_SLETDATO3", _date, False, (), "date.format", _NONE),
    ("CBSK_SLETDATO4", _date, False, (), "date.format", _NONE),
    ("CADR_VEJKOD", _code4, True, (), "code.format", _FOUR),
    ("CADR_HUSNR", _husnr, False, (), "husnr.format", _NONE),
    ("CADR_ETAGE", _etage, False, (), "etage.format", _NONE),
    ("CADR_SIDEDOER", _sidedoer, False, (), "sidedoer.format", _NONE),
    ("CADR_BNR", _bnr, False, (), "bnr.format", _NONE),
    ("CADR_CONVN", _convn, False, (), "value.type", _NONE),
    ("CADR_STARTDATOUSM", _star, False, (), "value.type", {"values": ["*"]}),
)
KNOWN_FIELDS = frozenset(name for name, *_ in FIELDS)
STAMDATA = (("STATUS", _code2), ("I_VENT_MRK", _x), ("BESKYT", _beskyttelser))


def _blank(raw: Any) -> bool:
    return raw is None or raw == "" or raw == [] or (isinstance(raw, str) and not raw.strip())


def _undecided(unsure: dict[str, int], names: tuple[str, ...]) -> str | None:
    """Why a rule over ``names`` cannot be decided (invalid > stamdata > missing), or None."""
    states = {unsure[name] for name in names if name in unsure}
    for state in (2, 4, 3):
        if state in states:
            return REASONS[state]
    return None


class HandwrittenFlytb:
    """FLYTB-I, hand-written; ``check`` returns the same report as the engine's."""

    def __init__(self, tables: CodeTables | None = None, ruleset: RuleSet | None = None) -> None:
        self.tables = tables if tables is not None else load_tables()
        self.translator = Translator(self.tables)
        rs = ruleset or load_ruleset(rulesets_dir() / "FLYTB-I.yaml", self.tables)
        self.version = rs.version
        self.file = rs.file
        self.kommuner = self.tables["kommuner"]
        self.vejstykker = self.tables["vejstykker"]
        self.postdistrikter = self.tables["postdistrikter"]
        self.produced = self.tables.production_dates()
        self.field_source = {name: rs.field_sources.get(name, rs.file) for name in KNOWN_FIELDS}
        specs = {**rs.fields, **rs.stamdata}
        self.titles = {
            name: FieldTitle(
                name,
                spec.title.da if spec.title else name,
                spec.title.en if spec.title else name,
            )
            for name, spec in specs.items()
        }
        texts = {**default_type_messages(), **rs.type_messages}
        self.type_templates = {reason: Template(t.da, t.en) for reason, t in texts.items()}
        self.required = self.type_templates["required"]
        self.unknown = Template(
            "{field} er ikke et felt i {haendelse}", "{field} is not a field of {haendelse}"
        )
        self.not_valid = Template(
            "Regelsættet {version} for {haendelse} gælder ikke pr. {as_of}",
            "Rule set {version} for {haendelse} does not apply as of {as_of}",
        )
        self.not_object = Template(
            "Indberetningen skal være et JSON-objekt med felter, ikke {kind}",
            "The submission must be a JSON object of fields, not {kind}",
        )
        # rule id -> (severity, source, template, cpr fejl, cpr anmrk), and the stale variants
        self.rules: dict[str, tuple[str, str, Template, tuple[int, ...], tuple[int, ...]]] = {}
        self.stale: dict[str, tuple[str, str, Template, tuple[int, ...], tuple[int, ...]]] = {}
        for rule in rs.rules:
            spec = rule.spec
            cpr = spec.cpr
            fejl, anmrk = (tuple(cpr.fejl), tuple(cpr.anmrk)) if cpr else ((), ())
            message = Template(spec.message.da, spec.message.en)
            self.rules[spec.id] = (spec.severity, rule.source, message, fejl, anmrk)
            stale = spec.check.exists.stale if spec.check.exists else None
            if stale is not None:
                text = Template(stale.message.da, stale.message.en)
                self.stale[spec.id] = (stale.severity, rule.source, text, (), ())

    def check(
        self,
        data: Any,
        *,
        stamdata: Any = None,
        today: dt.date | None = None,
        partial: bool = False,
        lang: str = "da",
    ) -> Report:
        """Every finding about one FLYTB-I submission."""
        lang = check_lang(lang)
        today = today or dt.date.today()
        translator = self.translator
        if not isinstance(data, dict):
            kind = "null" if data is None else type(data).__name__
            finding = Finding(
                "input.not-object",
                (),
                "error",
                {"kind": kind},
                self.file,
                self.not_object,
                lang=lang,
            )
            return self._report((finding,), (), {}, {}, today, None, partial, lang)

        findings: list[Finding] = []
        undecided: list[Undecided] = []
        values: dict[str, Any] = {}  # the valid fields, in the rule set's order: report.data
        unsure: dict[str, int] = {}  # 2 invalid, 3 missing, 4 stamdata not given
        for name, normalise, required, fejl, fallback, options in FIELDS:
            raw = data.get(name)
            if _blank(raw):
                if partial and name not in data:
                    unsure[name] = 3
                elif required:
                    findings.append(
                        Finding(
                            f"{name}.required",
                            (name,),
                            "error",
                            {"field": self.titles[name]},
                            self.field_source[name],
                            self.required,
                            fejl,
                            (),
                            lang,
                            translator,
                        )
                    )
                elif name == "CBSK_ANTALAAR1" and values.get("CBSK_VALG1") == "X":
                    values[name] = 1  # "Anføre man intet antal år sættes ... til 1 år"
                continue
            try:
                values[name] = normalise(raw)
            except ValueError as exc:  # a FieldValueError, or odd input ('²') in a normaliser
                unsure[name] = 2
                reason = getattr(exc, "reason", fallback)
                value = personnummer.mask(raw) if name == "PNR" else raw  # never a full number
                findings.append(
                    Finding(
                        f"{name}.type",
                        (name,),
                        "error",
                        {"field": self.titles[name], "reason": reason, "value": value, **options},
                        self.field_source[name],
                        self.type_templates.get(reason, self.type_templates["value.type"]),
                        fejl,
                        (),
                        lang,
                        translator,
                    )
                )

        # stamdata: CPR's own data; an odd value leaves its rules undecided, it is no finding
        stam: dict[str, Any] = {}
        if not isinstance(stamdata, dict):
            unsure["STATUS"] = unsure["I_VENT_MRK"] = unsure["BESKYT"] = NOT_GIVEN
        else:
            for name, normalise in STAMDATA:
                raw = stamdata.get(name)
                if not _blank(raw):
                    try:
                        stam[name] = normalise(raw)
                    except ValueError:
                        unsure[name] = 2
                elif name == "STATUS":  # required: CPR always sends it; absent = not known
                    unsure[name] = NOT_GIVEN

        for key in data:
            if key not in KNOWN_FIELDS:
                name = str(key)[:64]
                findings.append(
                    Finding(
                        "input.unknown-field",
                        (name,),
                        "error",
                        {"field": name, "haendelse": HAENDELSE},
                        self.file,
                        self.unknown,
                        (),
                        (),
                        lang,
                        translator,
                    )
                )

        hdto = values.get("HDTO")
        as_of = hdto if hdto is not None else today
        if as_of < VALID_FROM:
            findings.append(
                Finding(
                    "ruleset.not-valid",
                    ("HDTO",) if hdto is not None else (),
                    "error",
                    {"as_of": as_of, "haendelse": HAENDELSE, "version": self.version},
                    self.file,
                    self.not_valid,
                    (),
                    (),
                    lang,
                    translator,
                )
            )

        def fail(rule: str, fields: tuple[str, ...], params: dict[str, Any]) -> None:
            severity, source, template, fejl, anmrk = self.rules[rule]
            findings.append(
                Finding(
                    rule, fields, severity, params, source, template, fejl, anmrk, lang, translator
                )
            )

        def stale(rule: str, fields: tuple[str, ...], params: dict[str, Any]) -> None:
            severity, source, template, fejl, anmrk = self.stale[rule]
            findings.append(
                Finding(
                    rule, fields, severity, params, source, template, fejl, anmrk, lang, translator
                )
            )

        def open_(rule: str, fields: tuple[str, ...], reason: Any) -> None:
            undecided.append(Undecided(rule, fields, reason))

        pnr = values.get("PNR")
        komk = values.get("KOMK")
        valg1 = values.get("CBSK_VALG1")
        valg2 = values.get("CBSK_VALG2")
        valg3 = values.get("CBSK_VALG3")
        valg4 = values.get("CBSK_VALG4")
        aar1 = values.get("CBSK_ANTALAAR1")
        vejkode = values.get("CADR_VEJKOD")
        husnr = values.get("CADR_HUSNR")
        bnr = values.get("CADR_BNR")
        status = stam.get("STATUS")
        beskyt = stam.get("BESKYT")

        # pnr-modulus11 (warning): CPR issues valid numbers without modulus 11
        fields: tuple[str, ...] = ("PNR",)
        reason = _undecided(unsure, fields)
        if reason:
            open_("pnr-modulus11", fields, reason)
        elif pnr is not None and not pnr.is_modulus11_valid:
            fail("pnr-modulus11", ("PNR",), {"field": self.titles["PNR"], "value": pnr})

        # komk-findes: a kommune as of HDTO (stale table: a warning)
        fields = ("KOMK", "HDTO")
        reason = _undecided(unsure, fields)
        if reason:
            open_("komk-findes", fields, reason)
        elif komk is not None:
            found = self.kommuner.lookup(komk, as_of=hdto or today)
            if not found:
                params = {
                    "table": "kommuner",
                    "code": (komk,),
                    "as_of": hdto or today,
                    "produced": found.produced,
                    "field": self.titles["KOMK"],
                    "value": komk,
                    "text": CodeText("kommuner", komk),
                }
                if found.reason is STALE:
                    stale("komk-findes", ("KOMK",), params)
                else:
                    fail("komk-findes", ("KOMK",), params)

        # hdto-tidligst-28-dage-foer and hdto-frist-5-dage (warning)
        fields = ("HDTO",)
        reason = _undecided(unsure, fields)
        if reason:
            open_("hdto-tidligst-28-dage-foer", fields, reason)
        elif hdto is not None and hdto > today + DAYS_28:
            fail(
                "hdto-tidligst-28-dage-foer",
                fields,
                {
                    "field": self.titles["HDTO"],
                    "value": hdto,
                    "latest": today + DAYS_28,
                    "earliest": hdto - DAYS_28,
                    "days": 28,
                },
            )
        if reason:
            open_("hdto-frist-5-dage", fields, reason)
        elif hdto is not None and hdto < today - DAYS_5:
            fail(
                "hdto-frist-5-dage",
                fields,
                {
                    "field": self.titles["HDTO"],
                    "value": hdto,
                    "earliest": today - DAYS_5,
                    "deadline": hdto + DAYS_5,
                    "days": 5,
                },
            )

        # status-aktiv: 01, 03, 05 or 07
        fields = ("STATUS",)
        reason = _undecided(unsure, fields)
        if reason:
            open_("status-aktiv", fields, reason)
        elif status is not None and status not in ACTIVE_STATUS:
            fail(
                "status-aktiv",
                fields,
                {
                    "field": self.titles["STATUS"],
                    "value": status,
                    "text": CodeText("statuskoder", status),
                    "allowed": ACTIVE_STATUS_LIST,
                },
            )

        # data-i-vent (warning)
        fields = ("I_VENT_MRK",)
        reason = _undecided(unsure, fields)
        if reason:
            open_("data-i-vent", fields, reason)
        elif "I_VENT_MRK" in stam:
            fail(
                "data-i-vent",
                fields,
                {"field": self.titles["I_VENT_MRK"], "value": stam["I_VENT_MRK"]},
            )

        # antal-aar-kun-adressebeskyttelse: no years for slots 2-4
        fields = ("CBSK_ANTALAAR2", "CBSK_ANTALAAR3", "CBSK_ANTALAAR4")
        reason = _undecided(unsure, fields)
        if reason:
            open_("antal-aar-kun-adressebeskyttelse", fields, reason)
        else:
            for name in fields:
                if name in values:
                    fail(
                        "antal-aar-kun-adressebeskyttelse",
                        (name,),
                        {"field": self.titles[name], "value": values[name]},
                    )

        # antal-aar-kraever-oprettelse: years only when CBSK_VALG1 is X
        fields = ("CBSK_ANTALAAR1", "CBSK_VALG1")
        reason = _undecided(unsure, fields)
        if reason:
            if "CBSK_VALG1" in unsure or valg1 != "X":  # else the `when` is false already
                open_("antal-aar-kraever-oprettelse", fields, reason)
        elif valg1 != "X" and aar1 is not None:
            fail(
                "antal-aar-kraever-oprettelse",
                ("CBSK_ANTALAAR1",),
                {"field": self.titles["CBSK_ANTALAAR1"], "value": aar1},
            )

        # adressebeskyttelse-over-et-aar (warning), when CBSK_VALG1 is X
        fields = ("CBSK_ANTALAAR1", "CBSK_VALG1")
        reason = _undecided(unsure, fields)
        if reason:
            if "CBSK_VALG1" in unsure or valg1 == "X":  # else the `when` is false already
                open_("adressebeskyttelse-over-et-aar", fields, reason)
        elif valg1 == "X" and aar1 is not None and aar1 != 1:
            fail(
                "adressebeskyttelse-over-et-aar",
                ("CBSK_ANTALAAR1",),
                {"field": self.titles["CBSK_ANTALAAR1"], "value": aar1, "min": 1, "max": 1},
            )

        # adressebeskyttelse-ikke-bagud
        fields = ("CBSK_STARTDATO1",)
        reason = _undecided(unsure, fields)
        start = values.get("CBSK_STARTDATO1")
        if reason:
            open_("adressebeskyttelse-ikke-bagud", fields, reason)
        elif start is not None and start < today:
            fail(
                "adressebeskyttelse-ikke-bagud",
                fields,
                {
                    "field": self.titles["CBSK_STARTDATO1"],
                    "value": start,
                    "earliest": today - DAYS_0,
                    "deadline": start + DAYS_0,
                    "days": 0,
                },
            )

        # slet-vejviser-forsker-med-adressebeskyttelse
        fields = ("CBSK_VALG2", "CBSK_VALG4", "BESKYT", "CBSK_VALG1")
        reason = _undecided(unsure, fields)
        has_1 = beskyt is not None and "00001" in beskyt
        if reason:
            # undecided unless each alternative of `when_any` is false on what is known
            common = ("BESKYT" not in unsure and not has_1) or (
                "CBSK_VALG1" not in unsure and valg1 == "S"
            )
            alt2 = "CBSK_VALG2" not in unsure and valg2 != "S"
            alt4 = "CBSK_VALG4" not in unsure and valg4 != "S"
            if not (common or (alt2 and alt4)):
                open_("slet-vejviser-forsker-med-adressebeskyttelse", fields, reason)
        elif has_1 and valg1 != "S":
            deleted = tuple(
                name for name, valg in zip(SLET_2_4, (valg2, valg4), strict=True) if valg == "S"
            )
            if deleted:  # the finding names the fields being deleted
                fail(
                    "slet-vejviser-forsker-med-adressebeskyttelse",
                    deleted,
                    {"fields": [self.titles[n] for n in deleted]},
                )

        # slet-kun-eksisterende-beskyttelse
        fields = ("CBSK_VALG1", "CBSK_VALG2", "CBSK_VALG3", "CBSK_VALG4", "BESKYT")
        reason = _undecided(unsure, fields)
        slots = (
            (valg1, "CBSK_VALG1", "00001"),
            (valg2, "CBSK_VALG2", "00002"),
            (valg3, "CBSK_VALG3", "00003"),
            (valg4, "CBSK_VALG4", "00004"),
        )
        if reason:
            known_beskyt = "BESKYT" not in unsure and beskyt is not None
            if not all(
                (name not in unsure and valg != "S") or (known_beskyt and code in beskyt)
                for valg, name, code in slots
            ):
                open_("slet-kun-eksisterende-beskyttelse", fields, reason)
        else:
            missing = tuple(
                name
                for valg, name, code in slots
                if valg == "S" and (beskyt is None or code not in beskyt)
            )
            if missing:  # the finding names the protections that do not exist
                fail(
                    "slet-kun-eksisterende-beskyttelse",
                    missing,
                    {"fields": [self.titles[n] for n in missing]},
                )

        # vejkode-findes (stale table: a warning); husnr-har-postdistrikt requires it
        vej_ok = True
        fields = ("CADR_VEJKOD", "KOMK", "HDTO")
        reason = _undecided(unsure, fields)
        if reason:
            open_("vejkode-findes", fields, reason)
            vej_ok = False
        elif komk is not None and vejkode is not None:
            found = self.vejstykker.lookup(komk, vejkode, as_of=hdto or today)
            if not found:
                vej_ok = False
                params = {
                    "table": "vejstykker",
                    "code": (komk, vejkode),
                    "as_of": hdto or today,
                    "produced": found.produced,
                    "field": self.titles["CADR_VEJKOD"],
                    "value": vejkode,
                }
                if found.reason is STALE:
                    stale("vejkode-findes", ("CADR_VEJKOD",), params)
                else:
                    fail("vejkode-findes", ("CADR_VEJKOD",), params)

        # vejkode-ikke-hoej: 9900-9999 are administrative; husnr-har-postdistrikt requires it
        hoej_ok = True
        fields = ("CADR_VEJKOD",)
        reason = _undecided(unsure, fields)
        if reason:
            open_("vejkode-ikke-hoej", fields, reason)
            hoej_ok = False
        elif vejkode is not None and 9900 <= int(vejkode) <= 9999:
            hoej_ok = False
            fail(
                "vejkode-ikke-hoej",
                fields,
                {"field": self.titles["CADR_VEJKOD"], "value": vejkode, "min": 9900, "max": 9999},
            )

        # husnr-eller-bnr: not both; husnr-eller-bnr-udfyldt: one of them
        fields = ("CADR_HUSNR", "CADR_BNR")
        reason = _undecided(unsure, fields)
        if reason:
            open_("husnr-eller-bnr", fields, reason)
        elif husnr is not None and bnr is not None:
            fail("husnr-eller-bnr", fields, {"fields": [self.titles[n] for n in HUSNR_OR_BNR]})
        if reason:
            if husnr is None and bnr is None:  # else the `when` (both blank) is false already
                open_("husnr-eller-bnr-udfyldt", fields, reason)
        elif husnr is None and bnr is None:
            fail(
                "husnr-eller-bnr-udfyldt",
                fields,
                {"fields": [self.titles[n] for n in HUSNR_OR_BNR]},
            )

        # husnr-har-postdistrikt (stale table: a warning)
        fields = ("CADR_HUSNR", "KOMK", "CADR_VEJKOD", "HDTO")
        reason = _undecided(unsure, fields)
        if not (vej_ok and hoej_ok):
            open_("husnr-har-postdistrikt", fields, "blocked")
        elif reason:
            open_("husnr-har-postdistrikt", fields, reason)
        elif komk is not None and vejkode is not None and husnr is not None:
            found = self.postdistrikter.lookup(komk, vejkode, as_of=hdto or today, husnr=husnr)
            if not found:
                params = {
                    "table": "postdistrikter",
                    "code": (komk, vejkode),
                    "as_of": hdto or today,
                    "produced": found.produced,
                    "field": self.titles["CADR_HUSNR"],
                    "value": husnr,
                }
                if found.reason is STALE:
                    stale("husnr-har-postdistrikt", ("CADR_HUSNR",), params)
                else:
                    fail("husnr-har-postdistrikt", ("CADR_HUSNR",), params)

        # klarskrift of the codes and of the address, as of HDTO
        klarskrift: dict[str, str | None] = {}
        if komk is not None:
            klarskrift["KOMK"] = translator.code("kommuner", komk, as_of=hdto).text
            if vejkode is not None:
                klarskrift["CADR_VEJKOD"] = translator.code(
                    "vejstykker", komk, vejkode, as_of=hdto
                ).text
                klarskrift["adresse"] = translator.address(
                    komk,
                    vejkode,
                    husnr,
                    etage=values.get("CADR_ETAGE"),
                    sidedoer=values.get("CADR_SIDEDOER"),
                    bnr=bnr,
                    as_of=hdto,
                ).line
        return self._report(
            tuple(findings), tuple(undecided), values, klarskrift, today, hdto, partial, lang
        )

    def _report(
        self,
        findings: tuple[Finding, ...],
        undecided: tuple[Undecided, ...],
        data: dict[str, Any],
        klarskrift: dict[str, str | None],
        today: dt.date,
        as_of: dt.date | None,
        partial: bool,
        lang: str,
    ) -> Report:
        return Report(
            haendelse=HAENDELSE,
            ruleset_version=self.version,
            findings=findings,
            undecided=undecided,
            data=data,
            klarskrift=klarskrift,
            tables=dict(self.produced),
            today=today,
            as_of=as_of,
            partial=partial,
            lang=lang,
        )
