"""How check time grows with the rule set and with the address tables (FLYTB-I).

    python benchmarks/scale_flytb.py [--n 4000] [--rounds 5] [--seed 2015]

Times ``Validator.check`` over the same generated submissions (``_flytb_submissions``) in three
set-ups, alternating chunk by chunk so a busy machine slows all alike, and prints each per-check
time as a ratio to the first:

* *base*: the shipped rule set and tables;
* *rules x10*: every rule of the rule set (and of its included block) nine more times under new
  ids (``<id>-x1`` … ``<id>-x9``, ``requires`` pointing at the copy of the same number);
* *tables x10*: every address table (vejstykker, postdistrikter, bynavne, lokaliteter, and
  kommuner) with nine more copies of every row under new kommunekoder (``0101`` → ``1101`` …
  ``9101``), so the tables hold ten times the rows and keys.

Goal: rules x10 at most 10x base (linear in rules); tables x10 about 1x base (flat in table
size: lookups are dict hits and bisections).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHUNK = 400
ADDRESS_TABLES = ("kommuner", "vejstykker", "postdistrikter", "bynavne", "lokaliteter")


def _use_checkout() -> None:
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(1, root)


def rules_x10(source: Path, out: Path) -> Path:
    """A copy of the rule-set folder with every rule ten times (see the module docstring)."""
    import yaml

    shutil.copytree(source, out)
    for path in sorted(out.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = doc.get("rules") if isinstance(doc, dict) else None
        if not rules:
            continue
        copies = []
        for k in range(1, 10):
            for rule in rules:
                copy = dict(rule, id=f"{rule['id']}-x{k}")
                if "requires" in rule:
                    copy["requires"] = [f"{r}-x{k}" for r in rule["requires"]]
                copies.append(copy)
        doc["rules"] = rules + copies
        doc.pop("examples", None)  # the examples name the original rules only
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return out


def _scaled_column(column: Any, prefixed: bool) -> Any:
    """A column ten times as long: copies 1-9 follow the original rows (``prefixed``: the
    kommunekode column, whose copy k starts with the digit k instead of 0)."""
    from cpr_rules.tables._columns import CategoryColumn, TextColumn, make_column

    n = len(column)
    if prefixed:
        values = [column[i] for i in range(n)]
        return make_column(values + [f"{k}{v[1:]}" for k in range(1, 10) for v in values])
    if isinstance(column, CategoryColumn):
        scaled = CategoryColumn([])
        scaled.values, scaled.codes = column.values, array(column.codes.format, column.codes) * 10
        return scaled
    assert isinstance(column, TextColumn)
    data, offsets = bytes(column.data), list(column.offsets)
    text = TextColumn([])
    text.data = data * 10
    text.offsets = array("I", [o + k * len(data) for k in range(10) for o in offsets[:-1]])
    text.offsets.append(10 * len(data))
    return text


def tables_x10(tables: Any) -> Any:
    """The tables with every address table ten times as large (see the module docstring)."""
    from cpr_rules.tables import CodeTable, CodeTables

    scaled = {}
    for name in tables:
        table = tables[name]
        if name not in ADDRESS_TABLES:
            scaled[name] = table
            continue
        assert table.spec.key[0] == "kommunekode", name
        assert table._widths is not None, name
        new = CodeTable.__new__(CodeTable)
        new.__setstate__(table.__getstate__())  # the same spec and arrays, then scaled below
        new.length = 10 * table.length
        new.columns = {
            c: _scaled_column(col, prefixed=c == "kommunekode") for c, col in table.columns.items()
        }
        step = 10 ** (sum(table._widths) - 1)  # the kommunekode's leading digit, packed
        keys = list(table._int_keys)
        assert all(k < step for k in keys), name
        new._int_keys = array("q", [k + d * step for d in range(10) for k in keys])
        for attr in ("_from", "_to"):
            values = getattr(table, attr)
            if values is not None:
                setattr(new, attr, array("i", list(values) * 10))
        if table._husnr is not None:
            new._husnr = tuple(array(a.format, list(a) * 10) for a in table._husnr)
        new._memo()
        scaled[name] = new
    return CodeTables(scaled, tables.folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=4000, help="submissions (default 4000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()

    _use_checkout()
    from _flytb_submissions import generate

    from cpr_rules._paths import rulesets_dir
    from cpr_rules.rules import Validator
    from cpr_rules.tables import CodeTables, load_tables

    shipped = load_tables()
    base_tables = CodeTables({n: shipped[n] for n in shipped}, shipped.folder)
    cases = [(s.data, s.stamdata, s.today) for s in generate(args.n, seed=args.seed)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = rules_x10(rulesets_dir(), Path(tmp) / "rulesets")
        setups = {
            "base": Validator(tables=base_tables),
            "rules x10": Validator(folder, tables=base_tables),
            "tables x10": Validator(tables=tables_x10(base_tables)),
        }
    rules = {name: len(v.compiled("FLYTB-I").rule_inputs) for name, v in setups.items()}
    rows = {name: sum(len(v.tables[t]) for t in ADDRESS_TABLES) for name, v in setups.items()}

    def runner(validator: Any) -> Callable[[list[Any]], float]:
        check = validator.check

        def run(chunk: list[Any]) -> float:
            start = time.perf_counter()
            for data, stamdata, today in chunk:
                check("FLYTB-I", data, stamdata=stamdata, today=today)
            return time.perf_counter() - start

        return run

    runs = [(name, runner(v)) for name, v in setups.items()]
    for _, run in runs:  # warm-up
        run(cases[:1000])
    chunks = [cases[i : i + CHUNK] for i in range(0, len(cases), CHUNK)]
    best = {name: [float("inf")] * len(chunks) for name, _ in runs}
    totals: dict[str, list[float]] = {name: [] for name, _ in runs}
    for r in range(max(1, args.rounds)):
        gc.collect()
        total = dict.fromkeys(best, 0.0)
        for j, chunk in enumerate(chunks):
            order = runs[(r + j) % len(runs) :] + runs[: (r + j) % len(runs)]
            for name, run in order:
                seconds = run(chunk)
                best[name][j] = min(best[name][j], seconds)
                total[name] += seconds
        for name in totals:
            totals[name].append(total[name])
    per_check = {name: sum(b) / len(cases) * 1e6 for name, b in best.items()}
    base = per_check["base"]
    print(f"FLYTB-I: {len(cases)} submissions, best of {args.rounds} rounds per chunk")
    for name in setups:
        median = statistics.median(totals[name]) / len(cases) * 1e6
        print(
            f"{name:10s}: {rules[name]:4d} rules, {rows[name]:9,d} address-table rows: "
            f"{per_check[name]:7.1f} µs/check (median {median:7.1f}) = "
            f"{per_check[name] / base:5.2f}x base"
        )
    linear = per_check["rules x10"] / base <= 10
    flat = per_check["tables x10"] / base <= 1.2
    print(f"goal: rules x10 <= 10x base: {'met' if linear else 'NOT met'}")
    print(f"goal: tables x10 ~ 1x base (<= 1.2x): {'met' if flat else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
