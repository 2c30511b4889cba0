"""Admin BKD: the angka kredit data (domain.md 12) as editable data: the yearly koefisien and the
cumulative targets of each jenjang, the percentage of each predikat; every change audited."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import InputRequired

from portal.admin import bp
from portal.admin.routes import admin_required
from portal.extensions import db
from portal.fields import LocalDecimalField
from portal.forms import PortalForm
from portal.labels import PREDIKAT_LABELS, REFUSALS
from portal.models.careers import AngkaKreditJenjang, AngkaKreditPercent
from portal.rules.predikat import PREDIKAT_ORDER
from portal.rules.reference import JENJANG
from portal.services.careers import angka_kredit as service
from portal.services.errors import Refused
from portal.web import current_actor, refusal_text

VERIFIED = _l("Sudah diverifikasi terhadap peraturan")
REASON = _l("Alasan perubahan")


class JenjangForm(PortalForm):
    """A jenjang's koefisien and cumulative targets (an empty target: no next step)."""

    koefisien = LocalDecimalField(_l("Koefisien per tahun"),
                                  validators=[InputRequired(str(REFUSALS["koefisien_out_of_range"]))])
    target_pangkat = LocalDecimalField(_l("AK kumulatif untuk kenaikan pangkat"))
    target_jenjang = LocalDecimalField(_l("AK kumulatif untuk kenaikan jenjang"))
    verified = BooleanField(VERIFIED)
    reason = TextAreaField(REASON, validators=[InputRequired(str(REFUSALS["reason_required"]))])


class PercentForm(PortalForm):
    """The percentage of the koefisien a predikat earns."""

    percent = LocalDecimalField(_l("Persentase"),
                                validators=[InputRequired(str(REFUSALS["ak_percent_out_of_range"]))])
    verified = BooleanField(VERIFIED)
    reason = TextAreaField(REASON, validators=[InputRequired(str(REFUSALS["reason_required"]))])


def _jenjang_form(row: AngkaKreditJenjang) -> JenjangForm:
    return JenjangForm(formdata=None, prefix=f"j{JENJANG.index(row.jenjang)}",
                       koefisien=row.koefisien, target_pangkat=row.target_pangkat,
                       target_jenjang=row.target_jenjang, verified=row.verified)


def _percent_form(row: AngkaKreditPercent) -> PercentForm:
    return PercentForm(formdata=None, prefix=f"p{PREDIKAT_ORDER.index(row.predikat)}",
                       percent=row.percent, verified=row.verified)


def _page(status: int = 200, message: str | None = None, **overrides):
    """Every jenjang and predikat with its form, and the latest changes."""
    jenjang = service.jenjang_rows()
    percent = service.percent_rows()
    forms = {**{row.jenjang: _jenjang_form(row) for row in jenjang},
             **{row.predikat: _percent_form(row) for row in percent}, **overrides}
    return render_template("admin/angka_kredit.html", jenjang=jenjang, percent=percent,
                           forms=forms, events=service.events(), message=message,
                           FIELD_LABELS=FIELD_LABELS), status


FIELD_LABELS = {
    "koefisien": _l("Koefisien"), "target_pangkat": _l("Target pangkat"),
    "target_jenjang": _l("Target jenjang"), "percent": _l("Persentase"),
    "verified": _l("Terverifikasi"),
}


@bp.route("/angka-kredit")
@admin_required
def angka_kredit():
    """List the angka kredit data, each row editable, with the latest changes."""
    return _page()


def _saved(key: str, subject: str, form: PortalForm, save):
    """Save form with save(form): back to the list, or the page again with the input kept."""
    if not form.validate_on_submit():
        return _page(422, _("Periksa isian %(subject)s.", subject=subject), **{key: form})
    try:
        save(form)
    except Refused as refusal:
        db.session.rollback()
        return _page(refusal.status, refusal_text(refusal), **{key: form})
    flash(_("Data angka kredit %(subject)s disimpan.", subject=subject), "success")
    return redirect(url_for("admin.angka_kredit"), code=303)


@bp.route("/angka-kredit/jenjang/<int:index>", methods=["POST"])
@admin_required
def save_jenjang(index: int):
    """Change one jenjang's koefisien and targets."""
    if not 0 <= index < len(JENJANG) or db.session.get(AngkaKreditJenjang, JENJANG[index]) is None:
        abort(404)
    name = JENJANG[index]
    return _saved(name, name, JenjangForm(prefix=f"j{index}"), lambda form: service.save_jenjang(
        current_actor(), name, koefisien=form.koefisien.data,
        target_pangkat=form.target_pangkat.data, target_jenjang=form.target_jenjang.data,
        verified=form.verified.data, reason=form.reason.data))


@bp.route("/angka-kredit/predikat/<int:index>", methods=["POST"])
@admin_required
def save_percent(index: int):
    """Change the percentage one predikat earns."""
    if not 0 <= index < len(PREDIKAT_ORDER) or db.session.get(
            AngkaKreditPercent, PREDIKAT_ORDER[index]) is None:
        abort(404)
    predikat = PREDIKAT_ORDER[index]
    return _saved(predikat, str(PREDIKAT_LABELS[predikat]), PercentForm(prefix=f"p{index}"),
                  lambda form: service.save_percent(
                      current_actor(), predikat, percent=form.percent.data,
                      verified=form.verified.data, reason=form.reason.data))
