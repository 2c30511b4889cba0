"""Reports of a period, per agency (province-wide or an actor's agencies) or per unit of one
agency: the spread of predikat against the allowed spread (shared domain.md section 5), the
achievement of the indicators, and completion.

Who sees which agencies is monitoring's rule (services.review.monitoring.visible_agencies). The
spread is calibration's: the predikat of assessments in RATED_STATES, judged by the rules of the
agency's organisation predikat; a unit counts with the units below it, as calibration's scope
does (the root unit is the whole agency, less the employees without a post).

A fixed handful of statements whatever the number of agencies, units and assessments: the
predikat and the states are counted by GROUP BY, the indicators' annual realisations are read by
one query and worked out with the capaian rule, and the organisation predikat, the rules and the
unit tree take one query each.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Agency,
    Assessment,
    Employee,
    Indicator,
    OrgPredikat,
    Period,
    Position,
    Realisation,
    Rhk,
)
from portal.rules.capaian import capaian
from portal.rules.distribution import Verdict, evaluate, rules_for
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.execution.execution import is_computed
from portal.services.people.units import unit_tree
from portal.services.review.calibration import RATED_STATES, load_rules

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Group:
    """One row of the report: an agency, or a unit of the chosen agency (depth for indenting)."""

    id: int
    name: str
    short: str       # for a chart's axis: the agency's code, the unit's name
    depth: int = 0


@dataclass
class Row:
    """A group's figures."""

    group: Group
    counts: dict[str, int] = field(default_factory=dict)   # predikat -> rated assessments
    verdicts: list[Verdict] = field(default_factory=list)  # empty without organisation predikat
    assessments: int = 0                                   # every assessment of the period
    approved: int = 0
    indicators: int = 0           # indicators with an annual capaian
    capaian_sum: Decimal = Decimal(0)
    objective: int = 0            # of those, computed from objective data
    objective_sum: Decimal = Decimal(0)

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def broken(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.met]

    def share(self, predikat: str) -> Decimal | None:
        """The share of predikat among the rated, in percent (one decimal)."""
        return _percent(self.counts.get(predikat, 0), self.rated)

    @property
    def completion(self) -> Decimal | None:
        """The share of the period's assessments that are approved, in percent."""
        return _percent(self.approved, self.assessments)

    @property
    def average_capaian(self) -> Decimal | None:
        return _average(self.capaian_sum, self.indicators)

    @property
    def average_objective(self) -> Decimal | None:
        return _average(self.objective_sum, self.objective)

    def add(self, other: Row) -> None:
        """Count other's figures in too (a unit's subunits)."""
        for predikat, n in other.counts.items():
            self.counts[predikat] = self.counts.get(predikat, 0) + n
        self.assessments += other.assessments
        self.approved += other.approved
        self.indicators += other.indicators
        self.capaian_sum += other.capaian_sum
        self.objective += other.objective
        self.objective_sum += other.objective_sum


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / whole).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _average(total: Decimal, n: int) -> Decimal | None:
    return (total / n).quantize(ONE_PLACE, rounding=ROUND_HALF_UP) if n else None


@dataclass
class Report:
    """The figures of the report, one row per group, in the order shown."""

    period: Period
    by_unit: bool                  # rows are the units of one agency (else agencies)
    rows: list[Row]
    org_predikat: dict[int, str]   # agency id -> organisation predikat set for the period

    @property
    def out_of_bounds(self) -> list[Row]:
        return [row for row in self.rows if row.broken]


def report(period: Period, agencies: list[Agency], agency_id: int | None = None) -> Report:
    """The report of period over agencies (already checked against the actor), one row per
    agency; or, with agency_id (one of them), one row per unit of that agency."""
    scope = [agency_id] if agency_id else [a.id for a in agencies]
    if agency_id:
        tree = unit_tree(agency_id)
        groups = [Group(u.id, u.name, u.name, u.depth) for u in tree]
        key = Position.unit_id
    else:
        groups = [Group(a.id, a.name, a.code) for a in agencies]
        key = Assessment.agency_id
    own = {group.id: Row(group) for group in groups}

    def base(*columns):
        statement = (sa.select(key.label("key"), *columns).select_from(Assessment)
                     .where(Assessment.period_id == period.id, Assessment.agency_id.in_(scope)))
        if agency_id:
            statement = (statement.join(Employee, Employee.id == Assessment.employee_id)
                         .join(Position, Position.id == Employee.position_id))
        return statement

    for group_id, predikat, n in db.session.execute(
            base(Assessment.predikat, sa.func.count())
            .where(Assessment.state.in_(RATED_STATES), Assessment.predikat.is_not(None))
            .group_by(key, Assessment.predikat)):
        if group_id in own:
            own[group_id].counts[predikat] = n
    for group_id, total, approved in db.session.execute(
            base(sa.func.count(), sa.func.count(sa.case((Assessment.state == "approved", 1))))
            .group_by(key)):
        if group_id in own:
            own[group_id].assessments, own[group_id].approved = total, approved
    _achievement(base, own)

    org = dict(db.session.execute(
        sa.select(OrgPredikat.agency_id, OrgPredikat.predikat)
        .where(OrgPredikat.period_id == period.id, OrgPredikat.agency_id.in_(scope))).all())
    rows = _with_subunits(groups, own) if agency_id else [own[g.id] for g in groups]
    rules = load_rules()
    for row in rows:
        org_predikat = org.get(agency_id or row.group.id)
        if org_predikat is not None:
            row.verdicts = evaluate(rules_for(org_predikat, rules), row.counts)
    return Report(period, bool(agency_id), rows, org)


def _achievement(base, own: dict[int, Row]) -> None:
    """Add up the annual capaian of every indicator with a target and a year's realisation (one
    query; the capaian rule computes each), and of those computed from objective data."""
    readings = db.session.execute(
        base(Assessment.approach, Indicator.data_source, Indicator.target_value,
             Indicator.target_max, Indicator.lower_is_better, Realisation.value)
        .join(Rhk, Rhk.assessment_id == Assessment.id)
        .join(Indicator, Indicator.rhk_id == Rhk.id)
        .join(Realisation, sa.and_(Realisation.indicator_id == Indicator.id,
                                   Realisation.period_no == 0))
        .where(Indicator.target_value.is_not(None), Realisation.value.is_not(None)))
    for reading in readings:
        row = own.get(reading.key)
        percent = capaian(reading.target_value, reading.value, target_max=reading.target_max,
                          lower_is_better=reading.lower_is_better)
        if row is None or percent is None:
            continue
        row.indicators += 1
        row.capaian_sum += percent
        # The reading carries both the assessment's approach and the indicator's data source,
        # which is all is_computed reads.
        if is_computed(reading, reading):
            row.objective += 1
            row.objective_sum += percent


def _with_subunits(groups: list[Group], own: dict[int, Row]) -> list[Row]:
    """Each unit's row with the units below it counted in (groups are depth first)."""
    rows = []
    for index, group in enumerate(groups):
        row = Row(group)
        row.add(own[group.id])
        for below in groups[index + 1:]:
            if below.depth <= group.depth:
                break
            row.add(own[below.id])
        rows.append(row)
    return rows


def predikat_counts(row: Row) -> list[int]:
    """The row's counts in PREDIKAT_ORDER (best first), for the chart."""
    return [row.counts.get(p, 0) for p in PREDIKAT_ORDER]
