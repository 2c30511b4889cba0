"""In-app notifications: who is told about which domain event, and the text they read.

A notification stores a kind and plain parameters (names, state and rating keys, ISO dates); its
text is rendered when shown, in the reader's language, from MESSAGES. The listeners below
subscribe to portal.signals. An assessment's transitions and calibrated ratings are signalled
inside the action's transaction, before its one COMMIT: their listeners write in a SAVEPOINT of
it, so a failure in notifying is logged and rolls back the notifying only, and the action is
committed with its notifications or without them, never undone. The other signals are sent after
their action's commit; their listeners work in a session (a small transaction) of their own.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from portal import signals
from portal.extensions import db
from portal.models import (
    Agency, Assessment, DevelopmentPlan, Employee, Feedback, FollowUp, Notification, Objection,
    PeerReview, Period, RoleGrant, User,
)
from portal.models.base import utcnow
from portal.services import clock
from portal.services.errors import NotNow
from portal.services.messaging import mail
from workflows.assessment import Actor

# Who acts in each state (the next step's owner); reminders use the same map.
STEP_OWNER = {
    "draft_targets": "employee",
    "targets_submitted": "assessor",
    "targets_approved": "employee",
    "self_assessed": "assessor",
    "reviewed": "committee",
    "calibrated": "approver",
}

_TRIGGER_KINDS = {
    "submit_targets": "targets_submitted",
    "approve_targets": "targets_approved",
    "return_targets": "targets_returned",
    "submit_self_assessment": "self_assessment_submitted",
    "return_self_assessment": "self_assessment_returned",
    "return_review": "review_returned",
    "calibrate": "calibrated",
    "return_calibration": "calibration_returned",
}


# --- storing -------------------------------------------------------------------------------

def notify(user_ids: Iterable[int], kind: str, assessment: Assessment | int | None = None, *,
           session: so.Session | None = None, **params) -> list[int]:
    """Add a notification of kind for each user in one INSERT; returns the new ids.

    Does not commit: the caller's transaction decides. Duplicate and empty user ids are dropped.

    Args:
        user_ids: the users to notify (never include the actor: nobody is told what they did).
        kind: a key of MESSAGES.
        assessment: the assessment the notification links to (object or id), if any.
        session: the session to insert in (default: the app's db.session).
        **params: JSON-able values the text is rendered from (see MESSAGES).
    """
    assessment_id = assessment.id if isinstance(assessment, Assessment) else assessment
    now = utcnow()
    return _insert(session or db.session, [
        dict(user_id=user_id, kind=kind, assessment_id=assessment_id, params=params,
             created_at=now)
        for user_id in sorted({u for u in user_ids if u is not None})])


def _insert(session: so.Session, rows: list[dict]) -> list[int]:
    """Insert notification rows (user_id, kind, assessment_id, params, created_at) in one
    multi-row INSERT; returns the new ids."""
    if not rows:
        return []
    return list(session.scalars(_INSERT_RETURNING_ID, rows))


_INSERT_RETURNING_ID = sa.insert(Notification).returning(Notification.id)  # built once


def unread_count(user_id: int) -> int:
    """How many notifications of user_id are unread (one indexed COUNT)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def page_of(user_id: int, page: int, size: int) -> tuple[list[Notification], bool]:
    """One page of user_id's notifications, newest first, and whether an older page exists."""
    rows = list(db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * size).limit(size + 1)))
    return rows[:size], len(rows) > size


def mark_read(user_id: int, notification_id: int) -> Notification | None:
    """Mark one of user_id's notifications read; None when it is not theirs (or does not exist)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user_id:
        return None
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_all_read(user_id: int) -> int:
    """Mark every unread notification of user_id read (one UPDATE); returns how many."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow()))
    db.session.commit()
    return result.rowcount


# --- asking the head for the organisation predikat ------------------------------------------

ORG_PREDIKAT_REQUESTED = "org_predikat_requested"


@dataclass(frozen=True)
class OrgPredikatRequest:
    """The committee's request to the head(s) of an agency to set the organisation predikat."""

    heads: list[str]       # the names of those who may set it (the agency's approvers)
    sent: bool             # False: they were asked today already, nothing was sent again
    at: dt.datetime        # when they were asked (today's first request when not sent now)
    by: str                # who asked


