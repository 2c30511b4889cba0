"""Views of the auth blueprint."""
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import bp
from portal.auth.forms import ChangePasswordForm, LoginForm
from portal.people.labels import account_refusal_text
from portal.services.errors import Refused
from portal.services.people import accounts, logins, sessions


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and sign the user in, unless too many attempts failed."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = logins.sign_in(form.login.data, form.password.data, request.remote_addr)
        except logins.LoginThrottled as refusal:
            minutes = -(-refusal.details["wait"] // 60)
            flash(ngettext("Terlalu banyak percobaan masuk yang gagal. Tunggu %(num)d menit, "
                           "lalu coba lagi.",
                           "Terlalu banyak percobaan masuk yang gagal. Tunggu %(num)d menit, "
                           "lalu coba lagi.", minutes), "error")
            return render_template("auth/login.html", form=form), 429, {
                "Retry-After": str(refusal.details["wait"])}
        except logins.LoginFailed:
            # 422 like any refused form: the credentials were read and refused.
            flash(_("NIP/e-mail atau kata sandi salah."), "error")
            return render_template("auth/login.html", form=form), 422
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign the user out, ending their sessions on every device."""
    sessions.end_sessions(current_user)
    logout_user()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>", methods=["POST"])
def language(code: str):
    """Switch the interface language for this session (Indonesian or English)."""
    if code in ("id", "en"):
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """The user's own change of password; the only page open while a change is required."""
    form = ChangePasswordForm()
    message = None
    if form.validate_on_submit():
        try:
            user = current_user._get_current_object()
            accounts.change_own_password(user, form.current.data, form.new.data,
                                         form.repeated.data)
        except Refused as refusal:
            message = account_refusal_text(refusal)
            return render_template("auth/password.html", form=form, message=message,
                                   min_length=accounts.min_length()), refusal.status
        login_user(user)  # the new session generation, for this browser only
        flash(_("Kata sandi diganti. Sesi di perangkat lain telah berakhir."), "success")
        return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form, message=message,
                           min_length=accounts.min_length()), 422 if form.errors else 200
