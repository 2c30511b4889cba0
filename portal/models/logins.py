"""The log of sign-in attempts: what login throttling counts, and the audit of failed logins."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow


class LoginAttempt(db.Model):
    """One try to sign in: when, the account typed (normalised), from which client address, and
    how it ended. Never the password. The account is kept as typed, whether or not it exists, so
    the throttle treats unknown and known accounts alike."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        sa.Index("ix_login_attempts_login_at", "login", "at"),
        sa.Index("ix_login_attempts_address_at", "address", "at"),
    )
    OUTCOMES = ("succeeded", "failed", "throttled")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    login: so.Mapped[str] = so.mapped_column(sa.String(200))
    address: so.Mapped[str] = so.mapped_column(sa.String(64))
    # succeeded; failed (wrong or unknown login, or a disabled account); throttled (refused
    # unchecked during a lock-out).
    outcome: so.Mapped[str] = so.mapped_column(sa.String(10))
