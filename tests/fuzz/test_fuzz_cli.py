"""Fuzz: the command line on files of any JSON depth and size, and on any log lines: exit 0, 1
or 2, one line on stderr for 2, never a traceback, in bounded time and memory."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from strategies import deep_json, log_lines

from cpr_rules.cli import main

from ._bounds import FUZZ, bounded


def _run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = bounded(lambda: main(argv))
    return code, err.getvalue()


@FUZZ
@given(deep_json(5000), st.booleans())
def test_check_on_any_json_file(value: object, as_text: bool) -> None:
    """cpr-rules check: a report (0/1) or one line (2)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.json"
        try:
            text = json.dumps(value)
        except RecursionError:  # deeper than json.dumps goes: write it by hand
            text = "[" * 5000 + "]" * 5000
        path.write_text(text, encoding="utf-8")
        argv = ["check", "FLYTB-I", str(path), "--today", "2015-02-01"]
        code, err = _run([*argv, *([] if as_text else ["--format", "json"])])
    assert code in (0, 1, 2) and "Traceback" not in err
    if code == 2:
        assert len(err.splitlines()) == 1, err


@FUZZ
@given(st.lists(log_lines(), max_size=6), st.sampled_from(["text", "json", "html"]))
def test_drift_on_any_log(lines: list[str], fmt: str) -> None:
    """cpr-rules drift: 0 or 1, and one summary line on stderr."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        code, err = _run(["drift", str(path), "--format", fmt, "--max-line-bytes", "4096"])
    assert code in (0, 1) and "Traceback" not in err
    assert err.splitlines()[-1].startswith("drift: ")
