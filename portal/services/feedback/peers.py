"""Peer feedback (360): asking colleagues, the employee's proposals, answers and the aggregate.

The assessor (Pejabat Penilai Kinerja) asks colleagues of the same agency directly; the assessed
employee may propose colleagues, each waiting for the assessor's approval. Asking is possible
while the year runs and until the assessor rates (targets_approved, self_assessed). A colleague
answers once, by the deadline, with a score per BerAKHLAK value and an optional comment; answers
are never edited. Each operation owns its transaction and sends signals.peer_review_changed
after committing. The aggregate (aggregate_for) carries no names: it is what the assessor rates
with, what the employee sees, and what the Dokumen Evaluasi prints, all only once the round
(the requests of one evaluation period) has closed and only from Period.peer_anonymity_threshold
answers on (see published_round). A closed round that was answered takes no more colleagues, so
its published aggregate never moves.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from portal import signals
from portal.extensions import db
from portal.models import (
    Assessment, Employee, PeerReview, PeerScore, Period, Position, Unit, User,
)
from portal.models.base import utcnow
from portal.rules import peers as rules
from portal.rules.berakhlak import VALUES
from portal.rules.nip import format_nip
from portal.services.review.assessments import check_view
from portal.services.clock import today
from portal.services.errors import Invalid, NotAllowed, NotNow
from portal.services.execution.execution import check_period_no
from portal.services.people.org import SEARCH_LIMIT, name_or_nip_match
from workflows.assessment import Actor

# While the year runs and until the assessor rates: later answers could not inform the rating.
ASKING_STATES = ("targets_approved", "self_assessed")
COMMENT_MAX = 2000
THRESHOLD_RANGE = (1, 20)


def role_of(assessment: Assessment, actor: Actor) -> str:
    """'assessor', 'employee' or 'viewer' (committee, approver, admin, objection decider)."""
    if actor.employee_id is not None and actor.employee_id == assessment.assessor_id:
        return "assessor"
    if actor.employee_id is not None and actor.employee_id == assessment.employee_id:
        return "employee"
    return "viewer"


def asking_open(assessment: Assessment) -> bool:
    return assessment.state in ASKING_STATES


# --- colleagues ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Colleague:
    """An employee who may be asked: active, of the assessment's agency, able to log in."""

    id: int
    name: str
    nip: str
    title: str

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)


def _colleagues(assessment: Assessment):
    """Employees who may review assessment: active, holding a post in its agency, with an
    enabled login, and neither the assessed employee nor the assessor (who rates anyway)."""
    excluded = [e for e in (assessment.employee_id, assessment.assessor_id) if e is not None]
    return (sa.select(Employee.id, Employee.name, Employee.nip, Position.title)
            .join(Position, Position.id == Employee.position_id)
            .join(Unit, Unit.id == Position.unit_id)
            .join(User, sa.and_(User.employee_id == Employee.id, User.enabled))
            .where(Unit.agency_id == assessment.agency_id, Employee.active,
                   Employee.id.not_in(excluded)))


def _asked_ids(assessment: Assessment, period_no: int):
    return sa.select(PeerReview.reviewer_id).where(PeerReview.assessment_id == assessment.id,
                                                   PeerReview.period_no == period_no)


def chosen(assessment: Assessment, ids: Iterable[int]) -> list[Colleague]:
    """The colleagues among ids (as posted back by the form), by name; others are dropped."""
    ids = sorted(set(ids))
    if not ids:
        return []
    return [Colleague(*row) for row in db.session.execute(
        _colleagues(assessment).where(Employee.id.in_(ids)).order_by(Employee.name))]


def search(assessment: Assessment, actor: Actor, query: str, *, period_no: int = 0,
           exclude: Iterable[int] = ()) -> tuple[list[Colleague], bool]:
    """Colleagues matching query (a part of the name, or the start of the NIP), by name.

    Leaves out those in exclude (already chosen) and those already asked for period_no. Returns
    at most SEARCH_LIMIT and whether there were more; one query, whatever the agency's size.

    Raises:
        NotAllowed: the actor is neither the assessor nor the assessed employee.
    """
    if role_of(assessment, actor) == "viewer":
        raise NotAllowed("peer_not_party")
    match = name_or_nip_match(query)
    if match is None:
        return [], False
    statement = (_colleagues(assessment)
                 .where(match, Employee.id.not_in(_asked_ids(assessment, period_no)))
                 .order_by(Employee.name, Employee.id).limit(SEARCH_LIMIT + 1))
    excluded = sorted(set(exclude))
    if excluded:
        statement = statement.where(Employee.id.not_in(excluded))
    rows = [Colleague(*row) for row in db.session.execute(statement)]
    return rows[:SEARCH_LIMIT], len(rows) > SEARCH_LIMIT


