"""docs/security.md names tests that exist: every ``tests/…py`` path and ``::test`` name in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "security.md"
CITE = re.compile(r"`(tests/[\w/.-]+?\.(?:py|yaml))((?:::\w+)?)`")
SIBLING = re.compile(r"`(::\w+|bad\.[\w.-]+\.yaml)`")


def test_every_cited_test_exists() -> None:
    """Each cited file exists, and each cited test function is defined in its file."""
    text = DOC.read_text(encoding="utf-8")
    cited = CITE.findall(text)
    assert len(cited) > 20
    for row in text.splitlines():
        last: Path | None = None
        for match in re.finditer(rf"{CITE.pattern}|{SIBLING.pattern}", row):
            path, name, sibling = match.group(1), match.group(2), match.group(3)
            if path:
                last = ROOT / path
                assert last.exists(), path
                if name:
                    assert f"def {name[2:]}(" in last.read_text(encoding="utf-8"), path + name
            elif sibling and last is not None:
                if sibling.startswith("::"):
                    assert f"def {sibling[2:]}(" in last.read_text(encoding="utf-8"), sibling
                else:
                    assert (last.parent / sibling).exists(), sibling
