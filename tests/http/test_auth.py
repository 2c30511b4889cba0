"""Signing in and out, where sign-in leads, and the interface language."""
from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import User
from portal.services.people import logins
from tests.conftest import PASSWORD, PortalClient

WRONG = "NIP/e-mail atau kata sandi salah."


def signed_out(app) -> PortalClient:
    """A client on the login page, holding the form's CSRF token but signed in as nobody."""
    client = PortalClient(app.test_client())
    page = client.get("/auth/login").get_data(as_text=True)
    client.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client


def sign_in(client: PortalClient, login: str, password: str = PASSWORD, query: str = ""):
    return client.post(f"/auth/login{query}", htmx=False, csrf=False, data={
        "login": login, "password": password, "csrf_token": client.csrf})


@pytest.mark.parametrize("who, login", [
    ("asn", "199001102015031003"),
    ("asn", "19900110 201503 1 003"),  # as printed on official documents
    ("asn", "  199001102015031003 "),
    ("admin", "admin@bkd.jambiprov.go.id"),
    ("admin", "Admin@BKD.jambiprov.go.id"),
    ("other_committee", "komite.dinkes@jambiprov.go.id"),
], ids=["nip", "nip-with-spaces", "nip-padded", "email", "email-mixed-case", "email-no-post"])
def test_it_signs_in_with_nip_or_email(app, org, who, login):
    client = signed_out(app)

    response = sign_in(client, login)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    user = db.session.get(User, getattr(org, who).user_id)
    assert f"Selamat datang, {user.display_name}" in home


@pytest.mark.parametrize("login, password", [
    ("199001102015031003", "salah-sandi"),
    ("199001102015031099", PASSWORD),
    ("tidak.ada@jambiprov.go.id", PASSWORD),
], ids=["wrong-password", "unknown-nip", "unknown-email"])
def test_it_refuses_a_wrong_login_in_indonesian(app, org, login, password):
    client = signed_out(app)

    response = sign_in(client, login, password)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert WRONG in html
    assert f'value="{login}"' in html  # the typed NIP/e-mail stays
    assert password not in html  # the password does not
    assert client.get("/").status_code == 302


def test_it_refuses_a_disabled_user(app, org):
    db.session.execute(sa.update(User).where(User.id == org.asn.user_id).values(enabled=False))
    db.session.commit()
    client = signed_out(app)

    response = sign_in(client, org.asn.login)

    assert response.status_code == 422
    assert WRONG in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_it_asks_for_both_fields(app, org):
    client = signed_out(app)

    response = sign_in(client, "", "")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Isi NIP atau e-mail." in html
    assert "Isi kata sandi." in html


def test_it_follows_next_to_a_page_of_this_site(app, org):
    client = signed_out(app)

    response = sign_in(client, org.supervisor.login, query="?next=/team/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/team/"


@pytest.mark.parametrize("target", [
    "https://evil.example/phish", "//evil.example/phish", "/\\evil.example/phish",
    "/\\/evil.example/phish", "http:evil.example", "javascript:alert(1)", "team/",
])
def test_it_does_not_follow_next_to_another_host(app, org, target):
    client = signed_out(app)

    response = sign_in(client, org.asn.login, query="?" + urlencode({"next": target}))

    assert response.status_code == 302
    location = response.headers["Location"]
    # A path of this site: browsers read "//host" and "/\\host" as another host.
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))
    assert urlsplit(location).netloc == ""
    assert client.get("/").status_code == 200  # signed in all the same


@pytest.mark.parametrize("path", [
    "/", "/assessments/", "/assessments/{aid}", "/assessments/{aid}/history", "/team/",
    "/calibration/", "/approvals/", "/admin/periods",
])
def test_it_sends_a_visitor_to_the_login_page(app, org, path):
    path = path.format(aid=org.assessment_id(org.asn))

    response = app.test_client().get(path)

    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/auth/login?next=")
    assert location == "/auth/login?" + urlencode({"next": path})


def test_it_shows_the_login_message_in_indonesian(app, org):
    client = app.test_client()

    page = client.get("/team/", follow_redirects=True)

    assert "Silakan masuk untuk membuka halaman ini." in page.get_data(as_text=True)


def test_it_signs_out_on_post(org, login_as):
    client = login_as(org.asn)

    response = client.post("/auth/logout", htmx=False, csrf=False,
                           data={"csrf_token": client.csrf})

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert "Anda telah keluar." in client.get("/auth/login").get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_it_does_not_sign_out_on_get(org, login_as):
    client = login_as(org.asn)

    response = client.get("/auth/logout")

    assert response.status_code == 405
    assert client.get("/").status_code == 200


def test_it_switches_the_interface_to_english(app, org, login_as):
    client = login_as(org.asn)
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)

    response = client.post("/auth/language/en", htmx=False, csrf=False,
                           data={"csrf_token": client.csrf, "next": "/assessments/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/assessments/"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Welcome, Andi Pratama" in html  # from translations/en (compiled by make setup)
    assert ">My SKP</a>" in html
    assert "Selamat datang" not in html
    assert "Bahasa Indonesia</button>" in html  # the switch now offers the way back


def test_it_switches_the_interface_back_to_indonesian(app, org, login_as):
    client = login_as(org.asn)
    client.post("/auth/language/en", htmx=False, csrf=False, data={"csrf_token": client.csrf})

    client.post("/auth/language/id", htmx=False, csrf=False, data={"csrf_token": client.csrf})

    html = client.get("/").get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Selamat datang, Andi Pratama" in html


def test_it_ignores_an_unknown_language(app, org, login_as):
    client = login_as(org.asn)

    response = client.post("/auth/language/xx", htmx=False, csrf=False,
                           data={"csrf_token": client.csrf, "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


def test_it_lets_a_visitor_choose_the_language_before_signing_in(app, org):
    client = signed_out(app)

    client.post("/auth/language/en", htmx=False, csrf=False, data={"csrf_token": client.csrf})

    assert '<html lang="en">' in client.get("/auth/login").get_data(as_text=True)


def test_a_visitor_who_chose_english_is_asked_to_sign_in_in_english(app, org):
    client = signed_out(app)
    client.post("/auth/language/en", htmx=False, csrf=False, data={"csrf_token": client.csrf})

    page = client.get("/team/", follow_redirects=True).get_data(as_text=True)

    assert "Please sign in to open this page." in page
    assert "Silakan masuk untuk membuka halaman ini." not in page


@pytest.mark.parametrize("login, index", [
    ("Admin@BKD.jambiprov.go.id", {"postgresql": "ix_users_email_lower",
                                   "sqlite": "USING INDEX ix_users_email_lower"}),
    ("19900110 201503 1 003", {"postgresql": "uq_employees_nip", "sqlite": "INDEX "}),
], ids=["email", "nip"])
def test_a_login_is_looked_up_through_an_index_not_by_reading_every_account(app, org, login,
                                                                             index):
    statements = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert logins.find_user(login) is not None
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)

    statement, parameters = statements[0]  # then the account's grants, by its id
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # tiny tables: would scan
            plan = connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()
        else:
            plan = [row[-1] for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters)]
        plan = "\n".join(plan)
    assert index[db.engine.dialect.name] in plan
    assert "Seq Scan on users" not in plan and "SCAN users" not in plan
