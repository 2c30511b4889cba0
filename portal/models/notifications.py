"""In-app notifications and the log that keeps reminders to one a day."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow


class Notification(db.Model):
    """Something that happened and concerns user; the text is rendered from kind and params
    in the reader's language when shown."""

    __tablename__ = "notifications"
    # kind, created_at: the calibration page's "was the head asked today?" (asked_today).
    __table_args__ = (sa.Index("ix_notifications_user_read", "user_id", "read_at"),
                      sa.Index("ix_notifications_kind_created_at", "kind", "created_at"))

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    assessment_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    params: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    read_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    emailed_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))


class ReminderLog(db.Model):
    """One reminder sent: (user, assessment, kind) at most once a day, so cron may run twice."""

    __tablename__ = "reminder_logs"
    # sent_on first: the daily "already reminded today?" query filters on it alone.
    __table_args__ = (sa.UniqueConstraint("sent_on", "user_id", "assessment_id", "kind"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    sent_on: so.Mapped[dt.date]
