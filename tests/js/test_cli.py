"""``cpr-rules js``: the module and its data folder, with sizes; typed errors, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpr_rules.cli import main


def test_js_writes_the_module_and_its_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The module, tables.json and one file per kommune, each printed with its gzip size."""
    assert main(["js", "FLYTB-I", "--out", str(tmp_path)]) == 0
    module = tmp_path / "FLYTB-I.mjs"
    source = module.read_text("utf-8")
    assert "export async function createValidator" in source
    assert "import " not in source.split("export async function createValidator")[0].replace(
        "await import(", ""
    )  # self-contained: no static imports
    tables = json.loads((tmp_path / "FLYTB-I" / "tables.json").read_text("utf-8"))
    assert tables["module"].startswith("FLYTB-I@")
    assert tables["produced"]["vejstykker"] == "2015-02-02"
    assert (tmp_path / "FLYTB-I" / tables["chunks"]["0101"]).exists()
    out = capsys.readouterr().out
    assert "FLYTB-I.mjs" in out and "kB gzip" in out and "kommune files" in out


def test_unknown_rule_set_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["js", "FLYTB-X", "--out", str(tmp_path)]) == 2
    assert "FLYTB-I" in capsys.readouterr().err


def test_out_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    assert main(["js", "FLYTB-I", "--out", str(file)]) == 2
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("haendelse", ["../../escaped", "/tmp/abs", "a/b", "..", ".hidden", ""])
def test_a_haendelse_that_is_no_file_name_writes_nothing(tmp_path: Path, haendelse: str) -> None:
    """A rule set's hændelse is the module's file name: one that is no plain name (``../..``)
    is refused before anything is written or deleted (the module was written outside --out,
    and stale kommune-*.json files were deleted there)."""
    from cpr_rules.errors import InputError
    from cpr_rules.js.build import JsModule, write_module

    out = tmp_path / "a" / "b"
    out.mkdir(parents=True)
    keep = tmp_path / "escaped"
    keep.mkdir()
    (keep / "kommune-0101.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="hændelse"):
        write_module(JsModule(haendelse, "export {};", {"chunks": {}}, {}), out)
    assert (keep / "kommune-0101.json").exists()
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == [
        Path("a"), Path("a/b"), Path("escaped"), Path("escaped/kommune-0101.json")
    ]  # fmt: skip


def test_check_options_of_the_wrong_type_throw_as_python_refuses_them() -> None:
    """``check(data, {partial: "yes"})``: a TypeError, as Python's InputError (it was taken as
    true); true, false and no partial at all still work."""
    import subprocess

    from _parity import NODE, module_dir

    module = (module_dir() / "FLYTB-I.mjs").as_uri()
    script = (
        f"const m = await import({json.dumps(module)}); const v = await m.createValidator();"
        "for (const p of ['yes', 1, null, true, false, undefined]) {"
        "  try { v.check({}, {partial: p, today: '2015-02-01'}); console.log('ok'); }"
        "  catch (e) { console.log(e.constructor.name); } }"
    )
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split() == ["TypeError"] * 3 + ["ok"] * 3, done.stderr
