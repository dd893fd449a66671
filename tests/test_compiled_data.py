"""Compiled tables and rule sets: shipped in the wheel, restored from the cache, never stale.

A start restores the compiled rule sets (generated code, constants, metadata) and maps the
compiled tables; it must give exactly the reports a fresh compile gives, must not import the
rule-file models or YAML, and must notice any change to the files it was built from.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpr_rules import tables as tables_module
from cpr_rules._build import build_compiled
from cpr_rules.rules import Validator, _snapshot
from cpr_rules.tables import CodeTables, _store, compile_tables, load_tables

ROOT = Path(__file__).resolve().parents[1]
CODETABLES = ROOT / "codetables"
RULESETS = ROOT / "rulesets"
HAENDELSE = "FLYTB-I"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """What the wheel's build hook writes (built once for this module)."""
    return build_compiled(tmp_path_factory.mktemp("compiled"))


@pytest.fixture
def wheel(
    built: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """As in an installed wheel: the compiled files shipped, and a cache that cannot be written
    (a path below a plain file); yields that path."""
    monkeypatch.setattr(_store, "SHIPPED", built["tables.bin"])
    monkeypatch.setattr(_snapshot, "SHIPPED", built["rulesets.pickle"])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("CPR_RULES_CACHE_DIR", str(blocker / "cache"))
    saved = dict(tables_module._LOADED)
    tables_module._LOADED.clear()
    yield blocker
    tables_module._LOADED.clear()
    tables_module._LOADED.update(saved)


def _no_compile(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("compiled at start")


def test_a_fresh_install_starts_warm_without_writing(
    wheel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the wheel's compiled files, nothing is compiled and nothing written."""
    monkeypatch.setattr(tables_module, "compile_tables", _no_compile)
    monkeypatch.setattr(_snapshot, "_compile", _no_compile)
    validator = Validator()
    data, stamdata, today = validator.compiled(HAENDELSE).samples[0]
    report = validator.check(HAENDELSE, data, stamdata=stamdata, today=today)
    assert report.ok
    assert report.klarskrift["adresse"] == "Vesterbrogade 5, 3. tv, 1620 København V"
    assert not (wheel / "cache").exists()


def test_shipped_tables_are_verified_against_the_manifest(wheel: Path, tmp_path: Path) -> None:
    """The wheel's tables serve a folder with the same manifest and table sizes, and no other."""
    folder = tmp_path / "ct"
    folder.mkdir()
    for path in CODETABLES.iterdir():
        if path.is_file():
            (folder / path.name).symlink_to(path)
    assert _store.shipped_store(folder) is not None
    (folder / "manifest.yaml").unlink()
    text = (CODETABLES / "manifest.yaml").read_text(encoding="utf-8")
    (folder / "manifest.yaml").write_text(text.replace("2015-01-02", "2015-01-03", 1))
    assert _store.shipped_store(folder) is None
    (folder / "manifest.yaml").unlink()
    (folder / "manifest.yaml").symlink_to(CODETABLES / "manifest.yaml")
    (folder / "regioner.csv").unlink()
    (folder / "regioner.csv").write_text((CODETABLES / "regioner.csv").read_text() + "\n")
    assert _store.shipped_store(folder) is None


def test_a_damaged_store_falls_back_to_the_csv(tmp_path: Path) -> None:
    """A table whose pickle is damaged is compiled from its CSV; the others still map."""
    folder = tmp_path / "ct"
    folder.mkdir()
    for name in ("manifest.yaml", "statuskoder.csv", "regioner.csv"):
        (folder / name).symlink_to(CODETABLES / name)
    manifest = (CODETABLES / "manifest.yaml").read_text(encoding="utf-8")
    entries = [
        re.search(rf"\n(  {name}:\n(?:    .*\n)+)", manifest)[1]  # type: ignore[index]
        for name in ("regioner", "statuskoder")
    ]
    (folder / "manifest.yaml").unlink()
    (folder / "manifest.yaml").write_text("tables:\n" + "".join(entries))
    digest = _store.folder_digest(folder, memo=False)
    path = tmp_path / "tables-x.pickle"
    assert _store.write_store(path, compile_tables(folder), digest, keep=0)
    store = _store.open_store(path)
    assert store is not None
    (offset, length), _ = store._blobs["statuskoder"]
    raw = bytearray(path.read_bytes())
    start = len(raw) - len(store._view)
    raw[start + offset : start + offset + length] = b"\0" * length
    path.write_bytes(bytes(raw))
    damaged = _store.open_store(path)
    assert damaged is not None
    tables = CodeTables({}, folder, store=damaged)
    assert tables["statuskoder"].lookup("90").text == "Inaktiv, død"
    assert tables["regioner"].lookup("1084")


@pytest.fixture(scope="module")
def pair() -> tuple[Validator, Validator]:
    """A validator compiled from the YAML and one restored from its snapshot."""
    tables = load_tables()
    compiled = Validator(tables=CodeTables(dict(tables.items()), tables.folder))
    restored = Validator(tables=tables)
    restored = Validator(tables=tables)  # the second one certainly reads the snapshot
    assert restored.compiled(HAENDELSE).loaded is None
    return compiled, restored


_VALUES = st.one_of(
    st.sampled_from(["020280-2729", "0101", "101", "8204", "5", "3", "tv", "st", "x", ""]),
    st.sampled_from(["2015-02-28", "20150401", "1O1", "c/o Janne", "00001", "90", "01"]),
    st.text(max_size=8),
    st.integers(-5, 10_000),
    st.none(),
)


@settings(max_examples=60, deadline=None)
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "PNR",
                "HDTO",
                "KOMK",
                "CADR_VEJKOD",
                "CADR_HUSNR",
                "CADR_ETAGE",
                "CADR_SIDEDOER",
                "CADR_BNR",
                "CADR_CONVN",
                "XYZ",
            ]
        ),
        _VALUES,
    ),
    status=st.sampled_from([None, {"STATUS": "01"}, {"STATUS": "90"}]),
    today=st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
    partial=st.booleans(),
    lang=st.sampled_from(["da", "en"]),
)
def test_restored_rule_sets_report_exactly_what_compiled_ones_do(
    pair: tuple[Validator, Validator],
    data: dict[str, Any],
    status: dict[str, str] | None,
    today: dt.date,
    partial: bool,
    lang: str,
) -> None:
    """Every report from the snapshot equals the report from a fresh compile."""
    compiled, restored = pair
    args: dict[str, Any] = {"stamdata": status, "today": today, "partial": partial, "lang": lang}
    a = compiled.check(HAENDELSE, data, **args).to_dict()
    b = restored.check(HAENDELSE, data, **args).to_dict()
    assert a == b


