"""The health check for monitoring, and error pages rendered in the layout."""
from __future__ import annotations

import pytest


def test_it_reports_the_app_and_database_healthy(app, org):
    response = app.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_it_answers_health_checks_without_a_login(app):
    response = app.test_client().get("/healthz")

    assert response.status_code == 200
    assert "Location" not in response.headers


def test_it_renders_an_unknown_address_as_a_404_page_in_the_layout(org, login_as):
    response = login_as(org.asn).get("/tidak-ada")

    assert response.status_code == 404
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Halaman tidak ditemukan" in html
    assert "Kembali ke beranda" in html


def test_it_renders_a_404_for_htmx_as_a_fragment(org, login_as):
    response = login_as(org.asn).get("/assessments/999999999", htmx=True)

    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'class="card error-card" role="alert"' in html
    assert "Halaman tidak ditemukan" in html


@pytest.mark.parametrize("path", ["/assessments/abc", "/assessments/-1"])
def test_it_answers_404_for_an_id_that_is_not_a_number(org, login_as, path):
    response = login_as(org.asn).get(path)

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_it_refuses_a_get_on_an_action(org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).get(f"/assessments/{aid}/actions/submit_targets")

    assert response.status_code == 405
    assert response.headers["Allow"] == "OPTIONS, POST"
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html  # in the layout, in Indonesian, like the other errors
    assert "Method Not Allowed" not in html
