"""The sandbox's modules: docstring examples run, log records are masked, sizes stay small."""

from __future__ import annotations

import doctest
import importlib
import logging
import pkgutil
from pathlib import Path

import pytest

import cpr_rules.sandbox
from cpr_rules.sandbox.server import MaskingFilter

MODULES = sorted(
    m.name for m in pkgutil.iter_modules(cpr_rules.sandbox.__path__, "cpr_rules.sandbox.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    """Every ``>>>`` example in a sandbox module gives the output it shows."""
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_modules_are_small(name: str) -> None:
    """STYLE.md: modules stay under ~400 lines."""
    path = Path(importlib.import_module(name).__file__ or "")
    assert len(path.read_text(encoding="utf-8").splitlines()) < 400


def test_masking_filter_masks_message_args_and_traceback() -> None:
    """Arguments and exception text are rendered, then every personnummer is masked."""
    try:
        raise ValueError("person 0101429059 not found")
    except ValueError as exc:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "pnr %s and %s", ("0202802729", "020280-2729"),
            (type(exc), exc, exc.__traceback__),
        )  # fmt: skip
    assert MaskingFilter().filter(record)
    assert record.getMessage() == "pnr 020280-**** and 020280-****"
    assert record.exc_text is not None and "010142-****" in record.exc_text
    assert "0101429059" not in record.exc_text


DOC = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"


def test_doc_lists_every_receipt_number() -> None:
    """docs/sandbox.md has a row for each number in KVITTERINGER, with its Kvit type."""
    from cpr_rules.sandbox.kvitteringer import KVITTERINGER

    text = DOC.read_text(encoding="utf-8")
    for number, receipt in KVITTERINGER.items():
        assert f"| {number} | {receipt.kind} |" in text


def test_doc_names_the_demo_users() -> None:
    """The demo users of docs/sandbox.md are the ones the server has."""
    from cpr_rules.sandbox.users import DEMO_USERS

    text = DOC.read_text(encoding="utf-8")
    for userid, kendeord, gruppe in DEMO_USERS:
        assert f"| `{userid}` | `{kendeord}` | `{gruppe}` |" in text
