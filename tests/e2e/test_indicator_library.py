"""The indicator library in Chromium (issue 13 item 5): the demo employee, whose SKP is a draft
with no RHK, opens the library from the SKP, copies a Dukcapil template cascaded from the
supervisor's RHK, and finds the RHK with its indicators in the draft."""

import pytest
from playwright.sync_api import expect

from portal.demo import DEMO_EMPLOYEE_NIP
from tests.e2e.steps import log_in

pytestmark = pytest.mark.e2e

TEMPLATE = "Terlaksananya penerbitan dokumen KTP-el tepat waktu"
SUPERVISOR_RHK = "Terlaksananya penerbitan dokumen identitas penduduk tepat waktu"


def test_an_employee_starts_their_skp_from_the_library(app, live_server, new_page, demo_org):
    page = new_page(viewport={"width": 390, "height": 844})
    log_in(page, live_server, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()

    page.get_by_role("link", name="Mulai dari pustaka indikator").click()
    choice = page.locator("section.library-choice")
    expect(choice.get_by_role("heading", name="Mulai dari pustaka indikator")).to_be_visible()
    expect(choice).to_contain_text("Administrasi umum")  # the general templates beside Dukcapil's
    choice.get_by_label(TEMPLATE).check()
    choice.get_by_label("RHK pimpinan yang diintervensi").select_option(label=SUPERVISOR_RHK)
    choice.get_by_role("button", name="Salin ke SKP saya").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "1 RHK dari pustaka indikator ditambahkan")
    targets = page.locator(".rhk-table")
    expect(targets).to_contain_text(TEMPLATE)
    expect(targets).to_contain_text("Jumlah KTP-el yang diterbitkan")
    expect(targets).to_contain_text(SUPERVISOR_RHK)
