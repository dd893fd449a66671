"""Every XML example of bilag 5, 7 and 8 is a test vector (``vectors/index.yaml``).

Responses parse and their accessors give what the bilag says; requests are produced by the
builders (or the model) equal to the bilag modulo whitespace and attribute order; every vector
survives parse -> render -> parse; the bilag's syntax illustrations that are not GCTP are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpr_rules.gctp import errors, logon, model, requests
from cpr_rules.gctp.model import Field, GctpMessage, Kvit, Node, Table
from cpr_rules.gctp.parsing import parse, parse_fragment
from cpr_rules.gctp.rendering import render, render_fragment

from .canonical import assert_same_xml
from .vectors import extract

VECTORS = Path(__file__).parent / "vectors"
INDEX: list[dict[str, Any]] = yaml.safe_load((VECTORS / "index.yaml").read_text("utf-8"))["vectors"]


def _select(*directions: str, parses: bool | None = None) -> list[Any]:
    """pytest params for the vectors with one of ``directions``, id'd by file name."""
    chosen = [v for v in INDEX if v["direction"] in directions]
    if parses is not None:
        chosen = [v for v in chosen if ("error" not in v.get("expect", {})) == parses]
    return [pytest.param(v, id=v["file"].removesuffix(".xml")) for v in chosen]


def _read(vector: dict[str, Any]) -> Node:
    """Parse a vector as a document or a fragment, as its ``kind`` says."""
    data = (VECTORS / vector["file"]).read_bytes()
    return parse(data) if vector["kind"] == "document" else parse_fragment(data)


def _write(vector: dict[str, Any], node: Node) -> bytes:
    """Render a node as a document or a fragment, as the vector's ``kind`` says."""
    if vector["kind"] == "document":
        assert isinstance(node, GctpMessage)
        return render(node)
    return render_fragment(node)


# ------------------------------------------------------------------ building requests


def build(spec: dict[str, Any]) -> Node:
    """The node an index ``build`` entry describes (builder call or model constructor)."""
    if "model" in spec:
        children = tuple(build(child) for child in spec.get("children", []))
        cls: Callable[..., Node] = getattr(model, spec["model"])
        return cls(**spec.get("args", {}), **({"children": children} if children else {}))
    if spec["builder"] == "combine":
        parts = [build(part) for part in spec["of"]]
        assert all(isinstance(p, GctpMessage) for p in parts)
        return requests.combine(*parts)  # type: ignore[arg-type]
    builder: Callable[..., Node] = getattr(requests, spec["builder"])
    return builder(**spec["args"])


# ------------------------------------------------------------------ checking responses


def _kvit(node: Node) -> Kvit | None:
    """The receipt a vector's accessors answer with."""
    return node if isinstance(node, Kvit) else getattr(node, "kvit", None)


def _fields(node: Node, name: str) -> tuple[Field, ...]:
    """Every field ``name`` in a node (the node itself if it is that field)."""
    if isinstance(node, Field):
        return (node,) if node.r == name else ()
    return node.fields(name)


def _header(node: Node) -> Any:
    """The primary service's header (or the node, if it is a header)."""
    if isinstance(node, model.CprServiceHeader):
        return node
    assert isinstance(node, GctpMessage) and node.primary_service is not None
    return node.primary_service.header


def check_kvit(node: Node, expected: dict[str, Any] | None) -> None:
    """Kvit attributes, and its ``kind`` and ``number`` accessors."""
    kvit = _kvit(node)
    if expected is None:
        assert kvit is None
        return
    assert kvit is not None
    for name, value in expected.items():
        actual = getattr(kvit, name)
        assert (actual.value if isinstance(actual, model.KvitType) else actual) == value, name


def check_fields(node: Node, expected: dict[str, dict[str, str]]) -> None:
    """The first field of each name has the attributes the bilag shows."""
    for name, attributes in expected.items():
        found = _fields(node, name)
        assert found, f"no field {name}"
        assert {a: getattr(found[0], a) for a in attributes} == attributes, name


