"""Views of the admin blueprint."""
from functools import wraps

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from portal.forms import PortalForm

from portal.admin import bp
from portal.admin.forms import (
    DEADLINE_FIELDS, DeadlinesForm, FrequencyForm, OpenPeriodForm, PeerThresholdForm, PeriodForm,
)
from portal.extensions import db
from portal.fields import choices
from portal.labels import (
    FREQUENCY_LABELS, JOB_KIND_LABELS, OPENING_MESSAGES, PERIOD_STATUS_LABELS,
    evaluation_period_label,
)
from portal.models import Agency, Assessment, Period, PeriodOpening
from portal.rules.deadlines import periodic_due
from portal.services.errors import Refused
from portal.services.execution.execution import set_evaluation_frequency
from portal.services.feedback.peers import set_anonymity_threshold
from portal.services import queue
from portal.services.imports import jobs
from portal.services.messaging import outbox
from portal.services.planning import periods as service
from portal.web import refusal_text, render_page_or_fragment


def admin_required(view):
    """Refuse everyone but the BKD admins."""
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403, description=_("Halaman ini untuk admin BKD."))
        return view(*args, **kwargs)
    return wrapped


@bp.route("/periods", methods=["GET", "POST"])
@admin_required
def periods():
    """List periods with how many assessments are in each state; create a new period."""
    form = PeriodForm()
    valid = form.validate_on_submit()
    if form.is_submitted() and form.year.data is not None and not form.year.errors and \
            db.session.scalar(sa.select(Period.id).where(Period.year == form.year.data)):
        form.year.errors = [*form.year.errors, _("Periode tahun ini sudah ada.")]
    elif valid:
        period = Period(status="draft")
        form.populate_obj(period)
        db.session.add(period)
        db.session.commit()
        flash(_("Periode %(year)s dibuat.", year=period.year), "success")
        return redirect(url_for("admin.periods"))
    return _periods_page(form, 422 if form.errors else 200)


def _periods_page(form: PeriodForm, status: int = 200, frequency_errors: dict | None = None,
                  threshold_errors: dict | None = None):
    """The periods page; frequency_errors (period id -> message) and threshold_errors (period
    id -> (message, the value typed)) mark a refused change of that setting."""
    rows = db.session.scalars(sa.select(Period).order_by(Period.year.desc())).all()
    counts: dict[int, dict[str, int]] = {}
    for period_id, state, count in db.session.execute(
        sa.select(Assessment.period_id, Assessment.state, sa.func.count())
        .group_by(Assessment.period_id, Assessment.state)
    ):
        counts.setdefault(period_id, {})[state] = count
    opened, agencies = service.agency_counts()
    return render_template("admin/periods.html", form=form, periods=rows, counts=counts,
                           opened=opened, agency_total=agencies,
                           PERIOD_STATUS_LABELS=PERIOD_STATUS_LABELS,
                           button_form=PortalForm(), frequency_form=FrequencyForm(formdata=None),
                           frequency_errors=frequency_errors or {},
                           threshold_errors=threshold_errors or {},
                           FREQUENCY_LABELS=FREQUENCY_LABELS), status


@bp.route("/periods/<int:period_id>/frequency", methods=["POST"])
@admin_required
def set_frequency(period_id: int):
    """Choose monthly or quarterly periodic evaluation for a period that is not closed."""
    period = db.session.get(Period, period_id) or abort(404)
    form = FrequencyForm()
    error = None
    if not form.validate_on_submit():
        error = " ".join(str(e) for e in form.evaluation_frequency.errors) or _(
            "Formulir tidak lengkap.")
    else:
        try:
            set_evaluation_frequency(period, form.evaluation_frequency.data)
        except Refused as refusal:
            db.session.rollback()
            error = refusal_text(refusal)
    if error:
        return _periods_page(PeriodForm(formdata=None), 422, {period_id: error})
    flash(_("Evaluasi periodik %(year)s: %(frequency)s.", year=period.year,
            frequency=FREQUENCY_LABELS[period.evaluation_frequency]), "success")
    return redirect(url_for("admin.periods"))


@bp.route("/periods/<int:period_id>/peer-threshold", methods=["POST"])
@admin_required
def set_peer_threshold(period_id: int):
    """Set how many peers must answer before employees see their peer feedback (1..20)."""
    period = db.session.get(Period, period_id) or abort(404)
    form = PeerThresholdForm()
    error = None
    if not form.validate_on_submit():
        error = " ".join(str(e) for e in form.peer_anonymity_threshold.errors) or _(
            "Formulir tidak lengkap.")
    else:
        try:
            set_anonymity_threshold(period, form.peer_anonymity_threshold.data)
        except Refused as refusal:
            db.session.rollback()
            error = refusal_text(refusal)
    if error:
        typed = request.form.get("peer_anonymity_threshold", "")
        return _periods_page(PeriodForm(formdata=None), 422,
                             threshold_errors={period_id: (error, typed)})
    flash(_("Umpan balik rekan %(year)s ditampilkan kepada pegawai setelah minimal %(count)s "
            "rekan menjawab.", year=period.year, count=period.peer_anonymity_threshold),
          "success")
    return redirect(url_for("admin.periods"))


def _get_period(period_id: int) -> Period:
    return db.session.get(Period, period_id) or abort(404)


