"""Execution (pelaksanaan): realisations per evaluation period, continuous feedback, periodic
evaluations, the evaluation frequency of a period, and the assessment's timeline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Mapping
from functools import cache
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal import signals
from portal.extensions import db
from portal.models import (
    Assessment, AuditEvent, Evidence, Feedback, Indicator, Period, PeriodicRating, Realisation,
    Rhk, User,
)
from portal.rules.berakhlak import VALUES as BERAKHLAK
from portal.rules.capaian import band, capaian, realisation_ceiling
from portal.rules.predikat import RATINGS, predikat
from portal.rules.sources import is_objective
from portal.services.people.moves import record_period_assessor
from portal.services.review.assessments import commit, require_edit
from portal.services.clock import JAMBI, as_utc
from portal.services.errors import Invalid, NotNow
from portal.services.inputs import clean_text
from workflows.assessment import Actor

VALUE_CODES = frozenset(value.code for value in BERAKHLAK)
NOTE_MAX = 4000      # a realisation's note (keterangan, or the qualitative description)
FEEDBACK_MAX = 4000  # one umpan balik of the supervisor


# --- evaluation periods -----------------------------------------------------------------------

def evaluation_period_of(period: Period, day: dt.date) -> int:
    """The evaluation period (1..12 or 1..4) of period's year that day falls in.

    Days before the year count as its first evaluation period, days after it as its last.
    """
    last = period.evaluation_periods[-1]
    if day.year < period.year:
        return 1
    if day.year > period.year:
        return last
    return day.month if period.evaluation_frequency == "monthly" else (day.month - 1) // 3 + 1


def evaluation_window(period: Period, period_no: int) -> tuple[dt.datetime, dt.datetime]:
    """The [start, end) instants of evaluation period period_no (0: the whole year), in UTC.

    Periods run over calendar days in Jambi (Asia/Jakarta): a service received at 00:30 on
    1 April local time counts in the second quarter although it is still 31 March in UTC.
    """
    months = 12 // len(period.evaluation_periods)
    first_month = 1 if period_no == 0 else (period_no - 1) * months + 1
    start = dt.datetime(period.year, first_month, 1, tzinfo=JAMBI)
    last_month = 12 if period_no == 0 else first_month + months - 1
    end = (dt.datetime(period.year + 1, 1, 1, tzinfo=JAMBI) if last_month == 12
           else dt.datetime(period.year, last_month + 1, 1, tzinfo=JAMBI))
    return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)


def check_period_no(assessment: Assessment, period_no: int, *, annual: bool = True) -> None:
    """Refuse a period number outside the year's evaluation periods (0, the annual, if allowed)."""
    if period_no == 0 and annual:
        return
    if period_no == 0:
        raise Invalid("periodic_needs_period")
    if period_no not in assessment.period.evaluation_periods:
        raise Invalid("unknown_evaluation_period")


def set_evaluation_frequency(period: Period, frequency: str) -> None:
    """Choose monthly or quarterly periodic evaluation for period.

    Refused once the period is closed, and once any periodic entry (a realisation, feedback or
    periodic rating of month or quarter n) exists: n would silently change meaning.
    """
    if frequency not in Period.FREQUENCIES:
        raise Invalid("unknown_frequency")
    if period.status == "closed":
        raise NotNow("period_closed")
    if frequency == period.evaluation_frequency:
        return
    in_period = sa.select(Assessment.id).where(Assessment.period_id == period.id)
    periodic_entries = (
        sa.select(Realisation.id).join(Indicator).join(Rhk)
        .where(Rhk.assessment_id.in_(in_period), Realisation.period_no > 0),
        sa.select(Feedback.id).where(Feedback.assessment_id.in_(in_period),
                                     Feedback.period_no > 0),
        sa.select(PeriodicRating.id).where(PeriodicRating.assessment_id.in_(in_period)),
    )
    if db.session.scalar(sa.select(sa.or_(*(sa.exists(q) for q in periodic_entries)))):
        raise NotNow("frequency_locked")
    period.evaluation_frequency = frequency
    db.session.commit()


# --- realisations -----------------------------------------------------------------------------

