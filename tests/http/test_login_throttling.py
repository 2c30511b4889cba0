"""Login throttling per account and per client address, counted in the database, and the log of
every sign-in attempt (never the password)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.conftest import PASSWORD, PortalClient

WRONG = "NIP/e-mail atau kata sandi salah."
LOCKED = re.compile(r"Terlalu banyak percobaan masuk yang gagal\. Tunggu (\d+) menit, lalu coba lagi\.")


def browser(app, address: str = "10.1.2.3") -> PortalClient:
    """A signed-out browser at address, holding the login form's CSRF token."""
    client = PortalClient(app.test_client())
    client.client.environ_base["REMOTE_ADDR"] = address
    page = client.get("/auth/login").get_data(as_text=True)
    client.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client


def sign_in(client: PortalClient, login: str, password: str):
    return client.post("/auth/login", htmx=False, csrf=False, data={
        "login": login, "password": password, "csrf_token": client.csrf})


def attempts() -> list[tuple[str, str, str]]:
    from portal.models import LoginAttempt
    db.session.expire_all()
    return [(a.login, a.address, a.outcome) for a in db.session.scalars(
        sa.select(LoginAttempt).order_by(LoginAttempt.id))]


@pytest.fixture
def limits(app):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="5 per 15 minutes",
                      LOGIN_LIMIT_PER_ADDRESS="30 per 15 minutes")


def test_it_locks_an_account_out_after_five_failures_even_for_the_right_password(app, org, limits):
    client = browser(app)
    for _ in range(4):
        assert WRONG in sign_in(client, org.asn.login, "salah").get_data(as_text=True)

    fifth = sign_in(client, org.asn.login, "salah")
    right = sign_in(client, org.asn.login, PASSWORD)

    assert fifth.status_code == 429  # the failure that reaches the limit says so at once
    assert right.status_code == 429
    assert 890 <= int(right.headers["Retry-After"]) <= 900  # seconds since the fifth failure
    assert LOCKED.search(right.get_data(as_text=True)).group(1) == "15"
    assert client.get("/").status_code == 302  # not signed in
    assert attempts()[-2:] == [(org.asn.login, "10.1.2.3", "failed"),
                               (org.asn.login, "10.1.2.3", "throttled")]


def test_the_lock_out_holds_from_another_address(app, org, limits):
    for _ in range(5):
        sign_in(browser(app, "10.0.0.1"), org.asn.login, "salah")

    response = sign_in(browser(app, "10.0.0.2"), org.asn.login, PASSWORD)

    assert response.status_code == 429


def test_the_account_opens_again_when_the_wait_is_over(app, org, limits):
    client = browser(app)
    for _ in range(5):
        sign_in(client, org.asn.login, "salah")
    _move_attempts_back(dt.timedelta(minutes=15, seconds=1))

    response = sign_in(client, org.asn.login, PASSWORD)

    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert attempts()[-1] == (org.asn.login, "10.1.2.3", "succeeded")


def test_the_wait_shown_counts_down_from_the_oldest_failure_that_locks(app, org, limits):
    client = browser(app)
    for _ in range(5):
        sign_in(client, org.asn.login, "salah")
    _move_attempts_back(dt.timedelta(minutes=10))

    response = sign_in(client, org.asn.login, PASSWORD)

    assert response.status_code == 429
    assert LOCKED.search(response.get_data(as_text=True)).group(1) == "5"
    assert 240 < int(response.headers["Retry-After"]) <= 300


def test_a_successful_sign_in_clears_the_account_count(app, org, limits):
    client = browser(app)
    for _ in range(4):
        sign_in(client, org.asn.login, "salah")
    assert sign_in(client, org.asn.login, PASSWORD).status_code == 302

    other = browser(app, "10.9.9.9")
    for _ in range(4):
        assert sign_in(other, org.asn.login, "salah").status_code == 422


def test_an_unknown_account_is_locked_out_with_the_same_message(app, org, limits):
    client = browser(app)
    responses = [sign_in(client, "199901012020011999", "salah") for _ in range(6)]

    assert [r.status_code for r in responses] == [422] * 4 + [429, 429]
    assert WRONG in responses[0].get_data(as_text=True)
    assert LOCKED.search(responses[-1].get_data(as_text=True))


def test_one_address_trying_many_accounts_is_locked_out(app, org, limits):
    client = browser(app, "203.0.113.7")
    for n in range(30):
        sign_in(client, f"pegawai{n}@jambiprov.go.id", "salah")

    response = sign_in(client, org.asn.login, PASSWORD)

    assert response.status_code == 429
    assert client.get("/").status_code == 302
    assert sign_in(browser(app, "198.51.100.1"), org.asn.login, PASSWORD).status_code == 302


def test_the_address_is_the_one_seen_through_the_trusted_proxy(database_url, org):
    from portal import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "TRUSTED_PROXIES": 1,
                      "SQLALCHEMY_DATABASE_URI": database_url})
    client = browser(app, "127.0.0.1")  # the proxy
    headers = {"X-Forwarded-For": "203.0.113.9"}

    client.client.post("/auth/login", headers=headers, data={
        "login": org.asn.login, "password": "salah", "csrf_token": client.csrf})

    assert attempts()[-1] == (org.asn.login, "203.0.113.9", "failed")


def test_it_logs_the_account_as_typed_and_never_the_password(app, org, limits):
    client = browser(app)

    sign_in(client, "19900110 201503 1 003", "rahasia-salah")
    sign_in(client, "Admin@BKD.jambiprov.go.id", PASSWORD)

    assert attempts() == [("199001102015031003", "10.1.2.3", "failed"),
                          ("admin@bkd.jambiprov.go.id", "10.1.2.3", "succeeded")]
    stored = db.session.execute(sa.text("SELECT * FROM login_attempts")).all()
    assert "rahasia-salah" not in repr(stored) and PASSWORD not in repr(stored)


def test_the_limits_are_settings(app, org):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 1 minute"
    client = browser(app)

    responses = [sign_in(client, org.asn.login, "salah") for _ in range(2)]

    assert [r.status_code for r in responses] == [422, 429]
    assert LOCKED.search(responses[-1].get_data(as_text=True)).group(1) == "1"


def _move_attempts_back(delta: dt.timedelta) -> None:
    from portal.models import LoginAttempt
    for attempt in db.session.scalars(sa.select(LoginAttempt)):
        attempt.at = attempt.at - delta
    db.session.commit()
