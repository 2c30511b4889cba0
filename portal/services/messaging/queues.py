"""The lists behind the role home pages, each a fixed number of queries whatever its length."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Agency, Assessment, Employee, OrgPredikat, Period, Position
from portal.rules.deadlines import Deadline, deadline
from workflows.assessment import Actor

# States in which the supervisor has to act.
SUPERVISOR_STEPS = ("targets_submitted", "self_assessed")


def _statement(*conditions, order_by=()) -> sa.Select:
    return (sa.select(Assessment).join(Assessment.employee)
            .where(*conditions)
            .options(
                so.contains_eager(Assessment.employee)
                .joinedload(Employee.position).joinedload(Position.unit),
            )
            .order_by(*order_by, Employee.name, Assessment.id))


def _team_statement(period_id, assessor_id) -> sa.Select:
    waiting = sa.case((Assessment.state.in_(SUPERVISOR_STEPS), 0), else_=1)
    return _statement(Assessment.period_id == period_id,
                      Assessment.assessor_id == assessor_id, order_by=(waiting,))


def team_statement(actor: Actor, period_id: int) -> sa.Select:
    """The supervisor's direct reports this period, those waiting for them first (the list of
    team(), as a statement the export streams)."""
    return _team_statement(period_id, actor.employee_id)


@cache
def _team_page_statement(paged: bool) -> sa.Select:
    """team()'s statement with its values as parameters, built once per process: building
    it (its loader options) and its cache key cost about as much as running it."""
    statement = _team_statement(sa.bindparam("period_id"), sa.bindparam("assessor_id"))
    return (statement.limit(sa.bindparam("limit")).offset(sa.bindparam("offset")) if paged
            else statement)


def team(actor: Actor, period_id: int, page: int = 1,
         size: int | None = None) -> tuple[list[Assessment], bool]:
    """The supervisor's direct reports this period, those waiting for them first: one page of
    size (all of them when size is None), and whether a next page exists (one query)."""
    values = {"period_id": period_id, "assessor_id": actor.employee_id}
    if size is not None:
        values.update(limit=size + 1, offset=(page - 1) * size)
    rows = list(db.session.scalars(_team_page_statement(size is not None), values))
    if size is None:
        return rows, False
    return rows[:size], len(rows) > size


def agency_queue(agencies: frozenset[int], period_id: int, state: str, page: int = 1,
                 size: int = 25) -> tuple[list[Assessment], bool]:
    """One page of the assessments of the given agencies waiting in state (an agency's head
    has thousands at approval time), and whether a next page exists (one query)."""
    if not agencies:
        return [], False
    rows = list(db.session.scalars(
        _statement(Assessment.period_id == period_id, Assessment.agency_id.in_(sorted(agencies)),
                   Assessment.state == state)
        .limit(size + 1).offset((page - 1) * size)))
    return rows[:size], len(rows) > size


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


def home(actor: Actor, periods: list[Period],
         today: dt.date) -> tuple[list[PeriodWork], dict[int, str]]:
    """What waits for actor in each of periods (the open ones, oldest first), with what is late,
    and the names of actor's committee and approver agencies (by id).

    One statement whatever the number of assessments (_home_statement): "late" follows from
    the state and the period's deadlines alone (portal.rules.deadlines), so counts per
    (period, state) are enough.
    """
    work = {period.id: PeriodWork(
        period, calibration={a: Queue() for a in sorted(actor.committee_agencies)},
        approval={a: Queue() for a in sorted(actor.approver_agencies)}) for period in periods}
    if not work:
        return [], {}
    by_id = {period.id: period for period in periods}

    def late(period_id: int, state: str) -> bool:
        found = deadline(state, by_id[period_id], today)
        return bool(found and found.overdue)

    agencies = actor.committee_agencies | actor.approver_agencies
    employed = actor.employee_id is not None
    if not (employed or agencies):
        return [work[period.id] for period in periods], {}
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
        else:  # "agency"
            names[agency_id] = name
    if actor.approver_agencies:
        for period_id, entry in work.items():
            entry.org_predikat_missing = [a for a in sorted(actor.approver_agencies)
                                          if (period_id, a) not in predikat_set]
    return [work[period.id] for period in periods], names


@cache
def _home_statement(employed: bool, agencies: bool, approver: bool) -> sa.CompoundSelect:
    """home()'s one statement, built once per process for each kind of user, its values as
    parameters (lists expanded): rows (kind, period, agency, state, count, assessment, name)
    of the user's own assessments ("own"), their team's counts by period and state ("team"),
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
