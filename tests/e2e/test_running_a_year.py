"""A BKD admin runs a year from an empty database in the browser (issue 11, "done when"): the
first admin, made by `flask create-admin`, chooses a password; imports an organisation and its
people from two files; creates and opens a period for all agencies; watches the monitoring page
fill as two employees work; reminds the late ones after a preview; downloads the list as .xlsx.
"""
import datetime as dt
import io
import re

import openpyxl
import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Assessment, Employee, ReminderLog, User
from portal.services import clock
from portal.services.people import accounts
from tests.conftest import fill_targets
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import expect_step, log_out, take_action
from tests.e2e.test_people_import import EMPLOYEES, ORGANISATION, _csv

pytestmark = pytest.mark.e2e

ADMIN = "admin.bkd@jambiprov.go.id"
HEAD, SUPERVISOR, EMPLOYEE = "197207141998031004", "198001012005011001", "199001012015032002"


def _sign_in(page: Page, base: str, login: str, password: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def _choose_password(page: Page, base: str, login: str, temporary: str, chosen: str) -> None:
    """First sign-in with a temporary password: held on the change page until a new one."""
    _sign_in(page, base, login, temporary)
    expect(page.get_by_role("heading", name="Ganti kata sandi")).to_be_visible()
    page.get_by_label("Kata sandi sekarang").fill(temporary)
    page.get_by_label("Kata sandi baru", exact=True).fill(chosen)
    page.get_by_label("Ulangi kata sandi baru").fill(chosen)
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_role("status").first).to_contain_text("Kata sandi diganti.")


def _import(page: Page, link: str, path, agency: str | None = None) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Organisasi").click()
    page.get_by_role("link", name=link).click()
    if agency:
        page.get_by_label("Instansi").select_option(label=agency)
    page.get_by_label("Berkas CSV atau Excel (.xlsx)").set_input_files(path)
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("#import-report-title")).to_have_text("Hasil uji coba", timeout=30_000)
    page.get_by_role("button", name="Impor berkas ini").click()
    expect(page.locator("#import-report-title")).to_have_text("Hasil: Selesai", timeout=30_000)


def _figure(page: Page, state: str):
    return page.locator(f'.monitoring-states tr[data-state="{state}"] td').first


def _assessment(nip: str) -> int:
    return db.session.scalar(sa.select(Assessment.id).join(
        Employee, Assessment.employee_id == Employee.id).where(Employee.nip == nip))


def test_a_bkd_admin_runs_a_year_from_two_files_without_the_command_line(
        app, live_server, new_page, tmp_path):
    app.config["IMPORT_DIR"] = str(tmp_path / "imports")
    created = app.test_cli_runner().invoke(args=["create-admin", ADMIN, "Siti Rahma, S.Kom."])
    temporary = re.search(r"Temporary password .*: (\S+)", created.output).group(1)
    page = new_page(viewport={"width": 1280, "height": 900})
    _choose_password(page, live_server, ADMIN, temporary, "admin-bkd-jambi-2026")

    # The organisation and its people, from the files the agency already has.
    _import(page, "Impor organisasi", _csv(tmp_path / "organisasi.csv", ORGANISATION))
    _import(page, "Impor pegawai", _csv(tmp_path / "pegawai.csv", EMPLOYEES, delimiter=";"),
            agency="DISKOMINFO — Dinas Komunikasi dan Informatika")  # the bad NIP row is left

    # This year: SKP planning was due yesterday, so whoever has not submitted it is late; the
    # later steps are weeks away.
    today = clock.today()
    page.goto(f"{live_server}/admin/periods")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Buat periode"))
    form.get_by_label("Tahun").fill(str(today.year))
    for label, days in (("Batas penyusunan SKP", -1), ("Batas penilaian mandiri", 30),
                        ("Batas penilaian atasan", 40), ("Batas kalibrasi", 50),
                        ("Batas persetujuan", 60)):
        form.get_by_label(label).fill((today + dt.timedelta(days=days)).isoformat())
    form.get_by_role("button", name="Buat periode").click()
    page.get_by_role("link", name=f"SKP {today.year}", exact=True).click()
    page.get_by_label("Semua instansi").check()
    page.get_by_role("button", name="Buka periode").click()
    expect(page.locator("#period-opening").get_by_role("heading")).to_have_text(
        "Pembukaan periode selesai", timeout=30_000)

    page.get_by_role("navigation").get_by_role("link", name="Pemantauan").click()
    expect(page.locator("[data-total]")).to_have_text("3")
    expect(_figure(page, "draft_targets")).to_have_text("3")
    expect(page.locator("[data-overdue-total]")).to_have_text("3")

    # Two employees work: the staff member submits her SKP, her supervisor fixes it.
    for nip, chosen in ((SUPERVISOR, "rina-memilih-2026"), (EMPLOYEE, "dewi-memilih-2026")):
        password = accounts.reset_password(db.session.scalar(sa.select(User).where(
            User.email == ADMIN)), db.session.scalar(sa.select(User).join(Employee).where(
                Employee.nip == nip)), "Akun baru, diserahkan langsung")
        worker = new_page(viewport={"width": 390, "height": 844})
        _choose_password(worker, live_server, nip, password, chosen)
        worker.context.close()
    fill_targets(_assessment(EMPLOYEE))  # her RHK drafted (and her supervisor's fixed)
    staff = new_page(viewport={"width": 390, "height": 844})
    _sign_in(staff, live_server, EMPLOYEE, "dewi-memilih-2026")
    staff.get_by_role("link", name="Buka SKP saya").click()
    take_action(staff, "Ajukan SKP")
    expect_step(staff, "SKP diajukan")
    log_out(staff)
    _sign_in(staff, live_server, SUPERVISOR, "rina-memilih-2026")
    staff.get_by_role("navigation").get_by_role("link", name="Tim saya").click()
    staff.get_by_role("link", name="Dewi Lestari, S.T.", exact=True).click()
    take_action(staff, "Tetapkan SKP")
    expect_step(staff, "SKP ditetapkan")

    page.reload()  # the figures also refresh themselves every minute
    expect(_figure(page, "draft_targets")).to_have_text("1")
    expect(_figure(page, "targets_approved")).to_have_text("2")
    expect(page.locator("[data-overdue-total]")).to_have_text("1")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "running-a-year-monitoring-1280.png", full_page=True)

    # Remind the late: a preview names who gets what, then exactly that is sent.
    page.get_by_label("Hanya yang terlambat").check()
    expect(page).to_have_url(re.compile("overdue=1"))
    page.get_by_role("link", name="Ingatkan pegawai dalam saringan ini…").click()
    planned = int(page.locator("[data-planned]").get_attribute("data-planned"))
    assert planned >= 1
    expect(page.locator("main")).to_contain_text("Dr. Ir. Ahmad Fauzi, M.T.")
    page.get_by_role("button", name=f"Kirim {planned} pengingat").click()
    expect(page.locator("[data-sent]")).to_have_attribute("data-sent", str(planned))
    reminded = set(db.session.scalars(sa.select(ReminderLog.assessment_id)))
    assert reminded == {_assessment(HEAD)}  # the late one only, not those who finished the step

    # The whole list as a real workbook.
    page.get_by_role("navigation").get_by_role("link", name="Pemantauan").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh Excel (.xlsx)").first.click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Pegawai", "NIP")
    assert sorted(row[1] for row in rows[1:]) == sorted([HEAD, SUPERVISOR, EMPLOYEE])
