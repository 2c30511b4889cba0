"""The .xlsx writer of exports (portal.downloads.write_xlsx) and the SKP22 record
(portal.rules.skp22): what Excel reads back, without an app."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.downloads import Column, write_xlsx
from portal.rules import skp22


TWO_COLUMNS = (Column("Nama"), Column("Nilai"))


def _written(rows, columns=TWO_COLUMNS):
    out = io.BytesIO()
    count = write_xlsx(out, list(columns), iter(rows), "Daftar")
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    return count, sheet


def test_it_writes_a_bold_frozen_header_and_counts_the_rows():
    count, sheet = _written([("Andi", 1), ("Siti", 2)])

    assert count == 2 and sheet.title == "Daftar"
    assert [c.value for c in sheet[1]] == ["Nama", "Nilai"]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"


def test_it_keeps_text_that_looks_like_a_formula_as_text():
    _count, sheet = _written([('=HYPERLINK("http://x","klik")', "=1+1")])

    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["B2"].data_type == "s"


def test_it_writes_numbers_as_numbers_and_dates_as_dates_read_in_jambi():
    moment = dt.datetime(2026, 1, 31, 20, 30, tzinfo=dt.UTC)  # 1 February 03:30 in Jambi
    _count, sheet = _written([(dt.date(2026, 1, 31), Decimal("12.5"), moment, 7)],
                             [Column("a"), Column("b"), Column("c"), Column("d")])

    assert sheet["A2"].is_date and sheet["A2"].value == dt.datetime(2026, 1, 31)
    assert sheet["A2"].number_format == "DD/MM/YYYY"
    assert sheet["B2"].data_type == "n" and sheet["B2"].value == 12.5
    assert sheet["C2"].value == dt.datetime(2026, 2, 1, 3, 30)
    assert sheet["D2"].value == 7


def test_it_drops_characters_excel_cannot_hold():
    _count, sheet = _written([("Andi\x00\x07 Pratama", None)])

    assert sheet["A2"].value == "Andi Pratama" and sheet["B2"].value is None


def test_an_skp22_record_carries_the_codes_of_the_ratings_and_the_predikat():
    assessor = skp22.Assessor("197805122003122001", "Rahmawati, S.Sos", "Kepala Bidang",
                              "IV/a", "Bidang Pelayanan")

    assert skp22.record(2026, "199001102015031003", "above", "meets", "baik", assessor) == (
        2026, "199001102015031003", 1, 2, 2, "197805122003122001", "Rahmawati, S.Sos",
        "Kepala Bidang", "IV/a", "Bidang Pelayanan", "ASN")
    assert skp22.record(2026, "199001102015031003", "below", "below", "sangat_kurang",
                        None)[2:] == (3, 3, 5, None, None, None, None, None, "NON ASN")


@pytest.mark.parametrize("predikat,code", [
    ("sangat_baik", 1), ("baik", 2), ("butuh_perbaikan", 3), ("kurang", 4), ("sangat_kurang", 5),
])
def test_the_predikat_codes_follow_the_order_best_first(predikat, code):
    assert skp22.PREDIKAT_CODES[predikat] == code
