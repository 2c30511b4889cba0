"""The IKM rule (PermenPANRB 14/2017) against the worked example of domain.md section 9 and every
boundary of its grade table."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.rules import ikm

WORKED_EXAMPLE = [Decimal(a) for a in ("3.2", "3.0", "2.8", "3.6", "3.1", "3.4", "3.5", "2.9",
                                       "3.0")]


def test_it_computes_the_worked_example_of_the_regulation():
    result = ikm.from_averages(WORKED_EXAMPLE, respondents=10)

    assert result.index == Decimal("3.1667")  # 28.5 / 9
    assert result.converted == Decimal("79.17")
    assert (result.grade, result.grade_key) == ("B", "baik")
    assert result.respondents == 10
    assert result.element_averages == tuple(WORKED_EXAMPLE)


@pytest.mark.parametrize("converted, letter, key", [
    ("25.00", "D", "tidak_baik"),
    ("64.99", "D", "tidak_baik"),
    ("65.00", "C", "kurang_baik"),
    ("76.60", "C", "kurang_baik"),
    ("76.61", "B", "baik"),
    ("88.30", "B", "baik"),
    ("88.31", "A", "sangat_baik"),
    ("100.00", "A", "sangat_baik"),
])
def test_it_grades_every_boundary_of_the_table(converted, letter, key):
    assert ikm.grade(Decimal(converted)) == (letter, key)


@pytest.mark.parametrize("index, converted, letter", [
    ("2.5996", "64.99", "D"),   # the top of D on the 1-4 scale
    ("2.60", "65.00", "C"),
    ("3.064", "76.60", "C"),
    ("3.0644", "76.61", "B"),
    ("3.532", "88.30", "B"),
    ("3.5324", "88.31", "A"),
    ("1", "25.00", "D"),
    ("4", "100.00", "A"),
])
def test_it_converts_the_interval_bounds_to_the_same_grades(index, converted, letter):
    result = ikm.from_averages([Decimal(index)] * 9, respondents=1)

    assert (result.converted, result.grade) == (Decimal(converted), letter)


def test_it_refuses_a_converted_value_below_the_scale():
    with pytest.raises(ValueError):
        ikm.grade(Decimal("24.99"))


def test_it_computes_from_individual_answers():
    # Element 1: (4 + 3 + 2) / 3 = 3; elements 2-9: (4 + 4 + 4) / 3 = 4;
    # IKM = (3 + 8 × 4) / 9 = 3.8889.
    answers = [[4] * 9, [3] + [4] * 8, [2] + [4] * 8]

    result = ikm.from_answers(answers)

    assert result.respondents == 3
    assert result.element_averages[0] == Decimal(3)
    assert result.index == Decimal("3.8889")
    assert (result.converted, result.grade) == (Decimal("97.22"), "A")


def test_it_averages_each_element_over_those_who_answered_it():
    # Element 9 answered by one respondent only: its average is 2, not 1.
    answers = [[3] * 8 + [2], [3] * 8 + [None]]

    result = ikm.from_answers(answers)

    assert result.element_averages[8] == Decimal(2)
    assert result.index == Decimal("2.8889")  # (8 × 3 + 2) / 9
    assert result.respondents == 2


def test_it_leaves_out_an_element_nobody_answered():
    answers = [[4] * 8 + [None], [3] * 8 + [None]]

    result = ikm.from_answers(answers)

    assert result.element_averages[8] is None
    assert result.index == Decimal("3.5000")  # the eight answered elements only
    assert (result.converted, result.grade) == (Decimal("87.50"), "B")


def test_there_is_no_ikm_without_any_answer():
    assert ikm.from_answers([]) is None
    assert ikm.from_answers([[None] * 9]) is None


def test_every_element_has_four_answer_words_and_every_profile_code_its_words():
    from portal.labels import SKM_ANSWER_LABELS, SKM_PROFILE_CHOICES, SKM_PROFILE_LABELS
    from portal.models import SurveyResponse

    assert len(SKM_ANSWER_LABELS) == len(ikm.ELEMENTS)
    assert all(tuple(words) == ikm.SCALE for words in SKM_ANSWER_LABELS)
    assert tuple(ikm.PROFILE) == tuple(SKM_PROFILE_LABELS) == SurveyResponse.PROFILE
    assert {name: tuple(words) for name, words in SKM_PROFILE_CHOICES.items()} == ikm.PROFILE
