"""The on-disk format of a code table: a provenance header, then plain CSV.

Every shipped table starts with ``# key: value`` lines (STYLE.md: "data files start with a
'generated from …' header"), then a CSV header row, then data rows, UTF-8, ``\\n`` line ends::

    # table: postdistrikter
    # source: CPR A370712 (cprPostregister.zip), record 001
    # produced: 2015-02-02
    # generated-by: cpr-rules tables import
    kommunekode,vejkode,husnr_fra,husnr_til,lige_ulige,postnr,postdistrikt
    0101,0004,,998,L,1654,København V

Writing is atomic (:func:`cpr_rules._files.write_files_atomically`): a table is written to a
temporary file beside the target and moved into place with :func:`os.replace`, so a reader never
sees half a table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cpr_rules._files import is_pipe, write_files_atomically
from cpr_rules.errors import CodeTableError

__all__ = ["TableFile", "read_table_file", "render_table_file", "write_files_atomically"]

REQUIRED_PROVENANCE = ("table", "source", "produced")


@dataclass(frozen=True, slots=True)
class TableFile:
    """A parsed table file: provenance, column names and rows of strings."""

    path: Path
    provenance: Mapping[str, str]
    columns: tuple[str, ...]
    rows: list[list[str]]
    first_data_line: int  # 1-based line number of the first data row (for error messages)


def read_table_file(path: str | Path, *, require_provenance: bool = True) -> TableFile:
    """Read a table file; raises :class:`CodeTableError` naming ``file:line`` on any defect."""
    p = Path(path)
    try:
        if is_pipe(p):  # opening it would wait for a writer for ever
            raise CodeTableError("cannot read code table: a pipe or socket, not a file", file=p)
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodeTableError(f"cannot read code table: {exc}", file=p) from exc
    provenance: dict[str, str] = {}
    lines = text.split("\n")
    idx = 0
    while idx < len(lines) and lines[idx].startswith("#"):
        body = lines[idx][1:].strip()
        key, sep, value = body.partition(":")
        if not sep:
            raise CodeTableError(
                "provenance line must read '# key: value'", file=p, line=idx + 1, column=1
            )
        provenance[key.strip()] = value.strip()
        idx += 1
    if require_provenance:
        missing = [k for k in REQUIRED_PROVENANCE if k not in provenance]
        if missing:
            raise CodeTableError(
                f"missing provenance header line(s): {', '.join('# ' + k + ':' for k in missing)}",
                file=p,
                line=1,
                column=1,
            )
    reader = csv.reader(io.StringIO("\n".join(lines[idx:])))
    try:
        columns = tuple(next(reader))
    except StopIteration:
        raise CodeTableError("no CSV header row", file=p, line=idx + 1) from None
    except csv.Error as exc:
        raise CodeTableError(f"CSV: {exc}", file=p, line=idx + 1) from None
    rows: list[list[str]] = []
    width = len(columns)
    try:
        for n, row in enumerate(reader):
            if not row:
                continue
            if len(row) != width:
                raise CodeTableError(
                    f"expected {width} columns ({','.join(columns)}), got {len(row)}",
                    file=p,
                    line=idx + 2 + n,
                    column=1,
                )
            rows.append(row)
    except csv.Error as exc:  # a field over csv.field_size_limit(), a NUL byte
        raise CodeTableError(f"CSV: {exc}", file=p, line=idx + reader.line_num) from None
    return TableFile(p, provenance, columns, rows, idx + 2)


def render_table_file(
    provenance: Mapping[str, str], columns: Sequence[str], rows: Iterable[Sequence[str]]
) -> str:
    """The exact text of a table file (what :func:`write_files_atomically` writes)."""
    out = io.StringIO()
    for key, value in provenance.items():
        out.write(f"# {key}: {value}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()
