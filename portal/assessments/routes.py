"""Views of the assessment page. Thin: load and check, call a service, render the step."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.assessments import bp
from portal.assessments.forms import (
    ActionForm, CalibrationForm, IndicatorForm, RatingForm, RhkForm, VersionedForm,
)
from portal.extensions import db
from portal.fields import parse_local_decimal
from portal.labels import ACTION_LABELS, REFUSALS
from portal.models import Assessment, AuditEvent, Period
from portal.services import assessments as service
from portal.services.errors import NotAllowed, Refused
from portal.web import current_actor, render_page_or_fragment, wants_fragment
from workflows.assessment import EDITS, may_edit

CHANGED_EVENT = "assessment-changed"


def get_assessment(assessment_id: int) -> Assessment:
    """The assessment, or 404 when it does not exist and 403 when the user may not see it."""
    assessment = service.load(assessment_id)
    if assessment is None:
        abort(404)
    try:
        service.check_view(assessment, current_actor())
    except NotAllowed as refusal:
        abort(403, description=REFUSALS[refusal.message])
    return assessment


def step_context(assessment: Assessment, failed_action: str | None = None, **overrides) -> dict:
    """Everything the step partial needs; overrides (forms, typed values) keep what the user typed.

    failed_action names the action button whose form (with its reason) is being shown again.
    """
    actor = current_actor()
    case = service.case_for(assessment)
    editable = {section: may_edit(case, actor, section) for section in EDITS}
    context = {
        "a": assessment,
        "offers": service.allowed_offers(assessment, actor),
        "editable": editable,
        "action_form": ActionForm(formdata=None, version=assessment.version),
        "rhk_form": RhkForm(formdata=None, version=assessment.version),
        "indicator_forms": {
            rhk.id: IndicatorForm(formdata=None, prefix=f"rhk{rhk.id}", version=assessment.version)
            for rhk in assessment.rhks
        } if editable["targets"] else {},
        "rating_form": RatingForm(
            formdata=None, version=assessment.version,
            rating_hasil_kerja=assessment.rating_hasil_kerja,
            hasil_kerja_note=assessment.rating_hasil_kerja_note,
            rating_perilaku=assessment.rating_perilaku,
            perilaku_note=assessment.rating_perilaku_note,
        ),
        "calibration_form": CalibrationForm(
            formdata=None, version=assessment.version,
            rating_hasil_kerja=assessment.rating_hasil_kerja,
            rating_perilaku=assessment.rating_perilaku,
        ),
        "realisation_input": {},
        "realisation_errors": {},
        "failed_action": failed_action,
    }
    for name, value in overrides.items():
        if isinstance(value, VersionedForm):
            # Keep what the user typed, but bind it to the version now shown: after a conflict
            # the user sees the fresh state and may resubmit deliberately.
            value.version.data = assessment.version
            value.version.raw_data = [str(assessment.version)]
        if name == "indicator_form":
            context["indicator_forms"][value.rhk_id] = value
        else:
            context[name] = value
    return context


def respond(assessment_id: int, *, refusal: Refused | None = None, status: int = 200,
            message: str | None = None, failed_action: str | None = None, **overrides):
    """Answer a POST: the fresh step for htmx, or redirect-after-post for a plain form.

    On a refusal the step is rendered with the refusal's status and message and with the forms
    as the user filled them, so nothing typed is lost.
    """
    db.session.rollback()  # drop anything a refused operation left pending; reload fresh
    assessment = get_assessment(assessment_id)
    if refusal is not None:
        status = refusal.status
        message = REFUSALS.get(refusal.message, refusal.message)
    if status == 200 and not wants_fragment():
        if message:
            flash(message, "success")
        return redirect(url_for("assessments.show", assessment_id=assessment_id))
    context = step_context(assessment, failed_action, **overrides)
    context["message"] = message
    context["message_category"] = "success" if status == 200 else "error"
    response = render_page_or_fragment("assessments/page.html", "assessments/_step.html",
                                       status, **context)
    if status == 200:
        response.headers["HX-Trigger"] = CHANGED_EVENT
    return response


@bp.route("/")
@login_required
def mine():
    """List the current user's own assessments (SKP saya), newest period first."""
    actor = current_actor()
    rows = []
    if actor.employee_id is not None:
        rows = db.session.scalars(
            sa.select(Assessment).join(Assessment.period)
            .where(Assessment.employee_id == actor.employee_id)
            .options(so.contains_eager(Assessment.period), so.joinedload(Assessment.assessor))
            .order_by(Period.year.desc())
        ).all()
    return render_template("assessments/mine.html", assessments=rows)


@bp.route("/<int:assessment_id>")
@login_required
def show(assessment_id: int):
    """Show the assessment page; an htmx request gets only the current step."""
    assessment = get_assessment(assessment_id)
    return render_page_or_fragment("assessments/page.html", "assessments/_step.html",
                                   **step_context(assessment))


@bp.route("/<int:assessment_id>/history")
@login_required
def history(assessment_id: int):
    """Show who moved the assessment from which step to which, when and why."""
    assessment = get_assessment(assessment_id)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id)
        .options(so.joinedload(AuditEvent.actor)).order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return render_page_or_fragment("assessments/history.html", "assessments/_history.html",
                                   a=assessment, events=events)


