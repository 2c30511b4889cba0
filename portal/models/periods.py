"""Appraisal periods: the SKP year with its phase deadlines."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db


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
