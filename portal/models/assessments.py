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


class Assessment(db.Model):
    """An SKP and its evaluation: targets, self-assessment, ratings and the derived predikat."""

    __tablename__ = "assessments"
    __table_args__ = (
        sa.UniqueConstraint("employee_id", "period_id"),
        # Queues: a supervisor's team, a committee's or approver's agency, filtered by state.
        sa.Index("ix_assessments_period_assessor", "period_id", "assessor_id"),
        sa.Index("ix_assessments_period_agency_state", "period_id", "agency_id", "state"),
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
    rating_perilaku: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    rating_note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    predikat: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    employee: so.Mapped[Employee] = so.relationship(foreign_keys=[employee_id])
    assessor: so.Mapped[Employee | None] = so.relationship(foreign_keys=[assessor_id])
    period: so.Mapped[Period] = so.relationship()
    rhks: so.Mapped[list[Rhk]] = so.relationship(
        back_populates="assessment", order_by="Rhk.id", cascade="all, delete-orphan"
    )

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

    assessment: so.Mapped[Assessment] = so.relationship(back_populates="rhks")
    indicators: so.Mapped[list[Indicator]] = so.relationship(
        back_populates="rhk", order_by="Indicator.id", cascade="all, delete-orphan"
    )


class Indicator(db.Model):
    """An Indikator Kinerja Individu (IKI) of an RHK, with its aspect and target."""

    __tablename__ = "indicators"
    ASPECTS = ("kuantitas", "kualitas", "waktu", "biaya")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    rhk_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("rhks.id", ondelete="CASCADE"), index=True
    )
    aspect: so.Mapped[str] = so.mapped_column(sa.String(10))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    target_value: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(14, 2))
    target_unit: so.Mapped[str] = so.mapped_column(sa.String(40))

    rhk: so.Mapped[Rhk] = so.relationship(back_populates="indicators")
    realisation: so.Mapped[Realisation | None] = so.relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )


class Realisation(db.Model):
    """What the employee achieved against one indicator, with a short account of the evidence."""

    __tablename__ = "realisations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    indicator_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("indicators.id", ondelete="CASCADE"), unique=True
    )
    value: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(14, 2))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    indicator: so.Mapped[Indicator] = so.relationship(back_populates="realisation")


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

    actor: so.Mapped[User] = so.relationship()
