"""Running appraisal periods: the open ones, the one a user looks at, opening one for all
agencies or some (set-based, in a background run with progress), closing it.

Periods overlap: the admin opens next year's before the last one is finished, so a page never
assumes "the" open period. Each period-scoped page shows the period the user chose (in the URL,
else remembered on the user), and the home page lists every open period.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.ext.compiler import compiles

from portal.extensions import db
from portal.models import (
    Agency, Assessment, Employee, Period, PeriodAgency, PeriodOpening, Position, Posting, Unit,
    User,
)
from portal.models.base import utcnow
from portal.services import queue
from portal.services.errors import Invalid, NotNow
from portal.services.imports import jobs
from portal.services.parameters import each, one_of
from workflows.assessment import Actor


def open_periods() -> list[Period]:
    """Every open period, oldest first (its work is due first)."""
    return list(db.session.scalars(
        sa.select(Period).where(Period.status == "open").order_by(Period.year)))


def open_periods_for(actor: Actor) -> list[Period]:
    """The open periods that concern actor, oldest first (one query): every one for an admin;
    else those open for the agency of their post or of their committee and approver roles, and
    those where they have an assessment or assess someone. A period opened for other agencies
    only is not theirs."""
    if actor.is_admin:
        return open_periods()
    return list(db.session.scalars(
        _open_for_statement(actor.employee_id is not None),
        {"agencies": sorted(actor.committee_agencies | actor.approver_agencies),
         "employee_id": actor.employee_id}))


@cache
def _open_for_statement(employed: bool) -> sa.Select:
    """open_periods_for()'s statement with the actor as parameters, built once per process."""
    employee_id = sa.bindparam("employee_id")
    own_agency = (sa.select(Unit.agency_id).join(Position, Position.unit_id == Unit.id)
                  .join(Employee, Employee.position_id == Position.id)
                  .where(Employee.id == employee_id).scalar_subquery())
    concerned = [sa.exists().where(
        PeriodAgency.period_id == Period.id,
        sa.or_(PeriodAgency.agency_id.in_(sa.bindparam("agencies", expanding=True)),
               PeriodAgency.agency_id == own_agency))]
    if employed:
        concerned.append(sa.exists().where(
            Assessment.period_id == Period.id,
            sa.or_(Assessment.employee_id == employee_id,
                   Assessment.assessor_id == employee_id)))
    return sa.select(Period).where(Period.status == "open", sa.or_(*concerned)).order_by(Period.year)


def viewable_periods(concerning: sa.ColumnElement[bool] | None = None,
                     params: dict | None = None) -> list[Period]:
    """The periods a page may show: open and closed ones (a draft has no assessments yet),
    newest first; only those concerning (a condition on Period, see opened_for and
    team_periods, with the values of its parameters in params) when given."""
    if concerning is None:
        return list(db.session.scalars(_viewable_statement()))
    return list(db.session.scalars(_viewable_where(concerning), params))


@lru_cache(maxsize=64)
def _viewable_where(concerning: sa.ColumnElement[bool]) -> sa.Select:
    """viewable_periods()'s statement narrowed by concerning, built once per condition object: a
    condition a page builds once per process (the calibration page's, per set of agencies) then
    finds its statement and cache key made, not generated again on every request."""
    return _viewable_statement().where(concerning)


@cache
def _viewable_statement() -> sa.Select:
    """viewable_periods()'s statement, built once per process (monitoring, reports and the
    other pages of every period ask it on each view)."""
    return sa.select(Period).where(viewable()).order_by(Period.year.desc())


@cache
def viewable() -> sa.ColumnElement[bool]:
    """The periods a page may show (viewable_periods'): open and closed ones, not drafts."""
    return Period.status != "draft"


@lru_cache(maxsize=64)
def opened_for_one_of(count: int) -> sa.ColumnElement[bool]:
    """The periods opened for one of count agencies (period_agencies), each agency a parameter
    of its own (period_agency0, period_agency1, …: opened_for gives their values): a condition
    on Period built once per number of agencies, so that viewable_periods finds its statement
    made (_viewable_where) and a page's own statement can carry it (the calibration page's). A
    condition built per request had its statement and cache key built again, and pushed the
    other pages' out of that cache; a list of values would be one expanding parameter, which
    SQLAlchemy writes into the statement's SQL on every execution (about 25 µs)."""
    return sa.exists().where(PeriodAgency.period_id == Period.id,
                             one_of(PeriodAgency.agency_id, "period_agency", count))


