"""What the assessment page's GET reads as rows rather than ORM entities (load(view=True) and
view_graph in services.review.assessments): the assessment's employee and assessor with their
posts, units and agencies, its RHK graph, and the periods its documents' list offers.

Every ORM entity in a statement costs SQLAlchemy its row processors on every execution, however
few its rows: on the recording step the RHK graph through the ORM cost about 2.4 million
instructions and as rows 0.9, the eight joined people entities about 1 million (cachegrind,
bench/README.md). The row types are named tuples with the attributes of the entities that the
page, its templates and the readiness guards read; they are set as the relationships' committed
values (set_committed_value fires no event, so nothing cascades into the session) and nothing
writes them: a POST that changes the assessment loads entities (load, load_graph).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import (
    Agency, Assessment, Employee, Indicator, PeriodicRating, Position, Realisation, Rhk, Unit,
)
from portal.services.parameters import joined


# --- the people -----------------------------------------------------------------------------

class AgencyRow(NamedTuple):
    """The agency of a person of a view (load(view=True)): its name shown."""

    name: str


class UnitRow(NamedTuple):
    """The unit of a person of a view: its name shown, its agency (cascade_required)."""

    name: str
    agency_id: int
    agency: AgencyRow


class PostRow(NamedTuple):
    """The post of a person of a view: its title shown, the post above (assessor_outside)."""

    id: int
    title: str
    parent_id: int | None
    unit: UnitRow


class PersonRow(NamedTuple):
    """The employee or the assessor of a view (load(view=True)): Employee's columns that the
    page and the guards read, and the post."""

    id: int
    nip: str
    name: str
    golongan: str
    position_id: int | None
    position: PostRow | None

    nip_display = Employee.nip_display


def person(columns: tuple) -> PersonRow | None:
    """The PersonRow of a person's eleven columns in with_people's statement (None: nobody)."""
    (person_id, nip, name, golongan, position_id, post_id, title, parent_id, unit, agency_id,
     agency) = columns
    if person_id is None:
        return None
    post = (PostRow(post_id, title, parent_id, UnitRow(unit, agency_id, AgencyRow(agency)))
            if post_id is not None else None)
    return PersonRow(person_id, nip, name, golongan, position_id, post)


def with_people(statement: sa.Select) -> sa.Select:
    """statement (over Assessment) joined to its employee and assessor, each with their post,
    unit and agency, and with their eleven columns each added (person() reads them), in
    PersonRow's order: load(view=True)'s statement."""
    employees, posts = Employee.__table__, Position.__table__
    units, agencies = Unit.__table__, Agency.__table__
    for role, person_id in (("employee", Assessment.employee_id),
                            ("assessor", Assessment.assessor_id)):
        employee, post = employees.alias(role), posts.alias(f"{role}_post")
        unit, agency = units.alias(f"{role}_unit"), agencies.alias(f"{role}_agency")
        statement = (
            statement.outerjoin(employee, employee.c.id == person_id)
            .outerjoin(post, post.c.id == employee.c.position_id)
            .outerjoin(unit, unit.c.id == post.c.unit_id)
            .outerjoin(agency, agency.c.id == unit.c.agency_id)
            .add_columns(employee.c.id, employee.c.nip, employee.c.name, employee.c.golongan,
                         employee.c.position_id, post.c.id, post.c.title, post.c.parent_id,
                         unit.c.name, unit.c.agency_id, agency.c.name))
    return statement


# --- the RHK graph ------------------------------------------------------------------------

class RealisationRow(NamedTuple):
    """A realisation of the RHK graph a view reads (view_graph): Realisation's columns."""

    id: int
    indicator_id: int
    period_no: int
    value: Decimal | None
    note: str
    source_count: int | None
    computed_at: dt.datetime | None
    updated_at: dt.datetime


class IndicatorRow(NamedTuple):
    """An indicator of the RHK graph a view reads (view_graph): Indicator's columns and its
    realisations, by period."""

    id: int
    rhk_id: int
    source_service_id: int | None
    aspect: str
    text: str
    target_value: Decimal | None
    target_max: Decimal | None
    target_unit: str
    lower_is_better: bool
    target_text: str | None
    perspective: str | None
    data_source: str
    realisations: list[RealisationRow]

    realisation_for = Indicator.realisation_for


class ParentRow(NamedTuple):
    """The supervisor's RHK that an RHK of the graph a view reads intervenes (its text shown)."""

    id: int
    text: str


