"""The lists behind the role home pages, each a fixed number of queries whatever its length."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Assessment, Employee, OrgPredikat, Period, Position
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


@dataclass
class PeriodWork:
    """What one open period holds for the user: their own SKP, their team, their agencies."""

    period: Period
    own: Assessment | None = None
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


def home(actor: Actor, periods: list[Period], today: dt.date) -> list[PeriodWork]:
    """What waits for actor in each of periods (the open ones, oldest first), with what is late.

    A fixed handful of grouped queries whatever the number of assessments: "late" follows from
    the state and the period's deadlines alone (portal.rules.deadlines), so counts per
    (period, state) are enough.
    """
    work = {period.id: PeriodWork(
        period, calibration={a: Queue() for a in sorted(actor.committee_agencies)},
        approval={a: Queue() for a in sorted(actor.approver_agencies)}) for period in periods}
    if not work:
        return []
    ids = sorted(work)
    by_id = {period.id: period for period in periods}

    def late(period_id: int, state: str) -> bool:
        found = deadline(state, by_id[period_id], today)
        return bool(found and found.overdue)

    if actor.employee_id is not None:
        me = {"ids": ids, "employee_id": actor.employee_id}
        for own in db.session.scalars(_home_statements()["own"], me):
            entry = work[own.period_id]
            entry.own, entry.own_deadline = own, deadline(own.state, entry.period, today)
        for period_id, state, count in db.session.execute(_home_statements()["team"], me):
            entry = work[period_id]
            entry.team_size += count
            is_late = late(period_id, state)
            entry.team_late += count if is_late else 0
            if state in SUPERVISOR_STEPS:
                entry.team.waiting += count
                entry.team.late += count if is_late else 0
    queues = {"reviewed": ("calibration", actor.committee_agencies),
              "calibrated": ("approval", actor.approver_agencies)}
    agencies = actor.committee_agencies | actor.approver_agencies
    if agencies:
        for period_id, agency_id, state, count in db.session.execute(
                _home_statements()["agencies"],
                {"ids": ids, "agencies": sorted(agencies), "states": sorted(queues)}):
            name, allowed = queues[state]
            if agency_id not in allowed:
                continue
            queue = getattr(work[period_id], name)[agency_id]
            queue.waiting += count
            queue.late += count if late(period_id, state) else 0
    if actor.approver_agencies:
        set_already = {tuple(row) for row in db.session.execute(
            _home_statements()["org_predikat"],
            {"ids": ids, "agencies": sorted(actor.approver_agencies)})}
        for period_id, entry in work.items():
            entry.org_predikat_missing = [a for a in sorted(actor.approver_agencies)
                                          if (period_id, a) not in set_already]
    return [work[period.id] for period in periods]


@cache
def _home_statements() -> dict[str, sa.Select]:
    """home()'s statements with their values as parameters (lists expanded), built once per
    process: building a statement and its cache key costs about as much as running it."""
    ids = sa.bindparam("ids", expanding=True)
    agencies = sa.bindparam("agencies", expanding=True)
    return {
        "own": sa.select(Assessment).where(
            Assessment.period_id.in_(ids), Assessment.employee_id == sa.bindparam("employee_id")),
        "team": (sa.select(Assessment.period_id, Assessment.state, sa.func.count())
                 .where(Assessment.period_id.in_(ids),
                        Assessment.assessor_id == sa.bindparam("employee_id"))
                 .group_by(Assessment.period_id, Assessment.state)),
        "agencies": (sa.select(Assessment.period_id, Assessment.agency_id, Assessment.state,
                               sa.func.count())
                     .where(Assessment.period_id.in_(ids), Assessment.agency_id.in_(agencies),
                            Assessment.state.in_(sa.bindparam("states", expanding=True)))
                     .group_by(Assessment.period_id, Assessment.agency_id, Assessment.state)),
        "org_predikat": sa.select(OrgPredikat.period_id, OrgPredikat.agency_id).where(
            OrgPredikat.period_id.in_(ids), OrgPredikat.agency_id.in_(agencies)),
    }
