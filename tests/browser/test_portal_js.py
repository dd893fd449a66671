"""The portal checks as the citizen types with the compiled JavaScript module, not the server:
with every request to ``/api/check`` blocked, a finding still appears under the field, and at
valider the server checks again (``/portal/api/valider``: the local report beside CPR's)."""

from __future__ import annotations

from typing import Any

from cpr_rules.sandbox.person_records import load_demo_persons

from .conftest import Portal

MOVERS = sorted(p for p, x in load_demo_persons().items() if x.status == "01" and x.navn)


def test_a_finding_appears_with_api_check_blocked(page: Any, portal: Portal) -> None:
    """Module loaded → keys → street → husnr 999: the finding shows, no /api/check was sent."""
    checks: list[str] = []
    page.on("request", lambda r: checks.append(r.url) if "/api/check" in r.url else None)
    page.route("**/api/check/**", lambda route: route.abort())
    page.wait_for_function(
        "window.cprPortal && window.cprPortal.engine === 'module'", timeout=60_000
    )
    pnr = MOVERS[3]
    page.fill("#PNR", f"{pnr[:6]}-{pnr[6:]}")
    page.fill("#HDTO", "2015-02-20")
    page.select_option("#KOMK", "0101")
    page.click("#initier")
    page.wait_for_selector("#step-person:not([hidden])")
    page.click("#to-address")
    page.fill("#CADR_VEJKOD", "vesterbrog")
    page.wait_for_selector("#veje li")
    page.click("#vej-0")
    page.fill("#CADR_HUSNR", "999")
    page.wait_for_function("document.getElementById('CADR_HUSNR-findings').textContent.trim()")
    assert "999" in page.inner_text("#CADR_HUSNR-findings")
    assert page.locator("#CADR_HUSNR").get_attribute("aria-invalid") == "true"
    page.fill("#CADR_HUSNR", "5")
    page.fill("#CADR_ETAGE", "3")
    page.fill("#CADR_SIDEDOER", "tv")
    page.wait_for_function("document.getElementById('address-line').textContent.includes('3. tv')")
    assert page.inner_text("#address-line") == "Vesterbrogade 5, 3. tv, 1620 København V"
    assert not page.inner_text("#CADR_HUSNR-findings").strip()
    assert checks == [], checks  # every check so far ran in the page

    page.click("#valider")  # the server's check (and CPR's) at valider time
    page.wait_for_selector("#verdicts:not([hidden])")
    assert "Ingen fejl" in page.inner_text("#verdict-local")
    assert "CPR godkender" in page.inner_text("#verdict-cpr")
