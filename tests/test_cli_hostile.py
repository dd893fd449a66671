"""Every sub-command, driven through a table of bad invocations: exit 2, one line, no traceback.

The table is data: one row per (sub-command, defect). ``{missing}`` is a path that does not
exist, ``{folder}`` an existing folder, ``{file}`` an existing file, ``{unreadable}`` a file that
exists but cannot be read (``/proc/self/mem``: reading it fails with EIO even for root, where a
``chmod 000`` file would still be readable), ``{busy}`` a port that is in use on 127.0.0.1 for the
whole test.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cpr_rules.cli import COMMANDS, main

UNREADABLE = Path("/proc/self/mem")

BAD: dict[str, list[str]] = {
    "no-command": [],
    "unknown-command": ["nosuch"],
    "check-missing-file": ["check", "FLYTB-I", "{missing}"],
    "check-folder-for-file": ["check", "FLYTB-I", "{folder}"],
    "check-unreadable-file": ["check", "FLYTB-I", "{unreadable}"],
    "check-stamdata-unreadable": ["check", "FLYTB-I", "--sample", "--stamdata", "{unreadable}"],
    "check-stamdata-missing": ["check", "FLYTB-I", "--sample", "--stamdata", "{missing}"],
    "check-rules-missing": ["check", "FLYTB-I", "--sample", "--rules", "{missing}"],
    "check-rules-a-file": ["check", "FLYTB-I", "--sample", "--rules", "{file}"],
    "check-rules-empty-folder": ["check", "FLYTB-I", "--sample", "--rules", "{folder}"],
    "check-not-json": ["check", "FLYTB-I", "{file}"],
    "check-bad-date": ["check", "FLYTB-I", "--sample", "--today", "2008-02-30"],
    "check-bad-lang": ["check", "FLYTB-I", "--sample", "--lang", "xx"],
    "check-unknown-haendelse": ["check", "NOSUCH", "--sample"],
    "address-bad-kommune": ["address", "01x1", "8204"],
    "address-bad-date": ["address", "0101", "8204", "--date", "20081301"],
    "translate-unknown-table": ["translate", "nosuchtable", "1"],
    "tables-no-subcommand": ["tables"],
    "tables-import-missing": ["tables", "import", "{missing}"],
    "tables-import-folder": ["tables", "import", "{folder}"],
    "tables-import-unreadable": ["tables", "import", "{unreadable}"],
    "tables-import-out-parent-missing": ["tables", "import", "{file}", "--out", "{missing}/x"],
    "tables-import-out-a-file": ["tables", "import", "{file}", "--out", "{file}"],
    "lint-missing": ["lint", "{missing}"],
    "lint-bad-format": ["lint", "--format", "xml"],
    "lint-explain-unknown": ["lint", "--explain", "CPRL999"],
    "lint-bad-fail-on": ["lint", "--fail-on", "info"],
    "schema-unknown-kind": ["schema", "rules"],
    "schema-output-under-a-file": ["schema", "ruleset", "-o", "{file}/schema.json"],
    "drift-missing": ["drift", "{missing}"],
    "drift-folder": ["drift", "{folder}"],
    "drift-unreadable": ["drift", "{unreadable}"],
    "drift-output-parent-missing": ["drift", "{file}", "--output", "{missing}/r.html"],
    "drift-output-a-folder": ["drift", "{file}", "--output", "{folder}"],
    "drift-max-line-bytes-zero": ["drift", "{file}", "--max-line-bytes", "0"],
    "drift-max-line-bytes-huge": ["drift", "{file}", "--max-line-bytes", "99999999999999999999"],
    "sandbox-no-subcommand": ["sandbox"],
    "serve-port-negative": ["sandbox", "serve", "--port", "-1"],
    "serve-port-too-large": ["sandbox", "serve", "--port", "70000"],
    "serve-port-not-a-number": ["sandbox", "serve", "--port", "eighty"],
    "serve-port-in-use": ["sandbox", "serve", "--port", "{busy}"],
    "serve-bad-host": ["sandbox", "serve", "--host", "999.999.999.999"],
    "serve-foreign-host": ["sandbox", "serve", "--host", "192.0.2.1", "--port", "0"],
    "serve-rules-missing": ["sandbox", "serve", "--rules", "{missing}"],
    "serve-rules-a-file": ["sandbox", "serve", "--rules", "{file}"],
    "serve-rules-empty-folder": ["sandbox", "serve", "--rules", "{folder}"],
    "serve-tables-missing": ["sandbox", "serve", "--tables", "{missing}"],
    "serve-tables-not-tables": ["sandbox", "serve", "--tables", "{folder}"],
    "serve-users-missing": ["sandbox", "serve", "--users", "{missing}"],
    "serve-users-a-folder": ["sandbox", "serve", "--users", "{folder}"],
    "serve-users-unreadable": ["sandbox", "serve", "--users", "{unreadable}"],
    "serve-persons-missing": ["sandbox", "serve", "--persons", "{missing}"],
    "serve-db-parent-missing": ["sandbox", "serve", "--db", "{missing}/db.sqlite3"],
    "serve-db-a-folder": ["sandbox", "serve", "--db", "{folder}"],
    "kommune-db-missing": ["sandbox", "kommune", "list", "--db", "{missing}"],
    "kommune-bad-komk": ["sandbox", "kommune", "list", "--db", "{missing}", "--komk", "1"],
    "portal-port-negative": ["portal", "--port", "-1"],
    "portal-port-too-large": ["portal", "--port", "70000"],
    "portal-bad-host": ["portal", "--host", "999.999.999.999"],
    "portal-db-parent-missing": ["portal", "--db", "{missing}/db.sqlite3"],
    "portal-port-in-use": ["portal", "--port", "{busy}"],
    "js-out-parent-missing": ["js", "FLYTB-I", "--out", "{missing}/x"],
    "js-out-a-file": ["js", "FLYTB-I", "--out", "{file}"],
    "js-rules-missing": ["js", "FLYTB-I", "--out", "{folder}", "--rules", "{missing}"],
    "js-unknown-haendelse": ["js", "NOSUCH", "--out", "{folder}"],
    "cache-bad-flag": ["cache", "--nosuch"],
}


@pytest.fixture(scope="module")
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 held open (listening) for the whole module."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def _fill(argv: list[str], tmp_path: Path, busy: int) -> list[str]:
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    file = tmp_path / "file.txt"
    file.write_text("not json, not a register file\n", encoding="utf-8")
    names = {
        "missing": tmp_path / "missing",
        "folder": folder,
        "file": file,
        "unreadable": UNREADABLE,
        "busy": busy,
    }
    return [a.format(**names) for a in argv]


def test_the_table_covers_every_sub_command() -> None:
    """Each sub-command registered in COMMANDS has at least one bad invocation in the table."""
    covered = {argv[0] for argv in BAD.values() if argv}
    assert set(COMMANDS) <= covered


def test_the_unreadable_file_is_unreadable() -> None:
    """``{unreadable}`` exists, is a file, and reading it fails (so its rows test what they say)."""
    assert UNREADABLE.is_file()
    with pytest.raises(OSError):
        UNREADABLE.read_bytes()


@pytest.mark.parametrize("argv", BAD.values(), ids=BAD.keys())
def test_bad_invocation_exits_2_with_one_line(
    argv: list[str], tmp_path: Path, busy_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2, exactly one line on stderr, no traceback, nothing half-done on stdout."""
    assert main(_fill(argv, tmp_path, busy_port)) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert len(captured.err.splitlines()) == 1, captured.err
    assert captured.err.startswith("cpr-rules"), captured.err


