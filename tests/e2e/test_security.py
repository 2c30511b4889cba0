"""The portal under its Content-Security-Policy in Chromium: htmx loads, swaps and polls with no
inline code, the CSP really blocks inline code, and a session ends on the server at logout."""
import re

import pytest
from playwright.sync_api import expect

from portal.demo import DEMO_EMPLOYEE_NIP
from tests.e2e.steps import log_in, log_out

pytestmark = pytest.mark.e2e


def test_htmx_swaps_work_under_the_csp_and_a_saved_cookie_dies_at_logout(
        app, live_server, new_page, browser, demo_org):
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, DEMO_EMPLOYEE_NIP)

    response = page.goto(f"{live_server}/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.get_by_role("link", name="Buka SKP saya").click()
    # htmx replaces the timeline's and the history's plain links with them when clicked.
    expect(page.locator("#step-title")).to_be_visible()
    page.get_by_role("link", name="Lihat linimasa").click()
    page.get_by_role("link", name="Lihat riwayat").click()
    expect(page.get_by_role("link", name="Lihat linimasa")).to_have_count(0)
    expect(page.get_by_role("link", name="Lihat riwayat")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))  # swapped in place
    assert page.evaluate("document.querySelectorAll('style').length") == 0  # no injected style
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    saved = page.context.cookies()

    log_out(page)

    thief = browser.new_context()
    thief.add_cookies(saved)
    stolen = thief.new_page()
    stolen.goto(f"{live_server}/assessments/")
    expect(stolen.get_by_role("heading", name="Masuk ke Kinerja")).to_be_visible()
    thief.close()


def test_the_csp_blocks_inline_code_and_the_browser_tests_see_it(app, live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    reports = []
    page.on("console", lambda message: reports.append(message.text))
    page.goto(f"{live_server}/auth/login")

    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend',
            '<p id="styled" style="color: rgb(255, 0, 0)">x</p><img src=x onerror="window.ran=1">');
    }""")
    page.wait_for_timeout(200)

    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != \
        "rgb(255, 0, 0)"
    assert page.evaluate("window.ran") is None
    assert any("Content Security Policy" in text for text in reports)
    context.close()
