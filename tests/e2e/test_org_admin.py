"""A BKD admin keeps the organisation by hand in the browser (issue 11): a new agency, a unit
under its root, a functional post with its jenjang, and the Dukcapil staff member's reporting
line moved to the Kepala Dinas; the pages read at a phone's width and a desktop's, without
accessibility violations."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Agency, Assessment, Employee, Position
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import DESKTOP

pytestmark = pytest.mark.e2e


@DESKTOP
def test_an_admin_builds_an_agency_and_moves_a_reporting_line(app, org, live_server, new_page,
                                                              width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(org.admin.login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

    page.goto(f"{live_server}/people/")
    expect(page.locator("#holders-admin")).to_contain_text("Admin BKD")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"org-people-{width}.png", full_page=True)
    page.get_by_role("link", name="Instansi baru").click()
    page.get_by_label("Kode instansi").fill("BPBD")
    page.get_by_label("Nama instansi").fill("Badan Penanggulangan Bencana Daerah")
    page.get_by_role("button", name="Buat instansi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Badan Penanggulangan Bencana Daerah")

    page.get_by_role("link", name="Tambah unit").click()
    page.get_by_role("button", name="Tambah unit").click()
    expect(page.get_by_text("Isi nama unit.").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"org-unit-{width}.png", full_page=True)
    page.get_by_label("Nama unit").fill("Bidang Kedaruratan dan Logistik")
    page.get_by_label("Di bawah unit").select_option(label="Badan Penanggulangan Bencana Daerah")
    page.get_by_role("button", name="Tambah unit").click()
    expect(page.locator(".unit-tree")).to_contain_text("Bidang Kedaruratan dan Logistik")

    page.get_by_role("link", name="Tambah jabatan").click()
    page.get_by_label("Unit", exact=True).select_option(label="Bidang Kedaruratan dan Logistik")
    page.get_by_label("Nama jabatan").fill("Analis Kebencanaan")
    page.get_by_label("Jenis jabatan").select_option("Fungsional")
    page.get_by_role("button", name="Tambah jabatan").click()
    expect(page.get_by_text("Jabatan fungsional wajib mempunyai jenjang")).to_be_visible()
    expect(page.get_by_label("Nama jabatan")).to_have_value("Analis Kebencanaan")
    page.get_by_label("Jenjang (khusus jabatan fungsional)").select_option("Ahli Pertama")
    page.get_by_role("button", name="Tambah jabatan").click()
    expect(page.locator("table.posts")).to_contain_text("Fungsional Ahli Pertama")
    expect(page.locator("table.org-events")).to_contain_text("Jabatan ditambahkan")
    assert accessibility_violations(page) == []
    page.screenshot(path=ARTIFACTS / f"org-agency-{width}.png", full_page=True)

    page.goto(f"{live_server}/people/agencies/{org.agency_id}")
    page.get_by_role("link", name="Ubah jabatan Pengelola Data Kependudukan").click()
    page.get_by_label("Atasan langsung (jabatan)").select_option(
        label="Kepala Dinas — Dinas Kependudukan dan Pencatatan Sipil (Drs. Hendra Saputra)")
    assert accessibility_violations(page) == []
    page.screenshot(path=ARTIFACTS / f"org-position-{width}.png", full_page=True)
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("1 penilaian berjalan kini ke pejabat penilai yang baru")) \
        .to_be_visible()
    page.screenshot(path=ARTIFACTS / f"org-dukcapil-{width}.png", full_page=True)

    db.session.expire_all()
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == "BPBD"))
    post = db.session.scalar(sa.select(Position).where(Position.title == "Analis Kebencanaan"))
    assert post.unit.agency_id == agency.id and post.jenjang == "Ahli Pertama"
    assert db.session.get(Assessment, org.assessment_id(org.asn)).assessor_id \
        == db.session.get(Employee, org.head.employee_id).id
