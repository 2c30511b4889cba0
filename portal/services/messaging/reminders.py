"""Daily reminders of due and overdue steps, for cron (`flask --app app send-reminders`).

Each waiting assessment of every open period whose step is due within N days, or overdue, reminds
whoever must act; an overdue step also tells the one above them (escalation). Peer feedback too:
a colleague with an unanswered request due within N days is reminded, and the assessor hears of
requests that expired unanswered in the last N days. ReminderLog keeps (user, assessment, kind)
to once a day, so a second run the same day sends nothing. Everything is set-based: a fixed
handful of queries and multi-row INSERTs whatever the province's size.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import (
    Assessment, Employee, Notification, PeerReview, Period, ReminderLog, RoleGrant, User,
)
from portal.models.base import utcnow
from portal.services.messaging import mail
from portal.services.feedback.peers import ASKING_STATES
from portal.rules.deadlines import DUE_FIELDS, Deadline
from portal.services import clock, queue
from portal.services.planning.periods import open_periods


@dataclass(frozen=True)
class Step:
    """Whose step a state is, and which deadline of the period it keeps."""

    owner: str       # employee / assessor / committee / approver
    due_field: str   # a date column of Period
    escalate_to: str | None  # who hears of it when overdue


# The owners agree with portal.services.messaging.notifications.STEP_OWNER (a test checks it).
# The deadline each state keeps is portal.rules.deadlines' (one map for every page).
STEPS = {
    "draft_targets": Step("employee", DUE_FIELDS["draft_targets"], "assessor"),
    "targets_submitted": Step("assessor", DUE_FIELDS["targets_submitted"], "upper"),
    "targets_approved": Step("employee", DUE_FIELDS["targets_approved"], "assessor"),
    "self_assessed": Step("assessor", DUE_FIELDS["self_assessed"], "upper"),
    "reviewed": Step("committee", DUE_FIELDS["reviewed"], "approver"),
    "calibrated": Step("approver", DUE_FIELDS["calibrated"], None),
}


@dataclass(frozen=True)
class Waiting:
    """One assessment waiting at a step, with the users concerned (None: no such user)."""

    assessment_id: int
    state: str
    agency_id: int
    employee_name: str
    assessor_name: str | None
    employee_user: int | None
    assessor_user: int | None
    upper_user: int | None  # the assessor's own assessor (atasan pejabat penilai)


@dataclass(frozen=True)
class PeerWaiting:
    """One approved, unanswered peer request whose deadline is near or just passed."""

    assessment_id: int
    deadline: dt.date
    employee_name: str
    reviewer_user: int | None
    assessor_user: int | None


@dataclass(frozen=True)
class Reminder:
    user_id: int
    assessment_id: int
    kind: str  # due / overdue / escalation / peer / peer_expired (ReminderLog.kind)
    params: dict = field(hash=False, compare=False)
    # Whether the notification links to the assessment: a colleague asked may not open it.
    linked: bool = field(default=True, compare=False)


@dataclass
class Summary:
    """What a run did, for the command's output."""

    today: dt.date
    period: str | None = None
    waiting: int = 0
    sent: Counter = field(default_factory=Counter)
    skipped: int = 0
    emails: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def due_states(period: Period, today: dt.date, days: int) -> dict[str, dt.date]:
    """The states whose deadline falls within days of today or has passed, with the deadline."""
    horizon = today + dt.timedelta(days=days)
    dues = {state: getattr(period, step.due_field) for state, step in STEPS.items()}
    return {state: due for state, due in dues.items() if due <= horizon}


def plan(waiting: list[Waiting], dues: dict[str, dt.date], today: dt.date, year: int,
         role_users: dict[tuple[str, int], list[int]]) -> list[Reminder]:
    """The reminders the waiting assessments call for (pure: no database).

    Args:
        waiting: assessments in the states of dues.
        dues: state -> deadline (from due_states).
        today: the day of the run; a deadline before it is overdue.
        year: the period's year (for the texts).
        role_users: (role, agency id) -> users holding 'committee' or 'approver' there.
    """
    reminders: dict[tuple[int, int, str], Reminder] = {}
    for w in waiting:
        step, due = STEPS[w.state], dues[w.state]
        overdue = Deadline(due, today).overdue
        params = dict(employee=w.employee_name, year=year, stage=w.state, due=due.isoformat())
        for user in _users(step.owner, w, role_users):
            kind = "overdue" if overdue else "due"
            reminders.setdefault((user, w.assessment_id, kind),
                                 Reminder(user, w.assessment_id, kind, params))
        if overdue and step.escalate_to:
            waiting_for = ({"employee": {"waiting_for": w.employee_name},
                            "assessor": {"waiting_for": w.assessor_name or "—"}}
                           .get(step.owner, {"waiting_role": step.owner}))
            for user in _users(step.escalate_to, w, role_users):
                if (user, w.assessment_id, "overdue") in reminders:
                    continue  # already told as the one who must act
                reminders.setdefault((user, w.assessment_id, "escalation"),
                                     Reminder(user, w.assessment_id, "escalation",
                                              {**params, **waiting_for}))
    return list(reminders.values())


