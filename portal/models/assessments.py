"""The assessment aggregate: one employee's SKP for one period, its targets, realisations and audit.

The state column is driven only by the workflow in workflows/; version guards against two people
overwriting each other (SQLAlchemy adds "AND version = :loaded" to every UPDATE).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.people import Employee, User
from portal.models.periods import Period
from portal.models.public_services import Service


class Assessment(db.Model):
    """An SKP and its evaluation: targets, self-assessment, ratings and the derived predikat."""

    __tablename__ = "assessments"
    __table_args__ = (
        sa.UniqueConstraint("employee_id", "period_id"),
        # Queues: a supervisor's team, a committee's or approver's agency, filtered by state.
        sa.Index("ix_assessments_period_assessor", "period_id", "assessor_id"),
        # ... and the calibration page's spread, filters and list keys read from the index alone
        # (id is in every SQLite index; included on PostgreSQL for index-only scans).
        sa.Index("ix_assessments_calibration", "period_id", "agency_id", "state", "predikat",
                 "version", "employee_id", postgresql_include=["id"]),
        # Whether someone assesses anyone at all (the navigation's team link, every request).
        sa.Index("ix_assessments_assessor", "assessor_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    employee_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"))
    period_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("periods.id"))
    # The Pejabat Penilai Kinerja, resolved from the position tree when the assessment is made
    # (and refreshed by the admin); kept because SIASN's record names the assessor.
    assessor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("employees.id"))
    # Denormalised from the employee's unit so agency queues need no join through the org tree.
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"))
    state: so.Mapped[str] = so.mapped_column(sa.String(30), default="draft_targets")
    version: so.Mapped[int] = so.mapped_column(default=1)
    approach: so.Mapped[str] = so.mapped_column(sa.String(12), default="kuantitatif")
    rating_hasil_kerja: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    rating_hasil_kerja_note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    rating_perilaku: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    rating_perilaku_note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    predikat: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    # The supervisor's ratings as they were before calibration changed them (kept, and shown).
    original_rating_hasil_kerja: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    original_rating_perilaku: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    # When the result was communicated (approved); the objection window counts from here.
    finalised_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    employee: so.Mapped[Employee] = so.relationship(foreign_keys=[employee_id])
    assessor: so.Mapped[Employee | None] = so.relationship(foreign_keys=[assessor_id])
    period: so.Mapped[Period] = so.relationship()
    rhks: so.Mapped[list[Rhk]] = so.relationship(
        back_populates="assessment", order_by="Rhk.id", cascade="all, delete-orphan"
    )
    attachments: so.Mapped[list[SkpAttachment]] = so.relationship(
        order_by="SkpAttachment.id", cascade="all, delete-orphan"
    )
    expectations: so.Mapped[list[BehaviourExpectation]] = so.relationship(
        cascade="all, delete-orphan"
    )
    # Whether an objection was ever filed against it, where the statement that loaded it asked
    # (services.review.assessments.load, with the assessment page's other questions); else None.
    # Kept through a flush of the assessment (no change of its own writes an objection; filing one
    # answers with the assessment loaded again): expired, every action's answer asked again, a
    # statement of its own (services.review.objections.exists).
    objected: so.Mapped[bool | None] = so.query_expression(expire_on_flush=False)
    # The evaluation periods with a periodic rating or a realisation, comma-separated ("" for
    # none), where the assessment page's view asked (load(view=True)); else None: the page's
    # documents' list then reads them (portal.documents.service.available).
    evaluated_periods: so.Mapped[str | None] = so.query_expression()

    __mapper_args__ = {"version_id_col": version}


class Rhk(db.Model):
    """A Rencana Hasil Kerja (planned work result), utama or tambahan."""

    __tablename__ = "rhks"
    KINDS = ("utama", "tambahan")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(10), default="utama")
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    # The RHK of the direct supervisor's approved SKP that this one intervenes (cascading);
    # empty only for agency heads, whose RHK come from the organisation's own goals.
    parent_rhk_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("rhks.id", ondelete="SET NULL"), index=True
    )
    # The supervisor's comment when returning the SKP, shown beside this RHK until resubmitted.
    supervisor_comment: so.Mapped[str | None] = so.mapped_column(sa.Text)

    assessment: so.Mapped[Assessment] = so.relationship(back_populates="rhks")
    parent: so.Mapped[Rhk | None] = so.relationship(remote_side=[id])
    indicators: so.Mapped[list[Indicator]] = so.relationship(
        back_populates="rhk", order_by="Indicator.id", cascade="all, delete-orphan"
    )


class IndicatorTarget:
    """The columns an indicator is defined by: its aspect, text, target and data source. Shared
    by an SKP's indicators (Indicator) and the library's suggested ones (SkpTemplateIndicator),
    which are copied into an SKP as they are."""

    aspect: so.Mapped[str] = so.mapped_column(sa.String(10))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    # Quantitative: a number (target_value), or a range (target_value .. target_max), with a unit;
    # lower_is_better for time and cost. Qualitative: target_text (ukuran keberhasilan) and the
    # perspective, no number.
    target_value: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(14, 2))
    target_max: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(14, 2))
    target_unit: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    lower_is_better: so.Mapped[bool] = so.mapped_column(default=False)
    target_text: so.Mapped[str | None] = so.mapped_column(sa.Text)
    perspective: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    # Where the realisation comes from: 'manual' (the employee enters it) or one of the objective
    # sources of portal.rules.sources, computed from service records or citizen surveys (for an
    # SKP's indicator, of its source_service: any service of the officer's when empty) and never
    # typed in.
    data_source: so.Mapped[str] = so.mapped_column(sa.String(30), default="manual")


class Indicator(IndicatorTarget, db.Model):
    """An Indikator Kinerja Individu (IKI) of an RHK, with its aspect and target."""

    __tablename__ = "indicators"
    ASPECTS = ("kuantitas", "kualitas", "waktu", "biaya")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    rhk_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("rhks.id", ondelete="CASCADE"), index=True
    )
    source_service_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("services.id", ondelete="SET NULL"))

    rhk: so.Mapped[Rhk] = so.relationship(back_populates="indicators")
    source_service: so.Mapped[Service | None] = so.relationship()
    realisations: so.Mapped[list[Realisation]] = so.relationship(
        back_populates="indicator", order_by="Realisation.period_no",
        cascade="all, delete-orphan"
    )

    def realisation_for(self, period_no: int) -> Realisation | None:
        """The realisation of evaluation period period_no (0 = the annual one), if recorded."""
        return next((r for r in self.realisations if r.period_no == period_no), None)


class Realisation(db.Model):
    """What the employee achieved against one indicator in one evaluation period.

    period_no counts the evaluation periods of the year (1-12 monthly or 1-4 quarterly, as the
    period is set up); 0 is the annual realisation the yearly rating is based on.
    """

    __tablename__ = "realisations"
    __table_args__ = (sa.UniqueConstraint("indicator_id", "period_no"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    indicator_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("indicators.id", ondelete="CASCADE")
    )
    period_no: so.Mapped[int] = so.mapped_column(default=0)
    value: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(14, 2))  # None if qualitative
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Set for an objective indicator: how many records or responses the computed value rests on,
    # and when it was last computed. None for a realisation the employee entered.
    source_count: so.Mapped[int | None]
    computed_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    indicator: so.Mapped[Indicator] = so.relationship(back_populates="realisations")
    evidence: so.Mapped[list[Evidence]] = so.relationship(
        back_populates="realisation", order_by="Evidence.id", cascade="all, delete-orphan"
    )


class Evidence(db.Model):
    """Bukti dukung of a realisation: an uploaded file (kept outside the web root) or a link."""

    __tablename__ = "evidence"
    KINDS = ("file", "link")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    realisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("realisations.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(4))
    title: so.Mapped[str] = so.mapped_column(sa.String(255))  # file name as uploaded, or label
    url: so.Mapped[str | None] = so.mapped_column(sa.String(2000))
    stored_name: so.Mapped[str | None] = so.mapped_column(sa.String(80), unique=True)
    content_type: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    size: so.Mapped[int | None]
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    realisation: so.Mapped[Realisation] = so.relationship(back_populates="evidence")
    uploaded_by: so.Mapped[User] = so.relationship()


class SkpAttachment(db.Model):
    """One line of the Lampiran SKP: dukungan sumber daya, skema pertanggungjawaban, konsekuensi."""

    __tablename__ = "skp_attachments"
    KINDS = ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))
    text: so.Mapped[str] = so.mapped_column(sa.Text)


class BehaviourExpectation(db.Model):
    """The supervisor's ekspektasi khusus pimpinan for one BerAKHLAK value of this employee."""

    __tablename__ = "behaviour_expectations"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "value_code"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE")
    )
    value_code: so.Mapped[str] = so.mapped_column(sa.String(30))
    text: so.Mapped[str] = so.mapped_column(sa.Text)


