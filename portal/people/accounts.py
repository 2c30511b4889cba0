"""Views of the accounts: the list with a search, one account with its roles, reset of the
password, enabling and disabling, and the audit of every change. Admins only."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from portal.admin.routes import admin_required
from portal.downloads import Column, streamed, xlsx_response
from portal.extensions import db
from portal.models import Agency, User
from portal.people import bp
from portal.people.forms import GrantRoleForm, ReasonForm, ResetPasswordForm
from portal.people.labels import ACCOUNT_ACTION_LABELS, ROLE_LABELS, account_refusal_text
from portal.services.errors import Refused
from portal.services.people import accounts as service
from portal.services.people import directory
from portal.web import page_no

# The session key holding a temporary password between the reset and the page showing it.
TEMPORARY_KEY = "account_temporary_password"


@bp.route("/accounts")
@admin_required
def accounts():
    """The accounts whose name, e-mail or NIP contains q, by name, paged."""
    query = request.args.get("q", "")[:200]
    page = page_no()
    rows, has_more = service.accounts_page(query, page, current_app.config["PAGE_SIZE"])
    granting = _granting()
    agency = db.session.get(Agency, granting["agency"]) if granting.get("agency") else None
    return render_template("people/accounts.html", accounts=rows, query=query, page_no=page,
                           has_more=has_more, ROLE_LABELS=ROLE_LABELS, granting=granting,
                           granting_agency=agency)


def _granting() -> dict:
    """The role (and agency) an admin came to grant from an agency page or the BKD admins
    (?role=committee&agency=3): carried from the list to the account, whose grant form it
    fills in."""
    role = request.args.get("role", "")
    if role not in ROLE_LABELS:
        return {}
    agency = request.args.get("agency", "")
    return {"role": role, **({"agency": int(agency)} if agency.isdigit() else {})}


ACCOUNT_COLUMNS = [
    Column(_l("Nama"), 36), Column(_l("NIP"), 22), Column(_l("E-mail"), 32),
    Column(_l("Peran"), 48), Column(_l("Status"), 22),
]


@bp.route("/accounts/export.xlsx")
@admin_required
def accounts_export():
    """The accounts the list finds for q (every page) as an .xlsx file, roles with their
    agency."""
    agencies = dict(directory.agency_choices())

    def status(user: User) -> str:
        if not user.enabled:
            return _("Nonaktif")
        return _("Wajib ganti kata sandi") if user.must_change_password else _("Aktif")

    def role(grant) -> str:
        label = str(ROLE_LABELS[grant.role])
        return f"{label} ({agencies[grant.agency_id]})" if grant.agency_id in agencies else label

    def rows():
        for (user,) in streamed(service.accounts_statement(request.args.get("q", "")[:200])):
            yield (user.display_name, user.employee.nip if user.employee else None, user.email,
                   "; ".join(role(g) for g in user.grants), status(user))

    return xlsx_response(ACCOUNT_COLUMNS, rows(), "akun.xlsx", _("Akun pengguna"))


def _user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def _grant_form(formdata=None) -> GrantRoleForm:
    form = (GrantRoleForm(prefix="grant") if formdata is None
            else GrantRoleForm(formdata=formdata, prefix="grant"))
    form.role.choices = [SelectChoice("", _("— pilih peran —")),
                         *(SelectChoice(key, str(label)) for key, label in ROLE_LABELS.items())]
    form.agency_id.choices = [SelectChoice(0, _("— pilih instansi —")),
                              *(SelectChoice(*choice) for choice in directory.agency_choices())]
    if formdata is None:
        granting = _granting()
        form.role.data = granting.get("role", form.role.data)
        form.agency_id.data = granting.get("agency", form.agency_id.data)
    return form


def _page(user: User, status: int = 200, message: str | None = None, *,
          reset_form: ResetPasswordForm | None = None, grant_form: GrantRoleForm | None = None,
          enabled_form: ReasonForm | None = None, withdraw_form: ReasonForm | None = None,
          withdraw_id: int | None = None, temporary: str | None = None):
    agencies = dict(directory.agency_choices())
    response = current_app.make_response((render_template(
        "people/account.html", user=user, message=message, temporary=temporary,
        reset_form=reset_form or ResetPasswordForm(formdata=None, prefix="reset"),
        grant_form=grant_form or _grant_form(formdata=None),
        enabled_form=enabled_form or ReasonForm(formdata=None, prefix="enabled"),
        withdraw_form=withdraw_form or ReasonForm(formdata=None, prefix="withdraw"),
        withdraw_id=withdraw_id, events=service.events(user.id), agencies=agencies,
        ROLE_LABELS=ROLE_LABELS, ACCOUNT_ACTION_LABELS=ACCOUNT_ACTION_LABELS,
        min_length=service.min_length(), is_self=user.id == current_user.id), status))
    if temporary:
        response.headers["Cache-Control"] = "no-store"  # the password is shown this once
    return response


@bp.route("/accounts/<int:user_id>")
@admin_required
def account(user_id: int):
    """One account: who it is, its roles, its state, the forms to change them, its audit; and,
    once, the temporary password of a reset just made."""
    user = _user(user_id)
    shown = session.pop(TEMPORARY_KEY, None)
    temporary = shown["password"] if shown and shown.get("user") == user.id else None
    return _page(user, temporary=temporary)


@bp.route("/accounts/<int:user_id>/password", methods=["POST"])
@admin_required
def reset_password(user_id: int):
    """Reset the password, then the account page, which shows the new password once."""
    user = _user(user_id)
    form = ResetPasswordForm(prefix="reset")
    if not form.validate_on_submit():
        return _page(user, 422, reset_form=form)
    try:
        password = service.reset_password(
            current_user, user, form.reason.data,
            (form.password.data or "") if form.mode.data == "typed" else None)
    except Refused as refusal:
        return _page(user, refusal.status, account_refusal_text(refusal), reset_form=form)
    # Shown by the next page (Post/Redirect/Get: reloading it never resets again) and then
    # gone from the session.
    session[TEMPORARY_KEY] = {"user": user.id, "password": password}
    return redirect(url_for(".account", user_id=user.id), 303)


@bp.route("/accounts/<int:user_id>/roles", methods=["POST"])
@admin_required
def grant_role(user_id: int):
    """Grant a role, then back to the account."""
    user = _user(user_id)
    form = _grant_form()
    if not form.validate_on_submit():
        return _page(user, 422, grant_form=form)
    try:
        service.grant_role(current_user, user, form.role.data, form.agency_id.data or None,
                           form.reason.data)
    except Refused as refusal:
        return _page(user, refusal.status, account_refusal_text(refusal), grant_form=form)
    flash(_("Peran diberikan."), "success")
    return redirect(url_for(".account", user_id=user.id), 303)


@bp.route("/accounts/<int:user_id>/roles/<int:grant_id>/withdraw", methods=["POST"])
@admin_required
def withdraw_role(user_id: int, grant_id: int):
    """Withdraw one role, then back to the account."""
    user = _user(user_id)
    form = ReasonForm(prefix="withdraw")
    if not form.validate_on_submit():
        return _page(user, 422, withdraw_form=form, withdraw_id=grant_id)
    try:
        service.withdraw_role(current_user, user, grant_id, form.reason.data)
    except Refused as refusal:
        return _page(user, refusal.status, account_refusal_text(refusal), withdraw_form=form,
                     withdraw_id=grant_id)
    flash(_("Peran dicabut."), "success")
    return redirect(url_for(".account", user_id=user.id), 303)


@bp.route("/accounts/<int:user_id>/<any(enable, disable):change>", methods=["POST"])
@admin_required
def set_enabled(user_id: int, change: str):
    """Enable or disable the account, then back to it."""
    user = _user(user_id)
    form = ReasonForm(prefix="enabled")
    if not form.validate_on_submit():
        return _page(user, 422, enabled_form=form)
    try:
        service.set_enabled(current_user, user, change == "enable", form.reason.data)
    except Refused as refusal:
        return _page(user, refusal.status, account_refusal_text(refusal), enabled_form=form)
    flash(_("Akun diaktifkan.") if change == "enable" else _("Akun dinonaktifkan."), "success")
    return redirect(url_for(".account", user_id=user.id), 303)
