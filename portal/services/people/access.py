"""Who may see which assessment: the same rule as workflows.may_view, as an SQL filter for lists,
plus those who read an assessment without acting on it: the decider of an objection to it, and
an assessor of one of its evaluation periods whom a move has since replaced (domain.md 12: the
earlier assessor's ratings and documents stay theirs to read)."""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Objection, User
from portal.models.moves import PeriodAssessor
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
    (services.assessments.check_view: the workflow's parties, then reads_without_acting)."""
    if actor.is_admin:
        return sa.true()
    clauses = []
    if actor.employee_id is not None:
        clauses += [Assessment.employee_id == actor.employee_id,
                    Assessment.assessor_id == actor.employee_id,
                    _reads_without_acting(actor.employee_id)]
    agencies = actor.committee_agencies | actor.approver_agencies
    if agencies:
        clauses.append(Assessment.agency_id.in_(sorted(agencies)))
    return sa.or_(*clauses) if clauses else sa.false()


def _reads_without_acting(employee_id: int) -> sa.ColumnElement[bool]:
    return sa.or_(
        Assessment.id.in_(sa.select(Objection.assessment_id)
                          .where(Objection.decider_id == employee_id)),
        Assessment.id.in_(sa.select(PeriodAssessor.assessment_id)
                          .where(PeriodAssessor.assessor_id == employee_id)))


def reads_without_acting(assessment_id: int, employee_id: int | None) -> bool:
    """Whether the employee may read the assessment though no workflow role lets them act on
    it: they decide an objection to it, or assessed one of its evaluation periods before a
    move gave it another assessor (one EXISTS query). Reading only: the workflow's offers and
    edits still go by the current assessor."""
    if employee_id is None:
        return False
    return bool(db.session.scalar(sa.select(sa.exists().where(
        Assessment.id == assessment_id, _reads_without_acting(employee_id)))))
