"""Calibration of a unit, bulk approval, a keberatan and its decision, in Chromium (issue 4).

The demo's Bidang Pelayanan Pencatatan Sipil of Dukcapil has two assessments calibrated and two
(the Kepala Bidang's and the Kepala Seksi's) with a fixed SKP. The test first plays those two
up to "Dinilai atasan" through the services, as the demo seed does, so that the whole unit can be
calibrated; everything after that is done in the browser by the people concerned.
"""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from portal.demo import DEMO_APPROVER_NIP, DEMO_COMMITTEE_LOGIN
from portal.extensions import db
from portal.models import Agency, Assessment, Employee, Position, Unit, User
from portal.rules.predikat import MEETS
from portal.services.execution import execution
from portal.services.people.access import actor_for
from portal.services.review import assessments as service
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import confirm_in_form, expect_step, log_in, log_out, show_history

pytestmark = pytest.mark.e2e

AGENCY = "Dinas Kependudukan dan Pencatatan Sipil"
UNIT = "Bidang Pelayanan Pencatatan Sipil"
CALIBRATION_REASON = "Dua indikator akta kelahiran di bawah target menurut rekap SIAK; sidang TPK."
JUSTIFICATION = "Unit kecil (4 pegawai); sebaran dibahas dan disepakati dalam sidang TPK."
OBJECTION_REASONS = "Rekap SIAK triwulan IV belum dihitung: target akta kelahiran tercapai."
DECISION_TEXT = "Rekap triwulan IV membuktikan target tercapai; rating hasil kerja diubah."


def _actor(employee_id: int):
    return actor_for(db.session.scalar(sa.select(User).where(User.employee_id == employee_id)))


def _assessment_of(employee_id: int) -> Assessment:
    return db.session.scalar(sa.select(Assessment).where(Assessment.employee_id == employee_id))


def _play_to_reviewed(assessment: Assessment) -> None:
    """Realisations, self-assessment, the supervisor's Sesuai/Sesuai rating (Baik), sent on."""
    employee = _actor(assessment.employee_id)
    qualitative = assessment.approach == "kualitatif"
    values = {i.id: (None if qualitative or i.target_value is None else i.target_value,
                     "Sesuai target, bukti dukung lengkap.")
              for rhk in assessment.rhks for i in rhk.indicators
              if i.data_source == "manual"}  # objective ones are computed from service data
    execution.save_realisations(assessment, employee, version=assessment.version, values=values)
    a = service.load(assessment.id)
    service.perform(a, "submit_self_assessment", employee, version=a.version)
    a = service.load(assessment.id)
    assessor = _actor(a.assessor_id)
    service.save_ratings(a, assessor, version=a.version, hasil_kerja=MEETS, perilaku=MEETS,
                         hasil_kerja_note="Realisasi sesuai target.",
                         perilaku_note="Perilaku kerja sesuai nilai-nilai BerAKHLAK.")
    a = service.load(assessment.id)
    service.perform(a, "submit_review", assessor, version=a.version)
    assert service.load(assessment.id).state == "reviewed"


def _count(page: Page, predikat: str):
    return page.locator(f"#distribution tr[data-predikat={predikat}] td").first


