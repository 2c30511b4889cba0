"""The Kinerja portal: create_app() builds the Flask app with its extensions and blueprints."""
from __future__ import annotations

import sqlite3
from inspect import CO_COROUTINE
from pathlib import Path
from types import FunctionType, MethodType

import sqlalchemy as sa
from babel import Locale
from flask import Flask, session
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import config
from portal.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate
from portal.i18n import locale_for

ROOT = Path(__file__).resolve().parent.parent


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL lets readers go on while one writer commits; foreign keys are off by default in SQLite."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


class Portal(Flask):
    """Flask, asking less to tell a plain function from a coroutine function.

    Flask passes every hook, context processor and view through ensure_sync on every request
    (some twenty a page), and inspect.iscoroutinefunction makes about ten calls each. For a plain
    Python function, or a method of one (Flask-Login's remember-cookie hook), the answer is its
    code's coroutine flag (and, from Python 3.12, the marker inspect.markcoroutinefunction
    sets), read here directly; anything else goes to Flask.
    """

    def ensure_sync(self, func):
        function = func.__func__ if type(func) is MethodType else func
        if (type(function) is FunctionType and not function.__code__.co_flags & CO_COROUTINE
                and "_is_coroutine_marker" not in function.__dict__):
            return func
        return super().ensure_sync(func)


def _select_locale() -> Locale:
    """Indonesian unless the user chose English in this session (the Locale parsed once per
    process: flask_babel takes a Locale as it is)."""
    return locale_for(session.get("lang", "id"))


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; test_config overrides the environment-derived settings."""
    app = Portal(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config.load(app.instance_path))
    if test_config:
        app.config.update(test_config)

    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS",
                          config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    from portal import pg_transactions
    pg_transactions.init_app(app)  # PostgreSQL: reads outside transactions, one per write
    # Importing it registers the hook that chains every new audit event (tamper evidence).
    from portal.services.review import audit_chain  # noqa: F401
    # Batch mode lets later revisions alter tables on SQLite too.
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    from portal import signing
    signing.init_app(app)  # the session and the CSRF tokens signed with less work, the same bytes
    htmx.init_app(app)
    from portal import ratelimits  # registers the database:// storage of the rate limits
    app.config["RATELIMIT_STORAGE_URI"] = ratelimits.storage_uri(app.config)
    limiter.init_app(app)
    ratelimits.check_limited_routes_only(app, limiter)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(ROOT / "translations"))

    from portal import cli, errors, heap, security, templating
    from portal.admin import bp as admin_bp
    from portal.approvals import bp as approvals_bp
    from portal.assessments import bp as assessments_bp
    from portal.auth import bp as auth_bp
    from portal.calibration import bp as calibration_bp
    from portal.catalogue import bp as catalogue_bp
    from portal.documents import bp as documents_bp
    from portal.followup import bp as followup_bp
    from portal.help import bp as help_bp
    from portal.home import bp as home_bp
    from portal.library import bp as library_bp
    from portal.monitoring import bp as monitoring_bp
    from portal.notifications import bp as notifications_bp
    from portal.objections import bp as objections_bp
    from portal.peers import bp as peers_bp
    from portal.people import bp as people_bp
    from portal.records import bp as records_bp
    from portal.reports import bp as reports_bp
    from portal.search import bp as search_bp
    from portal.services import queue
    from portal.survey import bp as survey_bp
    from portal.team import bp as team_bp

    for blueprint in (home_bp, auth_bp, assessments_bp, team_bp, calibration_bp, approvals_bp,
                      admin_bp, documents_bp, notifications_bp, objections_bp, records_bp,
                      catalogue_bp, survey_bp, peers_bp, search_bp, people_bp, monitoring_bp,
                      reports_bp, help_bp, followup_bp, library_bp):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    queue.init_app(app)
    heap.init_app(app)
    return app
