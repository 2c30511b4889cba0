"""The people a follow-up concerns are told, and their home page lists what waits for them.

A development plan opened, agreed by one party then the other, its check-ins and its closing,
and a shortlist's outcome each notify the plan's other parties (never the actor), linking to the
plan (to the follow-up for an outcome); a failing notification leaves the action done. The home
page lists a plan waiting for the user's agreement and, for its assessor, an overdue check-in,
until done, in as many statements for two plans as for one.

Personas (tests/conftest.py): the ASN (the employee) and the peer, assessed by the supervisor;
the head (Dukcapil's approver) and the BKD admin decide the follow-up.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Notification
from portal.services import clock
from portal.services.careers import followup as service
from portal.services.messaging import notifications
from portal.services.messaging.texts import target
from tests.http.helpers import counting_queries
from tests.http.test_followup import accept, approved_quickly, followup_of, plan_of


def told(since: int = 0) -> list[tuple[str, int]]:
    """(kind, user id) of the notifications stored after id since, in order."""
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(
        sa.select(Notification.kind, Notification.user_id).where(Notification.id > since)
        .order_by(Notification.kind, Notification.user_id))]


def last_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(Notification.id))) or 0


def opened_plan(org, login_as, employee: str = "asn"):
    """The employee's plan opened by the BKD admin (its draft waits for both agreements)."""
    assessment_id = approved_quickly(org, "below", "meets", employee)
    assert accept(login_as(org.admin), followup_of(assessment_id).id).status_code == 303
    return plan_of(assessment_id)


def test_each_step_of_a_plan_tells_its_other_parties_and_links_to_the_plan(org, login_as):
    asn, supervisor = org.asn.user_id, org.supervisor.user_id
    mark = last_id()
    plan = opened_plan(org, login_as)
    assert set(told(mark)) == {("plan_opened", asn), ("plan_opened", supervisor)}  # not the admin
    url = f"/followup/plans/{plan.id}"
    employee, assessor = login_as(org.asn), login_as(org.supervisor)

    mark = last_id()
    assert employee.post(f"{url}/agree", htmx=False).status_code == 303
    assert told(mark) == [("plan_agreed_by_employee", supervisor)]
    mark = last_id()
    assert assessor.post(f"{url}/agree", htmx=False).status_code == 303
    assert told(mark) == [("plan_agreed", asn)]  # both agreed: the other one is told
    mark = last_id()
    assert assessor.post(f"{url}/checkins", {"note": "Target triwulan I tercapai."},
                         htmx=False).status_code == 303
    assert told(mark) == [("plan_checkin", asn)]
    mark = last_id()
    assert assessor.post(f"{url}/close", {"judgement": "partly_achieved",
                                          "closing_note": "Sebagian tercapai."},
                         htmx=False).status_code == 303
    assert told(mark) == [("plan_closed", asn)]

    closed = db.session.scalar(sa.select(Notification).where(Notification.id > mark))
    assert closed.params["judgement"] == "partly_achieved"
    assert target(closed.kind, closed.assessment_id, closed.params) == (
        "followup.plan", {"plan_id": plan.id})
    page = employee.get("/notifications/", htmx=False).get_data(as_text=True)
    assert "Tercapai sebagian" in page and f'href="{url}"' in page


def test_a_shortlist_outcome_tells_the_employee_with_a_link_to_the_follow_up(org, login_as):
    assessment_id = approved_quickly(org, "above", "above")
    head = login_as(org.head)
    found = followup_of(assessment_id)
    assert accept(head, found.id, track="seminar").status_code == 303
    mark = last_id()

    assert head.post(f"/followup/{found.id}/outcome", {"outcome": "awarded"},
                     htmx=False).status_code == 303

    assert told(mark) == [("followup_outcome", org.asn.user_id)]
    row = db.session.scalar(sa.select(Notification).where(Notification.id > mark))
    assert target(row.kind, row.assessment_id, row.params) == (
        "followup.for_assessment", {"assessment_id": assessment_id})
    employee = login_as(org.asn)
    page = employee.get("/notifications/", htmx=False).get_data(as_text=True)
    assert "Menerima penghargaan" in page and "Seminar" in page
    assert employee.get(f"/followup/assessments/{assessment_id}", htmx=False).status_code == 200


def test_a_failing_notification_leaves_the_plan_opened(org, login_as, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no notifications today")

    monkeypatch.setattr(notifications, "users_of_employees", broken)
    mark = last_id()
    plan = opened_plan(org, login_as)

    assert plan is not None and plan.state == "draft"
    assert told(mark) == []


def home_tasks(client) -> str:
    return client.get("/", htmx=False).get_data(as_text=True)


def test_the_home_page_lists_a_plan_to_agree_and_an_overdue_check_in_until_done(
        org, login_as, monkeypatch):
    plan = opened_plan(org, login_as)
    url = f"/followup/plans/{plan.id}"
    employee, assessor = login_as(org.asn), login_as(org.supervisor)
    item = f'data-task="plan-agree" data-plan="{plan.id}"'
    assert item in home_tasks(employee) and item in home_tasks(assessor)

    assert employee.post(f"{url}/agree", htmx=False).status_code == 303
    assert item not in home_tasks(employee) and item in home_tasks(assessor)
    assert assessor.post(f"{url}/agree", htmx=False).status_code == 303
    assert item not in home_tasks(assessor)

    plan = plan_of(plan.followup.assessment_id)
    first_due = min(c.due_on for c in plan.checkins)
    monkeypatch.setattr(clock, "today", lambda: first_due + dt.timedelta(days=1))
    overdue = f'data-task="plan-checkin" data-plan="{plan.id}"'
    assert overdue in home_tasks(assessor) and overdue not in home_tasks(employee)

    assert assessor.post(f"{url}/checkins", {"note": "Pertemuan pertama."},
                         htmx=False).status_code == 303
    assert overdue not in home_tasks(assessor)


def test_the_home_page_counts_as_many_statements_for_two_waiting_plans_as_for_one(
        org, login_as):
    assessor = login_as(org.supervisor)
    opened_plan(org, login_as, "asn")
    home_tasks(assessor)  # warm the per-process caches

    def statements() -> int:
        db.session.remove()
        with counting_queries() as sent:
            page = home_tasks(assessor)
        return len(sent), page.count('data-task="plan-agree"')

    one = statements()
    opened_plan(org, login_as, "peer")
    assert statements() == (one[0], 2) and one[1] == 1
