"""Checks of code tables (``codetables/*.csv`` with ``manifest.yaml``), and of the codes rule
sets expect them to have. The CSV is read once per table (:mod:`cpr_rules.lint._tablescan`)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

from cpr_rules.adressefelter import FieldValueError
from cpr_rules.lint._ruleset import FieldDef, RuleSetUnit
from cpr_rules.lint._tables import Manifest, TableUnit
from cpr_rules.lint._tablescan import scan_table
from cpr_rules.lint._walk import check_values, iter_conditions, normalised
from cpr_rules.lint.diagnostic import Problem, Scope, lint_check

__all__ = [
    "code_missing_from_table",
    "husnr_overlap",
    "table_duplicate_key",
    "table_invalid_cell",
    "table_provenance",
    "table_unsorted",
    "unknown_column",
]

TABLE: tuple[Scope, ...] = ("table",)


@lint_check(
    "CPRL005",
    "unknown-column",
    scopes=TABLE,
    summary="Reports a column that a manifest entry names (`key`, `display`, `valid_from`, "
    "`valid_to`, `husnr`, `match`) but the table's CSV does not have. Suggests the closest "
    "column.",
    why="Lookups and klarskrift read these columns; the library refuses to load the tables.",
    bad="""\
  vejstykker:
    file: vejstykker.csv
    key: [kommunekode, vejkod]
""",
    fix="Name the column as the CSV's header row does.",
    good="""\
  vejstykker:
    file: vejstykker.csv
    key: [kommunekode, vejkode]
""",
)
def unknown_column(unit: Manifest | TableUnit) -> Iterator[Problem]:
    if isinstance(unit, TableUnit):
        yield from scan_table(unit).missing_columns


@lint_check(
    "CPRL029",
    "table-provenance",
    scopes=TABLE,
    summary="Reports a code table whose provenance header is missing a `# table:`, "
    "`# source:` or `# produced:` line, or disagrees with the manifest (another table name, "
    "another production date), or has a blank source.",
    why="The data is the product: every table says where its rows come from and how old they "
    "are, and a lookup miss in an old table is reported as *stale* by that date.",
    bad="""\
kommunekode,navn
0101,København
""",
    fix="Start the file with its provenance, as the script that generates it writes it.",
    good="""\
# table: kommuner
# source: CPR A370716 myndigheder (cprMyndighedsregister.zip), record 001
# produced: 2015-01-02
kommunekode,navn
0101,København
""",
    lang="text",
)
def table_provenance(unit: Manifest | TableUnit) -> Iterator[Problem]:
    if isinstance(unit, TableUnit):
        yield from scan_table(unit).provenance_problems


@lint_check(
    "CPRL030",
    "table-duplicate-key",
    scopes=TABLE,
    summary="Reports a row whose key (the manifest's `key` columns) another row already has, "
    "unless the two are told apart by their `match` columns or by validity periods that do "
    "not overlap. (In husnr tables, CPRL032 checks the intervals.)",
    why="A lookup returns one row for a key: with two, which klarskrift a citizen sees "
    "depends on the order of the file.",
    bad="""\
kommunekode,vejkode,vejnavn
0340,0522,Munke Bjærgbyvej
0340,0522,Munke Bjergbyvej
""",
    fix="Keep one row per key, or give the rows validity periods that follow each other.",
    good="""\
kommunekode,vejkode,vejnavn
0340,0522,Munke Bjergbyvej
""",
    lang="text",
)
def table_duplicate_key(unit: Manifest | TableUnit) -> Iterator[Problem]:
    if isinstance(unit, TableUnit):
        yield from scan_table(unit).duplicates


@lint_check(
    "CPRL031",
    "table-unsorted",
    scopes=TABLE,
    severity="warning",
    summary="Reports a code table whose rows are not sorted by its key columns (in the order "
    "the manifest lists them, as text), naming the first row out of order.",
    why="Sorted tables give small, reviewable diffs when CPR's register changes, and let the "
    "linter find duplicates in one pass.",
    bad="""\
postnr,navn
6210,Barsø
6040,Egtved
""",
    fix="Sort the rows by the key columns (in the script that writes the table).",
    good="""\
postnr,navn
6040,Egtved
6210,Barsø
""",
    lang="text",
)
def table_unsorted(unit: Manifest | TableUnit) -> Iterator[Problem]:
    if isinstance(unit, TableUnit):
        yield from scan_table(unit).unsorted


@lint_check(
    "CPRL032",
    "husnr-overlap",
    scopes=TABLE,
    summary="Reports, in a husnr-interval table (`husnr:` in the manifest), an interval that "
    "overlaps another one on the same side (L even, U odd) of the same street at the same "
    "time. A blank bound is open: blank–blank is the whole side.",
    why="A house number then lies in two postal districts (or towns) at once, and the lookup "
    "picks whichever row comes first.",
    bad="""\
kommunekode,vejkode,husnr_fra,husnr_til,lige_ulige,postnr,postdistrikt
0190,0270,,,L,3520,Farum
0190,0270,002,004,L,3500,Værløse
""",
    fix="Split the intervals so that they do not overlap; if the overlap is in CPR's own "
    "register, suppress it with a reason (see `docs/lint/README.md`).",
    good="""\
