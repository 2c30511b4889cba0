"""The fairness monitor: the spread of predikat by assessor, unit, golongan, jenis jabatan and sex
(and by agency for the whole province), each group tested against the rest (portal.rules.fairness).

Who may read it: the calibration committee of an agency (that agency only) and the BKD admin
(every agency, and the province as a whole). It names assessors, with how many people they rated,
never the people rated; groups under the minimum size are not shown.

Counted: the rated assessments of the period (calibration's RATED_STATES) that carry a predikat.
The counting is one SQL statement (a UNION ALL of one GROUP BY per dimension), whatever the size
of the agency and the number of its groups.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Agency, Assessment, Employee, Position, Unit
from portal.rules import fairness as rules
from portal.rules.nip import SEX_INDEX, SEXES
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.errors import NotAllowed
from portal.services.review.calibration import core_rows, rated
from workflows.assessment import Actor

ASSESSOR, UNIT, GOLONGAN, JENIS, SEX, AGENCY = (
    "assessor", "unit", "golongan", "jenis", "sex", "agency")
AGENCY_DIMENSIONS = (ASSESSOR, UNIT, GOLONGAN, JENIS, SEX)
PROVINCE_DIMENSIONS = (AGENCY, *AGENCY_DIMENSIONS)


# --- who may read it -----------------------------------------------------------------------------

def agencies_for(actor: Actor) -> list[Agency]:
    """The agencies whose fairness monitor actor may read: all for a BKD admin, else the ones
    whose calibration committee they sit on (one query; none for anyone else)."""
    query = sa.select(Agency).order_by(Agency.name)
    if not actor.is_admin:
        if not actor.committee_agencies:
            return []
        query = query.where(Agency.id.in_(sorted(actor.committee_agencies)))
    return list(db.session.scalars(query))


def check_may_read(actor: Actor, agency_id: int | None) -> None:
    """Refuse anyone but the agency's committee and the BKD admin; agency_id None (the whole
    province) is the BKD admin's alone.

    Raises:
        NotAllowed: as above.
    """
    if actor.is_admin:
        return
    if agency_id is None or agency_id not in actor.committee_agencies:
        raise NotAllowed("not_committee")


# --- counting ------------------------------------------------------------------------------------

@cache
def _counts_statement(by_agency: bool, dimensions: tuple[str, ...]) -> sa.CompoundSelect:
    """One GROUP BY per dimension, united: rows of (dimension, key, label, predikat, n), of the
    period (parameter period_id) and, by_agency, of one agency (agency_id).

    Built once per process, run through calibration.core_rows: built on every view with the
    period and agency in it, it was about 3,900 of the fairness page's 10,500 Python calls (a
    statement of six GROUP BYs, then its cache key), and its list of rated states an expanding
    parameter rewritten on every execution."""
    assessor = so.aliased(Employee)

    def branch(name: str, key, label, *joins):
        statement = (sa.select(sa.literal(name).label("dimension"),
                               sa.cast(key, sa.String).label("group_key"),
                               sa.cast(label, sa.String).label("group_label"),
                               Assessment.predikat, sa.func.count().label("n"))
                     .select_from(Assessment)
                     .join(Employee, Assessment.employee_id == Employee.id))
        for target, condition in joins:
            statement = statement.outerjoin(target, condition)
        statement = statement.where(Assessment.period_id == sa.bindparam("period_id"),
                                    rated(), Assessment.predikat.is_not(None))
        if by_agency:
            statement = statement.where(Assessment.agency_id == sa.bindparam("agency_id"))
        # Grouped by the output columns' names: PostgreSQL would not match an expression with
        # bound parameters (the sex digit's substr) in the select list to its GROUP BY twin.
        return statement.group_by(sa.literal_column("group_key"),
                                  sa.literal_column("group_label"), Assessment.predikat)

    sex = sa.func.substr(Employee.nip, SEX_INDEX + 1, 1)
    branches = {
        AGENCY: lambda: branch(AGENCY, Agency.id, Agency.name,
                               (Agency, Assessment.agency_id == Agency.id)),
        ASSESSOR: lambda: branch(ASSESSOR, assessor.id, assessor.name,
                                 (assessor, Assessment.assessor_id == assessor.id)),
        UNIT: lambda: branch(UNIT, Unit.id, Unit.name,
                             (Position, Employee.position_id == Position.id),
                             (Unit, Position.unit_id == Unit.id)),
        GOLONGAN: lambda: branch(GOLONGAN, Employee.golongan, Employee.golongan),
        JENIS: lambda: branch(JENIS, Employee.jenis_jabatan, Employee.jenis_jabatan),
        SEX: lambda: branch(SEX, sex, sex),
    }
    return sa.union_all(*(branches[name]() for name in dimensions))


# --- the report ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """One shown group: its predikat counts against the rest of the scope, and the verdict."""

    dimension: str
    key: str | None           # the assessor's or unit's id, the golongan, 'male'/'female'...
    label: str | None         # the name shown (None: not known, e.g. no assessor recorded)
    counts: dict[str, int]
    comparison: rules.Comparison
    top_flagged: bool = False
    bottom_flagged: bool = False

    @property
    def n(self) -> int:
        return self.comparison.n

    @property
    def leaning(self) -> str | None:
        return rules.leaning(self.comparison, self.top_flagged, self.bottom_flagged)

    def percent(self, predikat: str) -> float:
        return 100 * self.counts.get(predikat, 0) / self.n if self.n else 0.0


@dataclass(frozen=True)
class Dimension:
    """The shown groups of one dimension, and how many groups (and people) are hidden."""

    name: str
    groups: list[Group]
    hidden_groups: int = 0


@dataclass(frozen=True)
class Report:
    """The fairness monitor of one agency (or the province) in one period."""

    period_id: int
    agency_id: int | None
    totals: dict[str, int]
    dimensions: list[Dimension] = field(default_factory=list)
    tests: int = 0              # how many p-values Holm's correction covered

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def flagged(self) -> list[Group]:
        return [g for d in self.dimensions for g in d.groups if g.leaning]

    def share(self, categories) -> float:
        """The percentage of the scope rated in one of categories (e.g. rules.BOTTOM)."""
        return 100 * sum(self.totals.get(p, 0) for p in categories) / self.total \
            if self.total else 0.0


def report(period_id: int, agency_id: int | None, minimum: int = rules.MIN_GROUP,
           alpha: float = rules.FAMILY_ALPHA) -> Report:
    """Count, hide the small groups, test the shown ones against the rest, correct (Holm).

    Args:
        period_id: the period whose rated assessments count.
        agency_id: the agency, or None for every agency of the province (then by agency too).
        minimum: the smallest group shown (rules.MIN_GROUP).
        alpha: the family-wise level of Holm's correction over every test of the report.
    """
    dimensions = AGENCY_DIMENSIONS if agency_id is not None else PROVINCE_DIMENSIONS
    groups: dict[str, dict[str | None, Counter]] = {name: defaultdict(Counter)
                                                    for name in dimensions}
    labels: dict[tuple[str, str | None], str | None] = {}
    rows = core_rows(_counts_statement(agency_id is not None, dimensions),
                     {"period_id": period_id, "agency_id": agency_id})
    # Unpacked: a Row's attribute is found only after the ordinary look-up fails (~0.8 µs each).
    for dimension, key, label, predikat, n in rows:
        if dimension == SEX:  # the NIP's digit: 'male', 'female', or None for neither
            key = label = SEXES.get(key)
        groups[dimension][key][predikat] += n
        labels[dimension, key] = label
    totals: Counter = Counter()
    for counts in groups[dimensions[0]].values():
        totals.update(counts)

    shown: list[tuple[str, list[tuple[str | None, Counter, rules.Comparison]], int]] = []
    p_values: list[float] = []
    for name in dimensions:
        sizes = {key: sum(counts.values()) for key, counts in groups[name].items()}
        visible = rules.suppress(sizes, minimum)
        entries = []
        for key in visible:
            comparison = rules.compare(groups[name][key], totals)
            entries.append((key, groups[name][key], comparison))
            p_values += [t.p for t in (comparison.top, comparison.bottom) if t is not None]
        shown.append((name, entries, len(sizes) - len(visible)))

    verdicts = iter(rules.holm(p_values, alpha))
    result = []
    for name, entries, hidden in shown:
        built = []
        for key, counts, comparison in entries:
            top = next(verdicts) if comparison.top is not None else False
            bottom = next(verdicts) if comparison.bottom is not None else False
            built.append(Group(name, key, labels[name, key],
                               {p: counts.get(p, 0) for p in PREDIKAT_ORDER},
                               comparison, top, bottom))
        # Flagged first, then the largest groups, then by name.
        built.sort(key=lambda g: (g.leaning is None, -g.n, g.label or ""))
        result.append(Dimension(name, built, hidden))
    return Report(period_id, agency_id, {p: totals.get(p, 0) for p in PREDIKAT_ORDER},
                  result, len(p_values))
