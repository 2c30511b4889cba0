"""Running appraisal periods: the open ones, the one a user looks at, opening one for every
active employee, closing it.

Periods overlap: the admin opens next year's before the last one is finished, so a page never
assumes "the" open period. Each period-scoped page shows the period the user chose (in the URL,
else remembered on the user), and the home page lists every open period.
"""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Employee, Period, Position, Unit, User
from portal.services.people.org import holders_by_position, position_parents, resolve_assessor


def open_periods() -> list[Period]:
    """Every open period, oldest first (its work is due first)."""
    return list(db.session.scalars(
        sa.select(Period).where(Period.status == "open").order_by(Period.year)))


def viewable_periods() -> list[Period]:
    """The periods a page may show: open and closed ones (a draft has no assessments yet),
    newest first."""
    return list(db.session.scalars(
        sa.select(Period).where(Period.status != "draft").order_by(Period.year.desc())))


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def choose_period(user: User, requested=None) -> tuple[Period | None, list[Period]]:
    """The period a page shows user, and the periods it may choose from.

    requested (from the URL or a form; any string) wins when it names a viewable period, and
    is then remembered on the user for the next page without one; otherwise the remembered
    choice, otherwise the oldest open period (its work is due first), otherwise the newest.
    An unknown id, a draft period's or garbage falls back the same way: never an error.
    """
    periods = viewable_periods()
    by_id = {period.id: period for period in periods}
    wanted = _as_id(requested)
    if wanted in by_id:
        if user.chosen_period_id != wanted:
            user.chosen_period_id = wanted
            db.session.commit()
        return by_id[wanted], periods
    if user.chosen_period_id in by_id:
        return by_id[user.chosen_period_id], periods
    opened = [period for period in periods if period.status == "open"]
    return (opened[-1] if opened else periods[0] if periods else None), periods


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