def check_any_field(node: Node, expected: dict[str, dict[str, str]]) -> None:
    """Some field of each name has the attributes (e.g. a translated REL in the 2nd row)."""
    for name, attributes in expected.items():
        found = [{a: getattr(f, a) for a in attributes} for f in _fields(node, name)]
        assert attributes in found, name


def check_locked(node: Node, expected: list[str]) -> None:
    """``a="L"``: each listed field is locked."""
    assert all(_fields(node, name)[0].is_locked for name in expected)


def check_mandatory(node: Node, expected: list[str]) -> None:
    """``a="S"``: each listed field must be filled."""
    assert all(_fields(node, name)[0].is_mandatory for name in expected)


def check_table_values(node: Node, expected: dict[str, list[str]]) -> None:
    """A column's values over the data rows of every table in the node."""
    tables = [node] if isinstance(node, Table) else []
    assert not isinstance(node, Field)
    tables += [n for n in node.iter_nodes() if isinstance(n, Table)]
    for name, values in expected.items():
        assert [v for t in tables for v in t.values(name)] == values, name


def check_node(node: Node, expected: str) -> None:
    """The vector's element is of the expected model class."""
    assert type(node).__name__ == expected


def check_attributes(node: Node, expected: dict[str, Any]) -> None:
    """Attributes of the vector's element itself."""
    assert {name: getattr(node, name) for name in expected} == expected


def check_extra(node: Node, expected: dict[str, str]) -> None:
    """Unknown attributes are kept."""
    assert dict(node.extra) == expected


def check_message(name: str) -> Callable[[Node, Any], None]:
    """A check of one ``GctpMessage`` attribute (``version`` is ``v``)."""

    def check(node: Node, expected: Any) -> None:
        assert isinstance(node, GctpMessage)
        assert getattr(node, name) == expected

    return check


def check_services(node: Node, expected: list[str]) -> None:
    """The services of the message, by name."""
    assert isinstance(node, GctpMessage)
    assert [s.r for s in node.services] == expected


def check_service_kvits(node: Node, expected: dict[str, str]) -> None:
    """Each service's own receipt type."""
    assert isinstance(node, GctpMessage)
    kinds = {s.r: s.kvit.r for s in node.services if s.kvit is not None}
    assert kinds == expected


def check_header(node: Node, expected: dict[str, str]) -> None:
    """The primary header's attributes."""
    check_attributes(_header(node), expected)


def check_secondary(node: Node, expected: list[str]) -> None:
    """The secondary hændelser offered after initiation (bilag 7 §11)."""
    assert isinstance(node, GctpMessage) and node.primary_service is not None
    assert [h.r for h in node.primary_service.headers[1:]] == expected
    assert all(h.st == "S" and h.ts == "" for h in node.primary_service.headers[1:])


def check_actions(node: Node, expected: list[str]) -> None:
    """The action codes of the ``Aktioner`` table; every one is a known ``Action``."""
    actions = _header(node).actions
    assert list(actions) == expected
    assert all(code in requests.ACTIONS for code in actions)


def check_kvit_messages(node: Node, expected: list[str]) -> None:
    """The receipt's texts, FEJLTXT rows included."""
    kvit = _kvit(node)
    assert kvit is not None and list(kvit.messages) == expected


def check_kvit_field(node: Node, expected: dict[str, str]) -> None:
    """The field the receipt is about."""
    assert isinstance(node, GctpMessage)
    found = node.kvit_field
    assert found is not None
    assert {name: getattr(found, name) for name in expected} == expected


def check_error_fields(node: Node, expected: list[str]) -> None:
    """The fields marked with ``e``."""
    assert isinstance(node, GctpMessage) and node.primary_service is not None
    assert [f.r for f in node.primary_service.error_fields] == expected


def check_restart_key(node: Node, expected: str) -> None:
    """The key of the table's REST row."""
    assert isinstance(node, Table) and node.restart_key == expected


def check_rows(node: Node, expected: int) -> None:
    """The number of data rows (model and REST rows excluded)."""
    assert isinstance(node, Table) and len(node.rows) == expected


def check_logon(node: Node, expected: dict[str, Any]) -> None:
    """The logon result of a ``Sik`` response."""
    assert isinstance(node, GctpMessage)
    result = logon.logon_result(node)
    actual = {"code": result.code, "ok": result.is_ok, "text": result.text}
    assert actual | {"description": result.description} == expected


