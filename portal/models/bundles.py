"""Zips of a unit's PDFs, built in the background (services: portal.documents.bundles)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.org import Agency, Unit
from portal.models.people import User
from portal.models.periods import Period


class DocumentBundle(db.Model):
    """One zip of the documents of a unit and its sub-units for a period: who asked, how far the
    build has gone, and the zip's file once done (removed when it expires or is replaced)."""

    __tablename__ = "document_bundles"
    __table_args__ = (sa.Index("ix_document_bundles_unit_period", "unit_id", "period_id"),)
    KINDS = ("evaluasi", "skp")
    RUNNING = ("queued", "building")
    # expired: the file was removed after BUNDLE_MAX_AGE_HOURS; replaced: a newer zip of the
    # same unit, period and kind was built, and this one's file was removed.
    STATUSES = ("queued", "building", "done", "failed", "expired", "replaced")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    requested_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"), index=True)
    unit_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("units.id"))
    period_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("periods.id"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(12))
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="queued")
    total: so.Mapped[int] = so.mapped_column(default=0)
    done: so.Mapped[int] = so.mapped_column(default=0)
    stored_name: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    size: so.Mapped[int | None]
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    finished_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    # When the build last wrote its progress (each PDF commits); services.queue's BackgroundJob
    # tells whether it is still running.
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    requested_by: so.Mapped[User] = so.relationship()
    agency: so.Mapped[Agency] = so.relationship()
    unit: so.Mapped[Unit] = so.relationship()
    period: so.Mapped[Period] = so.relationship()
