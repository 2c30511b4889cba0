"""Tindak lanjut (domain.md §12): the follow-up an approved predikat proposes, the decision of
BKD or the agency on it, the shortlist's outcome, and development plans from draft to closing.

Every change is audited in FollowUpEvent (who, when, from, to, why) in the transaction that
makes it. The proposal is made when an assessment is approved, and made again when an objection
changes its predikat (connect() subscribes both).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from portal import signals
from portal.extensions import db
from portal.models import (
    Agency,
    Assessment,
    DevelopmentPlan,
    Employee,
    FollowUp,
    FollowUpEvent,
    PeerReview,
    PlanCheckin,
    PlanItem,
    Position,
)
from portal.models.base import utcnow
from portal.rules import followup as rules
from portal.rules.berakhlak import BY_CODE
from portal.services.clock import today
from portal.services.errors import Invalid, NotAllowed, NotNow
from portal.services.feedback.peers import published_round
from workflows.assessment import Actor

DECISIONS = ("accept", "change", "refuse")
DECISION_STATUS = {"accept": "accepted", "change": "changed", "refuse": "refused"}
PAGE_SIZE = 25
TEXT_MAX = 2000


# --- proposing --------------------------------------------------------------------------------

def value_levels(assessment: Assessment) -> dict[str, int | None]:
    """The published level (1..3) of each BerAKHLAK value's behaviour ratings on the assessment,
    the lowest over its published peer-feedback rounds (annual and periodic); never from a round
    that is not published, so nothing is learnt of unpublished answers."""
    levels: dict[str, int | None] = {}
    rounds = db.session.scalars(sa.select(PeerReview.period_no).distinct().where(
        PeerReview.assessment_id == assessment.id))
    for period_no in sorted(rounds):
        shown = published_round(assessment, period_no)
        if shown.aggregate is None:
            continue
        for value in shown.aggregate.values:
            if value.level is not None:
                known = levels.get(value.code)
                levels[value.code] = value.level if known is None else min(known, value.level)
    return levels


def propose(assessment: Assessment) -> FollowUp | None:
    """Make (or bring up to date) the follow-up of an approved assessment from its predikat.

    Nothing changes when the predikat is the one already proposed. A new predikat (an objection
    decided, a reopened assessment approved again) replaces the proposal and sets it back to
    'proposed'; a plan not yet agreed is dropped when the new proposal is not a plan. Commits.
    """
    found, changed = _proposal(assessment)
    if changed:
        db.session.commit()
    return found


def _proposal(assessment: Assessment) -> tuple[FollowUp | None, bool]:
    """propose() without the commit: the follow-up, and whether it was made or changed."""
    if assessment.state != "approved" or not assessment.predikat:
        return None, False
    kind = rules.proposal(assessment.predikat)
    found = db.session.scalar(sa.select(FollowUp).where(
        FollowUp.assessment_id == assessment.id))
    if found is not None and found.predikat == assessment.predikat:
        return found, False
    needs = list(rules.needs(assessment.rating_hasil_kerja, assessment.rating_perilaku,
                             value_levels(assessment)))
    if found is None:
        found = FollowUp(assessment_id=assessment.id, employee_id=assessment.employee_id,
                         agency_id=assessment.agency_id, predikat=assessment.predikat,
                         proposed_kind=kind, kind=kind, needs=needs, status="proposed",
                         reason="")
        db.session.add(found)
        db.session.flush()
        _event(found, None, "proposed", "", "proposed", changes=[
            {"field": "kind", "from": None, "to": kind}])
    else:
        before = (found.status, found.predikat, found.kind)
        found.predikat, found.proposed_kind, found.kind = assessment.predikat, kind, kind
        found.needs, found.status, found.track, found.outcome = needs, "proposed", None, None
        found.decided_by_id = found.decided_at = found.outcome_at = None
        found.reason = ""
        if found.plan is not None and found.plan.state == "draft":
            db.session.delete(found.plan)
        _event(found, None, "proposed_again", before[0], "proposed", changes=[
            {"field": "predikat", "from": before[1], "to": assessment.predikat},
            {"field": "kind", "from": before[2], "to": kind}])
    return found, True


def _event(followup: FollowUp, actor: Actor | None, action: str, from_status: str,
           to_status: str, reason: str = "", changes: list | None = None) -> None:
    db.session.add(FollowUpEvent(followup_id=followup.id,
                                 actor_id=actor.user_id if actor else None, action=action,
                                 from_status=from_status, to_status=to_status,
                                 reason=reason, changes=changes or None))


def on_transition(assessment: Assessment, **kwargs) -> None:
    """The proposal of an approved assessment, in a savepoint of the approval's transaction
    (the signal is sent before its commit): one COMMIT for both. A proposal another request
    made at the same moment (the unique assessment_id) rolls back only the savepoint, and the
    approval stands."""
    if assessment.state == "approved":
        try:
            with db.session.begin_nested():
                _proposal(assessment)
        except IntegrityError:
            pass


def on_objection(objection, event: str = "", **kwargs) -> None:
    """propose() again once an objection's decision has committed (its signal is sent after
    the commit): a proposal another request made at the same moment (the unique
    assessment_id) is theirs to keep, and the decision stands either way."""
    if event == "decided":
        assessment = db.session.get(Assessment, objection.assessment_id)
        if assessment is not None:
            try:
                propose(assessment)
            except IntegrityError:
                db.session.rollback()


def connect() -> None:
    """Propose follow-up when an assessment is approved or an objection changes its result
    (idempotent: blinker keeps one of each)."""
    signals.assessment_transitioned.connect(on_transition)
    signals.objection_changed.connect(on_objection)


# --- deciding ---------------------------------------------------------------------------------

def may_decide(actor: Actor, agency_id: int) -> bool:
    """BKD (admin) and the agency's head decide on its follow-up."""
    return actor.is_admin or agency_id in actor.approver_agencies


