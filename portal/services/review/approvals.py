"""Approval by the agency head: one assessment at a time (the workflow action) or a unit at once."""
from __future__ import annotations

import sqlalchemy as sa

from portal.models import Assessment, Employee, Position, Unit
from portal.services.review.assessments import load_many, perform_many
from portal.services.people.org import unit_and_descendants
from workflows.assessment import Actor


def unit_assessments(period_id: int, unit_id: int) -> list[Assessment]:
    """The period's assessments of the unit and its sub-units, not yet approved."""
    in_units = sa.select(Employee.id).join(Position, Employee.position_id == Position.id).where(
        Position.unit_id.in_(unit_and_descendants(unit_id)))
    return load_many(Assessment.period_id == period_id, Assessment.employee_id.in_(in_units),
                     Assessment.state != "approved")


def approve_unit(period_id: int, unit_id: int, actor: Actor) -> int:
    """Approve every not-yet-approved assessment of the unit, or none.

    The head's own assessment is not theirs to approve, so it is left out of the unit's scope
    rather than blocking it. Returns how many were approved.

    Raises:
        BulkRefused: naming each assessment that cannot be approved now, and why.
    """
    scope = [a for a in unit_assessments(period_id, unit_id)
             if a.employee_id != actor.employee_id]
    perform_many(scope, "approve", actor)
    return len(scope)


def approvable_units(agencies: frozenset[int]) -> list[sa.Row]:
    """The units (id, name) of the given agencies, for choosing a unit to approve, roots first.

    Rows, not Unit objects: the choice shows only these two, and an agency of the province has
    about 80 units, each an ORM object to build (~1,100 calls of the approvals page)."""
    from portal.extensions import db

    return db.session.execute(
        sa.select(Unit.id, Unit.name).where(Unit.agency_id.in_(sorted(agencies)))
        .order_by(Unit.agency_id, Unit.parent_id.is_not(None), Unit.name)).all()