CHECKS: dict[str, Callable[[Node, Any], None]] = {
    "node": check_node,
    "attributes": check_attributes,
    "extra": check_extra,
    "version": check_message("v"),
    "env": check_message("env"),
    "services": check_services,
    "service_kvits": check_service_kvits,
    "header": check_header,
    "secondary": check_secondary,
    "actions": check_actions,
    "kvit": check_kvit,
    "kvit_messages": check_kvit_messages,
    "kvit_field": check_kvit_field,
    "error_fields": check_error_fields,
    "fields": check_fields,
    "any_field": check_any_field,
    "locked": check_locked,
    "mandatory": check_mandatory,
    "table_values": check_table_values,
    "restart_key": check_restart_key,
    "rows": check_rows,
    "logon": check_logon,
}
"""``expect`` keyword of index.yaml -> the check that runs it."""


# ------------------------------------------------------------------ the tests


def test_index_lists_every_vector_file() -> None:
    """Each .xml file in vectors/ is in index.yaml, and each index entry has its file."""
    on_disk = {p.name for p in VECTORS.glob("*.xml")}
    assert on_disk == {v["file"] for v in INDEX}


def test_index_entries_are_complete() -> None:
    """Requests say how to build them; responses and illustrations say what to expect."""
    for vector in INDEX:
        assert vector["kind"] in ("document", "fragment")
        key = "build" if vector["direction"] == "request" else "expect"
        assert key in vector, vector["file"]
        assert set(vector.get("expect", {})) <= set(CHECKS) | {"error", "match"}


@pytest.mark.skipif(not extract.DEFAULT_SOURCE.is_dir(), reason="bilag text not available")
def test_vectors_are_fresh(capsys: pytest.CaptureFixture[str]) -> None:
    """The files are exactly what extract.py writes from the bilag text and index.yaml."""
    assert extract.main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("vector", _select("response", "illustration", parses=True))
def test_response_gives_what_the_bilag_says(vector: dict[str, Any]) -> None:
    """A documented response parses, and each accessor gives the value in the bilag text."""
    node = _read(vector)
    for name, expected in vector["expect"].items():
        CHECKS[name](node, expected)


@pytest.mark.parametrize("vector", _select("request"))
def test_request_is_built_as_documented(vector: dict[str, Any]) -> None:
    """The builders (or the model) produce the documented request, modulo blanks and order."""
    built = build(vector["build"])
    assert_same_xml(_write(vector, built), (VECTORS / vector["file"]).read_bytes())
    assert _read(vector) == built


@pytest.mark.parametrize("vector", _select("request", "response", "illustration", parses=True))
def test_vector_round_trips(vector: dict[str, Any]) -> None:
    """parse -> render gives the same XML, and parsing that gives the same model."""
    data = (VECTORS / vector["file"]).read_bytes()
    node = _read(vector)
    again = _write(vector, node)
    assert_same_xml(again, data)
    reread = parse(again) if vector["kind"] == "document" else parse_fragment(again)
    assert reread == node


@pytest.mark.parametrize("vector", _select("illustration", parses=False))
def test_illustration_that_is_not_gctp_is_refused(vector: dict[str, Any]) -> None:
    """Bilag 8's syntax illustrations that are not GCTP raise the documented error."""
    expected = getattr(errors, vector["expect"]["error"])
    with pytest.raises(expected, match=vector["expect"]["match"]):
        _read(vector)


def test_vector_counts() -> None:
    """Every bilag contributes; the counts in docs/gctp.md are the index's."""
    counts = {(v["source"]["bilag"], v["direction"]) for v in INDEX}
    assert {bilag for bilag, _ in counts} == {5, 7, 8}
    assert len(INDEX) == 52


def test_render_is_one_line_like_cpr_clients() -> None:
    """Bilag 5 §4.1: CPR clients write the XML string as one line without CRLF."""
    built = build(next(v for v in INDEX if v["direction"] == "request")["build"])
    assert isinstance(built, GctpMessage)
    assert b"\n" not in render(built) and b"\r" not in render(built)