def save_realisations(assessment: Assessment, actor: Actor, *, version: int | None,
                      values: dict[int, tuple[Decimal | None, str]], period_no: int = 0) -> None:
    """Record realisations of one evaluation period (0 = annual) for indicators of the fixed SKP.

    Args:
        values: indicator id -> (value, note); value is None for qualitative indicators, whose
            realisation is the description in note, and for computed ones (is_computed), whose
            value is kept and only the note is written.
        period_no: 0 for the annual realisation, else 1..12 or 1..4 per the period's frequency.

    Raises:
        Invalid: an indicator that is not in this SKP, a period outside the year, a number
            given for an indicator of the qualitative approach or for a computed one.
    """
    require_edit(assessment, actor, "realisations", version)
    check_period_no(assessment, period_no)
    indicators = {i.id: i for rhk in assessment.rhks for i in rhk.indicators}
    if set(values) - set(indicators):
        raise Invalid("unknown_indicator")
    qualitative = assessment.approach == "kualitatif"
    if qualitative and any(value is not None for value, _ in values.values()):
        raise Invalid("qualitative_description_required")
    computed = {i for i in values if is_computed(assessment, indicators[i])}
    if any(values[i][0] is not None for i in computed):
        raise Invalid("realisation_computed")
    notes = {}
    for indicator_id, (value, note) in values.items():
        notes[indicator_id] = check_realisation(indicators[indicator_id], value, note)
    for indicator_id, (value, _note) in values.items():
        realisation = _realisation(indicators[indicator_id], period_no)
        if indicator_id not in computed:
            realisation.value = value
        realisation.note = notes[indicator_id]
    commit(assessment)


def check_realisation(indicator: Indicator, value: Decimal | None, note: str | None) -> str:
    """The note as it will be stored, after refusing what cannot be a realisation of indicator:
    a negative number (no target is negative), one beyond realisation_ceiling (details: value,
    max, unit), a note too long or holding a NUL (details: field 'note').

    Raises:
        Invalid: realisation_negative, realisation_too_large, text_too_long, text_nul.
    """
    if value is not None:
        if value < 0:
            raise Invalid("realisation_negative", field="value")
        ceiling = realisation_ceiling(indicator.target_value, indicator.target_max)
        if ceiling is not None and value > ceiling:
            raise Invalid("realisation_too_large", field="value", value=value, max=ceiling,
                          unit=indicator.target_unit)
    return clean_text(note, max_length=NOTE_MAX, field="note")


def is_computed(assessment: Assessment, indicator: Indicator) -> bool:
    """The indicator's realisation is computed from its data source, never typed in (only a
    quantitative SKP's indicators can be bound; see portal.services.execution.indicators)."""
    return assessment.approach == "kuantitatif" and is_objective(indicator.data_source)


class Capaian(NamedTuple):
    """A realisation against its target: the percent, and its band (None: no band applies)."""

    percent: Decimal
    band: str | None


def capaian_of(indicator: Indicator, period_no: int = 0) -> Capaian | None:
    """The capaian of an indicator's realisation in period_no (0 = the year), if computable.

    The SKP has yearly targets only: the year's realisation gets its band (Sangat Baik ...
    Sangat Kurang); a month's or quarter's is compared with the yearly target too, but that
    is no capaian of its own span, so it gets no band (domain.md section 4). The assessment page
    and the Dokumen Evaluasi both call this.
    """
    return capaian_of_realisation(indicator, indicator.realisation_for(period_no), period_no)


def capaian_of_realisation(indicator: Indicator, realisation: Realisation | None,
                           period_no: int) -> Capaian | None:
    """capaian_of, for the indicator's realisation of period_no as the caller found it (None:
    not recorded)."""
    if realisation is None or realisation.value is None or indicator.target_value is None:
        return None
    percent = capaian(indicator.target_value, realisation.value,
                      target_max=indicator.target_max, lower_is_better=indicator.lower_is_better)
    if percent is None:
        return None
    return Capaian(percent, band(percent) if period_no == 0 else None)


def evidence_by_period(indicator: Indicator, period_no: int,
                       evidence: Mapping[int, list] | None = None) -> list[tuple[int, list]]:
    """The bukti dukung shown with indicator's realisation of period_no, as (period, evidence).

    A month or quarter shows its own. The year (0) shows the whole year's, because the annual
    rating rests on it and evidence is usually attached where the work was done: the annual
    realisation's own first, then each period's in order; periods without evidence are left out.
    Reads the realisations as loaded, and their evidence from evidence (by realisation id, as
    page_rows gives it) or else as loaded (no query with
    services.review.assessments.load(whole=True)).
    """
    realisations = (indicator.realisations if period_no == 0
                    else [r for r in indicator.realisations if r.period_no == period_no])
    found = ((lambda r: evidence.get(r.id)) if evidence is not None
             else (lambda r: list(r.evidence)))
    return [(r.period_no, items) for r in sorted(realisations, key=lambda r: r.period_no)
            if (items := found(r))]


