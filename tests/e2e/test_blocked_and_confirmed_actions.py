"""A blocked action names what blocks it and leads there; an action is confirmed naming who
follows, cancelling changes nothing and confirming acts once (with and without JavaScript)."""
from decimal import Decimal

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.demo import DEMO_EMPLOYEE_NIP, DEMO_SUPERVISOR_NIP
from portal.demo.org import SUPERVISOR_POST
from portal.demo.people import BY_POST
from portal.extensions import db
from portal.models import Assessment, AuditEvent, Employee, Indicator, Rhk
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.steps import PHONE, expect_step, log_in, log_out

pytestmark = pytest.mark.e2e

SUPERVISOR = BY_POST[SUPERVISOR_POST].post.name
TAMBAHAN = "Tersusunnya laporan bulanan perekaman KTP-el"
LEADER_RHK = "Terlaksananya penerbitan dokumen identitas penduduk tepat waktu"


def _demo_assessment() -> Assessment:
    db.session.expire_all()
    return db.session.scalar(sa.select(Assessment).join(Employee, Employee.id ==
                                                        Assessment.employee_id)
                             .where(Employee.nip == DEMO_EMPLOYEE_NIP))


def _drafted_before_the_leaders_skp_was_fixed() -> int:
    """The demo employee's draft holds an RHK tambahan that intervenes no leader RHK: it was
    saved while the supervisor's SKP was not fixed yet (the form refuses it once it is)."""
    assessment = _demo_assessment()
    rhk = Rhk(kind="tambahan", text=TAMBAHAN)
    rhk.indicators.append(Indicator(aspect="kuantitas", text="Jumlah laporan bulanan",
                                    target_value=Decimal(12), target_unit="laporan"))
    assessment.rhks.append(rhk)
    db.session.commit()
    return rhk.id


def _submissions(assessment_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.assessment_id == assessment_id, AuditEvent.trigger == "submit_targets"))


@PHONE
def test_a_blocked_submit_names_the_rhk_and_the_confirmation_names_the_supervisor(
        app, live_server, new_page, width, demo_org):
    ARTIFACTS.mkdir(exist_ok=True)
    rhk_id = _drafted_before_the_leaders_skp_was_fixed()
    aid = _demo_assessment().id
    base = live_server
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, base, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()

    # Item 3: the disabled action says which RHK blocks it, and its link leads to that RHK.
    submit = page.get_by_role("button", name="Ajukan SKP", exact=True)
    expect(submit).to_be_disabled()
    blocked = page.locator("#blocked-submit_targets")
    reason = blocked.get_by_role(
        "link", name=f"RHK tambahan 1 “{TAMBAHAN}” belum mengintervensi RHK pimpinan")
    expect(reason).to_be_visible()
    page.locator(".actions").screenshot(path=ARTIFACTS / f"blocked-submit-{width}.png")
    reason.click()
    expect(page).to_have_url(f"{base}/assessments/{aid}#rhk-{rhk_id}")
    target = page.locator(f"#rhk-{rhk_id}")
    expect(target).to_contain_text(TAMBAHAN)
    expect(target).to_be_in_viewport()

    # Linking it to the leader's RHK unblocks the action.
    target.locator("summary", has_text="Ubah RHK tambahan 1").click()
    target.get_by_label("RHK pimpinan yang diintervensi").select_option(label=LEADER_RHK)
    target.get_by_role("button", name="Simpan RHK").click()
    expect(page.get_by_role("status")).to_have_text("RHK diperbarui.")
    expect(submit).to_be_enabled()
    expect(page.locator("#blocked-submit_targets")).to_have_count(0)

    # Item 6: the confirmation names the supervisor; cancelling does nothing.
    submit.click()
    confirmation = page.locator("div.confirm")
    expect(confirmation).to_contain_text(
        f"SKP akan dikirim ke {SUPERVISOR} untuk ditetapkan.")
    expect(confirmation).to_contain_text(f"{SUPERVISOR} akan diberi tahu lewat portal.")
    confirm = page.get_by_role("button", name="Ya, Ajukan SKP", exact=True)
    expect(confirm).to_be_focused()  # keyboard users land on it; Tab reaches "Batal"
    page.locator(".actions").screenshot(path=ARTIFACTS / f"confirm-submit-{width}.png")
    page.get_by_role("link", name="Batal").click()
    expect(confirmation).to_have_count(0)
    expect_step(page, "Penyusunan SKP")
    assert (_demo_assessment().state, _submissions(aid)) == ("draft_targets", 0)

    # Confirming acts once, even on a double click, and says what happens next.
    submit.click()
    confirm.dblclick()
    expect_step(page, "SKP diajukan")
    expect(page.get_by_role("status")).to_contain_text(
        f"SKP diajukan. {SUPERVISOR} akan menetapkannya; Anda diberi tahu bila SKP ditetapkan "
        "atau dikembalikan.")
    assert (_demo_assessment().state, _submissions(aid)) == ("targets_submitted", 1)
    log_out(page)


def test_an_action_is_confirmed_without_javascript_too(app, live_server, new_page, demo_org):
    ARTIFACTS.mkdir(exist_ok=True)
    assessment = _demo_assessment()
    base = live_server
    # The demo employee's SKP, submitted with one RHK cascading from the supervisor's.
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, base, DEMO_EMPLOYEE_NIP)
    page.get_by_role("link", name="Buka SKP saya").click()
    new_rhk = page.get_by_role("form", name="Tambah Rencana Hasil Kerja")
    new_rhk.get_by_label("Rencana Hasil Kerja").fill(TAMBAHAN)
    new_rhk.get_by_label("Indikator Kinerja Individu (IKI)").fill("Jumlah laporan bulanan")
    new_rhk.get_by_label("Target").fill("12")
    new_rhk.get_by_label("Satuan").fill("laporan")
    new_rhk.get_by_label("Jenis", exact=True).select_option("tambahan")
    new_rhk.get_by_role("button", name="Tambah RHK").click()
    # Refused at once: an RHK tambahan without the leader's RHK could never be submitted.
    expect(new_rhk.locator("#parent_rhk_id-error")).to_contain_text(
        "Pilih RHK pimpinan yang diintervensi")
    expect(new_rhk.get_by_label("Rencana Hasil Kerja")).to_have_value(TAMBAHAN)
    new_rhk.get_by_label("RHK pimpinan yang diintervensi").select_option(label=LEADER_RHK)
    new_rhk.get_by_role("button", name="Tambah RHK").click()
    expect(page.get_by_role("status")).to_have_text("RHK ditambahkan.")
    page.get_by_role("button", name="Ajukan SKP", exact=True).click()
    page.get_by_role("button", name="Ya, Ajukan SKP", exact=True).click()
    expect_step(page, "SKP diajukan")
    log_out(page)

    plain = new_page(viewport={"width": 390, "height": 900}, java_script_enabled=False)
    log_in(plain, base, DEMO_SUPERVISOR_NIP)
    plain.goto(f"{base}/assessments/{assessment.id}")
    plain.get_by_role("button", name="Tetapkan SKP", exact=True).click()
    expect(plain.locator("div.confirm")).to_contain_text("akan ditetapkan")
    assert _demo_assessment().state == "targets_submitted"  # asking changed nothing
    plain.locator(".actions").screenshot(path=ARTIFACTS / "confirm-without-javascript-390.png")
    plain.get_by_role("button", name="Ya, Tetapkan SKP", exact=True).click()
    expect_step(plain, "SKP ditetapkan")
    expect(plain.locator(".alert-success")).to_contain_text("ditetapkan")
    assert _demo_assessment().state == "targets_approved"