def org_predikat_setters(agency_id: int) -> list[tuple[int, str]]:
    """(user id, name) of everyone who may set the agency's organisation predikat: its head."""
    return [tuple(row) for row in db.session.execute(
        sa.select(User.id, User.display_name).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == "approver", RoleGrant.agency_id == agency_id, User.enabled)
        .order_by(User.display_name))]


def asked_today(agency_id: int, period_id: int,
                on: dt.date | None = None) -> tuple[dt.datetime, str] | None:
    """(when, by whom) the agency's head was first asked today (in Jambi) for the organisation
    predikat of period_id, or None."""
    day_start = dt.datetime.combine(on or clock.today(), dt.time(), clock.JAMBI)
    rows = db.session.scalars(
        sa.select(Notification).where(
            Notification.kind == ORG_PREDIKAT_REQUESTED,
            Notification.created_at >= day_start.astimezone(dt.timezone.utc))
        .order_by(Notification.id))
    first = next((n for n in rows if n.params.get("agency_id") == agency_id
                  and n.params.get("period_id") == period_id), None)
    return None if first is None else (first.created_at, first.params.get("actor", ""))


def ask_for_org_predikat(actor: Actor, agency: Agency, period: Period,
                         on: dt.date | None = None) -> OrgPredikatRequest:
    """Notify the agency's head (in the portal, and by e-mail when configured) that the
    committee waits for the organisation predikat of period; at most once a day.

    A second request on the same Jambi day sends nothing and says when and by whom the head
    was asked. Commits.

    Raises:
        NotNow: the agency has no head (approver) in the portal.
    """
    heads = [(user_id, name) for user_id, name in org_predikat_setters(agency.id)
             if user_id != actor.user_id]
    if not heads:
        raise NotNow("org_predikat_no_head")
    names = [name for _, name in heads]
    earlier = asked_today(agency.id, period.id, on)
    if earlier is not None:
        return OrgPredikatRequest(names, False, *earlier)
    by = db.session.scalar(sa.select(User.display_name).where(User.id == actor.user_id)) or ""
    ids = notify([user_id for user_id, _ in heads], ORG_PREDIKAT_REQUESTED, None, actor=by,
                 agency=agency.name, year=period.year, agency_id=agency.id, period_id=period.id)
    mail.queue_mail(db.session, ids)
    db.session.commit()
    return OrgPredikatRequest(names, True, utcnow(), by)


# --- a new assessor after a move ------------------------------------------------------------

ASSESSOR_ASSIGNED = "assessor_assigned"


def tell_new_assessors(previous: dict[int, str | None], actor: User) -> list[int]:
    """Tell each assessment's new assessor that it now waits on them, naming the one replaced.

    Called by portal.services.people.moves after the assessors changed (the new ones stored),
    in its transaction: one SELECT and one multi-row INSERT whatever the number of assessments.
    Returns the notification ids, to e-mail once the caller has committed. No commit.

    Args:
        previous: the name of the assessor replaced (None if there was none), by the id of each
            assessment whose assessor changed.
        actor: who recorded the move (never told of it).
    """
    if not previous:
        return []
    rows = db.session.execute(
        sa.select(Assessment.id, User.id, Employee.name, Period.year, Assessment.state)
        .join(Employee, Employee.id == Assessment.employee_id)
        .join(Period, Period.id == Assessment.period_id)
        .join(User, sa.and_(User.employee_id == Assessment.assessor_id, User.enabled))
        .where(Assessment.id.in_(sorted(previous)), User.id != actor.id)
        .order_by(Assessment.id)).all()
    now = utcnow()
    return _insert(db.session, [
        dict(user_id=user_id, kind=ASSESSOR_ASSIGNED, assessment_id=assessment_id,
             params=dict(employee=name, year=year, stage=state,
                         previous=previous[assessment_id]), created_at=now)
        for assessment_id, user_id, name, year, state in rows])


# --- who is concerned ------------------------------------------------------------------------

def users_of_employees(session: so.Session, employee_ids: Iterable[int | None]) -> list[int]:
    """The enabled users who are the given employees (one query)."""
    ids = sorted({e for e in employee_ids if e is not None})
    if not ids:
        return []
    return list(session.scalars(sa.select(User.id).where(User.employee_id.in_(ids), User.enabled)))