def opened_for(agency_ids) -> tuple[sa.ColumnElement[bool], dict]:
    """The condition (opened_for_one_of) and the parameters' values that narrow
    viewable_periods to the periods opened for one of agency_ids (the calibration and approvals
    pages')."""
    ids = sorted(agency_ids)
    return opened_for_one_of(len(ids)), each("period_agency", ids)


@cache
def team_periods() -> sa.ColumnElement[bool]:
    """The periods of a supervisor's team page: opened for the agency of their post, or in
    which they assess someone (a condition on Period, the supervisor's employee id its parameter
    "team_supervisor": viewable_periods' params).

    Built once per process with the supervisor a parameter: a condition built per request made
    viewable_periods build its statement and that statement's cache key again on every view of
    the team page, about a tenth of its Python calls."""
    supervisor = sa.bindparam("team_supervisor", type_=sa.Integer)
    own_agency = (sa.select(Unit.agency_id).join(Position, Position.unit_id == Unit.id)
                  .join(Employee, Employee.position_id == Position.id)
                  .where(Employee.id == supervisor).scalar_subquery())
    return sa.or_(
        sa.exists().where(PeriodAgency.period_id == Period.id, PeriodAgency.agency_id == own_agency),
        sa.exists().where(Assessment.period_id == Period.id, Assessment.assessor_id == supervisor))


# What a statement of another page reads of each period (period_columns) beside its id, year
# and status: its other columns, as one text, each with what reads its value back from it.
_READERS = {dt.date: dt.date.fromisoformat, int: int, str: str}
_DETAILS = tuple((column, _READERS[column.type.python_type])
                 for column in Period.__table__.columns
                 if column.key not in ("id", "year", "status"))


def period_columns() -> dict[str, sa.ColumnElement]:
    """The columns that carry a Period in a statement of another page (the calibration page's
    UNION, whose columns are its own), by name: its id, year, status, and its other columns as
    one text ("details": each as text, separated by spaces; none may be NULL); period_of makes
    the Period again."""
    details = None
    for column, _ in _DETAILS:
        assert not column.nullable, column
        text = _IsoText(column)
        details = text if details is None else details + " " + text
    return {"id": Period.id, "year": Period.year, "status": Period.status, "details": details}


def period_of(period_id: int, year: int, status: str, details: str) -> Period:
    """The Period period_columns() read, detached as if loaded then taken out of its session
    (every column loaded: reading one reads nothing): what the page shows, not to change."""
    period = Period(id=period_id, year=year, status=status, **{
        column.key: read(text)
        for (column, read), text in zip(_DETAILS, details.split(" "), strict=True)})
    so.make_transient_to_detached(period)
    return period


class _IsoText(sa.sql.functions.FunctionElement):
    """A column as text, a date as YYYY-MM-DD whatever PostgreSQL's DateStyle (its CAST writes
    a date in that style); SQLite keeps its dates as that text."""

    type = sa.String()
    inherit_cache = True


@compiles(_IsoText)
def _iso_text(element: _IsoText, compiler, **kw) -> str:
    (column,) = element.clauses
    return compiler.process(sa.cast(column, sa.String), **kw)


@compiles(_IsoText, "postgresql")
def _iso_text_postgresql(element: _IsoText, compiler, **kw) -> str:
    (column,) = element.clauses
    if isinstance(column.type, sa.Date):
        return f"to_char({compiler.process(column, **kw)}, 'YYYY-MM-DD')"
    return _iso_text(element, compiler, **kw)


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def choose_period(user: User, requested=None, concerning: sa.ColumnElement[bool] | None = None,
                  params: dict | None = None, key=None) -> tuple[Period | None, list[Period]]:
    """The period a page shows user, and the periods it may choose from (those concerning the
    page, when given, with its parameters' values: see viewable_periods): choose_among them."""
    periods = viewable_periods(concerning, params)
    return choose_among(user, requested, periods, key), periods