# --- rounds ---------------------------------------------------------------------------------

def _statuses(assessment: Assessment, period_no: int, on: dt.date | None) -> list[str]:
    """The status of each request of the round (assessment, period_no) on day on: one query."""
    day = on or today()
    return [rules.status(approved=approved, answered=answered_at is not None, deadline=deadline,
                         today=day)
            for approved, answered_at, deadline in db.session.execute(
                sa.select(PeerReview.approved_by_id.is_not(None), PeerReview.answered_at,
                          PeerReview.deadline)
                .where(PeerReview.assessment_id == assessment.id,
                       PeerReview.period_no == period_no))]


def round_final(statuses: list[str], assessment: Assessment) -> bool:
    """A round is final once it has closed with at least one answer: its aggregate may have
    been shown, so no colleague may join it (one more answer would show in the difference)."""
    return ("answered" in statuses
            and rules.round_closed(statuses, answers_accepted=asking_open(assessment)))


def check_round_open(assessment: Assessment, period_no: int, on: dt.date | None = None) -> None:
    """Refuse asking (or approving a proposal) for a round that is final (409)."""
    if round_final(_statuses(assessment, period_no, on), assessment):
        raise NotNow("peer_round_closed")


# --- asking ----------------------------------------------------------------------------------

def request_peers(assessment: Assessment, actor: Actor, *, reviewer_ids: Iterable[int],
                  period_no: int, deadline: dt.date | None,
                  on: dt.date | None = None) -> list[PeerReview]:
    """The assessor asks colleagues for feedback on period_no; each request is approved at once.

    Args:
        assessment: the loaded assessment (services.assessments.load).
        actor: its assessor.
        reviewer_ids: the employees asked (see _colleagues for who qualifies).
        period_no: 0 for the annual evaluation, or 1..N of the period's evaluation periods.
        deadline: the last day to answer (Asia/Jakarta); today or later.
        on: today, by default.

    Raises:
        NotAllowed: the actor is not the assessor.
        NotNow: the assessment is not in ASKING_STATES, or a colleague was asked already
            (details: names).
        Invalid: no colleague, a colleague who may not review, an unknown period, a missing or
            past deadline.
    """
    check_view(assessment, actor)
    if role_of(assessment, actor) != "assessor":
        raise NotAllowed("peer_assessor_only")
    return _ask(assessment, actor, reviewer_ids, period_no, deadline, on, approved=True)


def propose_peers(assessment: Assessment, actor: Actor, *, reviewer_ids: Iterable[int],
                  period_no: int, deadline: dt.date | None,
                  on: dt.date | None = None) -> list[PeerReview]:
    """The assessed employee proposes colleagues; each waits for the assessor's approval.

    Arguments and refusals as request_peers, the actor being the assessed employee (and an
    assessment without assessor refuses proposals: nobody could approve them).
    """
    check_view(assessment, actor)
    if role_of(assessment, actor) != "employee":
        raise NotAllowed("peer_employee_only")
    if assessment.assessor_id is None:
        raise NotNow("peer_no_assessor")
    return _ask(assessment, actor, reviewer_ids, period_no, deadline, on, approved=False)


