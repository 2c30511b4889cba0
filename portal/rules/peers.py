"""Peer feedback (360): a request's status, when a round closes, and the anonymous aggregate.

Pure functions, no database: the services load the answers and call these, so the supervisor's
panel, the employee's panel and the Dokumen Evaluasi all show the same figures.

A round is every request of one assessment and evaluation period. Its aggregate is published
once, when the round closes, and never changes after: an aggregate that moved with each answer
would let its reader compute the newest answer from the difference.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.rules.berakhlak import VALUES

SCORES = (1, 2, 3)  # below, meets, above expectation (labels.PEER_SCORE_LABELS)


def status(*, approved: bool, answered: bool, deadline: dt.date, today: dt.date) -> str:
    """The status of one request on day today: a proposal waits for the supervisor's approval;
    an approved request is asked until answered, or expired once its deadline has passed
    unanswered (the deadline day itself is still open)."""
    if answered:
        return "answered"
    if not approved:
        return "proposed"
    return "expired" if deadline < today else "asked"


def round_closed(statuses: Iterable[str], *, answers_accepted: bool = True) -> bool:
    """Whether a round of requests (each status as status() gives it) is closed: nobody asked
    can still answer, because each approved request is answered or past its deadline, or
    because answers are no longer accepted at all (answers_accepted False: the assessment was
    rated). A round with no approved request has nothing to close. Proposals awaiting the
    supervisor do not keep a round open: nobody was asked yet."""
    approved = [s for s in statuses if s != "proposed"]
    if not approved:
        return False
    return not answers_accepted or "asked" not in approved


def published(answers: int, *, closed: bool, threshold: int) -> bool:
    """Whether the aggregate of a round may be shown, to anyone: once the round is closed, and
    only from threshold answers on, so that no single answer can be traced to the colleague who
    gave it (the supervisor sees who answered; the employee could difference a moving figure)."""
    return closed and answers >= max(threshold, 1)


@dataclass(frozen=True)
class Answer:
    """One peer's answer: a score (1..3) per BerAKHLAK value code and an optional comment."""

    scores: Mapping[str, int]
    comment: str | None = None


@dataclass(frozen=True)
class ValueSummary:
    """One BerAKHLAK value: the mean of its scores (two decimals) and how many scored it."""

    code: str
    name: str
    mean: Decimal | None
    count: int

    @property
    def level(self) -> int | None:
        """The score nearest to the mean (1..3), to name it with PEER_SCORE_LABELS."""
        if self.mean is None:
            return None
        return int(self.mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Aggregate:
    """The answers of one assessment and evaluation period, without any trace of who gave them.

    answers counts the answered requests; values follows the order of the BerAKHLAK table;
    comments are sorted by their text, so their order says nothing about who wrote them or when.
    """

    answers: int
    values: tuple[ValueSummary, ...]
    comments: tuple[str, ...]


def aggregate(answers: Iterable[Answer]) -> Aggregate:
    """Mean score and number of scores per BerAKHLAK value, and the non-empty comments.

    Scores for unknown value codes or outside 1..3 are ignored (the service never stores them).
    """
    totals = {value.code: [0, 0] for value in VALUES}  # code -> [sum, count]
    comments, count = [], 0
    for answer in answers:
        count += 1
        for code, score in answer.scores.items():
            if code in totals and score in SCORES:
                totals[code][0] += score
                totals[code][1] += 1
        text = (answer.comment or "").strip()
        if text:
            comments.append(text)
    values = tuple(
        ValueSummary(value.code, value.name,
                     (Decimal(total) / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                     if n else None, n)
        for value in VALUES for total, n in [totals[value.code]])
    return Aggregate(count, values, tuple(sorted(comments, key=lambda c: (c.casefold(), c))))