def test_missing_sandbox_extra_says_how_to_install(tmp_path: Path) -> None:
    """Without starlette/uvicorn, `sandbox serve` names the extra and the pip command."""
    code = (
        "import sys; sys.modules['uvicorn'] = None; sys.modules['starlette'] = None; "
        "from cpr_rules.cli import main; "
        "sys.exit(main(['sandbox', 'serve', '--port', '0', '--db', sys.argv[1]]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "db.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        "cpr-rules: error: this needs the optional extra 'sandbox' (starlette, uvicorn missing): "
        "pip install 'cpr_rules[sandbox]'"
    ]


def test_an_unexpected_exception_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug is reported in one line (personnumre masked), exit 3, no traceback."""
    import cpr_rules.cli._cache as cache

    def boom(args: object) -> int:
        raise KeyError("0101802729")

    monkeypatch.setattr(cache, "run", boom)
    assert main(["cache"]) == 3
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "cpr-rules: internal error (a bug, please report it): KeyError: '010180-****'"
    ]


def test_input_can_neither_forge_a_line_nor_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newline or an escape sequence in a submission, a log line or a file name is printed
    as an escape by `check`, `drift` and the error line: no forged line, no ESC on a terminal."""
    from cpr_rules.reconcile.model import Item, Outcome

    data = tmp_path / "data.json"
    data.write_text(
        json.dumps({"X\n  fejl   Forged [Y]": "1", "CADR_SIDEDOER": "a\x1b[2Jb\u2028c"}),
        encoding="utf-8",
    )
    item = Item(outcome=Outcome.LOCAL_MISSED, cpr_kind="Fejl", cpr_number=0,
                cpr_text="x\n  FORGED\x1b[31m", fields=("CADR_HUSNR\r",),
                values=(("CADR_HUSNR", "a\x1b[2J"),))  # fmt: skip
    log = tmp_path / "log.jsonl"
    line = {"at": "2026-10-01T10:00:00+00:00", "haendelse": "FLYTB-I", "ruleset_version": "1",
            "tables": {}, "pnr": "010180-****", "items": [item.to_dict()]}  # fmt: skip
    log.write_text(json.dumps(line) + "\n", encoding="utf-8")
    for argv in (["check", "FLYTB-I", str(data)], ["drift", str(log)],
                 ["check", "FLYTB-I", str(tmp_path / "a\x1b[2J\n.json")]):  # fmt: skip
        main(argv)
        out = capsys.readouterr()
        for text in (out.out, out.err):
            assert not {"\x1b", "\r", "\u2028"} & set(text), argv
            assert not any(
                ln.lstrip().startswith(("fejl   Forged", "FORGED")) for ln in text.splitlines()
            )
