"""The signed-in user of each request: the session generation check (see
portal.services.people.sessions), the idle limit, and where a visitor without a session goes."""
from __future__ import annotations

import time

from flask import abort, flash, g, redirect, request, session, url_for
from flask.globals import _cv_request
from flask_babel import gettext as _
from flask_login import current_user, logout_user, user_logged_in
from flask_login.utils import login_url

from portal.auth import bp
from portal.extensions import login_manager
from portal.models import User
from portal.services.people import sessions

login_manager.login_view = "auth.login"

# Requests a page makes by itself (polling): they do not keep an unattended session alive.
PASSIVE_ENDPOINTS = frozenset({"notifications.badge", "records.progress", "static"})
# The time of the last request is written back at most this often, not on every request.
SEEN_RESOLUTION = 60


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session or remember cookie, while its generation is current; whether they
    have a team and their unread notifications come with it (the header of every page shows
    them, see portal.templating)."""
    found = sessions.signed_in(session_id)
    g.has_team, g.unread = found.has_team, found.unread
    return found.user


@bp.before_app_request
def end_idle_session():
    """End a session unused for SESSION_IDLE_MINUTES; note the time of an active request."""
    context = _cv_request.get()  # the session and request themselves, not through their proxies
    stored = context.session
    if "_user_id" not in stored:
        return
    now = int(time.time())
    seen = stored.get("_seen")
    idle = context.app.config["SESSION_IDLE_MINUTES"] * 60
    if seen is not None and now - seen > idle:
        logout_user()
        stored.pop("_seen", None)
        g.session_expired = True
        flash(_("Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)d menit. "
                "Silakan masuk lagi.", minutes=idle // 60), "info")
    elif seen is None or (context.request.endpoint not in PASSIVE_ENDPOINTS
                          and now - seen >= SEEN_RESOLUTION):
        stored["_seen"] = now


@user_logged_in.connect
def note_sign_in_time(_app, **_extra):
    """A sign-in is activity: the cookie it sets carries its time, so the page it leads to does
    not sign and send the session again only to note the first request's."""
    session["_seen"] = int(time.time())


# What a user who must change their password may still reach: that page, logging out, the
# language switch and static files.
OPEN_TO_PASSWORD_CHANGE = frozenset({"auth.password", "auth.logout", "auth.language", "static"})


@bp.before_app_request
def require_password_change():
    """Hold a user whose password was reset (or never chosen) on the change-password page."""
    if request.endpoint in OPEN_TO_PASSWORD_CHANGE:
        return None
    user = current_user._get_current_object()  # the user, not its proxy, for its two attributes
    if not user.is_authenticated or not user.must_change_password:
        return None
    if request.endpoint in PASSIVE_ENDPOINTS:
        return "", 204  # a poll of the page held open: nothing, and no redirect loop
    target = url_for("auth.password")
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return "", 204, {"HX-Redirect": target}
    if request.method != "GET":
        abort(403, description=_("Ganti kata sandi Anda terlebih dahulu."))
    return redirect(target)


@login_manager.unauthorized_handler
def unauthorized():
    """Send a visitor to the login page, then back; an htmx request (a poll, a swap) makes the
    browser go there as a whole page rather than swap the login page into a fragment."""
    if not g.get("session_expired"):
        # Translated here, in the visitor's language: a message set once on the login manager
        # was shown in Indonesian to a visitor who had chosen English.
        flash(_("Silakan masuk untuk membuka halaman ini."), "info")
    target = login_url(login_manager.login_view, next_url=request.url)
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return "", 401, {"HX-Redirect": target}
    return redirect(target)
