"""Practice runs: a first-time user's rehearsal of the assessment workflow, kept apart from
every real table (no assessment, audit event or notification is ever written for one)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow


class PracticeRun(db.Model):
    """One user's practice assessment: its state in the assessment workflow
    (workflows.assessment.STATES), what the user typed and what the simulated supervisor did
    (data), and the steps taken (data["log"]). One per user; starting again resets it.

    version guards against a step sent twice (SQLAlchemy adds "AND version = :loaded" to every
    UPDATE, like on Assessment).
    """

    __tablename__ = "practice_runs"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    state: so.Mapped[str] = so.mapped_column(sa.String(32))
    data: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    version: so.Mapped[int] = so.mapped_column(default=1)
    started_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}
