"""Write the GCTP test vectors from the bilag text: ``python tests/gctp/vectors/extract.py``.

``index.yaml`` (hand-written) says where each XML example is in the text extracts of bilag 5, 7
and 8 (line ranges) and which repairs it needs. This script cuts the lines out, applies the
mechanical clean-up and the listed repairs, and writes each vector as ISO-8859-1 (the charset of
CPR, bilag 5 §2) plus ``README.md`` listing every change with its bilag line number.

Mechanical clean-up, every change logged:
- page footers that the PDF extraction left inside an example ("Dato …", "Håndbog til CPR
  services Side n af m", "Flgsnr. …") are removed;
- trailing blanks at line ends (added by the extraction) are removed;
- typographic quotes ” “ ‟ (the PDFs' word processor) become ``"``.

``--check`` writes nothing and exits 1 if a file would change (used by the tests).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path(os.environ.get("CPR_SERVICES_TEXT", "/work/shared/reference/cpr-services"))
FOOTER = re.compile(r"^Håndbog til CPR services\s.*Side \d+ af \d+")
QUOTES = str.maketrans({"”": '"', "“": '"', "‟": '"'})
ENCODING = "iso-8859-1"


@dataclass
class Vector:
    """One vector being cut out: its lines, its text and the log of changes."""

    spec: dict[str, Any]
    lines: list[tuple[int, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def line_numbers(ranges: list[str]) -> list[int]:
    """``["527-528", "584"]`` -> ``[527, 528, 584]``."""
    numbers: list[int] = []
    for part in ranges:
        first, _, last = str(part).partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def cut(vector: Vector, text: list[str]) -> None:
    """Take the lines of the vector's ranges (1-based) from the bilag text."""
    vector.lines = [(n, text[n - 1]) for n in line_numbers(vector.spec["source"]["lines"])]


def drop_footers(vector: Vector) -> None:
    """Remove page-footer blocks: an empty line, the footer, up to the "Flgsnr." line + 1."""
    kept: list[tuple[int, str]] = []
    lines, i = vector.lines, 0
    while i < len(lines):
        window = [t for _, t in lines[i : i + 5]]
        if lines[i][1] == "" and any(FOOTER.match(t) for t in window):
            end = next(j for j in range(i, len(lines)) if lines[j][1].startswith("Flgsnr."))
            end = min(end + 1, len(lines) - 1)
            vector.changes.append(f"lines {lines[i][0]}-{lines[end][0]}: page footer removed")
            i = end + 1
            continue
        kept.append(lines[i])
        i += 1
    vector.lines = kept


def clean_lines(vector: Vector) -> None:
    """Strip trailing blanks; typographic quotes become straight ones (logged per line)."""
    cleaned = []
    for number, line in vector.lines:
        fixed = line.rstrip().translate(QUOTES)
        if fixed != line.rstrip():
            vector.changes.append(f'line {number}: typographic quotes replaced by "')
        cleaned.append((number, fixed))
    vector.lines = cleaned


def drop_lines(vector: Vector) -> None:
    """Remove the lines the index marks ``drop: true`` (placeholders such as "…")."""
    for fix in vector.spec.get("repairs", []):
        if fix.get("drop"):
            if not any(number == fix["line"] for number, _ in vector.lines):
                raise SystemExit(f"{vector.spec['file']}: no line {fix['line']} to drop")
            vector.lines = [(n, t) for n, t in vector.lines if n != fix["line"]]
            vector.changes.append(f"line {fix['line']}: line removed: {fix['why']}")


def repair(vector: Vector) -> str:
    """Apply the text repairs of the index, each of which must match exactly once."""
    text = "\n".join(line for _, line in vector.lines) + "\n"
    for fix in vector.spec.get("repairs", []):
        if fix.get("drop"):
            continue
        count = text.count(fix["old"])
        if count != 1:
            name = vector.spec["file"]
            raise SystemExit(f"{name}: repair {fix['old']!r} matches {count} times, not once")
        text = text.replace(fix["old"], fix["new"])
        vector.changes.append(f"line {fix['line']}: {fix['why']}")
    return text


