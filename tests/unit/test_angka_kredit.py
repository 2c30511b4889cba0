"""The angka kredit formula (domain.md 12): each predikat for several jenjang, the worked
examples, periodic months, rounding, what is left, and the SIASN record."""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.rules import angka_kredit as ak
from portal.rules.predikat import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG


def test_the_worked_examples_of_the_regulation_hold():
    koefisien = ak.JENJANG["Ahli Pertama"].koefisien
    assert ak.credit(ak.PERCENT[SANGAT_BAIK], koefisien, 12) == Decimal("18.75")
    assert ak.credit(ak.PERCENT[BAIK], koefisien, 2) == Decimal("2.08")


@pytest.mark.parametrize(("jenjang", "expected"), [
    # Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang: 150, 100, 75, 50, 25 %.
    ("Ahli Pertama", ("18.75", "12.50", "9.38", "6.25", "3.13")),
    ("Ahli Muda", ("37.50", "25.00", "18.75", "12.50", "6.25")),
    ("Ahli Madya", ("56.25", "37.50", "28.13", "18.75", "9.38")),
    ("Ahli Utama", ("75.00", "50.00", "37.50", "25.00", "12.50")),
    ("Pemula", ("5.63", "3.75", "2.81", "1.88", "0.94")),
    ("Terampil", ("7.50", "5.00", "3.75", "2.50", "1.25")),
    ("Penyelia", ("37.50", "25.00", "18.75", "12.50", "6.25")),
])
def test_each_predikat_earns_its_share_of_the_yearly_koefisien(jenjang, expected):
    koefisien = ak.JENJANG[jenjang].koefisien
    found = [ak.credit(ak.PERCENT[p], koefisien, 12)
             for p in (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)]
    assert found == [Decimal(e) for e in expected]


def test_a_quarter_counts_three_months_and_rounds_half_up():
    # Ahli Muda, a quarter at Butuh Perbaikan: 75 % x 25 x 3/12 = 4.6875 -> 4.69.
    assert ak.credit(Decimal(75), Decimal(25), 3) == Decimal("4.69")


def test_months_outside_the_year_are_refused():
    with pytest.raises(ValueError):
        ak.credit(Decimal(100), Decimal(25), 13)


@pytest.mark.parametrize(("period_no", "evaluations", "months"), [
    (0, 4, (1, 12)), (1, 4, (1, 3)), (4, 4, (10, 12)), (2, 12, (2, 2)), (12, 12, (12, 12)),
])
def test_an_evaluation_covers_its_months(period_no, evaluations, months):
    assert ak.months_of(period_no, evaluations) == months


def test_what_is_left_is_never_below_zero_and_none_without_a_target():
    assert ak.left(Decimal("18.75"), Decimal(50)) == Decimal("31.25")
    assert ak.left(Decimal(60), Decimal(50)) == Decimal("0.00")
    assert ak.left(Decimal(60), None) is None


def test_the_siasn_record_carries_the_fields_in_order():
    row = ak.record("199001102015031003", 2026, 1, 12, SANGAT_BAIK, Decimal("12.50"),
                    Decimal("18.75"))
    assert dict(zip(ak.FIELDS, row, strict=True)) == {
        "nip": "199001102015031003", "tahun": 2026, "bulanMulaiPenilaian": 1,
        "bulanSelesaiPenilaian": 12, "kuadranKinerjaNilai": 1, "koefisien": Decimal("12.50"),
        "angkaKredit": Decimal("18.75")}