@bp.route("/<int:assessment_id>/actions/<trigger>", methods=["POST"])
@login_required
def act(assessment_id: int, trigger: str):
    """Take a workflow action (submit, approve, return ...) on the assessment."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Formulir tidak lengkap."))
    try:
        service.perform(assessment, trigger, current_actor(), version=form.version.data,
                        reason=form.reason.data or "")
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, action_form=form, failed_action=trigger)
    label = ACTION_LABELS.get(trigger, trigger)
    return respond(assessment_id, message=_("Berhasil: %(action)s.", action=label))


@bp.route("/<int:assessment_id>/rhks", methods=["POST"])
@login_required
def add_rhk(assessment_id: int):
    """Add an RHK with its first indicator to the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = RhkForm()
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Periksa isian RHK."), rhk_form=form)
    try:
        service.add_rhk(assessment, current_actor(), version=form.version.data,
                        kind=form.kind.data, text=form.rhk_text.data, aspect=form.aspect.data,
                        indicator_text=form.text.data, target_value=form.target_value.data,
                        target_unit=form.target_unit.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, rhk_form=form)
    return respond(assessment_id, message=_("RHK ditambahkan."))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>/indicators", methods=["POST"])
@login_required
def add_indicator(assessment_id: int, rhk_id: int):
    """Add an indicator to one RHK of the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = IndicatorForm(prefix=f"rhk{rhk_id}")
    form.rhk_id = rhk_id
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Periksa isian indikator."),
                       indicator_form=form)
    try:
        service.add_indicator(assessment, current_actor(), rhk_id, version=form.version.data,
                              aspect=form.aspect.data, text=form.text.data,
                              target_value=form.target_value.data,
                              target_unit=form.target_unit.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, indicator_form=form)
    return respond(assessment_id, message=_("Indikator ditambahkan."))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>/delete", methods=["POST"])
@login_required
def delete_rhk(assessment_id: int, rhk_id: int):
    """Remove an RHK (with its indicators) from the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    try:
        service.delete_rhk(assessment, current_actor(), rhk_id, version=form.version.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal)
    return respond(assessment_id, message=_("RHK dihapus."))


@bp.route("/<int:assessment_id>/indicators/<int:indicator_id>/delete", methods=["POST"])
@login_required
def delete_indicator(assessment_id: int, indicator_id: int):
    """Remove an indicator from the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    try:
        service.delete_indicator(assessment, current_actor(), indicator_id,
                                 version=form.version.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal)
    return respond(assessment_id, message=_("Indikator dihapus."))


@bp.route("/<int:assessment_id>/realisations", methods=["POST"])
@login_required
def save_realisations(assessment_id: int):
    """Record the realisation of every indicator of the fixed SKP."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()  # carries CSRF and the version
    period_no = request.form.get("period_no", "0")
    period_no = int(period_no) if period_no.isdigit() else -1
    values, errors, typed = {}, {}, {}
    for rhk in assessment.rhks:
        for indicator in rhk.indicators:
            raw = request.form.get(f"value-{indicator.id}", "")
            note = request.form.get(f"note-{indicator.id}", "")
            typed[indicator.id] = (raw, note)
            if not raw.strip():
                continue  # left empty: saved later; submitting checks every indicator is filled
            try:
                values[indicator.id] = (parse_local_decimal(raw), note[:4000])
            except ValueError as error:
                errors[indicator.id] = str(error)
    if errors:
        return respond(assessment_id, status=422, message=_("Periksa isian realisasi."),
                       realisation_input=typed, realisation_errors=errors)
    try:
        service.save_realisations(assessment, current_actor(), version=form.version.data,
                                  values=values, period_no=period_no)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, realisation_input=typed)
    return respond(assessment_id, message=_("Realisasi disimpan."))


@bp.route("/<int:assessment_id>/ratings", methods=["POST"])
@login_required
def save_ratings(assessment_id: int):
    """Record the supervisor's two ratings, each with its justification."""
    assessment = get_assessment(assessment_id)
    form = RatingForm()
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Periksa isian penilaian."),
                       rating_form=form)
    try:
        service.save_ratings(assessment, current_actor(), version=form.version.data,
                             hasil_kerja=form.rating_hasil_kerja.data,
                             hasil_kerja_note=form.hasil_kerja_note.data,
                             perilaku=form.rating_perilaku.data,
                             perilaku_note=form.perilaku_note.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, rating_form=form)
    return respond(assessment_id, message=_("Penilaian disimpan."))


@bp.route("/<int:assessment_id>/calibration", methods=["POST"])
@login_required
def calibrate_ratings(assessment_id: int):
    """Change the ratings during calibration, with the committee's written reason."""
    assessment = get_assessment(assessment_id)
    form = CalibrationForm()
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Periksa isian kalibrasi."),
                       calibration_form=form)
    try:
        service.calibrate_ratings(assessment, current_actor(), version=form.version.data,
                                  hasil_kerja=form.rating_hasil_kerja.data,
                                  perilaku=form.rating_perilaku.data, reason=form.reason.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, calibration_form=form)
    return respond(assessment_id, message=_("Rating kalibrasi disimpan."))