def choose_among(user: User, requested, periods: list[Period], key=None) -> Period | None:
    """The period of periods (viewable_periods') a page shows user.

    requested (from the URL or a form; any string) wins when it names one of them, and is then
    remembered on the user for the next page without one; otherwise the remembered choice,
    otherwise the oldest open period (its work is due first), otherwise the newest. An unknown
    id, a draft period's or garbage falls back the same way: never an error. A choice made so
    by default is noted for key, the periods' page and condition, for presumed_period.
    """
    by_id = {period.id: period for period in periods}
    wanted = _as_id(requested)
    if wanted in by_id:
        if user.chosen_period_id != wanted:
            user.chosen_period_id = wanted
            db.session.commit()
        return by_id[wanted]
    if user.chosen_period_id in by_id:
        return by_id[user.chosen_period_id]
    opened = [period for period in periods if period.status == "open"]
    chosen = opened[-1] if opened else periods[0] if periods else None
    if key is not None and chosen is not None:
        if len(_DEFAULTS) >= 1024:
            _DEFAULTS.clear()
        _DEFAULTS[key] = chosen.id
    return chosen


# The period last chosen by default (choose_among) for each key, in this process.
_DEFAULTS: dict = {}


def presumed_period(user: User, requested=None, key=None) -> int | None:
    """The id of the period choose_among will most likely choose for user: the one requested,
    else the remembered one, else the one last chosen by default for key (None before the
    first). A page that reads the periods it may show with the rest of its facts, in one
    statement (the calibration page), reads those facts for this period, then checks it with
    choose_among and reads them again in the rare case it was not the one: one round trip
    fewer a view than reading the periods first."""
    wanted = _as_id(requested)
    if wanted is not None:
        return wanted
    if user.chosen_period_id is not None:
        return user.chosen_period_id
    return _DEFAULTS.get(key)


# What set_deadlines may change.
DEADLINES = ("targets_due", "self_assessment_due", "review_due", "calibration_due",
             "approval_due", "periodic_due_days")
# A reporting line deeper than this is a cycle (resolve_assessor stops at the first revisit).
MAX_DEPTH = 64


def _holder_of(position_id):
    """The employee who holds the post position_id (a column): its active holder, else the
    first open acting posting (Plt/Plh) of an active employee, as people.org.holders_by_position
    decides; NULL for a vacant post. Two indexed lookups, so a walk costs what its rows cost."""
    holder = (sa.select(Employee.id)
              .where(Employee.position_id == position_id, Employee.active).scalar_subquery())
    acting = (sa.select(Posting.employee_id)
              .join(Employee, Employee.id == Posting.employee_id)
              .where(Posting.position_id == position_id, Employee.active,
                     Posting.kind.in_(Posting.ACTING), Posting.ends_on.is_(None))
              .order_by(Posting.id).limit(1).scalar_subquery())
    return sa.func.coalesce(holder, acting)


def _unassessed_staff(period_id: int, agency_ids: list[int]):
    """Active employees with a post in agency_ids who have no assessment in the period yet."""
    return (
        sa.select(Employee.id, Position.parent_id, Unit.agency_id)
        .join(Position, Employee.position_id == Position.id)
        .join(Unit, Position.unit_id == Unit.id)
        .where(Employee.active, Unit.agency_id.in_(agency_ids),
               ~sa.exists().where(Assessment.period_id == period_id,
                                  Assessment.employee_id == Employee.id)))