def _ask(assessment: Assessment, actor: Actor, reviewer_ids: Iterable[int], period_no: int,
         deadline: dt.date | None, on: dt.date | None, *, approved: bool) -> list[PeerReview]:
    if not asking_open(assessment):
        raise NotNow("peer_wrong_state")
    check_period_no(assessment, period_no)
    if deadline is None:
        raise Invalid("peer_deadline_required")
    if deadline < (on or today()):
        raise Invalid("peer_deadline_past")
    ids = sorted(set(reviewer_ids))
    if not ids:
        raise Invalid("peer_reviewers_required")
    if assessment.employee_id in ids:
        raise Invalid("peer_self")
    if assessment.assessor_id in ids:
        raise Invalid("peer_is_assessor")
    found = {c.id: c for c in chosen(assessment, ids)}
    if len(found) != len(ids):
        raise Invalid("peer_not_colleague")
    check_round_open(assessment, period_no, on)
    asked = set(db.session.scalars(_asked_ids(assessment, period_no)))
    if asked & set(ids):
        raise NotNow("peer_already_asked",
                     names=", ".join(found[i].name for i in ids if i in asked))
    reviews = [PeerReview(assessment_id=assessment.id, period_no=period_no, reviewer_id=i,
                          requested_by_id=actor.user_id,
                          approved_by_id=actor.user_id if approved else None,
                          deadline=deadline) for i in ids]
    db.session.add_all(reviews)
    try:
        db.session.commit()
    except IntegrityError:  # someone asked one of them meanwhile (the unique key)
        db.session.rollback()
        raise NotNow("peer_already_asked", names=", ".join(found[i].name for i in ids)) from None
    for review in reviews:
        signals.peer_review_changed.send(review, actor=actor,
                                         event="requested" if approved else "proposed")
    return reviews


def decide_proposal(review: PeerReview, assessment: Assessment, actor: Actor, *,
                    approve: bool, on: dt.date | None = None) -> None:
    """The assessor approves the employee's proposal (the colleague is then asked) or declines
    it (the proposal is deleted; the employee is told).

    Raises:
        NotAllowed: the actor is not the assessor.
        NotNow: the proposal was decided already, asking is closed, or (approving) its deadline
            has passed (details: deadline).
    """
    check_view(assessment, actor)
    if role_of(assessment, actor) != "assessor":
        raise NotAllowed("peer_assessor_only")
    if review.approved_by_id is not None:
        raise NotNow("peer_proposal_decided")
    if not asking_open(assessment):
        raise NotNow("peer_wrong_state")
    if approve:
        if review.deadline < (on or today()):
            raise NotNow("peer_proposal_expired", deadline=review.deadline)
        check_round_open(assessment, review.period_no, on)
        # Only a still-pending row is approved: a second click, or a decline racing it, loses.
        done = db.session.execute(
            sa.update(PeerReview).where(PeerReview.id == review.id,
                                        PeerReview.approved_by_id.is_(None))
            .values(approved_by_id=actor.user_id)).rowcount
    else:
        # The listeners read the declined proposal from the object: its row is about to go.
        db.session.expunge(review)
        done = db.session.execute(
            sa.delete(PeerReview).where(PeerReview.id == review.id,
                                        PeerReview.approved_by_id.is_(None))).rowcount
    if not done:
        db.session.rollback()
        raise NotNow("peer_proposal_decided")
    db.session.commit()
    signals.peer_review_changed.send(review, actor=actor,
                                     event="approved" if approve else "declined")


# --- answering -------------------------------------------------------------------------------

def load_review(review_id: int) -> tuple[PeerReview, Assessment] | None:
    """The request and its assessment with the employee's post and the period (one query)."""
    row = db.session.execute(
        sa.select(PeerReview, Assessment)
        .join(Assessment, Assessment.id == PeerReview.assessment_id)
        .where(PeerReview.id == review_id)
        .options(so.joinedload(Assessment.employee).joinedload(Employee.position),
                 so.joinedload(Assessment.period))).one_or_none()
    return None if row is None else (row[0], row[1])


def check_answerable(review: PeerReview, assessment: Assessment, actor: Actor,
                     on: dt.date | None = None) -> None:
    """Refuse anyone but the colleague asked (403), and a request that cannot be answered now
    (409): a proposal not yet approved, one answered already, one past its deadline (details:
    deadline), or one whose assessment was rated meanwhile."""
    if actor.employee_id is None or actor.employee_id != review.reviewer_id:
        raise NotAllowed("peer_not_asked")
    if review.approved_by_id is None:
        raise NotNow("peer_not_approved")
    if review.answered_at is not None:
        raise NotNow("peer_already_answered")
    if review.deadline < (on or today()):
        raise NotNow("peer_deadline_passed", deadline=review.deadline)
    if not asking_open(assessment):
        raise NotNow("peer_closed")


