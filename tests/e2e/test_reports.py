"""Laporan and the employee's history in Chromium (issue 11.4): the BKD admin reads the province's
reports and narrows them to one agency's units (htmx swaps them under the CSP), each chart an
inline SVG beside its table; the employee opens "Riwayat saya". Screenshots at 390 and 1280 px."""
import re

import pytest
from playwright.sync_api import expect

from portal.demo import DEMO_ADMIN_EMAIL, DEMO_SUPERVISOR_NIP
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import DESKTOP, PHONE, log_in

pytestmark = pytest.mark.e2e


def _looked_at(page, name: str) -> None:
    """No sideways scrolling of the page, no serious accessibility violation; a screenshot."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


@DESKTOP
def test_the_admin_reads_the_reports_and_narrows_them_to_one_agency(
        app, live_server, new_page, width, demo_org):
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, DEMO_ADMIN_EMAIL)

    page.get_by_role("link", name="Laporan").click()
    expect(page.get_by_role("heading",
                            name="Sebaran predikat terhadap aturan sebaran")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(3)
    _looked_at(page, f"reports-{width}")

    page.get_by_label("Instansi", exact=True).select_option(
        label="Dinas Kependudukan dan Pencatatan Sipil Provinsi Jambi (per unit)")
    expect(page.get_by_role("columnheader", name="Unit kerja").first).to_be_visible()
    assert "agency=" in page.url  # the choice is in the address, to share or reload
    expect(page.locator("svg[role=img]")).to_have_count(3)
    _looked_at(page, f"reports-agency-{width}")


@PHONE
def test_a_supervisor_opens_their_own_history_and_a_team_members(
        app, live_server, new_page, width, demo_org):
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, DEMO_SUPERVISOR_NIP)

    page.get_by_role("link", name="Riwayat saya").click()
    expect(page.get_by_role("heading", name="Riwayat penilaian")).to_be_visible()
    expect(page.locator("section[data-assessment]").first).to_be_visible()
    _looked_at(page, f"history-own-{width}")

    page.get_by_role("link", name="Tim saya").click()
    page.get_by_role("link", name=re.compile("^Riwayat penilaian ")).first.click()
    expect(page.get_by_role("heading", name="Riwayat penilaian")).to_be_visible()
    expect(page.locator("a", has_text="Dokumen SKP").first).to_be_visible()
    _looked_at(page, f"history-team-{width}")
