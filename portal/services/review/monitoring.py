"""Monitoring a period: how far each agency and unit is, who is late at which step, the
exceptions (no supervisor, inactive supervisor, supervisor in another agency, no SKP),
completion over time, and reminding a filtered set.

Every figure comes from a fixed handful of statements whatever the agency's size: counts by
GROUP BY, lists paged with LIMIT, completion from the audit events (the first time each
assessment reached 'approved'). "Late" is portal.rules.deadlines'.

Across several agencies (the BKD admin's province of 100,000) the list stays live (its page read
from the one or two agencies it falls in); the counts per agency and state, read from the
assessments' own index, are kept by each app process for COUNTS_MAX_AGE (the page says when
they were counted); the exceptions and the completion, joins of every assessment with its
assessor or its audit events, are read from monitoring_figures: a job on the queue
(refresh_figures) recomputes them set-based when the page finds them older than FIGURES_MAX_AGE,
and the page says when they were computed. One agency, or a unit, is always counted live.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from portal.extensions import db
from portal.models import (
    Agency, Assessment, AuditEvent, BackgroundJob, Employee, MonitoringFigure, Period,
    PeriodAssessor, Position, Unit, User,
)
from portal.models.base import utcnow
from portal.rules import skp22
from portal.rules.deadlines import DUE_FIELDS, deadline
from portal.services import clock, queue
from portal.services.messaging import reminders as reminding
from portal.services.parameters import each, opaque_one_of, opaque_parameter
from workflows.assessment import STATES, Actor

PAGE_SIZE = 25
EXCEPTION_LIMIT = 20
EXCEPTION_KINDS = ("no_supervisor", "inactive_supervisor", "other_agency", "no_skp")
# How old the figures across agencies (exceptions, completion) may be before a page view asks
# the queue to compute them again; the page shows their time.
FIGURES_MAX_AGE = dt.timedelta(minutes=5)
FIGURES_JOB = "monitoring_figures"
# How long an app process reuses the counts per agency and state across agencies. Counting the
# province's 100,000 assessments reads the whole index (10-20 ms, the largest statement of
# deadline day), and every monitoring view of the BKD's admins, refreshed every minute by their
# pages, asked it again; a process now counts at most once in this time for each scope.
COUNTS_MAX_AGE = 20  # seconds


def may_monitor(actor: Actor) -> bool:
    return actor.is_admin or bool(actor.committee_agencies or actor.approver_agencies)


def visible_agencies(actor: Actor) -> list[sa.Row]:
    """The agencies the actor may watch, by name: all for a BKD admin, else those of their
    roles; rows of their id, name and code (what the pages show of them, read as columns)."""
    if actor.is_admin:
        return _read(_agencies_statement(True), {}).all()
    return _read(_agencies_statement(False),
                 {"agencies": sorted(actor.committee_agencies | actor.approver_agencies)}).all()


@cache
def _agencies_statement(every: bool) -> sa.Select:
    """visible_agencies()'s statement, built once per process (the agencies as a parameter)."""
    query = sa.select(Agency.id, Agency.name, Agency.code).order_by(Agency.name)
    if every:
        return query
    return query.where(Agency.id.in_(sa.bindparam("agencies", expanding=True)))


@dataclass(frozen=True)
class Filters:
    """What the page is narrowed to; agency None means every visible agency."""

    agencies: tuple[int, ...]       # the agencies in scope (already checked against the actor)
    unit_id: int | None = None      # the unit and every unit below it
    state: str | None = None
    overdue_only: bool = False


class Row(NamedTuple):
    """One assessment of the list. A tuple: the page's template unpacks its 25 rows in the
    loop's head, where each attribute read would be two Python calls (Jinja's getattr)."""

    assessment_id: int
    employee_name: str
    nip: str
    unit_name: str | None
    agency_code: str
    state: str
    assessor_name: str | None
    due: dt.date | None
    days_late: int


@dataclass(frozen=True)
class ExceptionRow:
    kind: str
    employee_id: int
    employee_name: str
    nip: str
    agency_code: str
    assessment_id: int | None
    assessor_name: str | None


