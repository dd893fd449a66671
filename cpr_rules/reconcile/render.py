"""The drift report as text, JSON or a self-contained HTML page with an SVG chart.

The HTML has no scripts and loads nothing from the network: the chart of counts per day and
outcome is inline SVG, so the page opens anywhere (and in headless Chromium in the tests).
"""

from __future__ import annotations

import html
import json

from cpr_rules.reconcile.drift import DriftReport, action_for
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
    lines += [f"  {name}: {count}" for name, count in report.totals().items()]
    drift = report.drift()
    lines.append(f"{len(drift)} distinct drift findings" + (":" if drift else ""))
    for entry in drift:
        item = entry.item
        what = item.rule or (
            f"CPR {item.cpr_kind} {item.cpr_number}" if item.cpr_number else item.table or ""
        )
        lines.append(
            f"- {item.outcome.value} {what}: {entry.count}x, {entry.first_seen} .. "
            f"{entry.last_seen}, e.g. {entry.example.get('pnr', '')}"
        )
        lines.append(f"    action: {action_for(item)}")
    return "\n".join(lines) + "\n"


def render_json(report: DriftReport) -> str:
    """The report as JSON."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _chart(report: DriftReport, width: int = 900, height: int = 320) -> str:
    days = sorted(report.per_day)
    outcomes = [o for o in COLOURS if any(o in c for c in report.per_day.values())]
    peak = max((c.get(o, 0) for c in report.per_day.values() for o in outcomes), default=1) or 1
    left, bottom, top, right = 60, 40, 20, 160
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(days) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="counts per day and outcome">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 8}" y="{top + 4}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{left - 8}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, day in enumerate(days):
        if len(days) <= 12 or i % max(len(days) // 12, 1) == 0:
            x = left + i * step
            parts.append(
                f'<text x="{x:.1f}" y="{height - 18}" text-anchor="middle" '
                f'font-size="10">{html.escape(day)}</text>'
            )
    for n, outcome in enumerate(outcomes):
        heights = [plot_h * report.per_day[d].get(outcome, 0) / peak for d in days]
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - h:.1f}" for i, h in enumerate(heights)
        )
        colour = COLOURS[outcome]
        parts.append(
            f'<polyline class="series" data-outcome="{outcome}" fill="none" '
            f'stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        y = top + 14 + n * 18
        parts.append(
            f'<rect x="{width - right + 12}" y="{y - 9}" width="10" height="10" '
            f'fill="{colour}"/><text x="{width - right + 28}" y="{y}" '
            f'font-size="12">{outcome}</text>'
        )
    return "".join(parts) + "</svg>"


def render_html(report: DriftReport) -> str:
    """A self-contained HTML page: totals, the chart, and the table of drift findings."""
    rows = []
    for entry in report.drift():
        item = entry.item
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(v))}</td>"
                for v in (
                    item.outcome.value,
                    item.rule or "",
                    item.source or "",
                    f"{item.cpr_kind or ''} {item.cpr_number or ''}".strip(),
                    item.table or "",
                    "/".join(item.code),
                    entry.count,
                    entry.first_seen,
                    entry.last_seen,
                    entry.example.get("pnr", ""),
                    action_for(item),
                )
            )
            + "</tr>"
        )
    totals = "".join(
        f"<li><span style='color:{COLOURS.get(k, '#000')}'>&#9632;</span> "
        f"{html.escape(k)}: {v}</li>"
        for k, v in report.totals().items()
    )
    head = (
        "outcome",
        "rule",
        "source",
        "CPR",
        "table",
        "code",
        "count",
        "first seen",
        "last seen",
        "example",
        "action",
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cpr_rules drift report</title>
<style>body{{font-family:sans-serif;margin:24px;color:#222}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 6px;font-size:12px;text-align:left}}
th{{background:#f3f3f3}}</style></head><body>
<h1>Drift report</h1>
<p>{report.lines} log lines ({report.skipped} unreadable).</p>
<ul id="totals">{totals}</ul>
<h2>Counts per day and outcome</h2>
<figure id="chart">{_chart(report)}</figure>
<h2>What to act on</h2>
<table id="drift"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>
<tbody>{"".join(rows)}</tbody></table>
</body></html>
"""
