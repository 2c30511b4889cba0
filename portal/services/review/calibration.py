"""Calibration of an agency's ratings against the allowed spread (shared domain.md section 5).

Owns the organisation predikat set by the agency head, the editable spread rules, the spread of
a unit (an agency's unit and its descendant units), the set-based summaries the calibration list
shows, and finishing the calibration of a whole unit in one transaction.

Which assessments count in the spread: those rated and handed on by the supervisor, i.e. in
state reviewed, calibrated or approved (RATED_STATES). A supervisor's ratings that are saved but
not yet submitted (state self_assessed) are still a draft and do not count.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import NamedTuple

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.orm.exc import StaleDataError

from portal import signals
from portal.extensions import db
from portal.models import (
    Agency,
    Assessment,
    CalibrationRecord,
    DistributionRule,
    Employee,
    Evidence,
    Indicator,
    OrgPredikat,
    Period,
    Position,
    Realisation,
    Rhk,
    RoleGrant,
    Unit,
    User,
)
from portal.models.base import utcnow
from portal.rules.capaian import BANDS, band, capaian
from portal.rules.distribution import KINDS, ORG_PREDIKAT, SOME, Rule, Verdict, evaluate, rules_for
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.errors import Invalid, NotAllowed, NotNow, StaleVersion
from portal.services.parameters import each, joined, one_of, opaque_parameter, written
from portal.services.people.units import UnitOption, unit_tree
from portal.services.planning.periods import (
    opened_for,
    opened_for_one_of,
    period_columns,
    period_of,
    viewable,
)
from portal.services.review.assessments import audit, case_for
from workflows.assessment import Actor, Facts, may_edit_in, offers

RATED_STATES = ("reviewed", "calibrated", "approved")
PENDING_STATE = "reviewed"  # what finishing a unit's calibration moves on


# --- the organisation predikat -----------------------------------------------------------------

def org_predikat_for(agency_id: int, period_id: int) -> OrgPredikat | None:
    """The agency's predikat kinerja organisasi for the period, with who set it."""
    return db.session.scalar(
        sa.select(OrgPredikat)
        .where(OrgPredikat.agency_id == agency_id, OrgPredikat.period_id == period_id)
        .options(so.joinedload(OrgPredikat.set_by).lazyload(User.grants)))


def check_may_set_org_predikat(actor: Actor, agency_id: int) -> None:
    """Refuse anyone but the agency's head (the approver of that agency)."""
    if agency_id not in actor.approver_agencies:
        raise NotAllowed("not_approver")


def set_org_predikat(actor: Actor, agency_id: int, period_id: int, predikat: str,
                     basis: str) -> OrgPredikat:
    """Record (or change) the organisation predikat with its basis; who and when are kept.

    Raises:
        NotAllowed: actor is not the approver of the agency.
        Invalid: unknown predikat, or no basis written.
    """
    check_may_set_org_predikat(actor, agency_id)
    if predikat not in ORG_PREDIKAT:
        raise Invalid("unknown_org_predikat")
    basis = (basis or "").strip()
    if not basis:
        raise Invalid("org_predikat_basis_required")
    row = org_predikat_for(agency_id, period_id)
    if row is None:
        row = OrgPredikat(agency_id=agency_id, period_id=period_id)
        db.session.add(row)
    row.predikat, row.basis = predikat, basis
    row.set_by_id, row.at = actor.user_id, utcnow()
    db.session.commit()
    return row


# --- the spread rules as data --------------------------------------------------------------------

def load_rules() -> list[Rule]:
    """Every stored spread rule as a portal.rules.distribution.Rule, in the order entered."""
    return [as_rule(row) for row in db.session.scalars(
        sa.select(DistributionRule).order_by(DistributionRule.id))]


def as_rule(row: DistributionRule) -> Rule:
    return Rule(row.org_predikat, row.kind, tuple(p for p in row.predikat.split(",") if p),
                Decimal(row.percent or 0))


def rule_rows() -> list[DistributionRule]:
    """The stored rules for the admin editor, grouped by organisation predikat (best first)."""
    order = sa.case({p: n for n, p in enumerate(ORG_PREDIKAT)}, value=DistributionRule.org_predikat,
                    else_=len(ORG_PREDIKAT))
    return list(db.session.scalars(
        sa.select(DistributionRule).order_by(order, DistributionRule.id)))


def save_rule(rule_id: int | None, *, org_predikat: str, kind: str, predikat: list[str],
              percent: Decimal | None) -> DistributionRule:
    """Add a rule (rule_id None) or change one; every part is checked against the known values.

    Raises:
        Invalid: unknown organisation predikat, kind or employee predikat, or percent not 0-100.
        NotNow: rule_id names no stored rule (it was deleted meanwhile).
    """
    if org_predikat not in ORG_PREDIKAT:
        raise Invalid("unknown_org_predikat")
    if kind not in KINDS:
        raise Invalid("unknown_distribution_kind")
    chosen = [p for p in PREDIKAT_ORDER if p in set(predikat or ())]
    if not chosen or len(chosen) != len(set(predikat)):
        raise Invalid("distribution_predikat_required")
    if kind == SOME:
        percent = Decimal(0)  # "at least one" has no percentage
    if percent is None or not Decimal(0) <= percent <= Decimal(100):
        raise Invalid("percent_out_of_range")
    if rule_id is None:
        row = DistributionRule()
        db.session.add(row)
    else:
        row = db.session.get(DistributionRule, rule_id)
        if row is None:
            raise NotNow("unknown_rule")
    row.org_predikat, row.kind, row.predikat = org_predikat, kind, ",".join(chosen)
    row.percent = percent.quantize(Decimal("0.01"))
    db.session.commit()
    return row


