"""The importer of CPR's register files (A370712/713/714/716) and ``cpr-rules tables import``."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from cpr_rules.cli import main
from cpr_rules.errors import RegisterFileError
from cpr_rules.tables.importer import import_register_files, import_tables

ROOT = Path(__file__).resolve().parents[1]
CODETABLES = ROOT / "codetables"
RAW = CODETABLES / "raw"
RAW_ZIPS = sorted(RAW.glob("*.zip"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

# generated table -> the CSV in ../shared/data it must reproduce (same columns and rows)
SHARED_NAMES = {
    "postdistrikter": "vej_postdistrikter",
    "vejstykker": "vejstykker",
    "postnumre_cpr": "postnumre_cpr",
    "bynavne": "vej_bynavne",
    "lokaliteter": "vej_lokaliteter",
    "myndigheder": "cpr_myndigheder",
    "myndighed_relationer": "cpr_myndighed_relationer",
    "landekoder": "landekoder",
    "regioner": "regioner",
}
TABLES = [*SHARED_NAMES, "kommuner"]

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} not present")


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file, skipping ``#`` provenance lines."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    header, *rows = csv.reader(lines)
    return header, rows


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding a full import of ``codetables/raw/*.zip`` (done once per session)."""
    out = tmp_path_factory.mktemp("imported")
    written = import_register_files(RAW_ZIPS, out)
    assert sorted(p.name for p in written) == sorted(f"{name}.csv" for name in TABLES)
    return out


# --- the shipped tables ---------------------------------------------------------------------


def test_raw_zips_are_shipped() -> None:
    """The four CPR originals the tables are made from are in codetables/raw."""
    assert [p.name for p in RAW_ZIPS] == [
        "cprBynavneregister.zip",
        "cprLokalitetsregister.zip",
        "cprMyndighedsregister.zip",
        "cprPostregister.zip",
    ]


@pytest.mark.parametrize("name", TABLES)
def test_shipped_table_is_what_the_importer_makes(imported: Path, name: str) -> None:
    """Each shipped CPR-derived table is byte for byte the importer's output from raw/."""
    assert (imported / f"{name}.csv").read_bytes() == (CODETABLES / f"{name}.csv").read_bytes()


@pytest.mark.parametrize("name", TABLES)
def test_provenance_header(imported: Path, name: str) -> None:
    """Each table starts with table/source/produced/generated-by, the source naming the zip."""
    head = (imported / f"{name}.csv").read_text(encoding="utf-8").splitlines()[:4]
    assert [line.split(":", 1)[0] for line in head] == [
        "# table",
        "# source",
        "# produced",
        "# generated-by",
    ]
    assert head[0] == f"# table: {name}"
    assert head[1].startswith("# source: CPR A3707")
    assert ".zip), record 001" in head[1]
    assert head[3] == "# generated-by: cpr-rules tables import (do not edit by hand)"


# --- against the CSVs in ../shared/data -----------------------------------------------------


@needs_shared
@pytest.mark.parametrize("name", list(SHARED_NAMES))
def test_rows_equal_shared_csv(imported: Path, name: str) -> None:
    """Each table has the columns and rows of the shared CSV it replaces."""
    assert read_rows(imported / f"{name}.csv") == read_rows(SHARED / f"{SHARED_NAMES[name]}.csv")


@needs_shared
def test_kommuner_equal_shared_kommuner_alle_cpr(imported: Path) -> None:
    """kommuner.csv has the 349 rows of kommuner_alle_cpr.csv, Greenland 2018 applied."""
    header, rows = read_rows(imported / "kommuner.csv")
    shared_header, shared_rows = read_rows(SHARED / "kommuner_alle_cpr.csv")
    index = [header.index(column) for column in shared_header]
    assert [[row[i] for i in index] for row in rows] == shared_rows
    assert len(rows) == 349
    column = header.index("gyldig_fra")
    gyldig_fra = {row[0]: row[column] for row in rows if row[column]}
    assert gyldig_fra == {"0959": "2018-01-01", "0960": "2018-01-01"}


@needs_shared
def test_kommuner_regions_equal_shared_kommuner(imported: Path) -> None:
    """The region of each of the 105 current kommuner is the one in shared kommuner.csv."""
    header, rows = read_rows(imported / "kommuner.csv")
    by_code = {row[0]: row for row in rows}
    _, shared_rows = read_rows(SHARED / "kommuner.csv")
    assert len(shared_rows) == 105
    region = (header.index("regionskode"), header.index("regionsnavn"))
    for code, _, regionskode, regionsnavn, *_ in shared_rows:
        assert (by_code[code][region[0]], by_code[code][region[1]]) == (regionskode, regionsnavn)


