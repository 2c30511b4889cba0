"""An employee's history across periods: for each period they had an assessment, the agency,
unit and post held at the time, the state, the predikat and both ratings, the periodic ratings,
and the evaluation periods with a realisation (which the documents follow).

Who sees what is access.visible_to, row by row: the employee sees every period, their assessor
and the assessor's superior deciding an objection the periods they took part in, the agency's
committee and head that agency's periods, BKD admins all. The page opens for the employee, the
roles of the agency they work in now, BKD admins, and anyone who may read one of the periods.

A fixed number of statements whatever the number of periods.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import (
    Agency, Assessment, Employee, Indicator, Period, Position, Realisation, Rhk,
)
from portal.models.assessments import PeriodicRating
from portal.models.moves import Posting
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.people import moves
from portal.services.people.access import visible_to
from workflows.assessment import Actor


@dataclass
class Entry:
    """One period of the employee's history."""

    assessment: Assessment            # with its period and assessor loaded
    agency: Agency
    post: Position | None             # the own post held at the end of the period (or the
                                      # latest held in it); with its unit loaded
    periodic: list[PeriodicRating] = field(default_factory=list)  # by evaluation period
    realised: set[int] = field(default_factory=set)  # evaluation periods with a realisation


def entries(actor: Actor, employee: Employee) -> list[Entry] | None:
    """The periods of employee's history actor may read, newest first; None when actor may not
    open the history at all."""
    assessments = list(db.session.scalars(
        sa.select(Assessment).join(Period, Period.id == Assessment.period_id)
        .where(Assessment.employee_id == employee.id, visible_to(actor))
        .options(so.joinedload(Assessment.period), so.joinedload(Assessment.assessor))
        .order_by(Period.year.desc())))
    if not assessments and not _may_open(actor, employee):
        return None
    if not assessments:
        return []
    ids = [a.id for a in assessments]
    agencies = {a.id: a for a in db.session.scalars(
        sa.select(Agency).where(Agency.id.in_({a.agency_id for a in assessments})))}
    periodic: dict[int, list[PeriodicRating]] = defaultdict(list)
    for rating in db.session.scalars(sa.select(PeriodicRating).where(
            PeriodicRating.assessment_id.in_(ids)).order_by(PeriodicRating.period_no)):
        periodic[rating.assessment_id].append(rating)
    realised: dict[int, set[int]] = defaultdict(set)
    for assessment_id, period_no in db.session.execute(
            sa.select(Rhk.assessment_id, Realisation.period_no).distinct()
            .join(Indicator, Indicator.rhk_id == Rhk.id)
            .join(Realisation, Realisation.indicator_id == Indicator.id)
            .where(Rhk.assessment_id.in_(ids))):
        realised[assessment_id].add(period_no)
    postings = [p for p in moves.history(employee.id) if p.kind not in Posting.ACTING]
    return [Entry(a, agencies[a.agency_id], post_in(a.period.year, postings, employee),
                  periodic[a.id], realised[a.id]) for a in assessments]


def _may_open(actor: Actor, employee: Employee) -> bool:
    """Open even without a period to show: the employee, BKD, the roles of their agency now."""
    if actor.is_admin or actor.employee_id == employee.id:
        return True
    roles = actor.committee_agencies | actor.approver_agencies
    return bool(roles) and moves.agency_of(employee) in roles


def post_in(year: int, postings: list[Posting], employee: Employee) -> Position | None:
    """The own post held at the end of year (or the latest one started in it), from the
    postings of moves.history; the post held now when no posting covers the year (history
    kept only since the portal recorded moves)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    held = [p for p in postings
            if (p.starts_on is None or p.starts_on <= end)
            and (p.ends_on is None or p.ends_on >= start)]
    if not held:
        return employee.position
    return max(held, key=lambda p: (p.starts_on or dt.date.min, p.id)).position


# --- trend ---------------------------------------------------------------------------------------

UP, DOWN, SAME = "up", "down", "same"


def trend(entries: list[Entry]) -> dict[int, str | None]:
    """By assessment id: how its final predikat compares with the one of the latest earlier
    period that has one: UP (better), DOWN (worse), SAME, or None (no predikat yet, or none
    before to compare with)."""
    found: dict[int, str | None] = {}
    previous = None
    for entry in sorted(entries, key=lambda e: e.assessment.period.year):
        predikat = entry.assessment.predikat
        if predikat is None:
            found[entry.assessment.id] = None
            continue
        rank = PREDIKAT_ORDER.index(predikat)
        found[entry.assessment.id] = (None if previous is None else
                                      UP if rank < previous else DOWN if rank > previous else SAME)
        previous = rank
    return found
