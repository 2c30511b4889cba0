"""The lists behind the role home pages, each a fixed number of queries whatever its length."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import (
    Agency, Assessment, Employee, OrgPredikat, Period, Position, Unit,
)
from portal.rules.deadlines import Deadline, deadline
from portal.rules.nip import format_nip
from portal.services import clock
from portal.services.careers import followup
from portal.services.review import objections
from portal.services.parameters import each, opaque_one_of, opaque_parameter, written
from workflows.assessment import STATES, Actor

# States in which the supervisor has to act.
SUPERVISOR_STEPS = ("targets_submitted", "self_assessed")


def _team_conditions(period_id, assessor_id) -> tuple:
    """The team list's conditions and its order before the names: those waiting first."""
    waiting = sa.case((Assessment.state.in_(SUPERVISOR_STEPS), 0), else_=1)
    return (Assessment.period_id == period_id, Assessment.assessor_id == assessor_id), (waiting,)


def team_statement(actor: Actor, period_id: int) -> sa.Select:
    """The supervisor's direct reports this period, those waiting for them first (the list of
    team(), as a statement of assessments with employee, post and unit the export streams)."""
    conditions, order_by = _team_conditions(period_id, actor.employee_id)
    return (sa.select(Assessment).join(Assessment.employee)
            .where(*conditions)
            .options(so.contains_eager(Assessment.employee)
                     .joinedload(Employee.position).joinedload(Position.unit))
            .order_by(*order_by, Employee.name, Assessment.id))


class Listed(NamedTuple):
    """One row of a list of assessments (partials/_assessment_table.html), as it shows it: a
    tuple the template unpacks in its loop's head, where each attribute read would be two
    Python calls (Jinja's getattr), and read as columns rather than four joined entities."""

    id: int
    employee_id: int
    employee_name: str
    nip: str                 # as printed (Employee.nip_display)
    post_title: str | None   # "—" without a post
    unit_name: str           # "" without a post
    state: str
    predikat: str | None
    late: Deadline | None    # the step's deadline, when it has passed


def _listed_statement(*conditions, order_by=()) -> sa.Select:
    """The assessments meeting conditions, by order_by then the employee's name, as the columns
    Listed shows (the post and unit outer-joined: an employee may have none)."""
    return (sa.select(Assessment.id, Assessment.employee_id, Employee.name, Employee.nip,
                      Position.id, Position.title, Unit.name, Assessment.state,
                      Assessment.predikat)
            .join(Employee, Employee.id == Assessment.employee_id)
            .outerjoin(Position, Position.id == Employee.position_id)
            .outerjoin(Unit, Unit.id == Position.unit_id)
            .where(*conditions)
            .order_by(*order_by, Employee.name, Assessment.id))


def _listed(rows, period: Period, size: int) -> tuple[list[Listed], bool]:
    """A page of size from rows (size + 1 of them tell whether a next page exists) as Listed,
    each step's deadline worked out once per state (one period, one day)."""
    today = clock.today()
    lates: dict[str, Deadline | None] = {}
    page = []
    for aid, employee_id, name, nip, post_id, title, unit, state, predikat in rows[:size]:
        if state not in lates:
            found = deadline(state, period, today)
            lates[state] = found if found and found.overdue else None
        page.append(Listed(aid, employee_id, name, format_nip(nip),
                           title if post_id is not None else "—",
                           unit if post_id is not None else "", state, predikat, lates[state]))
    return page, len(rows) > size


@cache
def _team_page_statement() -> sa.Select:
    """team()'s statement with its values as parameters, built once per process: building
    it and its cache key cost about as much as running it."""
    conditions, order_by = _team_conditions(sa.bindparam("period_id"),
                                            sa.bindparam("assessor_id"))
    return (_listed_statement(*conditions, order_by=order_by)
            .limit(sa.bindparam("limit")).offset(sa.bindparam("offset")))


def team(actor: Actor, period: Period, page: int, size: int) -> tuple[list[Listed], bool]:
    """The supervisor's direct reports this period, those waiting for them first (the list of
    team_statement): one page of size, and whether a next page exists (one query, on the
    session's connection: the team page only reads)."""
    rows = db.session.connection().execute(
        _team_page_statement(),
        {"period_id": period.id, "assessor_id": actor.employee_id, "limit": size + 1,
         "offset": (page - 1) * size}).all()
    return _listed(rows, period, size)