def delete_rule(rule_id: int) -> None:
    """Delete a stored rule. Raises NotNow when it no longer exists."""
    row = db.session.get(DistributionRule, rule_id)
    if row is None:
        raise NotNow("unknown_rule")
    db.session.delete(row)
    db.session.commit()


# --- units and scope -----------------------------------------------------------------------------

def descendants(unit_id: int, tree: list[UnitOption]) -> frozenset[int]:
    """unit_id and every unit below it, from a depth-first tree of unit_tree()."""
    ids: set[int] = set()
    inside, depth = False, 0
    for option in tree:
        if option.id == unit_id:
            inside, depth = True, option.depth
            ids.add(option.id)
        elif inside and option.depth > depth:
            ids.add(option.id)
        elif inside:
            break
    return frozenset(ids)


@dataclass(frozen=True)
class Scope:
    """What a calibration looks at: one agency in one period, the whole of it or a unit subtree."""

    agency_id: int
    period_id: int
    unit_id: int | None = None
    unit_ids: frozenset[int] | None = None  # the unit and its descendants; None = whole agency

    def where(self, statement: sa.Select) -> sa.Select:
        """statement (over Assessment) restricted to this scope, its values bound."""
        return _scoped(statement, self.unit_ids is not None).params(self.params)

    @property
    def params(self) -> dict:
        """The values of the statements built by _scoped() for this scope."""
        params = {"agency_id": self.agency_id, "period_id": self.period_id}
        if self.unit_ids is not None:
            params["unit_ids"] = sorted(self.unit_ids)
        return params


def _scoped(statement: sa.Select, by_unit: bool) -> sa.Select:
    """statement (over Assessment) restricted to a scope whose values come as parameters
    (Scope.params, each read as opaque_parameter), so that it can be built once per process;
    by_unit: to a unit subtree."""
    statement = statement.where(Assessment.agency_id == opaque_parameter("agency_id"),
                                Assessment.period_id == opaque_parameter("period_id"))
    if by_unit:
        statement = statement.where(Assessment.employee_id.in_(
            sa.select(Employee.id).join(Position, Employee.position_id == Position.id)
            .where(Position.unit_id.in_(sa.bindparam("unit_ids", expanding=True)))))
    return statement


def core_rows(statement: sa.Select, params: dict) -> list[sa.Row]:
    """The rows of a Core statement built once per process (this module's and the fairness
    monitor's), run on the session's connection (its transaction): the ORM's execution steps
    cost about as much again as the statement's own for these small reads, and no ORM entity is
    loaded. Its compiled form is found in _COMPILED (_CompiledOnce), not in the engine's cache."""
    return db.session.connection().execute(statement, params, execution_options=_COMPILED).all()


class _CompiledOnce:
    """A compiled cache (SQLAlchemy's `compiled_cache` execution option) for statements built
    once per process, which finds a statement's compiled form by the identity of its cache key.

    SQLAlchemy memoizes a statement's cache key on the statement, but looks its compiled form
    up in the engine's cache under a new tuple that holds the whole key on every execution:
    hashing it walks the key's nested tuples (3,200-3,500 of them for the page's two UNION ALL
    statements, about 17 µs each warm and more when the worker's caches are cold), about 3 % of
    the calibration page's worker time under gunicorn (py-spy: `LRUCache.get`'s own time).
    Here the key (SQLAlchemy's: dialect, the statement's cache key, the parameters' names and
    two flags) is looked up with the identity of the statement's cache key in its place, and
    each entry keeps that key alive, so no other key can take its identity while the entry
    lasts. Bounded (cleared when full), as the statements of an LRU of builders may be rebuilt.
    """

    def __init__(self, size: int = 512) -> None:
        self._size, self._found = size, {}

    @staticmethod
    def _key(key: tuple) -> tuple:
        dialect, statement_key, *rest = key
        return (dialect, id(statement_key), *rest)

    def get(self, key: tuple, default=None):
        found = self._found.get(self._key(key))
        return default if found is None else found[1]

    def __setitem__(self, key: tuple, compiled) -> None:
        if len(self._found) >= self._size:
            self._found.clear()
        self._found[self._key(key)] = (key[1], compiled)


_COMPILED = {"compiled_cache": _CompiledOnce()}


def scope_for(agency_id: int, period_id: int, unit_id: int | None,
              tree: list[UnitOption] | None = None) -> Scope:
    """The scope of unit_id (with its descendants) in the agency; None means the whole agency."""
    if unit_id is None:
        return Scope(agency_id, period_id)
    tree = unit_tree(agency_id) if tree is None else tree
    ids = descendants(unit_id, tree)
    if not ids:
        raise NotNow("unknown_unit")
    return Scope(agency_id, period_id, unit_id, ids)


class AgencyChoice(NamedTuple):
    """An agency the calibration page may show, with its assessments waiting for calibration."""

    id: int
    code: str
    name: str
    waiting: int


def agency_choices(agency_ids: list[int], period_id: int | None) -> list[AgencyChoice]:
    """The agencies of agency_ids by name, each with how many assessments wait for calibration
    in the period (state reviewed; counted only when there is a choice to make: more than one
    agency and a period). One query."""
    counted = period_id is not None and len(agency_ids) > 1
    rows = core_rows(_agency_statement(counted, len(agency_ids)),
                     each("agency", agency_ids) | {"period_id": period_id})
    return [AgencyChoice(*row) for row in rows]