def plan_peers(waiting: list[PeerWaiting], today: dt.date, year: int) -> list[Reminder]:
    """The peer-feedback reminders (pure: no database): the colleague while the deadline is
    ahead (today included), the assessor once it has passed unanswered. One reminder per user
    and assessment, naming the nearest deadline."""
    reminders: dict[tuple[int, int, str], Reminder] = {}
    for w in sorted(waiting, key=lambda w: w.deadline):
        params = dict(employee=w.employee_name, year=year, due=w.deadline.isoformat())
        if w.deadline >= today and w.reviewer_user is not None:
            reminders.setdefault((w.reviewer_user, w.assessment_id, "peer"),
                                 Reminder(w.reviewer_user, w.assessment_id, "peer", params,
                                          linked=False))
        elif w.deadline < today and w.assessor_user is not None:
            reminders.setdefault((w.assessor_user, w.assessment_id, "peer_expired"),
                                 Reminder(w.assessor_user, w.assessment_id, "peer_expired",
                                          params))
    return list(reminders.values())


def _users(who: str, w: Waiting, role_users: dict[tuple[str, int], list[int]]) -> list[int]:
    if who == "employee":
        users = [w.employee_user]
    elif who == "assessor":
        users = [w.assessor_user]
    elif who == "upper":
        users = [w.upper_user]
    else:  # a role of the agency, never the assessment's own parties
        parties = {w.employee_user} | ({w.assessor_user} if who == "committee" else set())
        users = [u for u in role_users.get((who, w.agency_id), []) if u not in parties]
    return [u for u in users if u is not None]


def _waiting(period: Period, states: list[str], within=None) -> list[Waiting]:
    """The period's assessments in states with their users, in one query; within, a SELECT of
    assessment ids, narrows them (the monitoring page's filtered set)."""
    assessor = so.aliased(Employee)
    employee_user, assessor_user, upper_user = (so.aliased(User) for _ in range(3))
    upper = so.aliased(Assessment)  # the assessor's own assessment names their assessor
    rows = db.session.execute(
        sa.select(Assessment.id, Assessment.state, Assessment.agency_id, Employee.name,
                  assessor.name, employee_user.id, assessor_user.id, upper_user.id)
        .join(Employee, Employee.id == Assessment.employee_id)
        .outerjoin(assessor, assessor.id == Assessment.assessor_id)
        .outerjoin(employee_user, sa.and_(employee_user.employee_id == Assessment.employee_id,
                                          employee_user.enabled))
        .outerjoin(assessor_user, sa.and_(assessor_user.employee_id == Assessment.assessor_id,
                                          assessor_user.enabled))
        .outerjoin(upper, sa.and_(upper.employee_id == Assessment.assessor_id,
                                  upper.period_id == Assessment.period_id))
        .outerjoin(upper_user, sa.and_(upper_user.employee_id == upper.assessor_id,
                                       upper_user.enabled))
        .where(Assessment.period_id == period.id, Assessment.state.in_(states),
               *([Assessment.id.in_(within)] if within is not None else []))
        .order_by(Assessment.id))
    return [Waiting(*row) for row in rows]


