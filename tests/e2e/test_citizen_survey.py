"""A citizen rates a counter service on a phone, and the supervisor sees it at review (issue 5).

The demo's KTP-el counter card links the survey naming the operator Hotman Sitompul, whose SKP
waits for his Pejabat Penilai's rating. The citizen's phone runs without JavaScript (the survey
must work on the cheapest phone); each element is answered in its own words (issue 10) and the
citizen gives part of the optional profile; the supervisor then opens Hotman's assessment and
finds his IKM computed with one more respondent.
"""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.demo import DEMO_SUPERVISOR_NIP, DEMO_SURVEY_PATH
from portal.extensions import db
from portal.models import Employee, Period, ServiceOfficer, SurveyResponse
from portal.services.execution.execution import evaluation_window
from portal.services.feedback.ikm import ikm_by
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import log_in, open_from_queue, show_section

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 3, "java_script_enabled": False,
         "user_agent": "Mozilla/5.0 (Linux; Android 14; SM-A155F) Mobile Safari/537.36"}
COMMENT = "Petugas ramah, KTP-el selesai hari itu juga."
BEST = ["Sangat sesuai", "Sangat mudah", "Sangat cepat", "Gratis", "Sangat sesuai",
        "Sangat kompeten", "Sangat sopan dan ramah", "Dikelola dengan baik", "Sangat baik"]


def _officer_ikm():
    """Hotman's IKM over the demo year, as the review page computes it."""
    officer_code = DEMO_SURVEY_PATH.rsplit("/", 1)[1]
    officer_id = db.session.scalar(
        sa.select(ServiceOfficer.employee_id).where(ServiceOfficer.code == officer_code))
    period = db.session.scalar(sa.select(Period).where(Period.status == "open"))
    start, end = evaluation_window(period, 0)
    return officer_id, ikm_by("officer", start, end, [officer_id]).get(officer_id)


def test_a_citizen_rates_the_service_on_a_phone_and_the_supervisor_sees_the_ikm(
        app, live_server, new_page, demo_org):
    officer_id, before = _officer_ikm()
    officer_name = db.session.get(Employee, officer_id).name

    checker = new_page(**{**PHONE, "java_script_enabled": True})  # axe needs JavaScript
    checker.goto(live_server + DEMO_SURVEY_PATH)
    assert checker.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    assert accessibility_violations(checker) == []

    phone = new_page(**PHONE)
    phone.goto(live_server + DEMO_SURVEY_PATH)  # what the QR code on the counter opens
    expect(phone.get_by_role("heading", level=1)).to_have_text("Survei Kepuasan Masyarakat")
    expect(phone.locator(".survey-about")).to_contain_text(officer_name)
    questions = phone.locator("fieldset.skm-element").all()
    assert len(questions) == len(BEST)
    for question, best in zip(questions, BEST, strict=True):
        question.get_by_text(best).click()  # the whole label is the touch target
    profile = phone.locator("fieldset.skm-profile")
    profile.get_by_label("Usia").select_option(label="30–39 tahun")
    profile.get_by_label("Pekerjaan utama").select_option(label="Wirausaha")
    phone.get_by_label("Saran atau komentar (tidak wajib)").fill(COMMENT)
    phone.screenshot(path=ARTIFACTS / "survey-phone.png", full_page=True)
    phone.get_by_role("button", name="Kirim penilaian").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
    assert re.search(r"/s/\w+/terima-kasih$", phone.url)
    phone.screenshot(path=ARTIFACTS / "survey-thanks-phone.png", full_page=True)

    db.session.expire_all()
    _, after = _officer_ikm()
    assert after.respondents == before.respondents + 1
    assert after.converted > before.converted  # all nine answered with the best words (4)
    latest = db.session.scalar(sa.select(SurveyResponse).order_by(SurveyResponse.id.desc()))
    assert latest.comment == COMMENT
    assert (latest.age_band, latest.sex, latest.education, latest.occupation) == (
        "30_39", None, None, "wirausaha")

    desk = new_page()
    log_in(desk, live_server, DEMO_SUPERVISOR_NIP)
    open_from_queue(desk, "Tim saya", officer_name)
    show_section(desk, "Realisasi dan bukti dukung")  # below the rating form, on demand
    panel = desk.locator("section.objective-evidence")
    ikm = panel.locator("dl.ikm")
    expect(ikm).to_contain_text(f"{after.respondents}")
    expect(ikm).to_have_attribute("data-ikm", str(after.converted))
    expect(ikm).to_contain_text(after.grade)
    expect(panel.locator("table.objective-table")).to_contain_text("Survei masyarakat: IKM petugas")
    panel.screenshot(path=ARTIFACTS / "review-objective-evidence.png")