@lru_cache(maxsize=64)
def _agency_statement(counted: bool, count: int) -> sa.Select:
    waiting = (sa.select(sa.func.count()).select_from(Assessment)
               .where(Assessment.period_id == sa.bindparam("period_id"),
                      Assessment.agency_id == Agency.id, Assessment.state == PENDING_STATE)
               .correlate(Agency).scalar_subquery() if counted else sa.literal(0))
    return (sa.select(Agency.id, Agency.code, Agency.name, waiting.label("waiting"))
            .where(one_of(Agency.id, "agency", count))
            .order_by(Agency.name))


# --- the spread of a unit ------------------------------------------------------------------------

@dataclass(frozen=True)
class Spread:
    """A unit's employee predikat against the rules of the organisation's predikat."""

    counts: dict[str, int]          # predikat -> rated assessments
    states: dict[str, int]          # state -> assessments of the scope
    org_predikat: OrgPredikat | ShownOrgPredikat | None  # anything with its .predikat
    verdicts: list[Verdict] = field(default_factory=list)
    pending: int = 0                # reviewed assessments (what finishing moves on)
    fingerprint: str = ""           # stands for them as seen (ids and versions), for finish_unit

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def not_rated(self) -> int:
        """Assessments of the scope the supervisor has not rated and handed on yet."""
        return sum(n for state, n in self.states.items() if state not in RATED_STATES)

    @property
    def broken(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.met]

    def percent(self, predikat: str) -> Decimal | None:
        return _share(self.counts.get(predikat, 0), self.total)

    @property
    def table(self) -> list[tuple[str, int, Decimal | None]]:
        """Each employee predikat, best first, with its count and its percent (None: no one
        rated yet), as the spread's table shows them."""
        total = self.total
        return [(p, self.counts.get(p, 0), _share(self.counts.get(p, 0), total))
                for p in PREDIKAT_ORDER]


def _share(count: int, total: int) -> Decimal | None:
    """count of total in percent, to one decimal (half up); None when total is 0."""
    if not total:
        return None
    share = Decimal(count * 100) / total
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def fingerprint(pairs) -> str:
    """Stands for a set of (id, version) pairs: their count and sums of ids, versions and of
    id x version, hashed. The same figures come out of SQL (unit_spread), so the page need not
    fetch the ids of a 5,000-employee unit to let finish_unit see whether they changed: a
    version only grows, and a row entering or leaving the set changes the count or the sums."""
    pairs = list(pairs)
    return _fingerprint_of(len(pairs), sum(i for i, _ in pairs), sum(v for _, v in pairs),
                           sum(i * v for i, v in pairs))


def _fingerprint_of(count: int, ids: int, versions: int, products: int) -> str:
    text = f"{count}:{ids}:{versions}:{products}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_UNSET = object()


def unit_spread(scope: Scope, rules: list[Rule] | None = None, org=_UNSET) -> Spread:
    """Count the scope's predikat (of RATED_STATES) and judge them against the org's rules.

    Fixed queries whatever the unit's size, the counting done in SQL: the assessments grouped
    by state and predikat (with the figures of the reviewed ones' fingerprint), the
    organisation predikat (unless given as org, None for none; anything with its .predikat)
    and the rules (unless given).
    """
    return _spread_of(core_rows(_spread_statement(scope.unit_ids is not None), scope.params),
                      scope, rules, org)


def _spread_of(rows, scope: Scope, rules: list[Rule] | None, org) -> Spread:
    """The Spread of the scope from _spread_statement's rows (state, predikat, n and the
    fingerprint's three sums, in that order)."""
    counts: Counter = Counter()
    states: Counter = Counter()
    figures = [0, 0, 0, 0]
    for state, predikat, n, ids, versions, products in rows:
        states[state] += n
        if state in RATED_STATES and predikat:
            counts[predikat] += n
        if state == PENDING_STATE:
            for at, value in enumerate((n, ids, versions, products)):
                figures[at] += int(value or 0)
    if org is _UNSET:
        org = org_predikat_for(scope.agency_id, scope.period_id)
    verdicts = []
    if org is not None:
        rules = load_rules() if rules is None else rules
        verdicts = evaluate(rules_for(org.predikat, rules), dict(counts))
    return Spread(dict(counts), dict(states), org, verdicts, figures[0],
                  _fingerprint_of(*figures))


@cache
def _spread_statement(by_unit: bool) -> sa.Select:
    # Grouped by state, the sums of the reviewed groups are the fingerprint's figures (the
    # others' are not read).
    return _scoped(
        sa.select(Assessment.state, Assessment.predikat, sa.func.count().label("n"),
                  sa.func.sum(Assessment.id).label("ids"),
                  sa.func.sum(Assessment.version).label("versions"),
                  sa.func.sum(Assessment.id * Assessment.version).label("products")),
        by_unit).group_by(Assessment.state, Assessment.predikat)


@dataclass(frozen=True)
class ShownOrgPredikat:
    """The organisation predikat as the calibration page shows it: who set it, by name."""

    predikat: str
    basis: str
    at: dt.datetime
    set_by_name: str


class LastRecord(NamedTuple):
    """The scope's latest finished calibration as the page shows it (_last_record_statement)."""

    at: dt.datetime
    assessments: int
    justification: str
    finished_by_name: str


# --- the calibration list ------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """Narrowing of the list (not of the spread, which always covers the whole unit)."""

    golongan: str | None = None
    jenis_jabatan: str | None = None
    assessor_id: int | None = None  # only this assessor's ratings (the fairness monitor links so)

    @property
    def given(self) -> tuple[bool, bool, bool]:
        """Which of golongan, jenis jabatan and assessor narrow the list."""
        return bool(self.golongan), bool(self.jenis_jabatan), bool(self.assessor_id)

    @property
    def params(self) -> dict:
        """The values of the filters given, as _listing_statement's parameters."""
        return {"golongan": self.golongan, "jenis": self.jenis_jabatan,
                "assessor_id": self.assessor_id}