def answer(review: PeerReview, assessment: Assessment, actor: Actor, *,
           scores: dict[str, int], comment: str | None, on: dt.date | None = None) -> None:
    """Record the colleague's answer: a score (1..3) for each BerAKHLAK value and a comment.

    The answer is written once: the row is claimed with a conditional UPDATE, so a second
    submission (even a simultaneous one) is refused and nothing is overwritten.

    Raises:
        NotAllowed, NotNow: see check_answerable.
        Invalid: a value without a score (or an unknown score), or a comment too long.
    """
    check_answerable(review, assessment, actor, on)
    if set(scores) != {v.code for v in VALUES} or any(s not in rules.SCORES
                                                      for s in scores.values()):
        raise Invalid("peer_scores_required")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Invalid("peer_comment_too_long")
    claimed = db.session.execute(
        sa.update(PeerReview).where(PeerReview.id == review.id,
                                    PeerReview.answered_at.is_(None))
        .values(answered_at=utcnow(), comment=comment or None)).rowcount
    if not claimed:
        db.session.rollback()
        raise NotNow("peer_already_answered")
    db.session.execute(sa.insert(PeerScore), [
        dict(review_id=review.id, value_code=code, score=score)
        for code, score in sorted(scores.items())])
    db.session.commit()
    signals.peer_review_changed.send(review, actor=actor, event="answered")


# --- reading ---------------------------------------------------------------------------------

def aggregate_for(assessment: Assessment | int, period_no: int = 0) -> rules.Aggregate:
    """The anonymous aggregate of the answers on assessment for evaluation period period_no.

    Per BerAKHLAK value the mean score (1..3, two decimals) and how many colleagues scored it,
    the number of answers, and the comments sorted by text: no names, nothing that tells whose
    answer is whose. One query. Never shown as it is: readers get published_round().

    Args:
        assessment: the assessment or its id.
        period_no: 0 (the default) for the annual evaluation, else the month or quarter.
    """
    assessment_id = assessment if isinstance(assessment, int) else assessment.id
    answers: dict[int, tuple[dict[str, int], str | None]] = {}
    for review_id, comment, code, score in db.session.execute(
            sa.select(PeerReview.id, PeerReview.comment, PeerScore.value_code, PeerScore.score)
            .outerjoin(PeerScore, PeerScore.review_id == PeerReview.id)
            .where(PeerReview.assessment_id == assessment_id, PeerReview.period_no == period_no,
                   PeerReview.answered_at.is_not(None))):
        scores, _comment = answers.setdefault(review_id, ({}, comment))
        if code is not None:
            scores[code] = score
    return rules.aggregate(rules.Answer(scores, comment) for scores, comment in answers.values())


@dataclass(frozen=True)
class Round:
    """What anyone may know of one round: how many were asked and answered, whether it is
    closed, and the aggregate, present only once published (rules.published)."""

    asked: int
    answered: int
    closed: bool
    threshold: int
    aggregate: rules.Aggregate | None


def _round(assessment: Assessment, period_no: int, statuses: list[str]) -> Round:
    """The round from its request statuses; the aggregate is read only when it is published."""
    answered = statuses.count("answered")
    closed = rules.round_closed(statuses, answers_accepted=asking_open(assessment))
    threshold = assessment.period.peer_anonymity_threshold
    aggregate = None
    if rules.published(answered, closed=closed, threshold=threshold):
        aggregate = aggregate_for(assessment, period_no)
    return Round(sum(s != "proposed" for s in statuses), answered, closed, threshold, aggregate)


def published_round(assessment: Assessment, period_no: int = 0,
                    on: dt.date | None = None) -> Round:
    """The round of assessment's evaluation period period_no as every reader sees it (the
    page, the Dokumen Evaluasi): two queries at most."""
    return _round(assessment, period_no, _statuses(assessment, period_no, on))


@dataclass
class Panel:
    """What the assessment page shows one viewer of peer feedback for one evaluation period.

    reviews holds only what the viewer may see by name: every request for the assessor, the
    employee's own pending proposals for the employee, nothing for anyone else. aggregate is
    None until the round is closed and below the period's anonymity threshold, whoever the
    viewer.
    """

    period_no: int
    role: str
    threshold: int
    asked: int = 0       # approved requests
    answered: int = 0
    pending: int = 0     # proposals waiting for the assessor
    reviews: list[PeerReview] = field(default_factory=list)
    statuses: dict[int, str] = field(default_factory=dict)
    closed: bool = False
    final: bool = False  # closed with answers: nobody more can be asked
    aggregate: rules.Aggregate | None = None
    may_decide: bool = False   # the assessor may approve or decline proposals
    may_request: bool = False
    may_propose: bool = False


