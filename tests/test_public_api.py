"""The public API: ``__all__`` is exact, every name resolves, and imports stay cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cpr_rules


def test_all_matches_exports() -> None:
    """``__all__`` lists exactly the lazily exported names plus ``__version__``."""
    assert sorted(cpr_rules.__all__) == sorted(["__version__", *cpr_rules._EXPORTS])


def test_every_public_name_resolves() -> None:
    """Every name in ``__all__`` can be fetched from the package."""
    for name in cpr_rules.__all__:
        assert getattr(cpr_rules, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A missing name raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="no_such_name"):
        cpr_rules.no_such_name  # type: ignore[attr-defined]  # noqa: B018


def test_import_is_light() -> None:
    """``import cpr_rules`` loads neither babel, yaml, httpx, pydantic nor the sandbox."""
    code = (
        "import sys, cpr_rules; "
        "print(sorted(m for m in ('babel', 'yaml', 'httpx', 'pydantic', 'cpr_rules.sandbox', "
        "'jsonschema') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_package_ships_py_typed() -> None:
    """The package is marked as typed (PEP 561)."""
    from importlib.resources import files

    assert files("cpr_rules").joinpath("py.typed").is_file()
