"""Opening a period per agency in Chromium (issue 11, item 2).

The BKD admin creates SKP 2027, is refused deadlines out of order (the input kept), fixes them,
opens the year for one agency and watches the background run finish agency by agency; the
periods list then says the year is open for one agency of the demo's.
"""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.demo import DEMO_ADMIN_EMAIL
from portal.extensions import db
from portal.models import Agency, Assessment, Period, PeriodAgency
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import log_in

pytestmark = pytest.mark.e2e

AGENCY = "Dinas Kesehatan"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_an_admin_opens_a_year_for_one_agency_and_watches_it_fill(app, live_server, new_page,
                                                                  demo_org):
    agencies = db.session.scalar(sa.select(sa.func.count()).select_from(Agency))
    agency = db.session.scalar(sa.select(Agency).where(Agency.name.like(f"{AGENCY}%")))
    agency_id, agency_name = agency.id, agency.name
    db.session.commit()

    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, DEMO_ADMIN_EMAIL)
    page.goto(f"{live_server}/admin/periods")
    demo_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="SKP 2026"))
    expect(demo_row).to_contain_text(f"{agencies} dari {agencies} instansi")

    form = page.locator("form").filter(has=page.get_by_role("button", name="Buat periode"))
    form.get_by_label("Tahun").fill("2027")
    for label, day in (("Batas penyusunan SKP", "2027-01-31"),
                       ("Batas penilaian mandiri", "2027-12-15"),
                       ("Batas penilaian atasan", "2027-12-31"),
                       ("Batas kalibrasi", "2028-01-15"), ("Batas persetujuan", "2028-01-31")):
        form.get_by_label(label).fill(day)
    form.get_by_role("button", name="Buat periode").click()
    expect(page.get_by_text("Periode 2027 dibuat.")).to_be_visible()
    page.get_by_role("link", name="SKP 2027", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SKP 2027")

    # Deadlines out of order: refused, the typed date kept.
    deadlines = page.locator("form").filter(has=page.get_by_role("button",
                                                                 name="Simpan batas waktu"))
    deadlines.get_by_label("Batas penilaian atasan").fill("2027-11-30")
    deadlines.get_by_role("button", name="Simpan batas waktu").click()
    expect(page.get_by_text("Batas waktu setiap tahap harus berurutan.")).to_be_visible()
    expect(deadlines.get_by_label("Batas penilaian atasan")).to_have_value("2027-11-30")
    deadlines.get_by_label("Batas penilaian atasan").fill("2027-12-31")
    deadlines.get_by_label(re.compile("Batas evaluasi periodik")).fill("14")
    deadlines.get_by_role("button", name="Simpan batas waktu").click()
    expect(page.get_by_text("Batas waktu SKP 2027 disimpan.")).to_be_visible()
    expect(page.get_by_text("Triwulan I: 14 April 2027")).to_be_visible()

    # Open for one agency: the run goes on in the background and the page polls it.
    page.get_by_label("Instansi yang dipilih", exact=True).check()
    page.get_by_label(agency_name).check()
    page.get_by_role("button", name="Buka periode").click()
    expect(page.get_by_text("Periode 2027 dibuka untuk 1 instansi.")).to_be_visible()
    status = page.locator("#period-opening")
    expect(status.get_by_role("heading")).to_have_text("Pembukaan periode selesai")
    expect(status.locator(f'tr[data-agency="{agency_id}"]')).to_contain_text("Selesai")
    expect(page.get_by_text(f"Dibuka untuk 1 dari {agencies} instansi.")).to_be_visible()
    assert accessibility_violations(page) == []
    _shot(page, "period-opening-1280")
    page.set_viewport_size({"width": 390, "height": 900})
    _shot(page, "period-opening-390")

    page.get_by_role("link", name="Semua periode").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="SKP 2027"))
    expect(row).to_contain_text(f"1 dari {agencies} instansi")
    _shot(page, "periods-list-390")

    db.session.expire_all()
    period_id = db.session.scalar(sa.select(Period.id).where(Period.year == 2027))
    assert set(db.session.scalars(sa.select(PeriodAgency.agency_id).where(
        PeriodAgency.period_id == period_id))) == {agency_id}
    assert set(db.session.scalars(sa.select(Assessment.agency_id).where(
        Assessment.period_id == period_id).distinct())) == {agency_id}
