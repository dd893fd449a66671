"""The request builders: actions of bilag 7/8, argument checks, secondary hændelser."""

from __future__ import annotations

import pytest

from cpr_rules.gctp import (
    ACTIONS,
    Action,
    GctpRequestError,
    afbryd,
    combine,
    gem,
    initier,
    parse,
    render,
    request,
    valider,
)

KEYS = {"PNR": "0202802729", "HDTO": "20020228", "KOMK": "0101"}
TS = "20020201084141568870"
PT = "20060116082143429386"


def test_every_action_has_a_meaning_with_a_source() -> None:
    """The action table covers every code of bilag 8 §4.3 and bilag 7, each with its bilag."""
    assert {a.value for a in ACTIONS} == {"I", "V", "G", "F", "1", "2", "3", "4", "5", "7"}
    assert set(ACTIONS) == set(Action)
    assert all("bilag" in meaning for meaning in ACTIONS.values())


@pytest.mark.parametrize(
    ("vent", "action", "u"), [(True, "3", "V"), (False, "G", None)], ids=["vent", "direkte"]
)
def test_gem_saves_to_venteregister_or_directly(vent: bool, action: str, u: str | None) -> None:
    """gem: action 3 with u="V" to the venteregister, G directly (bilag 7 eks. 17.3, 17.4)."""
    header = gem("FLYTB-I", KEYS, {"CADR_VEJKOD": "1010"}, ts=TS, mk="0041", vent=vent)
    assert header.primary_service is not None and header.primary_service.header is not None
    assert (header.primary_service.header.a, header.primary_service.header.u) == (action, u)


def test_each_builder_sends_its_action() -> None:
    """initier I, valider V, afbryd F (bilag 7 §5-10)."""
    sent = [
        initier("FLYTB-I", KEYS, mk="0041"),
        valider("FLYTB-I", KEYS, {"CADR_HUSNR": "005"}, ts=TS, mk="0041"),
        afbryd("FLYTB-I", KEYS, ts=TS, mk="0041"),
    ]
    actions = [m.primary_service.header.a for m in sent]  # type: ignore[union-attr]
    assert actions == ["I", "V", "F"]


def test_afbryd_carries_the_timestamp_and_no_input() -> None:
    """Bilag 7 §10: action F is sent together with the communication timestamp."""
    message = afbryd("FLYTB-I", KEYS, ts=TS, mk="0041")
    service = message.primary_service
    assert service is not None and service.header is not None
    assert service.header.ts == TS and service.data("I") is None


def test_pt_makes_a_secondary_hændelse() -> None:
    """With the primary's ts in pt the header says st="S" (bilag 7 §12)."""
    message = initier("BESOPL-I", {"PNR": "0202802753"}, mk="0201", pt=PT, vent=False)
    header = message.primary_service.header  # type: ignore[union-attr]
    assert header is not None and (header.st, header.pt) == ("S", PT)


def test_combine_puts_the_primary_first() -> None:
    """Bilag 7 §6: when saving, the primary hændelse must come first in the GCTP input."""
    primary = gem("FLYT-I", KEYS, {"CADR_VEJKOD": "2010"}, ts=PT, mk="0201", vent=False)
    secondary = gem("BESOPL-I", KEYS, {"CBSK_VALG1": "X"}, ts=TS, mk="0201", pt=PT, vent=False)
    combined = combine(secondary, primary)
    assert [s.r for s in combined.services] == ["FLYT-I", "BESOPL-I"]
    assert parse(render(combined)) == combined


def test_combine_needs_a_service() -> None:
    """Combining nothing is a caller error."""
    with pytest.raises(GctpRequestError):
        combine()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ts": "2002"}, "20-digit timestamp"),
        ({"pt": "x" * 20}, "20-digit timestamp"),
        ({"mk": "41"}, "4-digit myndighedskode"),
        ({"haendelse": "flytb i"}, "CPR service name"),
        ({"keys": {"pnr number": "1"}}, "field reference"),
        ({"action": "X"}, "not one of"),
    ],
)
def test_bad_arguments_are_typed_input_errors(kwargs: dict[str, object], message: str) -> None:
    """Each malformed argument is named in a GctpRequestError (an InputError)."""
    arguments: dict[str, object] = {
        "haendelse": "FLYTB-I", "action": Action.VALIDER, "keys": KEYS, "mk": "0041", "ts": TS,
    }  # fmt: skip
    with pytest.raises(GctpRequestError, match=message):
        request(**(arguments | kwargs))  # type: ignore[arg-type]


def test_no_fields_means_no_cprdata() -> None:
    """Without input fields the request has no CprData block."""
    message = valider("FLYTB-I", KEYS, {}, ts=TS, mk="0041")
    assert message.primary_service is not None and message.primary_service.data("I") is None