class RhkRow(NamedTuple):
    """An RHK of the graph a view reads (view_graph): Rhk's columns, the supervisor's RHK it
    intervenes and its indicators, by id."""

    id: int
    assessment_id: int
    kind: str
    text: str
    parent_rhk_id: int | None
    supervisor_comment: str | None
    parent: ParentRow | None
    indicators: list[IndicatorRow]


def view_graph(assessment: Assessment) -> None:
    """Set the RHK graph of an assessment loaded without it (load(graph=False)) as rows, for
    the assessment page's step, which only shows it (nothing if it is loaded already): the
    RHK, their supervisor's RHK, indicators and realisations in one Core statement, as
    RhkRow, IndicatorRow and RealisationRow, which have the attributes of the entities the
    step, its templates and the readiness guards read (see the module's docstring)."""
    if "rhks" not in sa.inspect(assessment).unloaded:
        return
    rhks: dict[int, RhkRow] = {}
    indicators: dict[int, IndicatorRow] = {}
    for row in db.session.execute(_view_graph_statement(), {"assessment_id": assessment.id}):
        rhk = rhks.get(row[0])
        if rhk is None:
            parent = ParentRow(row[6], row[7]) if row[6] is not None else None
            rhk = rhks[row[0]] = RhkRow(*row[:6], parent, [])
        if row[8] is None:
            continue  # an RHK without indicators
        indicator = indicators.get(row[8])
        if indicator is None:
            indicator = indicators[row[8]] = IndicatorRow(*row[8:20], [])
            rhk.indicators.append(indicator)
        if row[20] is not None:
            indicator.realisations.append(RealisationRow._make(row[20:]))
    so.attributes.set_committed_value(assessment, "rhks", list(rhks.values()))


@cache
def _view_graph_statement() -> sa.Select:
    """view_graph()'s statement, built once per process: the columns of RhkRow (with the
    parent's id and text), IndicatorRow and RealisationRow in their order, in the order of
    Assessment.rhks and its children (RHK and indicators by id, realisations by period)."""
    rhks, indicators, realisations = Rhk.__table__, Indicator.__table__, Realisation.__table__
    parents = rhks.alias("parents")
    return (sa.select(*(rhks.c[name] for name in RhkRow._fields[:6]),
                      parents.c.id, parents.c.text,
                      *(indicators.c[name] for name in IndicatorRow._fields[:12]),
                      *(realisations.c[name] for name in RealisationRow._fields))
            .select_from(rhks)
            .outerjoin(parents, parents.c.id == rhks.c.parent_rhk_id)
            .outerjoin(indicators, indicators.c.rhk_id == rhks.c.id)
            .outerjoin(realisations, realisations.c.indicator_id == indicators.c.id)
            .where(rhks.c.assessment_id == sa.bindparam("assessment_id"))
            .order_by(rhks.c.id, indicators.c.id, realisations.c.period_no))


# --- the documents' periods -----------------------------------------------------------------

@cache
def evaluated_statement() -> sa.CompoundSelect:
    """The evaluation periods of an assessment (the parameter assessment_id) with a periodic
    rating or a realisation, the periods its documents' list offers an evaluation of
    (portal.documents.service.available), in one statement built once per process."""
    return sa.union(
        sa.select(PeriodicRating.period_no)
        .where(PeriodicRating.assessment_id == sa.bindparam("assessment_id")),
        sa.select(Realisation.period_no).join(Indicator, Indicator.id == Realisation.indicator_id)
        .join(Rhk, Rhk.id == Indicator.rhk_id)
        .where(Rhk.assessment_id == sa.bindparam("assessment_id")))


def evaluated_in(assessment: Assessment) -> set[int] | None:
    """evaluated_statement()'s periods as the statement that loaded the assessment read them
    (load(view=True), Assessment.evaluated_periods), or None when it did not (or a change
    since expired them)."""
    found = assessment.evaluated_periods
    if found is None:
        return None
    return {int(number) for number in found.split(",")} if found else set()


def evaluated_periods_column() -> sa.ColumnElement[str]:
    """evaluated_statement()'s periods as one column of a statement on the same assessment (the
    parameter assessment_id): their numbers comma-separated, "" for none (evaluated_in reads
    them; parameters.joined)."""
    evaluated = evaluated_statement().subquery()
    return sa.func.coalesce(
        sa.select(joined(sa.cast(evaluated.c.period_no, sa.String))).scalar_subquery(), "")