# --- small files made from the first lines of the real ones ---------------------------------


def raw_lines(zip_name: str, count: int) -> list[str]:
    """The 000 record and the first ``count`` data records of a shipped raw zip."""
    with zipfile.ZipFile(RAW / zip_name) as archive:
        member = archive.infolist()[0]
        with archive.open(member) as fh:
            text = io.TextIOWrapper(fh, encoding="latin-1", newline="")
            return [next(text).removesuffix("\r\n") for _ in range(count + 1)]


def register_bytes(lines: list[str]) -> bytes:
    """Lines as CPR writes them: ISO-8859-1, CRLF after every line."""
    return "".join(f"{line}\r\n" for line in lines).encode("latin-1")


def with_end(lines: list[str]) -> list[str]:
    """``lines`` followed by a correct 999 end record."""
    return [*lines, f"999{len(lines) - 1:08d}"]


def replace_line(lines: list[str], number: int, text: str) -> list[str]:
    """``lines`` with 1-based line ``number`` replaced."""
    return [text if n == number else line for n, line in enumerate(lines, start=1)]


POST = raw_lines("cprPostregister.zip", 4)  # lines 1-5: 000 + four 001 records
LOKAL = raw_lines("cprLokalitetsregister.zip", 3)

# defect -> (file content, 1-based line the error must point at)
BAD_FILES: dict[str, tuple[bytes, int]] = {
    "bad-count-999": (register_bytes([*POST, "99900000005"]), 6),
    "missing-999": (register_bytes(POST), 5),
    "unknown-record-type": (
        register_bytes(with_end(replace_line(POST, 3, "005" + POST[2][3:]))),
        3,
    ),
    "wrong-length-line": (register_bytes(with_end(replace_line(POST, 3, POST[2][:-1]))), 3),
    "letters-in-kommunekode": (
        register_bytes(with_end(replace_line(POST, 4, POST[3][:3] + "01A1" + POST[3][7:]))),
        4,
    ),
    "letters-in-postnr": (
        register_bytes(with_end(replace_line(POST, 2, POST[1][:60] + "16X4" + POST[1][64:]))),
        2,
    ),
    "wrong-opgavenummer": (register_bytes(with_end(["00037079920150202", *POST[1:]])), 1),
    "proddto-not-a-date": (register_bytes(with_end(["00037071220151302", *POST[1:]])), 1),
    "no-start-record": (register_bytes(with_end(POST[1:])), 1),
    "empty-file": (b"", 1),
    "nul-byte": (
        register_bytes(with_end(replace_line(POST, 3, POST[2][:40] + "\0" + POST[2][41:]))),
        3,
    ),
    "data-after-999": (register_bytes([*with_end(POST), POST[1]]), 7),
}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip archive holding ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An output folder that already holds tables an import could overwrite."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("postdistrikter", "lokaliteter", "bynavne"):
        (out / f"{name}.csv").write_text(f"# table: {name}\nold,content\n1,2\n", encoding="utf-8")
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (temporary files too) with its content."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def assert_rejected(files: list[Path], out: Path, line: int | None) -> RegisterFileError:
    """Importing ``files`` raises at ``line`` and leaves ``out`` exactly as it was."""
    before = snapshot(out)
    with pytest.raises(RegisterFileError) as caught:
        import_register_files(files, out)
    if line is not None:
        assert caught.value.line == line
        assert f"{caught.value.file}:{line}" in str(caught.value)
    assert snapshot(out) == before
    return caught.value


def test_small_good_files_import(tmp_path: Path) -> None:
    """The unbroken small files import, so each bad file below has exactly one defect."""
    post = tmp_path / "post.txt"
    post.write_bytes(register_bytes(with_end(POST)))
    lokal = tmp_path / "lokal.txt"
    lokal.write_bytes(register_bytes(with_end(LOKAL)))
    written = import_tables([post, lokal], tmp_path / "out")
    assert [(t.path.name, t.rows, t.produced) for t in written] == [
        ("postdistrikter.csv", 4, "2015-02-02"),
        ("vejstykker.csv", 2, "2015-02-02"),
        ("postnumre_cpr.csv", 2, "2015-02-02"),
        ("lokaliteter.csv", 3, "2015-02-02"),
    ]


