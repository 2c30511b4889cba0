"""Tindak lanjut (domain.md §12): what the final predikat proposes, the development needs the
ratings point at, the check-in schedule of a development plan and when a plan is overdue.

Pure functions over plain values, tested without an app.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping

from portal.rules.berakhlak import VALUES
from portal.rules.predikat import (
    BAIK,
    BELOW,
    BUTUH_PERBAIKAN,
    KURANG,
    SANGAT_BAIK,
    SANGAT_KURANG,
)

RECOGNITION = "recognition"              # penghargaan: shortlist for development and awards
DEVELOPMENT_PLAN = "development_plan"    # pembinaan: a plan agreed by employee and assessor
REGULAR = "regular"                      # no special follow-up: regular development
KINDS = (RECOGNITION, DEVELOPMENT_PLAN, REGULAR)

# predikat -> the follow-up the portal proposes
PROPOSALS = {
    SANGAT_BAIK: RECOGNITION,
    BAIK: REGULAR,
    BUTUH_PERBAIKAN: DEVELOPMENT_PLAN,
    KURANG: DEVELOPMENT_PLAN,
    SANGAT_KURANG: DEVELOPMENT_PLAN,
}

# What a shortlisted employee is put forward for; the outcome recorded once it is known.
TRACKS = ("training", "seminar", "workshop", "award")
OUTCOMES = ("attended", "awarded", "declined")
# The support a plan item names (domain.md §12: coaching, mentoring, counselling, training).
SUPPORTS = ("coaching", "mentoring", "counselling", "training")
JUDGEMENTS = ("achieved", "partly_achieved", "not_achieved")

# Needs that are not a BerAKHLAK value: the work results, and behaviour rated below
# expectation as a whole when no value can be named.
HASIL_KERJA = "hasil_kerja"
PERILAKU = "perilaku"
NEED_CODES = (HASIL_KERJA, PERILAKU) + tuple(value.code for value in VALUES)

# A plan runs a year from its start, with a check-in every CHECKIN_MONTHS and one at its end.
PLAN_MONTHS = 12
CHECKIN_MONTHS = 3


def proposal(predikat: str | None) -> str | None:
    """The follow-up the predikat proposes, None without a predikat.

    Args:
        predikat: a predikat code of rules.predikat (the approved assessment's final one).
    """
    return PROPOSALS.get(predikat) if predikat else None


def default_support(predikat: str | None) -> str:
    """The support first suggested for a plan item: counselling for Kurang/Misconduct and
    Sangat Kurang, coaching for Butuh Perbaikan."""
    return "counselling" if predikat in (KURANG, SANGAT_KURANG) else "coaching"


def needs(rating_hasil_kerja: str | None, rating_perilaku: str | None,
          value_levels: Mapping[str, int | None]) -> tuple[str, ...]:
    """The development needs the ratings point at, in a stable order.

    Args:
        rating_hasil_kerja: the final rating of work results (rules.predikat.RATINGS).
        rating_perilaku: the final rating of behaviour.
        value_levels: per BerAKHLAK value code the published level of its behaviour ratings
            (1 below, 2 as, 3 above expectation; None when not rated).

    Returns:
        'hasil_kerja' when work results were below expectation; each BerAKHLAK value rated
        below expectation; 'perilaku' when behaviour was below expectation but no value was.
    """
    found = []
    if rating_hasil_kerja == BELOW:
        found.append(HASIL_KERJA)
    values = [value.code for value in VALUES if value_levels.get(value.code) == 1]
    found += values
    if rating_perilaku == BELOW and not values:
        found.append(PERILAKU)
    return tuple(found)


def add_months(day: dt.date, months: int) -> dt.date:
    """day moved by months, on the last day of the month when the day does not exist there."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def default_end(start: dt.date) -> dt.date:
    """A plan's default end: PLAN_MONTHS after its start (the next year)."""
    return add_months(start, PLAN_MONTHS)


def checkin_dates(start: dt.date, end: dt.date) -> list[dt.date]:
    """The check-ins of a plan from start to end: every CHECKIN_MONTHS after the start while
    before the end, then the end itself (the closing meeting)."""
    dates, step = [], 1
    while (day := add_months(start, CHECKIN_MONTHS * step)) < end:
        dates.append(day)
        step += 1
    return dates + [end]


def overdue(state: str, end: dt.date | None, pending: Iterable[dt.date], today: dt.date) -> bool:
    """Whether an agreed plan is overdue: a scheduled check-in has passed unrecorded, or its end
    has passed without its closing judgement. Draft and closed plans are never overdue.

    Args:
        state: the plan's state ('draft', 'agreed', 'closed').
        end: the plan's end date.
        pending: the due dates of the check-ins not yet recorded.
        today: today in Jambi.
    """
    if state != "agreed":
        return False
    return (end is not None and end < today) or any(day < today for day in pending)
