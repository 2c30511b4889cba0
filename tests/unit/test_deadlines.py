"""The phase deadline of a state and how late it is: one pure function (no app)."""
import datetime as dt
from types import SimpleNamespace

import pytest

from portal.rules.deadlines import DUE_FIELDS, deadline, periodic_deadline, periodic_due
from workflows.assessment import STATES

PERIOD = SimpleNamespace(
    targets_due=dt.date(2026, 1, 31), self_assessment_due=dt.date(2026, 12, 15),
    review_due=dt.date(2026, 12, 31), calibration_due=dt.date(2027, 1, 15),
    approval_due=dt.date(2027, 1, 31))


@pytest.mark.parametrize("state, due", [
    ("draft_targets", dt.date(2026, 1, 31)), ("targets_submitted", dt.date(2026, 1, 31)),
    ("targets_approved", dt.date(2026, 12, 15)), ("self_assessed", dt.date(2026, 12, 31)),
    ("reviewed", dt.date(2027, 1, 15)), ("calibrated", dt.date(2027, 1, 31)),
])
def test_each_waiting_state_keeps_its_phases_deadline(state, due):
    assert deadline(state, PERIOD, dt.date(2026, 1, 1)).due == due


def test_an_approved_assessment_waits_for_no_deadline():
    assert deadline("approved", PERIOD, dt.date(2030, 1, 1)) is None


def test_every_state_but_the_last_has_a_deadline():
    assert set(DUE_FIELDS) == set(STATES) - {"approved"}


def test_a_draft_in_december_is_late_by_the_days_since_the_skp_deadline():
    found = deadline("draft_targets", PERIOD, dt.date(2026, 12, 3))

    assert found.overdue
    assert found.days_late == 306
    assert found.days_left == 0


@pytest.mark.parametrize("today, late, left", [
    (dt.date(2026, 1, 30), 0, 1), (dt.date(2026, 1, 31), 0, 0), (dt.date(2026, 2, 1), 1, 0),
])
def test_the_deadline_day_itself_is_not_late(today, late, left):
    found = deadline("targets_submitted", PERIOD, today)

    assert (found.days_late, found.days_left, found.overdue) == (late, left, bool(late))


@pytest.mark.parametrize("frequency, number, due", [
    ("quarterly", 1, dt.date(2026, 4, 10)), ("quarterly", 4, dt.date(2027, 1, 10)),
    ("monthly", 2, dt.date(2026, 3, 10)), ("monthly", 12, dt.date(2027, 1, 10)),
])
def test_each_periodic_evaluation_is_due_days_after_its_month_or_quarter(frequency, number, due):
    period = SimpleNamespace(year=2026, evaluation_frequency=frequency, periodic_due_days=10)

    assert periodic_due(period, number) == due


def test_a_periodic_evaluation_is_late_the_day_after_its_deadline():
    period = SimpleNamespace(year=2026, evaluation_frequency="quarterly", periodic_due_days=14)

    assert not periodic_deadline(period, 1, dt.date(2026, 4, 14)).overdue
    assert periodic_deadline(period, 1, dt.date(2026, 4, 17)).days_late == 3
