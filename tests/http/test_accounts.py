"""Accounts kept by a BKD admin in the browser: password reset with a forced change at the next
sign-in, the user's own change of password, roles granted and withdrawn, accounts disabled and
enabled, each change audited; and every page and action refused to anyone but an admin."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import AccountEvent, RoleGrant, User
from tests.conftest import PASSWORD, PortalClient
from tests.http.helpers import counting_queries


def _user(persona) -> User:
    db.session.expire_all()
    return db.session.get(User, persona.user_id)


def _events(persona) -> list[AccountEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AccountEvent).where(
        AccountEvent.user_id == persona.user_id).order_by(AccountEvent.id)))


def _signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def _temporary(html: str) -> str:
    return re.search(r'<code class="account-password">([^<]+)</code>', html).group(1)


# --- reset and forced change -------------------------------------------------------------------

def test_an_admin_resets_a_password_shown_once_and_every_session_of_the_user_ends(
        app, org, login_as):
    victim = login_as(org.asn)
    admin = login_as(org.admin)

    response = admin.post(f"/people/accounts/{org.asn.user_id}/password", htmx=False,
                          data={"reset-mode": "temporary",
                                "reset-reason": "Lupa kata sandi, tiket 42"})

    assert response.status_code == 303
    shown = admin.get(response.headers["Location"])
    assert shown.headers["Cache-Control"] == "no-store"
    password = _temporary(shown.get_data(as_text=True))
    user = _user(org.asn)
    assert user.must_change_password and user.check_password(password)
    assert not user.check_password(PASSWORD)
    assert _signed_out(victim.get("/"))
    [event] = _events(org.asn)
    assert (event.action, event.actor_id, event.reason) == (
        "password_reset", org.admin.user_id, "Lupa kata sandi, tiket 42")
    # shown once: the account page does not show it again
    assert password not in admin.get(f"/people/accounts/{org.asn.user_id}").get_data(as_text=True)


def test_an_admin_may_type_the_temporary_password_but_not_a_short_one(app, org, login_as):
    admin = login_as(org.admin)
    url = f"/people/accounts/{org.asn.user_id}/password"

    short = admin.post(url, htmx=False, data={"reset-mode": "typed", "reset-password": "pendek",
                                               "reset-reason": "Reset"})
    assert short.status_code == 422
    assert "paling sedikit 10 karakter" in short.get_data(as_text=True)
    assert _user(org.asn).check_password(PASSWORD) and _events(org.asn) == []
    empty = admin.post(url, htmx=False, data={"reset-mode": "typed", "reset-password": "",
                                               "reset-reason": "Reset"})
    assert empty.status_code == 422
    assert _user(org.asn).check_password(PASSWORD) and _events(org.asn) == []

    typed = admin.post(url, htmx=False, data={"reset-mode": "typed",
                                              "reset-password": "sementara-2026",
                                              "reset-reason": "Reset"})
    assert typed.status_code == 303
    assert _user(org.asn).check_password("sementara-2026")


def test_a_reset_without_a_reason_is_refused_with_the_form_kept(app, org, login_as):
    response = login_as(org.admin).post(f"/people/accounts/{org.asn.user_id}/password",
                                        htmx=False,
                                        data={"reset-mode": "temporary", "reset-reason": " "})

    assert response.status_code == 422
    assert "Tulis alasan perubahan ini." in response.get_data(as_text=True)
    assert not _user(org.asn).must_change_password and _events(org.asn) == []


def test_after_a_reset_the_user_reaches_nothing_but_the_change_password_page(app, org, login_as):
    from portal.services.people import accounts
    accounts.reset_password(_user(org.admin), _user(org.asn), "Reset", "sementara-2026")
    aid = org.assessment_id(org.asn)
    client = PortalClient(app.test_client()).login(org.asn.login, "sementara-2026")

    for path in ("/", f"/assessments/{aid}", "/notifications/"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/auth/password"
    htmx = client.get(f"/assessments/{aid}", htmx=True)
    assert htmx.headers["HX-Redirect"] == "/auth/password"
    assert client.post(f"/assessments/{aid}/rhks", htmx=False).status_code == 403
    assert client.get("/auth/password").status_code == 200


def test_the_forced_change_checks_the_current_password_length_repeat_and_difference(
        app, org, login_as):
    from portal.services.people import accounts
    accounts.reset_password(_user(org.admin), _user(org.asn), "Reset", "sementara-2026")
    client = PortalClient(app.test_client()).login(org.asn.login, "sementara-2026")
    cases = [
        ({"current": "salah-sekali", "new": "pilihan-saya-1", "repeated": "pilihan-saya-1"},
         "Kata sandi sekarang salah."),
        ({"current": "sementara-2026", "new": "pendek", "repeated": "pendek"},
         "paling sedikit 10 karakter"),
        ({"current": "sementara-2026", "new": "pilihan-saya-1", "repeated": "pilihan-saya-2"},
         "tidak sama"),
        ({"current": "sementara-2026", "new": "sementara-2026", "repeated": "sementara-2026"},
         "harus berbeda"),
    ]
    for data, message in cases:
        response = client.post("/auth/password", htmx=False, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True)
        assert _user(org.asn).must_change_password

    done = client.post("/auth/password", htmx=False, data={
        "current": "sementara-2026", "new": "pilihan-saya-1", "repeated": "pilihan-saya-1"})

    assert done.status_code == 302
    user = _user(org.asn)
    assert not user.must_change_password and user.check_password("pilihan-saya-1")
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert _events(org.asn)[-1].action == "password_changed"


def test_a_user_changes_their_own_password_and_other_sessions_end(app, org, login_as):
    phone, desktop = login_as(org.asn), login_as(org.asn)

    response = desktop.post("/auth/password", htmx=False, data={
        "current": PASSWORD, "new": "pilihan-saya-1", "repeated": "pilihan-saya-1"})

    assert response.status_code == 302
    assert _user(org.asn).check_password("pilihan-saya-1")
    assert _signed_out(phone.get("/"))
    assert desktop.get("/").status_code == 200


# --- roles and enabling ------------------------------------------------------------------------

def test_an_admin_grants_and_withdraws_a_role_and_both_are_audited(app, org, login_as):
    admin = login_as(org.admin)

    granted = admin.post(f"/people/accounts/{org.peer.user_id}/roles", htmx=False, data={
        "grant-role": "committee", "grant-agency_id": org.agency_id,
        "grant-reason": "SK tim penilai 2026"})

    assert granted.status_code == 303
    grant = db.session.scalar(sa.select(RoleGrant).where(RoleGrant.user_id == org.peer.user_id))
    assert (grant.role, grant.agency_id) == ("committee", org.agency_id)

    withdrawn = admin.post(f"/people/accounts/{org.peer.user_id}/roles/{grant.id}/withdraw",
                           htmx=False, data={"withdraw-reason": "Masa tugas berakhir"})

    assert withdrawn.status_code == 303
    assert _user(org.peer).grants == []
    events = _events(org.peer)
    assert [(e.action, e.role, e.agency_id, e.reason, e.actor_id) for e in events] == [
        ("role_granted", "committee", org.agency_id, "SK tim penilai 2026", org.admin.user_id),
        ("role_withdrawn", "committee", org.agency_id, "Masa tugas berakhir", org.admin.user_id),
    ]
    page = admin.get(f"/people/accounts/{org.peer.user_id}").get_data(as_text=True)
    assert "SK tim penilai 2026" in page and "Masa tugas berakhir" in page
    assert "Admin BKD" in page


def test_an_agency_role_needs_its_agency_and_is_not_granted_twice(app, org, login_as):
    admin = login_as(org.admin)
    url = f"/people/accounts/{org.head.user_id}/roles"

    no_agency = admin.post(url, htmx=False,
                           data={"grant-role": "approver", "grant-reason": "SK"})
    twice = admin.post(url, htmx=False, data={"grant-role": "approver",
                                              "grant-agency_id": org.agency_id,
                                              "grant-reason": "SK"})

    assert no_agency.status_code == 422
    assert "pilih instansinya" in no_agency.get_data(as_text=True)
    assert twice.status_code == 409
    assert len(_user(org.head).grants) == 1 and _events(org.head) == []


def test_an_admin_grants_the_admin_role_province_wide(app, org, login_as):
    response = login_as(org.admin).post(
        f"/people/accounts/{org.supervisor.user_id}/roles", htmx=False,
        data={"grant-role": "admin", "grant-agency_id": org.agency_id,
              "grant-reason": "Pindah ke BKD"})

    assert response.status_code == 303
    [grant] = _user(org.supervisor).grants
    assert (grant.role, grant.agency_id) == ("admin", None)
    assert login_as(org.supervisor).get("/people/accounts").status_code == 200


def test_an_admin_cannot_withdraw_their_own_admin_role(app, org, login_as):
    [grant] = _user(org.admin).grants

    response = login_as(org.admin).post(
        f"/people/accounts/{org.admin.user_id}/roles/{grant.id}/withdraw", htmx=False,
        data={"withdraw-reason": "Coba"})

    assert response.status_code == 403
    assert "peran admin Anda sendiri" in response.get_data(as_text=True)
    assert _user(org.admin).is_admin and _events(org.admin) == []


def test_an_admin_cannot_disable_their_own_account(app, org, login_as):
    response = login_as(org.admin).post(f"/people/accounts/{org.admin.user_id}/disable",
                                        htmx=False, data={"enabled-reason": "Coba"})

    assert response.status_code == 403
    assert _user(org.admin).enabled and _events(org.admin) == []


def test_disabling_an_account_ends_its_sessions_and_enabling_lets_it_in_again(
        app, org, login_as):
    victim = login_as(org.asn)
    admin = login_as(org.admin)

    disabled = admin.post(f"/people/accounts/{org.asn.user_id}/disable", htmx=False,
                          data={"enabled-reason": "Pensiun"})

    assert disabled.status_code == 303
    assert not _user(org.asn).enabled
    assert _signed_out(victim.get("/"))
    again = admin.post(f"/people/accounts/{org.asn.user_id}/disable", htmx=False,
                       data={"enabled-reason": "Pensiun"})
    assert again.status_code == 409

    enabled = admin.post(f"/people/accounts/{org.asn.user_id}/enable", htmx=False,
                         data={"enabled-reason": "Salah orang"})

    assert enabled.status_code == 303
    assert _user(org.asn).enabled
    assert [e.action for e in _events(org.asn)] == ["disabled", "enabled"]
    assert login_as(org.asn).get("/").status_code == 200


# --- denials, CSRF, the list -------------------------------------------------------------------

ADMIN_POSTS = [
    ("/people/accounts/{user}/password", {"reset-mode": "temporary", "reset-reason": "x"}),
    ("/people/accounts/{user}/roles", {"grant-role": "admin", "grant-reason": "x"}),
    ("/people/accounts/{user}/roles/{grant}/withdraw", {"withdraw-reason": "x"}),
    ("/people/accounts/{user}/disable", {"enabled-reason": "x"}),
    ("/people/accounts/{user}/enable", {"enabled-reason": "x"}),
]


@pytest.mark.parametrize("who", ["asn", "supervisor", "head", "committee"])
def test_no_one_but_an_admin_opens_an_account_page_or_changes_an_account(app, org, login_as,
                                                                         who):
    client = login_as(getattr(org, who))
    [grant] = _user(org.head).grants
    for path in ("/people/accounts", f"/people/accounts/{org.head.user_id}"):
        assert client.get(path).status_code == 403
    for path, data in ADMIN_POSTS:
        url = path.format(user=org.head.user_id, grant=grant.id)
        assert client.post(url, htmx=False, data=data).status_code == 403, url
    head = _user(org.head)
    assert head.enabled and not head.must_change_password and len(head.grants) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountEvent)) == 0


def test_every_account_change_needs_the_csrf_token(app, org, login_as):
    admin = login_as(org.admin)
    [grant] = _user(org.head).grants
    for path, data in ADMIN_POSTS:
        url = path.format(user=org.head.user_id, grant=grant.id)
        assert admin.post(url, htmx=False, csrf=False, data=data).status_code == 400, url
    assert admin.post("/auth/password", htmx=False, csrf=False, data={
        "current": PASSWORD, "new": "pilihan-saya-1", "repeated": "pilihan-saya-1"}
    ).status_code == 400
    assert _user(org.admin).check_password(PASSWORD)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountEvent)) == 0


def test_the_account_list_finds_by_name_nip_or_email(app, org, login_as):
    admin = login_as(org.admin)

    by_name = admin.get("/people/accounts?q=rahma").get_data(as_text=True)
    by_nip = admin.get("/people/accounts?q=19900110 2015").get_data(as_text=True)
    by_email = admin.get("/people/accounts?q=komite.dinkes").get_data(as_text=True)

    assert "Rahmawati" in by_name and "Andi Pratama" not in by_name
    assert "Andi Pratama" in by_nip and "Rahmawati" not in by_nip
    assert "Komite Dinkes" in by_email and "Andi Pratama" not in by_email
    assert f"/people/accounts/{org.asn.user_id}" in by_nip


def test_the_account_list_and_page_send_a_constant_number_of_sql_statements(app, org, login_as):
    admin = login_as(org.admin)
    from portal.services.people import accounts

    def grow():
        actor = _user(org.admin)
        for n in range(10):
            db.session.add(User(email=f"u{n}@jambiprov.go.id", display_name=f"Pengguna {n}",
                                password_hash="!"))
        db.session.commit()
        for n in range(5):
            accounts.reset_password(actor, _user(org.asn), f"Reset {n}")
            accounts.grant_role(actor, _user(org.asn), "committee", org.other_agency_id,
                                f"SK {n}")
            [grant] = _user(org.asn).grants
            accounts.withdraw_role(actor, _user(org.asn), grant.id, f"Cabut {n}")

    urls = ("/people/accounts", f"/people/accounts/{org.asn.user_id}")
    few = {}
    for url in urls:
        with counting_queries() as statements:
            assert admin.get(url).status_code == 200
        few[url] = len(statements)
    grow()
    for url in urls:
        with counting_queries() as statements:
            assert admin.get(url).status_code == 200
        assert len(statements) == few[url], url


def test_an_admin_reaches_an_account_from_the_employee_search(app, org, login_as):
    html = login_as(org.admin).get("/search/?q=Andi").get_data(as_text=True)

    assert "/people/accounts?q=199001102015031003" in html
    assert "/people/accounts" not in login_as(org.head).get("/search/?q=Andi").get_data(
        as_text=True)
