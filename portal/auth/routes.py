"""Views of the auth blueprint."""
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from portal.auth import bp
from portal.auth.forms import LoginForm
from portal.extensions import db, login_manager
from portal.models import Employee, User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


login_manager.login_view = "auth.login"
login_manager.login_message = "Silakan masuk untuk membuka halaman ini."
login_manager.login_message_category = "info"


def find_user(login: str) -> User | None:
    """The user whose e-mail or NIP (spaces allowed, as printed) is login."""
    login = login.strip()
    nip = login.replace(" ", "")
    return db.session.scalar(
        sa.select(User).outerjoin(Employee, User.employee_id == Employee.id).where(
            sa.or_(sa.func.lower(User.email) == login.lower(), Employee.nip == nip)
        )
    )


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and sign the user in."""
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.login.data)
        if user is None or not user.check_password(form.password.data) or not user.is_active:
            flash(_("NIP/e-mail atau kata sandi salah."), "error")
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign the user out."""
    logout_user()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>", methods=["POST"])
def language(code: str):
    """Switch the interface language for this session (Indonesian or English)."""
    if code in ("id", "en"):
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))
