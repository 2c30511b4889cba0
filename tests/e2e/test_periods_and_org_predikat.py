"""Overlapping periods and the organisation predikat in Chromium (issue 10, items 1 and 2).

The admin has opened SKP 2027 while 2026 is unfinished. The supervisor switches between the
two with the period selector and reaches 2026's waiting self-assessment; a committee member
asks the head of an agency without an organisation predikat to set it; the head finds the task
on the home page and sets it.
"""
import datetime as dt
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.demo import DEMO_COMMITTEE_LOGIN, DEMO_SUPERVISOR_NIP
from portal.extensions import db
from portal.models import Agency, Assessment, Employee, OrgPredikat, Period, RoleGrant, User
from portal.services.planning.periods import open_period
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import expect_step, log_in, log_out

pytestmark = pytest.mark.e2e

AGENCY = "Dinas Kesehatan"
BASIS = "Capaian Perjanjian Kinerja 2026 Dinas Kesehatan 93 %; evaluasi SAKIP: B."


def _open_2027() -> None:
    period = Period(year=2027, status="draft", targets_due=dt.date(2027, 1, 31),
                    self_assessment_due=dt.date(2027, 12, 15), review_due=dt.date(2027, 12, 31),
                    calibration_due=dt.date(2028, 1, 15), approval_due=dt.date(2028, 1, 31))
    db.session.add(period)
    db.session.commit()
    open_period(period)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_a_supervisor_switches_period_and_a_head_sets_the_predikat_when_asked(
        app, live_server, new_page, demo_org):
    _open_2027()
    base = live_server
    supervisor = db.session.scalar(sa.select(Employee).where(Employee.nip == DEMO_SUPERVISOR_NIP))
    waiting = db.session.scalars(
        sa.select(Employee.name).join(Assessment, Assessment.employee_id == Employee.id)
        .join(Period, Period.id == Assessment.period_id)
        .where(Assessment.assessor_id == supervisor.id, Period.year == 2026,
               Assessment.state == "self_assessed")).first()
    agency = db.session.scalar(sa.select(Agency).where(Agency.name.like(f"{AGENCY}%")))
    head = db.session.scalar(sa.select(User).join(RoleGrant).where(
        RoleGrant.role == "approver", RoleGrant.agency_id == agency.id))
    head_nip, head_name, agency_id = head.employee.nip, head.display_name, agency.id
    db.session.commit()

    for width in (390, 1280):
        page = new_page(viewport={"width": width, "height": 900})

        # 1. The supervisor: the home page lists both open periods, oldest first.
        log_in(page, base, DEMO_SUPERVISOR_NIP)
        sections = page.locator("section[data-period]")
        expect(sections).to_have_count(2)
        expect(sections.nth(0).get_by_role("heading", level=2)).to_have_text("SKP 2026")
        expect(sections.nth(1).get_by_role("heading", level=2)).to_have_text("SKP 2027")
        _shot(page, f"home-two-periods-{width}")
        if width == 390:
            log_out(page)
            continue
        assert accessibility_violations(page) == []

        # Tim saya: picking 2027 shows this year's drafts, picking 2026 the waiting work.
        page.get_by_role("navigation").get_by_role("link", name="Tim saya").click()
        choice = page.get_by_label("Periode")
        choice.select_option(label="SKP 2027")
        page.get_by_role("button", name="Tampilkan periode").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tim saya · SKP 2027")
        expect(page.get_by_role("link", name=waiting, exact=True)).to_be_visible()
        expect(page.locator("tr", has_text=waiting).locator(".badge")).to_have_text(
            "Penyusunan SKP")
        page.get_by_label("Periode").select_option(label="SKP 2026")
        page.get_by_role("button", name="Tampilkan periode").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tim saya · SKP 2026")
        expect(page).to_have_url(f"{base}/team/?period=1")
        row = page.locator("tr", has_text=waiting)
        expect(row).to_contain_text("menunggu Anda")
        _shot(page, "team-period-2026")
        # Remembered: the menu brings back 2026 without ?period=.
        page.get_by_role("navigation").get_by_role("link", name="Beranda").click()
        page.get_by_role("navigation").get_by_role("link", name="Tim saya").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tim saya · SKP 2026")
        page.get_by_role("link", name=waiting, exact=True).click()
        expect_step(page, "Penilaian mandiri diajukan")
        expect(page.locator(".step-deadline")).to_be_visible()
        log_out(page)

    # 2. The committee member asks the head of Dinas Kesehatan.
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, base, DEMO_COMMITTEE_LOGIN)
    page.get_by_role("navigation").get_by_role("link", name="Kalibrasi").click()
    page.get_by_label("Periode").select_option(label="SKP 2026")
    page.get_by_role("button", name="Tampilkan periode").click()
    expect(page).to_have_url(re.compile(r"period=1"))  # the boosted swap has landed
    instansi = page.get_by_label("Instansi", exact=True)
    instansi.select_option(instansi.locator("option", has_text=AGENCY).get_attribute("value"))
    page.get_by_role("button", name="Tampilkan instansi").click()
    section = page.locator("#organisation-predikat")
    expect(section).to_contain_text(f"Yang menetapkan: {head_name} (pimpinan instansi)")
    section.get_by_role("button", name=f"Minta {head_name} menetapkan").click()
    expect(section.get_by_role("status")).to_contain_text(f"Permintaan dikirim kepada {head_name}")
    expect(section).to_contain_text("Sudah diminta hari ini")
    assert accessibility_violations(page) == []
    _shot(page, "calibration-ask-head")
    log_out(page)

    # 3. The head sees the task on the home page and sets the predikat.
    for width in (390, 1280):
        page = new_page(viewport={"width": width, "height": 900})
        log_in(page, base, head_nip)
        expect(page.locator("#notification-badge")).to_contain_text("1")
        task = page.locator("section[data-period='2026'] [data-task=org-predikat]")
        expect(task).to_contain_text(f"Tetapkan predikat kinerja organisasi {AGENCY}")
        _shot(page, f"head-home-task-{width}")
        if width == 390:
            log_out(page)
    task.get_by_role("link").click()
    section = page.locator("#organisation-predikat")
    section.get_by_label("Predikat organisasi").select_option(label="Baik")
    section.get_by_label("Dasar penetapan").fill(BASIS)
    section.get_by_role("button", name="Simpan predikat organisasi").click()
    expect(section.locator(".org-predikat")).to_have_text("Baik")
    expect(section).to_contain_text(BASIS)
    page.get_by_role("navigation").get_by_role("link", name="Beranda").click()
    expect(page.locator("section[data-period='2026'] [data-task=org-predikat]")).to_have_count(0)
    log_out(page)

    db.session.expire_all()
    stored = db.session.scalar(sa.select(OrgPredikat).join(Period).where(
        OrgPredikat.agency_id == agency_id, Period.year == 2026))
    assert (stored.predikat, stored.basis) == ("baik", BASIS)
