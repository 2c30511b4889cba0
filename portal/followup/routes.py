"""Views of the follow-up: BKD's and the heads' list (filtered, paged, exported), one follow-up
with its decision and outcome, the follow-up of one assessment (a partial of its page), the
development plan and its steps, and the overdue plans shown in monitoring."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from portal.downloads import Column, xlsx_response
from portal.extensions import db
from portal.followup import bp, labels
from portal.followup.forms import (
    ActionForm,
    CheckinForm,
    CloseForm,
    DatesForm,
    DecisionForm,
    ItemForm,
    OutcomeForm,
)
from portal.labels import PREDIKAT_LABELS
from portal.models import Assessment, FollowUp
from portal.rules import followup as rules
from portal.services.errors import NotAllowed, Refused
from portal.services.careers import followup as service
from portal.services.review.assessments import check_view
from portal.web import current_actor, page_no, render_page_or_fragment


@bp.record_once
def _subscribe(state) -> None:
    """Propose follow-up on approval; the labels every follow-up template uses."""
    service.connect()
    state.app.jinja_env.globals.update(labels.TEMPLATE_GLOBALS, need_label=labels.need_label,
                                       followup_value=labels.value_label,
                                       FOLLOWUP_FIELD_LABELS=labels.FIELD_LABELS)


def _text(refusal: Refused) -> str:
    text = str(labels.REFUSALS.get(refusal.message, refusal.message))
    return text % refusal.details if refusal.details and "%(" in text else text


def _int(value):
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


# --- lists ------------------------------------------------------------------------------------

def _agency_scope():
    """The actor's agencies, the one asked for (?agency=) and the agencies to show (None: all,
    for BKD); 403 for those who decide nothing and for an agency outside their scope."""
    actor = current_actor()
    if not service.may_list(actor):
        abort(403, description=_("Daftar tindak lanjut hanya untuk admin BKD dan pimpinan "
                                 "instansi."))
    agencies = service.visible_agencies(actor)
    agency_id = _int(request.values.get("agency"))
    if agency_id is not None and agency_id not in {a.id for a in agencies}:
        abort(403, description=_("Instansi ini di luar lingkup Anda."))
    scope = (agency_id,) if agency_id else (None if actor.is_admin
                                            else tuple(sorted(a.id for a in agencies)))
    return agencies, agency_id, scope


def _filters():
    """The agency scope and the kind and status asked for, as filters and as query arguments."""
    agencies, agency_id, scope = _agency_scope()
    kind = request.values.get("kind") or None
    status = request.values.get("status") or None
    filters = service.Filters(scope, kind if kind in rules.KINDS else None,
                              status if status in FollowUp.STATUSES else None)
    args = {key: value for key, value in (("agency", agency_id), ("kind", filters.kind),
                                          ("status", filters.status)) if value}
    return agencies, agency_id, filters, args


@bp.route("/")
@login_required
def index():
    """The follow-up of approved assessments, per agency or for the province, filtered."""
    agencies, agency_id, filters, args = _filters()
    number = page_no()
    rows, has_more = service.page(filters, number)
    return render_page_or_fragment(
        "followup/index.html", "followup/_list.html", rows=rows, has_more=has_more,
        page_no=number, agencies=agencies, agency_id=agency_id, filters=filters, args=args,
        statuses=FollowUp.STATUSES, kinds=rules.KINDS)


EXPORT_COLUMNS = [
    Column(_l("NIP"), 21), Column(_l("Nama"), 32), Column(_l("Instansi"), 36),
    Column(_l("Predikat"), 16), Column(_l("Usulan"), 22), Column(_l("Tindak lanjut"), 22),
    Column(_l("Diusulkan untuk"), 16), Column(_l("Status"), 12), Column(_l("Alasan"), 40),
    Column(_l("Diputuskan"), 18), Column(_l("Hasil"), 22), Column(_l("Rencana"), 20),
    Column(_l("Terlambat"), 10),
]


@bp.route("/export")
@login_required
def export():
    """The filtered list as an .xlsx file."""
    _agencies, _agency_id, filters, _args = _filters()

    def rows():
        for row in service.every_row(filters):
            s = row.summary
            yield [row.employee.nip, row.employee.name, row.agency.name,
                   str(PREDIKAT_LABELS.get(s.predikat, s.predikat)),
                   str(labels.KIND_SHORT[s.proposed_kind]), str(labels.KIND_SHORT[s.kind]),
                   str(labels.TRACK_LABELS[s.track]) if s.track else "",
                   str(labels.STATUS_LABELS[s.status]), row.followup.reason,
                   row.followup.decided_at,
                   str(labels.OUTCOME_LABELS[s.outcome]) if s.outcome else "",
                   str(labels.PLAN_STATE_LABELS[s.plan_state]) if s.plan_state else "",
                   _("Ya") if s.overdue else ""]

    return xlsx_response(EXPORT_COLUMNS, rows(), "tindak-lanjut.xlsx", _("Tindak lanjut"))


# --- one follow-up ----------------------------------------------------------------------------

def _followup(followup_id: int) -> FollowUp:
    followup = service.load(followup_id)
    if followup is None:
        abort(404)
    try:
        service.check_decider(followup, current_actor())
    except NotAllowed as refusal:
        abort(403, description=_text(refusal))
    return followup


def _show(followup: FollowUp, status: int = 200, **forms):
    assessment = db.session.get(Assessment, followup.assessment_id)
    forms.setdefault("decision_form", DecisionForm(formdata=None, kind=followup.kind,
                                                   track=followup.track or ""))
    forms.setdefault("outcome_form", OutcomeForm(formdata=None))
    return render_template("followup/show.html", followup=followup, assessment=assessment,
                           summary=service.summary_for_assessment(followup.assessment_id),
                           events=service.events(followup.id),
                           settled=service.is_settled(followup), **forms), status


@bp.route("/<int:followup_id>")
@login_required
def show(followup_id: int):
    """One follow-up: the proposal, its decision and outcome, and their history."""
    return _show(_followup(followup_id))


def _followup_step(followup_id: int, form_name: str, form, act, done: str):
    """Validate form, take the step act(followup, actor, form), then back to the follow-up;
    its page again with the form's errors (422, or the refusal's status) otherwise."""
    followup = _followup(followup_id)
    if not form.validate():
        return _show(followup, 422, **{form_name: form})
    try:
        act(followup, current_actor(), form)
    except Refused as refusal:
        db.session.rollback()
        form.form_errors.append(_text(refusal))
        return _show(service.load(followup_id), refusal.status, **{form_name: form})
    flash(done, "success")
    return redirect(url_for(".show", followup_id=followup_id), 303)


@bp.route("/<int:followup_id>/decide", methods=["POST"])
@login_required
def decide(followup_id: int):
    """Accept, change or refuse the proposal, with the reason."""
    return _followup_step(followup_id, "decision_form", DecisionForm(),
                          lambda found, actor, f: service.decide(
                              found, actor, f.decision.data, reason=f.reason.data,
                              kind=f.kind.data, track=f.track.data or None),
                          _("Keputusan tindak lanjut disimpan."))


@bp.route("/<int:followup_id>/outcome", methods=["POST"])
@login_required
def outcome(followup_id: int):
    """Record how a shortlist ended (attended, awarded, declined)."""
    return _followup_step(followup_id, "outcome_form", OutcomeForm(),
                          lambda found, actor, f: service.record_outcome(
                              found, actor, f.outcome.data, f.note.data),
                          _("Hasil dicatat."))


@bp.route("/assessments/<int:assessment_id>")
@login_required
def for_assessment(assessment_id: int):
    """The follow-up of one assessment, as its page shows it (loaded there by htmx)."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        abort(404)
    actor = current_actor()
    try:
        check_view(assessment, actor)
    except NotAllowed:
        abort(403)
    summary = service.summary_for_assessment(assessment_id)
    return render_page_or_fragment(
        "followup/assessment.html", "followup/_summary.html", assessment=assessment,
        summary=summary, may_decide=summary is not None
        and service.may_decide(actor, assessment.agency_id))


