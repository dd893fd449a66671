"""Generated documentation: the check and type tables of ``docs/rule-language.md`` and one page
per shipped rule set (``docs/rulesets/<HAENDELSE>.md``).

``python -m cpr_rules.rules.docs`` rewrites them; a test fails when they are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cpr_rules.rules.checks import CHECKS
from cpr_rules.rules.loader import RuleSet
from cpr_rules.rules.model import CONDITION_NAMES, FIELD_TYPES

__all__ = ["render_reference", "render_ruleset_page", "update_rule_language"]

BEGIN, END = "<!-- generated:reference:begin -->", "<!-- generated:reference:end -->"
_TYPE_DOCS = {
    "personnummer": "`DDMMÅÅ-LLLL` or 10 ASCII digits; century from digit 7",
    "date": "`YYYY-MM-DD`, CPR's `YYYYMMDD` or an 8-digit integer (ASCII digits)",
    "code": "1 to `digits` ASCII digits (or an integer), zero-padded; `table`: klarskrift",
    "code_list": "a list (or blank/comma separated text) of codes",
    "beskyt": "stamdata BESKYT: the marker `X` (navne- og adressebeskyttelse with 00002 and "
    "00004) or BESKYT3 codes; blank or `[]` is none",
    "husnr": "ADRESSE3 HUSNR: 1-999 + optional A-Z (`5`, `12b`, `12 B` → `005`, `012B`)",
    "etage": "ADRESSE3 ETAGE: 1-99, st, kl, k2, k3, any case (`3` → `03`)",
    "sidedoer": "ADRESSE3 SIDEDOER: tv, th, mf, door number 1-9999 (`7` → `0007`), text door",
    "bnr": "ADRESSE3 BNR: bygningsnummer (Greenland), up to 4 characters",
    "convn": "ADRESSE3 CONVN: `c/o ` + name, at most 34 characters, single blanks",
    "integer": "a whole number within `min`..`max`",
    "choice": "one of `values` (case-insensitive)",
    "text": "free text, blanks collapsed, at most `max_length`",
}


def render_reference() -> str:
    """The generated part of the language reference: field types, checks, conditions."""
    lines = [BEGIN, "", "### Field types", "", "| type | domain |", "| --- | --- |"]
    lines += [f"| `{t}` | {_TYPE_DOCS[t]} |" for t in FIELD_TYPES]
    lines += [
        "",
        "### Checks",
        "",
        "| check | passes when | applies to | placeholders |",
        "| --- | --- | --- | --- |",
    ]
    for name, check in CHECKS.items():
        types = ", ".join(sorted(check.types)) if check.types else "any field"
        params = ", ".join(f"`{{{p}}}`" for p in sorted(check.placeholders))
        lines.append(f"| `{name}` | {check.summary} | {types} | {params} |")
    lines += ["", "### Conditions (`when`, `when_any`)", ""]
    lines += [f"- `{name}`" for name in CONDITION_NAMES]
    return "\n".join([*lines, "", END])


def update_rule_language(text: str) -> str:
    """``text`` with its generated block replaced by the current one."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + render_reference() + text[end:]


def render_ruleset_page(ruleset: RuleSet) -> str:
    """A page listing every rule of a rule set with its check, severity, CPR numbers, source."""
    spec = ruleset.spec
    title = spec.title.da if spec.title else ruleset.haendelse
    lines = [
        f"# {ruleset.haendelse}: {title}",
        "",
        f"Generated from `{ruleset.file}` (version {ruleset.version}); do not edit.",
        "",
        "| rule | fields | check | severity | CPR | message (da) | source |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for rule in ruleset.rules:
        r = rule.spec
        cpr = ", ".join(
            [
                *(f"Fejl {n}" for n in (r.cpr.fejl if r.cpr else [])),
                *(f"Anmrk {n}" for n in (r.cpr.anmrk if r.cpr else [])),
            ]
        )
        message = r.message.da.replace("|", "\\|")
        lines.append(
            f"| `{r.id}` ([{rule.source}](../../{rule.source.split(':')[0]})) | "
            f"{', '.join(r.target_fields)} | `{r.check.name}` | {r.severity} | "
            f"{cpr} | {message} | {r.source.replace('|', '/')} |"
        )
    lines += [
        "",
        "## Fields",
        "",
        "| field | type | required | source |",
        "| --- | --- | --- | --- |",
    ]
    for name, f in {**ruleset.fields, **ruleset.stamdata}.items():
        kind = "stamdata" if name in ruleset.stamdata else ("yes" if f.required else "")
        lines.append(f"| `{name}` | {f.type} | {kind} | {(f.source or '').replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Rewrite the generated docs in the checkout."""
    from cpr_rules._paths import rulesets_dir
    from cpr_rules.rules.loader import load_rulesets

    docs = Path(__file__).resolve().parents[2] / "docs"
    page = docs / "rule-language.md"
    page.write_text(update_rule_language(page.read_text(encoding="utf-8")), encoding="utf-8")
    (docs / "rulesets").mkdir(exist_ok=True)
    for name, ruleset in load_rulesets(rulesets_dir()).items():
        (docs / "rulesets" / f"{name}.md").write_text(render_ruleset_page(ruleset), "utf-8")
    print(f"updated {page} and docs/rulesets/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
