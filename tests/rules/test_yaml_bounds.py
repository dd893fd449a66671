"""Any YAML file is refused or loaded in well under a second and 50 MB (docs/security.md)."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.errors import RuleSetError
from cpr_rules.rules._yaml import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml


def _bomb(levels: int, fan: int = 9) -> str:
    """The billion laughs: each level is ``fan`` aliases of the one before (≈ fan**levels)."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * fan) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def _load_bounded(path: Path) -> tuple[float, int, Exception | None]:
    """Seconds, traced peak bytes, and the error (if any) of loading ``path``."""
    tracemalloc.start()
    start = time.perf_counter()
    error: Exception | None = None
    try:
        load_yaml(path)
    except RuleSetError as exc:
        error = exc
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, error


@pytest.mark.parametrize("levels", [6, 9, 12, 20])
def test_alias_bombs_are_refused_at_once(tmp_path: Path, levels: int) -> None:
    """9**levels values from ~300 bytes: refused at the crossing alias, < 1 s, < 50 MB."""
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(levels), encoding="utf-8")
    seconds, peak, error = _load_bounded(path)
    assert isinstance(error, RuleSetError)
    assert f"more than {MAX_NODES} values" in str(error) and error.line and error.column
    assert seconds < 1 and peak < 50_000_000


def test_a_document_just_within_the_bounds_loads(tmp_path: Path) -> None:
    """Aliases are allowed: a small expansion loads, with the aliased values copied."""
    path = tmp_path / "ok.yaml"
    path.write_text(_bomb(3), encoding="utf-8")
    raw, _ = load_yaml(path)
    assert len(raw["a2"]) == 9 and raw["a2"][0][0] == ["lol"] * 9


def test_the_largest_allowed_document_is_cheap(tmp_path: Path) -> None:
    """MAX_NODES - 1 plain values load within 50 MB."""
    path = tmp_path / "big.yaml"
    path.write_text("a: [" + ", ".join(["x"] * (MAX_NODES - 3)) + "]\n", encoding="utf-8")
    _, peak, error = _load_bounded(path)
    assert error is None and peak < 50_000_000


def test_a_file_larger_than_the_bound_is_refused_unread(tmp_path: Path) -> None:
    """A file over MAX_BYTES is refused after reading MAX_BYTES + 1 bytes."""
    path = tmp_path / "huge.yaml"
    path.write_text("a: '" + "x" * MAX_BYTES + "'\n", encoding="utf-8")
    with pytest.raises(RuleSetError, match="larger than"):
        load_yaml(path)


def test_an_endless_device_is_refused() -> None:
    """/dev/zero as a rule file is refused, not read for ever."""
    with pytest.raises(RuleSetError, match="larger than"):
        load_yaml(Path("/dev/zero"))


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        "a: " + "{a: " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1),
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, MAX_DEPTH + 2)) + "  " * 40 + "x",
        "a: " + "[" * 5000 + "]" * 5000,
    ],
    ids=["flow-list", "flow-map", "block-map", "flow-5000"],
)
def test_deep_nesting_is_refused_with_a_position(tmp_path: Path, text: str) -> None:
    """Nesting beyond MAX_DEPTH is a RuleSetError with line and column, never RecursionError."""
    path = tmp_path / "deep.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        load_yaml(path)
    assert info.value.line and info.value.column


def test_lint_reports_a_bomb_as_one_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cpr-rules lint on an alias bomb: exit 1, one CPRL001 line at file:line:col, fast."""
    path = tmp_path / "FLYTB-I.yaml"
    path.write_text(_bomb(9), encoding="utf-8")
    start = time.perf_counter()
    assert main(["lint", str(path)]) == 1
    assert time.perf_counter() - start < 30  # was minutes; ~1 s of it is importing lint
    out = capsys.readouterr().out
    assert f"FLYTB-I.yaml:5:15: CPRL001 more than {MAX_NODES} values" in out


@pytest.mark.parametrize(
    "argv",
    [["check", "FLYTB-I", "--sample", "--rules", "{rules}"], ["lint", "{rules}"],
     ["lint", "{tables}"]],
    ids=["check-rules", "lint-rules", "lint-tables"],
)  # fmt: skip
def test_a_pipe_among_the_files_is_refused_not_waited_for(tmp_path: Path, argv: list[str]) -> None:
    """A named pipe where a rule file, a block or a code table is expected: refused at once with
    a typed error (opening it waited for a writer for ever; hashing the folder read it whole)."""
    import os
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    rules, tables = tmp_path / "rules", tmp_path / "tables"
    shutil.copytree(root / "rulesets", rules)
    shutil.copytree(root / "codetables", tables, ignore=shutil.ignore_patterns("raw"))
    os.mkfifo(rules / "PIPE-I.yaml")
    (tables / "statuskoder.csv").unlink()
    os.mkfifo(tables / "statuskoder.csv")
    args = [a.format(rules=rules, tables=tables) for a in argv]
    done = subprocess.run(
        [sys.executable, "-m", "cpr_rules", *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    said = done.stdout + done.stderr
    assert "PIPE-I.yaml" in said or "statuskoder.csv" in said


def test_a_huge_file_in_a_rule_folder_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A 256 MiB *.yaml beside the rule sets: Validator refuses it having read 1 MiB + 1 byte
    (the folder's digest read every file whole before the loader's bound applied)."""
    import shutil

    from cpr_rules.rules import Validator, default_validator

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parents[2] / "rulesets", rules)
    with (rules / "HUGE-I.yaml").open("wb") as fh:
        fh.truncate(256 << 20)  # sparse: costs no disk
    tables = default_validator().tables
    tracemalloc.start()
    try:
        with pytest.raises(RuleSetError, match="larger than"):
            Validator(rules, tables=tables)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 << 20
