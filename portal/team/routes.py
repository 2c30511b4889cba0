"""Views of the team blueprint."""
from flask import render_template
from flask_login import login_required

from portal.services.messaging import queues
from portal.team import bp
from portal.web import chosen_period, current_actor


@bp.route("/")
@login_required
def index():
    """List the supervisor's direct reports in the chosen period, those waiting for them first."""
    actor = current_actor()
    period, periods = chosen_period()
    rows = queues.team(actor, period.id) if period and actor.employee_id else []
    return render_template("team/index.html", period=period, periods=periods, assessments=rows,
                           waiting_states=queues.SUPERVISOR_STEPS)