def _period_page(period: Period, status: int = 200, *, deadlines_form: DeadlinesForm | None = None,
                 open_form: OpenPeriodForm | None = None, refusal: str | None = None,
                 blocking: dict | None = None):
    """One period: its deadlines (editable until closed), the agencies it is open for with the
    form to open it for more, the latest opening's progress, and closing it."""
    opened = service.opened_agencies(period.id)
    agencies = list(db.session.scalars(sa.select(Agency).order_by(Agency.name)))
    if deadlines_form is None:
        deadlines_form = DeadlinesForm(year=period.year, formdata=None, obj=period)
    if open_form is None:
        open_form = OpenPeriodForm(formdata=None)
    open_form.agencies.choices = choices({a.id: a.name for a in agencies})
    opening = service.latest_opening(period.id)
    return render_template(
        "admin/period.html", period=period, agencies=agencies, opened=opened,
        deadlines_form=deadlines_form, open_form=open_form, button_form=PortalForm(),
        periodic_dates=[(n, periodic_due(period, n)) for n in period.evaluation_periods],
        PERIOD_STATUS_LABELS=PERIOD_STATUS_LABELS, FREQUENCY_LABELS=FREQUENCY_LABELS,
        evaluation_period_label=evaluation_period_label, refusal=refusal, blocking=blocking, **_opening_context(opening)), status


def _opening_context(opening: PeriodOpening | None) -> dict:
    """What the opening's partial shows: per agency how far it has gone, polled while running."""
    if opening is None:
        return dict(opening=None)
    progress = service.opening_progress(opening)
    staff = sum(p.staff for p in progress)
    assessed = sum(min(p.assessed, p.staff) for p in progress)
    return dict(opening=opening, OPENING_MESSAGES=OPENING_MESSAGES, running=opening.status in jobs.RUNNING, progress=progress,
                job=queue.latest("period_opening", opening.id),
                percent=assessed * 100 // staff if staff else 100, assessed=assessed, staff=staff)


@bp.route("/periods/<int:period_id>")
@admin_required
def period(period_id: int):
    """One period: its deadlines, the agencies it is open for, opening it and closing it."""
    return _period_page(_get_period(period_id))


@bp.route("/periods/<int:period_id>/deadlines", methods=["POST"])
@admin_required
def set_deadlines(period_id: int):
    """Change the deadline of each phase of a period that is not closed."""
    period = _get_period(period_id)
    form = DeadlinesForm(year=period.year)
    if period.status == "closed":
        return _period_page(period, 409, deadlines_form=form,
                            refusal=refusal_text(Refused("period_closed")))
    if not form.validate_on_submit():
        return _period_page(period, 422, deadlines_form=form)
    service.set_deadlines(period, periodic_due_days=form.periodic_due_days.data,
                          **{name: getattr(form, name).data for name in DEADLINE_FIELDS})
    flash(_("Batas waktu %(name)s disimpan.", name=period.name), "success")
    return redirect(url_for("admin.period", period_id=period.id), 303)


@bp.route("/periods/<int:period_id>/open", methods=["POST"])
@admin_required
def open_(period_id: int):
    """Open the period for every agency or the ones chosen: their active employees get an
    assessment, agency by agency in the background; then show its progress."""
    period = _get_period(period_id)
    form = OpenPeriodForm()
    form.agencies.choices = choices({a_id: "" for a_id in db.session.scalars(sa.select(Agency.id))})
    if not form.validate_on_submit():
        return _period_page(period, 422, open_form=form)
    try:
        opening = service.start_opening(period, form.agency_ids(), current_user)
    except Refused as refusal:
        db.session.rollback()
        return _period_page(period, refusal.status, open_form=form,
                            refusal=refusal_text(refusal))
    flash(_("Periode %(year)s dibuka untuk %(count)s instansi.", year=period.year,
            count=opening.total_agencies), "success")
    return redirect(url_for("admin.period", period_id=period.id), 303)


@bp.route("/periods/openings/<int:opening_id>/progress")
@admin_required
def opening_progress(opening_id: int):
    """How far an opening has gone, per agency (the period page polls it while it runs)."""
    opening = db.session.get(PeriodOpening, opening_id) or abort(404)
    if not (request.htmx and not request.htmx.boosted):
        return redirect(url_for("admin.period", period_id=opening.period_id))
    return render_page_or_fragment("admin/period.html", "admin/_opening.html",
                                   **_opening_context(opening))


@bp.route("/periods/<int:period_id>/close", methods=["POST"])
@admin_required
def close(period_id: int):
    """Close the period once every assessment in it is approved (final); else name, per
    agency, what is not approved yet."""
    period = _get_period(period_id)
    if not PortalForm().validate_on_submit() or period.status != "open":
        abort(400)
    blocking = service.close_period(period)
    if blocking:
        return _period_page(period, 409, blocking=blocking)
    flash(_("Periode %(year)s ditutup.", year=period.year), "success")
    return redirect(url_for("admin.periods"))


# The page of each kind of job's work: (endpoint, name of its id parameter).
JOB_PAGES = {"people_import": ("people.show", "import_id"),
             "service_import": ("records.show", "import_id"),
             "period_opening": ("admin.opening_progress", "opening_id"),
             "document_bundle": ("documents.bundle", "bundle_id")}


@bp.route("/jobs")
@admin_required
def jobs_page():
    """The latest background jobs with their state, and the e-mail the outbox gave up."""
    return render_template("admin/jobs.html", jobs=queue.recent(), given_up=outbox.given_up(),
                           JOB_KIND_LABELS=JOB_KIND_LABELS, JOB_PAGES=JOB_PAGES)
