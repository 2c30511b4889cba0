"""Views of the assessment page: the page itself, its history, workflow actions and ratings."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import login_required

from portal.assessments import bp
from portal.assessments.forms import ActionForm, CalibrationForm, RatingForm
from portal.assessments import follows
from portal.assessments.step import (
    SECTIONS, confirm, deadline_line, followup_slot, get_assessment, help_for_step, identity,
    kept_for_answer, loaded_later, on_demand, respond, step_context, stepper)
from portal.extensions import db
from portal.models import Assessment, AuditEvent, Period
from portal.services.review import assessments as service
from portal.services.errors import Refused, StaleVersion
from workflows.assessment import TRIGGERS
from portal.web import current_actor, render_page_or_fragment


# Pieces of the page made once per language and state, section or shape, filled per page
# (see portal.templating.made_once).
bp.add_app_template_global(stepper)
bp.add_app_template_global(help_for_step)
bp.add_app_template_global(on_demand)
bp.add_app_template_global(identity)
bp.add_app_template_global(loaded_later)
bp.add_app_template_global(followup_slot)
bp.add_app_template_global(deadline_line)


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
    assessment = get_assessment(assessment_id, graph=False, view=True)
    return render_page_or_fragment("assessments/page.html", "assessments/_step.html",
                                   **step_context(assessment))


@bp.route("/<int:assessment_id>/sections/<name>")
@login_required
def section(assessment_id: int, name: str):
    """One section of the step on demand: for htmx the section alone, in place of its link;
    opened directly (or reloaded), the assessment page with that section shown in full."""
    if name not in SECTIONS:
        abort(404)
    assessment = get_assessment(assessment_id, graph=False, view=True)
    context = step_context(assessment, opened=frozenset({name}))
    if name not in {section for section, _full in context["sections"]}:
        abort(404)  # not a section of this step (peers before the SKP is fixed, ...)
    return render_page_or_fragment("assessments/page.html", "assessments/_section.html",
                                   section=name, **context)


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
    """Take a workflow action (submit, approve, return ...) on the assessment, in two steps.

    The first POST only checks the action and shows what follows it, naming who acts next and
    who is told; the action is taken by the second, confirmed POST. A confirmed POST repeated
    after it was taken (a double click) is answered as done, not refused.
    """
    assessment = get_assessment(assessment_id, graph=False)
    actor = current_actor()
    form = ActionForm()
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Formulir tidak lengkap."))
    reason = form.reason.data or ""
    if not form.confirmed.data:
        try:
            service.check_action(assessment, trigger, actor, version=form.version.data,
                                 reason=reason)
        except Refused as refusal:
            return respond(assessment_id, refusal=refusal, action_form=form,
                           failed_action=trigger)
        return confirm(assessment, follows.confirmation(assessment, trigger, actor, reason))
    seen = follows.preview(assessment, trigger, actor) if trigger in TRIGGERS else None
    try:
        service.perform(assessment, trigger, actor, version=form.version.data, reason=reason)
    except StaleVersion as refusal:
        if seen is None or not service.just_done_by(assessment, trigger, actor):
            return respond(assessment_id, refusal=refusal, action_form=form,
                           failed_action=trigger)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, action_form=form, failed_action=trigger)
    return respond(assessment_id, message=follows.done_message(assessment, trigger, seen),
                   done=assessment)


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
        with kept_for_answer():
            service.save_ratings(assessment, current_actor(), version=form.version.data,
                                 hasil_kerja=form.rating_hasil_kerja.data,
                                 hasil_kerja_note=form.hasil_kerja_note.data,
                                 perilaku=form.rating_perilaku.data,
                                 perilaku_note=form.perilaku_note.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, rating_form=form)
    return respond(assessment_id, message=_("Penilaian disimpan."), done=assessment)


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
    return respond(assessment_id, message=_("Rating kalibrasi disimpan."), done=assessment)
