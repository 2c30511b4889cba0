"""Views of the home blueprint."""
import sqlalchemy as sa
from flask import jsonify, render_template
from flask_login import login_required

from portal.extensions import db
from portal.home import bp
from portal.services import clock
from portal.services.careers import followup
from portal.services.messaging import queues
from portal.services.planning.periods import open_periods_for
from portal.services.review import objections
from portal.web import current_actor


@bp.route("/")
@login_required
def index():
    """Show what waits for the user in every open period that concerns them (oldest first), in
    objections and in development plans; the last two are asked only when the queues'
    statement says they may hold something (queues.home)."""
    actor = current_actor()
    today = clock.today()
    work, agency_names, maybe = queues.home(actor, open_periods_for(actor), today)
    return render_template(
        "home/index.html", work=work, agency_names=agency_names,
        objections_waiting=objections.waiting_for(actor) if "objection" in maybe else [],
        objectable=objections.objectable(actor, today) if "objectable" in maybe else [],
        plans_waiting=followup.waiting_for(actor, today) if "plan" in maybe else [])


@bp.route("/healthz")
def healthz():
    """Report whether the app and its database answer (for load balancers and monitoring)."""
    try:
        db.session.execute(sa.select(sa.literal(1)))  # a select(): no transaction on PostgreSQL
    except Exception as error:  # any database failure is what this endpoint reports
        db.session.rollback()
        return jsonify(status="error", database=type(error).__name__), 503
    return jsonify(status="ok", database="ok")
