"""Running appraisal periods: the open period and opening one for every active employee."""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Employee, Period, Position, Unit
from portal.services.people.org import holders_by_position, position_parents, resolve_assessor


def current_period() -> Period | None:
    """The open period (the latest if, unusually, more than one is open)."""
    return db.session.scalar(
        sa.select(Period).where(Period.status == "open").order_by(Period.year.desc()).limit(1)
    )


def open_period(period: Period) -> int:
    """Open period and create the missing assessment of every active employee with a post.

    Set-based: a handful of queries and one multi-row INSERT whatever the province's size, and
    safe to repeat (employees who already have an assessment are skipped). Returns how many
    assessments were created.
    """
    period.status = "open"
    existing = sa.select(Assessment.employee_id).where(Assessment.period_id == period.id)
    staff = db.session.execute(
        sa.select(Employee.id, Employee.position_id, Unit.agency_id)
        .join(Position, Employee.position_id == Position.id)
        .join(Unit, Position.unit_id == Unit.id)
        .where(Employee.active, Employee.id.not_in(existing))
    ).all()
    parents, holders = position_parents(), holders_by_position()
    rows = [
        dict(employee_id=employee_id, period_id=period.id, agency_id=agency_id,
             assessor_id=resolve_assessor(position_id, parents, holders),
             state="draft_targets", version=1, approach="kuantitatif")
        for employee_id, position_id, agency_id in staff
    ]
    if rows:
        db.session.execute(sa.insert(Assessment), rows)
    db.session.commit()
    return len(rows)


def state_counts(period_id: int) -> dict[str, int]:
    """How many assessments of the period are in each state (one GROUP BY)."""
    return dict(db.session.execute(
        sa.select(Assessment.state, sa.func.count())
        .where(Assessment.period_id == period_id).group_by(Assessment.state)
    ).all())


def close_period(period: Period) -> dict[str, int]:
    """Close period if every assessment of it is approved; else return what is still open.

    Returns the states (with counts) that block closing; empty when the period was closed.
    """
    open_states = {state: count for state, count in state_counts(period.id).items()
                   if state != "approved"}
    if not open_states:
        period.status = "closed"
        db.session.commit()
    return open_states
