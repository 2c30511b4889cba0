"""Keberatan (PP 30/2019 Pasal 59): filing within the window, explanations, the final decision.

The employee objects to the atasan pejabat penilai kinerja (the assessor's own assessor, taken
from the position tree when the objection is filed) within Period.objection_days of the day the
result was communicated. The decider may ask the assessor and the employee to explain, then
upholds or changes the ratings; the decision is final, so only an admin reopen changes anything
after it. Each operation owns its transaction and sends portal.signals.objection_changed after
committing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from portal import signals
from portal.extensions import db
from portal.models import Assessment, Objection, ObjectionStatement
from portal.models.base import utcnow
from portal.rules.predikat import RATINGS, predikat
from portal.services.review import assessments
# Jambi keeps Western Indonesian Time: "day 0" is the calendar day there, not in UTC.
from portal.services.clock import local, today
from portal.services.errors import Invalid, NotAllowed, NotNow, StaleVersion
from portal.services.people.org import assessor_of
from workflows.assessment import Actor, may_view
from workflows.objection import ObjectionCase, ObjectionFacts, may_file, window_closes

DECISIONS = ("upheld", "changed")


@dataclass(frozen=True)
class Clock:
    """The objection window of an approved assessment as the page shows it."""

    communicated_on: dt.date
    closes: dt.date
    today: dt.date

    @property
    def open(self) -> bool:
        return self.today <= self.closes

    @property
    def days_left(self) -> int:
        return max((self.closes - self.today).days, 0)


def clock(assessment: Assessment, on: dt.date | None = None) -> Clock | None:
    """The window counted from the communication of the result, or None if it is not final."""
    if assessment.state != "approved" or assessment.finalised_at is None:
        return None
    communicated = local(assessment.finalised_at)
    return Clock(communicated.date(),
                 window_closes(communicated, assessment.period.objection_days),
                 on or today())


def current(assessment: Assessment) -> Objection | None:
    """The objection to the assessment's present result (filed since it was last finalised)."""
    if assessment.finalised_at is None:
        return None
    return db.session.scalar(
        sa.select(Objection).where(Objection.assessment_id == assessment.id,
                                   Objection.filed_at >= assessment.finalised_at)
        .order_by(Objection.id.desc()).limit(1))


def latest(assessment_id: int) -> Objection | None:
    """The assessment's newest objection with its statements, their authors and the decider."""
    return db.session.scalar(
        sa.select(Objection).where(Objection.assessment_id == assessment_id)
        .options(so.joinedload(Objection.decider),
                 so.selectinload(Objection.statements).joinedload(ObjectionStatement.author))
        .order_by(Objection.id.desc()).limit(1))


def exists(assessment: Assessment) -> bool:
    """Whether an objection was ever filed against the assessment: as the statement that loaded
    it answered (Assessment.objected, services.review.assessments.load), else one cheap query."""
    if assessment.objected is not None:
        return assessment.objected
    return bool(db.session.scalar(_exists_statement(), {"assessment_id": assessment.id}))


@cache
def _exists_statement() -> sa.Select:
    """exists()'s statement, built once per process (building it cost more than running it)."""
    return sa.select(sa.exists().where(
        Objection.assessment_id == sa.bindparam("assessment_id")))


def is_current(objection: Objection, assessment: Assessment) -> bool:
    """Whether objection concerns the result now in force (not one since reopened)."""
    finalised = assessment.finalised_at
    return (assessment.state == "approved" and finalised is not None
            and local(objection.filed_at) >= local(finalised))


def decider_for(assessment: Assessment) -> int | None:
    """The atasan pejabat penilai kinerja: whoever assesses the assessor, from the position tree."""
    assessor = assessment.assessor
    if assessor is None or assessor.position_id is None:
        return None
    return assessor_of(assessor.position_id)