def assessor_name(scope: Scope, employee_id: int) -> str | None:
    """The name of the assessor the list is narrowed to, if they assess someone in the scope's
    agency and period (None otherwise: the filter names no one else)."""
    assesses = sa.exists().where(Assessment.assessor_id == employee_id,
                                 Assessment.agency_id == scope.agency_id,
                                 Assessment.period_id == scope.period_id)
    return db.session.scalar(sa.select(Employee.name).where(Employee.id == employee_id, assesses))


class ListedAssessment(NamedTuple):
    """A row of the calibration list: what the list shows of an assessment, its employee and
    unit, what the workflow's who-guard reads (may_calibrate), and its bukti dukung count."""

    id: int
    state: str
    version: int
    period_id: int
    agency_id: int
    employee_id: int
    assessor_id: int | None
    rating_hasil_kerja: str | None
    rating_perilaku: str | None
    original_rating_hasil_kerja: str | None
    original_rating_perilaku: str | None
    predikat: str | None
    rating_hasil_kerja_note: str | None
    rating_perilaku_note: str | None
    name: str
    nip: str
    golongan: str | None
    jenis_jabatan: str | None
    position_id: int | None
    unit_name: str | None
    evidence: int


def listed(assessment_ids: list[int]) -> list[ListedAssessment]:
    """The list's rows of these assessments (a row answered alone), by unit and name."""
    return [ListedAssessment(*row)
            for row in core_rows(_listed_statement(), {"ids": assessment_ids})]


def listing_statement(scope: Scope, filters: Filters = Filters()) -> sa.Select:
    """Every row of the scope's list (without the bukti dukung count), by unit and name, its
    values bound: the .xlsx export streams it."""
    return (_listing_statement(scope.unit_ids is not None, *filters.given)
            .params(scope.params | filters.params))


_LISTED_COLUMNS = (
    Assessment.id, Assessment.state, Assessment.version, Assessment.period_id,
    Assessment.agency_id, Assessment.employee_id, Assessment.assessor_id,
    Assessment.rating_hasil_kerja, Assessment.rating_perilaku,
    Assessment.original_rating_hasil_kerja, Assessment.original_rating_perilaku,
    Assessment.predikat, Assessment.rating_hasil_kerja_note, Assessment.rating_perilaku_note,
    Employee.name, Employee.nip, Employee.golongan, Employee.jenis_jabatan,
    Employee.position_id, Unit.name.label("unit_name"))


def _listed_from(statement: sa.Select) -> sa.Select:
    return (statement.select_from(Assessment).join(Employee, Assessment.employee_id == Employee.id)
            .outerjoin(Position, Employee.position_id == Position.id)
            .outerjoin(Unit, Position.unit_id == Unit.id))


@cache
def _listing_statement(by_unit: bool, golongan: bool, jenis: bool, assessor: bool) -> sa.Select:
    """The scope's rated assessments narrowed by the filters given, by unit and name."""
    statement = _scoped(_listed_from(sa.select(*_LISTED_COLUMNS))
                        .where(rated()), by_unit)
    if golongan:
        statement = statement.where(Employee.golongan == sa.bindparam("golongan"))
    if jenis:
        statement = statement.where(Employee.jenis_jabatan == sa.bindparam("jenis"))
    if assessor:
        statement = statement.where(Assessment.assessor_id == sa.bindparam("assessor_id"))
    return statement.order_by(Unit.name, Employee.name, Assessment.id)


def rated() -> sa.ColumnElement[bool]:
    """Assessment.state in RATED_STATES (this module's statements and the fairness monitor's),
    the states written in the SQL: not an expanding list, whose SQL SQLAlchemy rewrites on every
    execution, nor parameters, whose values PostgreSQL knows only when it plans a statement for
    them. Prepared (psycopg prepares a statement run five times on a connection), a statement is
    planned once for any values (a generic plan) only when that plan is estimated no dearer than
    the plans made for the values seen: the states as parameters were estimated as an average
    state (3/7 of an agency's assessments, against the third they are on the deadline day), so
    the page's statements were planned again on every execution (the page's facts 2.9 ms of
    PostgreSQL CPU, of which 1.4 planning, on the 100,000-employee province)."""
    return Assessment.state.in_([written(state) for state in RATED_STATES])


def _evidence_of(assessment_id) -> sa.ScalarSelect:
    """How many bukti dukung an assessment has, over all its realisations."""
    return (sa.select(sa.func.count(Evidence.id)).select_from(Rhk)
            .join(Indicator, Indicator.rhk_id == Rhk.id)
            .join(Realisation, Realisation.indicator_id == Indicator.id)
            .join(Evidence, Evidence.realisation_id == Realisation.id)
            .where(Rhk.assessment_id == assessment_id).scalar_subquery())


@cache
def _listed_statement() -> sa.Select:
    return (_listed_from(sa.select(*_LISTED_COLUMNS, _evidence_of(Assessment.id)))
            .where(Assessment.id.in_(sa.bindparam("ids", expanding=True)))
            .order_by(Unit.name, Employee.name, Assessment.id))


@cache
def _filter_statement(by_unit: bool) -> sa.Select:
    return _scoped(
        sa.select(Employee.golongan, Employee.jenis_jabatan).distinct()
        .select_from(Assessment).join(Employee, Assessment.employee_id == Employee.id)
        .where(rated()), by_unit)


