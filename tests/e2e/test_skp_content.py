"""The SKP's content in Chromium (issue 3): cascaded RHK, a comment on an RHK and a return, the
BerAKHLAK expectations, an annual realisation with an uploaded file, feedback, the rating whose
predikat comes from the matrix, and both official PDF documents."""

import pytest
from playwright.sync_api import Page, expect

from portal.demo import DEMO_EMPLOYEE_NIP, DEMO_SUPERVISOR_NIP
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import expect_step, log_in, log_out, show_section, take_action

pytestmark = pytest.mark.e2e

SUPERVISOR_RHK = "Terlaksananya penerbitan dokumen identitas penduduk tepat waktu"
INDICATOR = "Jumlah KTP-el yang direkam"
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_own_skp(page: Page, base: str) -> None:
    log_in(page, base, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()


def open_team_member(page: Page, base: str, employee_name: str) -> None:
    log_in(page, base, DEMO_SUPERVISOR_NIP)
    page.get_by_role("navigation").get_by_role("link", name="Tim saya").click()
    page.get_by_role("link", name=employee_name, exact=True).click()


def show_annual_period(page: Page) -> None:
    """Pick the annual period, unless it is already shown: clicking it again would swap the step
    in place while the test types, losing what it typed. At review the realisations load on
    demand, below the rating form: the annual period is what they show."""
    if page.get_by_role("link", name="Tampilkan Realisasi dan bukti dukung").count():
        show_section(page, "Realisasi dan bukti dukung")
    annual = page.get_by_role("navigation", name="Periode evaluasi").get_by_role(
        "link", name="Tahunan", exact=True)
    if annual.get_attribute("aria-current") != "page":
        annual.click()
    expect(page.get_by_role("heading", name="Realisasi dan bukti dukung: Tahunan")).to_be_visible()


def test_skp_content_from_cascaded_targets_to_documents(app, live_server, new_page, demo_org):
    base = live_server
    page = new_page(viewport={"width": 1280, "height": 900})

    # The employee drafts an RHK cascaded from the supervisor's RHK and submits.
    open_own_skp(page, base)
    expect_step(page, "Penyusunan SKP")
    employee_name = page.locator("section[aria-label='Pegawai yang dinilai'] dd").first.inner_text()
    new_rhk = page.get_by_role("form", name="Tambah Rencana Hasil Kerja")
    picker = new_rhk.get_by_label("RHK pimpinan yang diintervensi")
    expect(picker.locator("option", has_text=SUPERVISOR_RHK)).to_have_count(1)
    picker.select_option(label=SUPERVISOR_RHK)
    new_rhk.get_by_label("Rencana Hasil Kerja").fill("Terlaksananya perekaman KTP-el tepat waktu")
    new_rhk.get_by_label("Indikator Kinerja Individu (IKI)").fill(INDICATOR)
    new_rhk.get_by_label("Target").fill("1.200")
    new_rhk.get_by_label("Satuan").fill("dokumen")
    new_rhk.get_by_role("button", name="Tambah RHK").click()
    expect(page.get_by_role("status")).to_contain_text("RHK ditambahkan")
    targets = page.get_by_role("region", name="Hasil kerja")
    expect(targets).to_contain_text("1.200 dokumen")
    expect(targets.locator("table.rhk-table")).to_contain_text(SUPERVISOR_RHK)
    take_action(page, "Ajukan SKP")
    expect_step(page, "SKP diajukan")
    log_out(page)

    # The supervisor comments on RHK 1 and returns the SKP with a reason.
    open_team_member(page, base, employee_name)
    expect_step(page, "SKP diajukan")
    comment = "Tambahkan indikator kualitas untuk RHK ini."
    page.get_by_label("Komentar untuk RHK 1").fill(comment)
    page.get_by_role("button", name="Simpan komentar").click()
    expect(page.get_by_role("status")).to_contain_text("Komentar disimpan")
    expect(page.get_by_label("Komentar untuk RHK 1")).to_have_value(comment)
    page.get_by_label("Alasan: Kembalikan SKP").fill("Lihat komentar pada RHK 1.")
    take_action(page, "Kembalikan SKP")
    expect_step(page, "Penyusunan SKP")
    log_out(page)

    # The employee reads the comment, adds the indicator asked for and resubmits.
    open_own_skp(page, base)
    expect_step(page, "Penyusunan SKP")
    expect(page.locator("p.rhk-comment")).to_contain_text(comment)
    assert accessibility_violations(page) == []
    add_indicator = page.locator("details").filter(
        has=page.get_by_text("Tambah indikator untuk RHK 1", exact=True))
    add_indicator.get_by_text("Tambah indikator untuk RHK 1", exact=True).click()
    form = add_indicator.locator("form")
    form.get_by_label("Aspek").select_option("kualitas")
    form.get_by_label("Indikator Kinerja Individu (IKI)").fill("Persentase data tanpa koreksi")
    form.get_by_label("Target").fill("98,5")
    form.get_by_label("Satuan").fill("%")
    form.get_by_role("button", name="Tambah indikator").click()
    expect(page.get_by_role("status")).to_contain_text("Indikator ditambahkan")
    expect(page.get_by_role("region", name="Hasil kerja")).to_contain_text("98,5 %")
    take_action(page, "Ajukan SKP")
    expect_step(page, "SKP diajukan")
    log_out(page)

    # The supervisor writes an expectation for a BerAKHLAK value and fixes the SKP.
    open_team_member(page, base, employee_name)
    expect_step(page, "SKP diajukan")
    expectation = "Melayani perekaman KTP-el kelompok rentan dengan jemput bola."
    page.get_by_label("Ekspektasi khusus pimpinan untuk Berorientasi Pelayanan").fill(expectation)
    page.get_by_role("button", name="Simpan ekspektasi").click()
    expect(page.get_by_role("status")).to_contain_text("Ekspektasi khusus pimpinan disimpan")
    expect(page.get_by_label("Ekspektasi khusus pimpinan untuk Berorientasi Pelayanan")
           ).to_have_value(expectation)
    take_action(page, "Tetapkan SKP")
    expect_step(page, "SKP ditetapkan")
    show_section(page, "Perilaku kerja")  # on demand once the SKP is fixed
    expect(page.locator("tr[data-value=berorientasi_pelayanan] td.expectation")).to_have_text(
        expectation)
    log_out(page)

    # The employee records the annual realisation, uploads a PDF as evidence, submits.
    open_own_skp(page, base)
    expect_step(page, "SKP ditetapkan")
    show_annual_period(page)
    page.get_by_label(f"Realisasi {INDICATOR}").fill("1.150")
    page.get_by_label(f"Keterangan {INDICATOR}").fill("Rekap SIAK Desember")
    page.get_by_label("Realisasi Persentase data tanpa koreksi").fill("99")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect(page.get_by_role("status")).to_contain_text("Realisasi disimpan")
    card = page.get_by_role("article", name=INDICATOR)
    card.get_by_role("link", name="Tambah bukti dukung").click()  # loads the forms
    card.get_by_label(f"Berkas {INDICATOR}").set_input_files(
        {"name": "rekap.pdf", "mimeType": "application/pdf", "buffer": EVIDENCE_PDF})
    card.get_by_role("button", name="Unggah berkas").click()
    expect(page.get_by_role("status")).to_contain_text("Bukti dukung diunggah")
    card = page.get_by_role("article", name=INDICATOR)
    evidence_link = card.locator(".evidence-list").get_by_role("link", name="rekap.pdf")
    expect(evidence_link).to_be_visible()
    with page.expect_download() as info:
        evidence_link.click()
    assert info.value.path().read_bytes() == EVIDENCE_PDF
    take_action(page, "Ajukan penilaian mandiri")
    expect_step(page, "Penilaian mandiri diajukan")
    log_out(page)

    # The supervisor gives feedback on the realisation and rates: Di Atas + Sesuai = Baik.
    open_team_member(page, base, employee_name)
    expect_step(page, "Penilaian mandiri diajukan")
    show_annual_period(page)
    card = page.get_by_role("article", name=INDICATOR)
    expect(card.locator(".realisation")).to_have_text("1.150 dokumen")
    expect(card.locator(".evidence-list")).to_contain_text("rekap.pdf")
    feedback = "Rekap sudah lengkap; lampirkan juga data bulanan."
    card.get_by_label(f"Umpan balik {INDICATOR}").fill(feedback)
    card.get_by_role("button", name="Kirim umpan balik", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Umpan balik disimpan")
    card = page.get_by_role("article", name=INDICATOR)
    expect(card.locator(".feedback-item")).to_contain_text(feedback)
    annual = page.get_by_role("region", name="Penilaian tahunan")
    annual.locator("fieldset", has_text="Rating hasil kerja").get_by_label(
        "Di Atas Ekspektasi").check()
    annual.get_by_label("Justifikasi rating hasil kerja").fill(
        "Target KTP-el terlampaui dan data akurat.")
    annual.locator("fieldset", has_text="Rating perilaku kerja").get_by_label(
        "Sesuai Ekspektasi").check()
    annual.get_by_label("Justifikasi rating perilaku kerja").fill(
        "Berorientasi pelayanan sesuai ekspektasi.")
    annual.get_by_role("button", name="Simpan penilaian").click()
    expect(page.locator(".predikat")).to_have_text("Baik")
    assert accessibility_violations(page) == []
    take_action(page, "Kirim penilaian")
    expect_step(page, "Dinilai atasan")
    expect(page.locator(".predikat")).to_have_text("Baik")

    # Both official documents download as PDF.
    documents = page.locator("#documents")
    for name in ("Dokumen SKP", "Dokumen Evaluasi Kinerja Pegawai Tahunan"):
        with page.expect_download() as info:
            documents.get_by_role("link", name=name, exact=True).click()
        download = info.value
        assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
        assert download.path().read_bytes().startswith(b"%PDF"), name
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "skp-content-rated.png", full_page=True)
