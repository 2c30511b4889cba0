"""Objective indicator sources: each realisation computed from the totals the GROUP BY queries
return (service records per officer and service, IKM per officer or service)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.rules import ikm
from portal.services.execution.indicators import (
    NO_DATA, Binding, Computed, RecordTotals, WindowData, compute, from_records, from_survey,
)

OFFICER, OTHER = 7, 8
KTP, KK = 1, 2
# The officer's records: KTP-el (standard 60 minutes) and Kartu Keluarga (no standard).
KTP_TOTALS = RecordTotals(count=4, minutes=4 * 90, with_standard=4, within_standard=3,
                          without_corrections=3)
KK_TOTALS = RecordTotals(count=2, minutes=2 * 45, with_standard=0, within_standard=0,
                         without_corrections=2)
WORKED_EXAMPLE = ikm.from_averages(
    [Decimal(x) for x in ("3.2", "3.0", "2.8", "3.6", "3.1", "3.4", "3.5", "2.9", "3.0")], 40)


def data(**changes) -> WindowData:
    base = dict(records={OFFICER: {KTP: KTP_TOTALS, KK: KK_TOTALS},
                         OTHER: {KTP: RecordTotals(10, 600, 10, 10, 10)}},
                by_officer={}, by_officer_at={}, by_service={})
    return WindowData(**(base | changes))


def test_average_hours_is_the_mean_duration_in_hours_to_two_decimals():
    totals = RecordTotals(count=3, minutes=100)

    assert from_records("records_avg_hours", totals) == Computed(Decimal("0.56"), 3)


def test_within_standard_counts_only_records_of_services_with_a_standard():
    assert from_records("records_within_standard", KTP_TOTALS + KK_TOTALS) == Computed(
        Decimal("75.00"), 4)


def test_within_standard_has_no_value_when_no_service_has_a_standard():
    assert from_records("records_within_standard", KK_TOTALS) == NO_DATA


def test_accuracy_is_the_share_of_records_without_corrections():
    assert from_records("records_accuracy", RecordTotals(count=3, without_corrections=2)) == \
        Computed(Decimal("66.67"), 3)


@pytest.mark.parametrize("source", ["records_avg_hours", "records_accuracy",
                                    "records_within_standard"])
def test_a_window_without_records_has_no_value_and_count_zero(source):
    assert from_records(source, RecordTotals()) == NO_DATA


def test_a_survey_source_is_the_converted_ikm_with_its_respondents():
    assert from_survey(WORKED_EXAMPLE) == Computed(Decimal("79.17"), 40)
    assert from_survey(None) == NO_DATA


def test_a_records_indicator_without_service_adds_up_all_the_officers_services():
    binding = Binding(1, "records_avg_hours", None, OFFICER)

    # (4 x 90 + 2 x 45) minutes over 6 records = 75 minutes
    assert compute(binding, data()) == Computed(Decimal("1.25"), 6)


def test_a_records_indicator_bound_to_a_service_counts_only_that_service():
    binding = Binding(1, "records_accuracy", KK, OFFICER)

    assert compute(binding, data()) == Computed(Decimal("100.00"), 2)


def test_an_officer_without_records_gets_no_value():
    assert compute(Binding(1, "records_accuracy", None, 99), data()) == NO_DATA


def test_the_ikm_sources_read_the_service_the_officer_or_the_officer_at_one_service():
    other = ikm.from_averages([Decimal(4)] * 9, 3)
    window = data(by_service={KTP: WORKED_EXAMPLE}, by_officer={OFFICER: other},
                  by_officer_at={KTP: {OFFICER: WORKED_EXAMPLE}})

    assert compute(Binding(1, "ikm_service", KTP, OFFICER), window) == Computed(
        Decimal("79.17"), 40)
    assert compute(Binding(2, "ikm_officer", None, OFFICER), window) == Computed(
        Decimal("100.00"), 3)
    assert compute(Binding(3, "ikm_officer", KTP, OFFICER), window) == Computed(
        Decimal("79.17"), 40)
    assert compute(Binding(4, "ikm_officer", KK, OFFICER), window) == NO_DATA
