"""The lists behind the role home pages, each one query whatever its length."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Assessment, Employee, Position
from workflows.assessment import Actor

# States in which the supervisor has to act.
SUPERVISOR_STEPS = ("targets_submitted", "self_assessed")


def _listing(*conditions, order_by=()) -> list[Assessment]:
    return list(db.session.scalars(
        sa.select(Assessment).join(Assessment.employee)
        .where(*conditions)
        .options(
            so.contains_eager(Assessment.employee)
            .joinedload(Employee.position).joinedload(Position.unit),
        )
        .order_by(*order_by, Employee.name, Assessment.id)
    ))


def team(actor: Actor, period_id: int) -> list[Assessment]:
    """The supervisor's direct reports this period, those waiting for them first."""
    waiting = sa.case((Assessment.state.in_(SUPERVISOR_STEPS), 0), else_=1)
    return _listing(Assessment.period_id == period_id, Assessment.assessor_id == actor.employee_id,
                    order_by=(waiting,))


def agency_queue(agencies: frozenset[int], period_id: int, state: str) -> list[Assessment]:
    """Assessments of the given agencies waiting in state (calibration or approval)."""
    if not agencies:
        return []
    return _listing(Assessment.period_id == period_id,
                    Assessment.agency_id.in_(sorted(agencies)), Assessment.state == state)
