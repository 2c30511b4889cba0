"""The signed-in floor made cheaper without changing what it gives (portal.signing, Portal,
the rate limiter's hooks): the session cookie and the CSRF tokens are the bytes Flask and
Flask-WTF make and are checked by them, old and new app servers read each other's cookies, and a
coroutine view is still run through Flask's async support."""
from __future__ import annotations

import pytest
from flask import session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import BadSignature
from wtforms.validators import ValidationError

from portal import signing
from portal.extensions import limiter
from tests.http.helpers import make_service

DATA = {"_user_id": "12:abc", "_fresh": True, "csrf_token": "f" * 40, "_seen": 1_800_000_000,
        "lang": "en"}


@pytest.fixture
def frozen_time(monkeypatch):
    """itsdangerous' clock stopped, so that two signatures of the same data can be compared."""
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: 1_800_000_000.0)


def test_the_session_cookie_is_the_one_flask_signs_and_each_reads_the_other(app, frozen_time):
    ours = app.session_interface.get_signing_serializer(app)
    flasks = SecureCookieSessionInterface().get_signing_serializer(app)

    assert isinstance(app.session_interface, signing.SessionInterface)
    assert ours.dumps(DATA) == flasks.dumps(DATA)
    assert ours.loads(flasks.dumps(DATA), max_age=60) == DATA
    assert flasks.loads(ours.dumps(DATA), max_age=60) == DATA


def test_a_cookie_signed_with_a_retired_key_is_read_and_a_forged_one_refused(app, frozen_time):
    old = SecureCookieSessionInterface().get_signing_serializer(app).dumps(DATA)
    app.config["SECRET_KEY_FALLBACKS"] = ["test-secret"]
    app.secret_key = "a-new-secret"
    ours = app.session_interface.get_signing_serializer(app)

    assert ours.loads(old, max_age=60) == DATA  # signed before the key changed
    payload, timestamp, signature = ours.dumps(DATA).rsplit(".", 2)
    with pytest.raises(BadSignature):
        ours.loads(f"{payload}.{timestamp}.{signature[:-2]}AA", max_age=60)
    app.config["SECRET_KEY_FALLBACKS"] = []
    with pytest.raises(BadSignature):
        app.session_interface.get_signing_serializer(app).loads(old, max_age=60)


def test_the_csrf_token_is_flask_wtfs_and_flask_wtf_accepts_it(app, frozen_time):
    with app.test_request_context("/"):
        ours = signing.csrf_token()
        assert signing.csrf_token() == ours  # once a request
        raw = session["csrf_token"]
    with app.test_request_context("/"):
        session["csrf_token"] = raw
        assert generate_csrf() == ours
        validate_csrf(ours)
        with pytest.raises(ValidationError):
            validate_csrf(ours, secret_key="another-secret")


def test_templates_and_forms_get_the_portals_csrf_token(app):
    assert app.jinja_env.globals["csrf_token"] is signing.csrf_token
    assert not any(processor.__module__ == "flask_wtf.csrf"
                   for processor in app.template_context_processors[None])
    with app.test_request_context("/"):
        from portal.assessments.forms import ActionForm
        form = ActionForm(formdata=None, version=1)
        assert form.csrf_token.current_token == signing.csrf_token()


def test_a_post_without_its_token_is_still_refused(app, org, login_as):
    client = login_as(org.asn)

    refused = client.post("/auth/language/en", data={"next": "/"}, csrf=False, htmx=False)
    accepted = client.post("/auth/language/en", data={"next": "/"}, htmx=False)

    assert refused.status_code == 400
    assert accepted.status_code == 302


def test_a_coroutine_view_still_goes_to_flasks_async_support(app):
    async def view():
        return "async"

    def plain():
        return "plain"

    assert app.ensure_sync(plain) is plain
    assert app.ensure_sync(app.view_functions["home.index"]) is app.view_functions["home.index"]
    try:
        wrapped = app.ensure_sync(view)
    except RuntimeError as error:  # Flask without its "async" extra (asgiref) says so
        assert "async" in str(error)
    else:
        assert wrapped is not view


def test_rate_limit_headers_come_on_a_limited_route_only(app, org, login_as):
    from tests.http.test_survey import Citizen
    service = make_service(org)
    limiter.reset()

    limited = Citizen(app).submit(f"/s/{service.code}", answers=[3] * 9)
    other = login_as(org.asn).get("/")

    assert limited.status_code == 303
    assert "X-RateLimit-Limit" in limited.headers
    assert not any(name.startswith("X-RateLimit") for name in other.headers.keys())
    limiter.reset()
