"""Klarskrift: CPR codes translated to text (Bilag 9, note 8: "alle koder f.eks. kommunekode og
vejkode oversættes til klarskrift").

>>> t = Translator()
>>> t.address("0101", "8204", "005", etage="03", sidedoer="tv").line
'Vesterbrogade 5, 3. tv, 1620 København V'
>>> t.kommune("0101").text
'København'
>>> t.status("90", lang="en").text
'Inactive, deceased'

An unknown code is never an exception: the :class:`Klarskrift` has ``text=None`` and a
:class:`~cpr_rules.tables.Miss` that names the table and the date, which :meth:`Klarskrift.explain`
renders for a locale.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from cpr_rules._english import ENGLISH
from cpr_rules._frozen import Frozen, setfield
from cpr_rules.adressefelter import (
    display_etage,
    display_husnr,
    display_sidedoer,
    format_standardadresse,
)
from cpr_rules.locale import check_lang, format_date
from cpr_rules.personnummer import mask_text
from cpr_rules.tables import (
    CodeTable,
    CodeTables,
    Found,
    LookupResult,
    Miss,
    MissReason,
    load_tables,
)

__all__ = ["AddressKlarskrift", "Klarskrift", "Translator"]

_EXPLAIN = {
    "da": {
        MissReason.UNKNOWN: "{key} findes ikke i {table}{as_of}",
        MissReason.STALE: "{key} findes ikke i {table}{as_of}; tabellen er fra {produced}, "
        "så CPR kan kende koden",
        MissReason.ENDED: "{key} i {table} ophørte {valid_to}",
        MissReason.NOT_YET: "{key} i {table} gælder først fra {valid_from}",
    },
    "en": {
        MissReason.UNKNOWN: "{key} is not in {table}{as_of}",
        MissReason.STALE: "{key} is not in {table}{as_of}; the table dates from {produced}, "
        "so CPR may know the code",
        MissReason.ENDED: "{key} in {table} ended on {valid_to}",
        MissReason.NOT_YET: "{key} in {table} is only valid from {valid_from}",
    },
}
_AS_OF = {"da": " pr. {as_of}", "en": " as of {as_of}"}


class Klarskrift(Frozen):
    """The text of one code, or the reason there is none."""

    __slots__ = _fields = ("table", "code", "text", "miss")
    table: str
    code: tuple[str, ...]
    text: str | None
    miss: Miss | None

    def __init__(
        self, table: str, code: tuple[str, ...], text: str | None, miss: Miss | None = None
    ) -> None:
        setfield(self, "table", table)
        setfield(self, "code", code)
        setfield(self, "text", text)
        setfield(self, "miss", miss)

    @property
    def ok(self) -> bool:
        """True if the code was found."""
        return self.text is not None

    def explain(self, lang: str = "da") -> str:
        """The text, or a sentence naming the table, the code and the date."""
        if self.miss is None:
            return self.text or ""
        return explain_miss(self.miss, lang)


def explain_miss(miss: Miss, lang: str = "da") -> str:
    """One sentence in ``lang`` naming the table, the key and the date of a miss."""
    lang = check_lang(lang)

    def day(value: dt.date | None) -> str:
        return format_date(value, lang) if value else ""

    text = _EXPLAIN[lang][miss.reason].format(
        key=" ".join(miss.key) + (f" husnr {display_husnr(miss.husnr)}" if miss.husnr else ""),
        table=miss.table,
        produced=day(miss.produced),
        valid_to=day(miss.valid_to),
        valid_from=day(miss.valid_from),
        as_of=_AS_OF[lang].format(as_of=day(miss.as_of)) if miss.as_of else "",
    )
    return mask_text(text)  # a code is what a caller gave: never a personnummer in full


class AddressKlarskrift(Frozen):
    """Every part of a Danish address in klarskrift, plus CPR's one-line form."""

    __slots__ = _fields = (
        "kommunekode",
        "vejkode",
        "husnr",
        "etage",
        "sidedoer",
        "bnr",
        "kommunenavn",
        "vejadresseringsnavn",
        "postnr",
        "postdistrikt",
        "bynavn",
        "lokalitet",
        "standardadresse",
        "line",
        "misses",
    )
    kommunekode: str
    vejkode: str
    husnr: str | None
    etage: str | None
    sidedoer: str | None
    bnr: str | None
    kommunenavn: str | None
    vejadresseringsnavn: str | None
    postnr: str | None
    postdistrikt: str | None
    bynavn: str | None
    lokalitet: str | None
    standardadresse: str | None
    line: str | None
    misses: tuple[Miss, ...]

    def __init__(
        self,
        kommunekode: str,
        vejkode: str,
        husnr: str | None = None,
        etage: str | None = None,
        sidedoer: str | None = None,
        bnr: str | None = None,
        kommunenavn: str | None = None,
        vejadresseringsnavn: str | None = None,
        postnr: str | None = None,
        postdistrikt: str | None = None,
        bynavn: str | None = None,
        lokalitet: str | None = None,
        standardadresse: str | None = None,
        line: str | None = None,
        misses: tuple[Miss, ...] = (),
    ) -> None:
        values = [kommunekode, vejkode, husnr, etage, sidedoer, bnr, kommunenavn]
        values += [vejadresseringsnavn, postnr, postdistrikt, bynavn, lokalitet]
        for name, value in zip(self._fields, [*values, standardadresse, line, misses], strict=True):
            setfield(self, name, value)

    @property
    def ok(self) -> bool:
        """True if kommune, vej and postdistrikt were all found."""
        return self.line is not None and not any(
            m.table in {"kommuner", "vejstykker", "postdistrikter"} for m in self.misses
        )

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """Every part, for JSON; unknown parts are explained in ``lang``."""
        parts: dict[str, Any] = {
            n: _masked(getattr(self, n)) for n in self._fields if n != "misses"
        }
        parts["problems"] = [explain_miss(m, lang) for m in self.misses]
        return parts