kommunekode,vejkode,husnr_fra,husnr_til,lige_ulige,postnr,postdistrikt
0190,0270,002,004,L,3500,Værløse
0190,0270,006,,L,3520,Farum
""",
    lang="text",
)
def husnr_overlap(unit: Manifest | TableUnit) -> Iterator[Problem]:
    if isinstance(unit, TableUnit):
        yield from scan_table(unit).overlaps


@lint_check(
    "CPRL034",
    "table-invalid-cell",
    scopes=TABLE,
    summary="Reports a cell the table's manifest gives a meaning that its value does not "
    "have: a blank key column, a validity date that is not `YYYY-MM-DD`, a husnr bound not in "
    "CPR form (`005`, `012B`), an interval that ends before it starts, a side that is not "
    "`L` or `U`.",
    why="The library refuses to load a table with a bad date, and a bad husnr or side makes "
    "an interval match no house number at all.",
    bad="""\
kommunekode,vejkode,husnr_fra,husnr_til,lige_ulige,postnr
0101,0004,,998,X,1654
""",
    fix="Correct the cell.",
    good="""\
kommunekode,vejkode,husnr_fra,husnr_til,lige_ulige,postnr
0101,0004,,998,L,1654
""",
    lang="text",
)
def table_invalid_cell(unit: Manifest | TableUnit) -> Iterator[Problem]:
    if isinstance(unit, TableUnit):
        yield from scan_table(unit).cells


def _coded(unit: RuleSetUnit, name: str) -> FieldDef | None:
    """The field if it is a code (list) looked up in a table of its own."""
    fdef = unit.field(name)
    if fdef is None or fdef.spec.table is None or unit.tables is None:
        return None
    ok = fdef.spec.type in ("code", "code_list") and fdef.spec.table in unit.tables
    return fdef if ok else None


def _lookup(unit: RuleSetUnit, fdef: FieldDef, key: list[Any]) -> str | None:
    """A message if the table lacks the key (values as written; normalised here)."""
    assert unit.tables is not None
    assert fdef.spec.table is not None
    names = fdef.spec.key or [fdef.name]
    codes = []
    for name, value in zip(names, key, strict=True):
        part = unit.field(name)
        try:
            codes.append(normalised(value, part.spec) if part is not None else str(value))
        except FieldValueError:
            return None  # not a value of the field at all: another check reports it
    if unit.tables[fdef.spec.table].contains(*codes):
        return None
    shown = ", ".join(codes)
    return f"{fdef.name}: code {shown} is not in table {fdef.spec.table!r}"


def _constant_codes(unit: RuleSetUnit) -> Iterator[tuple[FieldDef, str, tuple[Hashable, ...], Any]]:
    for rule in unit.active_rules():
        for name in rule.spec.target_fields:
            fdef = _coded(unit, name)
            if fdef is not None and not fdef.spec.key:
                for path, value in check_values(rule):
                    yield fdef, rule.file, path, value
    for cond in iter_conditions(unit):
        fdef = _coded(unit, cond.field)
        if fdef is None or fdef.spec.key or cond.option in ("filled", "blank"):
            continue
        values = cond.value if cond.option == "one_of" else [cond.value]
        paths = (
            [(cond.option, i) for i in range(len(values))]
            if cond.option == "one_of"
            else [(cond.option,)]
        )
        for path, value in zip(paths, values, strict=True):
            yield fdef, cond.file, (*cond.path, *path), value


def _example_base_codes(
    unit: RuleSetUnit,
) -> Iterator[tuple[FieldDef, list[Any], tuple[Hashable, ...]]]:
    base = unit.spec.example_base if unit.spec else None
    if base is None:
        return
    for section, given in (("data", base.data), ("stamdata", base.stamdata or {})):
        for name, value in given.items():
            fdef = _coded(unit, name)
            if fdef is None or value is None:
                continue
            items = value if isinstance(value, list) else [value]
            for item in items if fdef.spec.type == "code_list" else [value]:
                key = [item if k == name else given.get(k) for k in fdef.spec.key or [name]]
                if all(k is not None for k in key):
                    yield fdef, key, ("example_base", section, name)


@lint_check(
    "CPRL033",
    "code-missing-from-table",
    summary="Reports a code that a rule set relies on but its field's code table lacks: the "
    "values of `one_of`/`not_one_of`/`contains` checks and of conditions on a coded field, a "
    "field's `default`, and the codes of `example_base` (which must be a valid submission).",
    why="A rule about a code that does not exist never matches a real submission, and a "
    "message with `{text}` has no klarskrift to show.",
    bad="""\
  - id: status-aktiv
    field: STATUS
    check: {one_of: {values: ["01", "02"]}}     # statuskoder has no 02
""",
    fix="Use the code as the table has it, or add it to the table (with its source).",
    good="""\
  - id: status-aktiv
    field: STATUS
    check: {one_of: {values: ["01", "03"]}}
""",
)
def code_missing_from_table(unit: RuleSetUnit) -> Iterator[Problem]:
    if unit.is_block or unit.tables is None:
        return
    for fdef, file, path, value in _constant_codes(unit):
        message = _lookup(unit, fdef, [value])
        if message is not None:
            yield unit.at(file, path, message)
    for fdef in [*unit.fields.values(), *unit.stamdata.values()]:
        default = fdef.spec.default
        if default is not None and _coded(unit, fdef.name) and not fdef.spec.key:
            message = _lookup(unit, fdef, [default.value])
            if message is not None:
                yield unit.at(fdef.file, (*fdef.path, "default", "value"), message)
    for fdef, key, path in _example_base_codes(unit):
        message = _lookup(unit, fdef, key)
        if message is not None:
            yield unit.at(unit.main.name, path, message, at_key=True)
