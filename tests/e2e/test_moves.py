"""A BKD admin records a mid-year move in the browser (issue 11): from the agency's posts to
the Kepala Bidang's page, a mutasi to a vacant post of another agency, and the history of her
posts; the page read at a phone's width and a desktop's, without accessibility violations."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Assessment, Position, Unit
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import PHONE

pytestmark = pytest.mark.e2e


@PHONE
def test_an_admin_records_a_mutasi_and_reads_the_history(app, org, live_server, new_page,
                                                           width):
    unit = db.session.scalar(sa.select(Unit).where(Unit.name == "Dinas Kesehatan"))
    db.session.add(Position(unit=unit, title="Sekretaris Dinas", jenis_jabatan="Administrator"))
    db.session.commit()
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(org.admin.login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

    page.goto(f"{live_server}/people/agencies/{org.agency_id}")
    page.get_by_role("link", name="Rahmawati, S.Sos").click()
    expect(page.get_by_role("heading", name="Rahmawati, S.Sos", level=1)).to_be_visible()
    page.get_by_label("Instansi tujuan").select_option(label="DINKES — Dinas Kesehatan")
    page.get_by_role("button", name="Tampilkan jabatannya").click()
    page.get_by_label("Jenis").select_option("mutasi")
    page.get_by_label("Jabatan tujuan").select_option(label="Sekretaris Dinas")
    page.get_by_label("Berlaku mulai").fill("2026-07-01")
    page.get_by_role("button", name="Simpan perpindahan").click()

    rows = page.locator("table.postings tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Sekretaris Dinas")
    expect(rows.nth(0)).to_contain_text("1 Juli 2026")
    expect(rows.nth(1)).to_contain_text("Kepala Bidang Pelayanan Pendaftaran Penduduk")
    expect(rows.nth(1)).to_contain_text("tidak tercatat")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"moves-employee-{width}.png", full_page=True)
    db.session.expire_all()
    assert db.session.get(Assessment, org.assessment_id(org.asn)).assessor_id \
        == org.head.employee_id
