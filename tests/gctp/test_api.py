"""The public API: ``__all__`` is exact, the error tree holds, every docstring example runs."""

from __future__ import annotations

import doctest
import importlib
import inspect
import types
from pathlib import Path

import pytest

import cpr_rules.gctp as gctp
from cpr_rules.errors import CprError, InputError

MODULES = ["__init__", "charset", "errors", "logon", "model", "parsing", "rendering", "requests"]


def _module(name: str) -> types.ModuleType:
    """``cpr_rules.gctp`` or one of its modules."""
    return gctp if name == "__init__" else importlib.import_module(f"cpr_rules.gctp.{name}")


def test_all_is_exact() -> None:
    """Every name in __all__ exists; every public non-module name is in __all__."""
    public = {n for n in vars(gctp) if not n.startswith("_")}
    modules = {n for n in public if isinstance(getattr(gctp, n), types.ModuleType)}
    assert set(gctp.__all__) == public - modules - {"annotations"}
    assert gctp.__all__ == sorted(gctp.__all__, key=lambda n: (not n.isupper(), n))


@pytest.mark.parametrize("name", MODULES[1:])
def test_module_all_names_exist(name: str) -> None:
    """Each module's __all__ names only what it defines."""
    module = _module(name)
    assert all(hasattr(module, n) for n in module.__all__)


def test_error_tree() -> None:
    """Parse errors are CPR errors; encoding and request errors are input errors."""
    for name in gctp.__all__:
        value = getattr(gctp, name)
        if inspect.isclass(value) and issubclass(value, Exception):
            expected = InputError if name in {"GctpEncodingError", "GctpRequestError"} else CprError
            assert issubclass(value, expected), name


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    """Every example in a docstring of the package is executed (STYLE.md principle 5)."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(_module(name), optionflags=flags, raise_on_error=False)
    assert result.failed == 0


def test_docs_page_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples in docs/gctp.md run (they read a vector relative to the repository)."""
    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(
        str(root / "docs" / "gctp.md"), module_relative=False, optionflags=flags
    )
    assert result.attempted > 5 and result.failed == 0
