"""Angka kredit in Chromium (issue 13.2, 13.3): a teacher in an Ahli Pertama post, whose 2026
assessment the demo approved at Baik, opens "Riwayat saya" and reads their angka kredit, what is
left to the next pangkat and jenjang, and the year's row of their record. Screenshots at 390 and
1280 px."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Employee
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.steps import PHONE, log_in

pytestmark = pytest.mark.e2e

TEACHER = "Syarifah Aini, S.Pd."  # Guru Bahasa Indonesia Ahli Pertama, approved Baik in 2026


@PHONE
def test_an_official_sees_their_angka_kredit_and_what_is_left(app, live_server, new_page,
                                                              width, demo_org):
    nip = db.session.scalar(sa.select(Employee.nip).where(Employee.name == TEACHER))
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, nip)

    page.get_by_role("link", name="Riwayat saya").click()

    credits = page.get_by_role("region", name="Angka kredit")
    expect(credits).to_contain_text("Ahli Pertama")
    expect(credits.locator("[data-ak-total]")).to_have_text("12,50")  # 100 % x 12,5
    expect(credits.locator("[data-ak-left=pangkat]")).to_have_text(
        "kurang 37,50 dari minimal 50,00")
    expect(credits.locator("[data-ak-left=jenjang]")).to_have_text(
        "kurang 87,50 dari minimal 100,00")
    record = page.get_by_role("table").filter(has_text="Tindak lanjut")
    expect(record.get_by_role("row", name="SKP 2026")).to_contain_text("12,50")
    expect(page.get_by_role("link", name="Unduh Penetapan Angka Kredit (PDF)")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"angka-kredit-{width}.png", full_page=True)