def _realisation(indicator: Indicator, period_no: int) -> Realisation:
    """The indicator's realisation of period_no, added (empty) if not recorded yet."""
    realisation = indicator.realisation_for(period_no)
    if realisation is None:
        realisation = Realisation(period_no=period_no, value=None, note="")
        indicator.realisations.append(realisation)
    return realisation


def realisation_for_evidence(assessment: Assessment, indicator_id: int,
                             period_no: int) -> Realisation:
    """The realisation evidence of indicator_id in period_no is attached to (made if missing)."""
    check_period_no(assessment, period_no)
    indicator = next((i for rhk in assessment.rhks for i in rhk.indicators
                      if i.id == indicator_id), None)
    if indicator is None:
        raise Invalid("unknown_indicator")
    return _realisation(indicator, period_no)


# --- continuous feedback and periodic evaluation ----------------------------------------------

def add_feedback(assessment: Assessment, actor: Actor, *, version: int | None, period_no: int,
                 text: str, realisation_id: int | None = None,
                 value_code: str | None = None) -> None:
    """Record the supervisor's umpan balik on one realisation or one BerAKHLAK value.

    Args:
        period_no: the evaluation period the feedback belongs to (0 = the year as a whole).
        realisation_id: a realisation of this SKP in period_no, or
        value_code: a BerAKHLAK value code (exactly one of the two).
    """
    require_edit(assessment, actor, "feedback", version)
    check_period_no(assessment, period_no)
    text = clean_text(text, max_length=FEEDBACK_MAX, field="text")
    if (realisation_id is None) == (value_code is None):
        raise Invalid("feedback_target_required")
    if realisation_id is not None:
        realisations = {r.id: r for rhk in assessment.rhks for i in rhk.indicators
                        for r in i.realisations}
        realisation = realisations.get(realisation_id)
        if realisation is None or realisation.period_no != period_no:
            raise Invalid("unknown_realisation")
    elif value_code not in VALUE_CODES:
        raise Invalid("unknown_value")
    if not text:
        raise Invalid("feedback_required")
    feedback = Feedback(assessment_id=assessment.id, period_no=period_no,
                        realisation_id=realisation_id, value_code=value_code,
                        author_id=actor.user_id, text=text)
    db.session.add(feedback)
    record_period_assessor(assessment, period_no)
    commit(assessment)
    signals.feedback_given.send(assessment, actor=actor, feedback=feedback)


class EvidenceRow(NamedTuple):
    """One bukti dukung as the assessment page shows it (the columns of Evidence)."""

    id: int
    at: dt.datetime
    realisation_id: int
    kind: str
    title: str
    url: str | None
    stored_name: str | None
    content_type: str | None
    size: int | None
    uploaded_by_id: int


class FeedbackRow(NamedTuple):
    """One umpan balik as the assessment page shows it, with its author's name."""

    id: int
    at: dt.datetime
    realisation_id: int | None
    value_code: str | None
    text: str
    author_name: str


class RatingRow(NamedTuple):
    """One periodic evaluation as the assessment page shows it (the columns of
    PeriodicRating)."""

    id: int
    at: dt.datetime
    period_no: int
    rating_hasil_kerja: str
    rating_hasil_kerja_note: str
    rating_perilaku: str
    rating_perilaku_note: str
    predikat: str
    assessment_id: int
    rated_by_id: int


class PageRows(NamedTuple):
    """What the realisations section shows beside the RHK graph (see page_rows)."""

    evidence: dict[int, list[EvidenceRow]] | None  # by realisation id, oldest first
    feedback: list[FeedbackRow]  # of the evaluation period, oldest first
    ratings: dict[int, RatingRow] | None  # by evaluation period, in their order