def test_calibrated_unit_is_approved_objected_and_decided(app, live_server, new_page, demo_org):
    base = live_server
    agency = db.session.scalar(sa.select(Agency).where(Agency.name.like(f"{AGENCY}%")))
    unit = db.session.scalar(sa.select(Unit).where(Unit.agency_id == agency.id, Unit.name == UNIT))
    people = db.session.scalars(sa.select(Employee).join(
        Position, Employee.position_id == Position.id).where(Position.unit_id == unit.id)).all()
    unit_assessments = [_assessment_of(e.id) for e in people]
    assert sorted(a.state for a in unit_assessments) == [
        "calibrated", "calibrated", "targets_approved", "targets_approved"]
    for a in unit_assessments:
        if a.state == "targets_approved":
            _play_to_reviewed(a)
    # The employee: the Kepala Seksi, rated by the Kepala Bidang, whose own assessor is the
    # atasan pejabat penilai kinerja who decides the objection.
    target = next(a for a in unit_assessments
                  if a.state == "reviewed" and a.assessor_id in {e.id for e in people})
    employee = db.session.get(Employee, target.employee_id)
    employee_name, employee_nip = employee.name, employee.nip
    assessment_id = target.id
    assessor_assessment = _assessment_of(target.assessor_id)
    atasan = db.session.get(Employee, assessor_assessment.assessor_id)
    atasan_nip, atasan_name = atasan.nip, atasan.name
    db.session.commit()  # nothing pending; the server reads through its own sessions

    page = new_page(viewport={"width": 1280, "height": 900})

    # 1. The committee member calibrates the unit on /calibration/.
    log_in(page, base, DEMO_COMMITTEE_LOGIN)
    page.get_by_role("navigation").get_by_role("link", name="Kalibrasi").click()
    choice = page.get_by_label("Instansi", exact=True)
    choice.select_option(choice.locator("option", has_text="Kependudukan").get_attribute("value"))
    page.get_by_role("button", name="Tampilkan instansi").click()
    expect(page.locator("p.lead")).to_contain_text(AGENCY)
    unit_filter = page.get_by_label("Unit kerja")
    unit_filter.fill("pencatatan")  # the picker suggests the units whose path holds the text
    suggestion = page.locator(f'#filter-unit-options option[value$="{UNIT}"]')
    expect(suggestion).to_have_count(1)
    unit_filter.fill(suggestion.get_attribute("value"))
    unit_filter.press("Enter")
    expect(page.get_by_role("heading", name=f"Sebaran predikat: {UNIT}")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"unit={unit.id}"))
    rows = page.locator("table.calibration-list tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator("#distribution tfoot td.num")).to_have_text("4")
    baik, butuh = _count(page, "baik"), _count(page, "butuh_perbaikan")
    expect(baik).to_have_text("3")  # Azhar and the two just rated
    expect(butuh).to_have_text("1")  # Dwi Lestari
    assert accessibility_violations(page) == []

    row = page.locator(f"#calibration-row-{assessment_id}")
    expect(row).to_contain_text(employee_name)
    expect(row.locator(".predikat")).to_have_text("Baik")
    row.get_by_text("Ubah rating").click()
    row.get_by_label("Rating hasil kerja").select_option(label="Di Bawah Ekspektasi")
    page.evaluate("window.__marker = 'no reload'")
    row.get_by_role("button", name="Simpan perubahan rating").click()
    # Without a reason the change is refused and the rating kept.
    expect(row.get_by_role("alert")).to_have_text("Periksa isian perubahan rating.")
    expect(row.locator(".field.has-error .error")).to_have_text("Alasan wajib diisi.")
    expect(row.locator(".predikat")).to_have_text("Baik")
    row.get_by_label("Alasan perubahan").fill(CALIBRATION_REASON)
    row.get_by_role("button", name="Simpan perubahan rating").click()
    expect(row.locator(".predikat")).to_have_text("Butuh Perbaikan")
    expect(row.locator(".row-ratings")).to_contain_text("semula: Sesuai Ekspektasi")
    # The distribution panel re-fetched itself (htmx), the page was not reloaded.
    expect(baik).to_have_text("2")
    expect(butuh).to_have_text("2")
    assert page.evaluate("window.__marker") == "no reload"

    finish = page.locator("#distribution form.finish")
    expect(finish).to_contain_text("2 penilaian berstatus Dinilai atasan")
    # The demo head has recorded the organisation predikat (Baik); this test's database holds
    # no spread rules, so no rule is broken and the justification is optional; the committee
    # gives one anyway.
    expect(page.locator("#organisation-predikat .org-predikat")).to_have_text("Baik")
    expect(page.locator("#distribution")).to_contain_text(
        "Tidak ada aturan sebaran untuk predikat organisasi Baik")
    expect(page.locator("#justification-hint")).to_have_text(
        "Tidak wajib bila sebaran memenuhi aturan.")
    finish.get_by_label("Justifikasi sebaran").fill(JUSTIFICATION)
    confirm_in_form(finish, "Selesaikan kalibrasi unit", "Ya, selesaikan kalibrasi")
    expect(page.locator("#distribution")).to_contain_text(
        "Tidak ada penilaian berstatus Dinilai atasan di unit ini.")
    expect(page.locator("#distribution")).to_contain_text(JUSTIFICATION)
    expect(rows.locator(".badge")).to_have_text(["Dikalibrasi"] * 4)
    log_out(page)

    # 2. The head approves the whole unit at once.
    log_in(page, base, DEMO_APPROVER_NIP)
    page.get_by_role("navigation").get_by_role("link", name="Persetujuan").click()
    expect(page.get_by_role("link", name=employee_name, exact=True)).to_be_visible()
    page.get_by_label("Unit", exact=True).select_option(label=UNIT)
    confirm_in_form(page.locator("form[action$='/approvals/unit']"), "Setujui semua penilaian unit ini", "Ya, setujui semua")
    expect(page.locator(".alert-success")).to_contain_text(f"4 penilaian {UNIT} disetujui")
    expect(page.get_by_role("link", name=employee_name, exact=True)).to_have_count(0)
    log_out(page)

    # 3. The employee sees the final predikat and the committee's reason, and objects.
    log_in(page, base, employee_nip)
    page.get_by_role("link", name="Buka SKP saya").click()
    expect_step(page, "Disetujui")
    expect(page.locator(".predikat").first).to_have_text("Butuh Perbaikan")
    expect(page.locator(".original-ratings")).to_contain_text("Sesuai Ekspektasi")
    history = show_history(page)
    expect(history).to_contain_text(CALIBRATION_REASON)
    expect(history.locator("li").last).to_contain_text("Dikalibrasi → Disetujui")
    objection = page.locator("#objection")
    expect(objection.locator(".objection-clock")).to_contain_text("sisa 14 hari")
    objection.get_by_label("Alasan keberatan").fill(OBJECTION_REASONS)
    objection.get_by_label("Bukti dukung (tautan atau uraian)").fill(
        "Rekap SIAK Desember 2026, lembar akta kelahiran.")
    confirm_in_form(objection, "Ajukan keberatan", "Ya, ajukan keberatan")
    case = page.locator("#objection .objection-case")
    expect(case.locator("dd .badge")).to_have_attribute("data-objection-state", "filed")
    expect(case).to_contain_text(atasan_name)
    expect(case).to_contain_text(OBJECTION_REASONS)
    log_out(page)

    # 4. The atasan pejabat penilai kinerja decides: the ratings are changed.
    log_in(page, base, atasan_nip)
    page.get_by_role("navigation").get_by_role("link", name="Keberatan").click()
    waiting = page.locator("tr", has_text=employee_name)
    expect(waiting).to_contain_text("menunggu Anda")
    waiting.get_by_role("link", name=employee_name, exact=True).click()
    decision = page.locator("form.objection-decision")
    decision.get_by_label("Hasil penilaian diubah").check()
    decision.locator("fieldset", has_text="Rating hasil kerja (bila diubah)").get_by_label(
        "Sesuai Ekspektasi").check()
    decision.locator("fieldset", has_text="Rating perilaku kerja (bila diubah)").get_by_label(
        "Sesuai Ekspektasi").check()
    decision.get_by_label("Keputusan tertulis").fill(DECISION_TEXT)
    confirm_in_form(decision, "Putuskan", "Ya, putuskan keberatan")
    outcome = page.locator(".objection-outcome")
    expect(outcome).to_contain_text("Diputus: hasil penilaian diubah; keputusan final.")
    expect(page.locator("form.objection-decision")).to_have_count(0)
    log_out(page)

    # 5. The employee sees the outcome, the history and the notifications.
    log_in(page, base, employee_nip)
    badge = page.locator("#notification-badge")
    expect(badge).to_have_text(re.compile(r"Notifikasi \(\d+ belum dibaca\)"))
    page.get_by_role("link", name="Buka SKP saya").click()
    expect_step(page, "Disetujui")
    expect(page.locator(".predikat").first).to_have_text("Baik")
    outcome = page.locator(".objection-outcome")
    expect(outcome).to_contain_text("keputusan final")
    expect(outcome).to_contain_text(DECISION_TEXT)
    expect(outcome).to_contain_text("predikat Butuh Perbaikan")
    expect(page.get_by_role("button", name="Ajukan keberatan")).to_have_count(0)
    history = show_history(page)
    expect(history).to_contain_text(CALIBRATION_REASON)
    expect(history).to_contain_text("Keputusan atas keberatan")
    expect(history).to_contain_text(DECISION_TEXT)

    page.locator("#notification-badge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifikasi")
    notes = page.locator("li.notification")
    calibrated_note = notes.filter(has_text="Rating diubah dalam kalibrasi")
    expect(calibrated_note).to_have_count(1)
    expect(calibrated_note).to_contain_text(CALIBRATION_REASON)
    # Approved: their own, and the two of the unit they rate as Kepala Seksi.
    approved_notes = notes.filter(has_text="Penilaian kinerja disetujui")
    expect(approved_notes).to_have_count(3)
    expect(approved_notes.filter(has_text=employee_name)).to_have_count(1)
    decided_note = notes.filter(has_text="Keberatan telah diputus")
    expect(decided_note).to_have_count(1)
    expect(decided_note).to_contain_text(atasan_name)
    expect(decided_note.locator(".tag")).to_have_text("Baru")
    unread = notes.filter(has=page.locator(".tag", has_text="Baru")).count()
    expect(page.locator("#notification-badge")).to_have_text(
        f"Notifikasi ({unread} belum dibaca)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "calibration-to-objection.png", full_page=True)
