"""Exports in Chromium (issue 11.4): the BKD admin narrows Pemantauan to one agency and
downloads its list and its SKP22 file, which open in openpyxl with the page's rows; the
supervisor downloads Tim saya. Screenshots of the pages with their links at 390 and 1280 px."""
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import expect

from portal.demo import DEMO_ADMIN_EMAIL, DEMO_SUPERVISOR_NIP
from portal.extensions import db
from portal.models import Assessment
from portal.rules import skp22
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.steps import DESKTOP, log_in

pytestmark = pytest.mark.e2e


def _download(page, link):
    """Click link, wait for the file, and read it: (file name, rows as values)."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    with open(download.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).worksheets[0]
    return download.suggested_filename, list(sheet.iter_rows(values_only=True))


@DESKTOP
def test_the_admin_downloads_an_agencys_list_and_its_skp22_file(app, live_server, new_page,
                                                                width, demo_org):
    page = new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    log_in(page, live_server, DEMO_ADMIN_EMAIL)
    page.get_by_role("navigation").get_by_role("link", name="Pemantauan").click()
    # htmx binds the filters once the page has loaded: a choice made before goes unsent.
    page.wait_for_url("**/monitoring/")
    page.wait_for_load_state("load")
    agency = page.get_by_label("Instansi")
    agency.select_option(label="Dinas Kependudukan dan Pencatatan Sipil Provinsi Jambi")
    expect(page.get_by_label("Unit kerja")).to_be_visible()
    agency_id = int(agency.input_value())

    name, rows = _download(page, page.get_by_role("link", name="Unduh Excel (.xlsx)"))
    stored = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment).where(
        Assessment.agency_id == agency_id))
    assert name.startswith("pemantauan-") and name.endswith(".xlsx")
    assert rows[0][:2] == ("Pegawai", "NIP") and len(rows) - 1 == stored

    name, rows = _download(page, page.get_by_role("link", name="Unduh SKP22 (.xlsx)"))
    approved = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment).where(
        Assessment.agency_id == agency_id, Assessment.state == "approved"))
    assert rows[0] == skp22.FIELDS and len(rows) - 1 == approved > 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".monitoring-skp22").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"exports-monitoring-{width}.png")


def test_the_supervisor_downloads_the_team_list(app, live_server, new_page, demo_org):
    page = new_page(viewport={"width": 390, "height": 900}, accept_downloads=True)
    log_in(page, live_server, DEMO_SUPERVISOR_NIP)
    page.get_by_role("navigation").get_by_role("link", name="Tim saya").click()

    name, rows = _download(page, page.get_by_role("link", name="Unduh Excel (.xlsx)"))

    assert name.startswith("tim-") and len(rows) > 1
    page.screenshot(path=ARTIFACTS / "exports-team-390.png", full_page=True)