def _about(session: so.Session, assessment_id: int):
    """The assessment's parties and what the texts name (one query)."""
    return session.execute(
        sa.select(Assessment.id, Assessment.employee_id, Assessment.assessor_id,
                  Assessment.agency_id, Assessment.state, Assessment.predikat,
                  Assessment.rating_hasil_kerja, Assessment.rating_perilaku,
                  Employee.name.label("employee_name"), Period.year)
        .join(Employee, Employee.id == Assessment.employee_id)
        .join(Period, Period.id == Assessment.period_id)
        .where(Assessment.id == assessment_id)).one_or_none()


@dataclass(frozen=True)
class _About:
    """An assessment's parties and what the texts name, as _about reads them."""

    id: int
    employee_id: int
    assessor_id: int | None
    agency_id: int
    state: str
    predikat: str | None
    rating_hasil_kerja: str | None
    rating_perilaku: str | None
    employee_name: str
    year: int


def _about_held(assessment: Assessment) -> _About:
    """_about of an assessment the session holds, as its transaction has it: the employee and
    the period from the session's identity map (no statement when the action loaded them, one
    each otherwise)."""
    session = so.object_session(assessment) or db.session
    employee = session.get(Employee, assessment.employee_id)
    period = session.get(Period, assessment.period_id)
    return _About(assessment.id, assessment.employee_id, assessment.assessor_id,
                  assessment.agency_id, assessment.state, assessment.predikat,
                  assessment.rating_hasil_kerja, assessment.rating_perilaku, employee.name,
                  period.year)


def _actor_name(session: so.Session, actor) -> str:
    """The actor's display name (from the identity map when the session holds the user: the
    signed-in user of the request)."""
    user = session.get(User, actor.user_id)
    return user.display_name if user is not None else ""


def _identity(obj) -> int | None:
    """The primary key of a (possibly expired) mapped object without loading it."""
    identity = sa.inspect(obj).identity
    return identity[0] if identity else None


# --- listeners -------------------------------------------------------------------------------

def _in_savepoint(handler):
    """Run handler(session, sender, **kwargs) in a SAVEPOINT of the action's own transaction
    (db.session's; the signal is sent before its COMMIT), then write the e-mail with it.

    Any failure is logged and rolls back to the savepoint: the action goes on to its commit,
    done whatever happens to its notifications; no commit (and no fsync) of their own.
    """
    @functools.wraps(handler)
    def receiver(sender, **kwargs):
        try:
            with db.session.begin_nested():
                ids = handler(db.session, sender, **kwargs)
                mail.queue_mail(db.session, ids or [])
        except Exception:  # noqa: BLE001  (notifying must never break the action)
            current_app.logger.exception("notifying %s failed", handler.__name__)
    return receiver


def _in_own_transaction(handler):
    """Run handler(session, sender, **kwargs) in a session of its own, commit, then e-mail.

    Any failure is logged and rolled back here: the domain action was committed before the
    signal was sent and must stay done whatever happens to its notifications.
    """
    @functools.wraps(handler)
    def receiver(sender, **kwargs):
        try:
            with so.Session(db.engine) as session:
                ids = handler(session, sender, **kwargs)
                mail.queue_mail(session, ids or [])
                session.commit()
        except Exception:  # noqa: BLE001  (notifying must never break the action)
            current_app.logger.exception("notifying %s failed", handler.__name__)
    return receiver


@dataclass(frozen=True)
class Parties:
    """Whom a transition concerns: the assessment's people and agency, and who acts."""

    employee_id: int
    assessor_id: int | None
    agency_id: int
    actor_user_id: int


_SHOWN_NAME = sa.func.coalesce(Employee.name, User.display_name)  # as names_of shows people


