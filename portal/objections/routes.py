"""Views of keberatan: filing, explanations and the decision (each answers with the assessment's
step, like every step action), the objection section's context, and the list of objections."""
from __future__ import annotations

import re

from flask import abort, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup, escape

from portal import labels
from portal.assessments.follows import join_names
from portal.assessments.step import context_provider, get_assessment, respond
from portal.extensions import db
from portal.labels import REFUSALS
from portal.models import Assessment, Employee, Objection
from portal.objections import bp
from portal.objections.forms import (
    DecisionForm, ExplanationRequestForm, FileObjectionForm, StatementForm,
)
from portal.rules.predikat import predikat
from portal.services.review import objections as service
from portal.services.errors import Refused
from portal.web import current_actor
from workflows.assessment import Actor
from workflows.objection import window_closes

LABELS = {
    "OBJECTION_STATE_LABELS": labels.OBJECTION_STATE_LABELS,
    "OBJECTION_ROLE_LABELS": labels.OBJECTION_ROLE_LABELS,
    "OBJECTION_DECISION_LABELS": labels.OBJECTION_DECISION_LABELS,
}

_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


@bp.app_template_filter("linkify")
def linkify(text: str | None) -> Markup:
    """Escape text and turn the http(s) links in it (evidence, usually) into links."""
    escaped = str(escape(text or ""))
    return Markup(_URL.sub(
        lambda m: f'<a href="{m.group(0)}" rel="noopener noreferrer nofollow" '
                  f'target="_blank">{m.group(0)}</a>', escaped))


@context_provider(sections=("objection",))
def objection_context(assessment: Assessment, actor: Actor, editable: dict) -> dict:
    """The window, the latest objection and the forms its parties may use now."""
    # load() answered whether any objection was ever filed (Assessment.objected): on the pages
    # of the many approved assessments nobody objected to, the look-up (a statement) is saved.
    objection = None if assessment.objected is False else service.latest(assessment.id)
    clock = service.clock(assessment)
    current = objection is not None and service.is_current(objection, assessment)
    role = is_decider = None
    if current:
        case = service.case_for(objection, assessment)
        role = case.statement_role(actor)
        is_decider = case.actor_is_decider(actor) and objection.state != "decided"
    before_predikat = None
    if objection is not None and objection.before_hasil_kerja:
        before_predikat = predikat(objection.before_hasil_kerja, objection.before_perilaku)
    may_file = bool(clock and clock.open and not current and actor.employee_id is not None
                    and actor.employee_id == assessment.employee_id)
    return {
        **LABELS,
        "objection": objection,
        # Who will decide an objection filed now, named in the filing's confirmation.
        "objection_decider": _decider_name(assessment) if may_file else "",
        "objection_current": current,
        "objection_clock": clock,
        "objection_may_file": may_file,
        "objection_role": role,
        "objection_is_decider": bool(is_decider),
        "objection_before_predikat": before_predikat,
        # Whom the decision reaches (the decider's notifications go to the other two parties).
        "objection_told": join_names([p.name for p in (assessment.employee, assessment.assessor)
                                      if p is not None]),
        # Each form only for whom _objection.html shows it to: on an approved assessment's page,
        # where mostly none is shown, the four forms and the look-up above cost ~650 calls.
        "objection_form": (FileObjectionForm(formdata=None, version=assessment.version)
                           if may_file else None),
        "statement_form": StatementForm(formdata=None) if role else None,
        "explanation_form": ExplanationRequestForm(formdata=None) if is_decider else None,
        "decision_form": (DecisionForm(formdata=None,
                                       decision_hasil_kerja=assessment.rating_hasil_kerja,
                                       decision_perilaku=assessment.rating_perilaku)
                          if is_decider else None),
    }


def _decider_name(assessment: Assessment) -> str:
    """The name of the atasan pejabat penilai kinerja who would decide an objection, if known."""
    decider_id = service.decider_for(assessment)
    decider = db.session.get(Employee, decider_id) if decider_id else None
    return decider.name if decider else ""


def _refused(assessment_id: int, refusal: Refused, **forms):
    """The step with the refusal's status and message (the closing date filled in), forms kept."""
    message = REFUSALS.get(refusal.message, refusal.message)
    if "closed_on" in refusal.details:
        message = message % {"date": format_date(refusal.details["closed_on"], "long")}
    return respond(assessment_id, status=refusal.status, message=str(message), **forms)


