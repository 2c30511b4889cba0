"""Sessions end on the server: logout, a new password and a disabled account end every session
and remember cookie of the user, and a session unused for SESSION_IDLE_MINUTES ends."""
from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from flask_login.utils import encode_cookie

from portal.extensions import db
from portal.models import AccountEvent, User
from tests.conftest import PASSWORD, PortalClient


def _user(persona) -> User:
    db.session.expire_all()
    return db.session.get(User, persona.user_id)


def _copy_of(client: PortalClient, app) -> PortalClient:
    """Another browser holding a copy of client's session cookie (as an attacker saved it)."""
    thief = PortalClient(app.test_client())
    thief.client.set_cookie("session", client.client.get_cookie("session").value)
    return thief


def _signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_a_cookie_saved_before_logout_opens_nothing_afterwards(app, org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    saved = _copy_of(client, app)
    assert saved.get(f"/assessments/{aid}").status_code == 200
    token = getattr(_user(org.asn), "session_token", None)

    client.post("/auth/logout", htmx=False)

    assert _signed_out(saved.get(f"/assessments/{aid}"))
    assert _signed_out(saved.get(f"/documents/assessments/{aid}/skp.pdf"))
    assert _signed_out(saved.get("/"))
    assert _user(org.asn).session_token != token  # a new generation is stored


def test_logout_ends_the_session_on_every_device(app, org, login_as):
    phone, desktop = login_as(org.asn), login_as(org.asn)

    phone.post("/auth/logout", htmx=False)

    assert _signed_out(desktop.get("/"))
    assert login_as(org.asn).get("/").status_code == 200  # signing in again works


def test_a_new_password_ends_every_session(app, org, login_as):
    from portal.services.people import accounts
    client = login_as(org.asn)

    accounts.set_new_password(_user(org.asn), "sandi-baru-2026", must_change=False)
    db.session.commit()

    assert _signed_out(client.get("/"))
    assert PortalClient(app.test_client()).login(org.asn.login, "sandi-baru-2026")
    assert _user(org.asn).check_password("sandi-baru-2026")


def test_disabling_an_account_ends_its_sessions(app, org, login_as):
    from portal.services.people import sessions
    client = login_as(org.asn)

    sessions.set_enabled(_user(org.asn), False)

    assert _signed_out(client.get("/"))
    assert not _user(org.asn).enabled


def test_a_disabled_account_is_refused_even_with_its_current_generation(app, org, login_as):
    # Already so before generations (UserMixin.is_authenticated is is_active): kept as a guard.
    client = login_as(org.asn)
    user = _user(org.asn)
    user.enabled = False  # disabled behind the service's back: the loader still refuses
    db.session.commit()

    assert _signed_out(client.get("/"))


def test_a_remember_cookie_obeys_the_same_revocation(app, org):
    from portal.services.people import sessions
    user = _user(org.asn)
    remembered = PortalClient(app.test_client())
    remembered.client.set_cookie("remember_token", encode_cookie(user.get_id()))
    assert remembered.get("/").status_code == 200
    stale = encode_cookie(user.get_id())

    sessions.end_sessions(user)

    browser = PortalClient(app.test_client())
    browser.client.set_cookie("remember_token", stale)
    assert _signed_out(browser.get("/"))


def test_a_cookie_without_a_generation_is_refused(app, org):
    client = PortalClient(app.test_client())
    with client.client.session_transaction() as session:
        session["_user_id"] = str(org.asn.user_id)  # what the portal stored before generations
        session["_fresh"] = True

    assert _signed_out(client.get("/"))


def _age_session(client: PortalClient, seconds: int) -> None:
    with client.client.session_transaction() as session:
        session["_seen"] = int(time.time()) - seconds


def test_a_session_unused_longer_than_the_idle_limit_ends(app, org, login_as):
    app.config["SESSION_IDLE_MINUTES"] = 30
    client = login_as(org.asn)
    client.get("/")
    _age_session(client, 31 * 60)

    response = client.get("/team/")

    assert _signed_out(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit." in page
    assert "Silakan masuk untuk membuka halaman ini." not in page
    with client.client.session_transaction() as session:
        assert "_user_id" not in session
    assert _signed_out(client.get("/"))


def test_a_session_in_use_stays_open(app, org, login_as):
    app.config["SESSION_IDLE_MINUTES"] = 30
    client = login_as(org.asn)
    client.get("/")
    _age_session(client, 29 * 60)

    assert client.get("/").status_code == 200

    with client.client.session_transaction() as session:
        assert session["_seen"] >= int(time.time()) - 5  # the request counted as use


def test_the_sign_in_notes_its_time_so_the_next_page_sends_no_new_cookie(app, org):
    client = PortalClient(app.test_client()).login(org.asn.login)
    with client.client.session_transaction() as session:
        assert session["_seen"] >= int(time.time()) - 5

    response = client.get("/")

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", ["/notifications/badge", "/static/css/portal.css"])
def test_polling_does_not_keep_an_unattended_session_alive(app, org, login_as, path):
    client = login_as(org.asn)
    client.get("/")
    _age_session(client, 10 * 60)

    assert client.get(path, htmx=True).status_code == 200

    with client.client.session_transaction() as session:
        assert session["_seen"] <= int(time.time()) - 10 * 60


def test_an_htmx_swap_without_a_session_sends_the_whole_page_to_login(app, org):
    aid = org.assessment_id(org.asn)

    response = PortalClient(app.test_client()).get(f"/documents/assessments/{aid}", htmx=True)

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/auth/login?" + urlencode(
        {"next": f"/documents/assessments/{aid}"})
    assert response.get_data(as_text=True) == ""


def test_logging_out_keeps_the_password(app, org, login_as):
    login_as(org.asn).post("/auth/logout", htmx=False)

    assert _user(org.asn).check_password(PASSWORD)


def test_an_operator_disables_an_account_from_the_shell(app, org, login_as):
    client = login_as(org.asn)

    result = app.test_cli_runner().invoke(args=["disable-user", "19900110 201503 1 003"])

    assert result.exit_code == 0, result.output
    assert not _user(org.asn).enabled
    assert _signed_out(client.get("/"))
    assert app.test_cli_runner().invoke(args=["enable-user", org.asn.login]).exit_code == 0
    assert _user(org.asn).enabled


def test_an_operator_sets_a_password_and_ends_sessions_from_the_shell(app, org, login_as):
    client, other = login_as(org.asn), login_as(org.supervisor)

    changed = app.test_cli_runner().invoke(args=["set-password", org.asn.login],
                                           input="sandi-baru-2026\nsandi-baru-2026\n")
    ended = app.test_cli_runner().invoke(args=["end-sessions", org.supervisor.login])

    assert changed.exit_code == 0 and ended.exit_code == 0
    assert _user(org.asn).check_password("sandi-baru-2026")
    assert _user(org.asn).must_change_password  # as after an admin's reset in the portal
    assert _signed_out(client.get("/"))
    assert _signed_out(other.get("/"))
    signed_in = PortalClient(app.test_client())
    assert signed_in.login(org.asn.login, "sandi-baru-2026")
    held = signed_in.get("/")
    assert held.status_code == 302 and "/auth/password" in held.headers["Location"]


def test_the_shell_can_set_a_password_the_user_keeps(app, org, login_as):
    _user(org.asn).must_change_password = True
    db.session.commit()
    token = _user(org.asn).session_token

    result = app.test_cli_runner().invoke(args=["set-password", "--no-force-change",
                                                org.asn.login],
                                          input="sandi-baru-2026\nsandi-baru-2026\n")

    assert result.exit_code == 0, result.output
    user = _user(org.asn)
    assert user.check_password("sandi-baru-2026")
    assert not user.must_change_password
    assert user.session_token != token  # every session ended all the same


def test_the_shell_refuses_a_password_shorter_than_the_minimum(app, org):
    before = _user(org.asn).password_hash

    result = app.test_cli_runner().invoke(args=["set-password", org.asn.login],
                                          input="pendek\npendek\n")

    assert result.exit_code == 1
    assert "Password too short" in result.output
    db.session.expire_all()
    assert _user(org.asn).password_hash == before


def test_the_shell_names_an_unknown_account(app, org):
    result = app.test_cli_runner().invoke(args=["disable-user", "tidak.ada@jambiprov.go.id"])

    assert result.exit_code == 1
    assert "No user with NIP or e-mail tidak.ada@jambiprov.go.id." in result.output


def test_the_shells_account_changes_are_recorded_in_the_accounts_audit(app, org, login_as):
    runner = app.test_cli_runner()
    runner.invoke(args=["set-password", org.asn.login], input="sandi-baru-2026\nsandi-baru-2026\n")
    runner.invoke(args=["disable-user", org.asn.login])
    runner.invoke(args=["enable-user", org.asn.login])

    events = db.session.execute(
        sa.select(AccountEvent.user_id, AccountEvent.actor_id, AccountEvent.action,
                  AccountEvent.reason).order_by(AccountEvent.id)).all()
    assert events == [
        (org.asn.user_id, None, "password_reset", "flask set-password (baris perintah server)"),
        (org.asn.user_id, None, "disabled", "flask disable-user (baris perintah server)"),
        (org.asn.user_id, None, "enabled", "flask enable-user (baris perintah server)")]
    page = login_as(org.admin).get(f"/people/accounts/{org.asn.user_id}").get_data(as_text=True)
    audit = page.split('class="account-events"')[1]
    assert audit.count("Baris perintah server") == 3 and "Akun dibuat" not in audit
