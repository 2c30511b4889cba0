"""Monitoring a period: how far each agency and unit is, who is late at which step, the
exceptions (no supervisor, inactive supervisor, supervisor in another agency, no SKP),
completion over time, and reminding a filtered set.

Every figure comes from a fixed handful of statements whatever the agency's size: counts by
GROUP BY, lists paged with LIMIT, completion from the audit events (the first time each
assessment reached 'approved'), so no snapshot is stored. "Late" is portal.rules.deadlines'.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import (
    Agency, Assessment, AuditEvent, Employee, Period, PeriodAssessor, Position, Unit, User,
)
from portal.rules import skp22
from portal.rules.deadlines import DUE_FIELDS, deadline
from portal.services import clock
from portal.services.messaging import reminders as reminding
from portal.services.people.units import UnitRow, UnitTree
from workflows.assessment import STATES, Actor

PAGE_SIZE = 25
EXCEPTION_LIMIT = 20
EXCEPTION_KINDS = ("no_supervisor", "inactive_supervisor", "other_agency", "no_skp")


def may_monitor(actor: Actor) -> bool:
    return actor.is_admin or bool(actor.committee_agencies or actor.approver_agencies)


def visible_agencies(actor: Actor) -> list[Agency]:
    """The agencies the actor may watch: all for a BKD admin, else those of their roles."""
    query = sa.select(Agency).order_by(Agency.name)
    if not actor.is_admin:
        query = query.where(Agency.id.in_(sorted(actor.committee_agencies
                                                 | actor.approver_agencies)))
    return list(db.session.scalars(query))


def unit_choices(agency_id: int) -> list[tuple[int, str]]:
    """The agency's units as (id, path from the agency's root), in path order, so the filter
    shows which unit lies below which (one query)."""
    tree = UnitTree([UnitRow(*row) for row in db.session.execute(
        sa.select(Unit.id, Unit.agency_id, Unit.parent_id, Unit.name)
        .where(Unit.agency_id == agency_id))])
    return sorted(((unit_id, tree.path(unit_id)) for unit_id in tree.by_id),
                  key=lambda choice: (choice[1].casefold(), choice[0]))


@dataclass(frozen=True)
class Filters:
    """What the page is narrowed to; agency None means every visible agency."""

    agencies: tuple[int, ...]       # the agencies in scope (already checked against the actor)
    unit_id: int | None = None      # the unit and every unit below it
    state: str | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class Row:
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

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue_by_state.values())


def overdue_states(period: Period, today: dt.date) -> list[str]:
    """The states whose deadline has passed today (the deadlines rule, one per state)."""
    return [s for s in DUE_FIELDS if deadline(s, period, today).overdue]


def _unit_of_employee(filters: Filters | None = None):
    """Employee -> Position -> Unit joins, outer (an employee may have no position). Given the
    filters of a query that shows no unit, the post and unit are joined only when a unit is
    filtered on: on a province's 100,000 assessments two joins fewer are a third of the time."""
    query = (sa.select().select_from(Assessment)
             .join(Employee, Employee.id == Assessment.employee_id))
    if filters is None or filters.unit_id:
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
    query = query.where(Assessment.period_id == period.id,
                        Assessment.agency_id.in_(filters.agencies))
    if filters.unit_id:
        query = query.where(Position.unit_id.in_(unit_and_below(filters.unit_id)))
    if with_state and filters.state:
        query = query.where(Assessment.state == filters.state)
    if with_state and filters.overdue_only:
        query = query.where(Assessment.state.in_(overdue_states(period, today)))
    return query


def overview(period: Period, filters: Filters, page: int = 1,
             today: dt.date | None = None) -> Overview:
    """Everything the monitoring page shows, in a fixed number of statements."""
    today = today or clock.today()
    late = set(overdue_states(period, today))
    counts = db.session.execute(_scoped(
        _unit_of_employee(filters).add_columns(Assessment.state, sa.func.count())
        .group_by(Assessment.state), period, filters, today, with_state=False)).all()
    by_state = {state: 0 for state in STATES}
    by_state.update({state: n for state, n in counts})
    overdue_by_state = {state: n for state, n in by_state.items() if state in late and n}

    listed = db.session.execute(listing(period, filters, today)
                                .limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    rows = [row_of(found, period, today) for found in listed[:PAGE_SIZE]]
    counts_x, exceptions = _exceptions(period, filters)
    return Overview(period, today, by_state, overdue_by_state, rows, len(listed) > PAGE_SIZE,
                    counts_x, exceptions, completion(period, filters))


def listing(period: Period, filters: Filters, today: dt.date) -> sa.Select:
    """The filtered assessments as the page lists them (paged there, streamed by the export):
    (id, name, NIP, unit, agency code, state, assessor's name), by agency and name."""
    assessor = so.aliased(Employee)
    return _scoped(
        _unit_of_employee().add_columns(
            Assessment.id, Employee.name, Employee.nip, Unit.name, Agency.code, Assessment.state,
            assessor.name)
        .join(Agency, Agency.id == Assessment.agency_id)
        .outerjoin(assessor, assessor.id == Assessment.assessor_id)
        .order_by(Agency.code, Employee.name, Assessment.id), period, filters, today)


def row_of(found, period: Period, today: dt.date) -> Row:
    """A Row of listing's result, with the step's deadline and days late (the deadlines rule)."""
    aid, name, nip, unit, agency, state, assessor_name = found
    step = deadline(state, period, today)
    return Row(aid, name, nip, unit, agency, state, assessor_name,
               step.due if step else None, step.days_late if step else 0)


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
        _unit_of_employee(None if unit_filtered else _NO_UNIT)
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


# The filters of a query in scope of no unit (see _unit_of_employee).
_NO_UNIT = Filters(agencies=())


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
    for *row, total in db.session.execute(
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
        _unit_of_employee(filters)
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


def completion(period: Period, filters: Filters) -> list[tuple[dt.date, int]]:
    """Approved assessments so far on each day one was approved (cumulative), from the audit
    events: the first approval of each assessment in scope, its day taken in Jambi."""
    first = _scoped(
        _unit_of_employee(filters).add_columns(sa.func.min(AuditEvent.at))
        .join(AuditEvent, AuditEvent.assessment_id == Assessment.id)
        .where(AuditEvent.to_state == "approved")
        .group_by(Assessment.id), period, filters, clock.today(), with_state=False)
    per_day = Counter(clock.local(at).date() for (at,) in db.session.execute(first))
    total, series = 0, []
    for day in sorted(per_day):
        total += per_day[day]
        series.append((day, total))
    return series


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
    ids = _scoped(_unit_of_employee(filters).add_columns(Assessment.id), period, filters, today)
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