class _Directory:
    """The users behind a transition's parties, each looked up once, with the names the portal
    shows them by: the employee's and the assessor's users in one statement, a role's holders in
    the agency in one statement each, however often step_owners, transition_audience and the
    names ask for them. directory() keeps one per parties for the session's transaction, so
    the confirmation's preview and the notifications of the action share it."""

    def __init__(self, session: so.Session, parties: Parties):
        self.session, self.parties = session, parties
        self._people: dict[int, list[int]] | None = None
        self._roles: dict[str, list[int]] = {}
        self.names: dict[int, str] = {}  # user id -> name, of every user found

    def users_of(self, *employee_ids: int | None) -> list[int]:
        """The enabled users who are the given employees (of the parties), each once."""
        if self._people is None:
            self._people = {}
            ids = sorted({e for e in (self.parties.employee_id, self.parties.assessor_id)
                          if e is not None})
            if ids:
                for employee_id, user_id, name in self.session.execute(
                        _users_of_statement(), {"employee_ids": ids}):
                    self._people.setdefault(employee_id, []).append(user_id)
                    self.names[user_id] = name
        found: dict[int, None] = {}
        for employee_id in employee_ids:
            found.update(dict.fromkeys(self._people.get(employee_id, ())))
        return list(found)

    def with_role(self, role: str) -> list[int]:
        """The enabled users holding role ('committee', 'approver') in the parties' agency."""
        if role not in self._roles:
            rows = self.session.execute(
                _with_role_statement(), {"role": role, "agency_id": self.parties.agency_id}).all()
            self._roles[role] = [user_id for user_id, _ in rows]
            self.names.update(rows)
        return self._roles[role]


@functools.cache
def _users_of_statement() -> sa.Select:
    """_Directory.users_of's statement, built once per process (it holds no data, only SQL):
    (employee id, user id, name) of the enabled users of :employee_ids."""
    return (sa.select(User.employee_id, User.id, _SHOWN_NAME)
            .outerjoin(Employee, Employee.id == User.employee_id)
            .where(User.employee_id.in_(sa.bindparam("employee_ids", expanding=True)),
                   User.enabled))


@functools.cache
def _with_role_statement() -> sa.Select:
    """_Directory.with_role's statement, built once per process: (user id, name) of the enabled
    holders of :role in :agency_id."""
    return (sa.select(User.id, _SHOWN_NAME).join(RoleGrant, RoleGrant.user_id == User.id)
            .outerjoin(Employee, Employee.id == User.employee_id)
            .where(RoleGrant.role == sa.bindparam("role"),
                   RoleGrant.agency_id == sa.bindparam("agency_id"), User.enabled))


_DIRECTORIES = "transition_directories"  # session.info: (root transaction, {Parties: _Directory})


def directory(session: so.Session, parties: Parties) -> _Directory:
    """The _Directory of parties for session's current transaction (made on first use): the
    users and roles it read are that transaction's, so another transaction makes new ones."""
    root = (session() if isinstance(session, so.scoped_session) else session).get_transaction()
    kept = session.info.get(_DIRECTORIES)
    if kept is None or root is None or kept[0] is not root:
        kept = session.info[_DIRECTORIES] = (root, {})
    if parties not in kept[1]:
        kept[1][parties] = _Directory(session, parties)
    return kept[1][parties]


def step_owners(session: so.Session | _Directory, owner: str | None,
                parties: Parties | None = None) -> list[int]:
    """The users who own a step (STEP_OWNER's 'employee', 'assessor', 'committee', 'approver');
    session may be a _Directory of the parties (then parties is not needed).

    The committee and the approvers never include the assessment's own parties: nobody
    calibrates or approves their own work (nor the assessor their own rating).
    """
    people = session if isinstance(session, _Directory) else directory(session, parties)
    parties = people.parties
    if owner in ("employee", "assessor"):
        return people.users_of(getattr(parties, f"{owner}_id"))
    if owner not in ("committee", "approver"):
        return []
    excluded = set(people.users_of(parties.employee_id))
    if owner == "committee":
        excluded |= set(people.users_of(parties.assessor_id))
    return [u for u in people.with_role(owner) if u not in excluded]


def transition_audience(session: so.Session | _Directory, trigger: str, dest_state: str,
                        parties: Parties | None = None) -> list[tuple[str, list[int]]]:
    """Whom a transition tells, as (notification kind, user ids), the actor left out: whoever
    must act next, and the parties of final and reopened assessments (session may be a
    _Directory of the parties, as in step_owners).

    The confirmation before an action names these very people (see transition_preview).
    """
    people = session if isinstance(session, _Directory) else directory(session, parties)
    parties = people.parties

    def to(users):
        return [u for u in users if u != parties.actor_user_id]

    if trigger == "submit_review":
        return [("rated", to(step_owners(people, "employee"))),
                ("review_ready", to(step_owners(people, "committee")))]
    if trigger == "approve" or trigger.startswith("reopen_to_"):
        both = people.users_of(parties.employee_id, parties.assessor_id)
        return [("approved" if trigger == "approve" else "reopened", to(both))]
    if trigger in _TRIGGER_KINDS:
        return [(_TRIGGER_KINDS[trigger],
                 to(step_owners(people, STEP_OWNER.get(dest_state))))]
    return []


