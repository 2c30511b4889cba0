"""Moves during the year (domain.md 12): mutasi, promotion, acting posts and leavers.

Every post an employee holds is a Posting with its dates; Employee.position_id stays the post
held now. An acting official (Plt/Plh) holds a post alongside the own one and, while that post
has no holder, assesses its reports (portal.services.people.org.holders_by_position).

Who is "the supervisor" of an assessment is Assessment.assessor_id, which the workflow guards,
queues and notifications read. After every move the assessors of the assessments still under way
are resolved again from the post tree: the remaining steps go to the new assessor, who is
notified of each, and the old one can no longer act but still reads the assessment and its
documents (portal.services.people.access). What the old assessor did stays theirs: each
evaluation period's assessor is kept in PeriodAssessor (written when the period is rated or
given feedback, and for the periods already rated when the assessor changes), so that a periodic
evaluation and its PDF name the assessor of that period. The change itself is an audit event naming both.

Leavers are deactivated, never deleted: their posting ends, the employee is inactive, the account
is disabled (every session ends), and everything they wrote stays readable.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import (
    Assessment,
    Employee,
    Feedback,
    Period,
    PeriodicRating,
    Position,
    Unit,
    User,
)
from portal.models.base import utcnow
from portal.models.moves import PeriodAssessor, Posting
from portal.services.errors import Invalid, NotAllowed, NotNow
from portal.services.messaging import mail, notifications
from portal.services.people import sessions
from portal.services.people.org import holders_by_position, position_parents, resolve_assessor
from portal.services.review import audit_chain

MOVE_KINDS = ("mutasi", "promosi", "plt", "plh")
# Assessments whose assessor may still change: any not yet final, in a period not closed.
FINAL_STATE = "approved"
ASSESSOR_CHANGED = "assessor_changed"


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise NotAllowed("admin_only")


def history(employee_id: int) -> list[Posting]:
    """Every post the employee has held, the current and acting ones first, then newest first
    (one query)."""
    return list(db.session.scalars(
        sa.select(Posting).where(Posting.employee_id == employee_id)
        .options(so.joinedload(Posting.position).joinedload(Position.unit))
        .order_by(Posting.ends_on.is_not(None), Posting.ends_on.desc(),
                  Posting.starts_on.desc(), Posting.id.desc())))


def agency_of(employee: Employee) -> int | None:
    """The agency of the employee's post, or of the last post held (a leaver's)."""
    position_id = employee.position_id or db.session.scalar(
        sa.select(Posting.position_id).where(Posting.employee_id == employee.id)
        .order_by(Posting.ends_on.is_(None).desc(), Posting.ends_on.desc(), Posting.id.desc())
        .limit(1))
    return agency_of_position(position_id)


def agency_of_position(position_id: int | None) -> int | None:
    """The agency of a post, None if there is no such post."""
    if position_id is None:
        return None
    return db.session.scalar(sa.select(Unit.agency_id).join(Position, Position.unit_id == Unit.id)
                             .where(Position.id == position_id))


def position_choices(agency_id: int) -> list[tuple[int, str, str | None]]:
    """The agency's posts as (id, title, name of the active holder or None), by title (one
    query)."""
    rows = db.session.execute(
        sa.select(Position.id, Position.title, Employee.name)
        .join(Unit, Unit.id == Position.unit_id)
        .outerjoin(Employee, sa.and_(Employee.position_id == Position.id, Employee.active))
        .where(Unit.agency_id == agency_id).order_by(Position.title, Position.id))
    return [tuple(row) for row in rows]


def assessments_of(employee_id: int) -> list[Assessment]:
    """The employee's assessments, newest year first, with period and assessor (one query)."""
    return list(db.session.scalars(
        sa.select(Assessment).join(Period, Period.id == Assessment.period_id)
        .where(Assessment.employee_id == employee_id)
        .options(so.joinedload(Assessment.period), so.joinedload(Assessment.assessor))
        .order_by(Period.year.desc())))


def _open_own_posting(employee: Employee, on: dt.date | None, actor: User) -> Posting | None:
    """The open posting of the employee's own post, recording it first when the post was taken
    before the portal kept history (start unknown)."""
    own = db.session.scalar(sa.select(Posting).where(
        Posting.employee_id == employee.id, Posting.ends_on.is_(None),
        Posting.kind.not_in(Posting.ACTING)))
    if own is None and employee.position_id is not None:
        own = Posting(employee_id=employee.id, position_id=employee.position_id, kind="awal",
                      starts_on=None, recorded_by_id=actor.id)
        db.session.add(own)
    return own


