"""The indicator library: suggested RHK with measurable indicators per sector, which BKD admins
maintain and an employee copies into a draft SKP; and which sector each agency works in.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.assessments import IndicatorTarget
from portal.models.base import utcnow
from portal.models.people import User


class SkpTemplate(db.Model):
    """A suggested Rencana Hasil Kerja of one sector, with its indicators (a template).

    Templates are grouped for reading by the post they suit (post). A retired template stays
    for the record but is no longer offered; who created, last changed and retired it is kept.
    """

    __tablename__ = "skp_templates"
    # 'umum' (general administration) is offered to every agency; the others to the agencies
    # mapped to that sector (AgencySector).
    SECTORS = ("kependudukan", "pendidikan", "kesehatan", "umum")
    GENERAL = "umum"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    sector: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    post: so.Mapped[str] = so.mapped_column(sa.String(200))
    approach: so.Mapped[str] = so.mapped_column(sa.String(12), default="kuantitatif")
    kind: so.Mapped[str] = so.mapped_column(sa.String(10), default="utama")
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    # None for the templates the portal seeded.
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    updated_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    retired_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    retired_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    indicators: so.Mapped[list[SkpTemplateIndicator]] = so.relationship(
        back_populates="template", order_by="SkpTemplateIndicator.id",
        cascade="all, delete-orphan")
    updated_by: so.Mapped[User | None] = so.relationship(foreign_keys=[updated_by_id])

    @property
    def active(self) -> bool:
        return self.retired_at is None


class SkpTemplateIndicator(IndicatorTarget, db.Model):
    """An indicator of a template: its aspect, target (as Indicator's columns) and the kind of
    objective data source it is measured by, if any (portal.rules.sources). The concrete service
    is bound by the employee when copying, for the sources that need one."""

    __tablename__ = "skp_template_indicators"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    template_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("skp_templates.id", ondelete="CASCADE"), index=True)

    template: so.Mapped[SkpTemplate] = so.relationship(back_populates="indicators")


class AgencySector(db.Model):
    """The sector an agency works in, which decides the templates its employees are offered
    besides the general ones; an agency without a row is offered the general ones only."""

    __tablename__ = "agency_sectors"

    agency_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True)
    sector: so.Mapped[str] = so.mapped_column(sa.String(20))
