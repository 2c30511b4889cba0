"""The HTTP load benchmark's province generator (bench/province_content.py), on a small province:
assessments in every state, with the content their state implies, that the workflow's own
readiness checks agree with. No timing here: bench/http_load.py measures."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (Assessment, Evidence, Feedback, Indicator, PeerReview, PeerScore,
                           Realisation, Rhk)
from portal.services.review import assessments as service
from portal.services.review import audit_chain
from workflows.assessment import STATES

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def province(app, monkeypatch):
    """A province of 300 employees in 3 agencies, built as the load benchmark builds it."""
    monkeypatch.syspath_prepend(str(BENCH))
    import province_content
    period = province_content.build(300, 3)
    return province_content, period


def _one(state: str) -> Assessment:
    return db.session.scalars(sa.select(Assessment).where(
        Assessment.state == state, Assessment.assessor_id.is_not(None))
        .order_by(Assessment.id)).first()


def _count(model, *conditions) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))


def _every_state_is_present(generator, period):
    found = generator.counts(period)
    assert all(found.get(state, 0) > 0 for state in STATES), found
    assert sum(found[state] for state in STATES) == 300


def _rhk_and_indicators_one_of_them_computed():
    for state in STATES:
        assessment = _one(state)
        assert [rhk.kind for rhk in assessment.rhks] == ["utama", "utama", "tambahan"]
        assert all(len(rhk.indicators) == 2 for rhk in assessment.rhks)
        assert assessment.rhks[0].parent_rhk_id is not None  # cascades from the supervisor
        sources = [i.data_source for rhk in assessment.rhks for i in rhk.indicators]
        assert sources.count("records_within_standard") == 1


def _realisations_follow_the_state():
    def periods(assessment):
        return {r.period_no for rhk in assessment.rhks for i in rhk.indicators
                for r in i.realisations if i.data_source == "manual"}
    assert periods(_one("targets_submitted")) == set()
    assert {1, 2, 3} <= periods(_one("targets_approved")) and 0 not in periods(
        _one("targets_approved"))
    for state in ("self_assessed", "reviewed", "calibrated", "approved"):
        assert periods(_one(state)) == {0, 1, 2, 3, 4}
    computed = db.session.scalars(sa.select(Realisation).join(Indicator).where(
        Indicator.data_source != "manual")).first()
    assert computed.source_count > 0 and computed.computed_at is not None


def _the_workflow_agrees_with_the_data():
    recording = service.facts_for(_one("targets_approved"))
    assert recording.has_complete_targets and not recording.has_all_realisations
    waiting = service.facts_for(_one("self_assessed"))
    assert waiting.has_all_realisations
    for state in ("reviewed", "calibrated", "approved"):
        assessment = _one(state)
        assert service.facts_for(assessment).has_both_ratings
        assert assessment.predikat is not None
    assert _one("approved").finalised_at is not None


def _evidence_feedback_and_peer_answers():
    assessment = _one("reviewed")
    realisations = (sa.select(Realisation.id).join(Indicator).join(Rhk)
                    .where(Rhk.assessment_id == assessment.id))
    assert _count(Evidence, Evidence.realisation_id.in_(realisations)) > 0
    assert _count(Feedback, Feedback.assessment_id == assessment.id) == 6
    answered = (sa.select(PeerReview.id).where(PeerReview.assessment_id == assessment.id,
                                                PeerReview.answered_at.is_not(None)))
    assert _count(PeerReview, PeerReview.id.in_(answered)) == 3
    assert _count(PeerScore, PeerScore.review_id.in_(answered)) == 21


def _the_audit_chain_is_whole():
    verdict = audit_chain.verify()
    assert verdict.broken is None and verdict.events > 0


def test_it_builds_every_state_with_the_content_its_state_implies(province):
    """One build for every check: building is the cost (a second or two)."""
    generator, period = province
    _every_state_is_present(generator, period)
    _rhk_and_indicators_one_of_them_computed()
    _realisations_follow_the_state()
    _the_workflow_agrees_with_the_data()
    _evidence_feedback_and_peer_answers()
    _the_audit_chain_is_whole()