def _objection(objection_id: int) -> tuple[Objection, Assessment]:
    """The objection and its assessment; 404 if unknown, 403 unless the user may see it.

    The answer is the assessment's step, so the user must be able to read the assessment
    (get_assessment): refusing up front beats acting and then failing to show the result.
    """
    objection = db.session.get(Objection, objection_id)
    if objection is None:
        abort(404)
    return objection, get_assessment(objection.assessment_id)


@bp.route("/assessments/<int:assessment_id>", methods=["POST"])
@login_required
def file(assessment_id: int):
    """File the employee's objection to the approved result."""
    assessment = get_assessment(assessment_id)
    form = FileObjectionForm()
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Periksa isian keberatan."),
                       objection_form=form)
    try:
        service.file(assessment, current_actor(), version=form.version.data,
                     reasons=form.objection_reasons.data,
                     evidence=form.objection_evidence.data or "")
    except Refused as refusal:
        return _refused(assessment_id, refusal, objection_form=form)
    name = _decider_name(assessment) or _("atasan pejabat penilai kinerja")
    return respond(assessment_id, message=_(
        "Keberatan diajukan. %(name)s akan meminta keterangan atau langsung memutusnya; Anda diberi "
        "tahu setiap langkahnya, dan keputusannya final.", name=name))


@bp.route("/<int:objection_id>/explanations", methods=["POST"])
@login_required
def request_explanations(objection_id: int):
    """Ask the assessor and the employee to explain (the decider only)."""
    objection, assessment = _objection(objection_id)
    form = ExplanationRequestForm()
    if not form.validate():
        return respond(assessment.id, status=422, message=_("Formulir tidak lengkap."),
                       explanation_form=form)
    try:
        service.request_explanations(objection, assessment, current_actor(),
                                     version=form.objection_version.data,
                                     text=form.request_text.data or "")
    except Refused as refusal:
        return _refused(assessment.id, refusal, explanation_form=form)
    return respond(assessment.id, message=_("Pejabat penilai dan pegawai diminta memberi "
                                            "keterangan."))


@bp.route("/<int:objection_id>/statements", methods=["POST"])
@login_required
def add_statement(objection_id: int):
    """Record an explanation by the employee, the assessor or the decider."""
    objection, assessment = _objection(objection_id)
    form = StatementForm()
    if not form.validate():
        return respond(assessment.id, status=422, message=_("Periksa isian keterangan."),
                       statement_form=form)
    try:
        service.add_statement(objection, assessment, current_actor(),
                              text=form.statement_text.data)
    except Refused as refusal:
        return _refused(assessment.id, refusal, statement_form=form)
    return respond(assessment.id, message=_("Keterangan disimpan."))


@bp.route("/<int:objection_id>/decision", methods=["POST"])
@login_required
def decide(objection_id: int):
    """Uphold or change the ratings with a written decision (the decider only; final)."""
    objection, assessment = _objection(objection_id)
    form = DecisionForm()
    if not form.validate():
        return respond(assessment.id, status=422, message=_("Periksa isian keputusan."),
                       decision_form=form)
    try:
        service.decide(objection, assessment, current_actor(),
                       version=form.objection_version.data, decision=form.decision.data,
                       decision_text=form.decision_text.data,
                       hasil_kerja=form.decision_hasil_kerja.data,
                       perilaku=form.decision_perilaku.data)
    except Refused as refusal:
        return _refused(assessment.id, refusal, decision_form=form)
    told = join_names([p.name for p in (assessment.employee, assessment.assessor)
                       if p is not None])
    return respond(assessment.id, message=_(
        "Keberatan diputus. Keputusan ini final dan tercatat pada penilaian; %(names)s diberi "
        "tahu.", names=told))


@bp.route("/")
@login_required
def index():
    """List the results the user may still object to (with the closing date), and the
    objections that concern them: to decide, against their ratings, their own."""
    rows = []
    for objection, assessment, part in service.queue(current_actor()):
        closes = None
        if assessment.finalised_at is not None:
            closes = window_closes(service.local(assessment.finalised_at),
                                   assessment.period.objection_days)
        rows.append({"objection": objection, "a": assessment, "part": part, "closes": closes,
                     "current": service.is_current(objection, assessment)})
    return render_template("objections/index.html", rows=rows,
                           objectable=service.objectable(current_actor()), **LABELS)