@dataclass
class Overview:
    period: Period
    today: dt.date
    by_state: dict[str, int]
    overdue_by_state: dict[str, int]
    rows: list[Row]
    has_more: bool
    exception_counts: dict[str, int]
    exceptions: dict[str, list[ExceptionRow]]
    completion: list[tuple[dt.date, int]] = field(default_factory=list)
    # When the exceptions and the completion were computed, if they come from the figures
    # across agencies (None: counted live); pending: not computed yet, being computed.
    figures_at: dt.datetime | None = None
    figures_pending: bool = False
    # When the counts per state were counted, if they are a process's recent ones (across
    # agencies, see recent_counts; None: counted for this request).
    counts_at: dt.datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue_by_state.values())

    @property
    def state_counts(self) -> list[tuple[str, int, int]]:
        """(state, assessments, of them overdue) for every state, in the workflow's order: the
        table's rows as tuples its loop unpacks."""
        late = self.overdue_by_state
        return [(state, n, late.get(state, 0)) for state, n in self.by_state.items()]

    @property
    def counts_every(self) -> int:
        """Seconds between countings of the states across agencies, at most."""
        return COUNTS_MAX_AGE

    @property
    def figures_every(self) -> int:
        """Minutes between refreshes of the stored figures, at most."""
        return FIGURES_MAX_AGE // dt.timedelta(minutes=1)


def _read(statement, values: dict) -> sa.CursorResult:
    """The rows of one of the page's statements (columns, no entities), run on the session's
    connection: the ORM's execution path (autoflush, its compile state, its loading of the
    result) cost about 45 µs a statement more, for nothing here. Only the pages' reads use
    it, and the figures' job before it writes: nothing is pending in the session then."""
    return db.session.connection().execute(statement, values)


def overdue_states(period: Period, today: dt.date) -> list[str]:
    """The states whose deadline has passed today (the deadlines rule, one per state)."""
    return [s for s in DUE_FIELDS if deadline(s, period, today).overdue]


def _unit_of_employee(with_unit: bool = True):
    """Employee -> Position -> Unit joins, outer (an employee may have no position). A query
    that shows no unit joins the post and unit only when a unit is filtered on (with_unit): on
    a province's 100,000 assessments two joins fewer are a third of the time."""
    query = (sa.select().select_from(Assessment)
             .join(Employee, Employee.id == Assessment.employee_id))
    if with_unit:
        query = (query.outerjoin(Position, Position.id == Employee.position_id)
                 .outerjoin(Unit, Unit.id == Position.unit_id))
    return query


