"""A workflow action commits once: its notifications and, at approval, the follow-up's proposal
are written in savepoints of the action's own transaction, so that a failure in either rolls
back only what it wrote and the action is done all the same.

Personas (tests/conftest.py): asn is assessed by supervisor, calibrated by committee, approved by
head.
"""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, FollowUp, Notification
from portal.services.careers import followup as followup_service
from portal.services.messaging import notifications as notifications_service
from tests.http.helpers import advance, counting_commits


def act(client, assessment_id: int, trigger: str):
    db.session.expire_all()
    version = db.session.get(Assessment, assessment_id).version
    response = client.post(f"/assessments/{assessment_id}/actions/{trigger}",
                           {"confirmed": "y", "version": version, "reason": ""})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def told(assessment_id: int) -> list[tuple[int, str]]:
    db.session.expire_all()
    return list(db.session.execute(
        sa.select(Notification.user_id, Notification.kind)
        .where(Notification.assessment_id == assessment_id).order_by(Notification.id)))


def state_of(assessment_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Assessment, assessment_id).state


def test_an_approval_commits_once_with_its_notifications_and_the_follow_up(org, login_as):
    aid = advance(org, "calibrated")
    client = login_as(org.head)
    before = told(aid)

    with counting_commits() as commits:
        act(client, aid, "approve")

    assert len(commits) == 1
    assert state_of(aid) == "approved"
    assert sorted(told(aid)[len(before):]) == sorted(
        [(org.asn.user_id, "approved"), (org.supervisor.user_id, "approved")])
    assert db.session.scalar(sa.select(FollowUp.status).where(FollowUp.assessment_id == aid)) \
        == "proposed"


def test_a_review_sent_commits_once_with_its_notifications(org, login_as):
    aid = advance(org, "self_assessed")
    client = login_as(org.supervisor)
    assert client.post(f"/assessments/{aid}/ratings", {
        "version": db.session.get(Assessment, aid).version, "rating_hasil_kerja": "meets",
        "rating_perilaku": "meets", "hasil_kerja_note": "Target tercapai.",
        "perilaku_note": "Sesuai ekspektasi."}).status_code == 200

    with counting_commits() as commits:
        act(client, aid, "submit_review")

    assert len(commits) == 1
    assert state_of(aid) == "reviewed"
    assert (org.asn.user_id, "rated") in told(aid)
    assert (org.committee.user_id, "review_ready") in told(aid)


def test_notifications_the_database_refuses_leave_the_action_done(org, login_as, monkeypatch):
    # A failure inside the database (here a user that does not exist) would abort the whole
    # transaction on PostgreSQL without the savepoint: the action must still commit.
    aid = advance(org, "targets_submitted")
    real_insert = notifications_service._insert

    def refused(session, rows):
        return real_insert(session, [{**row, "user_id": 999_999} for row in rows])

    monkeypatch.setattr(notifications_service, "_insert", refused)
    before = told(aid)

    act(login_as(org.supervisor), aid, "approve_targets")

    assert state_of(aid) == "targets_approved"
    assert told(aid) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .where(Notification.user_id == 999_999)) == 0


def test_a_proposal_the_database_refuses_leaves_the_approval_and_its_notifications(
        org, login_as, monkeypatch):
    # As when another request proposed the same follow-up at the same moment (its unique key).
    aid = advance(org, "calibrated")

    def refused(assessment):
        db.session.execute(sa.insert(FollowUp).values(assessment_id=assessment.id))  # NOT NULLs

    monkeypatch.setattr(followup_service, "_proposal", refused)

    act(login_as(org.head), aid, "approve")

    assert state_of(aid) == "approved"
    assert (org.asn.user_id, "approved") in told(aid)
    assert db.session.scalar(sa.select(FollowUp.id).where(FollowUp.assessment_id == aid)) is None
