"""The anonymous aggregate of peer feedback and the status of a request: pure rules, no app."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portal.rules.berakhlak import VALUES
from portal.rules.peers import Aggregate, Answer, aggregate, published, round_closed, status

CODES = [v.code for v in VALUES]
TODAY = dt.date(2026, 11, 20)


def answer(score: int, comment: str | None = None, **overrides) -> Answer:
    """Every value scored score, except the overrides (code=score)."""
    return Answer({code: overrides.get(code, score) for code in CODES}, comment)


def test_it_averages_each_value_and_counts_who_scored_it():
    result = aggregate([answer(3, kompeten=1), answer(2), answer(2, kompeten=3)])

    assert result.answers == 3
    by_code = {v.code: v for v in result.values}
    assert by_code["kompeten"].mean == Decimal("2.00")
    assert by_code["berorientasi_pelayanan"].mean == Decimal("2.33")
    assert by_code["berorientasi_pelayanan"].level == 2
    assert {v.count for v in result.values} == {3}


def test_it_lists_the_values_in_the_order_of_the_berakhlak_table():
    assert [v.code for v in aggregate([answer(2)]).values] == CODES
    assert [v.name for v in aggregate([]).values][0] == "Berorientasi Pelayanan"


def test_a_value_nobody_scored_has_no_mean():
    partial = Answer({"akuntabel": 3})
    by_code = {v.code: v for v in aggregate([partial]).values}
    assert (by_code["akuntabel"].mean, by_code["akuntabel"].count) == (Decimal("3.00"), 1)
    loyal = by_code["loyal"]
    assert (loyal.mean, loyal.count, loyal.level) == (None, 0, None)


def test_it_ignores_unknown_values_and_scores_out_of_range():
    result = aggregate([Answer({"akuntabel": 7, "jujur": 2, "loyal": 3})])
    by_code = {v.code: v for v in result.values}
    assert by_code["akuntabel"].count == 0
    assert by_code["loyal"].mean == Decimal("3.00")


def test_a_mean_half_way_rounds_to_the_higher_level():
    result = aggregate([answer(2), answer(3)])
    assert result.values[0].mean == Decimal("2.50")
    assert result.values[0].level == 3


def test_comments_are_sorted_by_text_not_by_reviewer_and_blank_ones_dropped():
    result = aggregate([answer(2, "  Sigap melayani warga. "), answer(3, ""), answer(1, None),
                        answer(2, "belum disiplin hadir rapat"), answer(2, "Akurat")])

    assert result.comments == ("Akurat", "belum disiplin hadir rapat", "Sigap melayani warga.")
    assert result.answers == 5


def test_the_aggregate_carries_no_names_or_ids():
    assert set(Aggregate.__dataclass_fields__) == {"answers", "values", "comments"}


@pytest.mark.parametrize("answers, shown", [(0, False), (2, False), (3, True), (4, True)])
def test_a_closed_round_is_published_only_from_the_threshold_on(answers, shown):
    assert published(answers, closed=True, threshold=3) is shown


@pytest.mark.parametrize("answers", [3, 10])
def test_an_open_round_is_never_published_whatever_the_answers(answers):
    assert published(answers, closed=False, threshold=3) is False


def test_a_threshold_below_one_still_needs_an_answer():
    assert published(0, closed=True, threshold=0) is False


@pytest.mark.parametrize("statuses, accepted, closed", [
    ((), True, False),                                   # nobody asked: nothing to close
    (("proposed",), True, False),                        # a proposal is nobody asked yet
    (("answered", "asked"), True, False),                # one colleague may still answer
    (("answered", "answered", "proposed"), True, True),  # everyone asked has answered
    (("answered", "expired"), True, True),               # the rest are past their deadline
    (("expired", "expired"), True, True),
    (("answered", "asked"), False, True),                # rated: no answer is accepted now
])
def test_a_round_closes_when_nobody_asked_can_still_answer(statuses, accepted, closed):
    assert round_closed(statuses, answers_accepted=accepted) is closed


@pytest.mark.parametrize("approved, answered, deadline, expected", [
    (False, False, TODAY, "proposed"),
    (True, False, TODAY, "asked"),                       # the deadline day is still open
    (True, False, TODAY - dt.timedelta(days=1), "expired"),
    (True, True, TODAY - dt.timedelta(days=1), "answered"),
    (False, False, TODAY - dt.timedelta(days=1), "proposed"),
])
def test_a_requests_status(approved, answered, deadline, expected):
    assert status(approved=approved, answered=answered, deadline=deadline,
                  today=TODAY) == expected
