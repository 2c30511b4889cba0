"""Operations on one assessment: moving it through the workflow and editing its sections.

Every operation checks the caller's version (optimistic locking), asks the workflow whether the
actor may act, changes the rows, writes the audit event and commits once, so a refusal or a
failure leaves nothing half-done.
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.models import (
    Assessment, AuditEvent, Employee, Indicator, Position, Realisation, Rhk, Unit,
)
from portal.models.base import utcnow
from portal.rules.predikat import RATINGS, predikat
from portal.services.errors import Invalid, NotAllowed, NotNow, StaleVersion
from workflows.assessment import (
    EDITS, REASON_REQUIRED, TRIGGERS, Actor, Case, Facts, Offer, may_edit, may_view, offers,
)


def load(assessment_id: int) -> Assessment | None:
    """The assessment with everything its page shows, in a fixed number of queries."""
    return db.session.scalar(
        sa.select(Assessment)
        .where(Assessment.id == assessment_id)
        .options(
            *(so.joinedload(person).joinedload(Employee.position).joinedload(Position.unit)
              .joinedload(Unit.agency) for person in (Assessment.employee, Assessment.assessor)),
            so.joinedload(Assessment.period),
            so.selectinload(Assessment.rhks)
            .selectinload(Rhk.indicators)
            .joinedload(Indicator.realisation),
        )
    )


def facts_for(assessment: Assessment) -> Facts:
    """Gather what the workflow guards need from a loaded assessment."""
    indicators = [i for rhk in assessment.rhks for i in rhk.indicators]
    return Facts(
        employee_id=assessment.employee_id,
        assessor_id=assessment.assessor_id,
        agency_id=assessment.agency_id,
        has_complete_targets=bool(assessment.rhks) and all(r.indicators for r in assessment.rhks),
        has_all_realisations=bool(indicators) and all(i.realisation for i in indicators),
        has_both_ratings=bool(assessment.rating_hasil_kerja and assessment.rating_perilaku),
    )


def case_for(assessment: Assessment) -> Case:
    return Case(assessment.state, facts_for(assessment))


def check_view(assessment: Assessment, actor: Actor) -> None:
    """Refuse actor who may not read this assessment."""
    if not may_view(facts_for(assessment), actor):
        raise NotAllowed("not_yours")


def allowed_offers(assessment: Assessment, actor: Actor) -> list[Offer]:
    """The actions the page shows to actor; the POST handler checks the very same list."""
    return offers(case_for(assessment), actor)


def _check_version(assessment: Assessment, expected_version: int | str | None) -> None:
    """Refuse when the version the actor saw (as posted, maybe garbled) is not the current one."""
    try:
        seen = int(expected_version)
    except (TypeError, ValueError):
        seen = None
    if seen != assessment.version:
        raise StaleVersion("stale")


def _audit(assessment: Assessment, actor: Actor, trigger: str, from_state: str,
           reason: str = "") -> None:
    db.session.add(AuditEvent(
        assessment_id=assessment.id, actor_id=actor.user_id, trigger=trigger,
        from_state=from_state, to_state=assessment.state, reason=reason,
    ))


def _commit(assessment: Assessment) -> None:
    """Commit, turning a lost race on the version column into StaleVersion."""
    assessment.updated_at = utcnow()  # bumps the version even when only child rows changed
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleVersion("stale") from None


def perform(assessment: Assessment, trigger: str, actor: Actor, *, version: int | None,
            reason: str = "") -> None:
    """Take the workflow action trigger on assessment for actor.

    Args:
        assessment: the loaded assessment.
        trigger: a trigger name from workflows.assessment.TRANSITIONS.
        actor: who acts.
        version: the version the actor saw; a different current version means someone acted first.
        reason: the written reason, required for every return path.

    Raises:
        NotAllowed: the action is not the actor's to take on this assessment.
        NotNow: the action does not apply to the current state, or the assessment is not ready.
        StaleVersion: the assessment changed since the actor loaded it.
        Invalid: a required reason is missing.
    """
    check_view(assessment, actor)
    if trigger not in TRIGGERS:
        raise NotNow("unknown_action")
    _check_version(assessment, version)
    case = case_for(assessment)
    offer = next((o for o in offers(case, actor) if o.trigger == trigger), None)
    if offer is None:
        if case.machine.get_transitions(trigger, source=case.state):
            raise NotAllowed("not_your_step")
        raise NotNow("wrong_state")
    if not offer.enabled:
        raise NotNow("not_ready", blocked_by=offer.blocked_by)
    reason = (reason or "").strip()
    if trigger in REASON_REQUIRED and not reason:
        raise Invalid("reason_required")
    from_state = case.state
    case.trigger(trigger, actor=actor)
    assessment.state = case.state
    _audit(assessment, actor, trigger, from_state, reason)
    _commit(assessment)


def _require_edit(assessment: Assessment, actor: Actor, section: str,
                  version: int | None) -> None:
    """Refuse an edit of section unless actor may make it now (403 wrong person, 409 wrong time)."""
    check_view(assessment, actor)
    _check_version(assessment, version)
    case = case_for(assessment)
    if may_edit(case, actor, section):
        return
    _, who = EDITS[section]
    if getattr(case, who)(actor=actor):
        raise NotNow("not_editable")
    raise NotAllowed("not_your_step")


def add_rhk(assessment: Assessment, actor: Actor, *, version: int | None, kind: str, text: str,
            aspect: str, indicator_text: str, target_value: Decimal, target_unit: str) -> Rhk:
    """Add an RHK with its first indicator to a draft SKP."""
    _require_edit(assessment, actor, "targets", version)
    rhk = Rhk(kind=kind, text=text.strip())
    rhk.indicators.append(Indicator(aspect=aspect, text=indicator_text.strip(),
                                    target_value=target_value, target_unit=target_unit.strip()))
    assessment.rhks.append(rhk)
    _commit(assessment)
    return rhk


def add_indicator(assessment: Assessment, actor: Actor, rhk_id: int, *, version: int | None,
                  aspect: str, text: str, target_value: Decimal, target_unit: str) -> None:
    """Add another indicator to an RHK of a draft SKP."""
    _require_edit(assessment, actor, "targets", version)
    rhk = _rhk(assessment, rhk_id)
    rhk.indicators.append(Indicator(aspect=aspect, text=text.strip(),
                                    target_value=target_value, target_unit=target_unit.strip()))
    _commit(assessment)


def delete_rhk(assessment: Assessment, actor: Actor, rhk_id: int, *,
               version: int | None) -> None:
    """Remove an RHK and its indicators from a draft SKP."""
    _require_edit(assessment, actor, "targets", version)
    assessment.rhks.remove(_rhk(assessment, rhk_id))
    _commit(assessment)


def delete_indicator(assessment: Assessment, actor: Actor, indicator_id: int, *,
                     version: int | None) -> None:
    """Remove one indicator from a draft SKP."""
    _require_edit(assessment, actor, "targets", version)
    for rhk in assessment.rhks:
        for indicator in rhk.indicators:
            if indicator.id == indicator_id:
                rhk.indicators.remove(indicator)
                _commit(assessment)
                return
    raise NotNow("unknown_indicator")


def _rhk(assessment: Assessment, rhk_id: int) -> Rhk:
    for rhk in assessment.rhks:
        if rhk.id == rhk_id:
            return rhk
    raise NotNow("unknown_rhk")


def save_realisations(assessment: Assessment, actor: Actor, *, version: int | None,
                      values: dict[int, tuple[Decimal, str]]) -> None:
    """Record realisations, indicator id -> (value, note), for indicators of the fixed SKP."""
    _require_edit(assessment, actor, "realisations", version)
    indicators = {i.id: i for rhk in assessment.rhks for i in rhk.indicators}
    unknown = set(values) - set(indicators)
    if unknown:
        raise Invalid("unknown_indicator")
    for indicator_id, (value, note) in values.items():
        indicator = indicators[indicator_id]
        if indicator.realisation is None:
            indicator.realisation = Realisation(value=value, note=note.strip())
        else:
            indicator.realisation.value = value
            indicator.realisation.note = note.strip()
    _commit(assessment)


def save_ratings(assessment: Assessment, actor: Actor, *, version: int | None,
                 hasil_kerja: str, perilaku: str, note: str, section: str = "ratings") -> None:
    """Record the two ratings and derive the predikat from the matrix.

    section 'ratings' is the supervisor's review; 'calibration' is the committee adjusting the
    ratings, which is audited with its written reason like a transition.
    """
    _require_edit(assessment, actor, section, version)
    if hasil_kerja not in RATINGS or perilaku not in RATINGS:
        raise Invalid("rating_required")
    note = (note or "").strip()
    if not note:
        raise Invalid("justification_required")
    changed = (assessment.rating_hasil_kerja, assessment.rating_perilaku) != (hasil_kerja, perilaku)
    assessment.rating_hasil_kerja = hasil_kerja
    assessment.rating_perilaku = perilaku
    assessment.predikat = predikat(hasil_kerja, perilaku)
    if section == "ratings":
        assessment.rating_note = note
    elif changed:
        _audit(assessment, actor, "adjust_ratings", assessment.state, note)
    _commit(assessment)
