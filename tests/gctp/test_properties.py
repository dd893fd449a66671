"""Properties: rendering then parsing any message gives the same message back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from cpr_rules.gctp import (
    Field,
    GctpMessage,
    Key,
    Node,
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
