"""Objective indicators: realisations computed from service records and citizen surveys.

An indicator bound to a source of portal.rules.sources is never typed in: its realisation of
every evaluation period and of the year is computed here and refreshed when data arrives (the
signals below), when the indicator is bound, and by the `refresh-indicators` command.

Set-based whatever the number of indicators: per evaluation window one GROUP BY over the service
records (per officer and service) and the IKM queries of portal.services.feedback.ikm; each indicator's
value is then worked out in Python from those totals, and the realisations are written with one
multi-row INSERT, one multi-row UPDATE and one UPDATE of the refresh time.

Only assessments whose rating has not been sent yet are refreshed: once the supervisor has rated
the year, the evidence the rating rests on stays as it was shown.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask import current_app

from portal import signals
from portal.extensions import db
from portal.models import (
    Assessment, Indicator, Period, Realisation, Rhk, Service, ServiceRecord, SurveyResponse,
)
from portal.models.base import utcnow
from portal.rules import ikm
from portal.rules.sources import SOURCES
from portal.services import queue
from portal.services.clock import as_utc, local
from portal.services.execution.execution import (
    Capaian, capaian_of, evaluation_window, is_computed,
)
from portal.services.feedback.ikm import ikm_by, totals_by_service_and_officer
from workflows.assessment import STATES

# Assessments refreshed: from the draft (the employee sees what a source yields while binding)
# until the supervisor sends the annual rating.
LIVE_STATES = STATES[:STATES.index("reviewed")]
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


# --- per-source computations (pure) -----------------------------------------------------------

@dataclass(frozen=True)
class RecordTotals:
    """What one GROUP BY row says about an officer's records of a service in a window."""

    count: int = 0                # records
    minutes: int = 0              # sum of duration_minutes
    with_standard: int = 0        # records of services that have a standard time
    within_standard: int = 0      # of those, completed within the standard
    without_corrections: int = 0  # records that needed no data correction

    def __add__(self, other: RecordTotals) -> RecordTotals:
        return RecordTotals(*(a + b for a, b in zip(self.astuple(), other.astuple(),
                                                    strict=True)))

    def astuple(self) -> tuple[int, ...]:
        return (self.count, self.minutes, self.with_standard, self.within_standard,
                self.without_corrections)


@dataclass(frozen=True)
class Computed:
    """A computed realisation: the value (None without data) and the records or respondents."""

    value: Decimal | None
    count: int


NO_DATA = Computed(None, 0)


def _ratio(part: int, whole: int, scale: Decimal = HUNDRED) -> Decimal:
    return (Decimal(part) * scale / whole).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def from_records(source: str, totals: RecordTotals) -> Computed:
    """The realisation of a records_* source from the officer's record totals.

    records_avg_hours: mean duration in hours; records_within_standard: percent completed within
    the service's standard time (records of services without a standard count in neither part);
    records_accuracy: percent of records without data corrections.
    """
    if source == "records_within_standard":
        if not totals.with_standard:
            return NO_DATA
        return Computed(_ratio(totals.within_standard, totals.with_standard),
                        totals.with_standard)
    if not totals.count:
        return NO_DATA
    if source == "records_avg_hours":
        return Computed(_ratio(totals.minutes, totals.count * 60, Decimal(1)), totals.count)
    if source == "records_accuracy":
        return Computed(_ratio(totals.without_corrections, totals.count), totals.count)
    raise ValueError(f"not a records source: {source}")


def from_survey(result: ikm.Ikm | None) -> Computed:
    """The realisation of an ikm_* source: the converted IKM (25-100) and its respondents."""
    if result is None:
        return NO_DATA
    return Computed(result.converted.quantize(TWO_PLACES), result.respondents)


@dataclass(frozen=True)
class Binding:
    """One bound indicator as the refresh reads it."""

    indicator_id: int
    source: str
    service_id: int | None  # the indicator's service; None: all the officer's services
    officer_id: int


@dataclass
class WindowData:
    """Everything one evaluation window's queries returned, keyed for the computations."""

    records: dict[int, dict[int, RecordTotals]]              # officer -> service -> totals
    by_officer: dict[int, ikm.Ikm]                           # officer -> IKM, all services
    by_officer_at: dict[int, dict[int, ikm.Ikm]]             # service -> officer -> IKM
    by_service: dict[int, ikm.Ikm]                           # service -> IKM


