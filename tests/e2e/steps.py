"""What every browser test does as a person would: log in and out, read the current step."""
import pytest
from playwright.sync_api import Page, expect

from portal.demo import DEMO_PASSWORD

# The width a flow runs at. tests/e2e/test_layout.py opens every page of the demo at both and
# checks that nothing scrolls sideways, so a flow repeated at the other width would mostly repeat
# its clicks: the flows alternate, phone or desktop, to keep CI within its time budget.
PHONE = pytest.mark.parametrize("width", [390])
DESKTOP = pytest.mark.parametrize("width", [1280])


def log_in(page: Page, base: str, login: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(login)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", name="Masuk ke Kinerja")).to_be_visible()


def expect_step(page: Page, label: str) -> None:
    expect(page.locator("#step-title .state")).to_have_text(label)
    expect(page.locator(".stepper [aria-current=step]")).to_have_text(label)


def open_from_queue(page: Page, menu: str, employee_name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=menu).click()
    page.get_by_role("link", name=employee_name, exact=True).click()


def show_section(page: Page, title: str) -> None:
    """Load a section of the step shown on demand ("Tampilkan" beside its heading)."""
    page.get_by_role("link", name=f"Tampilkan {title}").click()
    expect(page.get_by_role("link", name=f"Tampilkan {title}")).to_have_count(0)


def show_history(page: Page):
    """The assessment's history, loaded by its link unless already shown; returns its list."""
    link = page.get_by_role("link", name="Lihat riwayat")
    if link.count():
        link.click()
    return page.locator(".history")


def take_action(page: Page, label: str) -> None:
    """Take a workflow action as a person does: its button, then the confirmation's own button."""
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator("div.confirm")).to_be_visible()
    page.get_by_role("button", name=f"Ya, {label}", exact=True).click()


def confirm_in_form(scope, label: str, confirm_label: str) -> None:
    """Open a form's confirmation (a disclosure named label) and press its own button."""
    scope.locator("summary", has_text=label).click()
    scope.get_by_role("button", name=confirm_label, exact=True).click()
