"""Rate-limit counts kept in the database, for every app server to share when no Redis is
configured (portal.ratelimits.DatabaseStorage)."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db


class RateLimitCount(db.Model):
    """One fixed window of one rate limit: the limiter's key (the limit, the endpoint and the
    client address), the hits counted so far, and when the window ends (seconds since the epoch).
    A row whose window has ended counts as zero and is deleted by the next count."""

    __tablename__ = "rate_limit_counts"
    __table_args__ = (sa.Index("ix_rate_limit_counts_expires_at", "expires_at"),)

    key: so.Mapped[str] = so.mapped_column(sa.String(512), primary_key=True)
    count: so.Mapped[int] = so.mapped_column(sa.Integer)
    expires_at: so.Mapped[float] = so.mapped_column(sa.Float(precision=53))