# --- development plans ------------------------------------------------------------------------

def _plan(plan_id: int):
    plan = service.load_plan(plan_id)
    if plan is None:
        abort(404)
    try:
        role = service.check_plan_view(plan, current_actor())
    except NotAllowed as refusal:
        abort(403, description=_text(refusal))
    return plan, role


def _plan_page(plan, role, status: int = 200, **forms):
    forms.setdefault("item_form", ItemForm(formdata=None, due_on=plan.end_on))
    forms.setdefault("dates_form", DatesForm(formdata=None, start_on=plan.start_on,
                                             end_on=plan.end_on))
    forms.setdefault("checkin_form", CheckinForm(formdata=None))
    forms.setdefault("close_form", CloseForm(formdata=None))
    return render_template(
        "followup/plan.html", plan=plan, role=role, role_label=labels.ROLE_LABELS[role],
        action_form=ActionForm(), overdue=service.is_overdue(plan),
        events=service.events(plan.followup_id), **forms), status


@bp.route("/plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    """A development plan: its items, agreement, check-ins and closing."""
    found, role = _plan(plan_id)
    return _plan_page(found, role)


def _plan_step(plan_id: int, form_name: str, form, act, done: str):
    """Validate form, take the step act(plan, actor, form), then back to the plan; the form
    again with its errors (422, or the refusal's status) otherwise."""
    found, role = _plan(plan_id)
    if form is not None and not form.validate():
        return _plan_page(found, role, 422, **{form_name: form})
    try:
        act(found, current_actor(), form)
    except Refused as refusal:
        db.session.rollback()
        if form is None:
            abort(refusal.status, description=_text(refusal))
        form.form_errors.append(_text(refusal))
        found, role = _plan(plan_id)
        return _plan_page(found, role, refusal.status, **{form_name: form})
    flash(done, "success")
    return redirect(url_for(".plan", plan_id=plan_id), 303)


@bp.route("/plans/<int:plan_id>/items", methods=["POST"])
@login_required
def add_item(plan_id: int):
    """Add a line to the draft plan."""
    return _plan_step(plan_id, "item_form", ItemForm(), lambda p, actor, f: service.add_item(
        p, actor, service.ItemInput(f.goal.data, f.action.data, f.support.data, f.due_on.data)),
        _("Butir rencana ditambahkan."))


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/delete", methods=["POST"])
@login_required
def remove_item(plan_id: int, item_id: int):
    """Remove a line of the draft plan."""
    return _plan_step(plan_id, "", None,
                      lambda p, actor, _f: service.remove_item(p, actor, item_id),
                      _("Butir rencana dihapus."))


@bp.route("/plans/<int:plan_id>/dates", methods=["POST"])
@login_required
def set_dates(plan_id: int):
    """Set the draft plan's start and end."""
    return _plan_step(plan_id, "dates_form", DatesForm(), lambda p, actor, f: service.set_dates(
        p, actor, f.start_on.data, f.end_on.data), _("Tanggal rencana disimpan."))


@bp.route("/plans/<int:plan_id>/agree", methods=["POST"])
@login_required
def agree(plan_id: int):
    """The employee's or the assessor's agreement to the plan as it stands."""
    return _plan_step(plan_id, "", None, lambda p, actor, _f: service.agree(p, actor),
                      _("Persetujuan Anda dicatat."))


@bp.route("/plans/<int:plan_id>/checkins", methods=["POST"])
@login_required
def checkin(plan_id: int):
    """The assessor records a check-in."""
    return _plan_step(plan_id, "checkin_form", CheckinForm(),
                      lambda p, actor, f: service.record_checkin(p, actor, f.note.data,
                                                                 f.held_on.data),
                      _("Pertemuan pemantauan dicatat."))


@bp.route("/plans/<int:plan_id>/close", methods=["POST"])
@login_required
def close(plan_id: int):
    """The assessor closes the plan with a judgement."""
    return _plan_step(plan_id, "close_form", CloseForm(),
                      lambda p, actor, f: service.close(p, actor, f.judgement.data,
                                                        f.closing_note.data),
                      _("Rencana ditutup."))


# --- monitoring -------------------------------------------------------------------------------

@bp.route("/overdue")
@login_required
def overdue():
    """The overdue development plans in the actor's scope (a panel of the monitoring page)."""
    _agencies, agency_id, scope = _agency_scope()
    return render_page_or_fragment("followup/overdue.html", "followup/_overdue.html",
                                   plans=service.overdue_plans(scope), agency_id=agency_id)
