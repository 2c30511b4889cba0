"""CSRF: every POST needs the token the layout gives the browser (header or form field)."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Period
from tests.conftest import PASSWORD, PortalClient
from tests.http.helpers import RHK_FORM, advance, stored

EXPIRED = "Token keamanan formulir tidak ada atau sudah kedaluwarsa."


def test_it_refuses_an_htmx_action_without_the_token(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)

    response = login_as(org.supervisor).post(
        f"/assessments/{aid}/actions/approve_targets", data={"confirmed": "y", "version": before.version},
        csrf=False)

    assert response.status_code == 400
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert "Formulir kedaluwarsa" in html
    assert EXPIRED in html
    assert stored(aid) == before


def test_it_refuses_a_plain_form_without_the_token(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", htmx=False, csrf=False,
                                      data={**RHK_FORM, "version": before.version})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert EXPIRED in html
    assert stored(aid) == before


def test_it_refuses_a_token_of_another_session(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)
    supervisor, asn = login_as(org.supervisor), login_as(org.asn)

    response = supervisor.post(f"/assessments/{aid}/actions/approve_targets",
                               data={"confirmed": "y", "version": before.version}, csrf=False,
                               headers={"X-CSRFToken": asn.csrf})

    assert response.status_code == 400
    assert stored(aid) == before


def test_it_refuses_a_login_without_the_token(app, org):
    client = PortalClient(app.test_client())

    response = client.client.post("/auth/login", data={"login": org.asn.login,
                                                       "password": PASSWORD})

    assert response.status_code == 400
    assert EXPIRED in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_it_refuses_a_logout_without_the_token(org, login_as):
    client = login_as(org.asn)

    response = client.post("/auth/logout", htmx=False, csrf=False)

    assert response.status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_it_refuses_a_new_period_without_the_token(org, login_as):
    client = login_as(org.admin)

    response = client.post("/admin/periods", htmx=False, csrf=False, data={
        "year": "2027", "targets_due": "2027-01-31", "self_assessment_due": "2027-12-15",
        "review_due": "2027-12-31", "calibration_due": "2028-01-15",
        "approval_due": "2028-01-31"})

    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.scalar(sa.select(Period).where(Period.year == 2027)) is None


@pytest.mark.parametrize("path", ["/assessments/{aid}", "/team/", "/"])
def test_it_gives_the_token_to_htmx_once_from_the_layout(org, login_as, path):
    client = login_as(org.supervisor)

    html = client.get(path.format(aid=org.assessment_id(org.asn))).get_data(as_text=True)

    header = re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'>", html)
    assert header is not None
    # The token in the header is accepted like the one in the login form.
    aid = advance(org, "targets_submitted")
    response = client.post(f"/assessments/{aid}/actions/approve_targets", csrf=False,
                           data={"confirmed": "y", "version": stored(aid).version},
                           headers={"X-CSRFToken": header.group(1)})
    assert response.status_code == 200
