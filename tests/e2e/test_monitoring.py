"""Pemantauan in Chromium (issue 11.3): the BKD admin narrows the province to one agency and the
late (htmx swaps the figures under the CSP), the chart loads as an image beside its table, and
the late are reminded after a preview; screenshots at 390 and 1280 px."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.demo import DEMO_ADMIN_EMAIL
from portal.extensions import db
from portal.models import Agency, Employee, Position, ReminderLog, Unit
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import PHONE, log_in

pytestmark = pytest.mark.e2e


@PHONE
def test_the_admin_filters_the_monitoring_page_and_reminds_the_late(
        app, live_server, new_page, width, demo_org):
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, DEMO_ADMIN_EMAIL)

    page.get_by_role("link", name="Pemantauan").click()
    expect(page.get_by_role("heading", name="Penilaian per tahap")).to_be_visible()
    agency = page.get_by_label("Instansi")
    first_agency = agency.locator("option").nth(1).text_content()
    agency.select_option(label=first_agency)
    expect(page.get_by_label("Unit kerja")).to_be_visible()  # the swap brought the agency's units
    assert "agency=" in page.url  # the filter is in the address, to share or reload
    # The unit picker (shared with calibration): suggestions as one types, then the unit chosen.
    unit = db.session.scalar(
        sa.select(Unit).where(Unit.agency_id == int(agency.input_value()),
                              Unit.parent_id.is_not(None)).order_by(Unit.id))
    unit_filter = page.get_by_label("Unit kerja")
    unit_filter.fill(unit.name[: len(unit.name) // 2 + 3].lower())
    suggestion = page.locator(f'#monitoring-unit-options option[value$="{unit.name}"]')
    expect(suggestion).not_to_have_count(0)
    unit_filter.fill(suggestion.first.get_attribute("value"))
    unit_filter.press("Tab")  # a change: htmx swaps the figures and the address gets the unit
    expect(page).to_have_url(re.compile(rf"unit={unit.id}"))
    expect(page.get_by_label("Unit kerja")).to_have_value(re.compile(f"{re.escape(unit.name)}$"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("form.monitoring-filters").screenshot(
        path=ARTIFACTS / f"monitoring-filters-{width}.png")
    page.get_by_label("Hanya yang terlambat").check()
    expect(page.locator("#monitoring-figures")).to_be_visible()
    page.wait_for_load_state("networkidle")
    chart = page.locator(".monitoring-completion img")
    if chart.count():
        assert page.evaluate("(img) => img.naturalWidth > 0", chart.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"monitoring-{width}.png", full_page=True)

    page.get_by_label("Hanya yang terlambat").uncheck()  # every waiting step, due or late
    page.get_by_role("link", name="Ingatkan pegawai dalam saringan ini…").click()
    planned = int(page.locator("[data-planned]").get_attribute("data-planned"))
    assert planned > 0
    page.screenshot(path=ARTIFACTS / f"monitoring-remind-{width}.png", full_page=True)
    page.get_by_role("button", name=f"Kirim {planned} pengingat").click()
    expect(page.locator("[data-sent]")).to_have_attribute("data-sent", str(planned))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReminderLog)) == planned


def _staff_without_skp(agency_code: str, count: int) -> None:
    """count active employees of the agency's root unit with no assessment (test set-up)."""
    unit = db.session.scalar(sa.select(Unit).join(Agency, Agency.id == Unit.agency_id)
                             .where(Agency.code == agency_code, Unit.parent_id.is_(None)))
    for i in range(count):
        position = Position(unit_id=unit.id, title=f"Staf Baru {i}", jenis_jabatan="Pelaksana")
        db.session.add_all([position, Employee(
            nip=f"19950505202001{i + 1:04d}", name=f"Staf Baru {i:02d}", golongan="II/a",
            jenis_jabatan="Pelaksana", position=position)])
    db.session.commit()


@PHONE
def test_the_admin_pages_through_an_exception_list(app, live_server, new_page, width,
                                                   demo_org):
    _staff_without_skp("DISDUKCAPIL", 25)
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, DEMO_ADMIN_EMAIL)

    page.get_by_role("link", name="Pemantauan").click()
    # The monitoring page has landed (and htmx has wired its filters) before one is changed:
    # on a busy machine a change made earlier was lost with the page it was made on.
    expect(page.get_by_role("heading", name="Penilaian per tahap")).to_be_visible()
    page.get_by_label("Instansi").select_option(
        label="Dinas Kependudukan dan Pencatatan Sipil Provinsi Jambi")
    expect(page).to_have_url(re.compile("agency="))  # the swap for the agency has landed
    pages = page.get_by_role("navigation", name="Halaman daftar: Pegawai aktif tanpa SKP pada "
                                                "periode ini")
    expect(pages).to_be_visible()
    pages.get_by_role("link", name="Berikutnya →").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Pegawai aktif tanpa SKP")
    assert "page=2" in page.url and "agency=" in page.url
    expect(page.locator("li[data-employee]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"monitoring-exceptions-{width}.png", full_page=True)
    page.get_by_role("link", name="← Sebelumnya").click()
    assert "page=1" in page.url
    page.get_by_role("link", name="← Kembali ke pemantauan").click()
    expect(page.get_by_role("heading", name="Penilaian per tahap")).to_be_visible()
