"""Views of the calibration blueprint."""
from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import login_required

from portal.calibration import bp
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services import queues
from portal.services.periods import current_period
from portal.web import current_actor


@bp.route("/")
@login_required
def index():
    """List assessments waiting for calibration in the committee's agencies, with the spread."""
    actor, period = current_actor(), current_period()
    if not actor.committee_agencies:
        abort(403, description=_("Halaman ini untuk anggota tim penilai kinerja."))
    rows = queues.agency_queue(actor.committee_agencies, period.id, "reviewed") if period else []
    counts = queues.predikat_counts(actor.committee_agencies, period.id) if period else {}
    return render_template("calibration/index.html", period=period, assessments=rows,
                           counts=counts, predikat_order=PREDIKAT_ORDER,
                           total=sum(counts.values()))