def build(spec: dict[str, Any], source: Path) -> tuple[bytes, list[str]]:
    """The bytes of one vector and its change log."""
    bilag = (source / spec["source"]["text"]).read_text(encoding="utf-8").split("\n")
    vector = Vector(spec)
    cut(vector, bilag)
    drop_footers(vector)
    clean_lines(vector)
    drop_lines(vector)
    text = repair(vector)
    try:
        return text.encode(ENCODING), vector.changes
    except UnicodeEncodeError as error:
        raise SystemExit(f"{spec['file']}: {error}; add a repair to index.yaml") from None


def first_line(change: str) -> int:
    """The first line number a change-log entry names, for sorting."""
    found = re.search(r"\d+", change)
    return int(found.group()) if found else 0


def readme(index: dict[str, Any], changes: dict[str, list[str]]) -> str:
    """README.md: what the vectors are, and every change made to the bilag text."""
    out = [README_HEAD.strip(), "", "## Vectors", ""]
    out += ["| file | bilag | section | lines | direction |", "| --- | --- | --- | --- | --- |"]
    for spec in index["vectors"]:
        src = spec["source"]
        lines = ", ".join(str(x) for x in src["lines"])
        cells = [spec["file"], str(src["bilag"]), src["section"], lines, spec["direction"]]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "## Repairs, by vector", "", README_REPAIRS.strip(), ""]
    for spec in index["vectors"]:
        logged = sorted(changes[spec["file"]], key=first_line)
        notes = logged + [f"note: {n}" for n in spec.get("notes", [])]
        if notes:
            out += [f"### {spec['file']}", "", *[f"- {n}" for n in notes], ""]
    return "\n".join(out).rstrip() + "\n"


README_HEAD = """
# GCTP test vectors

<!-- generated by extract.py from index.yaml and the bilag text; do not edit by hand -->

Every XML example printed in *Håndbog til CPR services* bilag 5 (logon og HTTP, v. 045,
2014), bilag 7 (ajourføringsservices, 28 Nov 2007) and bilag 8 (GCTP-standard, 28 Apr 2010),
cut from the text extracts in `/work/shared/reference/cpr-services/` (from the PDFs in
magenta-aps/cprbroker @ fa37906e, see `protocol.md` §0). Line numbers are lines of those text
files. Files are ISO-8859-1, CPR's character set (bilag 5 §2).

`index.yaml` lists each vector: source, `kind` (`document` = with the
`<root xmlns="http://www.cpr.dk">` envelope of bilag 5; `fragment` = printed without it, as
bilag 7 §3 and bilag 8 §1.3 say their examples are), `direction` (`request`, `response`, or
`illustration` for bilag 8's syntax illustrations), how a request is built from the model or
the builders of `cpr_rules.gctp.requests` (`build`), and what the accessors must return for a
response (`expect`, values read from the bilag text). `tests/gctp/test_vectors.py` runs them.

Regenerate with `python tests/gctp/vectors/extract.py`; `--check` verifies the files are fresh.
"""

README_REPAIRS = """
Only damage from the PDF extraction (or an obvious misprint that makes the example unreadable as
XML) is repaired; each repair below names the bilag line. On every line trailing blanks were
removed (not listed). Things that look odd but are in the bilag itself are kept and listed as
notes.
"""


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every vector and README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    index = yaml.safe_load((HERE / "index.yaml").read_text(encoding="utf-8"))
    outputs: dict[Path, bytes] = {}
    changes: dict[str, list[str]] = {}
    for spec in index["vectors"]:
        outputs[HERE / spec["file"]], changes[spec["file"]] = build(spec, args.source)
    outputs[HERE / "README.md"] = readme(index, changes).encode("utf-8")
    stale = [p.name for p, data in outputs.items() if not p.exists() or p.read_bytes() != data]
    if args.check:
        print("\n".join(f"stale: {name}" for name in stale))
        return 1 if stale else 0
    for path, data in outputs.items():
        path.write_bytes(data)
    print(f"wrote {len(outputs)} files ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
