"""Views of the home blueprint."""
import sqlalchemy as sa
from flask import jsonify, render_template
from flask_login import login_required

from portal.extensions import db
from portal.home import bp
from portal.models import Assessment
from portal.services.planning.periods import current_period
from portal.web import current_actor


@bp.route("/")
@login_required
def index():
    """Show the user's own SKP of the open period and the queues their roles give them."""
    actor = current_actor()
    period = current_period()
    own = team_size = None
    if period is not None and actor.employee_id is not None:
        own = db.session.scalar(sa.select(Assessment).where(
            Assessment.period_id == period.id, Assessment.employee_id == actor.employee_id))
        team_size = db.session.scalar(sa.select(sa.func.count()).where(
            Assessment.period_id == period.id, Assessment.assessor_id == actor.employee_id))
    return render_template("home/index.html", period=period, own=own, team_size=team_size)


@bp.route("/healthz")
def healthz():
    """Report whether the app and its database answer (for load balancers and monitoring)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as error:  # any database failure is what this endpoint reports
        db.session.rollback()
        return jsonify(status="error", database=type(error).__name__), 503
    return jsonify(status="ok", database="ok")
