"""The angka kredit data BKD keeps (domain.md 12): the koefisien and cumulative targets of each
jenjang, the percentage of each predikat, and the log of every change made to them.

Seeded by the migration from portal.rules.angka_kredit (figures unverified: `verified` stays
False until an admin checks a row against the regulation)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.people import User


class AngkaKreditJenjang(db.Model):
    """One jenjang's yearly koefisien and the cumulative AK for the next pangkat and jenjang
    (None: no next step)."""

    __tablename__ = "angka_kredit_jenjang"

    jenjang: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)
    koefisien: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(6, 2))
    target_pangkat: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(7, 2))
    target_jenjang: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(7, 2))
    verified: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())


class AngkaKreditPercent(db.Model):
    """The percentage of the koefisien one predikat earns."""

    __tablename__ = "angka_kredit_percent"

    predikat: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)
    percent: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(5, 2))
    verified: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())


class AngkaKreditEvent(db.Model):
    """One change an admin made to the angka kredit data: who, when, which row (subject: the
    jenjang or the predikat), each field from -> to, and why."""

    __tablename__ = "angka_kredit_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    actor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                  index=True)
    subject: so.Mapped[str] = so.mapped_column(sa.String(20))
    # [{"field": "koefisien", "from": "12.50", "to": "13.00"}, ...]
    changes: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    actor: so.Mapped[User] = so.relationship()