def panel(assessment: Assessment, actor: Actor, period_no: int,
          on: dt.date | None = None) -> Panel:
    """The peer-feedback panel of assessment for actor: two queries however many reviews."""
    day = on or today()
    role = role_of(assessment, actor)
    reviews = list(db.session.scalars(
        sa.select(PeerReview).where(PeerReview.assessment_id == assessment.id,
                                    PeerReview.period_no == period_no)
        .options(so.joinedload(PeerReview.reviewer)).order_by(PeerReview.id)))
    statuses = {r.id: rules.status(approved=r.approved_by_id is not None,
                                   answered=r.answered_at is not None, deadline=r.deadline,
                                   today=day) for r in reviews}
    # The same rule for every reader: the assessor sees who answered, so an aggregate of fewer
    # answers than the threshold would be those colleagues' own answers under their names; and
    # an aggregate shown before the round closes would give away each new answer by difference.
    shown = _round(assessment, period_no, list(statuses.values()))
    final = round_final(list(statuses.values()), assessment)
    may_ask = asking_open(assessment) and not final
    result = Panel(period_no=period_no, role=role, threshold=shown.threshold, asked=shown.asked,
                   answered=shown.answered,
                   pending=sum(s == "proposed" for s in statuses.values()),
                   statuses=statuses, closed=shown.closed, final=final,
                   aggregate=shown.aggregate,
                   may_decide=role == "assessor" and asking_open(assessment),
                   may_request=role == "assessor" and may_ask,
                   may_propose=(role == "employee" and may_ask
                                and assessment.assessor_id is not None))
    if role == "assessor":
        result.reviews = reviews
    elif role == "employee":
        result.reviews = [r for r in reviews if statuses[r.id] == "proposed"]
    return result


@dataclass(frozen=True)
class Asked:
    """One request in a colleague's own list (Umpan balik rekan)."""

    review: PeerReview
    employee_name: str
    position_title: str | None
    period: Period
    state: str  # 'open' | 'answered' | 'expired'


def asked_of(employee_id: int, on: dt.date | None = None, limit: int = 200) -> list[Asked]:
    """The approved requests asked of employee_id, open ones first (nearest deadline first),
    then the most recent others; one query. A request whose assessment was rated meanwhile
    counts as expired: it can no longer be answered."""
    day = on or today()
    rows = db.session.execute(
        sa.select(PeerReview, Employee.name, Position.title, Period, Assessment.state)
        .join(Assessment, Assessment.id == PeerReview.assessment_id)
        .join(Employee, Employee.id == Assessment.employee_id)
        .outerjoin(Position, Position.id == Employee.position_id)
        .join(Period, Period.id == Assessment.period_id)
        .where(PeerReview.reviewer_id == employee_id, PeerReview.approved_by_id.is_not(None))
        .order_by(PeerReview.deadline.desc(), PeerReview.id.desc()).limit(limit))
    items = []
    for review, name, title, period, state in rows:
        status = rules.status(approved=True, answered=review.answered_at is not None,
                              deadline=review.deadline, today=day)
        if status == "asked":
            status = "open" if state in ASKING_STATES else "expired"
        items.append(Asked(review, name, title, period, status))
    items.sort(key=lambda a: (a.state != "open", a.review.deadline if a.state == "open"
                              else dt.date.max - a.review.deadline))
    return items


# --- settings --------------------------------------------------------------------------------

def set_anonymity_threshold(period: Period, threshold: int | None) -> None:
    """Set how many answers the employee's view of peer feedback needs (1..20).

    Raises:
        Invalid: outside 1..20.
        NotNow: the period is closed.
    """
    low, high = THRESHOLD_RANGE
    if threshold is None or not low <= threshold <= high:
        raise Invalid("peer_threshold_range")
    if period.status == "closed":
        raise NotNow("period_closed")
    period.peer_anonymity_threshold = threshold
    db.session.commit()