def case_for(objection: Objection, assessment: Assessment) -> ObjectionCase:
    return ObjectionCase(objection.state, ObjectionFacts(
        employee_id=assessment.employee_id, assessor_id=assessment.assessor_id,
        decider_id=objection.decider_id))


def may_see(objection: Objection, assessment: Assessment, actor: Actor) -> bool:
    """Whoever may read the assessment, and the decider (who may hold no role in its agency)."""
    return (may_view(assessments.facts_for(assessment), actor)
            or (actor.employee_id is not None and actor.employee_id == objection.decider_id))


def file(assessment: Assessment, actor: Actor, *, version: int | str | None, reasons: str,
         evidence: str = "", on: dt.date | None = None) -> Objection:
    """File the employee's objection to the approved result.

    Args:
        assessment: the loaded assessment (service.load).
        actor: the assessed employee.
        version: the assessment version the employee saw.
        reasons: the written reasons (required).
        evidence: links or a description of the evidence; kept as the employee's first
            statement, since the objection itself has no column for it.
        on: the filing date in Asia/Jakarta; today by default.

    Raises:
        NotAllowed: the actor is not the assessed employee.
        NotNow: the result is not final, the window has closed (details: closed_on), an
            objection to this result exists already, or no atasan pejabat penilai is known.
        StaleVersion: the assessment changed since the employee loaded it.
        Invalid: the reasons are missing.
    """
    assessments.check_view(assessment, actor)
    if actor.employee_id is None or actor.employee_id != assessment.employee_id:
        raise NotAllowed("objection_employee_only")
    window = clock(assessment, on)
    if window is None:
        raise NotNow("objection_not_final")
    assessments.check_version(assessment, version)
    if not may_file(local(assessment.finalised_at), assessment.period.objection_days,
                    window.today):
        raise NotNow("objection_window_closed", closed_on=window.closes)
    if current(assessment) is not None:
        raise NotNow("objection_exists")
    reasons, evidence = (reasons or "").strip(), (evidence or "").strip()
    if not reasons:
        raise Invalid("objection_reasons_required")
    decider_id = decider_for(assessment)
    if decider_id is None:
        raise NotNow("objection_no_decider")
    now = utcnow()
    objection = Objection(assessment_id=assessment.id, reasons=reasons, decider_id=decider_id,
                          filed_at=now, state="filed")
    if evidence:
        objection.statements.append(ObjectionStatement(role="employee", author_id=actor.user_id,
                                                       text=evidence, at=now))
    db.session.add(objection)
    # Bumping the assessment's version makes two simultaneous filings collide: one is refused.
    assessments.commit(assessment)
    signals.objection_changed.send(objection, actor=actor, event="filed")
    return objection


def _check_version(objection: Objection, version: int | str | None) -> None:
    try:
        seen = int(version)
    except (TypeError, ValueError):
        seen = None
    if seen != objection.version:
        raise StaleVersion("objection_stale")


def _commit() -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleVersion("objection_stale") from None


def _require_decider(objection: Objection, assessment: Assessment, actor: Actor,
                     trigger: str, version: int | str | None) -> ObjectionCase:
    """Refuse anyone but the decider (403), a decided objection (409), a stale form (409)."""
    case = case_for(objection, assessment)
    if not may_see(objection, assessment, actor):
        raise NotAllowed("not_yours")
    if not case.actor_is_decider(actor):
        raise NotAllowed("objection_decider_only")
    if case.state == "decided":
        raise NotNow("objection_decided")
    if not is_current(objection, assessment):
        raise NotNow("objection_superseded")
    _check_version(objection, version)
    if not case.machine.get_transitions(trigger, source=case.state):
        raise NotNow("objection_wrong_state")
    return case


def request_explanations(objection: Objection, assessment: Assessment, actor: Actor, *,
                         version: int | str | None, text: str = "") -> None:
    """The decider asks the assessor and the employee to explain; text is the question, if any."""
    case = _require_decider(objection, assessment, actor, "request_explanations", version)
    case.request_explanations(actor=actor)
    objection.state = case.state
    if (text or "").strip():
        objection.statements.append(ObjectionStatement(role="decider", author_id=actor.user_id,
                                                       text=text.strip(), at=utcnow()))
    _commit()
    signals.objection_changed.send(objection, actor=actor, event="explanations_requested")