def may_list(actor: Actor) -> bool:
    return actor.is_admin or bool(actor.approver_agencies)


def load(followup_id: int) -> FollowUp | None:
    return db.session.get(FollowUp, followup_id)


def check_decider(followup: FollowUp, actor: Actor) -> None:
    if not may_decide(actor, followup.agency_id):
        raise NotAllowed("followup_not_yours")


def _clean(text: str | None, field: str, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise Invalid(f"followup_{field}_required")
    if len(text) > TEXT_MAX or "\x00" in text:
        raise Invalid("followup_text_invalid", field=field, max=TEXT_MAX)
    return text


def is_settled(followup: FollowUp) -> bool:
    """Whether the follow-up is under way and can no longer be decided again: its plan is
    agreed (or closed), or the shortlist's outcome is recorded."""
    return bool((followup.plan is not None and followup.plan.state != "draft")
                or followup.outcome)


def decide(followup: FollowUp, actor: Actor, decision: str, *, reason: str = "",
           kind: str | None = None, track: str | None = None) -> None:
    """Accept, change or refuse the proposal (again, while no plan is agreed and no outcome
    recorded); a change or a refusal needs its reason. Accepting or changing to a plan opens
    the plan's draft with the suggested items. Commits.

    Args:
        decision: 'accept', 'change' or 'refuse'.
        reason: why (required to change or refuse).
        kind: the follow-up decided, for a change (rules.followup.KINDS).
        track: for a shortlist, what the employee is put forward for (rules.followup.TRACKS).

    Raises:
        NotAllowed: not BKD nor the agency's head.
        NotNow: the plan is already agreed, or the shortlist's outcome recorded.
        Invalid: an unknown decision, kind or track, or a missing reason.
    """
    check_decider(followup, actor)
    if decision not in DECISIONS:
        raise Invalid("followup_decision_unknown")
    if is_settled(followup):
        raise NotNow("followup_settled")
    reason = _clean(reason, "reason", required=decision != "accept")
    new_kind = followup.kind if decision != "change" else kind
    if decision == "accept":
        new_kind = followup.proposed_kind
    if new_kind not in rules.KINDS:
        raise Invalid("followup_kind_unknown")
    if track and (track not in rules.TRACKS or new_kind != rules.RECOGNITION):
        raise Invalid("followup_track_unknown")
    if decision == "change" and new_kind == followup.kind and (track or None) == followup.track:
        raise Invalid("followup_change_nothing")
    if decision == "refuse":
        new_kind, track = followup.kind, None
    before = (followup.status, followup.kind, followup.track)
    followup.status = DECISION_STATUS[decision]
    followup.kind = new_kind
    followup.track = (track or followup.track or "training") if new_kind == rules.RECOGNITION \
        and decision != "refuse" else None
    followup.reason, followup.decided_by_id, followup.decided_at = reason, actor.user_id, utcnow()
    wants_plan = new_kind == rules.DEVELOPMENT_PLAN and decision != "refuse"
    opened = wants_plan and followup.plan is None
    if opened:
        _open_plan(followup)
    elif not wants_plan and followup.plan is not None:
        db.session.delete(followup.plan)  # a draft only (an agreed plan is settled above)
    changes = [{"field": name, "from": old, "to": new} for name, old, new in
               (("kind", before[1], followup.kind), ("track", before[2], followup.track))
               if old != new]
    _event(followup, actor, decision, before[0], followup.status, reason, changes)
    db.session.commit()
    if opened:
        signals.followup_changed.send(followup, actor=actor, event="plan_opened")


def _open_plan(followup: FollowUp) -> DevelopmentPlan:
    """The draft plan of a follow-up, with one suggested item per development need."""
    assessment = db.session.get(Assessment, followup.assessment_id)
    start = today()
    plan = DevelopmentPlan(employee_id=followup.employee_id, assessor_id=assessment.assessor_id,
                           agency_id=followup.agency_id, state="draft", start_on=start,
                           end_on=rules.default_end(start), closing_note="")
    support = rules.default_support(followup.predikat)
    for need in followup.needs or [rules.HASIL_KERJA]:
        goal, action = suggestion(need)
        plan.items.append(PlanItem(goal=goal, action=action, support=support,
                                   due_on=plan.end_on, need=need))
    followup.plan = plan
    return plan


def suggestion(need: str) -> tuple[str, str]:
    """The goal and action suggested for a development need (Indonesian, stored as typed text
    the parties then edit)."""
    if need == rules.HASIL_KERJA:
        return ("Mencapai target indikator kinerja yang belum tercapai",
                "Menyusun langkah kerja per triwulan dan membahas capaiannya dengan atasan")
    if need == rules.PERILAKU:
        return ("Menunjukkan perilaku kerja sesuai ekspektasi pimpinan",
                "Membahas ekspektasi perilaku BerAKHLAK dengan atasan setiap bulan")
    value = BY_CODE[need]
    return (f"Meningkatkan perilaku {value.name}",
            f"Mempraktikkan: {value.guides[0]}; {value.guides[2]}")


def record_outcome(followup: FollowUp, actor: Actor, outcome: str, note: str = "") -> None:
    """Record how a shortlist ended (attended, awarded, declined). Commits.

    Raises:
        NotAllowed: not BKD nor the agency's head.
        NotNow: not an accepted or changed shortlist.
        Invalid: an unknown outcome.
    """
    check_decider(followup, actor)
    if followup.kind != rules.RECOGNITION or followup.status not in ("accepted", "changed"):
        raise NotNow("followup_no_shortlist")
    if outcome not in rules.OUTCOMES:
        raise Invalid("followup_outcome_unknown")
    note = _clean(note, "note")
    before = followup.outcome
    followup.outcome, followup.outcome_at = outcome, utcnow()
    _event(followup, actor, "outcome", followup.status, followup.status, note,
           [{"field": "outcome", "from": before, "to": outcome}])
    db.session.commit()
    signals.followup_changed.send(followup, actor=actor, event="outcome")


# --- development plans -----------------------------------------------------------------------

def load_plan(plan_id: int) -> DevelopmentPlan | None:
    return db.session.scalar(
        sa.select(DevelopmentPlan).where(DevelopmentPlan.id == plan_id).options(
            so.joinedload(DevelopmentPlan.followup), so.joinedload(DevelopmentPlan.employee),
            so.joinedload(DevelopmentPlan.assessor), so.selectinload(DevelopmentPlan.items),
            so.selectinload(DevelopmentPlan.checkins)))


def _superior_of(employee_id: int | None) -> int | None:
    """The holder of the post above the employee's post (the assessor's own assessor)."""
    if employee_id is None:
        return None
    above = sa.select(Position.parent_id).join(Employee, Employee.position_id == Position.id) \
        .where(Employee.id == employee_id).scalar_subquery()
    return db.session.scalar(sa.select(Employee.id).where(Employee.position_id == above))


def role_of(plan: DevelopmentPlan, actor: Actor) -> str | None:
    """What the actor is to the plan: 'employee', 'assessor', 'superior' (the assessor's own
    superior), 'head' (the agency's approver), 'admin' (BKD), or None (may not see it)."""
    if actor.employee_id is not None:
        if actor.employee_id == plan.employee_id:
            return "employee"
        if actor.employee_id == plan.assessor_id:
            return "assessor"
    if actor.is_admin:
        return "admin"
    if plan.agency_id in actor.approver_agencies:
        return "head"
    if actor.employee_id is not None and actor.employee_id == _superior_of(plan.assessor_id):
        return "superior"
    return None


def check_plan_view(plan: DevelopmentPlan, actor: Actor) -> str:
    role = role_of(plan, actor)
    if role is None:
        raise NotAllowed("plan_not_yours")
    return role


def _check_party(plan: DevelopmentPlan, actor: Actor, *roles: str) -> str:
    role = check_plan_view(plan, actor)
    if role not in roles:
        raise NotAllowed("plan_not_your_step")
    return role


def _check_draft(plan: DevelopmentPlan, actor: Actor) -> str:
    role = _check_party(plan, actor, "employee", "assessor")
    if plan.state != "draft":
        raise NotNow("plan_not_draft")
    return role


def _unagree(plan: DevelopmentPlan) -> None:
    """An edit after one party agreed asks both to agree again (to what they now read)."""
    plan.employee_agreed_at = plan.assessor_agreed_at = None


def _plan_event(plan: DevelopmentPlan, actor: Actor, action: str, from_state: str,
                to_state: str, reason: str = "", changes: list | None = None) -> None:
    _event(plan.followup, actor, action, from_state, to_state, reason, changes)


@dataclass(frozen=True)
class ItemInput:
    goal: str
    action: str
    support: str
    due_on: dt.date | None


def _check_item(plan: DevelopmentPlan, item: ItemInput) -> ItemInput:
    goal = _clean(item.goal, "goal", required=True)
    action = _clean(item.action, "action", required=True)
    if item.support not in rules.SUPPORTS:
        raise Invalid("plan_support_unknown")
    if item.due_on is None or not plan.start_on <= item.due_on <= plan.end_on:
        raise Invalid("plan_due_outside", start=plan.start_on, end=plan.end_on)
    return ItemInput(goal, action, item.support, item.due_on)


def add_item(plan: DevelopmentPlan, actor: Actor, item: ItemInput) -> PlanItem:
    """Add a line to a draft plan (the employee or the assessor). Commits."""
    _check_draft(plan, actor)
    item = _check_item(plan, item)
    row = PlanItem(goal=item.goal, action=item.action, support=item.support, due_on=item.due_on)
    plan.items.append(row)
    _unagree(plan)
    _plan_event(plan, actor, "plan_item_added", plan.state, plan.state,
                changes=[{"field": "item", "from": None, "to": item.goal}])
    db.session.commit()
    return row


def remove_item(plan: DevelopmentPlan, actor: Actor, item_id: int) -> None:
    """Remove a line of a draft plan. Commits."""
    _check_draft(plan, actor)
    row = next((i for i in plan.items if i.id == item_id), None)
    if row is None:
        raise Invalid("plan_item_unknown")
    plan.items.remove(row)
    _unagree(plan)
    _plan_event(plan, actor, "plan_item_removed", plan.state, plan.state,
                changes=[{"field": "item", "from": row.goal, "to": None}])
    db.session.commit()


def set_dates(plan: DevelopmentPlan, actor: Actor, start: dt.date | None,
              end: dt.date | None) -> None:
    """Set a draft plan's start and end (the end after the start, within two years). Commits."""
    _check_draft(plan, actor)
    if start is None or end is None or end <= start or end > rules.add_months(start, 24):
        raise Invalid("plan_dates_invalid")
    changes = [{"field": name, "from": old.isoformat(), "to": new.isoformat()}
               for name, old, new in (("start_on", plan.start_on, start),
                                      ("end_on", plan.end_on, end)) if old != new]
    if not changes:
        return
    plan.start_on, plan.end_on = start, end
    for row in plan.items:  # items keep within the plan
        row.due_on = min(max(row.due_on, start), end)
    _unagree(plan)
    _plan_event(plan, actor, "plan_dates", plan.state, plan.state, changes=changes)
    db.session.commit()


def agree(plan: DevelopmentPlan, actor: Actor) -> None:
    """The employee's or the assessor's agreement; with both, the plan is agreed and its
    check-ins are scheduled (rules.followup.checkin_dates). Commits.

    Raises:
        NotNow: not a draft, or a draft without any item.
    """
    role = _check_draft(plan, actor)
    if not plan.items:
        raise NotNow("plan_empty")
    if role == "employee":
        plan.employee_agreed_at = plan.employee_agreed_at or utcnow()
    else:
        plan.assessor_agreed_at = plan.assessor_agreed_at or utcnow()
    to_state = plan.state
    if plan.employee_agreed_at and plan.assessor_agreed_at:
        to_state = plan.state = "agreed"
        plan.checkins = [PlanCheckin(due_on=day, note="")
                         for day in rules.checkin_dates(plan.start_on, plan.end_on)]
    _plan_event(plan, actor, f"plan_agreed_by_{role}", "draft", to_state)
    db.session.commit()
    signals.followup_changed.send(
        plan.followup, actor=actor,
        event="plan_agreed" if to_state == "agreed" else f"plan_agreed_by_{role}")


def record_checkin(plan: DevelopmentPlan, actor: Actor, note: str,
                   held_on: dt.date | None = None) -> PlanCheckin:
    """The assessor records a check-in: the earliest one still pending (one more when all are
    held). Commits.

    Raises:
        NotAllowed: not the plan's assessor.
        NotNow: the plan is not agreed (a draft, or closed).
        Invalid: no note, or a date in the future or before the plan.
    """
    _check_party(plan, actor, "assessor")
    if plan.state != "agreed":
        raise NotNow("plan_not_agreed")
    note = _clean(note, "note", required=True)
    day = held_on or today()
    if day > today() or day < plan.start_on:
        raise Invalid("plan_checkin_date")
    row = next((c for c in plan.checkins if c.held_on is None), None)
    if row is None:
        row = PlanCheckin(due_on=day)
        plan.checkins.append(row)
    row.held_on, row.note, row.recorded_by_id = day, note, actor.user_id
    _plan_event(plan, actor, "plan_checkin", plan.state, plan.state,
                changes=[{"field": "checkin", "from": row.due_on.isoformat(),
                          "to": day.isoformat()}])
    db.session.commit()
    signals.followup_changed.send(plan.followup, actor=actor, event="plan_checkin")
    return row


def close(plan: DevelopmentPlan, actor: Actor, judgement: str, note: str) -> None:
    """The assessor closes an agreed plan with a judgement and its reasons. Commits."""
    _check_party(plan, actor, "assessor")
    if plan.state != "agreed":
        raise NotNow("plan_not_agreed")
    if judgement not in rules.JUDGEMENTS:
        raise Invalid("plan_judgement_unknown")
    note = _clean(note, "note", required=True)
    plan.state, plan.judgement, plan.closing_note = "closed", judgement, note
    plan.closed_at = utcnow()
    _plan_event(plan, actor, "plan_closed", "agreed", "closed", note,
                [{"field": "judgement", "from": None, "to": judgement}])
    db.session.commit()
    signals.followup_changed.send(plan.followup, actor=actor, event="plan_closed")


def waiting_for(actor: Actor, on: dt.date | None = None) -> list[tuple[DevelopmentPlan, str]]:
    """The plans waiting for the actor, as (plan, what to do), for the home page (one query,
    none for a user who is no employee): 'agree' to a draft they have not agreed to, and for
    the assessor of an overdue plan 'checkin' (a check-in has passed unrecorded) or 'close'
    (its end has passed without the closing judgement)."""
    if actor.employee_id is None:
        return []
    on = on or today()
    plans = db.session.scalars(_waiting_statement(), {"me": actor.employee_id, "on": on})
    return [(plan, "agree" if plan.state == "draft" else
             "close" if plan.end_on < on else "checkin") for plan in plans]


def may_wait_for(employee_id) -> sa.ColumnElement[bool]:
    """A cheap condition true whenever waiting_for() would find a plan for the employee (a draft
    or agreed plan of theirs or that they assess; it may be true when waiting_for finds none):
    the home page asks waiting_for only then. Loosen it with waiting_for's rule."""
    return sa.exists().where(
        DevelopmentPlan.state.in_(("draft", "agreed")),
        sa.or_(DevelopmentPlan.employee_id == employee_id,
               DevelopmentPlan.assessor_id == employee_id))


@cache
def _waiting_statement() -> sa.Select:
    """waiting_for()'s statement with the employee and the day as parameters, built once per
    process: it runs on every home page, where building it anew with its cache key cost about
    1,200 Python calls a request (a seventh of the page)."""
    me, on = sa.bindparam("me"), sa.bindparam("on", type_=sa.Date)
    missed = sa.exists().where(PlanCheckin.plan_id == DevelopmentPlan.id,
                               PlanCheckin.held_on.is_(None), PlanCheckin.due_on < on)
    return (sa.select(DevelopmentPlan).join(DevelopmentPlan.employee)
            .options(so.contains_eager(DevelopmentPlan.employee))
            .where(sa.or_(
                sa.and_(DevelopmentPlan.state == "draft", sa.or_(
                    sa.and_(DevelopmentPlan.employee_id == me,
                            DevelopmentPlan.employee_agreed_at.is_(None)),
                    sa.and_(DevelopmentPlan.assessor_id == me,
                            DevelopmentPlan.assessor_agreed_at.is_(None)))),
                sa.and_(DevelopmentPlan.state == "agreed", DevelopmentPlan.assessor_id == me,
                        sa.or_(DevelopmentPlan.end_on < on, missed))))
            .order_by(DevelopmentPlan.state.desc(), Employee.name, DevelopmentPlan.id))


def is_overdue(plan: DevelopmentPlan, on: dt.date | None = None) -> bool:
    return rules.overdue(plan.state, plan.end_on,
                         [c.due_on for c in plan.checkins if c.held_on is None], on or today())


def events(followup_id: int) -> list[FollowUpEvent]:
    """The follow-up's audit, oldest first (one query)."""
    return list(db.session.scalars(
        sa.select(FollowUpEvent).where(FollowUpEvent.followup_id == followup_id)
        .options(so.joinedload(FollowUpEvent.actor))
        .order_by(FollowUpEvent.at, FollowUpEvent.id)))


# --- reading: one assessment, one employee ----------------------------------------------------

@dataclass(frozen=True)
class Summary:
    """What a page shows of one assessment's follow-up: the proposal, the decision, the outcome
    or the plan's state (plan_id to link to it), and whether the plan is overdue."""

    followup_id: int
    assessment_id: int
    predikat: str
    proposed_kind: str
    kind: str
    status: str
    track: str | None
    outcome: str | None
    needs: tuple[str, ...]
    plan_id: int | None
    plan_state: str | None
    overdue: bool


def _pending_due():
    """The earliest pending check-in of each plan, as a correlated scalar subquery."""
    return (sa.select(sa.func.min(PlanCheckin.due_on))
            .where(PlanCheckin.plan_id == DevelopmentPlan.id, PlanCheckin.held_on.is_(None))
            .scalar_subquery())


def _summary_select():
    return (sa.select(FollowUp, DevelopmentPlan.id, DevelopmentPlan.state,
                      DevelopmentPlan.end_on, _pending_due())
            .outerjoin(DevelopmentPlan, DevelopmentPlan.followup_id == FollowUp.id))


def _summary(row, on: dt.date) -> Summary:
    followup, plan_id, plan_state, end_on, pending = row
    return Summary(followup.id, followup.assessment_id, followup.predikat,
                   followup.proposed_kind, followup.kind, followup.status, followup.track,
                   followup.outcome, tuple(followup.needs or ()), plan_id, plan_state,
                   rules.overdue(plan_state or "", end_on, [pending] if pending else [], on))


def summary_for_assessment(assessment_id: int) -> Summary | None:
    """The follow-up of one assessment, or None (not approved yet): one query."""
    row = db.session.execute(_summary_select().where(
        FollowUp.assessment_id == assessment_id)).first()
    return _summary(row, today()) if row else None


def followup_for_employee(employee_id: int) -> dict[int, Summary]:
    """One employee's follow-up per assessment across the years, {assessment_id: Summary}:
    one query, whatever the number of years (for the employee's record)."""
    day = today()
    return {row[0].assessment_id: _summary(row, day) for row in db.session.execute(
        _summary_select().where(FollowUp.employee_id == employee_id))}


# --- lists for BKD and the agencies -----------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    agency_ids: tuple[int, ...] | None   # None: every agency (BKD)
    kind: str | None = None
    status: str | None = None


def visible_agencies(actor: Actor) -> list[Agency]:
    query = sa.select(Agency).order_by(Agency.name)
    if not actor.is_admin:
        query = query.where(Agency.id.in_(sorted(actor.approver_agencies)))
    return list(db.session.scalars(query))


def _list_select(filters: Filters):
    query = (sa.select(FollowUp, Employee, Agency, Assessment.period_id, DevelopmentPlan.id,
                       DevelopmentPlan.state, DevelopmentPlan.end_on, _pending_due())
             .join(Employee, Employee.id == FollowUp.employee_id)
             .join(Agency, Agency.id == FollowUp.agency_id)
             .join(Assessment, Assessment.id == FollowUp.assessment_id)
             .outerjoin(DevelopmentPlan, DevelopmentPlan.followup_id == FollowUp.id))
    if filters.agency_ids is not None:
        query = query.where(FollowUp.agency_id.in_(filters.agency_ids))
    if filters.kind:
        query = query.where(FollowUp.kind == filters.kind)
    if filters.status:
        query = query.where(FollowUp.status == filters.status)
    return query.order_by(Agency.name, FollowUp.kind, Employee.name, FollowUp.id)


@dataclass(frozen=True)
class Row:
    followup: FollowUp
    employee: Employee
    agency: Agency
    period_id: int
    summary: Summary


def _row(values, on: dt.date) -> Row:
    followup, employee, agency, period_id, plan_id, state, end_on, pending = values
    return Row(followup, employee, agency, period_id,
               _summary((followup, plan_id, state, end_on, pending), on))


def page(filters: Filters, page_no: int = 1) -> tuple[list[Row], bool]:
    """One page of the follow-up list and whether another follows: one statement."""
    day = today()
    rows = db.session.execute(_list_select(filters).limit(PAGE_SIZE + 1)
                              .offset((page_no - 1) * PAGE_SIZE)).all()
    return [_row(r, day) for r in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE


def every_row(filters: Filters):
    """Every row of the list (for the export), fetched in batches."""
    day = today()
    from portal.downloads import streamed

    for values in streamed(_list_select(filters)):
        yield _row(tuple(values), day)


def overdue_plans(agency_ids: tuple[int, ...] | None, limit: int = 50) -> list[tuple]:
    """Agreed plans that are overdue (a check-in or the end passed), oldest due first, with the
    employee and agency names: one statement. Rows: (plan_id, name, nip, agency, due)."""
    day = today()
    pending = _pending_due()
    due = sa.case((sa.and_(pending.is_not(None), pending < DevelopmentPlan.end_on), pending),
                  else_=DevelopmentPlan.end_on)
    query = (sa.select(DevelopmentPlan.id, Employee.name, Employee.nip, Agency.name,
                       due.label("due"))
             .join(Employee, Employee.id == DevelopmentPlan.employee_id)
             .join(Agency, Agency.id == DevelopmentPlan.agency_id)
             .where(DevelopmentPlan.state == "agreed",
                    sa.or_(DevelopmentPlan.end_on < day, pending < day))
             .order_by(due, Employee.name).limit(limit))
    if agency_ids is not None:
        query = query.where(DevelopmentPlan.agency_id.in_(agency_ids))
    return list(db.session.execute(query))