def _insert_assessments(period_id: int, agency_ids: list[int]) -> int:
    """Create the missing assessment of every active employee with a post in agency_ids, with
    its assessor resolved in SQL, in one INSERT ... SELECT; returns how many were created.

    The assessor is people.org.resolve_assessor's, walked up the position tree by a recursive
    CTE: the holder (or acting official) of the nearest occupied post above the employee's.
    """
    if not agency_ids:
        return 0
    # Counted first: SQLite reports no rowcount for an INSERT written as WITH ... INSERT.
    staff = _unassessed_staff(period_id, agency_ids).subquery("staff")
    missing = db.session.scalar(sa.select(sa.func.count()).select_from(staff))
    if not missing:
        return 0
    # From each employee's parent post upwards until a post has a holder (the walk's row
    # carries it), as resolve_assessor walks.
    walk = sa.select(staff.c.id.label("employee_id"), staff.c.parent_id.label("position_id"),
                     _holder_of(staff.c.parent_id).label("assessor_id"),
                     sa.literal(1).label("depth")).cte("walk", recursive=True)
    walk = walk.union_all(
        sa.select(walk.c.employee_id, Position.parent_id, _holder_of(Position.parent_id),
                  walk.c.depth + 1)
        .select_from(walk)
        .join(Position, Position.id == walk.c.position_id)
        .where(walk.c.assessor_id.is_(None), walk.c.depth < MAX_DEPTH))
    assessors = (sa.select(walk.c.employee_id, walk.c.assessor_id)
                 .where(walk.c.assessor_id.is_not(None)).subquery())
    rows = (
        sa.select(staff.c.id, sa.literal(period_id), staff.c.agency_id, assessors.c.assessor_id,
                  sa.literal("draft_targets"), sa.literal(1), sa.literal("kuantitatif"),
                  sa.literal(utcnow(), sa.DateTime(timezone=True)))
        .select_from(staff)
        .outerjoin(assessors, assessors.c.employee_id == staff.c.id))
    db.session.execute(sa.insert(Assessment).from_select(
        ["employee_id", "period_id", "agency_id", "assessor_id", "state", "version", "approach",
         "updated_at"], rows))
    return missing


def _record_agencies(period: Period, agency_ids: list[int], by: User | None) -> None:
    """Record period as open for those of agency_ids it is not open for yet (one statement);
    those already in keep when and by whom they were opened."""
    db.session.execute(sa.insert(PeriodAgency).from_select(
        ["period_id", "agency_id", "opened_at", "opened_by_id"],
        sa.select(sa.literal(period.id), Agency.id,
                  sa.literal(utcnow(), sa.DateTime(timezone=True)),
                  sa.literal(by.id if by else None, sa.Integer))
        .where(Agency.id.in_(agency_ids),
               ~sa.exists().where(PeriodAgency.period_id == period.id,
                                  PeriodAgency.agency_id == Agency.id))))


def _agencies_to_open(agency_ids) -> list[int]:
    """agency_ids that exist, by name (None: every agency)."""
    query = sa.select(Agency.id).order_by(Agency.name, Agency.id)
    if agency_ids is not None:
        query = query.where(Agency.id.in_(sorted(set(agency_ids))))
    return list(db.session.scalars(query))


def open_period(period: Period, agency_ids=None, by: User | None = None) -> int:
    """Open period for agency_ids (None: every agency) and create the missing assessment of
    each of their active employees with a post, at once.

    Set-based: the same few statements whatever the number of employees (one INSERT ... SELECT
    for the assessments), and safe to repeat: agencies already in are kept as they were and an
    employee never gets a second assessment. Returns how many assessments were created.
    """
    agencies = _agencies_to_open(agency_ids)
    period.status = "open"
    _record_agencies(period, agencies, by)
    created = _insert_assessments(period.id, agencies)
    db.session.commit()
    return created


def start_opening(period: Period, agency_ids, by: User | None) -> PeriodOpening:
    """Open period for agency_ids (None: every agency) in a run that creates the assessments
    agency by agency in the background (inline in tests), with progress; returns the run.

    Raises:
        Invalid: no_agency_chosen when agency_ids names no agency.
        NotNow: period_closed; opening_running while another run of the period is going.
    """
    if period.status == "closed":
        raise NotNow("period_closed")
    agencies = _agencies_to_open(agency_ids)
    if not agencies:
        raise Invalid("no_agency_chosen")
    running = db.session.scalar(sa.select(PeriodOpening.id).where(
        PeriodOpening.period_id == period.id, PeriodOpening.status.in_(jobs.RUNNING)).limit(1))
    if running is not None:
        raise NotNow("opening_running")
    period.status = "open"
    _record_agencies(period, agencies, by)
    opening = PeriodOpening(period=period, started_by=by, agency_ids=agencies,
                            total_agencies=len(agencies))
    db.session.add(opening)
    db.session.flush()
    queue.enqueue("period_opening", opening.id)  # commits the opening with its job
    return opening


