"""Which reminders a waiting assessment calls for: the pure planning of the daily run."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from portal.services.messaging.notifications import STEP_OWNER
from portal.services.messaging.reminders import STEPS, Waiting, due_states, plan

TODAY = dt.date(2026, 2, 3)
PERIOD = SimpleNamespace(targets_due=dt.date(2026, 1, 31), self_assessment_due=dt.date(2026, 2, 5),
                         review_due=dt.date(2026, 2, 20), calibration_due=dt.date(2026, 1, 15),
                         approval_due=dt.date(2026, 3, 1))
EMPLOYEE, ASSESSOR, UPPER, COMMITTEE, APPROVER = 1, 2, 3, 4, 5
ROLES = {("committee", 10): [COMMITTEE], ("approver", 10): [APPROVER]}


def waiting(state: str, **users) -> Waiting:
    values = dict(employee_user=EMPLOYEE, assessor_user=ASSESSOR, upper_user=UPPER) | users
    return Waiting(assessment_id=7, state=state, agency_id=10, employee_name="Andi Pratama",
                   assessor_name="Rahmawati", **values)


def reminders_for(state: str, **users) -> set[tuple[int, str]]:
    dues = due_states(PERIOD, TODAY, 3)
    return {(r.user_id, r.kind) for r in plan([waiting(state, **users)], dues, TODAY, 2026, ROLES)}


def test_each_step_is_owned_by_whoever_the_notifications_tell_to_act():
    assert {state: step.owner for state, step in STEPS.items()} == STEP_OWNER


def test_only_steps_due_within_the_horizon_or_overdue_are_considered():
    assert due_states(PERIOD, TODAY, 3) == {
        "draft_targets": dt.date(2026, 1, 31), "targets_submitted": dt.date(2026, 1, 31),
        "targets_approved": dt.date(2026, 2, 5), "reviewed": dt.date(2026, 1, 15)}
    assert "targets_approved" not in due_states(PERIOD, TODAY, 1)
    assert "self_assessed" in due_states(PERIOD, TODAY, 17)


def test_a_step_due_soon_reminds_only_the_employee():
    assert reminders_for("targets_approved") == {(EMPLOYEE, "due")}


def test_an_overdue_employee_step_also_tells_their_supervisor():
    assert reminders_for("draft_targets") == {(EMPLOYEE, "overdue"), (ASSESSOR, "escalation")}


def test_an_overdue_supervisor_step_tells_the_supervisors_own_supervisor():
    assert reminders_for("targets_submitted") == {(ASSESSOR, "overdue"), (UPPER, "escalation")}


def test_an_overdue_calibration_reminds_the_committee_and_tells_the_approver():
    assert reminders_for("reviewed") == {(COMMITTEE, "overdue"), (APPROVER, "escalation")}


def test_nobody_missing_is_reminded():
    assert reminders_for("targets_submitted", assessor_user=None, upper_user=None) == set()
    assert reminders_for("draft_targets", employee_user=None) == {(ASSESSOR, "escalation")}


def test_a_user_told_to_act_is_not_also_told_as_the_supervisor():
    # The head assessing their own direct report, who also sits above themself: one reminder.
    assert reminders_for("targets_submitted", upper_user=ASSESSOR) == {(ASSESSOR, "overdue")}


def test_the_committee_is_never_reminded_of_its_own_members_assessment():
    assert reminders_for("reviewed", employee_user=COMMITTEE) == {(APPROVER, "escalation")}


@pytest.mark.parametrize("state, waiting_for", [
    ("draft_targets", {"waiting_for": "Andi Pratama"}),
    ("targets_submitted", {"waiting_for": "Rahmawati"}),
    ("reviewed", {"waiting_role": "committee"}),
])
def test_an_escalation_names_who_the_step_waits_for(state, waiting_for):
    dues = due_states(PERIOD, TODAY, 3)
    [escalation] = [r for r in plan([waiting(state)], dues, TODAY, 2026, ROLES)
                    if r.kind == "escalation"]

    assert escalation.params == {"employee": "Andi Pratama", "year": 2026, "stage": state,
                                 "due": dues[state].isoformat(), **waiting_for}