def page_rows(assessment: Assessment, period_no: int, *, evidence: bool,
              ratings: bool) -> PageRows:
    """The feedback of one evaluation period and, if asked for, the assessment's evidence and
    its periodic evaluations, as rows, in one statement (a UNION ALL of the three, their
    columns aligned by type): what the realisations section shows. Those not asked for are
    None (the caller has them already).

    The page only shows them, so they are rows, not ORM objects; and one statement rather than
    three: each costs about 35 µs of SQLAlchemy's Python to run however few its rows (three
    statements 100-140 µs against 65-73 µs for the one, the demo's assessment in SQLite)."""
    evidence_rows: dict[int, list[EvidenceRow]] | None = {} if evidence else None
    feedback: list[FeedbackRow] = []
    rating_rows: dict[int, RatingRow] | None = {} if ratings else None
    for row in db.session.execute(_page_rows_statement(evidence, ratings),
                                  {"assessment_id": assessment.id, "period_no": period_no}):
        if row[0] == _FEEDBACK:
            feedback.append(FeedbackRow._make(row[2:8]))
        elif row[0] == _EVIDENCE:
            item = EvidenceRow._make(row[2:])
            evidence_rows.setdefault(item.realisation_id, []).append(item)
        else:
            item = RatingRow._make(row[2:])
            rating_rows[item.period_no] = item
    return PageRows(evidence_rows, feedback, rating_rows)


_FEEDBACK, _EVIDENCE, _RATINGS = 0, 1, 2  # page_rows' kinds of row, in their order


@cache
def _page_rows_statement(evidence: bool, ratings: bool) -> sa.Select | sa.CompoundSelect:
    """page_rows()'s statement, built once per process for each combination: building one (and
    its cache key) costs about as much Python as running it.

    Every row starts with its kind and a sort key: the order within the kind (evidence by id,
    ratings by evaluation period; feedback by time, then id); then the columns of the row's
    kind (page_rows' tuples take them as they come): the id, the time, an integer, five strings
    and two integers, NULL where a kind has fewer (typed: PostgreSQL's UNION matches each
    column's type)."""
    feedback, users = Feedback.__table__, User.__table__
    text, number = (lambda: sa.cast(sa.null(), sa.Text)), (lambda: sa.cast(sa.null(), sa.Integer))
    parts = [sa.select(sa.literal_column(str(_FEEDBACK), sa.Integer).label("row_kind"),
                       sa.literal_column("0", sa.Integer).label("sort_key"),
                       feedback.c.id, feedback.c.at, feedback.c.realisation_id,
                       feedback.c.value_code, feedback.c.text,
                       users.c.display_name.label("author_name"), text(), text(), number(),
                       number())
             .join_from(feedback, users, feedback.c.author_id == users.c.id)
             .where(feedback.c.assessment_id == sa.bindparam("assessment_id"),
                    feedback.c.period_no == sa.bindparam("period_no"))]
    if evidence:
        items, realisations = Evidence.__table__, Realisation.__table__
        indicators, rhks = Indicator.__table__, Rhk.__table__
        parts.append(
            sa.select(sa.literal_column(str(_EVIDENCE), sa.Integer), items.c.id.label("sort_key"),
                      items.c.id,
                      items.c.at, items.c.realisation_id, items.c.kind, items.c.title,
                      items.c.url, items.c.stored_name, items.c.content_type, items.c.size,
                      items.c.uploaded_by_id)
            .join(realisations, realisations.c.id == items.c.realisation_id)
            .join(indicators, indicators.c.id == realisations.c.indicator_id)
            .join(rhks, rhks.c.id == indicators.c.rhk_id)
            .where(rhks.c.assessment_id == sa.bindparam("assessment_id")))
    if ratings:
        rated = PeriodicRating.__table__
        parts.append(
            sa.select(sa.literal_column(str(_RATINGS), sa.Integer),
                      rated.c.period_no.label("sort_key"),
                      rated.c.id, rated.c.at, rated.c.period_no, rated.c.rating_hasil_kerja,
                      rated.c.rating_hasil_kerja_note, rated.c.rating_perilaku,
                      rated.c.rating_perilaku_note, rated.c.predikat, rated.c.assessment_id,
                      rated.c.rated_by_id)
            .where(rated.c.assessment_id == sa.bindparam("assessment_id")))
    if len(parts) == 1:
        return parts[0].order_by(feedback.c.at, feedback.c.id)
    return sa.union_all(*parts).order_by("row_kind", "sort_key", "at", "id")