def agency_queue(agencies: frozenset[int], period_id: int, state: str, page: int = 1,
                 size: int = 25) -> tuple[list[Listed], bool]:
    """One page of the assessments of the given agencies waiting in state (an agency's head
    has thousands at approval time), and whether a next page exists (one query)."""
    if not agencies:
        return [], False
    rows = db.session.execute(
        _agency_queue_statement(state, len(agencies)),
        {"period_id": period_id, "limit": size + 1, "offset": (page - 1) * size}
        | each("agency", sorted(agencies))).all()
    return _listed(rows, db.session.get(Period, period_id), size)


@lru_cache(maxsize=64)
def _agency_queue_statement(state: str, agencies: int) -> sa.Select:
    """agency_queue()'s statement for a number of agencies (agency0, agency1, …), built once
    per process for each state and number. PostgreSQL plans a prepared statement (psycopg
    prepares one run five times on a connection) once for any values only when that plan is
    estimated no dearer than the plans made for the values seen; it estimated the state as a
    parameter as an average state (a seventh of an agency's assessments, against the tenth that
    are calibrated), and the agency by its own frequency, so the approvals list was
    planned again on every execution (0.45 of its 1.2 ms of PostgreSQL CPU on the
    100,000-employee province). So the state (a name of the workflow's, not input) is written
    in the SQL and the agencies and period are read as parameters.opaque_parameter
    (estimated the same for any value): planned once for each of the province's 50 agencies."""
    if state not in STATES:
        raise ValueError(state)
    return (_listed_statement(Assessment.period_id == opaque_parameter("period_id"),
                              opaque_one_of(Assessment.agency_id, "agency", agencies),
                              Assessment.state == written(state))
            .limit(sa.bindparam("limit")).offset(sa.bindparam("offset")))


# --- the home page: what waits for the user in every open period -------------------------------

@dataclass
class Queue:
    """Assessments waiting at one step (in one agency, or in the user's team)."""

    waiting: int = 0
    late: int = 0  # of them, past the step's deadline


@dataclass(frozen=True)
class OwnAssessment:
    """The user's own assessment in a period, as much of it as the home page shows."""

    id: int
    state: str


@dataclass
class PeriodWork:
    """What one open period holds for the user: their own SKP, their team, their agencies."""

    period: Period
    own: OwnAssessment | None = None
    own_deadline: Deadline | None = None
    team_size: int = 0
    team: Queue = field(default_factory=Queue)         # waiting for the user as supervisor
    team_late: int = 0                                  # team SKPs at any step past its deadline
    calibration: dict[int, Queue] = field(default_factory=dict)  # agency id -> reviewed
    approval: dict[int, Queue] = field(default_factory=dict)     # agency id -> calibrated
    org_predikat_missing: list[int] = field(default_factory=list)  # agencies whose head is user

    @property
    def empty(self) -> bool:
        return not (self.own or self.team_size or self.calibration or self.approval
                    or self.org_predikat_missing)


# The step whose queue the home page shows for each agency role: (PeriodWork field, roles).
_AGENCY_QUEUES = {"reviewed": "calibration", "calibrated": "approval"}


def home(actor: Actor, periods: list[Period], today: dt.date
         ) -> tuple[list[PeriodWork], dict[int, str], frozenset[str]]:
    """What waits for actor in each of periods (the open ones, oldest first), with what is late,
    the names of actor's committee and approver agencies (by id), and which of the home page's
    other lists may hold something for actor (_maybe_waiting's names): the page asks only those.

    One statement whatever the number of assessments (_home_statement): "late" follows from
    the state and the period's deadlines alone (portal.rules.deadlines), so counts per
    (period, state) are enough.
    """
    work = {period.id: PeriodWork(
        period, calibration={a: Queue() for a in sorted(actor.committee_agencies)},
        approval={a: Queue() for a in sorted(actor.approver_agencies)}) for period in periods}
    by_id = {period.id: period for period in periods}

    def late(period_id: int, state: str) -> bool:
        found = deadline(state, by_id[period_id], today)
        return bool(found and found.overdue)

    agencies = actor.committee_agencies | actor.approver_agencies
    employed = actor.employee_id is not None
    # Only an employee has objections, results or plans; without open periods the statement
    # still asks those for an employee.
    if not employed and not (work and agencies):
        return [work[period.id] for period in periods], {}, frozenset()
    maybe: set[str] = set()
    allowed = {"reviewed": actor.committee_agencies, "calibrated": actor.approver_agencies}
    names: dict[int, str] = {}
    predikat_set: set[tuple[int, int]] = set()
    # On the session's connection: rows of columns, which the ORM's execution path (autoflush,
    # its compile state and result loading) would only slow down; the home page reads only.
    rows = db.session.connection().execute(
        _home_statement(employed, bool(agencies), bool(actor.approver_agencies)),
        {"ids": sorted(work), "employee_id": actor.employee_id, "agencies": sorted(agencies),
         "approvers": sorted(actor.approver_agencies), "states": sorted(_AGENCY_QUEUES)})
    for kind, period_id, agency_id, state, count, assessment_id, name in rows:
        if kind == "own":
            entry = work[period_id]
            entry.own = OwnAssessment(assessment_id, state)
            entry.own_deadline = deadline(state, entry.period, today)
        elif kind == "team":
            entry = work[period_id]
            entry.team_size += count
            is_late = late(period_id, state)
            entry.team_late += count if is_late else 0
            if state in SUPERVISOR_STEPS:
                entry.team.waiting += count
                entry.team.late += count if is_late else 0
        elif kind == "queue":
            if agency_id not in allowed[state]:
                continue
            queue = getattr(work[period_id], _AGENCY_QUEUES[state])[agency_id]
            queue.waiting += count
            queue.late += count if late(period_id, state) else 0
        elif kind == "predikat":
            predikat_set.add((period_id, agency_id))
        elif kind == "maybe":
            maybe.add(state)
        else:  # "agency"
            names[agency_id] = name
    if actor.approver_agencies:
        for period_id, entry in work.items():
            entry.org_predikat_missing = [a for a in sorted(actor.approver_agencies)
                                          if (period_id, a) not in predikat_set]
    return [work[period.id] for period in periods], names, frozenset(maybe)


