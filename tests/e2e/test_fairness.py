"""The fairness monitor in Chromium: a committee member opens it from calibration, finds the
lenient assessor flagged and opens the calibration list of that assessor's ratings (issue 13).

Built on the small test organisation (tests/conftest.py build_org) with a generated agency, not
on the demo: cheap to set up."""
import pytest
from playwright.sync_api import expect

from portal.extensions import db
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.http.test_fairness import BALANCED, LENIENT, generate
from tests.e2e.steps import PHONE

pytestmark = pytest.mark.e2e


@PHONE
def test_the_committee_opens_the_fairness_monitor_from_calibration_and_checks_an_assessor(
        app, org, live_server, new_page, width):
    generate(org, [LENIENT] + [BALANCED] * 4)
    db.session.remove()
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(org.committee.login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    page.goto(f"{live_server}/calibration/")
    page.get_by_role("link", name="Keadilan penilaian").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Keadilan penilaian")
    flagged = page.locator("tr.fairness-flagged", has_text="Penilai 0-0")
    expect(flagged).to_contain_text("Lebih longgar")
    # The assessor, and the unit where most of their people work.
    expect(page.locator(".fairness-count")).to_have_text("2 kelompok ditandai.")
    page.get_by_text("Cara membaca halaman ini").click()
    expect(page.get_by_text("metode Holm", exact=False)).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"fairness-{width}.png", full_page=True)
    assert accessibility_violations(page) == []

    flagged.get_by_role("link", name="Periksa penilaiannya di kalibrasi").click()

    expect(page.get_by_text("Daftar hanya berisi penilaian oleh Penilai 0-0.")).to_be_visible()
    expect(page.locator(".calibration-list tbody")).to_contain_text("Dinilai 0-0-")
    expect(page.locator(".calibration-list tbody")).not_to_contain_text("Dinilai 0-1-")
    page.screenshot(path=ARTIFACTS / f"fairness-calibration-{width}.png", full_page=True)
