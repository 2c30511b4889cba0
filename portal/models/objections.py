"""Keberatan (objections, PP 30/2019 Pasal 59) against a final predikat, and their statements."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.people import Employee, User


class Objection(db.Model):
    """An employee's written objection, decided by the atasan pejabat penilai kinerja."""

    __tablename__ = "objections"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    state: so.Mapped[str] = so.mapped_column(sa.String(30), default="filed")
    version: so.Mapped[int] = so.mapped_column(default=1)
    reasons: so.Mapped[str] = so.mapped_column(sa.Text)
    filed_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    # The atasan pejabat penilai kinerja (the assessor's own assessor) when it was filed.
    decider_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"), index=True)
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(10))  # upheld / changed
    decision_text: so.Mapped[str | None] = so.mapped_column(sa.Text)
    decided_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    # The ratings before the decision, kept when the decision changes them.
    before_hasil_kerja: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    before_perilaku: so.Mapped[str | None] = so.mapped_column(sa.String(10))

    decider: so.Mapped[Employee] = so.relationship()
    statements: so.Mapped[list[ObjectionStatement]] = so.relationship(
        order_by="ObjectionStatement.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class ObjectionStatement(db.Model):
    """An explanation given in an objection: by the employee, the assessor, or the decider."""

    __tablename__ = "objection_statements"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    objection_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("objections.id", ondelete="CASCADE"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(10))  # employee / assessor / decider
    author_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    author: so.Mapped[User] = so.relationship()