def _maybe_waiting(employee_id) -> dict[str, sa.ColumnElement[bool]]:
    """Whether the home page's other lists may hold something for the employee: each list's
    service's cheap condition, true whenever the list's own statement would find a row (it may
    be true when that finds none), kept beside that statement. Most users have none of them, and
    each of those statements costs more than the question."""
    return {"objection": objections.may_wait_for(employee_id),
            "objectable": objections.may_be_objectable(employee_id),
            "plan": followup.may_wait_for(employee_id)}


@cache
def _home_statement(employed: bool, agencies: bool, approver: bool) -> sa.CompoundSelect:
    """home()'s one statement, built once per process for each kind of user, its values as
    parameters (lists expanded): rows (kind, period, agency, state, count, assessment, name)
    of the user's own assessments ("own"), their team's counts by period and state ("team"),
    which of the page's other lists may hold something for them ("maybe", its name as state),
    their agencies' calibration and approval queues by period, agency and state ("queue"),
    the organisation predikats already set in the agencies they approve ("predikat") and the
    names of their agencies ("agency"). One statement rather than five: each costs a round
    trip and its own Python on every view of the home page."""
    ids = sa.bindparam("ids", expanding=True)
    employee_id = sa.bindparam("employee_id")
    no_int, no_text = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.String)

    def kind(name: str):
        return sa.literal(name, sa.String(10)).label("kind")

    parts = []
    if employed:
        parts += [
            sa.select(kind("own"), Assessment.period_id, no_int, Assessment.state, no_int,
                      Assessment.id, no_text)
            .where(Assessment.period_id.in_(ids), Assessment.employee_id == employee_id),
            sa.select(kind("team"), Assessment.period_id, no_int, Assessment.state,
                      sa.func.count(), no_int, no_text)
            .where(Assessment.period_id.in_(ids), Assessment.assessor_id == employee_id)
            .group_by(Assessment.period_id, Assessment.state)]
        parts += [sa.select(kind("maybe"), no_int, no_int, sa.literal(name, sa.String(10)),
                            no_int, no_int, no_text).where(condition)
                  for name, condition in _maybe_waiting(employee_id).items()]
    if agencies:
        in_agencies = sa.bindparam("agencies", expanding=True)
        parts += [
            sa.select(kind("queue"), Assessment.period_id, Assessment.agency_id,
                      Assessment.state, sa.func.count(), no_int, no_text)
            .where(Assessment.period_id.in_(ids), Assessment.agency_id.in_(in_agencies),
                   Assessment.state.in_(sa.bindparam("states", expanding=True)))
            .group_by(Assessment.period_id, Assessment.agency_id, Assessment.state),
            sa.select(kind("agency"), no_int, Agency.id, no_text, no_int, no_int, Agency.name)
            .where(Agency.id.in_(in_agencies))]
    if approver:
        parts.append(
            sa.select(kind("predikat"), OrgPredikat.period_id, OrgPredikat.agency_id, no_text,
                      no_int, no_int, no_text)
            .where(OrgPredikat.period_id.in_(ids),
                   OrgPredikat.agency_id.in_(sa.bindparam("approvers", expanding=True))))
    return sa.union_all(*parts)  # home() asks only with at least one part
