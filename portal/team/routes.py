"""Views of the team blueprint: the supervisor's list and its .xlsx export."""
from flask import abort, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from portal.downloads import Column, streamed, xlsx_response
from portal.i18n import translated
from portal.labels import PREDIKAT_LABELS, STATE_LABELS
from portal.rules.deadlines import deadline
from portal.services import clock
from portal.services.messaging import queues
from portal.services.planning import periods as periods_service
from portal.team import bp
from portal.web import chosen_period, current_actor, page_no

# Employees per page of the team list (about 500 bytes each: the page stays within 20 KB).
PAGE_SIZE = 25


def _team_period(actor):
    """The period the team page (and its export) shows and those it may switch to: the periods
    of the supervisor's agency or in which they assess someone (all, for a user who is no
    employee)."""
    if not actor.employee_id:
        return chosen_period()
    return chosen_period(concerning=periods_service.team_periods(),
                         params={"team_supervisor": actor.employee_id})


@bp.route("/")
@login_required
def index():
    """List the supervisor's direct reports in the chosen period, those waiting for them first."""
    actor = current_actor()
    period, periods = _team_period(actor)
    rows, has_more = (queues.team(actor, period, page_no(), PAGE_SIZE)
                      if period and actor.employee_id else ([], False))
    # The labels translated once per language, not per row.
    return render_template("team/index.html", period=period, periods=periods, assessments=rows,
                           waiting_states=queues.SUPERVISOR_STEPS, page_no=page_no(),
                           has_more=has_more, STATE_LABELS=translated(STATE_LABELS),
                           PREDIKAT_LABELS=translated(PREDIKAT_LABELS))


COLUMNS = [
    Column(_l("Pegawai"), 36), Column(_l("NIP"), 22), Column(_l("Jabatan"), 36),
    Column(_l("Unit kerja"), 36), Column(_l("Tahap"), 26), Column(_l("Tenggat"), 12),
    Column(_l("Hari terlambat"), 10), Column(_l("Predikat"), 18),
]


@bp.route("/export.xlsx")
@login_required
def export():
    """The list of the page (the user's own direct reports only) as an .xlsx file."""
    actor = current_actor()
    period, _periods = _team_period(actor)
    if period is None or not actor.employee_id:
        abort(404)
    today = clock.today()

    def rows():
        for (assessment,) in streamed(queues.team_statement(actor, period.id)):
            employee, post = assessment.employee, assessment.employee.position
            step = deadline(assessment.state, period, today)
            yield (employee.name, employee.nip, post.title if post else None,
                   post.unit.name if post else None, str(STATE_LABELS[assessment.state]),
                   step.due if step else None, step.days_late if step else 0,
                   str(PREDIKAT_LABELS[assessment.predikat]) if assessment.predikat else None)

    return xlsx_response(COLUMNS, rows(), f"tim-{period.year}-{period.id}.xlsx", _("Tim saya"))
