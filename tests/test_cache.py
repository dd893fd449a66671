"""The user cache: bounded per kind, safe to clear, and never needed to run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cpr_rules import _cache
from cpr_rules._cache import KEEP, clear_cache, read_cache, short_key, write_cache
from cpr_rules.cli import main


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CPR_RULES_CACHE_DIR", str(folder))
    return folder


def test_cache_dir_follows_the_documented_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """$CPR_RULES_CACHE_DIR, else $XDG_CACHE_HOME/cpr_rules, else ~/.cache/cpr_rules."""
    monkeypatch.setenv("CPR_RULES_CACHE_DIR", "/x/explicit")
    assert _cache.cache_dir() == Path("/x/explicit")
    monkeypatch.delenv("CPR_RULES_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/xdg")
    assert _cache.cache_dir() == Path("/x/xdg/cpr_rules")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert _cache.cache_dir() == Path.home() / ".cache" / "cpr_rules"


def test_only_the_newest_entries_of_a_kind_are_kept(cache: Path) -> None:
    """Writing entry after entry of one kind leaves the newest KEEP of it, other kinds intact."""
    write_cache(cache / "rules-other.pickle", "kept")
    for n in range(KEEP + 4):
        path = cache / f"tables-{n:04d}.pickle"
        assert write_cache(path, n)
        os.utime(path, ns=(n * 10**9, n * 10**9))  # a distinct age each
    kept = sorted(p.name for p in cache.glob("tables-*.pickle"))
    assert kept == [f"tables-{n:04d}.pickle" for n in range(4, KEEP + 4)][-KEEP:]
    assert read_cache(cache / "rules-other.pickle") == "kept"


def test_the_entry_just_written_survives_pruning(cache: Path) -> None:
    """Even when older files carry newer times (a clock skew), the new entry is kept."""
    for n in range(KEEP):
        path = cache / f"tables-old{n}.pickle"
        write_cache(path, n)
        os.utime(path, ns=(2**62, 2**62))
    assert write_cache(cache / "tables-new.pickle", "new")
    assert read_cache(cache / "tables-new.pickle") == "new"
    assert len(list(cache.glob("tables-*.pickle"))) == KEEP


def test_clear_deletes_every_entry(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cpr-rules cache --clear` empties the folder; `cpr-rules cache` lists what is there."""
    write_cache(cache / "tables-a.pickle", 1)
    write_cache(cache / "rules-b.pickle", 2)
    assert main(["cache"]) == 0
    listing = capsys.readouterr().out
    assert str(cache) in listing and "tables-a.pickle" in listing and "2 entries" in listing
    assert main(["cache", "--clear"]) == 0
    assert "deleted 2 file(s)" in capsys.readouterr().out
    assert not list(cache.iterdir())
    assert clear_cache() == []


def test_a_folder_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    """Writing under a file (not a folder) fails quietly: the caller builds in memory."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert write_cache(blocker / "tables-x.pickle", 1) is False


def test_a_damaged_entry_reads_as_absent(cache: Path) -> None:
    """A truncated or foreign file is a cache miss, never an exception."""
    cache.mkdir()
    (cache / "tables-x.pickle").write_bytes(b"\x80\x05garbage")
    assert read_cache(cache / "tables-x.pickle") is None


def test_short_keys_differ_with_their_material() -> None:
    """Names depend on every part of the material and on where parts split."""
    assert short_key("a", "b") != short_key("ab")
    assert short_key("a", b"b") == short_key("a", "b")
    assert short_key("x") != short_key("y")


@pytest.mark.parametrize("flag", [[], ["--clear"]])
def test_a_cache_that_is_no_folder_is_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    flag: list[str],
) -> None:
    """`cpr-rules cache` on a $CPR_RULES_CACHE_DIR that is a file: exit 2 and one line (it said
    "0 entries" or "deleted 0 file(s)" and exit 0); a folder not made yet is still 0 entries."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CPR_RULES_CACHE_DIR", str(blocker))
    assert main(["cache", *flag]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1
    monkeypatch.setenv("CPR_RULES_CACHE_DIR", str(tmp_path / "not-yet"))
    assert main(["cache", *flag]) == 0