def names_of(session: so.Session, user_ids: Iterable[int]) -> list[str]:
    """The users' names as the portal shows people (the employee's name with titles), sorted."""
    return sorted(_names_by_user(session, user_ids).values())


def _names_by_user(session: so.Session, user_ids: Iterable[int]) -> dict[int, str]:
    """user id -> the name names_of shows (one query)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    return dict(session.execute(
        sa.select(User.id, sa.func.coalesce(Employee.name, User.display_name))
        .select_from(User).outerjoin(Employee, Employee.id == User.employee_id)
        .where(User.id.in_(ids))).all())


@dataclass(frozen=True)
class Preview:
    """What follows a transition, by name: who acts next and who is told."""

    next_names: list[str]
    told_names: list[str]


def transition_preview(assessment: Assessment, trigger: str, dest_state: str,
                       actor) -> Preview:
    """Who will own the step after trigger and who will be notified of it, by name (the
    parties' users and a role's holders with their names: a statement each at most, none
    again for the action's notifications in the same transaction)."""
    parties = Parties(assessment.employee_id, assessment.assessor_id, assessment.agency_id,
                      actor.user_id)
    people = directory(db.session, parties)
    owners = step_owners(people, STEP_OWNER.get(dest_state))
    told = [u for _, users in transition_audience(people, trigger, dest_state)
            for u in users]
    names = people.names
    return Preview(sorted(names[u] for u in set(owners) if u in names),
                   sorted(names[u] for u in set(told) if u in names))


@_in_savepoint
def on_transition(session, assessment, *, actor, trigger, from_state=None, reason=""):
    """Tell whoever must act next, and the parties of final and reopened assessments."""
    about = _about_held(assessment)
    params = dict(employee=about.employee_name, year=about.year, actor=_actor_name(session, actor))
    if reason:
        params["reason"] = reason
    parties = Parties(about.employee_id, about.assessor_id, about.agency_id, actor.user_id)
    extra = {"rated": {"predikat": about.predikat}, "approved": {"predikat": about.predikat},
             "reopened": {"stage": about.state}}
    ids: list[int] = []
    for kind, users in transition_audience(session, trigger, about.state, parties):
        ids += notify(users, kind, about.id, session=session, **extra.get(kind, {}), **params)
    return ids


@_in_savepoint
def on_calibration(session, assessment, *, actor, reason="", before=(None, None)):
    """Tell the employee and the assessor how calibration changed the ratings, and why."""
    about = _about_held(assessment)
    users = directory(session, Parties(about.employee_id, about.assessor_id, about.agency_id,
                                       actor.user_id)).users_of(about.employee_id,
                                                                about.assessor_id)
    return notify([u for u in users if u != actor.user_id], "rating_calibrated", about.id,
                  session=session, employee=about.employee_name, year=about.year,
                  actor=_actor_name(session, actor), reason=reason,
                  hasil_kerja_before=before[0], hasil_kerja_after=about.rating_hasil_kerja,
                  perilaku_before=before[1], perilaku_after=about.rating_perilaku)


@_in_own_transaction
def on_feedback(session, assessment, *, actor, feedback=None):
    """Tell the employee their supervisor gave feedback (with its first words)."""
    about = _about(session, _identity(assessment))
    if about is None:
        return []
    text = ""
    if feedback is not None:
        text = session.scalar(
            sa.select(Feedback.text).where(Feedback.id == _identity(feedback))) or ""
    if len(text) > 200:
        text = text[:199].rstrip() + "…"
    users = users_of_employees(session, [about.employee_id])
    return notify([u for u in users if u != actor.user_id], "feedback_given", about.id,
                  session=session, employee=about.employee_name, year=about.year,
                  actor=_actor_name(session, actor), text=text)


@_in_own_transaction
def on_objection(session, objection, *, actor, event):
    """Tell the parties of an objection (employee, assessor, decider) what happened in it."""
    row = session.execute(
        sa.select(Objection.assessment_id, Objection.decider_id, Objection.decision)
        .where(Objection.id == _identity(objection))).one_or_none()
    if row is None:
        return []
    about = _about(session, row.assessment_id)
    if about is None:
        return []
    users = users_of_employees(session, [about.employee_id, about.assessor_id, row.decider_id])
    params = dict(employee=about.employee_name, year=about.year,
                  actor=_actor_name(session, actor))
    if event == "decided":
        params["decision"] = row.decision
    return notify([u for u in users if u != actor.user_id], f"objection_{event}", about.id,
                  session=session, **params)


@_in_own_transaction
def on_peer_review(session, review, *, actor, event):
    """Tell the colleague asked for feedback, the assessor of the employee's proposal, and the
    employee how the assessor decided it. Answers notify nobody: their timing would tell whose
    answer is whose."""
    if event == "answered":
        return []
    row = session.execute(
        sa.select(PeerReview.assessment_id, PeerReview.reviewer_id, PeerReview.deadline)
        .where(PeerReview.id == _identity(review))).one_or_none()
    if row is None:  # a declined proposal: its row is gone, the object kept its values
        row = (review.assessment_id, review.reviewer_id, review.deadline)
    assessment_id, reviewer_id, deadline = row
    about = _about(session, assessment_id)
    if about is None:
        return []
    params = dict(employee=about.employee_name, year=about.year,
                  actor=_actor_name(session, actor),
                  reviewer=session.scalar(sa.select(Employee.name)
                                          .where(Employee.id == reviewer_id)) or "")

    def to(employee_id):
        return [u for u in users_of_employees(session, [employee_id]) if u != actor.user_id]

    ids: list[int] = []
    if event in ("requested", "approved"):
        ids += notify(to(reviewer_id), "peer_asked", None, session=session,
                      due=deadline.isoformat(), **params)
    if event == "proposed":
        ids += notify(to(about.assessor_id), "peer_proposed", about.id, session=session,
                      **params)
    elif event in ("approved", "declined"):
        ids += notify(to(about.employee_id), f"peer_proposal_{event}", about.id,
                      session=session, **params)
    return ids


# Who hears of each follow-up event: 'employee' and/or 'assessor' of the plan (the actor never).
FOLLOWUP_AUDIENCE = {
    "plan_opened": ("employee", "assessor"),
    "plan_agreed_by_employee": ("assessor",),
    "plan_agreed_by_assessor": ("employee",),
    "plan_agreed": ("employee", "assessor"),
    "plan_checkin": ("employee",),
    "plan_closed": ("employee",),
    "outcome": ("employee",),
}


@_in_own_transaction
def on_followup(session, followup, *, actor, event):
    """Tell the parties of a development plan (or the shortlisted employee) what happened in
    their follow-up; the texts link to the plan (to the follow-up for a shortlist's outcome)."""
    audience = FOLLOWUP_AUDIENCE.get(event)
    row = session.execute(
        sa.select(FollowUp.assessment_id, FollowUp.employee_id, FollowUp.outcome,
                  FollowUp.track, DevelopmentPlan.id.label("plan_id"),
                  DevelopmentPlan.assessor_id, DevelopmentPlan.judgement,
                  Employee.name.label("employee_name"), Period.year)
        .join(Employee, Employee.id == FollowUp.employee_id)
        .join(Assessment, Assessment.id == FollowUp.assessment_id)
        .join(Period, Period.id == Assessment.period_id)
        .outerjoin(DevelopmentPlan, DevelopmentPlan.followup_id == FollowUp.id)
        .where(FollowUp.id == _identity(followup))).one_or_none()
    if audience is None or row is None:
        return []
    parties = {"employee": row.employee_id, "assessor": row.assessor_id}
    users = users_of_employees(session, [parties[who] for who in audience])
    params = dict(employee=row.employee_name, year=row.year, actor=_actor_name(session, actor))
    if event == "outcome":
        params.update(outcome=row.outcome, track=row.track, assessment_id=row.assessment_id)
        kind = "followup_outcome"
    else:
        params["plan_id"] = row.plan_id
        if event == "plan_closed":
            params["judgement"] = row.judgement
        kind = event
    return notify([u for u in users if u != actor.user_id], kind, None, session=session,
                  **params)


def connect() -> None:
    """Subscribe the listeners to the domain signals (idempotent: blinker keeps one of each)."""
    signals.assessment_transitioned.connect(on_transition)
    signals.ratings_calibrated.connect(on_calibration)
    signals.feedback_given.connect(on_feedback)
    signals.objection_changed.connect(on_objection)
    signals.peer_review_changed.connect(on_peer_review)
    signals.followup_changed.connect(on_followup)