# --- the page in one statement -------------------------------------------------------------------

class ListPage(NamedTuple):
    """A page of the calibration list asked for: its filters, its number (from 1) and size."""

    filters: Filters
    number: int
    size: int


class PageFacts(NamedTuple):
    """What the calibration page shows of a scope (page_facts)."""

    spread: Spread
    org: ShownOrgPredikat | None  # the agency's organisation predikat in the period (None: unset)
    rules: list[Rule]             # the spread rules of org's predikat, in the order entered
    last_record: LastRecord | None  # the scope's latest finished calibration
    heads: list[str]              # approver_names() (empty unless asked for)
    agencies: list[AgencyChoice] | None  # agency_choices() of the agencies asked for (or None)
    # The viewable periods opened for one of the agencies asked for (or None), newest first.
    periods: list[Period] | None
    # With a page of the list asked for (else empty): the list's filter options, the page's
    # rows, whether a next page exists, and the capaian_summaries() of the page's rows.
    golongan: list[str]
    jenis_jabatan: list[str]
    rows: list[ListedAssessment]
    has_more: bool
    capaian: dict[int, CapaianSummary]


def page_facts(scope: Scope, heads: bool = False, agencies: list[int] | None = None,
               listed: ListPage | None = None, periods: list[int] | None = None) -> PageFacts:
    """unit_spread() of the scope judged against the organisation predikat's rules, the
    organisation predikat with who set it and those rules, the scope's latest finished
    calibration, when heads approver_names(), when agencies (ids) agency_choices() of them in
    the scope's period, when periods (agency ids) the viewable periods opened for one of them
    (for the page to check that the scope's is one: planning.periods.presumed_period), and when
    listed the golongan and jenis jabatan found among the scope's rated assessments (the
    list's filter options) and that page of its list (its rows by unit and name with their
    bukti dukung counted and their capaian's figures): one statement (_page_statement), a
    UNION ALL of their queries, each row tagged with its part.

    Each part is small and of the same agency and period, and a statement of its own cost about
    85 Python calls and, on PostgreSQL, a round trip: a switch to the server's process on the
    app server's cores, after which the interpreter resumes on cold caches (about 0.3 ms of the
    two cores a view, app server and PostgreSQL together: bench/README.md)."""
    params = scope.params | {"unit_id": scope.unit_id}
    if agencies is not None:
        params |= each("agency", agencies)
    if listed is not None:
        params |= listed.filters.params | {"offset": (listed.number - 1) * listed.size}
    if periods is not None:
        params |= opened_for(periods)[1]
    shape = (*listed.filters.given, listed.size) if listed is not None else None
    # Read by position (the parts' places: _PLACES): a Row's attribute is found only after the
    # ordinary look-up fails (about 0.8 µs, against 0.1 by index).
    by_part = defaultdict(list)
    for row in core_rows(_page_statement(scope.unit_ids is not None, heads,
                                         len(agencies or ()), shape, len(periods or ())),
                         params):
        by_part[row[0]].append(row)
    org, rules = None, []
    if by_part["org"]:
        predikat, basis, at, set_by = _ORG_OF(by_part["org"][0])
        org = ShownOrgPredikat(predikat, basis, at, set_by)
        rules = [Rule(org_predikat, kind, tuple(p for p in chosen.split(",") if p),
                      Decimal(percent or 0))
                 for org_predikat, kind, chosen, percent in map(_RULE_OF, by_part["org"])
                 if kind is not None]
    record = next((LastRecord(*_RECORD_OF(row)) for row in by_part["record"]), None)
    found = by_part["option"]
    size = listed.size if listed is not None else 0
    rows = by_part["row"][:size]
    return PageFacts(
        _spread_of(map(_SPREAD_OF, by_part["spread"]), scope, rules, org), org, rules, record,
        sorted(_HEAD_OF(row) for row in by_part["head"]),
        None if agencies is None else [AgencyChoice(*_AGENCY_OF(row))
                                       for row in by_part["agency"]],
        None if periods is None else sorted(
            (period_of(*_PERIOD_OF(row)) for row in by_part["period"]),
            key=operator.attrgetter("year"), reverse=True),
        sorted({_GOLONGAN_OF(row) for row in found}), sorted({_JENIS_OF(row) for row in found}),
        [ListedAssessment(*row[1:_LISTED_END]) for row in rows], len(by_part["row"]) > size,
        _summaries_of(map(_CAPAIAN_OF, rows)))


# _page_statement's columns: a listed row's (ListedAssessment's, from position 1 to
# _LISTED_END, then its capaian's figures: _capaian_column), a percent and a date. The page is
# sorted on the listed row's own unit_name and name (the page's sort keys, the same joins).
# Each column is read for every row of the UNION, the other parts' too (SQLite's module about
# 600 instructions a cell, a NULL's too; PostgreSQL sends 4 bytes for a NULL), so the facts'
# parts put their values in these columns, one of the same type (_PLACES), rather than in
# columns of their own.
_PAGE_COLUMNS = {
    **{column.name: column for column in _LISTED_COLUMNS}, "evidence": sa.Integer(),
    "capaian": sa.String(), "percent": DistributionRule.percent, "at": OrgPredikat.at,
}
_LISTED_END = 1 + len(ListedAssessment._fields)