def unit_and_below(unit_id: int) -> sa.Select:
    """The ids of the unit and of every unit below it, at any depth: one recursive CTE, so a
    bidang's figures include its seksi and UPTD. UNION (not UNION ALL) stops at a unit seen
    before, should a bad file ever have made the tree a loop. The CTE is left unnamed: one
    statement (the exceptions) may use it twice."""
    tree = sa.select(Unit.id).where(Unit.id == unit_id).cte(recursive=True)
    child = so.aliased(Unit)
    tree = tree.union(sa.select(child.id).where(child.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def _scoped(query, period: Period, filters: Filters, today: dt.date, with_state=True):
    """query narrowed to the filters (the state and overdue ones only with_state), their
    values bound in it."""
    return _narrowed(query, *_shape(filters, with_state), _scope_values(period, filters, today))


def _shape(filters: Filters, with_state=True) -> tuple[bool, bool, bool]:
    """Which of the optional filters apply: a unit, a state, overdue only."""
    return (bool(filters.unit_id), with_state and bool(filters.state),
            with_state and filters.overdue_only)


def _scope_values(period: Period, filters: Filters, today: dt.date) -> dict:
    """The values of _narrowed's parameters."""
    return {"period_id": period.id, "agencies": list(filters.agencies),
            "unit_id": filters.unit_id, "state": filters.state,
            "overdue_states": overdue_states(period, today) if filters.overdue_only else []}


def _narrowed(query, unit: bool, state: bool, overdue: bool, values: dict | None = None,
              agencies: int | None = None):
    """query narrowed to the period and agencies, and to the unit (and those below it), the
    state and the overdue states when asked; as parameters named as _scope_values names them,
    with those values when given, else left to be supplied at each execution (a statement
    built once per process). With a number of agencies, the period and each agency (agency0,
    agency1, …) are read as parameters.opaque_parameter instead."""
    def parameter(name: str, expanding=False):
        if values is None:
            return sa.bindparam(name, expanding=expanding)
        return sa.bindparam(name, values[name], expanding=expanding)

    if agencies is None:
        query = query.where(Assessment.period_id == parameter("period_id"),
                            Assessment.agency_id.in_(parameter("agencies", expanding=True)))
    else:
        query = query.where(Assessment.period_id == opaque_parameter("period_id"),
                            opaque_one_of(Assessment.agency_id, "agency", agencies))
    if unit:
        query = query.where(Position.unit_id.in_(unit_and_below(parameter("unit_id"))))
    if state:
        query = query.where(Assessment.state == parameter("state"))
    if overdue:
        query = query.where(Assessment.state.in_(parameter("overdue_states", expanding=True)))
    return query


def overview(period: Period, filters: Filters, page: int = 1,
             today: dt.date | None = None) -> Overview:
    """Everything the monitoring page shows, in a fixed number of statements."""
    today = today or clock.today()
    late = set(overdue_states(period, today))
    counts_at, by_agency = (recent_counts(period, filters) if across_agencies(filters)
                            else (None, _counts(period, filters)))
    by_state = {state: 0 for state in STATES}
    for _code, _agency_id, state, n in by_agency:
        by_state[state] += n
    overdue_by_state = {state: n for state, n in by_state.items() if state in late and n}

    listed = _page_of_listing(period, filters, today, by_agency, page)
    rows = list(rows_of(listed[:PAGE_SIZE], period, today))
    if across_agencies(filters):
        figures = stored_figures(period, filters)
        return Overview(period, today, by_state, overdue_by_state, rows, len(listed) > PAGE_SIZE,
                        figures.exception_counts, {k: [] for k in EXCEPTION_KINDS},
                        figures.completion, figures.computed_at or None,
                        figures.computed_at is None, counts_at)
    counts_x, exceptions = _exceptions(period, filters)
    return Overview(period, today, by_state, overdue_by_state, rows, len(listed) > PAGE_SIZE,
                    counts_x, exceptions, completion(period, filters))


def across_agencies(filters: Filters) -> bool:
    """Whether the exceptions and completion come from the stored figures (several agencies,
    no unit) rather than being counted live."""
    return len(filters.agencies) > 1 and not filters.unit_id


def recent_counts(period: Period, filters: Filters) -> tuple[dt.datetime, list]:
    """_counts across agencies, as this process counted them at most COUNTS_MAX_AGE seconds ago,
    with when. A cache, not shared state: each app server counts for itself, and what it keeps
    is only ever younger than COUNTS_MAX_AGE. The list's paging uses the same counts, which only
    move its page boundaries by the assessments that changed state meanwhile, as any page of
    a live list moves under its reader."""
    # (period id, agencies) -> (monotonic time, wall-clock time, counts), kept by the app: one
    # per process, and no test's app sees another's database's counts.
    recent = current_app.extensions.setdefault("monitoring_counts", {})
    key = (period.id, tuple(filters.agencies))
    now = time.monotonic()
    found = recent.get(key)
    if found is None or now - found[0] >= COUNTS_MAX_AGE:
        found = (now, utcnow(), _counts(period, filters))
        # Copied before the walk and popped with a default: make run's threads share the dict.
        for stale, (at, _, _) in list(recent.items()):
            if now - at >= COUNTS_MAX_AGE:
                recent.pop(stale, None)
        recent[key] = found
    return found[1], found[2]


def _counts(period: Period, filters: Filters) -> list[tuple[str, int, str, int]]:
    """(agency code, agency id, state, count) of the assessments in scope, by agency code.
    Without a unit it is read from the index on (period, agency, state) alone, no join of the
    employees; with one, through the employees' posts."""
    unit = bool(filters.unit_id)
    return [tuple(row) for row in _read(
        _counts_statement(unit), _scope_values(period, filters, clock.today()))]


@cache
def _counts_statement(unit: bool) -> sa.Select:
    """_counts()'s statement with the scope as parameters, built once per process."""
    query = _unit_of_employee(True) if unit else sa.select().select_from(Assessment)
    grouped = _narrowed(query.add_columns(Assessment.agency_id, Assessment.state,
                                          sa.func.count().label("n"))
                        .group_by(Assessment.agency_id, Assessment.state),
                        unit, False, False).subquery()
    return (sa.select(Agency.code, grouped.c.agency_id, grouped.c.state, grouped.c.n)
            .join(Agency, Agency.id == grouped.c.agency_id)
            .order_by(Agency.code, grouped.c.agency_id))


def _page_of_listing(period: Period, filters: Filters, today: dt.date, by_agency, page: int):
    """Page page of listing (PAGE_SIZE + 1 rows, to tell whether there is a next). The list
    runs by agency code, so the counts per agency tell which agencies the page falls in: only
    those are read and sorted (one or two agencies, not the province)."""
    wanted = set(STATES)
    if filters.state:
        wanted &= {filters.state}
    if filters.overdue_only:
        wanted &= set(overdue_states(period, today))
    per_agency: dict[int, int] = {}
    for _code, agency_id, state, n in by_agency:  # in the list's order of agencies
        per_agency[agency_id] = per_agency.get(agency_id, 0) + (n if state in wanted else 0)
    start, end = (page - 1) * PAGE_SIZE, page * PAGE_SIZE + 1
    chosen, skipped, seen = [], 0, 0
    for agency_id, n in per_agency.items():
        if n and seen + n > start and seen < end:
            if not chosen:
                skipped = seen
            chosen.append(agency_id)
        seen += n
    # Past the last row no agency is chosen: the statement still runs (and finds nothing), so
    # that every page costs the same statements.
    narrowed = Filters(tuple(chosen), filters.unit_id, filters.state, filters.overdue_only)
    values = _scope_values(period, narrowed, today)
    values.update(each("agency", chosen), offset=start - skipped)
    return _read(_page_statement(*_shape(narrowed), len(chosen)), values).all()


@lru_cache(maxsize=64)
def _page_statement(unit: bool, state: bool, overdue: bool, agencies: int) -> sa.Select:
    """A page of listing() with the scope, LIMIT and OFFSET as parameters, built once per
    process for each set of filters: building it cost more than running it.

    The page's assessments are chosen first, in the list's order, with the employee's name
    read per assessment, and only they are joined to what the rows show. Joined before the
    LIMIT, PostgreSQL hashed the whole employees table (100,000 rows, 33 ms) to sort one
    agency's 2,000 assessments; chosen first, 4 ms. SQLite reads the same rows either way.

    The LIMIT (PAGE_SIZE and one row more) is written in the SQL, not a parameter: PostgreSQL
    plans a prepared statement (psycopg prepares one run five times on a connection) once for
    any values only when that plan is estimated no dearer than the plans made for the values
    seen, and it estimates a LIMIT parameter as 10 % of the rows (200 page rows joined, for
    26): the list was planned again on every execution, 1.3 of its 3.9 ms of PostgreSQL CPU
    on the 100,000-employee province. The period, the agencies (their number: agencies) and the
    OFFSET are read as parameters.opaque_parameter: estimated by their values, the first page
    and an agency the statistics find smaller than the average still looked cheaper planned
    for themselves (26 of the province's 50 agencies); now planned once for all 50."""
    named = so.aliased(Employee)
    name = (sa.select(named.name).where(named.id == Assessment.employee_id)
            .correlate(Assessment).scalar_subquery().label("ename"))
    code = Agency.code.label("code")
    chosen = sa.select().select_from(Assessment).join(Agency, Agency.id == Assessment.agency_id)
    if unit:
        chosen = (chosen.join(Employee, Employee.id == Assessment.employee_id)
                  .outerjoin(Position, Position.id == Employee.position_id))
    page = (_narrowed(chosen.add_columns(Assessment.id, code, name), unit, state, overdue,
                      agencies=agencies)
            .order_by(code, name, Assessment.id)
            .limit(sa.literal_column(str(PAGE_SIZE + 1), sa.Integer))
            .offset(opaque_parameter("offset")).subquery())
    assessor = so.aliased(Employee)
    return (sa.select(page.c.id, Employee.name, Employee.nip, Unit.name, page.c.code,
                      Assessment.state, assessor.name)
            .select_from(page).join(Assessment, Assessment.id == page.c.id)
            .join(Employee, Employee.id == Assessment.employee_id)
            .outerjoin(Position, Position.id == Employee.position_id)
            .outerjoin(Unit, Unit.id == Position.unit_id)
            .outerjoin(assessor, assessor.id == Assessment.assessor_id)
            .order_by(page.c.code, page.c.ename, page.c.id))


def listing(period: Period, filters: Filters, today: dt.date) -> sa.Select:
    """The filtered assessments as the page lists them (paged there, streamed by the export):
    (id, name, NIP, unit, agency code, state, assessor's name), by agency and name."""
    return _scoped(_listing_query(), period, filters, today)


def _listing_query() -> sa.Select:
    assessor = so.aliased(Employee)
    return (_unit_of_employee().add_columns(
        Assessment.id, Employee.name, Employee.nip, Unit.name, Agency.code, Assessment.state,
        assessor.name)
        .join(Agency, Agency.id == Assessment.agency_id)
        .outerjoin(assessor, assessor.id == Assessment.assessor_id)
        .order_by(Agency.code, Employee.name, Assessment.id))


def rows_of(found_rows, period: Period, today: dt.date):
    """Rows of listing's result, with the step's deadline and days late (the deadlines rule),
    worked out once per state: they depend on the state alone for one period and day."""
    steps: dict[str, tuple[dt.date | None, int]] = {}
    for aid, name, nip, unit, agency, state, assessor_name in found_rows:
        step = steps.get(state)
        if step is None:
            found = deadline(state, period, today)
            step = steps[state] = (found.due, found.days_late) if found else (None, 0)
        yield Row(aid, name, nip, unit, agency, state, assessor_name, *step)


def _exception_union(period_id, agencies, unit_id, unit_filtered: bool) -> sa.Subquery:
    """Every exception of the filtered set as rows (kind, aid, eid, ename, nip, agency_id,
    aname): the assessments without an (active, same-agency) assessor, and the active
    employees of the agencies (by their unit) with no assessment in the period. The scope
    (period, agencies, unit when unit_filtered) is given as values or as bound parameters."""
    assessor = so.aliased(Employee)
    assessor_pos = so.aliased(Position)
    assessor_unit = so.aliased(Unit)
    kind = sa.case(
        (Assessment.assessor_id.is_(None), "no_supervisor"),
        (assessor.active.is_(False), "inactive_supervisor"),
        (sa.and_(assessor_unit.agency_id.is_not(None),
                 assessor_unit.agency_id != Assessment.agency_id), "other_agency"),
        else_=None).label("kind")
    base = (
        _unit_of_employee(unit_filtered)
        .outerjoin(assessor, assessor.id == Assessment.assessor_id)
        .outerjoin(assessor_pos, assessor_pos.id == assessor.position_id)
        .outerjoin(assessor_unit, assessor_unit.id == assessor_pos.unit_id)
        .where(Assessment.period_id == period_id, Assessment.agency_id.in_(agencies)))
    if unit_filtered:
        base = base.where(Position.unit_id.in_(unit_and_below(unit_id)))
    base = base.add_columns(
        kind, Assessment.id.label("aid"), Employee.id.label("eid"),
        Employee.name.label("ename"), Employee.nip.label("nip"),
        Assessment.agency_id.label("agency_id"), assessor.name.label("aname"))
    flagged = base.where(kind.is_not(None)).subquery()

    has_skp = sa.exists().where(Assessment.employee_id == Employee.id,
                                Assessment.period_id == period_id)
    no_skp = (sa.select(sa.literal("no_skp", sa.String(30)).label("kind"),
                        sa.cast(sa.null(), sa.Integer).label("aid"),
                        Employee.id.label("eid"), Employee.name.label("ename"),
                        Employee.nip.label("nip"), Unit.agency_id.label("agency_id"),
                        sa.cast(sa.null(), sa.String(200)).label("aname"))
              .select_from(Employee)
              .join(Position, Position.id == Employee.position_id)
              .join(Unit, Unit.id == Position.unit_id)
              .where(Employee.active, Unit.agency_id.in_(agencies), ~has_skp))
    if unit_filtered:
        no_skp = no_skp.where(Position.unit_id.in_(unit_and_below(unit_id)))
    return sa.union_all(sa.select(flagged), no_skp).subquery()


def _exception_counts(union: sa.Subquery) -> dict[str, int]:
    counts = {k: 0 for k in EXCEPTION_KINDS}
    counts.update(dict(db.session.execute(
        sa.select(union.c.kind, sa.func.count()).group_by(union.c.kind)).all()))
    return counts


def _exception_rows(query) -> list[ExceptionRow]:
    return [ExceptionRow(*row) for row in db.session.execute(query)]


def _exceptions(period: Period, filters: Filters
                ) -> tuple[dict[str, int], dict[str, list[ExceptionRow]]]:
    """The four exceptions counted, and the first page (EXCEPTION_LIMIT) of each listed, by one
    statement: each row carries its kind's total (a window count), so the exceptions, a join
    of every assessment of the province with its assessor's post, are read once, not twice;
    exception_page gives the further pages."""
    counts = {k: 0 for k in EXCEPTION_KINDS}
    lists: dict[str, list[ExceptionRow]] = {k: [] for k in EXCEPTION_KINDS}
    for *row, total in _read(
            _exceptions_statement(bool(filters.unit_id)),
            {"period_id": period.id, "agencies": list(filters.agencies),
             "unit_id": filters.unit_id}):
        found = ExceptionRow(*row)
        lists[found.kind].append(found)
        counts[found.kind] = total
    return counts, lists


@cache
def _exceptions_statement(unit_filtered: bool) -> sa.Select:
    """_exceptions()'s statement with the scope as parameters, built once per process:
    building this union of joins was a fifth of the monitoring page's time."""
    union = _exception_union(sa.bindparam("period_id"), sa.bindparam("agencies", expanding=True),
                             sa.bindparam("unit_id"), unit_filtered)
    numbered = sa.select(
        union, sa.func.row_number().over(partition_by=union.c.kind,
                                         order_by=(union.c.ename, union.c.eid)).label("n"),
        sa.func.count().over(partition_by=union.c.kind).label("total")
    ).subquery()
    return (sa.select(numbered.c.kind, numbered.c.eid, numbered.c.ename, numbered.c.nip,
                      Agency.code, numbered.c.aid, numbered.c.aname, numbered.c.total)
            .join(Agency, Agency.id == numbered.c.agency_id)
            .where(numbered.c.n <= EXCEPTION_LIMIT)
            .order_by(numbered.c.kind, numbered.c.n))


@dataclass
class ExceptionPage:
    """One page of one exception's list, in the order of the monitoring page's first page."""

    kind: str
    total: int
    rows: list[ExceptionRow]
    has_more: bool


def exception_page(period: Period, filters: Filters, kind: str, page: int = 1) -> ExceptionPage:
    """Page page (EXCEPTION_LIMIT rows) of the employees with exception kind: two statements
    whatever the agency's size (the counts, and the page by LIMIT/OFFSET)."""
    union = _exception_union(period.id, filters.agencies, filters.unit_id,
                             bool(filters.unit_id))
    listed = _exception_rows(
        sa.select(union.c.kind, union.c.eid, union.c.ename, union.c.nip, Agency.code,
                  union.c.aid, union.c.aname)
        .join(Agency, Agency.id == union.c.agency_id)
        .where(union.c.kind == kind)
        .order_by(union.c.ename, union.c.eid)
        .limit(EXCEPTION_LIMIT + 1).offset((page - 1) * EXCEPTION_LIMIT))
    return ExceptionPage(kind, _exception_counts(union)[kind], listed[:EXCEPTION_LIMIT],
                         len(listed) > EXCEPTION_LIMIT)


def final_results(period: Period, filters: Filters) -> sa.Select:
    """The approved assessments in scope (agencies, unit; not the state filter) for the SKP22
    export, by agency and name: the year, the employee's NIP, the two ratings and the predikat,
    and who gave the annual rating (the one recorded for it, else the assessor now: the rule of
    moves.period_assessor) with their post, golongan and unit. Rows for skp22_record."""
    annual = so.aliased(PeriodAssessor)
    assessor = so.aliased(Employee)
    post = so.aliased(Position)
    unit = so.aliased(Unit)
    return _scoped(
        _unit_of_employee(bool(filters.unit_id))
        .join(Agency, Agency.id == Assessment.agency_id)
        .outerjoin(annual, sa.and_(annual.assessment_id == Assessment.id, annual.period_no == 0))
        .outerjoin(assessor, assessor.id == sa.func.coalesce(annual.assessor_id,
                                                             Assessment.assessor_id))
        .outerjoin(post, post.id == assessor.position_id)
        .outerjoin(unit, unit.id == post.unit_id)
        .add_columns(Employee.nip, Assessment.rating_hasil_kerja, Assessment.rating_perilaku,
                     Assessment.predikat, assessor.nip, assessor.name, post.title,
                     assessor.golongan, unit.name)
        .where(Assessment.state == "approved")
        .order_by(Agency.code, Employee.name, Assessment.id),
        period, filters, clock.today(), with_state=False)


def skp22_record(period: Period, found) -> tuple:
    """One row of final_results as the SKP22 record (portal.rules.skp22)."""
    nip, hasil_kerja, perilaku, predikat, a_nip, a_name, a_post, a_golongan, a_unit = found
    assessor = skp22.Assessor(a_nip, a_name, a_post, a_golongan, a_unit) if a_nip else None
    return skp22.record(period.year, nip, hasil_kerja, perilaku, predikat, assessor)


def credit_results(period: Period, filters: Filters) -> sa.Select:
    """The approved assessments in scope (agencies, unit; not the state filter) of employees
    holding a post, for the SIASN angka-kredit export, by agency and name: the employee's NIP,
    the final predikat, and the post's jenjang and jenis jabatan (careers.angka_kredit decides
    which are functional). Rows for careers.angka_kredit.annual_record."""
    return _scoped(
        _unit_of_employee()
        .add_columns(Employee.nip, Assessment.predikat, Position.jenjang,
                     Position.jenis_jabatan)
        .where(Assessment.state == "approved", Position.id.is_not(None))
        .order_by(Assessment.agency_id, Employee.name, Assessment.id),
        period, filters, clock.today(), with_state=False)


def _approvals_by_agency_and_day(period: Period, filters: Filters) -> Counter:
    """(agency id, day in Jambi) -> assessments first approved that day (the audit events)."""
    first = _read(_first_approvals_statement(bool(filters.unit_id)),
                  _scope_values(period, filters, clock.today()))
    return Counter((agency_id, clock.local(at).date()) for agency_id, at in first)


@cache
def _first_approvals_statement(unit: bool) -> sa.Select:
    """_approvals_by_agency_and_day()'s statement with the scope as parameters, built once per
    process: one agency's monitoring page counts its completion live on every view."""
    return _narrowed(
        _unit_of_employee(unit)
        .add_columns(Assessment.agency_id, sa.func.min(AuditEvent.at))
        .join(AuditEvent, AuditEvent.assessment_id == Assessment.id)
        .where(AuditEvent.to_state == "approved")
        .group_by(Assessment.id, Assessment.agency_id), unit, False, False)


def _cumulative(per_day: Counter) -> list[tuple[dt.date, int]]:
    total, series = 0, []
    for day in sorted(per_day):
        total += per_day[day]
        series.append((day, total))
    return series


def completion(period: Period, filters: Filters) -> list[tuple[dt.date, int]]:
    """Approved assessments so far on each day one was approved (cumulative), from the audit
    events: the first approval of each assessment in scope, its day taken in Jambi. Across
    agencies, from the stored figures (stored_figures)."""
    if across_agencies(filters):
        return stored_figures(period, filters).completion
    per_day: Counter = Counter()
    for (_agency, day), n in _approvals_by_agency_and_day(period, filters).items():
        per_day[day] += n
    return _cumulative(per_day)


@dataclass
class Figures:
    """The exceptions counted and the completion of several agencies, as last computed
    (computed_at None: never yet; a refresh has been asked for), and whether a refresh of them
    is waiting or running on the queue."""

    exception_counts: dict[str, int]
    completion: list[tuple[dt.date, int]]
    computed_at: dt.datetime | None
    refreshing: bool = False


def stored_figures(period: Period, filters: Filters) -> Figures:
    """The figures of filters' agencies from monitoring_figures (one statement, which also asks
    whether a refresh is open); when they are older than FIGURES_MAX_AGE, or missing, a
    refresh is sent to the queue (once: not while one is waiting or running), and read again
    if it ran at once (JOBS_IMMEDIATE)."""
    figures = _read_figures(period, filters)
    now = utcnow()
    stale = figures.computed_at is None or now - _aware(figures.computed_at) > FIGURES_MAX_AGE
    if stale and not figures.refreshing and _refresh(period.id):
        figures = _read_figures(period, filters)
    return figures


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _read_figures(period: Period, filters: Filters) -> Figures:
    counts = {k: 0 for k in EXCEPTION_KINDS}
    per_day: Counter = Counter()
    computed_at, refreshing = None, False
    for kind, key, n, at in _read(
            _figures_statement(), {"period_id": period.id, "agencies": list(filters.agencies)}):
        if kind == "computed":
            computed_at = at
        elif kind == "exception" and key in counts:
            counts[key] = int(n)
        elif kind == "approved_on":
            per_day[dt.date.fromisoformat(key)] += int(n)
        elif kind == _REFRESHING:
            refreshing = True
    return Figures(counts, _cumulative(per_day), computed_at, refreshing)


# The row _figures_statement adds while a refresh of the period is waiting or running (no
# stored figure has this kind).
_REFRESHING = "refresh_open"


@cache
def _figures_statement() -> sa.CompoundSelect:
    """_read_figures()'s statement (the period and agencies as parameters), built once: the
    figures summed per kind and key, and a row of kind _REFRESHING while a refresh of the
    period is open on the queue (asked here rather than by a statement of its own: the figures
    are stale, and the question asked, on every view until the worker has run it)."""
    period_id = sa.bindparam("period_id")
    figures = (sa.select(MonitoringFigure.kind, MonitoringFigure.key,
                         sa.func.sum(MonitoringFigure.count),
                         sa.func.max(MonitoringFigure.computed_at))
               .where(MonitoringFigure.period_id == period_id,
                      sa.or_(MonitoringFigure.agency_id.in_(
                          sa.bindparam("agencies", expanding=True)),
                          MonitoringFigure.kind == "computed"))
               .group_by(MonitoringFigure.kind, MonitoringFigure.key))
    refreshing = sa.select(
        sa.literal(_REFRESHING, sa.String(20)), sa.cast(sa.null(), sa.String(30)),
        sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.DateTime(timezone=True))
    ).where(sa.exists().where(
        BackgroundJob.kind == FIGURES_JOB, BackgroundJob.target_id == period_id,
        BackgroundJob.state.in_(BackgroundJob.OPEN)))
    return sa.union_all(figures, refreshing)


def _refresh(period_id: int) -> bool:
    """Send a refresh of period_id's figures to the queue; whether it has run by the time this
    returns (the queue runs inline in JOBS_IMMEDIATE)."""
    return queue.enqueue(FIGURES_JOB, period_id).state == "done"


def refresh_figures(period_id: int | None) -> None:
    """Compute the monitoring figures of every agency of the period, set-based, and replace
    the stored ones in one transaction (the queue's job monitoring_figures)."""
    period = db.session.get(Period, period_id)
    if period is None:
        return
    agencies = tuple(db.session.scalars(sa.select(Agency.id).order_by(Agency.id)))
    every = Filters(agencies)
    union = _exception_union(period.id, agencies, None, unit_filtered=False)
    now = utcnow()
    rows = [{"period_id": period.id, "agency_id": None, "kind": "computed", "key": "",
             "count": 0, "computed_at": now}]
    rows += [{"period_id": period.id, "agency_id": agency_id, "kind": "exception", "key": kind,
              "count": n, "computed_at": now}
             for agency_id, kind, n in db.session.execute(
                 sa.select(union.c.agency_id, union.c.kind, sa.func.count())
                 .group_by(union.c.agency_id, union.c.kind))]
    rows += [{"period_id": period.id, "agency_id": agency_id, "kind": "approved_on",
              "key": day.isoformat(), "count": n, "computed_at": now}
             for (agency_id, day), n in _approvals_by_agency_and_day(period, every).items()]
    db.session.execute(sa.delete(MonitoringFigure)
                       .where(MonitoringFigure.period_id == period.id))
    db.session.execute(sa.insert(MonitoringFigure), rows)
    db.session.commit()


queue.register(FIGURES_JOB, refresh_figures)


def planned_reminders(period: Period, filters: Filters,
                      today: dt.date | None = None) -> list[reminding.Reminder]:
    """The reminders the filtered set calls for that have not gone out today (so the preview
    and the send agree, and a second send the same day sends nothing): every waiting assessment
    of the set, due or overdue by the deadlines rule, through send-reminders' own plan."""
    today = today or clock.today()
    states = [s for s in reminding.STEPS if not filters.state or s == filters.state]
    if filters.overdue_only:
        late = set(overdue_states(period, today))
        states = [s for s in states if s in late]
    if not states:
        return []
    ids = _scoped(_unit_of_employee(bool(filters.unit_id)).add_columns(Assessment.id), period,
                  filters, today)
    waiting = reminding._waiting(period, states, within=ids)
    dues = {s: getattr(period, reminding.STEPS[s].due_field) for s in states}
    wanted = reminding.plan(waiting, dues, today, period.year,
                            reminding._role_users({w.agency_id for w in waiting}))
    sent_today = reminding.sent_on(today)
    return [r for r in wanted if (r.user_id, r.assessment_id, r.kind) not in sent_today]


PREVIEW_LIMIT = 50


@dataclass
class Preview:
    """Who gets what: the count by kind, and the first PREVIEW_LIMIT with the recipient's name."""

    by_kind: Counter
    items: list[tuple[str, reminding.Reminder]]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def preview(period: Period, filters: Filters, today: dt.date | None = None) -> Preview:
    planned = planned_reminders(period, filters, today)
    shown = planned[:PREVIEW_LIMIT]
    names = dict(db.session.execute(
        sa.select(User.id, User.display_name)
        .where(User.id.in_(sorted({r.user_id for r in shown})))).all()) if shown else {}
    return Preview(Counter(r.kind for r in planned),
                   [(names.get(r.user_id, "—"), r) for r in shown])


def send(period: Period, filters: Filters, today: dt.date | None = None) -> int:
    """Send the reminders planned_reminders shows; returns how many went out."""
    today = today or clock.today()
    new, _emails = reminding._record(planned_reminders(period, filters, today), today)
    return len(new)
