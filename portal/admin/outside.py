"""Admin BKD: assessments whose assessor is outside the portal (the Sekretaris Daerah's, whose
SKP the Governor fixes and rates): the list, and recording each decision from the signed paper."""
from __future__ import annotations

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from portal.admin import bp
from portal.admin.routes import admin_required
from portal.extensions import db
from portal.fields import choices
from portal.forms import PortalForm
from portal.labels import ACTION_LABELS, RATING_LABELS, evaluation_period_label
from portal.models import OutsideDecision
from portal.services.errors import NotAllowed, NotNow, Refused, StaleVersion
from portal.services.review import assessments, outside
from portal.web import chosen_period, current_actor, refusal_text, render_page_or_fragment

# Field of the form each refusal belongs to (the others are shown above the form).
REFUSAL_FIELDS = {
    "official_required": "official_name", "signed_on_required": "signed_on",
    "signed_on_future": "signed_on", "reason_required": "note", "rating_required":
    "rating_hasil_kerja", "justification_required": "hasil_kerja_note", "scan_type": "scan",
    "evidence_empty": "scan", "evidence_too_large": "scan", "evidence_type": "scan",
    "evidence_extension": "scan",
}


class OutsideDecisionForm(PortalForm):
    """One decision of the official outside the portal, as the signed paper records it."""

    step = SelectField(_l("Keputusan"))
    period_no = SelectField(_l("Periode evaluasi (evaluasi periodik)"), coerce=int,
                            default=0)
    official_name = StringField(_l("Nama pejabat"))
    official_title = StringField(_l("Jabatan pejabat"))
    signed_on = DateField(_l("Tanggal dokumen yang ditandatangani"))
    note = TextAreaField(_l("Isi keputusan atau alasan (wajib untuk pengembalian)"))
    rating_hasil_kerja = SelectField(_l("Rating hasil kerja"),
                                     choices=[SelectChoice("", "—"), *choices(RATING_LABELS)])
    hasil_kerja_note = TextAreaField(_l("Justifikasi rating hasil kerja"))
    rating_perilaku = SelectField(_l("Rating perilaku kerja"),
                                  choices=[SelectChoice("", "—"), *choices(RATING_LABELS)])
    perilaku_note = TextAreaField(_l("Justifikasi rating perilaku kerja"))
    scan = FileField(_l("Pindaian dokumen (PDF, PNG atau JPEG)"),
                     render_kw={"accept": outside.SCAN_ACCEPT})


@bp.route("/outside")
@admin_required
def outside_list():
    """List the assessments of the period that nobody in the portal assesses."""
    period, periods = chosen_period()
    rows = outside.listed(period) if period else []
    return render_page_or_fragment("admin/outside.html", "admin/outside.html",
                                   period=period, periods=periods, rows=rows)


def _get(assessment_id: int):
    assessment = assessments.load(assessment_id) or abort(404)
    try:
        outside.check_outside(assessment, current_actor())
    except Refused as refusal:
        abort(403, description=refusal_text(refusal))
    return assessment


def _form(assessment, steps: list[str], formdata=None) -> OutsideDecisionForm:
    form = OutsideDecisionForm(formdata=formdata)
    form.step.choices = [SelectChoice(step, ACTION_LABELS[step]) for step in steps]
    form.period_no.choices = [
        SelectChoice(number, evaluation_period_label(assessment.period.evaluation_frequency,
                                                     number))
        for number in assessment.period.evaluation_periods]
    return form


def _page(assessment, form=None, status: int = 200, message: str | None = None):
    actor = current_actor()
    steps = outside.open_steps(assessment, actor)
    decisions = outside.decisions(assessment)
    if form is None:
        form = _form(assessment, steps)
        if decisions:  # the same official usually decides every step of the year
            form.official_name.data = decisions[-1].official_name
            form.official_title.data = decisions[-1].official_title
    return render_page_or_fragment(
        "admin/outside_assessment.html", "admin/outside_assessment.html", status,
        a=assessment, steps=steps, form=form, decisions=decisions, message=message,
        period_label=evaluation_period_label)


@bp.route("/outside/<int:assessment_id>")
@admin_required
def outside_assessment(assessment_id: int):
    """Show an outside-assessed assessment, its recorded decisions and the step open now."""
    return _page(_get(assessment_id))


@bp.route("/outside/<int:assessment_id>", methods=["POST"])
@admin_required
def outside_record(assessment_id: int):
    """Record the outside official's decision on the employee's behalf (the workflow step)."""
    assessment = _get(assessment_id)
    steps = outside.open_steps(assessment, current_actor())
    form = _form(assessment, steps, request.form)
    form.validate()  # CSRF; the date's format; the service checks everything else
    if form.csrf_token.errors:
        abort(400)
    if form.signed_on.raw_data and form.signed_on.raw_data[0] and form.signed_on.data is None:
        form.signed_on.errors = [_("Isi tanggal dengan benar.")]
        return _page(assessment, form, 422)
    scan = request.files.get("scan")
    ratings = {"hasil_kerja": form.rating_hasil_kerja.data or "",
               "hasil_kerja_note": form.hasil_kerja_note.data or "",
               "perilaku": form.rating_perilaku.data or "",
               "perilaku_note": form.perilaku_note.data or ""}
    step = form.step.data
    try:
        outside.record(
            assessment, current_actor(), version=request.form.get("version"), step=step,
            official_name=form.official_name.data, official_title=form.official_title.data,
            signed_on=form.signed_on.data, note=form.note.data,
            scan_filename=scan.filename if scan else None, scan=scan.stream if scan else None,
            period_no=form.period_no.data,
            ratings=ratings if step in ("submit_review", outside.PERIODIC) else None)
    except Refused as refusal:
        db.session.rollback()
        assessment = _get(assessment_id)
        status = (403 if isinstance(refusal, NotAllowed)
                  else 409 if isinstance(refusal, (NotNow, StaleVersion)) else 422)
        text = refusal_text(refusal)
        name = REFUSAL_FIELDS.get(refusal.message) or refusal.details.get("field")
        if status == 422 and name and name in form:
            form[name].errors = [text]
            text = None
        return _page(assessment, form, status, text)
    flash(_("Dicatat atas nama %(name)s: %(step)s.", step=ACTION_LABELS[step],
            name=form.official_name.data.strip()), "success")
    return redirect(url_for("admin.outside_assessment", assessment_id=assessment_id), 303)


@bp.route("/outside/decisions/<int:decision_id>/scan")
@admin_required
def outside_scan(decision_id: int):
    """Download the scan of a recorded decision's signed paper (BKD admins only)."""
    decision = db.session.get(OutsideDecision, decision_id) or abort(404)
    return send_file(outside.scan_path(decision), mimetype=decision.scan_content_type,
                     as_attachment=True, download_name=decision.scan_title,
                     max_age=0)
