"""Who may see which assessment: the same rule as workflows.may_view, as an SQL filter for lists."""
from __future__ import annotations

import sqlalchemy as sa

from portal.models import Assessment, Objection, User
from workflows.assessment import Actor


def actor_for(user: User) -> Actor:
    """The workflow's view of a logged-in user."""
    return Actor(
        user_id=user.id,
        employee_id=user.employee_id,
        committee_agencies=user.agencies_with("committee"),
        approver_agencies=user.agencies_with("approver"),
        is_admin=user.is_admin,
    )


def visible_to(actor: Actor) -> sa.ColumnElement[bool]:
    """An SQL condition on Assessment that holds exactly for the rows actor may read
    (services.assessments.check_view: the workflow's parties and an objection's decider)."""
    if actor.is_admin:
        return sa.true()
    clauses = []
    if actor.employee_id is not None:
        clauses += [Assessment.employee_id == actor.employee_id,
                    Assessment.assessor_id == actor.employee_id,
                    Assessment.id.in_(sa.select(Objection.assessment_id).where(
                        Objection.decider_id == actor.employee_id))]
    agencies = actor.committee_agencies | actor.approver_agencies
    if agencies:
        clauses.append(Assessment.agency_id.in_(sorted(agencies)))
    return sa.or_(*clauses) if clauses else sa.false()
