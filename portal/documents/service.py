"""Building the official documents of an assessment and printing them to PDF with WeasyPrint.

The documents are the regulation's forms (PermenPANRB 6/2022, lampiran), signed and filed as
such, so they are always in Indonesian whatever language the reader's portal is in: the templates
are written in Indonesian and rendered under the 'id' locale (numbers, labels, dates).
Everything a document shows is gathered here, in a fixed number of queries; the templates only
lay it out.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from babel.dates import format_date as babel_format_date
from babel.dates import get_month_names
from flask import current_app, render_template
from flask_babel import force_locale
from weasyprint import HTML

from portal.extensions import db
from portal.labels import (
    DATA_SOURCE_FORMULAS, DATA_SOURCE_LABELS, IKM_GRADE_LABELS, PEER_SCORE_LABELS,
    QUARTER_NUMERALS, evaluation_period_label,
)
from portal.models import (
    Assessment, AuditEvent, Employee, Evidence, Feedback, Indicator, Period, PeriodicRating,
    Realisation, Rhk, SkpAttachment,
)
from portal.models.base import utcnow
from portal.models.calibration import OrgPredikat
from portal.rules.berakhlak import VALUES, Value
from portal.rules.ikm import Ikm
from portal.rules.peers import Aggregate as PeerAggregate
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.feedback import peers
from portal.services.execution.execution import Capaian, capaian_of, evidence_by_period
from portal.services.execution.indicators import ObjectiveEvidence, objective_evidence
from portal.services.people import moves
from portal.services.review.assessment_rows import evaluated_statement
from workflows.assessment import STATES

LOCALE = "id"
# Jambi keeps Western Indonesian Time all year (no daylight saving): dates are signed in WIB.
WIB = dt.timezone(dt.timedelta(hours=7))
# Where documents are signed and whose forms they are; settings DOCUMENT_PLACE, DOCUMENT_INSTANCE.
DEFAULT_PLACE = "Jambi"
DEFAULT_INSTANCE = "PEMERINTAH PROVINSI JAMBI"
APPROACH_TITLES = {"kuantitatif": "KUANTITATIF", "kualitatif": "KUALITATIF"}
ORG_PREDIKAT_TITLES = {  # portal.rules.distribution.ORG_PREDIKAT, as printed
    "istimewa": "ISTIMEWA", "baik": "BAIK", "butuh_perbaikan": "BUTUH PERBAIKAN",
    "kurang": "KURANG", "sangat_kurang": "SANGAT KURANG",
}
# Until these states the document is a draft (konsep), and says so under its title.
SKP_FINAL_FROM = "targets_approved"
EVALUATION_FINAL_FROM = "reviewed"
# The audit event whose date the document is signed on: the SKP when the supervisor fixes it,
# the annual evaluation when the supervisor sends the rating.
SIGNING_TRIGGERS = {"skp": "approve_targets", "evaluasi": "submit_review"}


@dataclass(frozen=True)
class EvaluationPeriod:
    """One evaluation period of an SKP year; number 0 is the whole year (annual evaluation)."""

    number: int
    frequency: str  # "annual", "quarterly" or "monthly"
    start: dt.date
    end: dt.date

    @property
    def name(self) -> str:
        """Its name in Indonesian, as in running text: Tahunan, Triwulan IV, Bulan Januari."""
        with force_locale(LOCALE):
            return evaluation_period_label(self.frequency, self.number, full=True)

    @property
    def title(self) -> str:
        """As printed under the document title: TAHUNAN, TRIWULAN I, BULAN JANUARI."""
        return self.name.upper()

    @property
    def span(self) -> str:
        """The dates it covers, as on the forms: 1 JANUARI SD 31 MARET 2026."""
        return (f"{self.start.day} {_month(self.start.month)} SD {self.end.day} "
                f"{_month(self.end.month)} {self.end.year}").upper()

    @property
    def short(self) -> str:
        """A short tag for feedback lines of the annual document: TW I, Jan."""
        if self.frequency == "quarterly":
            return f"TW {QUARTER_NUMERALS[self.number - 1]}"
        if self.frequency == "monthly":
            return _month(self.start.month)[:3]
        return ""

    @property
    def slug(self) -> str:
        """For file names: Tahunan, Triwulan-I, Bulan-Januari."""
        return self.name.replace(" ", "-")

    def ui_label(self) -> str:
        """The name in the reader's language, for the download links on the assessment page."""
        return evaluation_period_label(self.frequency, self.number, full=True)


