"""Malformed code-table folders: every defect of a manifest entry or a CSV is a CodeTableError
naming the file (the linter: one line, exit 1), never a TypeError, a KeyError or a csv.Error."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.errors import CodeTableError
from cpr_rules.tables import compile_tables, load_tables

CODETABLES = Path(__file__).resolve().parents[1] / "codetables"
_TEXT = (CODETABLES / "manifest.yaml").read_text(encoding="utf-8")
ENTRY = _TEXT[_TEXT.index("  statuskoder:") : _TEXT.index("  civilstande:")]
CSV = (CODETABLES / "statuskoder.csv").read_text(encoding="utf-8")
_BOMB = "x: &a0 [y, y, y, y, y, y, y, y, y]\n" + "".join(
    f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
)

BAD_ENTRIES = {
    "key-an-integer": ("key: [statuskode]", "key: 5"),
    "key-a-text": ("key: [statuskode]", "key: statuskode"),
    "key-nested": ("key: [statuskode]", "key: [[statuskode]]"),
    "key-empty": ("key: [statuskode]", "key: []"),
    "an-alias-bomb": ("tables:\n", _BOMB + "tables:\n"),
    "display-a-mapping": ("display: [betydning]", "display: {a: 1}"),
    "title-an-integer": ("title: {da: Statuskoder, en: Status codes}", "title: 5"),
    "title-a-list": ("title: {da: Statuskoder, en: Status codes}", "title: [1, 2]"),
    "husnr-a-list": ("closed: true", "closed: true\n    husnr: [1]"),
    "husnr-without-to": ("closed: true", "closed: true\n    husnr: {from: a, side: b}"),
    "valid-from-a-list": ("closed: true", "closed: true\n    valid_from: [1]"),
    "match-an-integer": ("closed: true", "closed: true\n    match: 5"),
    "closed-a-text": ("closed: true", "closed: 'no'"),
    "file-a-list": ("file: statuskoder.csv", "file: [statuskoder.csv]"),
    "file-outside-the-folder": ("file: statuskoder.csv", "file: ../statuskoder.csv"),
    "source-a-list": ('source: "kaqa.gl', 'source: ["kaqa.gl'),
}


def _folder(tmp_path: Path, manifest: str | bytes, csv: str | bytes = CSV) -> Path:
    folder = tmp_path / "tables"
    folder.mkdir()
    for name, content in (("manifest.yaml", manifest), ("statuskoder.csv", csv)):
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    (tmp_path / "statuskoder.csv").write_text(CSV, encoding="utf-8")  # for ../statuskoder.csv
    return folder


def test_the_unchanged_entry_loads(tmp_path: Path) -> None:
    """The fixture itself is good: the shipped statuskoder entry and CSV load."""
    folder = _folder(tmp_path, "tables:\n" + ENTRY)
    assert compile_tables(folder)["statuskoder"].lookup("01")


@pytest.mark.parametrize(("old", "new"), BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def test_a_malformed_manifest_entry_is_a_code_table_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    """A value of the wrong type or shape: CodeTableError naming the manifest; lint: exit 1."""
    assert old in "tables:\n" + ENTRY
    folder = _folder(tmp_path, ("tables:\n" + ENTRY).replace(old, new))
    with pytest.raises(CodeTableError) as raised:
        compile_tables(folder)
    assert "manifest.yaml" in str(raised.value)
    assert main(["lint", str(folder)]) == 1
    out = capsys.readouterr()
    assert "manifest.yaml:" in out.out and "Traceback" not in out.err


@pytest.mark.parametrize(
    ("manifest", "csv", "where"),
    [
        (b"tables:\n  \xff: 1\n", CSV, "manifest.yaml"),
        ("tables:\n" + ENTRY, CSV + "99," + "x" * 200_000 + ",x,x\n", "statuskoder.csv:"),
    ],
    ids=["manifest-not-utf8", "csv-field-too-large"],
)
def test_unreadable_content_is_a_code_table_error(
    tmp_path: Path, manifest: str | bytes, csv: str, where: str
) -> None:
    """A manifest that is not UTF-8, a CSV field beyond the csv module's limit: typed errors."""
    with pytest.raises(CodeTableError, match=where):
        compile_tables(_folder(tmp_path, manifest, csv))


@pytest.mark.parametrize("kind", ["missing", "a-file"])
def test_load_tables_of_no_folder_is_a_code_table_error(tmp_path: Path, kind: str) -> None:
    """load_tables on a path that does not exist, or on a file: CodeTableError, not OSError."""
    path = tmp_path / "nothing"
    if kind == "a-file":
        path.write_text("x", encoding="utf-8")
    with pytest.raises(CodeTableError, match="folder"):
        load_tables(path)


@pytest.mark.parametrize(
    ("key", "options"),
    [((101,), {}), ((None,), {}), ((["0101"],), {}), (("0101",), {"as_of": "2015-01-01"}),
     (("0101", "8204"), {"husnr": 5})],
    ids=["int", "none", "list", "as-of-text", "husnr-int"],
)  # fmt: skip
def test_a_lookup_of_the_wrong_type_is_an_input_error(
    key: tuple[object, ...], options: dict[str, object]
) -> None:
    """A key part that is not text, an as_of that is not a date, a husnr that is not text:
    an InputError naming it (they were TypeError/AttributeError); the Translator says the same."""
    from cpr_rules.errors import InputError
    from cpr_rules.translator import Translator

    table = "postdistrikter" if "husnr" in options else "kommuner"
    with pytest.raises(InputError):
        load_tables()[table].lookup(*key, **options)  # type: ignore[arg-type]
    if table == "kommuner":
        with pytest.raises(InputError):
            Translator().kommune(*key, **options)  # type: ignore[arg-type]
