"""Views of the admin blueprint."""
from functools import wraps

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from portal.forms import PortalForm

from portal.admin import bp
from portal.admin.forms import FrequencyForm, PeerThresholdForm, PeriodForm
from portal.extensions import db
from portal.labels import FREQUENCY_LABELS, STATE_LABELS
from portal.models import Assessment, Period
from portal.services.errors import Refused
from portal.services.execution.execution import set_evaluation_frequency
from portal.services.feedback.peers import set_anonymity_threshold
from portal.services.planning.periods import close_period, open_period
from portal.web import refusal_text


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
    if form.validate_on_submit():
        if db.session.scalar(sa.select(Period).where(Period.year == form.year.data)):
            form.year.errors.append(_("Periode tahun ini sudah ada."))
        else:
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
    return render_template("admin/periods.html", form=form, periods=rows, counts=counts,
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


@bp.route("/periods/<int:period_id>/open", methods=["POST"])
@admin_required
def open_(period_id: int):
    """Open the period and create the assessment of every active employee."""
    period = db.session.get(Period, period_id) or abort(404)
    if not PortalForm().validate_on_submit():
        abort(400)
    created = open_period(period)
    flash(_("Periode %(year)s dibuka; %(count)s penilaian dibuat.", year=period.year,
            count=created), "success")
    return redirect(url_for("admin.periods"))


@bp.route("/periods/<int:period_id>/close", methods=["POST"])
@admin_required
def close(period_id: int):
    """Close the period once every assessment in it is approved (final)."""
    period = db.session.get(Period, period_id) or abort(404)
    if not PortalForm().validate_on_submit() or period.status != "open":
        abort(400)
    blocking = close_period(period)
    if blocking:
        waiting = ", ".join(f"{STATE_LABELS[state]}: {count}" for state, count in
                            sorted(blocking.items()))
        flash(_("Periode %(year)s belum dapat ditutup: masih ada penilaian yang belum disetujui "
                "(%(waiting)s).", year=period.year, waiting=waiting), "error")
    else:
        flash(_("Periode %(year)s ditutup.", year=period.year), "success")
    return redirect(url_for("admin.periods"))
