"""Moves during the year (domain.md 12): the posts an employee has held, and who assessed each
evaluation period of an assessment.

Employee.position_id is the post held now; Posting keeps every post held, from when to when and
how it was taken (mutasi, promotion, an acting post alongside the own one). PeriodAssessor keeps
who was the Pejabat Penilai Kinerja of each evaluation period, so that a move never makes an
earlier period's evaluation name the new assessor.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.org import Position
from portal.models.people import Employee, User


class Posting(db.Model):
    """One post held by one employee from starts_on to ends_on (open while ends_on is None)."""

    __tablename__ = "postings"
    __table_args__ = (sa.Index("ix_postings_employee_starts", "employee_id", "starts_on"),)
    # mutasi and promosi replace the own post; plt and plh are held alongside it.
    KINDS = ("awal", "mutasi", "promosi", "plt", "plh")
    ACTING = ("plt", "plh")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    employee_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"))
    position_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("positions.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    # None for the post held before the portal kept history (its start is not known).
    starts_on: so.Mapped[dt.date | None]
    ends_on: so.Mapped[dt.date | None]
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    employee: so.Mapped[Employee] = so.relationship()
    position: so.Mapped[Position] = so.relationship()
    recorded_by: so.Mapped[User | None] = so.relationship()


class PeriodAssessor(db.Model):
    """The assessor of one evaluation period of an assessment (0 = the annual rating), set when
    the period's rating or feedback is given and kept when the assessor changes."""

    __tablename__ = "period_assessors"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "period_no"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    period_no: so.Mapped[int]
    assessor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    assessor: so.Mapped[Employee] = so.relationship()