class Feedback(db.Model):
    """Umpan balik berkelanjutan: the supervisor's feedback on a realisation or a behaviour value
    in one evaluation period."""

    __tablename__ = "feedback"
    __table_args__ = (sa.Index("ix_feedback_assessment_at", "assessment_id", "at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE")
    )
    period_no: so.Mapped[int] = so.mapped_column(default=0)
    realisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("realisations.id", ondelete="CASCADE")
    )
    value_code: so.Mapped[str | None] = so.mapped_column(sa.String(30))  # a BerAKHLAK value
    author_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    author: so.Mapped[User] = so.relationship()


class PeriodicRating(db.Model):
    """The supervisor's periodic evaluation (monthly or quarterly) of one evaluation period."""

    __tablename__ = "periodic_ratings"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "period_no"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE")
    )
    period_no: so.Mapped[int]
    rating_hasil_kerja: so.Mapped[str] = so.mapped_column(sa.String(10))
    rating_hasil_kerja_note: so.Mapped[str] = so.mapped_column(sa.Text)
    rating_perilaku: so.Mapped[str] = so.mapped_column(sa.String(10))
    rating_perilaku_note: so.Mapped[str] = so.mapped_column(sa.Text)
    predikat: so.Mapped[str] = so.mapped_column(sa.String(20))
    rated_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class AuditEvent(db.Model):
    """One transition of an assessment: who, when, from which state to which, and why."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_assessment_at", "assessment_id", "at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE")
    )
    actor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    trigger: so.Mapped[str] = so.mapped_column(sa.String(40))
    from_state: so.Mapped[str] = so.mapped_column(sa.String(30))
    to_state: so.Mapped[str] = so.mapped_column(sa.String(30))
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # What the event changed besides the state, as [{"field", "from", "to"}, ...] with field one
    # of AUDITED_FIELDS (a calibration's or an objection's rating change); None when nothing
    # else changed, and on rows written before it was recorded.
    changes: so.Mapped[list | None] = so.mapped_column(sa.JSON)
    # The hash chain that makes the log tamper-evident (services/review/audit_chain.py): the
    # previous event's hash and the hex SHA-256 of this event's content and prev_hash, both set
    # on insert; None would mean a row written around the chain, which verify-audit names.
    prev_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    hash: so.Mapped[str | None] = so.mapped_column(sa.String(64))

    AUDITED_FIELDS = ("rating_hasil_kerja", "rating_perilaku", "predikat")

    actor: so.Mapped[User] = so.relationship()
