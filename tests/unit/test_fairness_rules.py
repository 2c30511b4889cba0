"""The fairness monitor's statistics (portal.rules.fairness) against values worked by hand."""
import math

import pytest

from portal.rules import fairness


def test_fishers_test_matches_the_tea_tasting_worked_by_hand():
    # 3 of 4 against 1 of 4 (k = 4 of 8): the counts 0..4 have probabilities 1, 16, 36, 16, 1
    # in 70; those no likelier than 3 (16/70) are 0, 1, 3 and 4: p = 34/70.
    test = fairness.fisher_exact(3, 4, 1, 4)

    assert (test.share1, test.share2) == (0.75, 0.25)
    assert test.p == pytest.approx(34 / 70, rel=1e-9)
    assert fairness.fisher_exact(4, 4, 0, 4).p == pytest.approx(2 / 70, rel=1e-9)


def test_fishers_test_matches_a_larger_table_worked_by_hand():
    # 8 of 10 against 1 of 6 (k = 9 of 16, C(16, 9) = 11440): the counts 3..9 weigh
    # 120, 1260, 3780, 4200, 1800, 270, 10; no likelier than 8 (270): 3, 8, 9: 400 / 11440.
    assert fairness.fisher_exact(8, 10, 1, 6).p == pytest.approx(400 / 11440, rel=1e-9)
    # The table turned round (the rest first) gives the same p-value.
    assert fairness.fisher_exact(1, 6, 8, 10).p == pytest.approx(400 / 11440, rel=1e-9)


def test_fishers_test_finds_no_difference_in_equal_shares_or_an_empty_category():
    assert fairness.fisher_exact(5, 10, 50, 100).p == pytest.approx(1.0)
    assert fairness.fisher_exact(0, 10, 0, 90).p == 1.0


def test_fishers_test_is_not_fooled_by_a_small_group_where_the_z_test_would_be():
    # 12 of 20 at the bottom against 999 of 4,980: the z-test's normal approximation gives
    # p = 9e-6, below Holm's first threshold for 638 tests (0.05 / 638 = 7.8e-5); the exact
    # p-value is larger.
    assert fairness.fisher_exact(12, 20, 999, 4980).p > 0.05 / 638


@pytest.mark.parametrize("counts", [(1, 0, 1, 1), (0, 1, 2, 1), (11, 10, 1, 1), (-1, 10, 1, 1)])
def test_fishers_test_refuses_counts_out_of_range(counts):
    with pytest.raises(ValueError):
        fairness.fisher_exact(*counts)


def test_holm_rejects_step_down_until_the_first_p_above_its_threshold():
    # Sorted: 0.005 <= 0.05/4, 0.01 <= 0.05/3, then 0.03 > 0.05/2 stops (0.04 is not reached).
    assert fairness.holm([0.01, 0.04, 0.03, 0.005]) == [True, False, False, True]
    assert fairness.holm([]) == []
    assert fairness.holm([0.04], alpha=0.05) == [True]


def test_holm_is_stricter_than_an_uncorrected_threshold():
    assert fairness.holm([0.02] * 3) == [False, False, False]


def test_small_groups_are_hidden_and_one_more_when_the_hidden_could_be_worked_out():
    assert fairness.suppress({"a": 50, "b": 30}) == {"a", "b"}
    # c alone (5 people) could be read as total less a and b: b is hidden too.
    assert fairness.suppress({"a": 50, "b": 30, "c": 5}) == {"a"}
    # c and d together hold 11 people: neither can be worked out.
    assert fairness.suppress({"a": 50, "b": 30, "c": 4, "d": 7}) == {"a", "b"}
    assert fairness.suppress({"a": 9}) == set()
    assert fairness.suppress({"a": 12, "b": 3}, minimum=3) == {"a", "b"}


def test_a_group_is_compared_with_the_rest_and_not_with_itself():
    totals = {"sangat_baik": 20, "baik": 60, "butuh_perbaikan": 20}
    group = {"sangat_baik": 8, "baik": 2}

    comparison = fairness.compare(group, totals)

    assert (comparison.n, comparison.rest) == (10, 90)
    assert comparison.top.share1 == 0.8
    assert comparison.top.share2 == pytest.approx(12 / 90)
    assert comparison.bottom.share1 == 0 and comparison.bottom.share2 == pytest.approx(20 / 90)
    assert fairness.leaning(comparison, True, False) == fairness.LENIENT
    assert fairness.leaning(comparison, False, True) == fairness.LENIENT
    assert fairness.leaning(comparison, False, False) is None


def test_a_group_that_is_everyone_is_not_tested():
    comparison = fairness.compare({"baik": 12}, {"baik": 12})

    assert comparison.top is None and comparison.bottom is None


def test_a_group_rated_both_higher_and_lower_leans_both_ways():
    totals = {"sangat_baik": 20, "baik": 70, "kurang": 10}
    comparison = fairness.compare({"sangat_baik": 5, "kurang": 5}, totals)

    assert fairness.leaning(comparison, True, True) == fairness.MIXED
    severe = fairness.compare({"baik": 5, "kurang": 5}, totals)
    assert fairness.leaning(severe, False, True) == fairness.SEVERE


def test_the_flag_threshold_is_the_stated_one():
    assert fairness.MIN_GROUP == 10 and math.isclose(fairness.FAMILY_ALPHA, 0.05)
