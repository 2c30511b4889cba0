"""In the browser (issue 11): the BKD admin records the decision of an official outside the
portal on a top-of-tree SKP from the signed paper; a committee member asks for the zip of an
agency's evaluation PDFs, watches it being built in the background and downloads it. Each page
read at a phone's width and a desktop's, without accessibility violations."""
import io
import zipfile

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import OutsideDecision
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.conftest import PASSWORD
from tests.http.helpers import advance
from tests.http.test_outside_assessors import PDF, _head_submitted
from tests.e2e.steps import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def log_in(page, base: str, login: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


@DESKTOP
def test_an_admin_records_the_governors_decision_on_a_top_of_tree_skp(
        app, org, live_server, new_page, width, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_DIR", str(tmp_path / "evidence"))
    assessment_id = _head_submitted(org)
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, org.admin.login)
    page.goto(f"{live_server}/admin/outside")
    page.get_by_role("link", name="Drs. Hendra Saputra").click()
    expect(page.get_by_role("heading", name="Drs. Hendra Saputra", level=1)).to_be_visible()
    page.get_by_label("Keputusan", exact=True).select_option("approve_targets")
    page.get_by_label("Nama pejabat").fill("Dr. H. Al Haris, S.Sos., M.H.")
    page.get_by_label("Jabatan pejabat").fill("Gubernur Jambi")
    page.get_by_label("Tanggal dokumen yang ditandatangani").fill("2026-01-20")
    page.get_by_label("Pindaian dokumen (PDF, PNG atau JPEG)").set_input_files(
        {"name": "keputusan.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Catat keputusan").click()
    expect(page.get_by_role("status").first).to_contain_text("Dicatat atas nama Dr. H. Al Haris")
    expect(page.locator("table tbody tr").first).to_contain_text("Gubernur Jambi")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"outside-assessor-{width}.png", full_page=True)
    db.session.expire_all()
    decision = db.session.query(OutsideDecision).one()
    assert decision.assessment.state == "targets_approved"
    assert decision.assessment_id == assessment_id


@PHONE
def test_a_committee_member_builds_and_downloads_the_zip_of_an_agencys_pdfs(
        app, org, live_server, new_page, width, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "BUNDLE_DIR", str(tmp_path / "bundles"))
    advance(org, "approved")
    page = new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    log_in(page, live_server, org.committee.login)
    page.goto(f"{live_server}/monitoring/")
    page.get_by_role("link", name="Unduh dokumen PDF sebuah unit (zip)").click()
    page.get_by_label("Unit kerja (beserta unit di bawahnya)").select_option(
        label="Dinas Kependudukan dan Pencatatan Sipil")
    page.get_by_role("button", name="Susun berkas zip").click()
    link = page.get_by_role("link", name="Unduh berkas zip")
    expect(link).to_be_visible(timeout=30_000)
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"bundle-done-{width}.png", full_page=True)
    with page.expect_download() as download:
        link.click()
    data = open(download.value.path(), "rb").read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["199001102015031003_Andi_Pratama_Evaluasi-Kinerja-2026.pdf"]
    page.goto(f"{live_server}/documents/bundles")
    page.screenshot(path=ARTIFACTS / f"bundles-{width}.png", full_page=True)
