"""Peer feedback (360): colleagues asked to rate an employee on the BerAKHLAK values."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.people import Employee, User


class PeerReview(db.Model):
    """One colleague asked for feedback on one assessment in one evaluation period.

    approved_by_id is empty while an employee's own proposal waits for the supervisor; a request
    made by the supervisor is approved at once. answered_at is set once, when the peer answers:
    an answer is never edited, and the unique key keeps a peer to one answer per period.
    """

    __tablename__ = "peer_reviews"
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "period_no", "reviewer_id"),
        # The reviewer's queue: "asked of me, not yet answered".
        sa.Index("ix_peer_reviews_reviewer_answered", "reviewer_id", "answered_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    period_no: so.Mapped[int] = so.mapped_column(default=0)  # 0 = the annual evaluation
    reviewer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"))
    requested_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    approved_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    deadline: so.Mapped[dt.date]
    created_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    answered_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    comment: so.Mapped[str | None] = so.mapped_column(sa.Text)

    reviewer: so.Mapped[Employee] = so.relationship()
    requested_by: so.Mapped[User] = so.relationship(foreign_keys=[requested_by_id])
    scores: so.Mapped[list[PeerScore]] = so.relationship(
        back_populates="review", cascade="all, delete-orphan")


class PeerScore(db.Model):
    """A peer's rating of one BerAKHLAK value: 1 below, 2 as, 3 above expectation."""

    __tablename__ = "peer_scores"
    __table_args__ = (sa.UniqueConstraint("review_id", "value_code"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    review_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("peer_reviews.id", ondelete="CASCADE"))
    value_code: so.Mapped[str] = so.mapped_column(sa.String(30))
    score: so.Mapped[int] = so.mapped_column(sa.SmallInteger)

    review: so.Mapped[PeerReview] = so.relationship(back_populates="scores")