def run_opening(opening_id: int) -> None:
    """Create the assessments of an opening's agencies, one INSERT ... SELECT and one commit
    per agency so that the page shows how far it has gone. Another attempt (after an error, or
    its worker's death) goes on from the first agency not done: no assessment is made twice."""
    opening = db.session.get(PeriodOpening, opening_id)
    opening.status = "importing"
    db.session.commit()
    for agency_id in opening.agency_ids[opening.done_agencies:]:
        opening.created_rows += _insert_assessments(opening.period_id, [agency_id])
        opening.done_agencies += 1
        queue.heartbeat()
        db.session.commit()
    jobs.finish(opening, "done")


def _give_up_opening(opening_id: int) -> None:
    """The queue gave up the opening after its last attempt: it stops, saying so."""
    opening = db.session.get(PeriodOpening, opening_id)
    if opening is not None and opening.status in jobs.RUNNING:
        jobs.finish(opening, "failed", "opening_failed")


queue.register("period_opening", run_opening, _give_up_opening)


@dataclass(frozen=True)
class AgencyProgress:
    """How far an opening has gone in one agency: assessments of the period / staff with a post."""

    agency: Agency
    assessed: int
    staff: int
    done: bool


def opening_progress(opening: PeriodOpening) -> list[AgencyProgress]:
    """Each agency of the opening with its assessments and staff (three grouped queries)."""
    ids = opening.agency_ids
    agencies = {a.id: a for a in db.session.scalars(sa.select(Agency).where(Agency.id.in_(ids)))}
    assessed = dict(db.session.execute(
        sa.select(Assessment.agency_id, sa.func.count())
        .where(Assessment.period_id == opening.period_id, Assessment.agency_id.in_(ids))
        .group_by(Assessment.agency_id)).all())
    staff = dict(db.session.execute(
        sa.select(Unit.agency_id, sa.func.count())
        .select_from(Employee).join(Position, Employee.position_id == Position.id)
        .join(Unit, Position.unit_id == Unit.id)
        .where(Employee.active, Unit.agency_id.in_(ids)).group_by(Unit.agency_id)).all())
    done = set(ids[:opening.done_agencies])
    return [AgencyProgress(agencies[i], assessed.get(i, 0), staff.get(i, 0), i in done)
            for i in ids if i in agencies]


def latest_opening(period_id: int) -> PeriodOpening | None:
    """The period's latest opening run, if any."""
    return db.session.scalar(sa.select(PeriodOpening).where(
        PeriodOpening.period_id == period_id).order_by(PeriodOpening.id.desc()).limit(1))


def opened_agencies(period_id: int) -> set[int]:
    """The agencies the period is open for."""
    return set(db.session.scalars(
        sa.select(PeriodAgency.agency_id).where(PeriodAgency.period_id == period_id)))


def agency_counts() -> tuple[dict[int, int], int]:
    """How many agencies each period is open for, and how many agencies there are (two
    queries)."""
    per_period = dict(db.session.execute(
        sa.select(PeriodAgency.period_id, sa.func.count()).group_by(PeriodAgency.period_id)
    ).all())
    return per_period, db.session.scalar(sa.select(sa.func.count()).select_from(Agency))


def set_deadlines(period: Period, **deadlines) -> None:
    """Set period's phase deadlines (the *_due dates and periodic_due_days), checked by the
    caller's form; refused once the period is closed (its lateness is history).

    Raises:
        NotNow: period_closed.
    """
    if period.status == "closed":
        raise NotNow("period_closed")
    for name, value in deadlines.items():
        if name not in DEADLINES:
            raise ValueError(name)
        setattr(period, name, value)
    db.session.commit()


def blocking_agencies(period_id: int) -> dict[int, dict[str, int]]:
    """The assessments of the period not yet approved, by agency and state (one GROUP BY)."""
    blocking: dict[int, dict[str, int]] = {}
    for agency_id, state, count in db.session.execute(
            sa.select(Assessment.agency_id, Assessment.state, sa.func.count())
            .where(Assessment.period_id == period_id, Assessment.state != "approved")
            .group_by(Assessment.agency_id, Assessment.state)):
        blocking.setdefault(agency_id, {})[state] = count
    return blocking


def close_period(period: Period) -> dict[int, dict[str, int]]:
    """Close period if every assessment of it is approved; else return what is still open.

    Returns, per agency, the states (with counts) that block closing; empty when the period
    was closed.
    """
    blocking = blocking_agencies(period.id)
    if not blocking:
        period.status = "closed"
        db.session.commit()
    return blocking