def compute(binding: Binding, data: WindowData) -> Computed:
    """The realisation of one bound indicator in one window, from that window's data."""
    family = SOURCES[binding.source].family
    if family == "records":
        services = data.records.get(binding.officer_id, {})
        totals = (sum(services.values(), RecordTotals()) if binding.service_id is None
                  else services.get(binding.service_id, RecordTotals()))
        return from_records(binding.source, totals)
    if binding.source == "ikm_service":
        return from_survey(data.by_service.get(binding.service_id))
    if binding.service_id is None:
        return from_survey(data.by_officer.get(binding.officer_id))
    return from_survey(data.by_officer_at.get(binding.service_id, {}).get(binding.officer_id))


# --- reading the data of one window -----------------------------------------------------------

def _record_totals(start: dt.datetime, end: dt.datetime,
                   officer_ids: set[int] | None) -> dict[int, dict[int, RecordTotals]]:
    """Per officer and service: the totals of the records received in [start, end)."""
    has_standard = Service.standard_minutes.is_not(None)
    within = sa.and_(has_standard, ServiceRecord.duration_minutes <= Service.standard_minutes)
    query = (
        sa.select(ServiceRecord.officer_id, ServiceRecord.service_id, sa.func.count(),
                  sa.func.sum(ServiceRecord.duration_minutes),
                  sa.func.count(Service.standard_minutes),
                  sa.func.sum(sa.case((within, 1), else_=0)),
                  sa.func.sum(sa.case((ServiceRecord.corrections == 0, 1), else_=0)))
        .join(Service, Service.id == ServiceRecord.service_id)
        .where(ServiceRecord.received_at >= start, ServiceRecord.received_at < end)
        .group_by(ServiceRecord.officer_id, ServiceRecord.service_id)
    )
    if officer_ids is not None:
        query = query.where(ServiceRecord.officer_id.in_(officer_ids))
    totals: dict[int, dict[int, RecordTotals]] = defaultdict(dict)
    for officer, service, *numbers in db.session.execute(query):
        totals[officer][service] = RecordTotals(*(int(n or 0) for n in numbers))
    return totals


def _window_data(bindings: list[Binding], start: dt.datetime, end: dt.datetime,
                 scoped: bool) -> WindowData:
    """Run the queries the bindings need for one window (none a family no binding uses)."""
    families = defaultdict(set)  # what each query must cover
    officer_at: dict[int, set[int]] = defaultdict(set)
    for b in bindings:
        if SOURCES[b.source].family == "records":
            families["records"].add(b.officer_id)
        elif b.source == "ikm_service":
            families["service"].add(b.service_id)
        elif b.service_id is None:
            families["officer"].add(b.officer_id)
        else:
            officer_at[b.service_id].add(b.officer_id)

    def only(ids: set[int]) -> set[int] | None:
        return ids if scoped else None  # a full refresh reads everything in one pass

    data = WindowData({}, {}, {}, {})
    if families["records"]:
        data.records = _record_totals(start, end, only(families["records"]))
    if families["officer"]:
        data.by_officer = ikm_by("officer", start, end, only(families["officer"]))
    if families["service"]:
        data.by_service = ikm_by("service", start, end, families["service"])
    if officer_at:  # an officer's IKM at one service: one GROUP BY for every such pair
        pairs = totals_by_service_and_officer(
            start, end, service_ids=list(officer_at),
            officer_ids=only(set().union(*officer_at.values())))
        for (service_id, officer_id), totals in pairs.items():
            value = totals.ikm()
            if officer_id in officer_at[service_id] and value is not None:
                data.by_officer_at.setdefault(service_id, {})[officer_id] = value
    return data


# --- refreshing -------------------------------------------------------------------------------

def _bound(period: Period, officer_ids: Iterable[int] | None,
           service_ids: Iterable[int] | None, sources: Iterable[str] | None) -> sa.Select:
    """The bound indicators of the period's live assessments in scope (see refresh_period)."""
    query = (
        sa.select(Indicator.id, Indicator.data_source, Indicator.source_service_id,
                  Assessment.employee_id)
        .join(Rhk, Rhk.id == Indicator.rhk_id)
        .join(Assessment, Assessment.id == Rhk.assessment_id)
        .where(Assessment.period_id == period.id, Assessment.state.in_(LIVE_STATES),
               Assessment.approach == "kuantitatif",
               Indicator.data_source.in_(sorted(SOURCES if sources is None else sources)))
    )
    scope = []
    if officer_ids is not None:
        scope.append(Assessment.employee_id.in_(list(officer_ids)))
    if service_ids is not None:
        scope.append(Indicator.source_service_id.in_(list(service_ids)))
    return query.where(sa.or_(*scope)) if scope else query


