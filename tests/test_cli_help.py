"""Every ``cpr-rules`` command's ``--help`` describes it and each option, states the exit codes
and shows an example; ``--version`` prints the version."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cpr_rules
from cpr_rules.cli import COMMANDS, build_parser, main
from cpr_rules.cli._help import _wrapped


def _commands(parser: argparse.ArgumentParser, name: str) -> Iterator[tuple[str, Any]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, child in action.choices.items():
                yield from _commands(child, f"{name} {sub}")


ALL = list(_commands(build_parser(), "cpr-rules"))


def test_every_command_is_covered() -> None:
    """The walk finds every registered command (and the nested ones)."""
    names = {n.split()[1] for n, _ in ALL if len(n.split()) > 1}
    assert names == set(COMMANDS)
    assert {"cpr-rules tables import", "cpr-rules sandbox kommune reject"} <= {n for n, _ in ALL}


@pytest.mark.parametrize(("name", "parser"), ALL, ids=[n for n, _ in ALL])
def test_help_describes_options_exit_codes_and_an_example(
    name: str, parser: argparse.ArgumentParser
) -> None:
    """A description, a help text for every argument (--format too), exit codes, an example."""
    assert parser.description, name
    undocumented = [a.dest for a in parser._actions if not a.help or a.help == argparse.SUPPRESS]
    assert undocumented == []
    text = parser.format_help()
    assert "exit codes" in text and "\n  0  " in text and "\n  2  " in text
    assert "examples:\n  cpr-rules" in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """``cpr-rules --version`` prints the package version and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"cpr-rules {cpr_rules.__version__}\n"


@given(st.integers(0, 99), st.text(alphabet="ab \t\n-.,\xa0", max_size=120))
def test_exit_code_lines_are_textwraps(code: int, text: str) -> None:
    """An exit code's line is ``textwrap.fill``'s, also where it skips textwrap (one line)."""
    expected = textwrap.fill(text, 78, initial_indent=f"  {code}  ", subsequent_indent="     ")
    assert _wrapped(code, text) == expected
