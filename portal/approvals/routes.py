"""Views of the approvals blueprint."""
from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import login_required

from portal.approvals import bp
from portal.services import queues
from portal.services.periods import current_period
from portal.web import current_actor


@bp.route("/")
@login_required
def index():
    """List calibrated assessments of the head's agencies waiting for approval."""
    actor, period = current_actor(), current_period()
    if not actor.approver_agencies:
        abort(403, description=_("Halaman ini untuk pimpinan instansi."))
    rows = queues.agency_queue(actor.approver_agencies, period.id, "calibrated") if period else []
    return render_template("approvals/index.html", period=period, assessments=rows)
