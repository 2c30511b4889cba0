"""The job queue's records (services: portal.services.queue) and the e-mail outbox
(portal.services.messaging.outbox): what users and admins see of background work."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow


class BackgroundJob(db.Model):
    """One piece of background work: what it is (kind, and the row it works on), its state,
    its attempts and its last error. Huey carries the job to a worker; this row decides whether
    it runs: a worker claims it (state running, lease_until set) and nobody else runs it until
    it ends or the lease expires (its worker died), when the sweep sends it again."""

    __tablename__ = "background_jobs"
    __table_args__ = (sa.Index("ix_background_jobs_kind_target", "kind", "target_id"),
                      sa.Index("ix_background_jobs_state_lease", "state", "lease_until"))
    # retrying: the last attempt failed and another one is due after JOB_RETRY_DELAY.
    STATES = ("queued", "running", "retrying", "failed", "done")
    OPEN = ("queued", "running", "retrying")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    target_id: so.Mapped[int | None]
    state: so.Mapped[str] = so.mapped_column(sa.String(12), default="queued")
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    max_attempts: so.Mapped[int] = so.mapped_column(default=3)
    error: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    started_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    finished_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    # Until when the job belongs to whoever holds it: the queue (queued, retrying) or the worker
    # running it, who extends it as it makes progress. Past it, the sweep sends the job again.
    lease_until: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))


class OutboxMessage(db.Model):
    """One e-mail to send, written in the transaction that caused it; a sender claims it for a
    lease, sends it and records the attempt. Unsent after its lease (the sender crashed), it is
    claimed again; after OUTBOX_ATTEMPTS failures it is given up (failed_at, last_error)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_pending", "sent_at", "failed_at", "id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    to_address: so.Mapped[str] = so.mapped_column(sa.String(320))
    to_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    subject: so.Mapped[str] = so.mapped_column(sa.String(300))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    # The notifications the message tells of: marked emailed_at once it is sent.
    notification_ids: so.Mapped[list[int]] = so.mapped_column(sa.JSON, default=list)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    claimed_until: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    last_error: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    sent_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    failed_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
