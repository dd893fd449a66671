"""Write the code tables that are *copied or transcribed* (not imported from CPR register files).

The tables derived from CPR's own register files are written by ``cpr-rules tables import``
(``cpr_rules/tables/importer.py``). The rest come from ``shared/data`` (see its SOURCES.md) and
from the handbook text (bilag 2, list of update services). This script is the only writer of
those files; run it from the repository root with the shared folder beside the checkout::

    python scripts/build_codetables.py ../shared

It is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cpr_rules.tables._csvfile import render_table_file, write_files_atomically

OUT = Path(__file__).resolve().parents[1] / "codetables"

# table -> (shared file, source text, produced date or "" when the source gives none)
COPIES: dict[str, tuple[str, str, str]] = {
    "statuskoder": (
        "cpr_statuskoder.csv",
        "kaqa.gl CPR-koder + Danmarks Statistik CPR-oplysninger (CPR record 001), "
        "transcribed in shared/data/cpr_statuskoder.csv; see column kilde",
        "",
    ),
    "civilstande": (
        "civilstande.csv",
        "kaqa.gl CPR-koder, cross-checked with magenta-aps/cprbroker KMD/Utilities.cs; "
        "transcribed in shared/data/civilstande.csv",
        "",
    ),
    "beskyttelsestyper": (
        "beskyttelsestyper.csv",
        "CPR servicedesk 'Bilag - Formater' (GCTP formats), transcribed in "
        "shared/data/beskyttelsestyper.csv",
        "",
    ),
    "postnumre": (
        "postnumre.csv",
        "DanmarksAdresser/Dawa packages/server/data/postnumre.csv "
        "@42efdd879907e30e72ad03f738310a5e450f9393 (MIT, © SDFE)",
        "2018-11-22",
    ),
    "personnummer_aarhundrede": (
        "personnummer_aarhundrede.csv",
        "da.wikipedia.org CPR-nummer (table), consistent with cpr.dk 'Opbygning af CPR-nummeret'",
        "",
    ),
    "personnummer_uden_modulus11": (
        "personnummer_uden_modulus11_datoer.csv",
        "cpr.dk 'Personnumre uden kontrolciffer (modulus 11 kontrol)' "
        "https://www.cpr.dk/cpr-systemet/personnumre-uden-kontrolciffer-modulus-11-kontrol/ "
        "(senest opdateret 10-05-2023; ikke udtømmende), via "
        "shared/data/personnummer_uden_modulus11_datoer.csv",
        "2023-05-10",
    ),
    "kommuner_2007": (
        "kommuner_2007_gammel_ny.csv",
        "thomas-rasmussen/tbrmiscdata data-raw/dk_municipality_codes.R "
        "@57e6c7acbd6cf261ca08c40e87b181b9675ea14e (MIT), from MedCom gl_nye_kommuner_regioner.xls",
        "2007-01-01",
    ),
    "vejnavne_eksempel": (
        "vejnavne_eksempel_dawa.csv",
        "DanmarksAdresser/Dawa packages/server/test/data/cpr_vej.csv @850a3c18 (MIT): a sample "
        "of full CPR vejnavne, not complete",
        "2019-05-09",
    ),
}

BILAG2 = "reference/cpr-services/bilag-02-opdateringsservices.txt"
BILAG2_SOURCE = "Håndbog til CPR services, bilag 2 (28. april 2010)"
CODE_LINE = re.compile(r"^\s*((?:[A-ZÆØÅ0-9]{2,6}-[A-Z])|(?:A\d\dT\d{3}P))\s+(.+?)\s*$")
SELF_SERVICE = {  # bilag 7 §17: "FLYTB-I skal anvendes i forbindelse med selvbetjeningsløsninger"
    "FLYTB-I": "Håndbog til CPR services, bilag 7 §17",
}


def copy_table(shared: Path, name: str) -> tuple[Path, str]:
    """Read one shared CSV and render it with a provenance header."""
    file, source, produced = COPIES[name]
    with (shared / "data" / file).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    provenance = {"table": name, "source": source, "produced": produced}
    provenance["generated-by"] = "scripts/build_codetables.py (do not edit by hand)"
    return OUT / f"{name}.csv", render_table_file(provenance, rows[0], rows[1:])


def bilag2_services(text: str) -> list[list[str]]:
    """The update services of bilag 2: (code, name, group) in document order."""
    rows: list[list[str]] = []
    group = "Ajourføringsservices til indberetning af hændelser"
    lines = [ln.rstrip() for ln in text.splitlines()]
    for i, line in enumerate(lines):
        match = CODE_LINE.match(line)
        if match:
            name = match.group(2)
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if nxt and nxt.isupper() and not CODE_LINE.match(lines[i + 1]):
                name = f"{name} {nxt}"  # a name broken over two lines by the PDF extraction
            rows.append([match.group(1), name, group])
        elif line.strip().endswith("oplysninger") or line.strip() in {
            "Ajourføring",
            "Tekniske ændringer",
            "Personoplysninger i øvrigt",
        }:
            group = line.strip()
    return rows


def haendelseskoder(shared: Path) -> tuple[Path, str]:
    """Update-service codes (bilag 2) and 3-character CPR event codes (cprbroker) in one table."""
    columns = ["haendelseskode", "navn", "art", "gruppe", "selvbetjening", "kilde"]
    rows = [
        [
            code,
            name,
            "opdateringsservice",
            group,
            "ja" if code in SELF_SERVICE else "nej",
            SELF_SERVICE.get(code, BILAG2_SOURCE),
        ]
        for code, name, group in bilag2_services((shared / BILAG2).read_text(encoding="utf-8"))
    ]
    with (shared / "data" / "cpr_haendelseskoder.csv").open(encoding="utf-8") as fh:
        for code, name in list(csv.reader(fh))[1:]:
            rows.append(
                [
                    code,
                    name,
                    "haendelse",
                    "",
                    "nej",
                    "magenta-aps/cprbroker CprEvents.txt @6cb2ace2 (delvis liste)",
                ]
            )
    rows.sort(key=lambda r: r[0])
    provenance = {
        "table": "haendelseskoder",
        "source": f"{BILAG2_SOURCE}; magenta-aps/cprbroker ServicePlatform/Resources/"
        "CprEvents.txt @6cb2ace277a14b3143f9f878050d0d7b73683235 (MPL-2.0, partial list)",
        "produced": "2010-04-28",
        "generated-by": "scripts/build_codetables.py (do not edit by hand)",
    }
    return OUT / "haendelseskoder.csv", render_table_file(provenance, columns, rows)


def main(argv: list[str]) -> int:
    shared = Path(argv[1] if len(argv) > 1 else "../shared").resolve()
    outputs = dict(copy_table(shared, name) for name in COPIES)
    outputs.update([haendelseskoder(shared)])
    write_files_atomically(outputs)
    for path in sorted(outputs):
        print(f"wrote {path.relative_to(OUT.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
