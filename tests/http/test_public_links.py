"""Absolute links to the portal (QR codes, counter cards, survey links, e-mail) carry its public
address: PORTAL_BASE_URL when set, else the host the request came to (through the trusted
proxies), never a constant; outside a request with neither, only the path and a warning."""
from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from portal import create_app
from portal.links import public_url
from portal.services.feedback import catalogue
from tests.conftest import PortalClient
from tests.http.helpers import make_service

PUBLIC = "https://kinerja.jambiprov.go.id"
HOST = "survei.dukcapil.example"


@pytest.fixture
def service(org):
    return make_service(org, officers=(org.asn,))


def signed_in_at(app, persona, host: str) -> PortalClient:
    """A client signed in as persona whose every request names host (as a browser does)."""
    client = app.test_client()
    plain_open = client.open

    def open_at_host(*args, **kwargs):
        kwargs["headers"] = {"Host": host, **dict(kwargs.get("headers") or {})}
        return plain_open(*args, **kwargs)

    client.open = open_at_host
    return PortalClient(client).login(persona.login)


def test_without_a_setting_the_service_page_card_and_qr_show_the_request_host(
        app, org, service):
    assert not app.config["PORTAL_BASE_URL"]  # the default: not set
    officer = service.officers[0]
    admin = signed_in_at(app, org.admin, HOST)
    link = f"http://{HOST}/s/{service.code}"

    page = admin.get(f"/catalogue/services/{service.id}").get_data(as_text=True)
    card = admin.get(f"/catalogue/services/{service.id}/officers/{officer.id}/card",
                     ).get_data(as_text=True)
    svg = admin.get(f"/catalogue/services/{service.id}/qr.svg").data

    assert link in page and f"{link}/{officer.code}" in page
    assert f"{link}/{officer.code}" in card
    assert svg == catalogue.qr_image(link, "svg")
    assert "127.0.0.1" not in page + card


def test_the_setting_wins_over_the_request_host(app, org, service):
    app.config["PORTAL_BASE_URL"] = PUBLIC + "/"
    admin = signed_in_at(app, org.admin, HOST)

    card = admin.get(f"/catalogue/services/{service.id}/card").get_data(as_text=True)
    png = admin.get(f"/catalogue/services/{service.id}/qr.png").data

    assert f"{PUBLIC}/s/{service.code}" in card and HOST not in card
    assert png == catalogue.qr_image(f"{PUBLIC}/s/{service.code}", "png")


def test_behind_a_trusted_proxy_the_forwarded_host_and_scheme_are_used(database_url):
    proxied = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                          "SQLALCHEMY_DATABASE_URI": database_url, "TRUSTED_PROXIES": 1})

    @proxied.route("/link")
    def link():
        return public_url("survey.form", code="abc234")

    response = proxied.test_client().get("/link", headers={
        "X-Forwarded-Host": "kinerja.jambiprov.go.id", "X-Forwarded-Proto": "https"})

    assert response.get_data(as_text=True) == f"{PUBLIC}/s/abc234"


def test_a_base_with_a_path_prefix_keeps_it(app):
    app.config["PORTAL_BASE_URL"] = "https://jambiprov.go.id/kinerja/"

    assert (public_url("survey.form", code="abc234", officer_code=None)
            == "https://jambiprov.go.id/kinerja/s/abc234")


def test_outside_a_request_without_a_setting_a_link_is_a_path_and_a_warning(app, caplog):
    with caplog.at_level(logging.WARNING, logger=app.logger.name):
        url = public_url("notifications.index")
        public_url("notifications.index")

    assert url == "/notifications/"
    warnings = [r for r in caplog.records if "PORTAL_BASE_URL is not set" in r.getMessage()]
    assert len(warnings) == 1  # once, not once per e-mail


def test_outside_a_request_server_name_gives_the_host(app):
    app.config.update(SERVER_NAME="kinerja.jambiprov.go.id", PREFERRED_URL_SCHEME="https")

    with app.app_context():  # as a CLI command's context, made with the settings loaded
        assert public_url("notifications.index") == f"{PUBLIC}/notifications/"


def test_seed_demo_prints_the_survey_link_on_the_address_given(app, monkeypatch):
    import portal.demo

    monkeypatch.setattr(portal.demo, "seed", lambda: False)
    runner = CliRunner()

    given = runner.invoke(app.cli, ["seed-demo", "--base-url", "http://10.1.2.3:8000"],
                          obj=None, catch_exceptions=False)
    unset = runner.invoke(app.cli, ["seed-demo"], catch_exceptions=False)
    app.config["PORTAL_BASE_URL"] = PUBLIC
    configured = runner.invoke(app.cli, ["seed-demo"], catch_exceptions=False)

    path = portal.demo.DEMO_SURVEY_PATH
    assert f"http://10.1.2.3:8000{path}" in given.output
    assert f"no login: {path} on the portal's address" in unset.output
    assert "127.0.0.1" not in given.output + unset.output
    assert f"{PUBLIC}{path}" in configured.output
