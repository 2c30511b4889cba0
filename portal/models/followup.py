"""Tindak lanjut of an approved assessment (domain.md §12): the follow-up the predikat proposes
and the decision on it, the development plan with its items and check-ins, and their audit."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.org import Agency
from portal.models.people import Employee, User


class FollowUp(db.Model):
    """The follow-up of one approved assessment: what the predikat proposed (proposed_kind),
    what BKD or the agency decided (status, kind, track, reason) and, for a shortlist, the
    outcome. employee_id and agency_id are copied from the assessment for the lists."""

    __tablename__ = "followups"
    __table_args__ = (sa.Index("ix_followups_agency_kind_status", "agency_id", "kind", "status"),)
    STATUSES = ("proposed", "accepted", "changed", "refused")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), unique=True)
    employee_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"), index=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"))
    predikat: so.Mapped[str] = so.mapped_column(sa.String(20))
    proposed_kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    # recognition: what the employee is put forward for (rules.followup.TRACKS)
    track: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    # the development needs the ratings pointed at (rules.followup.needs), as codes
    needs: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="proposed")
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    decided_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    outcome: so.Mapped[str | None] = so.mapped_column(sa.String(12))
    outcome_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True),
                                                          default=utcnow)

    employee: so.Mapped[Employee] = so.relationship()
    agency: so.Mapped[Agency] = so.relationship()
    decided_by: so.Mapped[User | None] = so.relationship()
    plan: so.Mapped[DevelopmentPlan | None] = so.relationship(
        back_populates="followup", uselist=False, cascade="all, delete-orphan")


class DevelopmentPlan(db.Model):
    """A development plan (pembinaan): drafted and agreed by the employee and their assessor,
    checked during the next year and closed with a judgement. assessor_id is the assessor of
    the assessment it follows, who keeps the plan even if a move gives the employee another."""

    __tablename__ = "development_plans"
    __table_args__ = (sa.Index("ix_development_plans_agency_state", "agency_id", "state"),)
    STATES = ("draft", "agreed", "closed")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    followup_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("followups.id", ondelete="CASCADE"), unique=True)
    employee_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"))
    assessor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("employees.id"),
                                                          index=True)
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agencies.id"))
    state: so.Mapped[str] = so.mapped_column(sa.String(10), default="draft")
    start_on: so.Mapped[dt.date]
    end_on: so.Mapped[dt.date]
    employee_agreed_at: so.Mapped[dt.datetime | None] = so.mapped_column(
        sa.DateTime(timezone=True))
    assessor_agreed_at: so.Mapped[dt.datetime | None] = so.mapped_column(
        sa.DateTime(timezone=True))
    judgement: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    closing_note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    closed_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))

    followup: so.Mapped[FollowUp] = so.relationship(back_populates="plan")
    employee: so.Mapped[Employee] = so.relationship(foreign_keys=[employee_id])
    assessor: so.Mapped[Employee | None] = so.relationship(foreign_keys=[assessor_id])
    items: so.Mapped[list[PlanItem]] = so.relationship(
        order_by="PlanItem.id", cascade="all, delete-orphan")
    checkins: so.Mapped[list[PlanCheckin]] = so.relationship(
        order_by="PlanCheckin.due_on", cascade="all, delete-orphan")


class PlanItem(db.Model):
    """One line of a development plan: a goal, the actions, the support and the date it is due
    by; value_code names the need it came from when the portal suggested it."""

    __tablename__ = "plan_items"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    plan_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("development_plans.id", ondelete="CASCADE"), index=True)
    goal: so.Mapped[str] = so.mapped_column(sa.Text)
    action: so.Mapped[str] = so.mapped_column(sa.Text)
    support: so.Mapped[str] = so.mapped_column(sa.String(20))
    due_on: so.Mapped[dt.date]
    need: so.Mapped[str | None] = so.mapped_column(sa.String(30))


class PlanCheckin(db.Model):
    """A check-in of an agreed plan, scheduled on due_on; held_on and the note are recorded by
    the assessor when it takes place."""

    __tablename__ = "plan_checkins"
    __table_args__ = (sa.Index("ix_plan_checkins_pending", "plan_id", "held_on", "due_on"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    plan_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("development_plans.id", ondelete="CASCADE"))
    due_on: so.Mapped[dt.date]
    held_on: so.Mapped[dt.date | None]
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))


class FollowUpEvent(db.Model):
    """One change of a follow-up or its plan: who (None: the portal's own proposal), when,
    what (action), from which status or state to which, why, and the fields changed."""

    __tablename__ = "followup_events"
    __table_args__ = (sa.Index("ix_followup_events_followup_at", "followup_id", "at"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    followup_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("followups.id", ondelete="CASCADE"))
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    action: so.Mapped[str] = so.mapped_column(sa.String(30))
    from_status: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    to_status: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # [{"field", "from", "to"}, ...]
    changes: so.Mapped[list | None] = so.mapped_column(sa.JSON)

    actor: so.Mapped[User | None] = so.relationship()
