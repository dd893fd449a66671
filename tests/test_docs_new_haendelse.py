"""docs/new-haendelse.md runs as written: its files are written, its edits made and its
commands run in an empty folder, and each command prints exactly what the page shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from cpr_rules.cli import main

PAGE = Path(__file__).resolve().parents[1] / "docs" / "new-haendelse.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
DIRECTIVE = re.compile(r"^<!-- (file|replace): (.*?) -->\n", re.MULTILINE)


def _steps(text: str) -> list[tuple[str, str, str]]:
    """(kind, argument, body) in page order: file/replace directives and console blocks."""
    steps = []
    position = 0
    while True:
        fence = FENCE.search(text, position)
        if fence is None:
            return steps
        directive = None
        for match in DIRECTIVE.finditer(text, position, fence.start()):
            directive = match
        if directive is not None and directive[1] == "replace":
            steps.append(("replace", directive[2], ""))
        if directive is not None and directive[1] == "file":
            steps.append(("file", directive[2], fence[2]))
        elif fence[1] == "console":
            steps.append(("console", "", fence[2]))
        position = fence.end()


def _commands(block: str) -> list[tuple[str, str]]:
    """Each ``$ command`` of a console block with the output shown below it."""
    out: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            out.append((line[2:].strip(), ""))
        else:
            out[-1] = (out[-1][0], out[-1][1] + line)
    return out


def test_the_page_has_every_step() -> None:
    """The page writes the rule set, lints, checks a sample and runs the examples."""
    commands = [
        c
        for kind, _, body in _steps(PAGE.read_text("utf-8"))
        if kind == "console"
        for c, _ in _commands(body)
    ]
    assert "cpr-rules lint" in commands
    assert any("--sample" in c for c in commands)
    assert any("CPRL019" in c for c in commands)


def test_new_haendelse_how_to_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command of docs/new-haendelse.md prints what the page shows."""
    monkeypatch.chdir(tmp_path)
    for kind, argument, body in _steps(PAGE.read_text("utf-8")):
        if kind == "file":
            (tmp_path / argument).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / argument).write_text(body, encoding="utf-8")
        elif kind == "replace":
            name, old, new = shlex.split(argument)
            path = tmp_path / name
            assert old in path.read_text("utf-8"), argument
            path.write_text(path.read_text("utf-8").replace(old, new, 1), encoding="utf-8")
        else:
            for command, shown in _commands(body):
                argv = shlex.split(command)
                assert argv[0] == "cpr-rules"
                main(argv[1:])
                assert capsys.readouterr().out == shown, command
