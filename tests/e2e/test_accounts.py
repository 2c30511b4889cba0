"""A BKD admin resets a forgotten password in the browser (issue 11): finds the account, makes
a temporary password shown once; the employee signs in with it, is held on the change-password
page until choosing their own, and then works as before."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import AccountEvent, User
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, accessibility_violations

pytestmark = pytest.mark.e2e


def _sign_in(page, server, login, password):
    page.goto(f"{server}/auth/login")
    page.get_by_label("NIP atau e-mail").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_an_admin_resets_a_password_and_the_employee_must_choose_a_new_one(
        app, org, live_server, new_page):
    ARTIFACTS.mkdir(exist_ok=True)
    admin = new_page(viewport={"width": 1280, "height": 900})
    _sign_in(admin, live_server, org.admin.login, PASSWORD)
    admin.get_by_role("navigation").get_by_role("link", name="Organisasi").click()
    admin.get_by_role("link", name="Akun dan peran").click()
    admin.get_by_label("Cari nama, NIP atau e-mail").fill("Andi")
    admin.get_by_role("button", name="Cari").click()
    admin.get_by_role("link", name="Andi Pratama").click()
    admin.get_by_label("Buat kata sandi sementara (ditampilkan sekali)").check()
    admin.locator("#reset-reason").fill("Lupa kata sandi, laporan lewat telepon")
    admin.get_by_role("button", name="Reset kata sandi").click()
    temporary = admin.locator(".account-password").inner_text()
    expect(admin.locator("#temporary-password")).to_contain_text("hanya ditampilkan sekali")
    admin.screenshot(path=ARTIFACTS / "account-reset-1280.png", full_page=True)
    assert accessibility_violations(admin) == []

    phone = new_page(viewport={"width": 390, "height": 844})
    _sign_in(phone, live_server, org.asn.login, temporary)
    expect(phone.get_by_role("heading", name="Ganti kata sandi")).to_be_visible()
    phone.goto(f"{live_server}/assessments/mine")
    expect(phone).to_have_url(f"{live_server}/auth/password")
    phone.screenshot(path=ARTIFACTS / "account-change-password-390.png", full_page=True)
    assert accessibility_violations(phone) == []
    phone.get_by_label("Kata sandi sekarang").fill(temporary)
    phone.get_by_label("Kata sandi baru", exact=True).fill("pilihan-andi-2026")
    phone.get_by_label("Ulangi kata sandi baru").fill("pilihan-andi-2026")
    phone.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(phone.get_by_role("status").first).to_contain_text("Kata sandi diganti.")
    phone.goto(f"{live_server}/assessments/mine")
    expect(phone).to_have_url(f"{live_server}/assessments/mine")

    admin.reload()
    admin.screenshot(path=ARTIFACTS / "account-page-1280.png", full_page=True)
    events = admin.locator(".account-events tbody tr")
    expect(events).to_have_count(2)
    expect(events.first).to_contain_text("Kata sandi diganti oleh pengguna")
    expect(events.nth(1)).to_contain_text("Lupa kata sandi, laporan lewat telepon")
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.screenshot(path=ARTIFACTS / "account-page-390.png", full_page=True)
    db.session.expire_all()
    user = db.session.get(User, org.asn.user_id)
    assert not user.must_change_password and user.check_password("pilihan-andi-2026")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountEvent)) == 2
