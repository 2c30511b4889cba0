"""A supervisor agrees a development plan with an employee in the browser (issue 13): after a
Butuh Perbaikan is approved and BKD accepts the proposed plan, the employee opens it from their
assessment, adds a line and agrees; the supervisor agrees and records the first check-in."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import DevelopmentPlan, FollowUp
from portal.services.careers import followup as service
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.http.helpers import actor
from tests.http.test_followup import approved_quickly

pytestmark = pytest.mark.e2e


def _log_in(page, base, login):
    page.goto(f"{base}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_a_supervisor_agrees_a_development_plan_with_an_employee(app, org, live_server,
                                                                 new_page):
    assessment_id = approved_quickly(org, "below", "meets")
    found = db.session.scalar(sa.select(FollowUp).where(FollowUp.assessment_id == assessment_id))
    service.decide(found, actor(org.admin), "accept")

    employee = new_page(viewport={"width": 1280, "height": 900})
    _log_in(employee, live_server, org.asn.login)
    employee.goto(f"{live_server}/assessments/{assessment_id}")
    section = employee.locator("#followup-summary")
    expect(section).to_contain_text("Pembinaan: rencana pengembangan")
    section.get_by_role("link", name="Buka rencana pengembangan").click()
    expect(employee.get_by_role("heading", level=1)).to_contain_text("Rencana pengembangan")
    employee.get_by_role("textbox", name="Sasaran").fill("Menguasai aplikasi SIAK terpusat")
    employee.get_by_label("Langkah/kegiatan").fill("Belajar bersama operator senior tiap pekan")
    employee.get_by_label("Dukungan").select_option("mentoring")
    employee.get_by_role("button", name="Tambah butir").click()
    expect(employee.locator("table.plan-items tbody tr")).to_have_count(2)
    employee.get_by_role("button", name="Setujui rencana ini").click()
    expect(employee.locator("[data-agreed=employee]")).to_contain_text("setuju")

    supervisor = new_page(viewport={"width": 1280, "height": 900})
    _log_in(supervisor, live_server, org.supervisor.login)
    supervisor.goto(f"{live_server}/assessments/{assessment_id}")
    supervisor.locator("#followup-summary").get_by_role(
        "link", name="Buka rencana pengembangan").click()
    expect(supervisor.locator("table.plan-items")).to_contain_text("Menguasai aplikasi SIAK")
    supervisor.get_by_role("button", name="Setujui rencana ini").click()
    expect(supervisor.locator("[data-plan-state]")).to_contain_text("Disepakati")
    supervisor.get_by_label("Catatan kemajuan").fill("Sudah dua kali belajar bersama operator.")
    supervisor.get_by_role("button", name="Catat pertemuan").click()
    expect(supervisor.locator("[data-checkin=held]")).to_contain_text("dua kali belajar")

    assert accessibility_violations(supervisor) == []
    ARTIFACTS.mkdir(exist_ok=True)
    supervisor.screenshot(path=ARTIFACTS / "development-plan-1280.png", full_page=True)
    supervisor.set_viewport_size({"width": 390, "height": 844})
    supervisor.screenshot(path=ARTIFACTS / "development-plan-390.png", full_page=True)
    db.session.expire_all()
    plan = db.session.scalar(sa.select(DevelopmentPlan).where(
        DevelopmentPlan.followup_id == found.id))
    assert plan.state == "agreed" and plan.employee_agreed_at and plan.assessor_agreed_at
    assert [c.note for c in plan.checkins if c.held_on] == [
        "Sudah dua kali belajar bersama operator."]
