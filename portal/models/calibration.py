"""Calibration data: the organisation's predikat, the spread rules, and finished calibrations."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.people import User


class OrgPredikat(db.Model):
    """The predikat kinerja organisasi of an agency for a period, with its basis."""

    __tablename__ = "org_predikats"
    __table_args__ = (sa.UniqueConstraint("agency_id", "period_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"))
    period_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("periods.id"))
    predikat: so.Mapped[str] = so.mapped_column(sa.String(20))
    basis: so.Mapped[str] = so.mapped_column(sa.Text)
    set_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    set_by: so.Mapped[User] = so.relationship()


class DistributionRule(db.Model):
    """One editable rule of the allowed spread (see portal.rules.distribution)."""

    __tablename__ = "distribution_rules"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    org_predikat: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    predikat: so.Mapped[str] = so.mapped_column(sa.String(80))  # comma-separated employee predikat
    percent: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(5, 2), default=Decimal(0))


class CalibrationRecord(db.Model):
    """A unit's calibration finished by a committee member, with the justification of a spread
    that breaks a rule (the curve is guidance, so breaking it needs words, not permission)."""

    __tablename__ = "calibration_records"
    __table_args__ = (sa.Index("ix_calibration_records_period_agency", "period_id", "agency_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    period_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("periods.id"))
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"))
    unit_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("units.id"))
    org_predikat: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    rules_broken: so.Mapped[int] = so.mapped_column(default=0)
    justification: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    assessments: so.Mapped[int] = so.mapped_column(default=0)
    finished_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    finished_by: so.Mapped[User] = so.relationship()