def refresh_period(period: Period, officer_ids: Iterable[int] | None = None,
                   service_ids: Iterable[int] | None = None, *,
                   sources: Iterable[str] | None = None,
                   touching: tuple[dt.datetime, dt.datetime] | None = None) -> int:
    """Recompute the realisations of every bound indicator of period's live assessments.

    Args:
        period: the SKP year; every evaluation period 1..N and the year (0) are computed.
        officer_ids: only the indicators of these officers' assessments, and/or
        service_ids: only the indicators bound to these services (both given: either);
            everything when both are None.
        sources: only indicators bound to these source codes (what the new data can change);
            all sources when None.
        touching: the first and last instant of the new data: only the evaluation periods
            overlapping them, and the year, are recomputed; all when None.

    Writes value, source_count and computed_at (the employee's note is kept) and commits.
    Returns how many realisations were added or got another value or count.
    """
    officers = None if officer_ids is None else set(officer_ids)
    services = None if service_ids is None else set(service_ids)
    numbers = _numbers(period, touching)
    try:
        return _refresh(period, officers, services, sources, numbers)
    except sa.exc.IntegrityError:
        # Another refresh added the same realisation meanwhile: a second pass updates it.
        db.session.rollback()
        return _refresh(period, officers, services, sources, numbers)


def _numbers(period: Period, touching: tuple[dt.datetime, dt.datetime] | None) -> list[int]:
    """The evaluation periods whose window overlaps touching (all when None), and the year."""
    if touching is None:
        return [*period.evaluation_periods, 0]
    first, last = (as_utc(moment) for moment in touching)
    overlapping = []
    for number in period.evaluation_periods:
        start, end = evaluation_window(period, number)
        if start <= last and first < end:
            overlapping.append(number)
    return [*overlapping, 0]