def move(actor: User, employee: Employee, position_id: int | None, kind: str,
         on: dt.date | None) -> Posting:
    """Record that employee takes post position_id from date on, as kind (mutasi, promosi,
    plt, plh); a mutasi or promotion replaces the own post, which must be vacant. Then resolve
    the assessors of the assessments under way again."""
    _require_admin(actor)
    if not employee.active:
        raise NotNow("employee_inactive")
    if kind not in MOVE_KINDS:
        raise Invalid("move_kind_required")
    if on is None:
        raise Invalid("move_date_required")
    position = db.session.get(Position, position_id) if position_id else None
    if position is None:
        raise Invalid("move_position_required")
    if position.id == employee.position_id:
        raise Invalid("move_same_position")
    if kind not in Posting.ACTING:
        holder = db.session.scalar(sa.select(Employee).where(
            Employee.position_id == position.id, Employee.active))
        if holder is not None:
            raise NotNow("position_taken", holder=holder.name)
        own = _open_own_posting(employee, on, actor)
        if own is not None:
            own.ends_on = on
        employee.position_id = position.id
        # The jenis jabatan is the post's (its jenjang too, read from the post): a promotion
        # from pelaksana to fungsional changes what the employee is assessed as. An acting
        # post (Plt/Plh) leaves the employee's own unchanged.
        employee.jenis_jabatan = position.jenis_jabatan
    posting = Posting(employee_id=employee.id, position_id=position.id, kind=kind,
                      starts_on=on, recorded_by_id=actor.id)
    db.session.add(posting)
    db.session.flush()
    reassigned = reassign_assessors(actor)
    mail.queue_mail(db.session, reassigned.notifications)
    db.session.commit()
    return posting


def end_acting(actor: User, posting: Posting, on: dt.date | None) -> None:
    """End an acting post (Plt/Plh) on date on; its reports go back to whoever is above."""
    _require_admin(actor)
    if posting.kind not in Posting.ACTING or posting.ends_on is not None:
        raise NotNow("posting_not_open")
    if on is None:
        raise Invalid("move_date_required")
    posting.ends_on = on
    db.session.flush()
    reassigned = reassign_assessors(actor)
    mail.queue_mail(db.session, reassigned.notifications)
    db.session.commit()


def deactivate(actor: User, employee: Employee, on: dt.date | None) -> None:
    """A leaver (retired, moved out of the province, dismissed): every open posting ends on
    date on, the post is freed, the employee is inactive and the account disabled. Nothing is
    deleted. Their reports' assessments go to whoever is above."""
    _require_admin(actor)
    if not employee.active:
        raise NotNow("employee_inactive")
    if on is None:
        raise Invalid("move_date_required")
    _open_own_posting(employee, on, actor)
    db.session.flush()
    for posting in db.session.scalars(sa.select(Posting).where(
            Posting.employee_id == employee.id, Posting.ends_on.is_(None))):
        posting.ends_on = on
    employee.active = False
    employee.position_id = None
    db.session.flush()
    reassigned = reassign_assessors(actor)
    user = db.session.scalar(sa.select(User).where(User.employee_id == employee.id))
    mail.queue_mail(db.session, reassigned.notifications)
    if user is not None:
        sessions.set_enabled(user, False)  # commits everything above with it
    db.session.commit()


def record_period_assessor(assessment: Assessment, period_no: int) -> None:
    """Note the assessment's assessor as the one of evaluation period period_no (0 = the
    annual rating): called when the period is rated or given feedback."""
    if assessment.assessor_id is None:
        return
    with db.session.no_autoflush:  # the caller's commit writes the assessment once (one version)
        row = db.session.scalar(sa.select(PeriodAssessor).where(
            PeriodAssessor.assessment_id == assessment.id,
            PeriodAssessor.period_no == period_no))
    if row is None:
        db.session.add(PeriodAssessor(assessment_id=assessment.id, period_no=period_no,
                                      assessor_id=assessment.assessor_id))
    elif row.assessor_id != assessment.assessor_id:
        row.assessor_id = assessment.assessor_id


def period_assessor(assessment: Assessment, period_no: int) -> Employee | None:
    """Who assessed evaluation period period_no: the one recorded, else the current assessor."""
    recorded = db.session.scalar(
        sa.select(Employee).join(PeriodAssessor, PeriodAssessor.assessor_id == Employee.id)
        .where(PeriodAssessor.assessment_id == assessment.id,
               PeriodAssessor.period_no == period_no))
    return recorded or assessment.assessor


