"""What every signed-in request pays, made cheaper without changing what it gives: the layout's
menu rendered once per language and set of roles (portal.templating.navigation), the rate-limit
check only on limited routes (portal.ratelimits.check_limited_routes_only), the security
headers set in one pass (portal.security)."""
from __future__ import annotations

import re

import pytest
from flask import Response

from portal import create_app
from portal.extensions import db, limiter
from portal.models import RoleGrant
from tests.http.helpers import make_service

# Links of the menu that tell the roles apart, and who sees them.
EMPLOYEE = ["SKP saya", "Riwayat saya", "Keberatan", "Umpan balik rekan"]
TEAM = ["Tim saya", "Cari pegawai"]
AGENCY = ["Kalibrasi", "Pemantauan", "Laporan"]
APPROVER = ["Persetujuan", "IKM", "Tindak lanjut"]
ADMIN = ["Organisasi", "Periode", "Tugas latar belakang", "IKM", "Pemantauan", "Cari pegawai"]
EVERY_LINK = set(EMPLOYEE + TEAM + AGENCY + APPROVER + ADMIN)
SEEN_BY = {
    "asn": EMPLOYEE,
    "supervisor": EMPLOYEE + TEAM,
    "committee": EMPLOYEE + AGENCY + ["Cari pegawai"],
    "head": EMPLOYEE + TEAM + AGENCY + APPROVER,
    "admin": ADMIN + ["Laporan", "Tindak lanjut"],
    "asn again": EMPLOYEE,
}


def menu(response) -> str:
    return re.search(r'<nav aria-label="[^"]+">.*?</nav>', response.get_data(as_text=True),
                     re.DOTALL).group(0)


def labels(menu_html: str) -> set[str]:
    return set(re.findall(r">([^<>]+)</a>", menu_html))


def test_each_role_sees_its_own_menu_whoever_came_before(app, org, login_as):
    for name, expected in SEEN_BY.items():
        persona = getattr(org, name.split()[0])

        shown = labels(menu(login_as(persona).get("/")))

        assert shown & EVERY_LINK == set(expected), name


def test_the_menu_is_in_the_language_of_each_user(app, org, login_as):
    english = login_as(org.asn)
    english.post("/auth/language/en", data={"next": "/"}, htmx=False)
    assert "My SKP" in labels(menu(english.get("/")))

    indonesian = labels(menu(login_as(org.peer).get("/")))

    assert "SKP saya" in indonesian and "My SKP" not in indonesian
    assert "My SKP" in labels(menu(english.get("/")))


def test_each_user_sees_the_link_to_their_own_history_only(app, org, login_as):
    # The ASN and their peer have the same roles: the same menu, but for this link.
    for persona, other in ((org.asn, org.peer), (org.peer, org.asn)):
        html = menu(login_as(persona).get("/"))

        assert f'href="/people/employees/{persona.employee_id}/history"' in html
        assert f"/employees/{other.employee_id}/" not in html


def test_a_role_granted_or_withdrawn_shows_in_the_menu_at_the_next_request(app, org, login_as):
    client = login_as(org.asn)
    assert "Kalibrasi" not in labels(menu(client.get("/")))

    grant = RoleGrant(user_id=org.asn.user_id, role="committee", agency_id=org.agency_id)
    db.session.add(grant)
    db.session.commit()
    assert "Kalibrasi" in labels(menu(client.get("/")))

    db.session.delete(grant)
    db.session.commit()
    assert "Kalibrasi" not in labels(menu(client.get("/")))


def test_the_menu_is_rendered_once_per_language_and_set_of_roles(app, org, login_as):
    app.extensions.pop("portal_menus", None)
    for persona in (org.asn, org.peer, org.asn):
        login_as(persona).get("/")

    assert len(app.extensions["portal_menus"]) == 1


@pytest.fixture
def checks(monkeypatch):
    """(endpoint, whether before the view) of each run of Flask-Limiter's own check."""
    from flask import request
    seen = []
    original = limiter._check_request_limit

    def spy(*args, **kwargs):
        seen.append((request.endpoint, kwargs.get("in_middleware", True)))
        return original(*args, **kwargs)

    monkeypatch.setattr(limiter, "_check_request_limit", spy)
    return seen


def test_the_rate_limit_is_not_checked_on_routes_without_one(app, org, login_as, monkeypatch):
    # Every check of Flask-Limiter begins by naming the request.
    named = []
    monkeypatch.setattr(limiter, "identify_request", lambda: named.append(1) or "x")
    client = login_as(org.asn)
    client.get("/")
    client.get("/notifications/badge")
    app.test_client().get("/healthz")

    assert named == []


def test_a_limited_route_is_still_checked_by_the_limiter(app, org, checks):
    service = make_service(org)
    app.test_client().get(f"/s/{service.code}")

    assert ("survey.form", True) in checks  # the hook before the view, kept for this route


def test_an_app_wide_limit_refuses_to_start_without_the_hook_on_every_route(database_url):
    try:
        with pytest.raises(AssertionError, match="app-wide limit"):
            create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True,
                        "RATELIMIT_DEFAULT": "100 per minute"})
    finally:  # the limiter is the process's singleton: it keeps the limit for the next apps
        limiter.limit_manager.set_default_limits([])


def test_a_header_a_view_chose_is_kept_and_the_others_added(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})

    @app.route("/test-own-policy")
    def own_policy():
        response = Response("x")
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    response = app.test_client().get("/test-own-policy")

    assert response.headers.getlist("Content-Security-Policy") == [
        "default-src 'none'; sandbox"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
