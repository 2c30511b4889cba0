"""Finding an employee and their assessments by NIP or name, within what the searcher may see:
the whole province for a BKD admin, the agencies of a committee member or approver, a
supervisor's own team."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Agency, Assessment, Employee, Period, Position, Unit
from portal.services.people.access import visible_to
from portal.services.people.org import SEARCH_LIMIT, name_or_nip_match
from workflows.assessment import Actor


@dataclass
class Found:
    """One employee found, with where they work and the assessments the searcher may open."""

    employee: Employee
    unit: Unit | None
    agency: Agency | None
    assessments: list[Assessment] = field(default_factory=list)


def has_team(actor: Actor) -> bool:
    """Whether actor assesses anyone (is the Pejabat Penilai Kinerja of an assessment)."""
    if actor.employee_id is None:
        return False
    return bool(db.session.scalar(sa.select(sa.exists().where(
        Assessment.assessor_id == actor.employee_id))))


def may_search(actor: Actor, team: Callable[[], bool] | None = None) -> bool:
    """Whether actor may search employees at all: an admin, an agency role or a supervisor.

    team answers has_team(actor) when the caller has it at hand (the navigation caches it).
    """
    return bool(actor.is_admin or actor.committee_agencies or actor.approver_agencies
                or (team or (lambda: has_team(actor)))())


def findable(actor: Actor) -> sa.ColumnElement[bool]:
    """An SQL condition on Employee that holds for the people actor may find: everyone for an
    admin; the staff of the agencies where actor sits on the committee or approves; the
    employees actor assesses (in any period)."""
    if actor.is_admin:
        return sa.true()
    clauses = []
    agencies = actor.committee_agencies | actor.approver_agencies
    if agencies:
        clauses.append(Employee.position_id.in_(
            sa.select(Position.id).join(Unit, Position.unit_id == Unit.id)
            .where(Unit.agency_id.in_(sorted(agencies)))))
        clauses.append(Employee.id.in_(sa.select(Assessment.employee_id).where(
            Assessment.agency_id.in_(sorted(agencies)))))
    if actor.employee_id is not None:
        clauses.append(Employee.id.in_(sa.select(Assessment.employee_id).where(
            Assessment.assessor_id == actor.employee_id)))
    return sa.or_(*clauses) if clauses else sa.false()


def search(actor: Actor, text: str | None) -> tuple[list[Found], bool]:
    """The employees matching text (the start of the NIP, spaces allowed, or a part of the name)
    that actor may find, by name, each with the assessments actor may open, newest period first.

    Returns at most SEARCH_LIMIT and whether there were more; two queries, whatever the number
    of employees or assessments (none when text is too short to search).
    """
    match = name_or_nip_match(text)
    if match is None:
        return [], False
    rows = db.session.execute(
        sa.select(Employee, Unit, Agency)
        .outerjoin(Position, Employee.position_id == Position.id)
        .outerjoin(Unit, Position.unit_id == Unit.id)
        .outerjoin(Agency, Unit.agency_id == Agency.id)
        .options(so.contains_eager(Employee.position))
        .where(match, findable(actor))
        .order_by(Employee.name, Employee.id)
        .limit(SEARCH_LIMIT + 1)
    ).all()
    found = [Found(employee, unit, agency) for employee, unit, agency in rows[:SEARCH_LIMIT]]
    by_id = {f.employee.id: f for f in found}
    if by_id:
        assessments = db.session.scalars(
            sa.select(Assessment).join(Assessment.period)
            .options(so.contains_eager(Assessment.period))
            .where(Assessment.employee_id.in_(sorted(by_id)), visible_to(actor))
            .order_by(Period.year.desc(), Assessment.id))
        for assessment in assessments:
            by_id[assessment.employee_id].assessments.append(assessment)
    return found, len(rows) > SEARCH_LIMIT
