"""The fairness monitor's statistics (portal.rules.fairness) against values worked by hand."""
import math

import pytest

from portal.rules import fairness


def test_the_two_sided_p_of_known_normal_quantiles():
    assert fairness.normal_two_sided_p(1.959964) == pytest.approx(0.05, abs=1e-6)
    assert fairness.normal_two_sided_p(-2.575829) == pytest.approx(0.01, abs=1e-6)
    assert fairness.normal_two_sided_p(0) == 1


def test_the_z_test_matches_a_computation_by_hand():
    # 8 of 10 against 20 of 100: p1 = 0.8, p2 = 0.2, pooled p = 28/110 = 0.254545...;
    # variance = 0.254545 x 0.745455 x (1/10 + 1/100) = 0.0208727; sd = 0.144474;
    # z = 0.6 / 0.144474 = 4.1530; two-sided p = erfc(4.1530 / sqrt 2) = 3.28e-5.
    test = fairness.two_proportion_z(8, 10, 20, 100)

    assert test.share1 == 0.8 and test.share2 == 0.2
    assert test.z == pytest.approx(4.1530, abs=1e-4)
    assert test.p == pytest.approx(3.28e-5, rel=1e-2)


def test_the_z_test_of_equal_shares_is_zero_and_of_a_reversed_pair_negative():
    assert fairness.two_proportion_z(5, 10, 50, 100).z == 0
    assert fairness.two_proportion_z(20, 100, 8, 10).z == pytest.approx(-4.1530, abs=1e-4)


def test_the_z_test_of_a_share_nobody_has_finds_no_difference():
    test = fairness.two_proportion_z(0, 10, 0, 90)

    assert (test.z, test.p) == (0.0, 1.0)


@pytest.mark.parametrize("counts", [(1, 0, 1, 1), (0, 1, 2, 1), (11, 10, 1, 1)])
def test_the_z_test_refuses_counts_out_of_range(counts):
    with pytest.raises(ValueError):
        fairness.two_proportion_z(*counts)


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
