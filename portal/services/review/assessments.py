"""Operations on one assessment: moving it through the workflow and editing its sections.

Every operation checks the caller's version (optimistic locking), asks the workflow whether the
actor may act, changes the rows, writes the audit event and commits once, so a refusal or a
failure leaves nothing half-done. A transition's (and a calibration's) signal is sent before
that commit: its listeners write what follows it in savepoints of the same transaction.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from functools import cache

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.orm.exc import StaleDataError

from portal import signals
from portal.extensions import db
from portal.models import (
    Assessment, AuditEvent, Employee, Indicator, Objection, Position, Realisation, Rhk, Unit,
)
from portal.models.base import utcnow
from portal.rules import sources
from portal.rules.predikat import RATINGS, predikat
from portal.services.errors import BulkRefused, Invalid, NotAllowed, NotNow, Refused, StaleVersion
from portal.services.people.access import reads_without_acting
from portal.services.people.moves import record_period_assessor
from portal.services.review.assessment_rows import evaluated_periods_column, person, with_people
from workflows.assessment import (
    DESTINATIONS, EDITS, REASON_REQUIRED, TRIGGERS, Actor, Blocker, Case, Facts, Offer, may_edit,
    may_view, offers,
)


def _page_options(whole: bool = True):
    """Eager loading of everything the assessment page and the guards read: the people, their
    posts, units and agencies, and the period; whole, also the RHK with their indicators,
    realisations and evidence, the Lampiran and the expectations (a document printing all, the
    approvals' batch). Otherwise the page's views read the graph with view_graph (a POST that
    changes it loads it with load_graph), the Lampiran and the expectations on first use (one
    query each) and the evidence with services.execution.evidence.load_all, only when they
    show them."""
    people = tuple(
        so.joinedload(relation).joinedload(Employee.position).joinedload(Position.unit)
        .joinedload(Unit.agency) for relation in (Assessment.employee, Assessment.assessor))
    if not whole:
        return (*people, so.joinedload(Assessment.period))
    rhks = so.selectinload(Assessment.rhks)
    return (*people, so.joinedload(Assessment.period), rhks.joinedload(Rhk.parent),
            rhks.selectinload(Rhk.indicators).selectinload(Indicator.realisations)
            .selectinload(Realisation.evidence),
            so.selectinload(Assessment.attachments), so.selectinload(Assessment.expectations))


def load(assessment_id: int, whole: bool = False, graph: bool = True,
         view: bool = False) -> Assessment | None:
    """The assessment with everything its page shows at first, in a fixed number of queries;
    whole: also the Lampiran, the expectations and the evidence, for a document printing all;
    without graph, not its RHK, indicators and realisations: the page's views read them with
    view_graph only when the step shows them, or load_graph when a guard asks for them first.

    With graph (the forms that edit the graph or show it in their answer) the graph comes from
    load_graph's one joined statement, not from three selectin loads: 1.0 against 3.2 ms of
    Python for the demo's recording assessment, on every POST of deadline day. A workflow action
    loads without it: the readiness guards that read the graph load it when evaluated
    (_lazy_facts), and calibrating or approving never asks them.

    view, for the page's views that only show the assessment (its step's GET): its employee and
    assessor with their posts, units and agencies are read as columns of the same statement
    into PersonRow, which has the attributes of the entities the page and the guards read. As
    eight joined entities they cost about 1 million instructions of the recording step's 10.8
    (SQLAlchemy builds each entity's row processors on every execution)."""
    row = db.session.execute(_load_statement(whole, view),
                             {"assessment_id": assessment_id}).first()
    if row is None:
        return None
    assessment, has_rhks = row[:2]
    if view:
        # Like view_graph's rows, the relationships' committed values: nothing writes them.
        so.attributes.set_committed_value(assessment, "employee", person(row[2:13]))
        so.attributes.set_committed_value(assessment, "assessor", person(row[13:]))
    if not has_rhks and "rhks" in sa.inspect(assessment).unloaded:
        # A draft without RHK yet: its graph is known to be empty, load_graph reads nothing.
        so.attributes.set_committed_value(assessment, "rhks", [])
    if graph and not whole:
        load_graph(assessment)
    return assessment


@cache
def _load_statement(whole: bool, view: bool = False) -> sa.Select:
    """load()'s statement, built once per process: building it (its loader options) and its
    cache key cost about as much as running it, on every assessment page. With the assessment,
    whether it has RHK (an EXISTS on rhks' index): a draft without any then skips load_graph's
    statement (about 400 calls and a round trip on the drafting employee's page). And whether
    an objection was ever filed (Assessment.objected): the page asks it from the self-assessment
    on, which cost a statement of its own on every view of a rated assessment. For a view, the
    columns of the employee's and the assessor's PersonRow follow (assessment_rows.with_people)."""
    has_rhks = sa.exists().where(Rhk.assessment_id == Assessment.id)
    objected = sa.exists().where(Objection.assessment_id == Assessment.id)
    statement = sa.select(Assessment, has_rhks.label("has_rhks"))
    if not view:
        options = _page_options(whole)
    else:
        options = (so.joinedload(Assessment.period),)
        statement = with_people(statement)
        # The documents' list's periods too (evaluated_in): their statement of its own otherwise.
        options += (so.with_expression(Assessment.evaluated_periods, evaluated_periods_column()),)
    return (statement.where(Assessment.id == sa.bindparam("assessment_id"))
            .options(*options, so.with_expression(Assessment.objected, objected)))


def load_graph(assessment: Assessment) -> None:
    """Load the RHK of an assessment from load(graph=False), with their supervisor's RHK,
    indicators and realisations, in one statement (nothing if they are loaded already).

    One joined statement builds the graph with a third of the Python three selectin loads
    take (each ORM statement costs several hundred calls to run, however few its rows)."""
    if "rhks" not in sa.inspect(assessment).unloaded:
        return
    rhks = db.session.scalars(_graph_statement(), {"assessment_id": assessment.id}).unique()
    so.attributes.set_committed_value(assessment, "rhks", list(rhks))


@cache
def _graph_statement() -> sa.Select:
    """load_graph()'s statement, built once per process. The relationships' order (RHK and
    indicators by id, realisations by period) is that of Assessment.rhks and its children."""
    return (sa.select(Rhk).where(Rhk.assessment_id == sa.bindparam("assessment_id"))
            .order_by(Rhk.id)
            .options(so.joinedload(Rhk.parent),
                     so.joinedload(Rhk.indicators).joinedload(Indicator.realisations)))


def load_many(*conditions) -> list[Assessment]:
    """Assessments matching conditions, loaded as load() does: a fixed number of queries."""
    return list(db.session.scalars(
        sa.select(Assessment).where(*conditions).options(*_page_options())
        .order_by(Assessment.id)))


def cascade_required(assessment: Assessment) -> bool:
    """Whether each RHK must intervene an RHK of the supervisor's SKP.

    Everyone whose assessor sits in the same agency cascades; the agency head (assessed by the
    Sekda or the Governor) takes RHK from the organisation's own goals instead.
    """
    assessor = assessment.assessor
    return bool(assessor and assessor.position
                and assessor.position.unit.agency_id == assessment.agency_id)


def indicator_has_target(assessment: Assessment, indicator: Indicator) -> bool:
    """A quantitative indicator needs a number and a unit; a qualitative one its success measure."""
    if assessment.approach == "kualitatif":
        return bool((indicator.target_text or "").strip())
    return indicator.target_value is not None and bool(indicator.target_unit.strip())


def annual_realisation_done(assessment: Assessment, indicator: Indicator) -> bool:
    """The annual realisation (period 0) is recorded: a number, or a description if qualitative.

    An objective indicator's realisation is the portal's to compute, not the employee's to type:
    once computed it counts as recorded even when no record exists for the year (the supervisor
    then sees "no data", and the employee is not stuck unable to submit).
    """
    realisation = indicator.realisation_for(0)
    if realisation is None:
        return False
    if sources.is_objective(indicator.data_source):
        return realisation.computed_at is not None
    if assessment.approach == "kualitatif":
        return bool(realisation.note.strip())
    return realisation.value is not None


def numbered_rhks(assessment: Assessment) -> list[tuple[Rhk, int]]:
    """Each RHK with its number within its kind, as the SKP numbers them (utama 1, tambahan 1)."""
    counts: dict[str, int] = {}
    numbered = []
    for rhk in assessment.rhks:
        counts[rhk.kind] = counts.get(rhk.kind, 0) + 1
        numbered.append((rhk, counts[rhk.kind]))
    return numbered


def target_blockers(assessment: Assessment) -> tuple[Blocker, ...]:
    """What keeps the SKP from being submitted: no RHK, an RHK that intervenes no RHK of the
    supervisor (where cascading is required) or has no indicator, an indicator without target."""
    if not assessment.rhks:
        return (Blocker("no_rhk", "new-rhk"),)
    cascades = cascade_required(assessment)
    found: list[Blocker] = []
    for rhk, number in numbered_rhks(assessment):
        name = (rhk.kind, number)
        if cascades and not rhk.parent_rhk_id:
            found.append(Blocker("rhk_without_parent", f"rhk-{rhk.id}", name, rhk.text))
        if not rhk.indicators:
            found.append(Blocker("rhk_without_indicator", f"rhk-{rhk.id}", name, rhk.text))
        found += [Blocker("indicator_without_target", f"indicator-{i.id}", name, i.text)
                  for i in rhk.indicators if not indicator_has_target(assessment, i)]
    return tuple(found)


def realisation_blockers(assessment: Assessment) -> tuple[Blocker, ...]:
    """What keeps the self-assessment from being submitted: each indicator whose annual
    realisation is missing (or, for an objective one, not computed yet)."""
    if not any(rhk.indicators for rhk in assessment.rhks):
        return (Blocker("no_indicator", "targets-title"),)
    return tuple(
        Blocker("realisation_not_computed" if sources.is_objective(i.data_source)
                else "realisation_missing", f"ind-{i.id}-title", (rhk.kind, number), i.text,
                period_no=0)
        for rhk, number in numbered_rhks(assessment) for i in rhk.indicators
        if not annual_realisation_done(assessment, i))


def rating_blockers(assessment: Assessment) -> tuple[Blocker, ...]:
    """What keeps the ratings from being sent: each rating or justification not saved."""
    parts = (("rating_hasil_kerja_missing", "rating_hasil_kerja-0", assessment.rating_hasil_kerja),
             ("hasil_kerja_note_missing", "hasil_kerja_note", assessment.rating_hasil_kerja_note),
             ("rating_perilaku_missing", "rating_perilaku-0", assessment.rating_perilaku),
             ("perilaku_note_missing", "perilaku_note", assessment.rating_perilaku_note))
    return tuple(Blocker(code, anchor) for code, anchor, value in parts
                 if not (value or "").strip())


def facts_for(assessment: Assessment) -> Facts:
    """Gather what the workflow guards need from a loaded assessment, every readiness guard's
    blockers included (case_for finds them only when a guard asks).

    Each readiness guard passes when nothing blocks it: the flags and the named blockers come
    from the same lists.
    """
    blockers = {guard: find(assessment) for guard, find in _READINESS.items()}
    return Facts(
        employee_id=assessment.employee_id,
        assessor_id=assessment.assessor_id,
        agency_id=assessment.agency_id,
        assessor_outside=assessor_outside(assessment),
        has_complete_targets=not blockers["has_complete_targets"],
        has_all_realisations=not blockers["has_all_realisations"],
        has_both_ratings=not blockers["has_both_ratings"],
        blockers=blockers,
    )


def _graph_blockers(find: Callable[[Assessment], tuple[Blocker, ...]]):
    """find, after loading the assessment's RHK graph if a light load left it out."""
    def found(assessment: Assessment) -> tuple[Blocker, ...]:
        load_graph(assessment)
        return find(assessment)
    return found


# Each readiness guard of the workflow with the function finding what blocks it.
_READINESS: dict[str, Callable[[Assessment], tuple[Blocker, ...]]] = {
    "has_complete_targets": _graph_blockers(target_blockers),
    "has_all_realisations": _graph_blockers(realisation_blockers),
    "has_both_ratings": rating_blockers,
}


def _lazy_facts(assessment: Assessment) -> Facts:
    """facts_for with each readiness guard's blockers found when the guard is first evaluated
    (Facts.readiness): a step asks one readiness guard at most, and the review's needs only
    the ratings, not the RHK graph. What is found is kept for the case's life."""
    found: dict[str, tuple[Blocker, ...]] = {}

    def readiness(guard: str) -> tuple[Blocker, ...]:
        if guard not in found:
            found[guard] = _READINESS[guard](assessment)
        return found[guard]

    return Facts(
        employee_id=assessment.employee_id,
        assessor_id=assessment.assessor_id,
        agency_id=assessment.agency_id,
        assessor_outside=assessor_outside(assessment),
        readiness=readiness,
    )


def assessor_outside(assessment: Assessment) -> bool:
    """Whether nobody in the portal assesses the employee: no assessor, and their post is the top
    of the post tree (the official above, like the Governor above the Sekretaris Daerah, is not
    in the portal). A post whose superior post is vacant is not this case: an acting official
    (Plt) is appointed in the portal, and monitoring lists it as having no supervisor."""
    position = assessment.employee.position
    return (assessment.assessor_id is None and position is not None
            and position.parent_id is None)


def case_for(assessment: Assessment) -> Case:
    """The workflow's case of the assessment; its readiness guards read the assessment when
    evaluated (a light load's RHK graph is loaded then)."""
    return Case(assessment.state, _lazy_facts(assessment))


def check_view(assessment: Assessment, actor: Actor) -> None:
    """Refuse actor who may not read this assessment.

    Besides the workflow's parties, the atasan pejabat penilai deciding an objection to it and
    an earlier assessor replaced by a move may read it (asked only when the workflow says no:
    one query, rarely).
    """
    if may_view(_lazy_facts(assessment), actor):
        return
    if not reads_without_acting(assessment.id, actor.employee_id):
        raise NotAllowed("not_yours")


def allowed_offers(assessment: Assessment, actor: Actor) -> list[Offer]:
    """The actions the page shows to actor; the POST handler checks the very same list."""
    return offers(case_for(assessment), actor)


def check_version(assessment: Assessment, expected_version: int | str | None) -> None:
    """Refuse when the version the actor saw (as posted, maybe garbled) is not the current one."""
    try:
        seen = int(expected_version)
    except (TypeError, ValueError):
        seen = None
    if seen != assessment.version:
        raise StaleVersion("stale")


def audit(assessment: Assessment, actor: Actor, trigger: str, from_state: str,
          reason: str = "", changes: list[dict] | None = None) -> AuditEvent:
    """Record an audit event (no commit): who, the trigger, the state before and now, why, and
    for an event that changes fields (ratings) their values before and after (see audited)."""
    event = AuditEvent(
        assessment_id=assessment.id, actor_id=actor.user_id, trigger=trigger,
        from_state=from_state, to_state=assessment.state, reason=reason, changes=changes,
    )
    db.session.add(event)
    return event


def audited(assessment: Assessment) -> dict[str, str | None]:
    """The audited fields' values now (AuditEvent.AUDITED_FIELDS), to compare after a change."""
    return {name: getattr(assessment, name) for name in AuditEvent.AUDITED_FIELDS}


def changes_since(assessment: Assessment, before: dict[str, str | None]) -> list[dict]:
    """The audited fields that differ from before: [{"field", "from", "to"}], in field order."""
    return [{"field": name, "from": before[name], "to": getattr(assessment, name)}
            for name in AuditEvent.AUDITED_FIELDS if before[name] != getattr(assessment, name)]


@contextmanager
def kept_after_commit():
    """Commit without expiring what the session holds: the assessment (and its audit event)
    are as this transaction wrote them, and the listeners and the actor's answer read them
    after the commit. Expired, the first read reloaded the whole assessment with every eager
    load of the page (four statements and every RHK, indicator and realisation rebuilt), only
    for the answer to load it again."""
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = expiring


def commit(assessment: Assessment) -> None:
    """Commit, turning a lost race on the version column into StaleVersion."""
    assessment.updated_at = utcnow()  # bumps the version even when only child rows changed
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleVersion("stale") from None


def flush() -> None:
    """Write the action's changes without committing, turning a lost race on the version
    column into StaleVersion (rolled back): before its signal, whose listeners write in the
    same transaction, so that nobody is told of an action that lost the race."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleVersion("stale") from None


def perform(assessment: Assessment, trigger: str, actor: Actor, *, version: int | None,
            reason: str = "", record: Callable[[AuditEvent], object] | None = None) -> None:
    """Take the workflow action trigger on assessment for actor.

    Args:
        assessment: the loaded assessment.
        trigger: a trigger name from workflows.assessment.TRANSITIONS.
        actor: who acts.
        version: the version the actor saw; a different current version means someone acted first.
        reason: the written reason, required for every return path.
        record: called with the new audit event before the commit, to store what goes with it
            in the same transaction (an outside official's paper).

    Raises:
        NotAllowed: the action is not the actor's to take on this assessment.
        NotNow: the action does not apply to the current state, or the assessment is not ready.
        StaleVersion: the assessment changed since the actor loaded it.
        Invalid: a required reason is missing.
    """
    check_version(assessment, version)
    event = _apply(assessment, trigger, actor, reason)
    if record is not None:
        record(event)
    flush()
    # Signalled inside the transaction: the listeners (notifications, the follow-up's
    # proposal) write in savepoints of it, so the action and what follows it commit once.
    signals.assessment_transitioned.send(assessment, actor=actor, trigger=trigger,
                                         from_state=event.from_state, reason=reason)
    with kept_after_commit():
        db.session.commit()


def check_action(assessment: Assessment, trigger: str, actor: Actor, *, version: int | None,
                 reason: str = "") -> None:
    """Refuse as perform() would, without acting: the first step of a confirmed action.

    Raises: what perform() raises.
    """
    check_version(assessment, version)
    _check_action(assessment, trigger, actor, reason)


def just_done_by(assessment: Assessment, trigger: str, actor: Actor) -> bool:
    """Whether actor's own last step on assessment was trigger and nothing happened since: a
    repeated submission of it (a double click, a resent form) is then answered as done."""
    last = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))
    return (last is not None and last.trigger == trigger and last.actor_id == actor.user_id
            and assessment.state == DESTINATIONS.get(trigger))


def perform_many(assessments: list[Assessment], trigger: str, actor: Actor,
                 reason: str = "") -> None:
    """Take trigger on every one of assessments, all or nothing, in one transaction.

    Every assessment is checked first; if any is refused, nothing changes and BulkRefused names
    each refused assessment with its reason. Otherwise each gets its own audit event, a signal
    is sent per assessment (its listeners write in the transaction) and the whole set is
    committed once.

    Raises:
        BulkRefused: with refusals = [(assessment, Refused), ...].
        StaleVersion: another user changed one of them meanwhile (nothing is changed).
    """
    refusals = []
    for assessment in assessments:
        try:
            _check_action(assessment, trigger, actor, reason)
        except Refused as refusal:
            refusals.append((assessment, refusal))
    if refusals:
        raise BulkRefused("bulk_refused", refusals=refusals)
    moved = [(assessment, _apply(assessment, trigger, actor, reason).from_state)
             for assessment in assessments]
    flush()
    for assessment, from_state in moved:
        signals.assessment_transitioned.send(assessment, actor=actor, trigger=trigger,
                                             from_state=from_state, reason=reason)
    db.session.commit()


def _check_action(assessment: Assessment, trigger: str, actor: Actor, reason: str) -> Case:
    """Refuse trigger unless actor may take it on assessment now; return the ready case."""
    check_view(assessment, actor)
    if trigger not in TRIGGERS:
        raise NotNow("unknown_action")
    case = case_for(assessment)
    offer = next((o for o in offers(case, actor) if o.trigger == trigger), None)
    if offer is None:
        if case.machine.get_transitions(trigger, source=case.state):
            raise NotAllowed("not_your_step")
        raise NotNow("wrong_state")
    if not offer.enabled:
        raise NotNow("not_ready", blocked_by=offer.blocked_by)
    if trigger in REASON_REQUIRED and not (reason or "").strip():
        raise Invalid("reason_required")
    return case


def _apply(assessment: Assessment, trigger: str, actor: Actor, reason: str) -> AuditEvent:
    """Check, move the state, stamp and audit (no commit); return the audit event (its
    from_state is the state it came from)."""
    case = _check_action(assessment, trigger, actor, reason)
    from_state = case.state
    case.trigger(trigger, actor=actor)
    assessment.state = case.state
    if assessment.state == "approved":
        assessment.finalised_at = utcnow()  # communicated: the objection window opens
    elif from_state == "approved":
        assessment.finalised_at = None  # reopened by an admin
    assessment.updated_at = utcnow()
    return audit(assessment, actor, trigger, from_state, (reason or "").strip())


def require_edit(assessment: Assessment, actor: Actor, section: str,
                  version: int | None) -> None:
    """Refuse an edit of section unless actor may make it now (403 wrong person, 409 wrong time)."""
    check_view(assessment, actor)
    check_version(assessment, version)
    case = case_for(assessment)
    if may_edit(case, actor, section):
        return
    _, who = EDITS[section]
    if getattr(case, who)(actor=actor):
        raise NotNow("not_editable")
    raise NotAllowed("not_your_step")


def _check_ratings(hasil_kerja: str, perilaku: str) -> None:
    if hasil_kerja not in RATINGS or perilaku not in RATINGS:
        raise Invalid("rating_required")


def save_ratings(assessment: Assessment, actor: Actor, *, version: int | None,
                 hasil_kerja: str, hasil_kerja_note: str, perilaku: str,
                 perilaku_note: str) -> None:
    """Record the supervisor's two ratings, each with its justification, and derive the predikat."""
    set_ratings(assessment, actor, version=version, hasil_kerja=hasil_kerja,
                hasil_kerja_note=hasil_kerja_note, perilaku=perilaku, perilaku_note=perilaku_note)
    commit(assessment)


def set_ratings(assessment: Assessment, actor: Actor, *, version: int | None,
                hasil_kerja: str, hasil_kerja_note: str, perilaku: str,
                perilaku_note: str) -> None:
    """save_ratings without the commit: for a caller that commits more with it."""
    require_edit(assessment, actor, "ratings", version)
    _check_ratings(hasil_kerja, perilaku)
    if not (hasil_kerja_note or "").strip() or not (perilaku_note or "").strip():
        raise Invalid("justification_required")
    assessment.rating_hasil_kerja = hasil_kerja
    assessment.rating_hasil_kerja_note = hasil_kerja_note.strip()
    assessment.rating_perilaku = perilaku
    assessment.rating_perilaku_note = perilaku_note.strip()
    assessment.predikat = predikat(hasil_kerja, perilaku)
    record_period_assessor(assessment, 0)


def calibrate_ratings(assessment: Assessment, actor: Actor, *, version: int | None,
                      hasil_kerja: str, perilaku: str, reason: str) -> None:
    """Change the ratings during calibration; the committee's reason is audited."""
    require_edit(assessment, actor, "calibration", version)
    _check_ratings(hasil_kerja, perilaku)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("reason_required")
    before = (assessment.rating_hasil_kerja, assessment.rating_perilaku)
    if before == (hasil_kerja, perilaku):
        raise Invalid("ratings_unchanged")
    if assessment.original_rating_hasil_kerja is None:  # keep the supervisor's own ratings once
        assessment.original_rating_hasil_kerja, assessment.original_rating_perilaku = before
    was = audited(assessment)
    assessment.rating_hasil_kerja = hasil_kerja
    assessment.rating_perilaku = perilaku
    assessment.predikat = predikat(hasil_kerja, perilaku)
    audit(assessment, actor, "adjust_ratings", assessment.state, reason,
          changes_since(assessment, was))
    assessment.updated_at = utcnow()
    flush()
    signals.ratings_calibrated.send(assessment, actor=actor, reason=reason, before=before)
    with kept_after_commit():
        db.session.commit()
