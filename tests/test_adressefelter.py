"""ADRESSE3 field domains: normalising what citizens type, and displaying CPR's form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpr_rules.adressefelter import (
    FieldValueError,
    display_etage,
    display_husnr,
    display_sidedoer,
    format_standardadresse,
    husnr_key,
    normalise_bnr,
    normalise_convn,
    normalise_etage,
    normalise_husnr,
    normalise_sidedoer,
)

GOOD = [
    (normalise_husnr, "5", "005"),
    (normalise_husnr, "005", "005"),
    (normalise_husnr, "12b", "012B"),
    (normalise_husnr, "12 B", "012B"),
    (normalise_husnr, " 999Z ", "999Z"),
    (normalise_etage, "3", "03"),
    (normalise_etage, " 3 ", "03"),
    (normalise_etage, "03", "03"),
    (normalise_etage, "99", "99"),
    (normalise_etage, "st", "st"),
    (normalise_etage, "St", "st"),
    (normalise_etage, "kl", "kl"),
    (normalise_etage, "k2", "k2"),
    (normalise_etage, "K3", "k3"),
    (normalise_sidedoer, "tv", "tv"),
    (normalise_sidedoer, "TH", "th"),
    (normalise_sidedoer, "mf", "mf"),
    (normalise_sidedoer, "7", "0007"),
    (normalise_sidedoer, "0012", "0012"),
    (normalise_sidedoer, "a-2", "a-2"),
    (normalise_bnr, "0101", "0101"),
    (normalise_bnr, "b12", "B12"),
    (normalise_convn, "c/o Hansen", "c/o Hansen"),
    (normalise_convn, "C/O Jens Ølgaard", "c/o Jens Ølgaard"),
]

BAD = [
    (normalise_husnr, "0", "husnr.range"),
    (normalise_husnr, "1000", "husnr.format"),
    (normalise_husnr, "12BB", "husnr.format"),
    (normalise_husnr, "B12", "husnr.format"),
    (normalise_husnr, "", "husnr.format"),
    (normalise_etage, "0", "etage.range"),
    (normalise_etage, "100", "etage.range"),
    (normalise_etage, "k4", "etage.format"),
    (normalise_etage, "mz", "etage.format"),
    (normalise_etage, "k1", "etage.format"),
    (normalise_etage, "3.", "etage.format"),
    (normalise_etage, "st.", "etage.format"),
    (normalise_husnr, "1 2", "husnr.format"),
    (normalise_husnr, "\uff15", "husnr.format"),
    (normalise_sidedoer, "00007", "sidedoer.range"),
    (normalise_convn, "c/o  Hansen", "convn.blanks"),
    (normalise_sidedoer, "-323", "sidedoer.format"),
    (normalise_sidedoer, "232-", "sidedoer.format"),
    (normalise_sidedoer, "abcde", "sidedoer.format"),
    (normalise_sidedoer, "0", "sidedoer.range"),
    (normalise_sidedoer, "10000", "sidedoer.range"),
    (normalise_bnr, "", "bnr.format"),
    (normalise_bnr, "12345", "bnr.format"),
    (normalise_convn, "Hansen", "convn.prefix"),
    (normalise_convn, "c/o ", "convn.prefix"),
    (normalise_convn, "c/o " + "x" * 31, "convn.length"),
    (normalise_convn, "c/o Jens  Hansen", "convn.blanks"),
    (normalise_convn, "c/o Jens & Hansen", "convn.characters"),
    (normalise_convn, "c/o -Hansen", "convn.characters"),
]


@pytest.mark.parametrize(("fn", "typed", "stored"), GOOD, ids=lambda v: getattr(v, "__name__", v))
def test_normalises_what_citizens_type(fn: object, typed: str, stored: str) -> None:
    """A value typed the way a citizen types it becomes CPR's stored form."""
    assert fn(typed) == stored  # type: ignore[operator]


@pytest.mark.parametrize(("fn", "typed", "reason"), BAD, ids=lambda v: getattr(v, "__name__", v))
def test_rejects_values_outside_the_domain(fn: object, typed: str, reason: str) -> None:
    """A value outside the ADRESSE3 domain raises with a stable reason key."""
    with pytest.raises(FieldValueError) as info:
        fn(typed)  # type: ignore[operator]
    assert info.value.reason == reason


def test_husnr_ordering() -> None:
    """14 sorts before 14A, which sorts before 15; blank sorts first."""
    assert husnr_key("") < husnr_key("001") < husnr_key("014") < husnr_key("014A")
    assert husnr_key("014A") < husnr_key("014Z") < husnr_key("015")


@given(st.integers(1, 999), st.sampled_from(["", "A", "M", "Z"]))
def test_husnr_round_trip(number: int, letter: str) -> None:
    """normalise(display(x)) == x for every CPR husnr."""
    stored = f"{number:03d}{letter}"
    assert normalise_husnr(display_husnr(stored)) == stored


@pytest.mark.parametrize(
    ("etage", "shown"), [("03", "3."), ("st", "st."), ("kl", "kl."), ("k2", "k2."), ("99", "99.")]
)
def test_display_etage(etage: str, shown: str) -> None:
    """Etage is shown SDFI-style with a full stop."""
    assert display_etage(etage) == shown


def test_display_sidedoer() -> None:
    """Door numbers drop their zero padding; words stay."""
    assert display_sidedoer("0007") == "7"
    assert display_sidedoer("tv") == "tv"


@pytest.mark.parametrize(
    ("parts", "line"),
    [
        (("Vesterbrogade", "005", "03", "tv"), "Vesterbrogade 5, 3. tv"),
        (("Strandvejen", "123A", "st", "tv"), "Strandvejen 123A, st. tv"),
        (("Ahlefeldtsgade", "022", "02", None), "Ahlefeldtsgade 22, 2."),
        (("Vej", None, None, None), "Vej"),
        (("Vej", "001", None, "0004"), "Vej 1, 4"),
    ],
)
def test_standardadresse(parts: tuple[str, ...], line: str) -> None:
    """The one-line standard address follows SDFI's format (cpr servicedesk 2023 change)."""
    assert format_standardadresse(*parts) == line