# Where each of the facts' parts puts its values (value -> _PAGE_COLUMNS' column); the list's
# rows fill the columns of their own names. The spread's figures are sums (bigint on
# PostgreSQL, beside the integers of the other parts); the organisation predikat
# comes once with each of its rules, its rule ids order them (`id`, as the agencies' ids
# order those of the same name: the statement is ordered by part, unit_name, name and id).
_PLACES = {
    "spread": {"state": "state", "predikat": "predikat", "n": "evidence", "ids": "id",
               "versions": "version", "products": "employee_id"},
    "org": {"predikat": "predikat", "basis": "rating_hasil_kerja_note", "at": "at",
            "set_by": "name", "kind": "state", "rule_predikat": "rating_perilaku_note",
            "percent": "percent", "rule_id": "id"},
    "record": {"at": "at", "assessments": "evidence",
               "justification": "rating_hasil_kerja_note", "finished_by": "name"},
    "head": {"name": "name"},
    "option": {"golongan": "golongan", "jenis_jabatan": "jenis_jabatan"},
    "agency": {"id": "id", "code": "nip", "name": "name", "waiting": "evidence"},
    "period": {"id": "id", "year": "evidence", "status": "state", "details": "capaian"},
}
_AT = {name: at for at, name in enumerate(("part", *_PAGE_COLUMNS))}


def _values_of(part: str, *names: str) -> operator.itemgetter:
    """Reads the values of part's row named (a single name: the value itself)."""
    places = _PLACES.get(part, {})
    return operator.itemgetter(*(_AT[places.get(name, name)] for name in names))


# The values page_facts() reads of each part, in the order its readers take them
# (_spread_of's, ShownOrgPredikat's, LastRecord's, AgencyChoice's, _summaries_of's).
_SPREAD_OF = _values_of("spread", "state", "predikat", "n", "ids", "versions", "products")
_ORG_OF = _values_of("org", "predikat", "basis", "at", "set_by")
_RULE_OF = _values_of("org", "predikat", "kind", "rule_predikat", "percent")
_RECORD_OF = _values_of("record", "at", "assessments", "justification", "finished_by")
_HEAD_OF = _values_of("head", "name")
_AGENCY_OF = _values_of("agency", "id", "code", "name", "waiting")
_GOLONGAN_OF = _values_of("option", "golongan")
_JENIS_OF = _values_of("option", "jenis_jabatan")
_CAPAIAN_OF = _values_of("row", "id", "capaian")
_PERIOD_OF = _values_of("period", "id", "year", "status", "details")


def _part(part: str, **values) -> list:
    """The columns of one part of _page_statement: the part's name (a fixed word, written in
    the SQL), then each of _PAGE_COLUMNS as values give it (by the name of its value: _PLACES)
    or NULL of its type."""
    places = _PLACES.get(part, {})
    given = {places.get(name, name): value for name, value in values.items()}

    def nothing(kind):
        return sa.cast(sa.null(), kind if isinstance(kind, sa.types.TypeEngine) else kind.type)

    return [sa.literal_column(f"'{part}'", sa.String).label("part"),
            *(given[name].label(name) if name in given else nothing(kind).label(name)
              for name, kind in _PAGE_COLUMNS.items())]


@lru_cache(maxsize=256)
def _page_statement(by_unit: bool, heads: bool, agencies: int,
                    listed: tuple[bool, bool, bool, int] | None, periods: int
                    ) -> sa.CompoundSelect:
    """page_facts()'s statement: _spread_statement's rows, the organisation predikat joined to
    each of its rules (one row without a rule when it has none), _last_record_statement's row,
    when heads _approver_statement's rows, when agencies (their number) _agency_statement's,
    when listed (Filters.given and the page's size) _filter_statement's rows and the page of
    the list (_listed_part), and when periods (a number of agencies) the periods opened for
    one of them (planning.periods.period_columns)."""
    spread = _spread_statement(by_unit)
    org = (sa.select(*_part(
                "org", predikat=OrgPredikat.predikat, basis=OrgPredikat.basis, at=OrgPredikat.at,
                set_by=User.display_name, kind=DistributionRule.kind,
                rule_predikat=DistributionRule.predikat, percent=DistributionRule.percent,
                rule_id=DistributionRule.id))
           .select_from(OrgPredikat).join(User, User.id == OrgPredikat.set_by_id)
           .outerjoin(DistributionRule, DistributionRule.org_predikat == OrgPredikat.predikat)
           .where(OrgPredikat.agency_id == sa.bindparam("agency_id"),
                  OrgPredikat.period_id == sa.bindparam("period_id")))
    record = _last_record_statement(not by_unit).subquery("record")
    parts = [
        spread.with_only_columns(*_part("spread", **{
            name: spread.selected_columns[name]
            for name in ("state", "predikat", "n", "ids", "versions", "products")}),
            maintain_column_froms=True),
        org,
        sa.select(*_part("record", at=record.c.at, assessments=record.c.assessments,
                         justification=record.c.justification,
                         finished_by=record.c.finished_by_name)),
    ]
    if heads:
        parts.append(_approver_statement().with_only_columns(
            *_part("head", name=sa.func.coalesce(Employee.name, User.display_name)),
            maintain_column_froms=True))
    if agencies:
        choices = _agency_statement(agencies > 1, agencies)
        parts.append(choices.with_only_columns(*_part(
            "agency", id=Agency.id, code=Agency.code, name=Agency.name,
            waiting=choices.selected_columns.waiting), maintain_column_froms=True).order_by(None))
    if listed is not None:
        parts.append(_filter_statement(by_unit).with_only_columns(
            *_part("option", golongan=Employee.golongan, jenis_jabatan=Employee.jenis_jabatan),
            maintain_column_froms=True))
        parts.append(_listed_part(by_unit, *listed))
    if periods:
        parts.append(sa.select(*_part("period", **period_columns()))
                     .where(viewable(), opened_for_one_of(periods)))
    union = sa.union_all(*parts)
    columns = union.selected_columns
    return union.order_by(columns.part, columns.unit_name, columns.name, columns.id)


