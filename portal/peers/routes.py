"""Views of peer feedback: the colleague's list and answer form, and the assessment page's panel
(asking, proposing, deciding proposals, searching colleagues), whose actions answer with the
panel alone for htmx and redirect back to the assessment page otherwise."""
from __future__ import annotations

import datetime as dt

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required

from portal.assessments.execution import period_label, selected_period
from portal.assessments.step import context_provider, get_assessment, respond
from portal.extensions import db
from portal.models import Assessment, PeerReview, Period
from portal.peers import bp
from portal.peers.forms import PeerAnswerForm, PeerRequestForm, ProposalDecisionForm
from portal.peers.labels import LABELS
from portal.services.feedback import peers as service
from portal.services.people.org import MIN_SEARCH
from portal.services.errors import NotAllowed, Refused
from portal import web
from portal.web import current_actor, wants_fragment
from workflows.assessment import STATES, Actor

DEFAULT_DAYS = 14  # the deadline the request form suggests


def refusal_text(refusal: Refused) -> str:
    """The refusal's message with its details filled in (names, a date in Indonesian)."""
    deadline = refusal.details.get("deadline")
    return web.refusal_text(refusal, **({"date": format_date(deadline, "long")} if deadline
                                        else {}))


def _period_choices(period: Period) -> list[tuple[int, str]]:
    return [(n, period_label(period, n)) for n in (0, *period.evaluation_periods)]


def _posted_ids() -> list[int]:
    """The reviewer_ids checkboxes as posted (garbled ones dropped; the service checks the rest)."""
    return [int(v) for v in request.values.getlist("reviewer_ids") if v.isdigit()]


def panel_context(assessment: Assessment, actor: Actor, *, form: PeerRequestForm | None = None,
                  picked: list | None = None) -> dict:
    """What _peer_feedback.html needs for the evaluation period the step shows."""
    period_no = selected_period(assessment)
    if form is None:
        form = PeerRequestForm(formdata=None, period_no=period_no,
                               deadline=service.today() + dt.timedelta(days=DEFAULT_DAYS))
    form.period_no.choices = _period_choices(assessment.period)
    return {
        **LABELS,
        "peer_panel": service.panel(assessment, actor, period_no),
        "peer_period_label": period_label(assessment.period, period_no),
        "peer_form": form,
        "peer_picked": picked or [],
        "peer_min_query": MIN_SEARCH,
    }


@context_provider(sections=("peers",))
def peer_context(assessment: Assessment, actor: Actor, editable: dict) -> dict:
    """The peer-feedback panel, from the fixed SKP on (when colleagues can first be asked)."""
    if STATES.index(assessment.state) < STATES.index("targets_approved"):
        return {}
    return panel_context(assessment, actor)


def _answer_panel(assessment_id: int, period_no: int, *, status: int = 200,
                  message: str | None = None, form: PeerRequestForm | None = None,
                  picked: list | None = None):
    """The panel for htmx (with the message; on a refusal the form as filled in), or for a
    plain form the assessment page: redirected to on success, rendered with the status if not."""
    g.selected_period = period_no
    if not wants_fragment():
        if status == 200:
            flash(message, "success")
            return redirect(url_for("assessments.show", assessment_id=assessment_id,
                                    p=period_no, _anchor="peer-feedback"))
        kept = {"peer_form": form, "peer_picked": picked}
        return respond(assessment_id, status=status, message=message,
                       **{k: v for k, v in kept.items() if v is not None})
    db.session.rollback()  # drop what a refused operation left; show the fresh state
    assessment = get_assessment(assessment_id)
    context = panel_context(assessment, current_actor(), form=form, picked=picked)
    context.update(a=assessment, peer_message=message,
                   peer_message_category="success" if status == 200 else "error")
    return make_response(render_template("assessments/_peer_feedback.html", **context), status)


def _ask(assessment_id: int, operation, done: str):
    """Run request_peers or propose_peers with the posted form; done is the success message."""
    assessment = get_assessment(assessment_id)
    form = PeerRequestForm()
    form.period_no.choices = _period_choices(assessment.period)
    ids = _posted_ids()
    picked = service.chosen(assessment, ids)
    period_no = form.period_no.data if form.period_no.data is not None else 0
    if not form.validate():
        return _answer_panel(assessment_id, period_no, status=422, form=form, picked=picked,
                             message=_("Periksa isian permintaan umpan balik."))
    try:
        reviews = operation(assessment, current_actor(), reviewer_ids=ids, period_no=period_no,
                            deadline=form.deadline.data)
    except Refused as refusal:
        return _answer_panel(assessment_id, period_no, status=refusal.status, form=form,
                             picked=picked, message=refusal_text(refusal))
    return _answer_panel(assessment_id, period_no, message=done % {"count": len(reviews)})


