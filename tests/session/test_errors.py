"""Logon return codes as typed errors; the error tree; the public API of cpr_rules.session."""

from __future__ import annotations

import inspect
import types

import pytest

import cpr_rules.session as session_api
from cpr_rules import gctp
from cpr_rules.errors import CprError, InputError
from cpr_rules.gctp import LOGON_RETURN_CODES
from cpr_rules.session import (
    LOGON_ERRORS,
    CprSessionError,
    KendeordExpiredError,
    LogonError,
    LogonImplementationError,
    TokenRejectedError,
    TokenUnknownError,
)
from cpr_rules.session.errors import logon_error

from .fake_cpr import FakeCpr, logon_code, session, token_unknown

REFUSALS = sorted(code for code in LOGON_RETURN_CODES if code != gctp.LOGON_OK)


def test_every_refusal_of_bilag_5_has_its_own_error() -> None:
    """901-908 and 999 each map to a distinct LogonError subclass whose CODE is the code."""
    assert sorted(LOGON_ERRORS) == REFUSALS
    assert len(set(LOGON_ERRORS.values())) == len(REFUSALS)
    for code, error in LOGON_ERRORS.items():
        assert issubclass(error, LogonError) and code == error.CODE


@pytest.mark.parametrize("code", REFUSALS)
def test_logon_refusal_raises_the_typed_error_with_cprs_text(code: int) -> None:
    """A logon answered with return code N raises LOGON_ERRORS[N] with CPR's Danish text."""
    text = LOGON_RETURN_CODES[code]
    fake = FakeCpr(logon_code(code, text))
    cpr = session(fake)
    with pytest.raises(LOGON_ERRORS[code]) as raised:
        cpr.logon()
    assert (raised.value.code, raised.value.text) == (code, text)
    assert text in str(raised.value)
    assert not cpr.is_logged_on


def test_the_bilag_5_token_unknown_answer_at_logon() -> None:
    """Bilag 5's own 901 answer (t=' Token kendes ikke', with its blank) gives the stripped text."""
    with pytest.raises(TokenUnknownError) as raised:
        session(FakeCpr(token_unknown())).logon()
    assert raised.value.text == "Token kendes ikke"


def test_blank_text_falls_back_to_the_table() -> None:
    """Without a text from CPR, the error carries the text of bilag 5's table."""
    with pytest.raises(KendeordExpiredError) as raised:
        session(FakeCpr(logon_code(906, ""))).logon()
    assert raised.value.text == "Dit kodeord er udløbet"


def test_unknown_code_is_a_plain_logon_error() -> None:
    """A code outside bilag 5's table is a LogonError, not one of the subclasses."""
    error = logon_error(950, "?")
    assert type(error) is LogonError and error.code == 950


def test_logon_errors_are_gctp_logon_errors_too() -> None:
    """Code catching cpr_rules.gctp.LogonError also catches the session's logon errors."""
    assert issubclass(LogonImplementationError, gctp.LogonError)
    assert issubclass(TokenRejectedError, TokenUnknownError)


def test_error_tree() -> None:
    """Every session error is a CprSessionError (a CprError), except the policy's InputError."""
    for name in session_api.__all__:
        value = getattr(session_api, name)
        if inspect.isclass(value) and issubclass(value, Exception):
            expected = InputError if name == "KendeordPolicyError" else CprSessionError
            assert issubclass(value, expected), name
            assert issubclass(value, (CprError, InputError)), name


def test_all_is_exact_and_sorted() -> None:
    """__all__ names exactly the public names of cpr_rules.session, sorted like gctp's."""
    public = {n for n in vars(session_api) if not n.startswith("_")}
    modules = {n for n in public if isinstance(getattr(session_api, n), types.ModuleType)}
    assert set(session_api.__all__) == public - modules - {"annotations"}
    assert session_api.__all__ == sorted(session_api.__all__, key=lambda n: (not n.isupper(), n))


@pytest.mark.parametrize("name", ["client", "errors", "kendeord", "models"])
def test_module_all_names_exist(name: str) -> None:
    """Each public module's __all__ names only what it defines."""
    module = getattr(session_api, name)
    assert all(hasattr(module, n) for n in module.__all__)


def test_error_tree_in_the_docstring_names_every_error() -> None:
    """The tree drawn in errors.py's docstring lists every error class of the module."""
    from cpr_rules.session import errors

    doc = errors.__doc__ or ""
    for name in errors.__all__:
        if inspect.isclass(getattr(errors, name)):
            assert f" {name} " in doc, name