def add_statement(objection: Objection, assessment: Assessment, actor: Actor, *,
                  text: str) -> ObjectionStatement:
    """Record an explanation by the employee, the assessor or the decider while it is open.

    Needs no version from the form (a statement does not overwrite anything), but bumps the
    objection's, so a statement racing the decision is refused rather than landing after it.
    """
    if not may_see(objection, assessment, actor):
        raise NotAllowed("not_yours")
    case = case_for(objection, assessment)
    role = case.statement_role(actor)
    if role is None:
        parties = {assessment.employee_id, assessment.assessor_id, objection.decider_id}
        if actor.employee_id is not None and actor.employee_id in parties:
            raise NotNow("objection_decided")
        raise NotAllowed("objection_not_party")
    if not is_current(objection, assessment):
        raise NotNow("objection_superseded")
    text = (text or "").strip()
    if not text:
        raise Invalid("objection_statement_required")
    statement = ObjectionStatement(role=role, author_id=actor.user_id, text=text, at=utcnow())
    objection.statements.append(statement)
    flag_modified(objection, "state")  # an UPDATE that checks and bumps the version
    _commit()
    signals.objection_changed.send(objection, actor=actor, event="statement")
    return statement


def decide(objection: Objection, assessment: Assessment, actor: Actor, *,
           version: int | str | None, decision: str, decision_text: str,
           hasil_kerja: str | None = None, perilaku: str | None = None) -> None:
    """Uphold or change the ratings with a written decision; final.

    A change sets the assessment's ratings and predikat, keeps the ratings before it on the
    objection and writes an audit event; the assessment stays approved (and read-only).

    Raises:
        NotAllowed: the actor is not the decider.
        NotNow: already decided, or the result was reopened since the objection was filed.
        StaleVersion: the objection changed since the decider loaded it.
        Invalid: no decision, no written decision, or a change that changes nothing.
    """
    case = _require_decider(objection, assessment, actor, "decide", version)
    if decision not in DECISIONS:
        raise Invalid("objection_decision_required")
    decision_text = (decision_text or "").strip()
    if not decision_text:
        raise Invalid("objection_decision_text_required")
    before = (assessment.rating_hasil_kerja, assessment.rating_perilaku)
    was = assessments.audited(assessment)
    if decision == "changed":
        if hasil_kerja not in RATINGS or perilaku not in RATINGS:
            raise Invalid("rating_required")
        if (hasil_kerja, perilaku) == before:
            raise Invalid("objection_ratings_unchanged")
        objection.before_hasil_kerja, objection.before_perilaku = before
        assessment.rating_hasil_kerja, assessment.rating_perilaku = hasil_kerja, perilaku
        assessment.predikat = predikat(hasil_kerja, perilaku)
    case.decide(actor=actor)
    objection.state = case.state
    objection.decision, objection.decision_text = decision, decision_text
    objection.decided_at = utcnow()
    # The history shows the decision either way; only "changed" altered the ratings (an upheld
    # result records no change: an empty list, unlike the rows written before changes were).
    assessments.audit(assessment, actor, "decide_objection", assessment.state, decision_text,
                      assessments.changes_since(assessment, was))
    assessment.updated_at = utcnow()  # bumps the assessment's version too: a reopen racing loses
    _commit()
    signals.objection_changed.send(objection, actor=actor, event="decided")


def objectable(actor: Actor, on: dt.date | None = None) -> list[tuple[Assessment, Clock]]:
    """actor's own approved results that may still be objected to, with their window, the
    one closing first first (one query: none has an objection to its present result)."""
    if actor.employee_id is None:
        return []
    rows = db.session.scalars(_objectable_statement(), {"employee_id": actor.employee_id})
    windows = [(assessment, clock(assessment, on)) for assessment in rows]
    return sorted(((a, w) for a, w in windows if w is not None and w.open),
                  key=lambda pair: (pair[1].closes, pair[0].id))


