"""Hypothesis strategies for GCTP messages, all in one module (STYLE.md, "Tests").

Values are any text CPR can carry: ISO-8859-1 without the control characters XML 1.0 forbids,
with ``"``, ``>``, ``&`` and ``<`` made likely so the escaping and the doubling of bilag 8 §1.4
are exercised.
"""

from __future__ import annotations

from hypothesis import strategies as st

from cpr_rules.gctp.model import (
    CprData,
    CprServiceHeader,
    Field,
    GctpMessage,
    Key,
    Kvit,
    Node,
    Praes,
    Rolle,
    Row,
    Service,
    Sik,
    System,
    Table,
)

__all__ = ["fields", "messages", "nodes", "values"]

_LATIN1 = st.characters(min_codepoint=0x20, max_codepoint=0xFF)
_SPECIAL = st.sampled_from(['"', ">", "&", "<", "\t", "\n", "\r", "æ", "ø", "å", "Æ", "Ø", "Å"])

values = st.text(alphabet=_LATIN1 | _SPECIAL, max_size=12)
"""A value CPR can carry."""

_optional = st.none() | values
_names = st.from_regex(r"[A-Z][A-Z0-9_]{0,8}(-I)?", fullmatch=True)


def _extra(cls: type[Node]) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    """Unknown attributes: new lower-case names, each once."""
    names = st.from_regex(r"[a-z][a-z0-9]{0,3}", fullmatch=True).filter(
        lambda name: name not in cls.ATTRIBUTES
    )
    pairs = st.lists(st.tuples(names, values), max_size=2, unique_by=lambda pair: pair[0])
    return pairs.map(tuple)


def _few(strategy: st.SearchStrategy[Node]) -> st.SearchStrategy[tuple[Node, ...]]:
    """A short tuple of children."""
    return st.lists(strategy, max_size=2).map(tuple)


fields = st.builds(
    Field,
    r=_names,
    v=_optional,
    a=st.none() | st.sampled_from(["L", "S"]) | values,
    t=_optional,
    ts=_optional,
    tm=_optional,
    tl=_optional,
    e=st.none() | st.sampled_from(["0", "1", "2017"]),
    extra=_extra(Field),
    short=st.booleans(),
)
"""Any ``Field``."""

rows = st.builds(
    Row,
    u=st.none() | st.sampled_from(["C", "U", "D", "M", "REST"]),
    k=_optional,
    children=_few(fields),
    extra=_extra(Row),
)
tables = st.builds(
    Table,
    r=_optional,
    aia=_optional,
    min=_optional,
    max=_optional,
    children=_few(rows),
    extra=_extra(Table),
)
praes = st.builds(Praes, r=_names, children=_few(fields | tables), extra=_extra(Praes))
roller = st.builds(Rolle, r=_names, children=_few(fields | tables | praes), extra=_extra(Rolle))
cpr_data = st.builds(
    CprData, u=st.sampled_from(["O", "I"]), children=_few(roller), extra=_extra(CprData)
)
kvits = st.builds(
    Kvit,
    r=st.sampled_from(["Ok", "Anmrk", "Fejl", "System", "Afslut", "Dump", "returKode"]),
    t=_optional,
    v=_optional,
    children=_few(tables | fields),
    extra=_extra(Kvit),
)
keys = st.builds(Key, children=_few(fields), extra=_extra(Key))
headers = st.builds(
    CprServiceHeader,
    r=_names,
    st=_optional,
    a=_optional,
    mk=_optional,
    ts=_optional,
    pt=_optional,
    u=_optional,
    children=_few(keys | tables),
    extra=_extra(CprServiceHeader),
)
services = st.builds(
    Service, r=_names, children=_few(headers | cpr_data | kvits), extra=_extra(Service)
)
systems = st.builds(System, r=_names, children=_few(services), extra=_extra(System))
siks = st.builds(
    Sik,
    function=_optional,
    userid=_optional,
    password=_optional,
    newpass1=_optional,
    ui=_optional,
    pw=_optional,
    npw=_optional,
    children=st.lists(kvits, max_size=1).map(tuple),
    extra=_extra(Sik),
)

messages = st.builds(
    GctpMessage,
    v=st.sampled_from([None, "1.0"]),
    env=_optional,
    children=_few(systems | siks),
    extra=_extra(GctpMessage),
)
"""Any ``GctpMessage``: the whole tree of bilag 8 with every attribute optional or random."""

nodes = st.one_of(
    fields, rows, tables, keys, praes, roller, cpr_data, kvits, headers, services, systems, siks
)
"""Any element other than ``Gctp``, for fragments."""