def _month(month: int) -> str:
    return get_month_names("wide", locale=LOCALE)[month]


def evaluation_period(period: Period, number: int) -> EvaluationPeriod | None:
    """Evaluation period number of the SKP year (0 = annual); None if the year has no such one."""
    year = period.year
    if number == 0:
        return EvaluationPeriod(0, "annual", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if number not in period.evaluation_periods:
        return None
    months = 12 // len(period.evaluation_periods)
    first = (number - 1) * months + 1
    last = first + months - 1
    return EvaluationPeriod(number, period.evaluation_frequency, dt.date(year, first, 1),
                            dt.date(year, last, calendar.monthrange(year, last)[1]))


def long_date(day: dt.date) -> str:
    """A date as written above a signature, always in Indonesian: 31 Desember 2026."""
    return babel_format_date(day, "d MMMM y", locale=LOCALE)


def local_date(at: dt.datetime | None) -> dt.date:
    """The WIB calendar date of a stored instant (SQLite hands back naive UTC); today if None."""
    at = at or utcnow()
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return at.astimezone(WIB).date()


# --- what the documents show ---------------------------------------------------------------

@dataclass
class FeedbackLine:
    """One piece of umpan balik berkelanjutan as printed: the text, its date, its period tag."""

    text: str
    on: str
    tag: str = ""


@dataclass
class HasilKerjaLine:
    """One line of the Hasil Kerja table: an indicator of an RHK (or an RHK without any).

    The RHK's own cells (number, intervened RHK, text) are printed on its first line only,
    spanning all its lines.
    """

    number: int
    rhk: Rhk
    indicator: Indicator | None
    first: bool
    span: int
    realisation: Realisation | None = None
    evidence: list[Evidence] = field(default_factory=list)
    feedback: list[FeedbackLine] = field(default_factory=list)
    capaian: Capaian | None = None


@dataclass
class HasilKerjaGroup:
    """A. Utama or B. Tambahan: per RHK, its lines (kept together on one page when they fit)."""

    title: str
    rhks: list[list[HasilKerjaLine]]


@dataclass
class PerilakuLine:
    number: int
    value: Value
    expectation: str
    feedback: list[FeedbackLine] = field(default_factory=list)


@dataclass
class Rating:
    """The rating block of an evaluation: both ratings with their notes and the predikat."""

    hasil_kerja: str | None
    hasil_kerja_note: str | None
    perilaku: str | None
    perilaku_note: str | None
    predikat: str | None


def _hasil_kerja(assessment: Assessment, number: int | None = None,
                 feedback: dict[int, list[FeedbackLine]] | None = None) -> list[HasilKerjaGroup]:
    """The A. Utama / B. Tambahan groups; with number, each line carries that period's evidence.

    number 0 (annual) gathers the evidence of every period; feedback maps realisation ids to
    their feedback lines.
    """
    groups = []
    for kind, title in (("utama", "A. Utama"), ("tambahan", "B. Tambahan")):
        blocks = []
        rhks = [rhk for rhk in assessment.rhks if rhk.kind == kind]
        for rhk_no, rhk in enumerate(rhks, start=1):
            indicators = rhk.indicators or [None]
            lines = []
            for position, indicator in enumerate(indicators):
                line = HasilKerjaLine(rhk_no, rhk, indicator, position == 0, len(indicators))
                if number is not None and indicator is not None:
                    _add_execution(line, indicator, number, feedback or {})
                lines.append(line)
            blocks.append(lines)
        groups.append(HasilKerjaGroup(title, blocks))
    return groups


def _add_execution(line: HasilKerjaLine, indicator: Indicator, number: int,
                   feedback: dict[int, list[FeedbackLine]]) -> None:
    line.realisation = indicator.realisation_for(number)
    line.capaian = capaian_of(indicator, number)
    # The annual evaluation rests on the whole year's evidence and feedback; a periodic one on
    # its own period's (the evidence as the assessment page lists it).
    for _number, evidence in evidence_by_period(indicator, number):
        line.evidence.extend(evidence)
    realisations = (indicator.realisations if number == 0
                    else [line.realisation] if line.realisation else [])
    for realisation in realisations:
        line.feedback.extend(feedback.get(realisation.id, []))


def _perilaku(assessment: Assessment,
              feedback: dict[str, list[FeedbackLine]] | None = None) -> list[PerilakuLine]:
    expectations = {e.value_code: e.text for e in assessment.expectations}
    return [PerilakuLine(number, value, expectations.get(value.code, ""),
                         (feedback or {}).get(value.code, []))
            for number, value in enumerate(VALUES, start=1)]


def _lampiran(assessment: Assessment) -> list[tuple[str, list[str]]]:
    titles = {"dukungan_sumber_daya": "DUKUNGAN SUMBER DAYA",
              "skema_pertanggungjawaban": "SKEMA PERTANGGUNGJAWABAN",
              "konsekuensi": "KONSEKUENSI"}
    return [(titles[kind], [a.text for a in assessment.attachments if a.kind == kind])
            for kind in SkpAttachment.KINDS]


def _feedback(assessment: Assessment, number: int
              ) -> tuple[dict[int, list[FeedbackLine]], dict[str, list[FeedbackLine]]]:
    """Feedback of period number (0: the whole year) by realisation id and by value code."""
    query = sa.select(Feedback).where(Feedback.assessment_id == assessment.id)
    if number:
        query = query.where(Feedback.period_no == number)
    by_realisation: dict[int, list[FeedbackLine]] = defaultdict(list)
    by_value: dict[str, list[FeedbackLine]] = defaultdict(list)
    for row in db.session.scalars(query.order_by(Feedback.at, Feedback.id)):
        period = evaluation_period(assessment.period, row.period_no)
        tag = period.short if number == 0 and period else ""
        line = FeedbackLine(row.text, long_date(local_date(row.at)), tag)
        if row.realisation_id is not None:
            by_realisation[row.realisation_id].append(line)
        if row.value_code:
            by_value[row.value_code].append(line)
    return by_realisation, by_value


@dataclass
class ObjectiveSection:
    """The section Bukti Dukung Objektif: the period's objective evidence (the very figures the
    assessment page shows for that period) with its Indonesian labels."""

    evidence: ObjectiveEvidence
    sources: dict[int, str]    # indicator id -> the source's name
    formulas: dict[int, str]   # indicator id -> how it is computed
    ikm_grade: str = ""

    @property
    def lines(self):
        return self.evidence.lines

    @property
    def ikm(self) -> Ikm | None:
        return self.evidence.ikm

    def __bool__(self) -> bool:
        return bool(self.evidence)


@dataclass
class PeerSection:
    """Umpan balik rekan kerja on the document: the aggregate exactly as the page shows it, only
    once the round closed with enough answers (the document goes to the employee, who must not
    be able to trace an answer)."""

    asked: bool
    answers: int
    closed: bool
    aggregate: PeerAggregate | None  # None until published
    threshold: int
    levels: dict[str, str]  # value code -> the level's label (Di bawah/Sesuai/Di atas ekspektasi)

    @property
    def shown(self) -> bool:
        return self.aggregate is not None


def _peers(assessment: Assessment, period: Period, number: int) -> PeerSection:
    """The peers' round of period number (0 = the year): two queries at most."""
    shown = peers.published_round(assessment, number)
    levels = {}
    if shown.aggregate is not None:
        with force_locale(LOCALE):
            levels = {v.code: str(PEER_SCORE_LABELS[v.level])
                      for v in shown.aggregate.values if v.level}
    return PeerSection(shown.answered > 0, shown.answered, shown.closed, shown.aggregate,
                       shown.threshold, levels)


def _objective(assessment: Assessment, number: int) -> ObjectiveSection:
    """The objective evidence of period number (0 = the year): at most two queries."""
    evidence = objective_evidence(assessment, number)
    with force_locale(LOCALE):  # the labels are translatable; the document is Indonesian
        sources = {line.indicator.id: str(DATA_SOURCE_LABELS[line.indicator.data_source])
                   for line in evidence.lines}
        formulas = {line.indicator.id: str(DATA_SOURCE_FORMULAS[line.indicator.data_source])
                    for line in evidence.lines}
        grade = (f"{evidence.ikm.grade}, {IKM_GRADE_LABELS[evidence.ikm.grade_key]}"
                 if evidence.ikm else "")
    return ObjectiveSection(evidence, sources, formulas, grade)


@dataclass
class Share:
    """One predikat's share of the agency's rated employees (the pola distribusi)."""

    predikat: str
    count: int
    percent: Decimal


def _organisation(assessment: Assessment) -> tuple[str | None, list[Share]]:
    """The agency's predikat kinerja organisasi for the year, and how its employees' predikat
    are spread (those whose rating has been sent; empty while nobody's is)."""
    return organisation_result(assessment.agency_id, assessment.period_id,
                               STATES[STATES.index(EVALUATION_FINAL_FROM):])


def organisation_result(agency_id: int, period_id: int,
                        states: list[str]) -> tuple[str | None, list[Share]]:
    """An agency's printed organisation predikat (None if not set) and the spread of its
    employees' predikat over the assessments in states (empty when there are none)."""
    org = db.session.scalar(sa.select(OrgPredikat.predikat).where(
        OrgPredikat.agency_id == agency_id, OrgPredikat.period_id == period_id))
    counts = dict(db.session.execute(
        sa.select(Assessment.predikat, sa.func.count())
        .where(Assessment.agency_id == agency_id, Assessment.period_id == period_id,
               Assessment.predikat.is_not(None), Assessment.state.in_(states))
        .group_by(Assessment.predikat)).all())
    total = sum(counts.values())
    spread = [Share(key, counts.get(key, 0),
                    (Decimal(100) * counts.get(key, 0) / total).quantize(Decimal("0.1")))
              for key in PREDIKAT_ORDER] if total else []
    return ORG_PREDIKAT_TITLES.get(org, org) if org else None, spread


def _signed_on(assessment: Assessment, trigger: str) -> dt.date:
    """The date of the latest trigger event (the document's signing), or today if not yet."""
    at = db.session.scalar(sa.select(sa.func.max(AuditEvent.at)).where(
        AuditEvent.assessment_id == assessment.id, AuditEvent.trigger == trigger))
    return local_date(at)


def _header(assessment: Assessment, period: EvaluationPeriod,
            assessor: Employee | None = None) -> dict:
    """The heading of a document; assessor: the Pejabat Penilai Kinerja it names (the
    assessment's current one unless given: a periodic evaluation names that period's)."""
    employee = assessment.employee
    unit = employee.position.unit if employee.position else None
    return {
        "a": assessment,
        "approach": APPROACH_TITLES.get(assessment.approach, assessment.approach.upper()),
        "agency": unit.agency.name if unit else "",
        "period": period,
        "place": current_app.config.get("DOCUMENT_PLACE", DEFAULT_PLACE),
        "instance": current_app.config.get("DOCUMENT_INSTANCE", DEFAULT_INSTANCE),
        "assessor": assessor or assessment.assessor,
        "persons": (("PEGAWAI YANG DINILAI", employee),
                    ("PEJABAT PENILAI KINERJA", assessor or assessment.assessor)),
    }


def _reached(assessment: Assessment, state: str) -> bool:
    return STATES.index(assessment.state) >= STATES.index(state)


def skp_document(assessment: Assessment) -> dict:
    """The context of the Dokumen SKP of an assessment loaded by services.assessments.load."""
    return {
        **_header(assessment, evaluation_period(assessment.period, 0)),
        "draft": (None if _reached(assessment, SKP_FINAL_FROM)
                  else "SKP belum ditetapkan oleh Pejabat Penilai Kinerja"),
        "hasil_kerja": _hasil_kerja(assessment),
        "perilaku": _perilaku(assessment),
        "lampiran": _lampiran(assessment),
        "signed_on": long_date(_signed_on(assessment, SIGNING_TRIGGERS["skp"])),
    }


def evaluation_document(assessment: Assessment, number: int) -> dict | None:
    """The context of the Dokumen Evaluasi Kinerja Pegawai of period number (0 = annual).

    None when the SKP year has no evaluation period number.
    """
    period = evaluation_period(assessment.period, number)
    if period is None:
        return None
    by_realisation, by_value = _feedback(assessment, number)
    # The organisation's predikat and spread are the year's: a periodic evaluation has none yet.
    organisation, spread = _organisation(assessment) if number == 0 else (None, [])
    if number == 0:
        rating = Rating(assessment.rating_hasil_kerja, assessment.rating_hasil_kerja_note,
                        assessment.rating_perilaku, assessment.rating_perilaku_note,
                        assessment.predikat)
        draft = (None if assessment.predikat and _reached(assessment, EVALUATION_FINAL_FROM)
                 else "penilaian belum dikirim oleh Pejabat Penilai Kinerja" if assessment.predikat
                 else "belum dinilai oleh Pejabat Penilai Kinerja")
        signed_on = _signed_on(assessment, SIGNING_TRIGGERS["evaluasi"])
    else:
        periodic = db.session.scalar(sa.select(PeriodicRating).where(
            PeriodicRating.assessment_id == assessment.id, PeriodicRating.period_no == number))
        rating = (Rating(periodic.rating_hasil_kerja, periodic.rating_hasil_kerja_note,
                         periodic.rating_perilaku, periodic.rating_perilaku_note,
                         periodic.predikat)
                  if periodic else Rating(None, None, None, None, None))
        draft = None if periodic else "belum dinilai oleh Pejabat Penilai Kinerja"
        signed_on = local_date(periodic.at if periodic else None)
    assessor = moves.period_assessor(assessment, number) if number else None
    return {
        **_header(assessment, period, assessor),
        "draft": draft,
        "organisation_predikat": organisation,  # None: the form says "belum ditetapkan"
        "spread": spread,
        "hasil_kerja": _hasil_kerja(assessment, number, by_realisation),
        "objective": _objective(assessment, number),
        "peers": _peers(assessment, assessment.period, number),
        "perilaku": _perilaku(assessment, by_value),
        "rating": rating,
        "signed_on": long_date(signed_on),
    }


def render_pdf(template: str, context: dict) -> bytes:
    """Render template with context in Indonesian and print it to PDF."""
    with force_locale(LOCALE):
        html = render_template(template, **context)
    return HTML(string=html, url_fetcher=_fetch_nothing).write_pdf()


def _fetch_nothing(url: str, *args, **kwargs):
    # The documents embed everything they need; user text must never make the server fetch URLs.
    raise ValueError(f"documents load no external resources: {url}")


def filename(kind: str, assessment: Assessment, period: EvaluationPeriod | None = None) -> str:
    """The download name: SKP-2026-<NIP>.pdf, Evaluasi-Kinerja-2026-Triwulan-I-<NIP>.pdf."""
    parts = [kind, str(assessment.period.year)]
    if period is not None and period.number:
        parts.append(period.slug)
    parts.append(assessment.employee.nip)
    return "-".join(parts) + ".pdf"


# --- which documents exist, for the assessment page ----------------------------------------

@dataclass(frozen=True)
class DocumentLink:
    """A document the assessment page offers: the SKP, or an evaluation of one period."""

    kind: str  # "skp" or "evaluasi"
    period: EvaluationPeriod | None = None


def available(assessment: Assessment) -> list[DocumentLink]:
    """The documents that exist now: the SKP always, the annual evaluation once rated, a
    periodic evaluation for each period with a periodic rating or a realisation."""
    evaluated = db.session.scalars(evaluated_statement(), {"assessment_id": assessment.id})
    return links(assessment, set(evaluated))


def links(assessment: Assessment, evaluated: set[int]) -> list[DocumentLink]:
    """available()'s rule from what the caller has read: evaluated holds the evaluation periods
    with a periodic rating or a realisation (a list of many assessments reads them at once)."""
    documents = [DocumentLink("skp")]
    if assessment.predikat:
        documents.append(DocumentLink("evaluasi", evaluation_period(assessment.period, 0)))
    for number in assessment.period.evaluation_periods:
        if number in evaluated:
            documents.append(DocumentLink("evaluasi", evaluation_period(assessment.period, number)))
    return documents