def period_assessors(assessment_id: int) -> dict[int, Employee]:
    """The recorded assessor of every evaluation period of an assessment (one query)."""
    rows = db.session.execute(
        sa.select(PeriodAssessor.period_no, Employee)
        .join(Employee, Employee.id == PeriodAssessor.assessor_id)
        .where(PeriodAssessor.assessment_id == assessment_id)).all()
    return {period_no: employee for period_no, employee in rows}


@dataclass(frozen=True)
class Reassigned:
    """What reassign_assessors changed: the assessments whose assessor changed, and the
    notifications telling their new assessors (to e-mail once committed)."""

    assessments: list[int] = field(default_factory=list)
    notifications: list[int] = field(default_factory=list)


def reassign_assessors(actor: User) -> Reassigned:
    """Resolve again the assessor of every assessment under way (not approved, period not
    closed) from the post tree, and its agency from the employee's post; for each assessor that
    changes, keep the old assessor as the one of the periods already rated or given feedback,
    audit the change naming both, and tell the new assessor the assessment now waits on them.
    No commit.

    A fixed number of statements whatever the number of assessments: the changes are written
    by one UPDATE per new assessor (or agency) and one INSERT per table.
    """
    parents, holders = position_parents(), holders_by_position()
    rows = db.session.execute(
        sa.select(Assessment.id, Assessment.state, Assessment.assessor_id, Assessment.agency_id,
                  Employee.position_id, Unit.agency_id)
        .join(Employee, Employee.id == Assessment.employee_id)
        .join(Period, Period.id == Assessment.period_id)
        .outerjoin(Position, Position.id == Employee.position_id)
        .outerjoin(Unit, Unit.id == Position.unit_id)
        .where(Period.status != "closed", Assessment.state != FINAL_STATE)).all()
    moved_agency: dict[int, list[int]] = {}
    changed: list[tuple[int, str, int | None, int | None]] = []
    for aid, state, old, agency_id, position_id, post_agency in rows:
        if post_agency is not None and post_agency != agency_id:
            moved_agency.setdefault(post_agency, []).append(aid)  # a mutasi to another agency
        new = resolve_assessor(position_id, parents, holders)
        if new != old:
            changed.append((aid, state, old, new))
    for agency_id, ids in moved_agency.items():
        db.session.execute(sa.update(Assessment).where(Assessment.id.in_(ids))
                           .values(agency_id=agency_id, version=Assessment.version + 1)
                           .execution_options(synchronize_session=False))
    if not changed:
        db.session.expire_all()
        return Reassigned()
    ids = [aid for aid, *_ in changed]
    names = dict(db.session.execute(sa.select(Employee.id, Employee.name).where(
        Employee.id.in_({e for _, _, old, new in changed for e in (old, new) if e}))).all())
    recorded = set(db.session.execute(sa.select(
        PeriodAssessor.assessment_id, PeriodAssessor.period_no)
        .where(PeriodAssessor.assessment_id.in_(ids))))
    done: dict[int, set[int]] = {}
    for aid, period_no in db.session.execute(sa.union(
            sa.select(PeriodicRating.assessment_id, PeriodicRating.period_no)
            .where(PeriodicRating.assessment_id.in_(ids)),
            sa.select(Feedback.assessment_id, Feedback.period_no)
            .where(Feedback.assessment_id.in_(ids)))):
        if (aid, period_no) not in recorded:
            done.setdefault(aid, set()).add(period_no)
    kept = [{"assessment_id": aid, "period_no": no, "assessor_id": old, "at": utcnow()}
            for aid, _, old, _ in changed if old is not None for no in sorted(done.get(aid, ()))]
    if kept:
        db.session.execute(sa.insert(PeriodAssessor), kept)
    audit_chain.append([
        {"assessment_id": aid, "actor_id": actor.id, "at": utcnow(),
         "trigger": ASSESSOR_CHANGED, "from_state": state, "to_state": state, "reason": "",
         "changes": [{"field": "assessor", "from": names.get(old), "to": names.get(new)}]}
        for aid, state, old, new in changed])
    by_new: dict[int | None, list[int]] = {}
    for aid, _, _, new in changed:
        by_new.setdefault(new, []).append(aid)
    for new, group in by_new.items():
        db.session.execute(sa.update(Assessment).where(Assessment.id.in_(group))
                           .values(assessor_id=new, version=Assessment.version + 1)
                           .execution_options(synchronize_session=False))
    told = notifications.tell_new_assessors(
        {aid: names.get(old) for aid, _, old, new in changed if new is not None}, actor)
    db.session.expire_all()
    return Reassigned(ids, told)
