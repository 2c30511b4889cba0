"""Appraisal periods: the SKP year with its phase deadlines, the agencies it is open for and the
runs that opened it."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.imports import JobTimes
from portal.models.org import Agency
from portal.models.people import User


class Period(db.Model):
    """One SKP year (1 January - 31 December) run by the BKD admin."""

    __tablename__ = "periods"
    STATUSES = ("draft", "open", "closed")
    FREQUENCIES = {"monthly": 12, "quarterly": 4}  # evaluation periods in the year

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    year: so.Mapped[int] = so.mapped_column(unique=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="draft")
    targets_due: so.Mapped[dt.date]
    self_assessment_due: so.Mapped[dt.date]
    review_due: so.Mapped[dt.date]
    calibration_due: so.Mapped[dt.date]
    approval_due: so.Mapped[dt.date]
    # Periodic evaluation: monthly or quarterly, the agency's choice (PermenPANRB 6/2022).
    evaluation_frequency: so.Mapped[str] = so.mapped_column(sa.String(10), default="quarterly")
    # Each periodic evaluation is due this many days after its month or quarter ends
    # (rules.deadlines.periodic_due), so a change of frequency keeps every date meaningful.
    periodic_due_days: so.Mapped[int] = so.mapped_column(default=10, server_default="10")
    # Days an employee has to object after the result is communicated (PP 30/2019: 14).
    objection_days: so.Mapped[int] = so.mapped_column(default=14)
    # Peer feedback is shown to the employee only once this many peers answered, so no single
    # answer can be traced to its author.
    peer_anonymity_threshold: so.Mapped[int] = so.mapped_column(default=3)

    @property
    def evaluation_periods(self) -> range:
        """The numbers of the periodic evaluations of the year (1-12 or 1-4)."""
        return range(1, self.FREQUENCIES[self.evaluation_frequency] + 1)

    @property
    def name(self) -> str:
        return f"SKP {self.year}"


class PeriodAgency(db.Model):
    """An agency the period is open for: its active staff have an assessment in it."""

    __tablename__ = "period_agencies"

    period_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("periods.id", ondelete="CASCADE"), primary_key=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"), primary_key=True,
                                                 index=True)
    opened_at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True),
                                                         default=utcnow)
    # None when opened outside the web (seed-demo, the CLI, a bench).
    opened_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    agency: so.Mapped[Agency] = so.relationship()
    opened_by: so.Mapped[User | None] = so.relationship()


class PeriodOpening(JobTimes, db.Model):
    """One run opening a period for a set of agencies, in the background, agency by agency.

    Statuses follow the import jobs' (services.imports.jobs): queued, then importing while the
    assessments are written, then done or failed (given up by the job queue after its last
    attempt, services.queue); each agency commits its progress (JobTimes.updated_at)."""

    __tablename__ = "period_openings"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    period_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("periods.id", ondelete="CASCADE"), index=True)
    started_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="queued")
    # The agencies of the run, in the order they are opened (ids; a repeat may name some that
    # were in already: their staff who have no assessment yet get one).
    agency_ids: so.Mapped[list[int]] = so.mapped_column(sa.JSON, default=list)
    total_agencies: so.Mapped[int] = so.mapped_column(default=0)
    done_agencies: so.Mapped[int] = so.mapped_column(default=0)
    created_rows: so.Mapped[int] = so.mapped_column(default=0)
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    period: so.Mapped[Period] = so.relationship()
    started_by: so.Mapped[User | None] = so.relationship()
