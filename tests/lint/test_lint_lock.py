"""The rule-id lock: updating it only ever adds ids and records retirements."""

from __future__ import annotations

import shutil
from pathlib import Path

from cpr_rules.lint import lint_paths, update_locks
from cpr_rules.lint._lock import LOCK_NAME, read_lock

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TWO_RULES = FIXTURES / "CPRL013" / "bad.new-rule-not-locked" / "TEST-I.yaml"


def _lock(folder: Path) -> dict[str, tuple[str, str]]:
    lock = read_lock(folder / LOCK_NAME, LOCK_NAME)
    assert lock.syntax is None and lock.schema == []
    return {i: (e.meaning, e.status) for i, e in lock.entries["TEST-I"].items()}


def _rule_set(folder: Path, text: str) -> None:
    (folder / "TEST-I.yaml").write_text(text, encoding="utf-8")


def test_update_adds_new_ids_and_is_idempotent(tmp_path: Path) -> None:
    """A new lock records every id; a second update writes nothing."""
    shutil.copy(TWO_RULES, tmp_path / "TEST-I.yaml")
    assert update_locks([tmp_path]) == [tmp_path / LOCK_NAME]
    assert _lock(tmp_path) == {
        "antal-aar-udfyldt": ("filled CBSK_ANTALAAR1", "active"),
        "valg-udfyldt": ("filled CBSK_VALG1", "active"),
    }
    assert update_locks([tmp_path]) == []
    assert lint_paths([tmp_path], select=["CPRL013", "CPRL014", "CPRL015", "CPRL016"]) == []


def test_update_never_forgets_changes_or_revives(tmp_path: Path) -> None:
    """Deleted ids stay, changed meanings stay, retirements are recorded and never undone."""
    text = TWO_RULES.read_text(encoding="utf-8")
    _rule_set(tmp_path, text)
    update_locks([tmp_path])
    retired = text.replace(
        "    field: CBSK_ANTALAAR1\n", "    field: CBSK_ANTALAAR1\n    status: retired\n"
    )
    _rule_set(tmp_path, retired.replace("check: {filled: {}}", "check: {blank: {}}", 1))
    update_locks([tmp_path])
    assert _lock(tmp_path) == {
        "antal-aar-udfyldt": ("filled CBSK_ANTALAAR1", "retired"),
        "valg-udfyldt": ("filled CBSK_VALG1", "active"),
    }
    assert [d.code for d in lint_paths([tmp_path], select=["CPRL014"])] == ["CPRL014"]
    _rule_set(tmp_path, text)  # the retired id active again, valg-udfyldt back as it was
    update_locks([tmp_path])
    assert _lock(tmp_path)["antal-aar-udfyldt"] == ("filled CBSK_ANTALAAR1", "retired")
    assert [d.code for d in lint_paths([tmp_path], select=["CPRL016"])] == ["CPRL016"]


def test_a_deleted_rule_stays_in_the_lock(tmp_path: Path) -> None:
    """Deleting a rule is reported, and updating the lock does not hide it."""
    text = TWO_RULES.read_text(encoding="utf-8")
    _rule_set(tmp_path, text)
    update_locks([tmp_path])
    start = text.index("  - id: antal-aar-udfyldt")
    _rule_set(tmp_path, text[:start] + text[text.index("example_base:") :])
    update_locks([tmp_path])
    assert "antal-aar-udfyldt" in _lock(tmp_path)
    assert [d.code for d in lint_paths([tmp_path], select=["CPRL015"])] == ["CPRL015"]
