"""A BKD admin loads an agency and its people from two files in the browser (issue 11): the
organisation file first, tried as a dry run and then imported from its report; then the
employee file, whose dry run shows a bad NIP row by row before the import; and finds the
people in their posts under their supervisors."""
import csv
import io

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Employee
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, accessibility_violations

pytestmark = pytest.mark.e2e

ORGANISATION = [
    ("kode_instansi", "nama_instansi", "unit", "jabatan", "jenis_jabatan", "jenjang",
     "jabatan_atasan"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "", "Kepala Dinas", "JPT Pratama", "", ""),
    ("DISKOMINFO", "", "Bidang Aplikasi Informatika", "Kepala Bidang Aplikasi Informatika",
     "Administrator", "", "Kepala Dinas"),
    ("DISKOMINFO", "", "Bidang Aplikasi Informatika", "Pranata Komputer", "Fungsional",
     "Ahli Muda", "Kepala Bidang Aplikasi Informatika"),
]
EMPLOYEES = [
    ("NIP", "Nama", "Golongan", "Jenis Jabatan", "Jabatan", "Jenjang", "Unit Kerja",
     "NIP Atasan", "Email", "Status"),
    ("197207141998031004", "Dr. Ir. Ahmad Fauzi, M.T.", "IV/c", "JPT Pratama", "Kepala Dinas",
     "", "Dinas Komunikasi dan Informatika", "", "ahmad.fauzi@jambiprov.go.id", "PNS"),
    ("198001012005011001", "Rina Marlina, S.Kom., M.M.", "IV/a", "Administrator",
     "Kepala Bidang Aplikasi Informatika", "", "Bidang Aplikasi Informatika",
     "197207141998031004", "", "PNS"),
    ("199001012015032002", "Dewi Lestari, S.T.", "III/a", "Fungsional", "Pranata Komputer",
     "Ahli Muda", "Bidang Aplikasi Informatika", "198001012005011001", "", "PNS"),
    ("199002302015031003", "Bayu Saputra", "III/a", "Pelaksana", "Pengelola Data", "",
     "Bidang Aplikasi Informatika", "198001012005011001", "", "PNS"),
]


def _csv(path, rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    return path


def _finish(page: Page, title: str) -> None:
    """Wait for the polled progress to give way to the report."""
    expect(page.locator("#import-report-title")).to_have_text(title, timeout=30_000)


def test_an_admin_loads_an_agency_and_its_people_from_two_files(app, org, live_server,
                                                                 new_page, tmp_path):
    app.config["IMPORT_DIR"] = str(tmp_path / "imports")
    organisation = _csv(tmp_path / "organisasi.csv", ORGANISATION)
    employees = _csv(tmp_path / "pegawai.csv", EMPLOYEES, delimiter=";")
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(org.admin.login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("navigation").get_by_role("link", name="Organisasi").click()
    page.get_by_role("link", name="Impor organisasi").click()
    page.get_by_label("Berkas CSV atau Excel (.xlsx)").set_input_files(organisation)
    page.get_by_label("Uji coba: periksa dan tampilkan perubahan, tanpa menyimpan").check()
    page.get_by_role("button", name="Unggah dan periksa").click()
    _finish(page, "Hasil uji coba")
    expect(page.locator(".import-totals")).to_contain_text("Baru3")
    expect(page.locator(".import-lines")).to_contain_text("Bidang Aplikasi Informatika")
    page.get_by_role("button", name="Impor berkas ini").click()
    _finish(page, "Hasil: Selesai")
    expect(page.get_by_role("status").first).to_contain_text("Impor selesai.")

    page.get_by_role("navigation").get_by_role("link", name="Organisasi").click()
    page.get_by_role("link", name="Impor pegawai").click()
    page.get_by_label("Instansi").select_option(label="DISKOMINFO — Dinas Komunikasi dan "
                                                      "Informatika")
    page.get_by_label("Berkas CSV atau Excel (.xlsx)").set_input_files(employees)
    page.get_by_role("button", name="Unggah dan periksa").click()  # a dry run by default
    _finish(page, "Hasil uji coba")
    bad = page.locator(".import-lines tr.problem")
    expect(bad).to_have_count(1)
    expect(bad).to_contain_text("5")
    expect(bad).to_contain_text("199002302015031003")
    expect(bad).to_contain_text("bukan tanggal lahir yang ada")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employee).where(
        Employee.nip == "199001012015032002")) == 0  # a dry run saves nothing
    page.screenshot(path=ARTIFACTS / "people-dry-run-1280.png", full_page=True)
    page.get_by_role("button", name="Impor berkas ini").click()
    _finish(page, "Hasil: Selesai")
    expect(page.locator(".import-totals")).to_contain_text("Baru3")

    page.get_by_role("navigation").get_by_role("link", name="Organisasi").click()
    page.get_by_role("link", name="Dinas Komunikasi dan Informatika").click()
    posts = page.locator("table.posts")
    expect(posts).to_contain_text("Dewi Lestari, S.T.")
    row = posts.locator("tr", has_text="Pranata Komputer")
    expect(row).to_contain_text("Ahli Muda")
    expect(row).to_contain_text("Rina Marlina, S.Kom., M.M.")  # her supervisor
    expect(page.locator(".unit-tree")).to_contain_text("Bidang Aplikasi Informatika")
    page.screenshot(path=ARTIFACTS / "people-agency-1280.png", full_page=True)
    assert accessibility_violations(page) == []

    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    expect(phone.locator("table.posts")).to_contain_text("Dewi Lestari, S.T.")
    phone.screenshot(path=ARTIFACTS / "people-agency-390.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto(f"{live_server}/people/imports/employees/new")
    phone.screenshot(path=ARTIFACTS / "people-upload-390.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
