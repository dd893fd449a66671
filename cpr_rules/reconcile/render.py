"""The drift report as text, JSON or a self-contained HTML page with an SVG chart.

The HTML has no scripts and loads nothing from the network: the chart of counts per day is
inline SVG, one small panel per outcome on its own scale (so a few drift findings a day are
visible beside thousands of agreements), and the page opens anywhere (and in headless Chromium
in the tests, which also regenerates ``docs/drift-report.png``).
"""

from __future__ import annotations

import html
import json

from cpr_rules._printable import printable
from cpr_rules.personnummer import mask_text
from cpr_rules.reconcile.drift import DriftEntry, DriftReport, action_for
from cpr_rules.reconcile.model import Outcome

__all__ = ["render_html", "render_json", "render_text"]

COLOURS = {
    Outcome.AGREE.value: "#4c9a2a",
    Outcome.LOCAL_MISSED.value: "#d1495b",
    Outcome.LOCAL_STRICTER.value: "#edae49",
    Outcome.TRANSLATION_DIFFERS.value: "#00798c",
    Outcome.UNKNOWN_CPR_NUMBER.value: "#8e44ad",
    Outcome.CPR_SYSTEM.value: "#7f8c8d",
}


def render_text(report: DriftReport) -> str:
    """Plain text for a terminal."""
    lines = [
        f"{report.lines} log lines ({report.skipped} unreadable); rule sets: "
        + ", ".join(f"{k} ({v})" for k, v in sorted(report.rulesets.items()))
    ]
    lines.append(f"period: {_period(report)}")
    lines += [f"  {name}: {v} ({share:.1f} %)" for name, (v, share) in _shares(report).items()]
    drift = report.drift()
    lines.append(f"{len(drift)} distinct drift findings" + (":" if drift else ""))
    for entry in drift:
        item = entry.item
        what = item.rule or (
            f"CPR {item.cpr_kind} {item.cpr_number}"
            if item.cpr_number
            else f"CPR {item.cpr_kind} '{item.cpr_text}'"
            if item.cpr_kind
            else item.table or ""
        )
        lines.append(
            f"- {item.outcome.value} {what}: {entry.count}x, {entry.first_seen} .. "
            f"{entry.last_seen}, e.g. {entry.example.get('pnr', '')}"
        )
        lines.append(f"    action: {action_for(item)}")
    # every value in the lines is masked already; a number at the end of one line and one at
    # the start of the next can still read as a personnummer across the line break
    # and a value read from a log may hold a newline or an escape sequence: printable, per line
    return mask_text("\n".join(map(printable, lines)) + "\n")


def render_json(report: DriftReport) -> str:
    """The report as JSON."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _period(report: DriftReport) -> str:
    days = sorted(d for d in report.per_day if d)
    return f"{days[0]} – {days[-1]}" if days else "no dated lines"


def _shares(report: DriftReport) -> dict[str, tuple[int, float]]:
    """Each outcome's count and its share of all items in per cent."""
    totals = report.totals()
    whole = sum(totals.values()) or 1
    return {k: (v, 100 * v / whole) for k, v in totals.items()}


def _panel(report: DriftReport, outcome: str, days: list[str], y0: int, width: int) -> str:
    """One small multiple: an outcome's counts per day on its own scale."""
    left, right, height = 150, 20, 70
    plot_w = width - left - right
    counts = [report.per_day[d].get(outcome, 0) for d in days]
    peak = max(counts, default=0) or 1
    step = plot_w / max(len(days) - 1, 1)
    points = " ".join(
        f"{left + i * step:.1f},{y0 + height - height * c / peak:.1f}" for i, c in enumerate(counts)
    )
    colour = COLOURS[outcome]
    return (
        f'<text x="{left - 10}" y="{y0 + 14}" text-anchor="end" font-size="12" '
        f'font-weight="bold">{html.escape(outcome)}</text>'
        f'<text x="{left - 10}" y="{y0 + 30}" text-anchor="end" font-size="10">'
        f"max {peak}/day</text>"
        f'<line x1="{left}" y1="{y0 + height}" x2="{left + plot_w}" y2="{y0 + height}" '
        'stroke="#999"/>'
        f'<polyline class="series" data-outcome="{outcome}" fill="none" stroke="{colour}" '
        f'stroke-width="2" points="{points}"/>'
    )