def save_periodic_rating(assessment: Assessment, actor: Actor, *, version: int | None,
                         period_no: int, hasil_kerja: str, hasil_kerja_note: str,
                         perilaku: str, perilaku_note: str) -> None:
    """Record the supervisor's evaluation of one month or quarter; the predikat is derived."""
    require_edit(assessment, actor, "periodic_ratings", version)
    check_period_no(assessment, period_no, annual=False)
    if hasil_kerja not in RATINGS or perilaku not in RATINGS:
        raise Invalid("rating_required")
    hasil_kerja_note = (hasil_kerja_note or "").strip()
    perilaku_note = (perilaku_note or "").strip()
    if not hasil_kerja_note or not perilaku_note:
        raise Invalid("justification_required")
    rating = db.session.scalar(sa.select(PeriodicRating).where(
        PeriodicRating.assessment_id == assessment.id, PeriodicRating.period_no == period_no))
    if rating is None:
        rating = PeriodicRating(assessment_id=assessment.id, period_no=period_no)
        db.session.add(rating)
    rating.rating_hasil_kerja, rating.rating_hasil_kerja_note = hasil_kerja, hasil_kerja_note
    rating.rating_perilaku, rating.rating_perilaku_note = perilaku, perilaku_note
    rating.predikat = predikat(hasil_kerja, perilaku)
    rating.rated_by_id = actor.user_id
    record_period_assessor(assessment, period_no)
    commit(assessment)


# --- timeline ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened to an assessment: what (kind), when, by whom, and its details."""

    at: dt.datetime
    kind: str  # transition, realisation, evidence, feedback, periodic_rating
    who: str
    period_no: int | None = None
    subject: str = ""   # the indicator or BerAKHLAK value concerned
    text: str = ""
    unit: str = ""
    row: object = None  # the AuditEvent / Realisation / Evidence / Feedback / PeriodicRating


def timeline(assessment: Assessment) -> list[TimelineEntry]:
    """Everything recorded on the assessment, oldest first: transitions, realisations, evidence,
    feedback and periodic ratings, each with who and when.

    Five queries whatever the number of entries (one per kind, each joining what it shows).
    """
    values = {v.code: v.name for v in BERAKHLAK}
    in_skp = Rhk.assessment_id == assessment.id
    entries: list[TimelineEntry] = []
    for event in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id)
            .options(so.joinedload(AuditEvent.actor))):
        entries.append(TimelineEntry(event.at, "transition", event.actor.display_name,
                                     text=event.reason, row=event))
    employee = assessment.employee.name
    # A computed realisation is no entry of the employee's, unless they wrote a note on it.
    typed = sa.and_(Realisation.value.is_not(None), Realisation.computed_at.is_(None))
    for realisation, indicator, unit in db.session.execute(
            sa.select(Realisation, Indicator.text, Indicator.target_unit).join(Indicator)
            .join(Rhk).where(in_skp)
            .where(sa.or_(typed, Realisation.note != ""))):
        entries.append(TimelineEntry(realisation.updated_at, "realisation", employee,
                                     realisation.period_no, indicator, realisation.note,
                                     unit=unit, row=realisation))
    for evidence, period_no, indicator in db.session.execute(
            sa.select(Evidence, Realisation.period_no, Indicator.text)
            .join(Evidence.realisation).join(Indicator).join(Rhk).where(in_skp)
            .options(so.joinedload(Evidence.uploaded_by))):
        entries.append(TimelineEntry(evidence.at, "evidence", evidence.uploaded_by.display_name,
                                     period_no, indicator, evidence.title, row=evidence))
    for feedback, indicator in db.session.execute(
            sa.select(Feedback, Indicator.text)
            .outerjoin(Realisation, Feedback.realisation_id == Realisation.id)
            .outerjoin(Indicator, Realisation.indicator_id == Indicator.id)
            .where(Feedback.assessment_id == assessment.id)
            .options(so.joinedload(Feedback.author))):
        subject = indicator if feedback.realisation_id else values.get(feedback.value_code, "")
        entries.append(TimelineEntry(feedback.at, "feedback", feedback.author.display_name,
                                     feedback.period_no, subject, feedback.text, row=feedback))
    for rating, rater in db.session.execute(
            sa.select(PeriodicRating, User.display_name)
            .join(User, User.id == PeriodicRating.rated_by_id)
            .where(PeriodicRating.assessment_id == assessment.id)):
        entries.append(TimelineEntry(rating.at, "periodic_rating", rater, rating.period_no,
                                     row=rating))
    order = ("transition", "realisation", "evidence", "feedback", "periodic_rating")
    entries.sort(key=lambda e: (as_utc(e.at), order.index(e.kind), getattr(e.row, "id", 0)))
    return entries