def _refresh(period: Period, officer_ids: set[int] | None, service_ids: set[int] | None,
             sources: Iterable[str] | None, numbers: list[int]) -> int:
    bound = _bound(period, officer_ids, service_ids, sources)
    bindings = [Binding(*row) for row in db.session.execute(bound)]
    if not bindings:
        db.session.commit()
        return 0
    bound_ids = bound.with_only_columns(Indicator.id)
    in_scope = sa.and_(Realisation.indicator_id.in_(bound_ids),
                       Realisation.period_no.in_(numbers))
    stored = {(r.indicator_id, r.period_no): r for r in db.session.execute(
        sa.select(Realisation.id, Realisation.indicator_id, Realisation.period_no,
                  Realisation.value, Realisation.source_count, Realisation.computed_at)
        .where(in_scope))}
    scoped = officer_ids is not None or service_ids is not None
    now = utcnow()
    inserts, updates = [], []
    for number in numbers:
        start, end = evaluation_window(period, number)
        data = _window_data(bindings, start, end, scoped)
        for binding in bindings:
            result = compute(binding, data)
            row = stored.get((binding.indicator_id, number))
            if row is None:
                inserts.append(dict(indicator_id=binding.indicator_id, period_no=number,
                                    value=result.value, note="", source_count=result.count,
                                    computed_at=now))
            elif (row.value, row.source_count) != (result.value, result.count) \
                    or row.computed_at is None:
                updates.append(dict(id=row.id, value=result.value, source_count=result.count))
    if inserts:
        # render_nulls: rows with and without a value share one batched statement instead of
        # starting a new one at every switch between a number and NULL.
        db.session.execute(sa.insert(Realisation).execution_options(render_nulls=True), inserts)
    if updates:
        db.session.execute(sa.update(Realisation), updates)
    # The time of this refresh on every realisation in scope; updated_at keeps saying when
    # the value (or the employee's note) last changed.
    db.session.execute(
        sa.update(Realisation).where(in_scope)
        .values(computed_at=now, updated_at=Realisation.updated_at)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return len(inserts) + len(updates)


def refresh_assessment(assessment: Assessment) -> int:
    """Recompute one assessment's bound indicators at once (after binding or changing one)."""
    return refresh_period(assessment.period, officer_ids=[assessment.employee_id])


def periods_covering(start: dt.datetime, end: dt.datetime) -> list[Period]:
    """The open periods whose year (in Jambi) overlaps the instants start..end."""
    first, last = (local(moment).year for moment in (start, end))
    return list(db.session.scalars(sa.select(Period).where(
        Period.status == "open", Period.year.between(first, last))))


# --- listeners --------------------------------------------------------------------------------

def _quietly(handler):
    """Run a listener; a failure is logged and rolled back, never the sender's business: the
    import or the citizen's answer was committed before the signal and stays done (the
    `refresh-indicators` command catches up)."""
    @functools.wraps(handler)
    def receiver(sender, **kwargs):
        try:
            handler(sender, **kwargs)
        except Exception:  # noqa: BLE001
            db.session.rollback()
            current_app.logger.exception("refreshing objective indicators failed")
    return receiver


RECORD_SOURCES = tuple(code for code, s in SOURCES.items() if s.family == "records")


@_quietly
def on_records_imported(_import, *, officer_ids=(), start=None, end=None, **_kwargs) -> None:
    """New service records: refresh those officers' records indicators, in the evaluation
    periods (and years) the records fall in; their survey indicators did not change."""
    if not officer_ids or start is None or end is None:
        return
    for period in periods_covering(start, end):
        refresh_period(period, officer_ids=officer_ids, sources=RECORD_SOURCES,
                       touching=(start, end))


@_quietly
def on_survey_submitted(response: SurveyResponse, **_kwargs) -> None:
    """A citizen's answer: refresh the named officer's IKM indicators and every indicator that
    is the service's IKM, in the evaluation period of the answer and the year. Nothing else
    changed: not records indicators, not other officers' IKM at the same service (a busy
    counter's answers must not recompute everyone bound to it)."""
    identity = sa.inspect(response).identity
    row = db.session.execute(
        sa.select(SurveyResponse.service_id, SurveyResponse.officer_id,
                  SurveyResponse.submitted_at)
        .where(SurveyResponse.id == identity[0])).one_or_none() if identity else None
    if row is None:
        return
    touching = (row.submitted_at, row.submitted_at)
    for period in periods_covering(*touching):
        if row.officer_id is not None:
            refresh_period(period, officer_ids=[row.officer_id], sources=["ikm_officer"],
                           touching=touching)
        refresh_period(period, service_ids=[row.service_id], sources=["ikm_service"],
                       touching=touching)


def connect() -> None:
    """Subscribe the listeners to the domain signals (idempotent: blinker keeps one of each)."""
    signals.service_records_imported.connect(on_records_imported)
    signals.survey_submitted.connect(on_survey_submitted)


# --- what the review panel and the Dokumen Evaluasi show --------------------------------------

@dataclass(frozen=True)
class ObjectiveLine:
    """One computed indicator in one window: its realisation, capaian and what it rests on."""

    indicator: Indicator
    realisation: Realisation | None
    capaian: Capaian | None
    service: str   # the name of the service it is bound to; "" for all the officer's services
    family: str    # "records" (count = service records) or "survey" (count = respondents)
    count: int     # how many records or respondents the value rests on


@dataclass
class ObjectiveEvidence:
    """The objective evidence of one assessment in one evaluation period (0 = the year): its
    computed indicators and the officer's citizen IKM over all services in that window (None
    without responses).

    The review panel of the assessment page and the Dokumen Evaluasi of the same period show
    exactly these figures: both come from objective_evidence().
    """

    period_no: int
    lines: list[ObjectiveLine]
    ikm: ikm.Ikm | None

    @property
    def indicators(self) -> list[Indicator]:
        return [line.indicator for line in self.lines]

    def __bool__(self) -> bool:
        return bool(self.lines) or self.ikm is not None


def service_names(bound: Iterable[Indicator]) -> dict[int, str]:
    """The names of the services the indicators are bound to (one query, none if no service)."""
    wanted = {i.source_service_id for i in bound} - {None}
    if not wanted:
        return {}
    return dict(db.session.execute(
        sa.select(Service.id, Service.name).where(Service.id.in_(wanted))).all())


def objective_evidence(assessment: Assessment, period_no: int = 0) -> ObjectiveEvidence:
    """The assessment's objective evidence of period_no, from a loaded assessment.

    At most two queries (the services' names, the officer's IKM in the period's window).
    """
    start, end = evaluation_window(assessment.period, period_no)
    officer = assessment.employee_id
    bound = [i for rhk in assessment.rhks for i in rhk.indicators if is_computed(assessment, i)]
    services = service_names(bound)
    lines = []
    for indicator in bound:
        realisation = indicator.realisation_for(period_no)
        lines.append(ObjectiveLine(
            indicator, realisation, capaian_of(indicator, period_no),
            services.get(indicator.source_service_id, ""), SOURCES[indicator.data_source].family,
            (realisation.source_count or 0) if realisation else 0))
    return ObjectiveEvidence(period_no, lines,
                             ikm_by("officer", start, end, [officer]).get(officer))


def refresh_open_periods(_target: int | None = None) -> int:
    """Recompute the computed realisations of every open period (the worker's nightly job, as
    `flask --app app refresh-indicators`); returns how many changed."""
    periods = db.session.scalars(sa.select(Period).where(Period.status == "open")
                                 .order_by(Period.year))
    return sum(refresh_period(period) for period in list(periods))


queue.register("indicator_refresh", refresh_open_periods)