def _listed_part(by_unit: bool, golongan: bool, jenis: bool, assessor: bool, size: int
                 ) -> sa.Select:
    """A page (size rows and one more) of _listing_statement's rows ("row") with their bukti
    dukung counted and their capaian's figures (_capaian_column). The page is cut on the sort
    keys alone (the assessment, its unit's and employee's names: the covering index
    ix_assessments_calibration and the employees', posts' and units' keys), and only its rows'
    columns are read after and their bukti dukung counted, not the whole unit's: sorting 5,000
    rows with their notes cost PostgreSQL 11 ms at page 250 and 6 ms at page 1, the keys alone
    7 and 4.5 ms (SQLite: 7 and 2 ms, against 5 and 2.7 ms).

    The LIMIT is written in the SQL (one statement per page size: the page has one), the OFFSET
    a parameter read as opaque_parameter (the first page's otherwise looked cheaper):
    PostgreSQL plans a prepared statement once for any values (see rated()) only when that plan
    is estimated no dearer than those made for the values seen, and a LIMIT parameter is
    estimated as 10 % of the rows (86 page rows, their bukti dukung counted, for 11): the
    statement was planned again on every execution, 2.6 of its 5.5 ms of PostgreSQL
    CPU on the 100,000-employee province (2.9 ms planned once)."""
    keys = _listing_statement(by_unit, golongan, jenis, assessor).with_only_columns(
        Assessment.id, Unit.name.label("unit_name"), Employee.name.label("name"),
        maintain_column_froms=True)
    page = (keys.limit(sa.literal_column(str(size + 1), sa.Integer))
            .offset(opaque_parameter("offset")).subquery("page"))
    return (_listed_from(sa.select(*_part(
                "row", **{column.name: column for column in _LISTED_COLUMNS},
                evidence=_evidence_of(Assessment.id), capaian=_capaian_column(Assessment.id))))
            .join(page, page.c.id == Assessment.id))


def _capaian_column(assessment_id) -> sa.ColumnElement[str]:
    """The figures capaian() computes from (_capaian_from's) of an assessment's indicators as
    one column of its row: each indicator's target, upper bound ("" for none), 1 or 0 for
    lower is better, and realisation, separated by spaces, the indicators by commas
    (parameters.joined); NULL for none (_summaries_of reads them). As rows of their own (five columns a row in a UNION of
    25) they were half the page's statement: 28 rows of 27 columns on the demo's Dinas
    Dukcapil, 4.6 of its 10 KB from PostgreSQL being the NULLs' lengths, so that the answer
    came in two reads."""
    def text(column):
        return sa.cast(column, sa.String)

    figures = (text(Indicator.target_value) + " "
               + sa.func.coalesce(text(Indicator.target_max), "") + " "
               + sa.case((Indicator.lower_is_better, "1"), else_="0") + " "
               + text(Realisation.value))
    return (_capaian_from(sa.select(joined(figures)))
            .where(Rhk.assessment_id == assessment_id).scalar_subquery())


@dataclass(frozen=True)
class CapaianSummary:
    """The annual capaian of an assessment's quantitative indicators."""

    average: Decimal | None
    indicators: int                      # indicators with a computable capaian
    bands: dict[str, int]                # capaian band -> indicators, best band first


def capaian_summaries(assessment_ids: list[int]) -> dict[int, CapaianSummary]:
    """Average annual capaian and indicators per band of each assessment (one query)."""
    if not assessment_ids:
        return {}
    return _summaries_of(core_rows(_capaian_statement(len(assessment_ids)),
                                   each("id", assessment_ids)))


