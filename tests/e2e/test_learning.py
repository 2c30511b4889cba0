"""A first-time user learns the portal inside it: from the header's help link to their own
role's guide, then through the whole practice assessment with the simulated supervisor, and an
objection to the result; the real SKP is untouched."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Assessment, AuditEvent, PracticeRun
from tests.conftest import PASSWORD
from tests.e2e.conftest import accessibility_violations

pytestmark = pytest.mark.e2e


def test_a_first_time_user_follows_the_guide_and_finishes_the_practice_assessment(
        app, org, live_server, new_page):
    real_events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(org.asn.login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Bantuan").click()
    mine = page.locator(".help-roles.mine")
    expect(mine.get_by_role("link").first).to_have_text("Pegawai")
    mine.get_by_role("link", name="Pegawai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Panduan: Pegawai")
    expect(page.get_by_role("heading", name="1. Perencanaan: menyusun SKP (awal tahun)")
           ).to_be_visible()
    page.get_by_role("link", name="Latihan penilaian").click()

    page.get_by_role("button", name="Mulai latihan penilaian").click()
    practice = page.locator("#practice")
    expect(practice.locator("#practice-step-title .state")).to_have_text("Penyusunan SKP")
    practice.get_by_label("Rencana Hasil Kerja (RHK)").fill(
        "Meningkatnya ketepatan waktu penerbitan KTP-el")
    practice.get_by_label("Indikator Kinerja Individu (IKI)").fill(
        "Jumlah KTP-el yang diterbitkan")
    practice.get_by_label("Target").fill("1.200")
    practice.get_by_label("Satuan").fill("dokumen")
    practice.get_by_role("button", name="Ajukan SKP").click()

    expect(practice.locator("#practice-step-title .state")).to_have_text("SKP diajukan")
    expect(practice).to_contain_text("Pejabat penilai yang sebenarnya kini memeriksa")
    practice.get_by_role("button", name="Lanjutkan: Pejabat penilai (simulasi) bertindak").click()

    expect(practice.locator("#practice-step-title .state")).to_have_text("SKP ditetapkan")
    practice.get_by_label("Realisasi").fill("1.250")
    practice.get_by_label("Bukti dukung (uraian atau tautan)").fill(
        "Rekap SIAK Januari–Desember: https://drive.example.go.id/rekap-ktp.pdf")
    practice.get_by_role("button", name="Simpan realisasi").click()
    practice.get_by_label("Catatan penilaian mandiri").fill("Target terlampaui.")
    practice.get_by_role("button", name="Ajukan penilaian mandiri").click()

    for state, who in (("Penilaian mandiri diajukan", "Pejabat penilai (simulasi)"),
                       ("Dinilai atasan", "Tim penilai kinerja (simulasi)"),
                       ("Dikalibrasi", "Pimpinan instansi (simulasi)")):
        expect(practice.locator("#practice-step-title .state")).to_have_text(state)
        practice.get_by_role("button", name=f"Lanjutkan: {who} bertindak").click()

    expect(practice.locator("#practice-step-title .state")).to_have_text("Disetujui")
    expect(practice.locator("[data-predikat]")).to_have_text("Baik")
    practice.get_by_text("Tidak setuju? Coba mengajukan keberatan (opsional)").click()
    practice.get_by_label("Alasan keberatan").fill("Realisasi melampaui target.")
    practice.get_by_role("button", name="Ajukan keberatan").click()
    practice.get_by_role("button",
                         name="Lanjutkan: Atasan pejabat penilai (simulasi) bertindak").click()
    expect(practice.locator(".objection-decision")).to_contain_text("Keputusan ini final")
    expect(practice).to_contain_text("Selamat, Anda telah menjalani setiap tahap penilaian.")
    assert accessibility_violations(page) == []

    run = db.session.scalar(sa.select(PracticeRun).where(PracticeRun.user_id == org.asn.user_id))
    assert run.state == "approved" and run.data["objection"]["state"] == "decided"
    assert db.session.get(Assessment, org.assessment_id(org.asn)).state == "draft_targets"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == real_events
