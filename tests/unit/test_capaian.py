"""Capaian of quantitative indicators (shared domain.md section 4): the formulas and the bands."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.models import Indicator, Realisation
from portal.rules.capaian import band, capaian
from portal.templating import capaian_of

D = Decimal


def test_it_rewards_coming_in_under_a_lower_is_better_target():
    # domain.md: target 7 months, actual 6.5 -> (1 + (1 - 6.5 / 7)) x 100 % = 107 %
    percent = capaian(D(7), D("6.5"), lower_is_better=True)

    assert percent == D("107.14")
    assert round(percent) == 107
    assert band(percent) == "sangat_baik"


@pytest.mark.parametrize(("target", "realisation", "expected"), [
    (D(7), D(7), D("100.00")),     # on target
    (D(7), D(8), D("85.71")),      # one month late
    (D(7), D(14), D("0.00")),      # twice the time: nothing left
    (D(7), D(15), D("0.00")),      # never below zero
])
def test_it_compares_a_lower_is_better_indicator_with_its_target(target, realisation, expected):
    assert capaian(target, realisation, lower_is_better=True) == expected


@pytest.mark.parametrize(("target", "realisation", "expected"), [
    (D(1200), D(1250), D("104.17")),
    (D(100), D(100), D("100.00")),
    (D(100), D(80), D("80.00")),
    (D(3), D(2), D("66.67")),      # rounded half up to two decimals
    (D(12), D(0), D("0.00")),
])
def test_it_divides_realisation_by_target_for_a_normal_indicator(target, realisation, expected):
    assert capaian(target, realisation) == expected


@pytest.mark.parametrize(("realisation", "expected"), [
    (D(80), D("100.00")),   # the lower bound is inside
    (D(85), D("100.00")),
    (D(90), D("100.00")),   # so is the upper bound
    (D(99), D("110.00")),   # above: compared with the upper bound, 99 / 90
    (D(72), D("90.00")),    # below: compared with the lower bound, 72 / 80
])
def test_it_counts_anywhere_inside_a_range_as_fully_met(realisation, expected):
    assert capaian(D(80), realisation, target_max=D(90)) == expected


@pytest.mark.parametrize(("realisation", "kwargs"), [
    (D(5), {}),
    (D(5), {"lower_is_better": True}),
    (D(-1), {"target_max": D(10)}),   # below a range that starts at zero
])
def test_it_has_no_capaian_against_a_zero_target(realisation, kwargs):
    assert capaian(D(0), realisation, **kwargs) is None


def test_a_range_starting_at_zero_still_has_a_capaian_inside_it():
    assert capaian(D(0), D(5), target_max=D(10)) == D("100.00")


@pytest.mark.parametrize(("percent", "expected"), [
    (D("150"), "sangat_baik"),
    (D("101"), "sangat_baik"),
    (D("100.99"), "baik"),
    (D("100"), "baik"),
    (D("99.99"), "cukup"),
    (D("80"), "cukup"),
    (D("79.99"), "kurang"),
    (D("60"), "kurang"),
    (D("59.99"), "sangat_kurang"),
    (D("0"), "sangat_kurang"),
    (None, None),
])
def test_it_puts_each_capaian_in_its_band(percent, expected):
    assert band(percent) == expected


def _indicator(target: Decimal | None, *realisations: Realisation, **columns) -> Indicator:
    indicator = Indicator(aspect="kuantitas", text="Jumlah KTP-el", target_value=target,
                          target_unit="dokumen", **columns)
    indicator.realisations.extend(realisations)
    return indicator


def test_capaian_of_reads_the_realisation_of_the_period_asked():
    indicator = _indicator(D(1200), Realisation(period_no=0, value=D(1250)),
                           Realisation(period_no=1, value=D(300)))

    assert capaian_of(indicator) == (D("104.17"), "sangat_baik")
    assert capaian_of(indicator, 1).percent == D("25.00")
    assert capaian_of(indicator, 2) is None  # nothing recorded for that period


def test_capaian_of_gives_no_band_to_a_quarter_measured_against_the_yearly_target():
    # A quarter's 300 of 1,200 documents is a quarter of the year's target, not "Sangat Kurang":
    # the bands judge a capaian against the target of its own span, and the SKP's is the year.
    indicator = _indicator(D(1200), Realisation(period_no=1, value=D(300)))
    waktu = _indicator(D(7), Realisation(period_no=4, value=D(8)), lower_is_better=True)

    assert capaian_of(indicator, 1) == (D("25.00"), None)
    assert capaian_of(waktu, 4) == (D("85.71"), None)


def test_capaian_of_applies_the_indicator_kind():
    waktu = _indicator(D(7), Realisation(period_no=0, value=D("6.5")), lower_is_better=True)
    rentang = _indicator(D(80), Realisation(period_no=0, value=D(85)), target_max=D(90))

    assert capaian_of(waktu) == (D("107.14"), "sangat_baik")
    assert capaian_of(rentang) == (D("100.00"), "baik")


def test_capaian_of_has_nothing_for_a_qualitative_indicator():
    described = _indicator(None, Realisation(period_no=0, value=None, note="Terlaksana"),
                           target_text="Seluruh permohonan terlayani")

    assert capaian_of(described) is None