def _summaries_of(rows) -> dict[int, CapaianSummary]:
    """capaian_summaries() from rows of an assessment's id and its _capaian_column (in that
    order: unpacked, not read by attribute, see page_facts)."""
    summaries = {}
    for assessment_id, figures in rows:
        percents = []
        for indicator in figures.split(",") if figures else ():
            target, top, lower, value = indicator.split(" ")
            percent = capaian(Decimal(target), Decimal(value),
                              target_max=Decimal(top) if top else None,
                              lower_is_better=lower == "1")
            if percent is not None:
                percents.append(percent)
        if not percents:
            continue
        average = (sum(percents) / len(percents)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        counted = {}  # counted here, not by a Counter: building one is about 6 calls a row
        for key in map(band, percents):
            counted[key] = counted[key] + 1 if key in counted else 1
        summaries[assessment_id] = CapaianSummary(
            average, len(percents), {key: counted[key] for _, key in BANDS if key in counted})
    return summaries


@lru_cache(maxsize=64)
def _capaian_statement(count: int) -> sa.Select:
    """The _capaian_column of count assessments (a row answered alone asks with one)."""
    return (sa.select(Assessment.id, _capaian_column(Assessment.id))
            .where(one_of(Assessment.id, "id", count)))


def _capaian_from(statement: sa.Select) -> sa.Select:
    """statement over the annual realisations of the indicators with a target and a value
    (what capaian() computes from), by RHK; the annual period (0) written in the SQL, not a
    parameter (see rated())."""
    return (statement.select_from(Rhk).join(Indicator, Indicator.rhk_id == Rhk.id)
            .join(Realisation, sa.and_(Realisation.indicator_id == Indicator.id,
                                       Realisation.period_no == sa.literal_column("0")))
            .where(Indicator.target_value.is_not(None), Realisation.value.is_not(None)))


def may_calibrate(assessment: Assessment, actor: Actor) -> bool:
    """Whether actor may change this listed assessment's ratings now (the workflow's EDITS rule).

    Only the who guard and the state matter for the calibration section, so the facts the
    readiness guards need are not gathered (the list has not loaded them).
    """
    facts = Facts(employee_id=assessment.employee_id, assessor_id=assessment.assessor_id,
                  agency_id=assessment.agency_id)
    return may_edit_in(assessment.state, facts, actor, "calibration")


# --- finishing a unit ----------------------------------------------------------------------------

def _pending_assessments(scope: Scope) -> list[Assessment]:
    """The scope's reviewed assessments with what the workflow guards read, in fixed queries."""
    return list(db.session.scalars(
        scope.where(sa.select(Assessment).where(Assessment.state == PENDING_STATE))
        .options(
            so.joinedload(Assessment.employee),
            so.joinedload(Assessment.assessor).joinedload(Employee.position)
            .joinedload(Position.unit),
            so.selectinload(Assessment.rhks).selectinload(Rhk.indicators)
            .selectinload(Indicator.realisations),
        )
        .order_by(Assessment.id)).unique())


def finish_unit(actor: Actor, scope: Scope, *, justification: str = "",
                seen: str | None = None) -> CalibrationRecord:
    """Calibrate every reviewed assessment of the unit (and its subunits) at once, or none.

    Every assessment is checked first with the workflow's own offers for actor; then all move
    to calibrated with one audit event each, and the CalibrationRecord is written, in a single
    commit. The signals go out just before it: their listeners write in the same transaction.

    Args:
        actor: the committee member finishing the calibration.
        scope: the agency, period and unit subtree.
        justification: the written reason, required when the spread breaks a rule.
        seen: the fingerprint of the reviewed assessments the actor saw (Spread.fingerprint);
            if they changed since, nothing is done.

    Raises:
        NotAllowed: actor is not on the agency's committee, or may not calibrate some of the
            assessments (their own or ones they assessed) - details["names"] names them.
        NotNow: nothing to calibrate.
        StaleVersion: the unit changed since the actor saw it.
        Invalid: the spread breaks a rule and no justification is written
            (details["count"] says how many rules).
    """
    if scope.agency_id not in actor.committee_agencies:
        raise NotAllowed("not_committee")
    assessments = _pending_assessments(scope)
    if not assessments:
        raise NotNow("nothing_to_calibrate")
    if seen is not None and seen != fingerprint((a.id, a.version) for a in assessments):
        raise StaleVersion("unit_changed")
    cases = {}
    refused = []
    for assessment in assessments:
        case = case_for(assessment)
        offer = next((o for o in offers(case, actor) if o.trigger == "calibrate"), None)
        if offer is None or not offer.enabled:
            refused.append(assessment.employee.name)
        cases[assessment.id] = case
    if refused:
        raise NotAllowed("not_calibratable", names=", ".join(refused))
    spread = unit_spread(scope)
    justification = (justification or "").strip()
    if spread.broken and not justification:
        raise Invalid("calibration_justification_required", count=len(spread.broken))

    for assessment in assessments:
        case = cases[assessment.id]
        case.trigger("calibrate", actor=actor)
        assessment.state = case.state
        assessment.updated_at = utcnow()
        audit(assessment, actor, "calibrate", PENDING_STATE, justification)
    record = CalibrationRecord(
        period_id=scope.period_id, agency_id=scope.agency_id, unit_id=scope.unit_id,
        org_predikat=spread.org_predikat.predikat if spread.org_predikat else None,
        rules_broken=len(spread.broken), justification=justification,
        assessments=len(assessments), finished_by_id=actor.user_id)
    db.session.add(record)
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleVersion("unit_changed") from None
    for assessment in assessments:  # their listeners write in this transaction
        signals.assessment_transitioned.send(assessment, actor=actor, trigger="calibrate",
                                             from_state=PENDING_STATE, reason=justification)
    db.session.commit()
    return record


def approver_names(agency_id: int) -> list[str]:
    """The names of the agency's heads (enabled approvers) as the portal shows people (the
    employee's name with titles), sorted; one query."""
    return sorted(name for name, in core_rows(_approver_statement(), {"agency_id": agency_id}))


@cache
def _approver_statement() -> sa.Select:
    return (sa.select(sa.func.coalesce(Employee.name, User.display_name))
            .select_from(User).join(RoleGrant, RoleGrant.user_id == User.id)
            .outerjoin(Employee, Employee.id == User.employee_id)
            .where(RoleGrant.role == "approver", RoleGrant.agency_id == sa.bindparam("agency_id"),
                   User.enabled))


@cache
def _last_record_statement(whole_agency: bool) -> sa.Select:
    """The latest finished calibration of exactly this unit (or the whole agency): when, by
    whom (finished_by_name), for how many assessments and with what justification."""
    unit = (CalibrationRecord.unit_id.is_(None) if whole_agency
            else CalibrationRecord.unit_id == sa.bindparam("unit_id"))
    return (sa.select(CalibrationRecord.at, CalibrationRecord.assessments,
                      CalibrationRecord.justification,
                      User.display_name.label("finished_by_name"))
            .join(User, User.id == CalibrationRecord.finished_by_id)
            .where(CalibrationRecord.agency_id == sa.bindparam("agency_id"),
                   CalibrationRecord.period_id == sa.bindparam("period_id"), unit)
            .order_by(CalibrationRecord.at.desc(), CalibrationRecord.id.desc()).limit(1))
