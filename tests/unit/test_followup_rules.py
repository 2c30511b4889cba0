"""The follow-up rules (domain.md §12): what each predikat proposes, the development needs the
ratings point at, the check-in schedule and when a plan is overdue."""
import datetime as dt

import pytest

from portal.rules import followup as rules
from portal.rules.predikat import PREDIKAT_ORDER


@pytest.mark.parametrize("predikat, kind", [
    ("sangat_baik", "recognition"),
    ("baik", "regular"),
    ("butuh_perbaikan", "development_plan"),
    ("kurang", "development_plan"),
    ("sangat_kurang", "development_plan"),
])
def test_each_predikat_proposes_its_follow_up(predikat, kind):
    assert rules.proposal(predikat) == kind


def test_every_predikat_leads_somewhere_and_no_predikat_to_nothing():
    assert all(rules.proposal(p) in rules.KINDS for p in PREDIKAT_ORDER)
    assert rules.proposal(None) is None


def test_low_predikat_get_counselling_first_and_butuh_perbaikan_coaching():
    assert rules.default_support("kurang") == "counselling"
    assert rules.default_support("sangat_kurang") == "counselling"
    assert rules.default_support("butuh_perbaikan") == "coaching"


def test_a_value_rated_below_expectation_is_a_development_need():
    levels = {"akuntabel": 1, "kolaboratif": 1, "kompeten": 2, "loyal": None}
    assert rules.needs("below", "meets", levels) == ("hasil_kerja", "akuntabel", "kolaboratif")


def test_behaviour_below_without_a_named_value_is_a_need_of_its_own():
    assert rules.needs("meets", "below", {}) == ("perilaku",)
    assert rules.needs("above", "above", {"adaptif": 2}) == ()


def test_check_ins_fall_every_three_months_and_at_the_end():
    start = dt.date(2027, 1, 31)
    assert rules.default_end(start) == dt.date(2028, 1, 31)
    assert rules.checkin_dates(start, rules.default_end(start)) == [
        dt.date(2027, 4, 30), dt.date(2027, 7, 31), dt.date(2027, 10, 31), dt.date(2028, 1, 31)]
    assert rules.checkin_dates(dt.date(2027, 3, 1), dt.date(2027, 4, 1)) == [dt.date(2027, 4, 1)]


def test_an_agreed_plan_is_overdue_once_a_check_in_or_its_end_has_passed():
    today = dt.date(2027, 5, 2)
    end = dt.date(2028, 1, 31)
    assert rules.overdue("agreed", end, [dt.date(2027, 4, 30)], today)
    assert not rules.overdue("agreed", end, [dt.date(2027, 7, 31)], today)
    assert rules.overdue("agreed", dt.date(2027, 5, 1), [], today)
    assert not rules.overdue("draft", dt.date(2027, 5, 1), [dt.date(2027, 4, 1)], today)
    assert not rules.overdue("closed", dt.date(2027, 5, 1), [dt.date(2027, 4, 1)], today)
