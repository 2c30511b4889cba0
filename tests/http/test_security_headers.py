"""Security headers on every kind of response (pages, partials, PDFs, files, redirects, errors,
static), secure cookies in the production configuration, and templates the CSP can serve."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal import create_app
from tests.conftest import PASSWORD, PortalClient

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def assert_security_headers(response) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP, response.request.path
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def _get_rules():
    """Every rule of the URL map that answers GET, as (rule, endpoint) pairs."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted((rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods)


# Values for the URL's arguments: the ASN's assessment, the open period's year, an SVG, a static
# file; any other id is 1, which is often missing (a 404 must carry the headers as well).
ARGUMENTS = {"year": 2026, "number": 0, "kind": "svg", "code": "ktpe26",
             "officer_code": "x", "filename": "css/portal.css"}


# The headers are added in Python to every response, whatever the database: run once, on SQLite.
@pytest.mark.one_database
@pytest.mark.parametrize("rule, endpoint", _get_rules(), ids=lambda value: value)
def test_every_get_address_answers_with_the_security_headers(app, org, login_as, rule, endpoint):
    values = {**ARGUMENTS, "assessment_id": org.assessment_id(org.asn)}
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), 1)), rule)
    admin, supervisor = login_as(org.admin), login_as(org.supervisor)

    responses = [admin.get(path), supervisor.get(path), supervisor.get(path, htmx=True),
                 app.test_client().get(path)]

    for response in responses:
        assert_security_headers(response)


def test_a_pdf_carries_the_headers(app, org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).get(f"/documents/assessments/{aid}/skp.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert_security_headers(response)


@pytest.mark.parametrize("path, status", [
    ("/tidak-ada", 404), ("/assessments/999999", 404), ("/static/tidak-ada.css", 404),
    ("/auth/logout", 405), ("/static/css/portal.css", 200),
    ("/static/vendor/htmx-2.0.11.min.js", 200), ("/healthz", 200),
])
def test_errors_static_files_and_json_carry_the_headers(app, org, login_as, path, status):
    response = login_as(org.asn).get(path)

    assert response.status_code == status
    assert_security_headers(response)


def test_a_post_redirect_and_a_refused_form_carry_the_headers(app, org, login_as):
    client = login_as(org.asn)

    redirected = client.post("/auth/language/en", htmx=False)
    refused = client.post("/auth/language/en", htmx=False, csrf=False)

    assert redirected.status_code == 302
    assert refused.status_code == 400
    assert_security_headers(redirected)
    assert_security_headers(refused)


def test_a_server_error_carries_the_headers(app, org, login_as):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    response = login_as(org.asn).get("/boom")

    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.get_data(as_text=True)
    assert_security_headers(response)


def test_production_cookies_are_secure_http_only_and_same_site(database_url, org, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "SQLALCHEMY_DATABASE_URI": database_url})
    client = PortalClient(app.test_client())

    page = client.get("/auth/login", base_url="https://localhost")
    client.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                            page.get_data(as_text=True)).group(1)
    response = client.client.post("/auth/login", base_url="https://localhost", headers={
        "Referer": "https://localhost/auth/login"}, data={
        "login": org.asn.login, "password": PASSWORD, "csrf_token": client.csrf})

    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= {part.strip() for part in cookie.split(";")}
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


# What the CSP refuses: an inline <script> (one without src), a <style> block, a style=""
# attribute, an event-handler attribute (onclick=...) and htmx's hx-on (evaluated code).
INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style[\s>]|\sstyle\s*=|\son[a-z]+\s*=|"
                    r"\s(?:data-)?hx-on", re.IGNORECASE)


def _html_templates():
    """Every template a browser receives as HTML (the documents are PDFs made on the server)."""
    return sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")
                  if path.relative_to(TEMPLATES).parts[0] != "documents")


@pytest.mark.parametrize("template", _html_templates())
def test_no_template_served_as_html_holds_inline_script_or_style(template):
    source = (TEMPLATES / template).read_text()

    assert INLINE.findall(source) == []


def test_the_layout_keeps_htmx_from_injecting_its_indicator_style(app, org, login_as):
    html = login_as(org.asn).get("/").get_data(as_text=True)

    config = re.search(r"""<meta name="htmx-config" content='([^']+)'>""", html).group(1)
    assert '"includeIndicatorStyles": false' in config
    css = Path(app.static_folder, "css", "portal.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


def test_the_audit_finds_inline_code(tmp_path):
    assert INLINE.findall('<p style="color:red" onclick="x()">') == [' style=', ' onclick=']
    assert INLINE.findall('<script>alert(1)</script><script src="/a.js"></script>') == ["<script>"]
    assert INLINE.findall('<button hx-on:click="x()">') == [" hx-on"]