def _chart(report: DriftReport, width: int = 900) -> str:
    """Small multiples: one panel per outcome, each on its own scale, so a handful of drift a
    day shows beside thousands of agreements."""
    days = sorted(report.per_day)
    outcomes = [o for o in COLOURS if any(o in c for c in report.per_day.values())]
    panel = 90
    height = 30 + panel * len(outcomes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="counts per day, one panel per outcome">'
    ]
    parts += [_panel(report, o, days, 10 + n * panel, width) for n, o in enumerate(outcomes)]
    if days:
        for i, anchor in ((0, "start"), (len(days) // 2, "middle"), (len(days) - 1, "end")):
            x = 150 + i * (width - 170) / max(len(days) - 1, 1)
            parts.append(
                f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}" '
                f'font-size="10">{html.escape(days[i])}</text>'
            )
    return "".join(parts) + "</svg>"


_HEAD = (
    "outcome",
    "rule",
    "CPR",
    "CPR text",
    "fields",
    "values (e.g.)",
    "table",
    "code",
    "count",
    "first seen",
    "last seen",
    "action",
)


def _minute(at: str) -> str:
    """``2026-09-01T01:55:00+00:00`` as ``2026-09-01 01:55`` (the full value is in JSON)."""
    return at[:16].replace("T", " ")


def _row(entry: DriftEntry) -> str:
    item = entry.item
    cells = (
        (item.outcome.value, ""),
        (f"{item.rule or ''} {f'({item.source})' if item.source else ''}".strip(), ""),
        (f"{item.cpr_kind or ''} {item.cpr_number or ''}".strip(), "nowrap"),
        (item.cpr_text or "", ""),
        (", ".join(item.fields), ""),
        (", ".join(f"{k}={v}" for k, v in item.values), ""),
        (item.table or "", ""),
        ("/".join(item.code), "nowrap"),
        (str(entry.count), "num"),
        (_minute(entry.first_seen), "nowrap"),
        (_minute(entry.last_seen), "nowrap"),
        (action_for(item), ""),
    )
    return (
        "<tr>"
        + "".join(
            f'<td class="{cls}">{html.escape(text)}</td>'
            if cls
            else f"<td>{html.escape(text)}</td>"
            for text, cls in cells
        )
        + "</tr>"
    )


def render_html(report: DriftReport) -> str:
    """A self-contained HTML page: what was read (hændelse and rule-set versions, period),
    each outcome's share, small multiples per outcome, and the table of what to act on."""
    rows = "".join(_row(e) for e in report.drift())
    totals = "".join(
        f"<li><span style='color:{COLOURS.get(k, '#000')}'>&#9632;</span> "
        f"{html.escape(k)}: {v} ({share:.1f} %)</li>"
        for k, (v, share) in _shares(report).items()
    )
    versions = ", ".join(
        f"{html.escape(k)} ({v} lines)" for k, v in sorted(report.rulesets.items())
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cpr_rules drift report</title>
<style>body{{font-family:sans-serif;margin:24px;color:#222}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 6px;font-size:12px;text-align:left;vertical-align:top}}
th{{background:#f3f3f3;white-space:nowrap}}td.nowrap{{white-space:nowrap}}
td.num{{text-align:right}}td:last-child{{min-width:18em}}
dt{{font-weight:bold;float:left;width:11em}}dd{{margin:0 0 4px 11em}}
</style></head><body>
<h1>Drift report</h1>
<dl id="read">
<dt>Hændelse, rule set</dt><dd>{versions or "none"}</dd>
<dt>Period</dt><dd>{html.escape(_period(report))}</dd>
<dt>Log lines</dt><dd>{report.lines} ({report.skipped} unreadable)</dd>
</dl>
<h2>Outcomes</h2>
<ul id="totals">{totals}</ul>
<h2>Counts per day, one panel per outcome (each on its own scale)</h2>
<figure id="chart">{_chart(report)}</figure>
<h2>What to act on</h2>
<table id="drift"><thead><tr>{"".join(f"<th>{h}</th>" for h in _HEAD)}</tr></thead>
<tbody>{rows}</tbody></table>
</body></html>
"""