def test_restored_rule_set_loads_its_models_on_demand(pair: tuple[Validator, Validator]) -> None:
    """The rule-file models of a restored rule set are read from its YAML when asked for."""
    _, restored = pair
    compiled = restored.compiled(HAENDELSE)
    assert compiled.ruleset.haendelse == HAENDELSE
    assert set(restored.rulesets) == {HAENDELSE}
    assert compiled.ruleset.file == compiled.file


def test_an_edited_rule_set_is_compiled_again(tmp_path: Path) -> None:
    """Changing a rule file (even an included block) changes what the validator runs."""
    folder = tmp_path / "rulesets"
    shutil.copytree(RULESETS, folder)
    tables = load_tables()
    before = Validator(folder, tables=tables)
    data, stamdata, today = before.compiled(HAENDELSE).samples[0]
    bad = {**data, "HDTO": "20300101"}
    first = before.check(HAENDELSE, bad, stamdata=stamdata, today=today).errors[0]
    path = folder / "FLYTB-I.yaml"
    text = path.read_text(encoding="utf-8")
    da = first.template.da
    assert da in text
    path.write_text(text.replace(da, "Ændret: " + da, 1), encoding="utf-8")
    after = Validator(folder, tables=tables)
    again = after.check(HAENDELSE, bad, stamdata=stamdata, today=today).errors[0]
    assert again.message.startswith("Ændret: ")


def test_a_check_imports_neither_models_nor_yaml() -> None:
    """`cpr-rules check --sample` runs without pydantic, PyYAML, importlib.metadata, email or
    dataclasses (whose import, with inspect and ast, and decorators cost a fifth of a start)."""
    code = (
        "import sys; from cpr_rules.cli import main; main(['check', 'FLYTB-I', '--sample']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pydantic', 'pydantic_core', 'yaml', 'email', 'babel', 'jsonschema'} "
        "or m in {'importlib.metadata', 'cpr_rules.rules.model', 'cpr_rules.rules.loader', "
        "'dataclasses', 'inspect', 'ast'}))"
    )
    for _ in range(2):  # the first run may fill the cache (a checkout); the second restores
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    assert out.strip().splitlines()[-1] == "[]"
