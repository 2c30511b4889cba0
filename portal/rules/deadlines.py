"""Phase deadlines: which deadline of the period a state keeps, when each periodic evaluation is
due, and whether a deadline has passed.

One pure function of the state, the period's deadlines and today's date (in Jambi, from
portal.services.clock), used by the assessment page, the home page, the team and calibration
lists and the daily reminders alike, so "late" means the same everywhere.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

# The date column of Period each waiting state must be left by. An approved assessment waits
# for nobody; the deadline of a returned step is the one of the step it went back to.
DUE_FIELDS = {
    "draft_targets": "targets_due",
    "targets_submitted": "targets_due",
    "targets_approved": "self_assessment_due",
    "self_assessed": "review_due",
    "reviewed": "calibration_due",
    "calibrated": "approval_due",
}


class Deadlines(Protocol):
    """What a period offers: one date per phase, and the periodic evaluations' rhythm
    (portal.models.Period has them)."""

    year: int
    targets_due: dt.date
    self_assessment_due: dt.date
    review_due: dt.date
    calibration_due: dt.date
    approval_due: dt.date
    evaluation_frequency: str  # monthly or quarterly
    periodic_due_days: int


@dataclass(frozen=True)
class Deadline:
    """The deadline of the step an assessment waits at, seen on a given day."""

    due: dt.date
    today: dt.date

    @property
    def days_late(self) -> int:
        """Whole days past the deadline (0 on the day itself and before it)."""
        return max((self.today - self.due).days, 0)

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def days_left(self) -> int:
        """Whole days until the deadline (0 on the day itself and after it)."""
        return max((self.due - self.today).days, 0)


def deadline(state: str, period: Deadlines, today: dt.date) -> Deadline | None:
    """The deadline of the step in state, or None when the state waits for no deadline.

    Args:
        state: the assessment's workflow state.
        period: the assessment's period (its *_due dates).
        today: today's date in Jambi (portal.services.clock.today()).
    """
    field = DUE_FIELDS.get(state)
    return Deadline(getattr(period, field), today) if field else None


# Months in one evaluation period of each frequency.
MONTHS = {"monthly": 1, "quarterly": 3}


def evaluation_period_end(year: int, frequency: str, number: int) -> dt.date:
    """The last day of evaluation period number (1-12 monthly, 1-4 quarterly) of year."""
    last_month = number * MONTHS[frequency]
    if last_month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, last_month + 1, 1) - dt.timedelta(days=1)


def periodic_due(period: Deadlines, number: int) -> dt.date:
    """The day the periodic evaluation of evaluation period number is due: periodic_due_days
    after the month or quarter ends (the last one falls in January of the next year)."""
    end = evaluation_period_end(period.year, period.evaluation_frequency, number)
    return end + dt.timedelta(days=period.periodic_due_days)


def periodic_deadline(period: Deadlines, number: int, today: dt.date) -> Deadline:
    """The deadline of the periodic evaluation of evaluation period number, seen today.

    Args:
        period: the assessment's period (its year, frequency and periodic_due_days).
        number: the evaluation period (1-12 or 1-4).
        today: today's date in Jambi (portal.services.clock.today()).
    """
    return Deadline(periodic_due(period, number), today)