def _peer_waiting(period: Period, today: dt.date, days: int) -> list[PeerWaiting]:
    """Approved, unanswered peer requests of the period's assessments still open to feedback,
    whose deadline lies within days either side of today, with their users (one query)."""
    reviewer_user, assessor_user = so.aliased(User), so.aliased(User)
    span = dt.timedelta(days=days)
    rows = db.session.execute(
        sa.select(PeerReview.assessment_id, PeerReview.deadline, Employee.name,
                  reviewer_user.id, assessor_user.id)
        .join(Assessment, Assessment.id == PeerReview.assessment_id)
        .join(Employee, Employee.id == Assessment.employee_id)
        .outerjoin(reviewer_user, sa.and_(reviewer_user.employee_id == PeerReview.reviewer_id,
                                          reviewer_user.enabled))
        .outerjoin(assessor_user, sa.and_(assessor_user.employee_id == Assessment.assessor_id,
                                          assessor_user.enabled))
        .where(Assessment.period_id == period.id, Assessment.state.in_(ASKING_STATES),
               PeerReview.approved_by_id.is_not(None), PeerReview.answered_at.is_(None),
               PeerReview.deadline.between(today - span, today + span))
        .order_by(PeerReview.id))
    return [PeerWaiting(*row) for row in rows]


def _role_users(agencies: set[int]) -> dict[tuple[str, int], list[int]]:
    """(role, agency) -> enabled users holding it, for the committee and approver roles."""
    result: dict[tuple[str, int], list[int]] = defaultdict(list)
    if not agencies:
        return result
    rows = db.session.execute(
        sa.select(RoleGrant.role, RoleGrant.agency_id, RoleGrant.user_id)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role.in_(("committee", "approver")),
               RoleGrant.agency_id.in_(sorted(agencies)), User.enabled)
        .order_by(RoleGrant.user_id))
    for role, agency_id, user_id in rows:
        result[(role, agency_id)].append(user_id)
    return result


def send_reminders(today: dt.date | None = None, days: int = 3) -> Summary:
    """Remind everyone whose step in an open period is due within days or overdue; once a day.

    Every open period counts: when the next year is opened before the last one is finished,
    the older year's late steps are still reminded of. Returns what was sent; reminders already
    logged for today are skipped, so the command is safe to run twice (a concurrent run losing
    the race on ReminderLog's unique key retries).
    """
    today = today or clock.today()
    summary = Summary(today=today)
    periods = open_periods()
    if not periods:
        return summary
    summary.period = ", ".join(period.name for period in periods)
    wanted: list[Reminder] = []
    for period in periods:
        dues = due_states(period, today, days)
        if dues:
            waiting = _waiting(period, sorted(dues))
            summary.waiting += len(waiting)
            wanted += plan(waiting, dues, today, period.year,
                           _role_users({w.agency_id for w in waiting}))
        wanted += plan_peers(_peer_waiting(period, today, days), today, period.year)
    for attempt in range(2):
        try:
            new, summary.emails = _record(wanted, today)
            break
        except IntegrityError:  # another run logged some of them meanwhile: recount
            db.session.rollback()
            if attempt:
                raise
    summary.skipped = len(wanted) - len(new)
    summary.sent = Counter(r.kind for r in new)
    return summary


def sent_on(today: dt.date) -> set[tuple[int, int, str]]:
    """(user, assessment, kind) of the reminders already logged on today."""
    return {tuple(row) for row in db.session.execute(
        sa.select(ReminderLog.user_id, ReminderLog.assessment_id, ReminderLog.kind)
        .where(ReminderLog.sent_on == today))}


def _record(wanted: list[Reminder], today: dt.date) -> tuple[list[Reminder], int]:
    """Log and notify the reminders not yet sent today, their e-mail (one digest per user)
    written to the outbox: one query, two multi-row INSERTs and one commit. Returns the new
    reminders and the e-mails written."""
    sent_today = sent_on(today)
    new = [r for r in wanted if (r.user_id, r.assessment_id, r.kind) not in sent_today]
    ids: list[int] = []
    if new:
        # Core INSERTs on the tables: the ORM's bulk path costs more than the database here.
        db.session.execute(sa.insert(ReminderLog.__table__), [
            dict(user_id=r.user_id, assessment_id=r.assessment_id, kind=r.kind, sent_on=today)
            for r in new])
        now = utcnow()
        ids = list(db.session.scalars(
            sa.insert(Notification.__table__).returning(Notification.__table__.c.id),
            [dict(user_id=r.user_id, kind=f"reminder_{r.kind}",
                  assessment_id=r.assessment_id if r.linked else None,
                  params=r.params, created_at=now) for r in new]))
    emails = mail.queue_mail(db.session, ids, digest=True)
    db.session.commit()
    return new, emails


# The worker sends them every morning (portal.services.queue's daily task); cron may still run
# `flask --app app send-reminders`: a reminder goes out at most once a day either way.
queue.register("reminders", lambda _target: send_reminders())
