"""Views of the approvals blueprint."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import login_required

from portal.approvals import bp
from portal.extensions import db
from portal.forms import PortalForm
from portal.labels import REFUSALS, STATE_LABELS
from portal.models import Agency, Unit
from portal.services.messaging import queues
from portal.services.planning.periods import opened_for
from portal.services.review import approvals
from portal.services.errors import BulkRefused, StaleVersion
from portal.models.base import utcnow
from portal.services.clock import local
from portal.web import chosen_period, current_actor, page_no
from workflows.objection import window_closes


# Rows of the waiting list per page: a page stays small however large the agency.
PAGE_SIZE = 25


def _queue_page(status: int = 200, refusals=None, unit_id: int | None = None):
    actor = current_actor()
    concerning, params = opened_for(actor.approver_agencies)
    period, periods = chosen_period(concerning=concerning, params=params)
    rows, has_more = (queues.agency_queue(actor.approver_agencies, period.id, "calibrated",
                                          page_no(), PAGE_SIZE) if period else ([], False))
    units = approvals.approvable_units(actor.approver_agencies)
    agencies = db.session.scalars(sa.select(Agency).where(
        Agency.id.in_(sorted(actor.approver_agencies))).order_by(Agency.name)).all()
    return render_template("approvals/index.html", period=period, periods=periods,
                           assessments=rows, units=units, page_no=page_no(), has_more=has_more,
                           agencies=agencies,
                           form=PortalForm(), refusals=refusals or [],
                           chosen_unit=unit_id), status


@bp.route("/")
@login_required
def index():
    """List calibrated assessments of the head's agencies waiting for approval."""
    if not current_actor().approver_agencies:
        abort(403, description=_("Halaman ini untuk pimpinan instansi."))
    return _queue_page()


@bp.route("/unit", methods=["POST"])
@login_required
def approve_unit():
    """Approve every assessment of a unit at once, or none of them (and say which and why)."""
    actor = current_actor()
    # The period the page showed (its hidden field).
    concerning, params = opened_for(actor.approver_agencies)
    period, _periods = chosen_period(concerning=concerning, params=params)
    if not actor.approver_agencies:
        abort(403, description=_("Halaman ini untuk pimpinan instansi."))
    unit_id = request.form.get("unit_id", type=int)
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None or unit.agency_id not in actor.approver_agencies:
        abort(403, description=_("Unit ini bukan bagian dari instansi Anda."))
    if period is None or not PortalForm().validate_on_submit():
        abort(400)
    try:
        count = approvals.approve_unit(period.id, unit.id, actor)
    except BulkRefused as refused:
        db.session.rollback()
        reasons = [
            (a, _("masih pada tahap %(state)s", state=STATE_LABELS[a.state])
             if refusal.message == "wrong_state" else REFUSALS.get(refusal.message, refusal.message))
            for a, refusal in refused.details["refusals"]
        ]
        return _queue_page(409, reasons, unit.id)
    except StaleVersion:
        flash(REFUSALS["stale"], "error")
        return redirect(url_for("approvals.index", period=period.id))
    flash(_("%(count)s penilaian %(unit)s disetujui dan kini final. Setiap pegawai dan pejabat "
            "penilainya diberi tahu; keberatan dapat diajukan sampai %(date)s.", count=count,
            unit=unit.name, date=format_date(window_closes(local(utcnow()), period.objection_days),
                                             "long")), "success")
    return redirect(url_for("approvals.index", period=period.id))
