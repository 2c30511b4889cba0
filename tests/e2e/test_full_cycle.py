"""One assessment taken from empty targets to approved in Chromium, by the four people it needs."""
import re

import pytest
from playwright.sync_api import expect

from portal.demo import (
    DEMO_APPROVER_NIP, DEMO_COMMITTEE_LOGIN, DEMO_EMPLOYEE_NIP, DEMO_SUPERVISOR_NIP,
)
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import (
    expect_step, log_in, log_out, open_from_queue, show_history, show_section, take_action,
)

pytestmark = pytest.mark.e2e


def test_one_assessment_goes_from_empty_targets_to_approved(app, live_server, new_page,
                                                            demo_org):
    base = live_server
    page = new_page(viewport={"width": 1280, "height": 900})

    # The employee drafts the SKP: nothing to submit until an RHK with an indicator exists.
    log_in(page, base, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()
    expect_step(page, "Penyusunan SKP")
    employee_name = page.locator("section[aria-label='Pegawai yang dinilai'] dd").first.inner_text()
    expect(page.get_by_role("button", name="Ajukan SKP")).to_be_disabled()
    expect(page.locator("#blocked-submit_targets")).to_contain_text("minimal satu RHK")
    assert accessibility_violations(page) == []

    new_rhk = page.get_by_role("form", name="Tambah Rencana Hasil Kerja")
    new_rhk.get_by_label("Rencana Hasil Kerja").fill("Terlaksananya perekaman KTP-el tepat waktu")
    new_rhk.get_by_label("Indikator Kinerja Individu (IKI)").fill("Jumlah KTP-el yang direkam")
    new_rhk.get_by_label("Target").fill("12.5")  # ambiguous in Indonesian: refused, input kept
    new_rhk.get_by_label("Satuan").fill("dokumen")
    new_rhk.get_by_label("RHK pimpinan yang diintervensi").select_option(
        label="Terlaksananya penerbitan dokumen identitas penduduk tepat waktu")
    new_rhk.get_by_role("button", name="Tambah RHK").click()
    expect(new_rhk.locator(".field.has-error .error")).to_contain_text("Isi angka")
    expect(new_rhk.get_by_label("Rencana Hasil Kerja")).to_have_value(
        "Terlaksananya perekaman KTP-el tepat waktu")
    new_rhk.get_by_label("Target").fill("1.200")
    new_rhk.get_by_role("button", name="Tambah RHK").click()
    expect(page.get_by_role("status")).to_contain_text("RHK ditambahkan")
    targets = page.get_by_role("region", name="Hasil kerja")
    expect(targets).to_contain_text("1.200 dokumen")
    expect(targets).to_contain_text("Terlaksananya penerbitan dokumen identitas penduduk")
    take_action(page, "Ajukan SKP")
    expect_step(page, "SKP diajukan")
    expect(page.locator(".actions")).to_contain_text("Tidak ada tindakan untuk Anda")
    log_out(page)

    # The supervisor sees it waiting in Tim saya, returns it once with a reason.
    log_in(page, base, DEMO_SUPERVISOR_NIP)
    page.get_by_role("navigation").get_by_role("link", name="Tim saya").click()
    row = page.locator("tr", has_text=employee_name)
    expect(row).to_contain_text("menunggu Anda")
    assert accessibility_violations(page) == []
    row.get_by_role("link", name=employee_name, exact=True).click()
    expect_step(page, "SKP diajukan")
    page.get_by_role("button", name="Kembalikan SKP").click()
    expect(page.get_by_role("alert")).to_contain_text("Alasan wajib diisi")
    expect_step(page, "SKP diajukan")
    page.get_by_label("Alasan: Kembalikan SKP").fill("Tambahkan indikator kualitas data.")
    take_action(page, "Kembalikan SKP")
    expect_step(page, "Penyusunan SKP")
    expect(show_history(page)).to_contain_text("Tambahkan indikator kualitas data.")
    log_out(page)

    # The employee adds the indicator asked for and resubmits.
    log_in(page, base, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()
    add_indicator = page.locator("details").filter(
        has=page.get_by_text("Tambah indikator untuk RHK 1", exact=True))
    add_indicator.get_by_text("Tambah indikator untuk RHK 1", exact=True).click()
    form = add_indicator.locator("form")
    form.get_by_label("Aspek").select_option("kualitas")
    form.get_by_label("Indikator Kinerja Individu (IKI)").fill("Persentase data tanpa koreksi")
    form.get_by_label("Target").fill("98,5")
    form.get_by_label("Satuan").fill("%")
    form.get_by_role("button", name="Tambah indikator").click()
    expect(page.get_by_role("region", name="Hasil kerja")).to_contain_text("98,5 %")
    take_action(page, "Ajukan SKP")
    expect_step(page, "SKP diajukan")
    log_out(page)

    # The supervisor fixes (menetapkan) the SKP.
    log_in(page, base, DEMO_SUPERVISOR_NIP)
    open_from_queue(page, "Tim saya", employee_name)
    take_action(page, "Tetapkan SKP")
    expect_step(page, "SKP ditetapkan")
    log_out(page)

    # The employee records realisations and submits the self-assessment.
    log_in(page, base, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()
    expect(page.get_by_role("button", name="Ajukan penilaian mandiri")).to_be_disabled()
    page.get_by_role("link", name="Tahunan", exact=True).click()  # the running quarter opens first
    expect(page.get_by_role("heading", name="Realisasi dan bukti dukung: Tahunan")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?p=0$"))
    page.get_by_label("Realisasi Jumlah KTP-el yang direkam").fill("1.250")
    page.get_by_label("Keterangan Jumlah KTP-el yang direkam").fill("Rekap SIAK Desember")
    page.get_by_label("Realisasi Persentase data tanpa koreksi").fill("99")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect(page.get_by_role("status")).to_contain_text("Realisasi disimpan")
    take_action(page, "Ajukan penilaian mandiri")
    expect_step(page, "Penilaian mandiri diajukan")
    log_out(page)

    # The supervisor rates; the predikat comes from the matrix (Di Atas + Di Atas = Sangat Baik).
    log_in(page, base, DEMO_SUPERVISOR_NIP)
    open_from_queue(page, "Tim saya", employee_name)
    show_section(page, "Realisasi dan bukti dukung")  # below the rating form, on demand
    expect(page.get_by_role("region", name="Realisasi")).to_contain_text("1.250 dokumen")
    annual = page.get_by_role("region", name="Penilaian tahunan")
    annual.locator("fieldset", has_text="Rating hasil kerja").get_by_label(
        "Di Atas Ekspektasi").check()
    annual.get_by_label("Justifikasi rating hasil kerja").fill(
        "Target KTP-el terlampaui dengan data yang akurat.")
    annual.locator("fieldset", has_text="Rating perilaku kerja").get_by_label(
        "Di Atas Ekspektasi").check()
    annual.get_by_label("Justifikasi rating perilaku kerja").fill(
        "Berorientasi pelayanan: jemput bola ke kelompok rentan.")
    annual.get_by_role("button", name="Simpan penilaian").click()
    expect(page.locator(".predikat")).to_have_text("Sangat Baik")
    assert accessibility_violations(page) == []
    take_action(page, "Kirim penilaian")
    expect_step(page, "Dinilai atasan")
    log_out(page)

    # The committee member finds it in the calibration queue and finishes calibration.
    log_in(page, base, DEMO_COMMITTEE_LOGIN)
    page.get_by_role("navigation").get_by_role("link", name="Kalibrasi").click()
    agency = page.get_by_label("Instansi", exact=True)
    agency.select_option(agency.locator("option", has_text="Kependudukan").get_attribute("value"))
    page.get_by_role("button", name="Tampilkan instansi").click()
    expect(page.get_by_role("link", name=employee_name, exact=True)).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name=employee_name, exact=True).click()
    expect(page.locator(".predikat")).to_have_text("Sangat Baik")
    take_action(page, "Selesaikan kalibrasi")
    expect_step(page, "Dikalibrasi")
    log_out(page)

    # The head approves; the assessment is final and its history tells the whole story.
    log_in(page, base, DEMO_APPROVER_NIP)
    open_from_queue(page, "Persetujuan", employee_name)
    take_action(page, "Setujui")
    expect_step(page, "Disetujui")
    expect(page.locator(".actions")).to_contain_text("Tidak ada tindakan untuk Anda")
    history = show_history(page).locator("li")
    expect(history).to_have_count(8)
    expect(history.last).to_contain_text(re.compile(r"Setujui:\s+Dikalibrasi → Disetujui"))
    log_out(page)

    # The employee sees the final predikat.
    log_in(page, base, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()
    expect_step(page, "Disetujui")
    expect(page.locator(".predikat")).to_have_text("Sangat Baik")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "approved-assessment.png", full_page=True)