def _masked(value: str | None) -> str | None:
    return mask_text(value) if value else value


def _line(standard: str, bynavn: str | None, postdistrikt: str | None) -> str:
    """CPR's one-line address: standard address, supplerende bynavn, postnr and district."""
    if bynavn:
        standard = f"{standard}, {bynavn}"
    return f"{standard}, {postdistrikt}" if postdistrikt else standard


class Translator:
    """Codes to klarskrift, over one set of code tables (default: the shipped ones)."""

    def __init__(self, tables: CodeTables | None = None) -> None:
        self.tables = tables if tables is not None else load_tables()

    def _text(
        self, result: LookupResult, table: str, key: tuple[str, ...], lang: str
    ) -> Klarskrift:
        if isinstance(result, Found):
            english = ENGLISH.get(table, {}).get(key[0]) if lang == "en" else None
            return Klarskrift(table, key, english or result.text)
        return Klarskrift(table, key, None, result)

    def code(
        self, table: str, *key: str, as_of: dt.date | None = None, lang: str = "da"
    ) -> Klarskrift:
        """The klarskrift of ``key`` in any table (``code("landekoder", "5180")``)."""
        result = self.tables[table].lookup(*key, as_of=as_of)
        return self._text(result, table, key, check_lang(lang))

    def kommune(self, kommunekode: str, *, as_of: dt.date | None = None) -> Klarskrift:
        """Kommunenavn (``0101`` → ``København``), as of a date."""
        return self.code("kommuner", kommunekode, as_of=as_of)

    def vej(self, kommunekode: str, vejkode: str, *, as_of: dt.date | None = None) -> Klarskrift:
        """Vejadresseringsnavn of a vejkode within a kommune."""
        return self.code("vejstykker", kommunekode, vejkode, as_of=as_of)

    def postdistrikt(
        self, kommunekode: str, vejkode: str, husnr: str, *, as_of: dt.date | None = None
    ) -> Klarskrift:
        """``postnr postdistrikt`` of the husnr interval holding ``husnr`` (CPR form ``005``)."""
        key = (kommunekode, vejkode)
        result = self.tables["postdistrikter"].lookup(*key, husnr=husnr, as_of=as_of)
        return self._text(result, "postdistrikter", key, "da")

    def bynavn(
        self, kommunekode: str, vejkode: str, husnr: str, *, as_of: dt.date | None = None
    ) -> Klarskrift:
        """Supplerende bynavn of the husnr interval holding ``husnr``, if any."""
        key = (kommunekode, vejkode)
        result = self.tables["bynavne"].lookup(*key, husnr=husnr, as_of=as_of)
        return self._text(result, "bynavne", key, "da")

    def lokalitet(
        self, kommunekode: str, vejkode: str, husnr: str, etage: str = "", sidedoer: str = ""
    ) -> Klarskrift:
        """Lokalitet of an address (blank etage/sidedør in the table match any)."""
        key = (kommunekode, vejkode)
        match = {"husnr": husnr, "etage": etage, "sidedoer": sidedoer}
        return self._text(
            self.tables["lokaliteter"].lookup(*key, match=match), "lokaliteter", key, "da"
        )

    def land(self, landekode: str, *, as_of: dt.date | None = None) -> Klarskrift:
        """Landenavn of a CPR landekode (``5180`` → ``Tyskland``)."""
        return self.code("landekoder", landekode, as_of=as_of)

    def status(self, statuskode: str, *, lang: str = "da") -> Klarskrift:
        """Text of a CPR status (``90`` → ``Inaktiv, død``)."""
        return self.code("statuskoder", statuskode, lang=lang)

    def civilstand(self, civilstandskode: str, *, lang: str = "da") -> Klarskrift:
        """Text of a civilstand (``G`` → ``Gift``)."""
        return self.code("civilstande", civilstandskode, lang=lang)

    def beskyttelse(self, beskyttelsestype: str, *, lang: str = "da") -> Klarskrift:
        """Text of a beskyttelsestype (``00001`` → ``Navne- og adressebeskyttelse``)."""
        return self.code("beskyttelsestyper", beskyttelsestype, lang=lang)

    def myndighed(self, myndighedskode: str, *, as_of: dt.date | None = None) -> Klarskrift:
        """Name of a CPR myndighed (``0041`` → ``Borger``)."""
        return self.code("myndigheder", myndighedskode, as_of=as_of)

    @cached_property
    def _address_tables(self) -> tuple[CodeTable, CodeTable, CodeTable]:
        """vejstykker, bynavne, postdistrikter (looked up once, not per address)."""
        return self.tables["vejstykker"], self.tables["bynavne"], self.tables["postdistrikter"]

    def address_line(
        self,
        kommunekode: str,
        vejkode: str,
        husnr: str | None = None,
        *,
        etage: str | None = None,
        sidedoer: str | None = None,
        bnr: str | None = None,
        as_of: dt.date | None = None,
    ) -> str | None:
        """Just ``address(...).line``: CPR's one-line form, without the other parts."""
        vejstykker, bynavne, postdistrikter = self._address_tables
        vej = vejstykker.lookup(kommunekode, vejkode, as_of=as_of)
        if vej.__class__ is not Found:
            return None
        standard = format_standardadresse(vej.text, husnr, etage, sidedoer, bnr)
        if not husnr:
            return standard
        by = bynavne.lookup(kommunekode, vejkode, husnr=husnr, as_of=as_of)
        post = postdistrikter.lookup(kommunekode, vejkode, husnr=husnr, as_of=as_of)
        return _line(
            standard,
            by.text if isinstance(by, Found) else None,
            post.text if isinstance(post, Found) else None,
        )

    def address(
        self,
        kommunekode: str,
        vejkode: str,
        husnr: str | None = None,
        *,
        etage: str | None = None,
        sidedoer: str | None = None,
        bnr: str | None = None,
        as_of: dt.date | None = None,
    ) -> AddressKlarskrift:
        """Every part of an address and CPR's one-line standard form.

        Values are in CPR's stored form (``normalise_*`` in :mod:`cpr_rules.adressefelter`).
        """
        kommune = self.kommune(kommunekode, as_of=as_of)
        vej = self.vej(kommunekode, vejkode, as_of=as_of)
        post_row: LookupResult | None = None
        post = by = lok = None
        if husnr:
            key = (kommunekode, vejkode)
            post_row = self.tables["postdistrikter"].lookup(*key, husnr=husnr, as_of=as_of)
            post = self._text(post_row, "postdistrikter", key, "da")
            by = self.bynavn(kommunekode, vejkode, husnr, as_of=as_of)
            lok = self.lokalitet(kommunekode, vejkode, husnr, etage or "", sidedoer or "")
        misses = tuple(k.miss for k in (kommune, vej, post) if k is not None and k.miss is not None)
        standard = line = None
        if vej.text is not None:
            standard = format_standardadresse(vej.text, husnr, etage, sidedoer, bnr)
            line = _line(standard, by.text if by else None, post.text if post else None)
        found = post_row if isinstance(post_row, Found) else None
        return AddressKlarskrift(
            kommunekode=kommunekode,
            vejkode=vejkode,
            husnr=display_husnr(husnr) if husnr else None,
            etage=display_etage(etage) if etage else None,
            sidedoer=display_sidedoer(sidedoer) if sidedoer else None,
            bnr=bnr,
            kommunenavn=kommune.text,
            vejadresseringsnavn=vej.text,
            postnr=found["postnr"] if found else None,
            postdistrikt=found["postdistrikt"] if found else None,
            bynavn=by.text if by else None,
            lokalitet=lok.text if lok else None,
            standardadresse=standard,
            line=line,
            misses=misses,
        )