@bp.route("/assessments/<int:assessment_id>/requests", methods=["POST"])
@login_required
def request_peers(assessment_id: int):
    """Ask the chosen colleagues for feedback (the assessor; approved at once)."""
    return _ask(assessment_id, service.request_peers,
                _("Umpan balik diminta dari %(count)s rekan."))


@bp.route("/assessments/<int:assessment_id>/proposals", methods=["POST"])
@login_required
def propose_peers(assessment_id: int):
    """Propose colleagues for feedback (the assessed employee; the assessor decides)."""
    return _ask(assessment_id, service.propose_peers,
                _("Usulan %(count)s rekan dikirim kepada pejabat penilai untuk disetujui."))


@bp.route("/proposals/<int:review_id>", methods=["POST"])
@login_required
def decide(review_id: int):
    """Approve or decline one of the employee's proposals (the assessor)."""
    review = db.session.get(PeerReview, review_id) or abort(404)
    assessment = get_assessment(review.assessment_id)
    form = ProposalDecisionForm()
    if not form.validate():
        return _answer_panel(assessment.id, review.period_no, status=422,
                             message=_("Pilih setujui atau tolak."))
    approve = form.decision.data == "approve"
    name, period_no = review.reviewer.name, review.period_no
    try:
        service.decide_proposal(review, assessment, current_actor(), approve=approve)
    except Refused as refusal:
        return _answer_panel(assessment.id, period_no, status=refusal.status,
                             message=refusal_text(refusal))
    message = (_("Usulan disetujui: %(name)s diminta memberi umpan balik.", name=name) if approve
               else _("Usulan %(name)s ditolak; pegawai diberi tahu.", name=name))
    return _answer_panel(assessment.id, period_no, message=message)


@bp.route("/assessments/<int:assessment_id>/candidates")
@login_required
def candidates(assessment_id: int):
    """The colleagues matching the search box, below the ones already ticked (htmx)."""
    assessment = get_assessment(assessment_id)
    ids = _posted_ids()
    query = request.args.get("q", "")
    try:
        matches, more = service.search(assessment, current_actor(), query,
                                       period_no=request.args.get("period_no", 0, type=int),
                                       exclude=ids)
    except NotAllowed as refusal:
        abort(403, description=refusal_text(refusal))
    return render_template("peers/_candidates.html", picked=service.chosen(assessment, ids),
                           matches=matches, more=more, query=query.strip(),
                           peer_min_query=MIN_SEARCH)


# --- the colleague's side -------------------------------------------------------------------

@bp.route("/")
@login_required
def index():
    """List the requests for feedback asked of the user: open, answered and expired."""
    actor = current_actor()
    items = service.asked_of(actor.employee_id) if actor.employee_id else []
    return render_template("peers/index.html", items=items, period_label=period_label, **LABELS)


@bp.route("/<int:review_id>", methods=["GET", "POST"])
@login_required
def answer(review_id: int):
    """Show one request with its form, and record the answer (the colleague asked only)."""
    found = service.load_review(review_id) or abort(404)
    review, assessment = found
    actor = current_actor()
    form = PeerAnswerForm() if request.method == "POST" else PeerAnswerForm(formdata=None)
    status, message, blocked = 200, None, None
    try:
        service.check_answerable(review, assessment, actor)
    except NotAllowed as refusal:
        abort(403, description=refusal_text(refusal))
    except Refused as refusal:
        blocked = refusal_text(refusal)
        status = refusal.status if request.method == "POST" else 200
    if request.method == "POST" and blocked is None:
        if not form.validate():
            scores = [f for _value, f in form.score_fields()]
            unscored = any(f.errors for f in scores)
            status, message = 422, " ".join(filter(None, (
                _("Pilih penilaian untuk setiap nilai BerAKHLAK.") if unscored else "",
                form.error_summary(exclude=scores))))
        else:
            try:
                service.answer(review, assessment, actor, scores=form.scores(),
                               comment=form.comment.data)
            except Refused as refusal:
                status, message = refusal.status, refusal_text(refusal)
            else:
                flash(_("Terima kasih. Umpan balik Anda untuk %(name)s tersimpan.",
                        name=assessment.employee.name), "success")
                return redirect(url_for("peers.index"), 303)
    return make_response(render_template(
        "peers/answer.html", review=review, a=assessment, form=form, blocked=blocked,
        message=message, period_name=period_label(assessment.period, review.period_no),
        anonymity_threshold=assessment.period.peer_anonymity_threshold, **LABELS), status)
