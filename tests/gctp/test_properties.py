"""Properties: rendering then parsing any message gives the same message back."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings

from cpr_rules.gctp import (
    CprServiceHeader,
    Field,
    GctpMessage,
    Key,
    Node,
    System,
    parse,
    parse_fragment,
    render,
    render_fragment,
)

from .strategies import messages, nodes, values

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(messages)
def test_parse_render_round_trips(message: GctpMessage) -> None:
    """parse(render(m)) == m for any message, compact or indented, every attribute kept.

    The compact bytes are ISO-8859-1 on one line (bilag 5 §2 and §4.1).
    """
    data = render(message)
    assert parse(data) == message
    assert parse(render(message, pretty=True)) == message
    assert data.decode("iso-8859-1").encode("iso-8859-1") == data
    assert b"\n" not in data and b"\r" not in data


@PROPERTY
@given(nodes)
def test_fragment_round_trips(node: Node) -> None:
    """Any single element survives render_fragment -> parse_fragment."""
    assert parse_fragment(render_fragment(node)) == node


@PROPERTY
@given(values)
def test_value_round_trips_through_a_field(value: str) -> None:
    """A field value with ", >, &, <, tabs, newlines or æøå comes back unchanged."""
    key = Key(children=(Field("X", value, t=value),))
    assert parse_fragment(render_fragment(key)) == key


def _nodes(node: Node) -> Iterator[Node]:
    """Every descendant, depth first, in document order: the definition, recursively."""
    for child in getattr(node, "children", ()) if not isinstance(node, Field) else ():
        yield child
        yield from _nodes(child)


@PROPERTY
@given(messages)
def test_look_ups_follow_document_order(message: GctpMessage) -> None:
    """iter_nodes/iter_fields are depth first in document order; header, primary_service and
    error_fields are what their definitions say, for any message."""
    assert list(message.iter_nodes()) == list(_nodes(message))
    assert list(message.iter_fields()) == [n for n in _nodes(message) if isinstance(n, Field)]
    services = [s for c in message.children if isinstance(c, System) for s in c.children]
    primary = [s for s in services if s.header is not None and s.header.st == "P"]
    assert message.primary_service == (primary or services or [None])[0]
    for service in services:
        headers = [h for h in service.children if isinstance(h, CprServiceHeader)]
        own = [h for h in headers if h.r == service.r]
        assert service.header == (own or headers or [None])[0]
        marked = [f for f in _nodes(service) if isinstance(f, Field) and f.e not in (None, "", "0")]
        assert list(service.error_fields) == marked
