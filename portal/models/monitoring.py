"""The monitoring page's figures across agencies, computed by a background job
(portal.services.review.monitoring.refresh_figures) rather than on every page view."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow


class MonitoringFigure(db.Model):
    """One count of one agency in one period, as the last refresh found it: an exception
    (kind "exception", key its kind: no_supervisor...) or the assessments first approved on a
    day (kind "approved_on", key the day in Jambi, ISO). A row of kind "computed" (no agency)
    marks when the period was last refreshed, so a period with nothing to count still has one."""

    __tablename__ = "monitoring_figures"
    __table_args__ = (sa.UniqueConstraint("period_id", "agency_id", "kind", "key",
                                          name="uq_monitoring_figures_period_agency_kind_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    period_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("periods.id", ondelete="CASCADE"))
    agency_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("agencies.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    key: so.Mapped[str] = so.mapped_column(sa.String(30), default="")
    count: so.Mapped[int] = so.mapped_column(default=0)
    computed_at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True),
                                                           default=utcnow)
