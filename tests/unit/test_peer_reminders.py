"""Peer-feedback reminders of the daily `send-reminders` run: who is reminded (pure planning),
and that the run reminds each colleague at most once a day (with the database)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Notification, PeerReview, ReminderLog
from portal.rules.berakhlak import VALUES
from portal.services.feedback import peers
from portal.services.review.assessments import load
from portal.services.messaging.reminders import PeerWaiting, plan_peers, send_reminders
from tests.http.helpers import actor, advance, set_state

TODAY = dt.date(2026, 11, 20)
REVIEWER, ASSESSOR, OTHER_REVIEWER = 11, 12, 13


def waiting(deadline: dt.date, assessment_id: int = 7, reviewer: int | None = REVIEWER,
            assessor: int | None = ASSESSOR) -> PeerWaiting:
    return PeerWaiting(assessment_id, deadline, "Andi Pratama", reviewer, assessor)


def planned(*rows: PeerWaiting) -> set[tuple[int, int, str, bool]]:
    return {(r.user_id, r.assessment_id, r.kind, r.linked) for r in plan_peers(list(rows), TODAY,
                                                                               2026)}


# --- planning (no database) -------------------------------------------------------------------

def test_a_colleague_is_reminded_while_the_deadline_is_ahead_or_today():
    for days in (0, 3):
        assert planned(waiting(TODAY + dt.timedelta(days=days))) == {(REVIEWER, 7, "peer", False)}


def test_the_colleagues_reminder_does_not_link_to_the_assessment_they_may_not_open():
    [reminder] = plan_peers([waiting(TODAY)], TODAY, 2026)
    assert reminder.linked is False
    assert reminder.params == {"employee": "Andi Pratama", "year": 2026, "due": "2026-11-20"}


def test_once_the_deadline_has_passed_the_assessor_hears_of_it_instead():
    assert planned(waiting(TODAY - dt.timedelta(days=1))) == {(ASSESSOR, 7, "peer_expired", True)}


def test_one_reminder_per_user_and_assessment_naming_the_nearest_deadline():
    rows = [waiting(TODAY + dt.timedelta(days=3)), waiting(TODAY + dt.timedelta(days=1)),
            waiting(TODAY + dt.timedelta(days=2), reviewer=OTHER_REVIEWER),
            waiting(TODAY + dt.timedelta(days=2), assessment_id=8)]

    reminders = plan_peers(rows, TODAY, 2026)

    assert {(r.user_id, r.assessment_id) for r in reminders} == {
        (REVIEWER, 7), (OTHER_REVIEWER, 7), (REVIEWER, 8)}
    [first] = [r for r in reminders if (r.user_id, r.assessment_id) == (REVIEWER, 7)]
    assert first.params["due"] == (TODAY + dt.timedelta(days=1)).isoformat()


def test_nobody_without_a_login_is_reminded():
    assert planned(waiting(TODAY, reviewer=None), waiting(TODAY - dt.timedelta(days=1),
                                                          assessor=None)) == set()


# --- the daily run -----------------------------------------------------------------------------

def _ask(org, aid: int, *personas, deadline: dt.date, approved: bool = True) -> None:
    assessment = load(aid)
    ids = [p.employee_id for p in personas]
    if approved:
        peers.request_peers(assessment, actor(org.supervisor), reviewer_ids=ids, period_no=0,
                            deadline=deadline, on=deadline - dt.timedelta(days=10))
    else:
        peers.propose_peers(assessment, actor(org.asn), reviewer_ids=ids, period_no=0,
                            deadline=deadline, on=deadline - dt.timedelta(days=10))


def _peer_reminders(user_id: int) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).where(
        Notification.user_id == user_id, Notification.kind.like("reminder_peer%"))))


def test_the_run_reminds_a_colleague_once_a_day(org):
    aid = advance(org, "targets_approved")
    today = peers.today()
    _ask(org, aid, org.peer, deadline=today + dt.timedelta(days=2))

    first = send_reminders(today, days=3)
    second = send_reminders(today, days=3)
    next_day = send_reminders(today + dt.timedelta(days=1), days=3)

    assert first.sent["peer"] == 1
    assert second.sent["peer"] == 0 and second.skipped >= 1
    assert next_day.sent["peer"] == 1
    notes = _peer_reminders(org.peer.user_id)
    assert [(n.kind, n.assessment_id) for n in notes] == [("reminder_peer", None)] * 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReminderLog).where(
        ReminderLog.kind == "peer", ReminderLog.user_id == org.peer.user_id)) == 2


def test_the_run_leaves_out_answered_requests_proposals_and_far_deadlines(org):
    aid = advance(org, "targets_approved")
    today = peers.today()
    _ask(org, aid, org.peer, deadline=today + dt.timedelta(days=1))
    _ask(org, aid, org.head, deadline=today + dt.timedelta(days=1), approved=False)
    review = db.session.scalar(sa.select(PeerReview).where(
        PeerReview.reviewer_id == org.peer.employee_id))
    peers.answer(review, load(aid), actor(org.peer), scores={v.code: 2 for v in VALUES},
                 comment="", on=today)
    far = advance(org, "targets_approved", employee="peer")
    _ask(org, far, org.head, deadline=today + dt.timedelta(days=10))

    summary = send_reminders(today, days=3)

    assert summary.sent["peer"] == 0
    assert _peer_reminders(org.peer.user_id) == _peer_reminders(org.head.user_id) == []


def test_the_assessor_hears_of_an_expired_request_while_the_rating_is_open(org):
    aid = advance(org, "targets_approved")
    today = peers.today()
    _ask(org, aid, org.peer, deadline=today + dt.timedelta(days=1))
    later = today + dt.timedelta(days=2)

    summary = send_reminders(later, days=3)

    assert summary.sent["peer_expired"] == 1
    [note] = _peer_reminders(org.supervisor.user_id)
    assert (note.kind, note.assessment_id) == ("reminder_peer_expired", aid)
    assert _peer_reminders(org.peer.user_id) == []
    set_state(aid, "reviewed")
    assert send_reminders(later + dt.timedelta(days=1), days=3).sent["peer_expired"] == 0


def test_the_command_names_the_peer_reminders_it_sent(org, app):
    aid = advance(org, "targets_approved")
    today = peers.today()
    _ask(org, aid, org.peer, deadline=today + dt.timedelta(days=2))

    result = app.test_cli_runner().invoke(args=["send-reminders", "--today", today.isoformat()])

    assert result.exit_code == 0, result.output
    assert "peer feedback due 1, peer feedback unanswered 0" in result.output
