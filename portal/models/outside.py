"""Steps taken outside the portal: the decision of an official who is not in it (the Governor,
who fixes and rates the Sekretaris Daerah's SKP), recorded by a BKD admin from the signed paper."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.assessments import Assessment, AuditEvent
from portal.models.base import utcnow
from portal.models.people import User


class OutsideDecision(db.Model):
    """One decision of an official outside the portal on an assessment, with the scan of the
    signed paper; the workflow step it made is the audit event it names."""

    __tablename__ = "outside_decisions"
    # A workflow trigger (approve_targets, submit_review, approve, their returns) or
    # 'periodic_rating' (a periodic evaluation, which moves no state).
    STEPS = ("approve_targets", "return_targets", "periodic_rating", "submit_review",
             "return_self_assessment", "approve", "return_calibration")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    audit_event_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("audit_events.id", ondelete="SET NULL"))
    step: so.Mapped[str] = so.mapped_column(sa.String(30))
    period_no: so.Mapped[int | None]  # the evaluation period of a periodic rating
    official_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    official_title: so.Mapped[str] = so.mapped_column(sa.String(200))
    signed_on: so.Mapped[dt.date]
    # The scan of the signed paper, kept with the evidence files (outside the web root).
    scan_title: so.Mapped[str] = so.mapped_column(sa.String(255))
    scan_stored_name: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    scan_content_type: so.Mapped[str] = so.mapped_column(sa.String(120))
    scan_size: so.Mapped[int]
    recorded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    assessment: so.Mapped[Assessment] = so.relationship()
    audit_event: so.Mapped[AuditEvent | None] = so.relationship()
    recorded_by: so.Mapped[User] = so.relationship()