@cache
def _objectable_statement() -> sa.Select:
    """objectable()'s statement, built once per process (the home page asks it every time)."""
    objected = sa.exists().where(Objection.assessment_id == Assessment.id,
                                 Objection.filed_at >= Assessment.finalised_at)
    return (sa.select(Assessment)
            .where(Assessment.employee_id == sa.bindparam("employee_id"),
                   Assessment.state == "approved", Assessment.finalised_at.is_not(None),
                   ~objected)
            .options(so.joinedload(Assessment.period)))


def waiting_for(actor: Actor) -> list[tuple[Objection, Assessment, str]]:
    """The objections in which actor must act now, with what to do: 'decide' (the decider of
    an open objection) or 'explain' (the assessor or employee asked to explain, who has not
    yet). Two queries (queue, and the statements)."""
    rows = [(o, a, part) for o, a, part in queue(actor, with_statements=True)
            if o.state != "decided" and is_current(o, a)]
    result = []
    for objection, assessment, part in rows:
        if part == "decider":
            result.append((objection, assessment, "decide"))
        elif objection.state == "explaining" and not _explained(objection, part):
            result.append((objection, assessment, "explain"))
    return result


def may_wait_for(employee_id) -> sa.ColumnElement[bool]:
    """A cheap condition true whenever waiting_for() would find something for the employee (an
    undecided objection they decide, filed or are assessor in; it may be true when waiting_for
    finds none): the home page asks waiting_for only then. Loosen it with waiting_for's rule."""
    return sa.exists().where(
        Objection.assessment_id == Assessment.id, Objection.state != "decided",
        sa.or_(Objection.decider_id == employee_id, Assessment.employee_id == employee_id,
               Assessment.assessor_id == employee_id))


def may_be_objectable(employee_id) -> sa.ColumnElement[bool]:
    """A cheap condition true whenever objectable() would find a result of the employee's (an
    approved result of theirs): the home page asks objectable only then."""
    return sa.exists().where(Assessment.employee_id == employee_id,
                             Assessment.state == "approved")


def _explained(objection: Objection, part: str) -> bool:
    """Whether the party gave a statement after filing (the employee's evidence, recorded
    as their statement at the moment of filing, is not an explanation)."""
    return any(s.role == part and local(s.at) > local(objection.filed_at)
               for s in objection.statements)


def queue(actor: Actor, with_statements: bool = False) -> list[tuple[Objection, Assessment, str]]:
    """The objections that concern actor, with the assessment and actor's part in each.

    One query: those actor decides, filed against actor's ratings, and actor's own; open ones
    first, then newest.
    """
    if actor.employee_id is None:
        return []
    me = actor.employee_id
    rows = db.session.execute(_queue_statement(with_statements), {"me": me}).unique().all()
    result = []
    for objection, assessment in rows:
        part = ("decider" if objection.decider_id == me
                else "employee" if assessment.employee_id == me else "assessor")
        result.append((objection, assessment, part))
    return result


@cache
def _queue_statement(with_statements: bool) -> sa.Select:
    """queue()'s statement with the actor as a parameter, built once per process."""
    me = sa.bindparam("me")
    return (
        sa.select(Objection, Assessment).join(Assessment, Objection.assessment_id == Assessment.id)
        .where(sa.or_(Objection.decider_id == me, Assessment.employee_id == me,
                      Assessment.assessor_id == me))
        .options(so.joinedload(Assessment.employee), so.joinedload(Assessment.period),
                 *([so.selectinload(Objection.statements)] if with_statements else []))
        .order_by(sa.case((Objection.state == "decided", 1), else_=0), Objection.filed_at.desc(),
                  Objection.id.desc()))
