"""Views of the admin blueprint."""
from functools import wraps

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from portal.forms import PortalForm

from portal.admin import bp
from portal.admin.forms import PeriodForm
from portal.extensions import db
from portal.models import Assessment, Period
from portal.services.periods import open_period


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
    rows = db.session.scalars(sa.select(Period).order_by(Period.year.desc())).all()
    counts: dict[int, dict[str, int]] = {}
    for period_id, state, count in db.session.execute(
        sa.select(Assessment.period_id, Assessment.state, sa.func.count())
        .group_by(Assessment.period_id, Assessment.state)
    ):
        counts.setdefault(period_id, {})[state] = count
    return render_template("admin/periods.html", form=form, periods=rows, counts=counts,
                           button_form=PortalForm())


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