@pytest.mark.parametrize(("content", "line"), BAD_FILES.values(), ids=list(BAD_FILES))
def test_bad_file_is_rejected_and_nothing_written(
    tmp_path: Path, out_dir: Path, content: bytes, line: int
) -> None:
    """A defective file raises at its line; with a good file beside it, no table changes."""
    good = tmp_path / "lokal.txt"
    good.write_bytes(register_bytes(with_end(LOKAL)))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    error = assert_rejected([good, bad], out_dir, line)
    assert error.file == str(bad)


def test_defect_inside_zip_names_zip_and_member(tmp_path: Path, out_dir: Path) -> None:
    """In a zip the error points at ``file.zip!member:line``."""
    content, line = BAD_FILES["letters-in-kommunekode"]
    archive = tmp_path / "cprPostregister.zip"
    archive.write_bytes(zip_bytes({"a370712.txt": content}))
    error = assert_rejected([archive], out_dir, line)
    assert error.file == f"{archive}!a370712.txt"
    assert "KOMKOD" in error.message


@pytest.mark.parametrize(
    "members",
    [{}, {"a.txt": register_bytes(with_end(POST)), "b.txt": register_bytes(with_end(LOKAL))}],
    ids=["zip-without-members", "zip-with-two-members"],
)
def test_zip_must_hold_one_file(tmp_path: Path, out_dir: Path, members: dict[str, bytes]) -> None:
    """A zip with no or several members is rejected and names how many it holds."""
    archive = tmp_path / "two.zip"
    archive.write_bytes(zip_bytes(members))
    error = assert_rejected([archive], out_dir, None)
    assert f"found {len(members)}" in error.message


