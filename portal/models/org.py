"""The organisation: agencies (OPD), their units as a tree, and positions with reporting lines.

Who is whose Pejabat Penilai Kinerja follows from Position.parent_id, never from free text.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow

if TYPE_CHECKING:
    from portal.models.people import User


class Agency(db.Model):
    """A provincial agency (Organisasi Perangkat Daerah), e.g. Dinas Kesehatan."""

    __tablename__ = "agencies"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    address: so.Mapped[str | None] = so.mapped_column(sa.String(300))

    units: so.Mapped[list[Unit]] = so.relationship(back_populates="agency")


class Unit(db.Model):
    """An organisational unit of an agency (bidang, seksi, UPTD); the agency's root has no parent."""

    __tablename__ = "units"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"), index=True)
    parent_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("units.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))

    agency: so.Mapped[Agency] = so.relationship(back_populates="units")
    parent: so.Mapped[Unit | None] = so.relationship(remote_side=[id])


class Position(db.Model):
    """A post (jabatan) in a unit; parent_id is the post it reports to."""

    __tablename__ = "positions"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    unit_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("units.id"), index=True)
    parent_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("positions.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    jenis_jabatan: so.Mapped[str] = so.mapped_column(sa.String(40))
    # The level of a functional post (Ahli Muda, Terampil...; rules.reference.JENJANG); None
    # for structural and pelaksana posts. It sets the angka kredit koefisien (domain.md 12).
    jenjang: so.Mapped[str | None] = so.mapped_column(sa.String(20))

    unit: so.Mapped[Unit] = so.relationship()
    parent: so.Mapped[Position | None] = so.relationship(remote_side=[id])


class OrgEvent(db.Model):
    """One change an admin made to the organisation by hand: who, when, to which agency, what
    (action), on which unit or post (subject, its name at the time, so the history stays
    readable whatever happens to the row later) and each field from -> to."""

    __tablename__ = "org_events"
    ACTIONS = ("agency_created", "agency_changed", "unit_added", "unit_changed", "unit_deleted",
               "position_added", "position_changed")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"), index=True)
    actor_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    action: so.Mapped[str] = so.mapped_column(sa.String(20))
    subject: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    # [{"field": "name", "from": "...", "to": "..."}, ...]
    changes: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)

    actor: so.Mapped[User] = so.relationship()
