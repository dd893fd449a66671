"""Fuzz: any YAML text is loaded or refused with a typed, positioned error, by the loader and
by the linter, in bounded time and memory."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from strategies import yaml_texts

from cpr_rules.errors import RuleSetError
from cpr_rules.lint.runner import lint_paths
from cpr_rules.rules._yaml import load_yaml

from ._bounds import FUZZ, bounded


def _write(text: str, folder: str) -> Path:
    path = Path(folder) / "FLYTB-I.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@FUZZ
@given(yaml_texts())
def test_loader(text: str) -> None:
    """load_yaml: a value, or a RuleSetError with a line (when the text has any)."""
    with tempfile.TemporaryDirectory() as folder:
        path = _write(text, folder)
        outcome = bounded(lambda: load_yaml(path))
    if isinstance(outcome, RuleSetError):
        assert outcome.file and str(outcome)
    else:
        _, positions = outcome
        assert positions.file


@FUZZ
@given(yaml_texts())
def test_linter(text: str) -> None:
    """cpr-rules lint's engine: diagnostics (with positions), never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = _write(text, folder)
        outcome = bounded(lambda: lint_paths([path]))
    assert isinstance(outcome, list), outcome