def test_truncated_zip_is_rejected(tmp_path: Path, out_dir: Path) -> None:
    """A zip cut short (as by an interrupted download) is rejected as damaged."""
    data = zip_bytes({"a370712.txt": register_bytes(with_end(POST))})
    archive = tmp_path / "truncated.zip"
    archive.write_bytes(data[: len(data) // 2])
    error = assert_rejected([archive], out_dir, None)
    assert "zip" in error.message


def test_two_files_of_one_kind_are_rejected(tmp_path: Path, out_dir: Path) -> None:
    """Two A370712 files in one import are an error, not a silent overwrite."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_bytes(register_bytes(with_end(POST)))
    error = assert_rejected([first, second], out_dir, 1)
    assert "second A370712" in error.message


def test_kind_comes_from_opgavenummer_not_name(tmp_path: Path) -> None:
    """A lokaliteter file named like the post register still makes lokaliteter.csv only."""
    misnamed = tmp_path / "cprPostregister.zip"
    misnamed.write_bytes(register_bytes(with_end(LOKAL)))
    written = import_register_files([misnamed], tmp_path / "out")
    assert [p.name for p in written] == ["lokaliteter.csv"]
    assert "(cprPostregister.zip), record 001" in written[0].read_text(encoding="utf-8")


def test_text_and_zip_give_the_same_table(tmp_path: Path) -> None:
    """The extracted text file and its zip produce identical tables."""
    text = tmp_path / "cprLokalitetsregister.zip"
    archive_dir = tmp_path / "zip"
    archive_dir.mkdir()
    content = register_bytes(with_end(LOKAL))
    text.write_bytes(content)
    archive = archive_dir / "cprLokalitetsregister.zip"
    archive.write_bytes(zip_bytes({"cprLokalitetsregister.txt": content}))
    (from_text,) = import_register_files([text], tmp_path / "a")
    (from_zip,) = import_register_files([archive], tmp_path / "b")
    assert from_text.read_bytes() == from_zip.read_bytes()


def test_overlay_in_out_dir_wins(tmp_path: Path) -> None:
    """kommuner_tillaeg.csv in the output folder is applied instead of the shipped one."""
    out = tmp_path / "out"
    out.mkdir()
    shipped = (CODETABLES / "kommuner_tillaeg.csv").read_text(encoding="utf-8")
    (out / "kommuner_tillaeg.csv").write_text(
        shipped.replace("0960,Avannaata,", "0960,Avannaata (test),"), encoding="utf-8"
    )
    import_register_files([RAW / "cprMyndighedsregister.zip"], out)
    _, rows = read_rows(out / "kommuner.csv")
    assert {row[0]: row[1] for row in rows}["0960"] == "Avannaata (test)"


# --- the command line -----------------------------------------------------------------------

Capsys = pytest.CaptureFixture[str]


def test_cli_import_prints_one_line_per_table(tmp_path: Path, capsys: Capsys) -> None:
    """``tables import`` exits 0 and prints what it wrote, with rows and production date."""
    assert (
        main(["tables", "import", str(RAW / "cprLokalitetsregister.zip"), "--out", str(tmp_path)])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("wrote ")
    assert lines[0].endswith("lokaliteter.csv (19134 rows, produced 2015-02-02)")


def test_cli_corrupt_file_exits_2_with_one_line(tmp_path: Path, capsys: Capsys) -> None:
    """A corrupt file gives exit code 2 and one line on stderr, no traceback."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(BAD_FILES["wrong-length-line"][0])
    assert main(["tables", "import", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err
    assert f"{bad}:3:" in err
    assert not (tmp_path / "out").exists()


def test_import_writes_a_manifest_that_loads(tmp_path: Path) -> None:
    """The output folder gets a manifest listing the tables it holds, with the production dates
    just imported, so ``load_tables(out)`` (``--tables DIR``) reads what was written."""
    from cpr_rules.tables import load_tables

    out = tmp_path / "out"
    main(["tables", "import", str(RAW / "cprLokalitetsregister.zip"), "--out", str(out)])
    manifest = (out / "manifest.yaml").read_text(encoding="utf-8")
    assert "  lokaliteter:\n" in manifest and "  kommuner:\n" not in manifest
    assert "produced: 2015-02-02" in manifest
    tables = load_tables(out)
    assert list(tables) == ["lokaliteter"] and len(tables["lokaliteter"]) == 19134


def test_import_adds_entries_a_folders_own_manifest_lacks(tmp_path: Path) -> None:
    """Importing into a folder whose own manifest lacks the imported table adds its entry (from
    the shipped manifest) and keeps the folder's own entries, so ``--tables DIR`` loads both."""
    from cpr_rules.tables import load_tables

    out = tmp_path / "out"
    main(["tables", "import", str(RAW / "cprLokalitetsregister.zip"), "--out", str(out)])
    main(["tables", "import", str(RAW / "cprBynavneregister.zip"), "--out", str(out)])
    manifest = (out / "manifest.yaml").read_text(encoding="utf-8")
    assert "  lokaliteter:\n" in manifest and "  bynavne:\n" in manifest
    assert set(load_tables(out)) == {"lokaliteter", "bynavne"}


def test_cli_import_never_writes_into_the_package(tmp_path: Path, capsys: Capsys) -> None:
    """--out inside the installed package is refused (exit 2); nothing is written there."""
    import cpr_rules

    inside = Path(cpr_rules.__file__).parent / "codetables-import-test"
    zipped = str(RAW / "cprLokalitetsregister.zip")
    assert main(["tables", "import", zipped, "--out", str(inside)]) == 2
    assert "installed package" in capsys.readouterr().err
    assert not inside.exists()


@pytest.mark.parametrize("zipped", [True, False], ids=["zip-bomb", "huge-text"])
def test_a_file_over_the_bound_is_refused_unread(
    tmp_path: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch, zipped: bool
) -> None:
    """A register file (or a zip member) larger than MAX_REGISTER_BYTES is refused after reading
    one byte more than the bound: a 300 KB zip of zeros expanded to 300 MB in memory before."""
    from cpr_rules.tables import importer

    monkeypatch.setattr(importer, "MAX_REGISTER_BYTES", 1 << 20)  # the real bound is 64 MiB
    payload = register_bytes(with_end(POST)) + b"0" * (2 << 20)
    path = tmp_path / ("bomb.zip" if zipped else "huge.txt")
    path.write_bytes(zip_bytes({"a370712.txt": payload}) if zipped else payload)
    error = assert_rejected([path], out_dir, None)
    assert "larger than" in error.message


@pytest.mark.parametrize(
    "manifest", [b"tables: [1\n", b"\xff\xfe not text", b"tables:\n  postdistrikter: 5\n"],
    ids=["yaml-syntax", "not-utf8", "entry-not-a-mapping"],
)  # fmt: skip
def test_an_output_manifest_it_cannot_update_is_refused(
    tmp_path: Path, out_dir: Path, manifest: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output folder's own manifest.yaml is broken: the import is refused naming it and
    writes nothing (it wrote a broken manifest beside the tables with exit 0, or exit 3)."""
    (out_dir / "manifest.yaml").write_bytes(manifest)
    post = tmp_path / "post.txt"
    post.write_bytes(register_bytes(with_end(POST)))
    before = snapshot(out_dir)
    assert main(["tables", "import", str(post), "--out", str(out_dir)]) == 2
    assert "manifest.yaml" in capsys.readouterr().err
    assert snapshot(out_dir) == before
