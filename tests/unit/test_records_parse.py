"""Reading a file of service records: kinds, headers, delimiters, cells and row problems."""
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from portal.services.execution import records_parse as parse
from portal.services.execution.records_parse import FileRefused, MissingColumns

UTC = dt.timezone.utc
HEADER = "layanan,nip,diterima,selesai,koreksi\n"


def rows_of(tmp_path, content: bytes, kind: str = "csv"):
    path = tmp_path / "upload"
    path.write_bytes(content)
    with parse.open_sheet(path, kind) as sheet:
        return sheet.total, list(sheet.rows)


@pytest.mark.parametrize("text, expected", [
    ("2026-03-02 08:30", dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC)),
    ("2026-03-02 08:30:15", dt.datetime(2026, 3, 2, 1, 30, 15, tzinfo=UTC)),
    ("2026-03-02T08:30", dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC)),
    ("02/03/2026 08:30", dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC)),
    ("2/3/2026 8:30", dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC)),
    ("02-03-2026 08:30", dt.datetime(2026, 3, 2, 1, 30, tzinfo=UTC)),
    ("2026-03-02", dt.datetime(2026, 3, 1, 17, 0, tzinfo=UTC)),
    ("  02/03/2026  ", dt.datetime(2026, 3, 1, 17, 0, tzinfo=UTC)),
])
def test_it_reads_dates_as_jambi_time_and_stores_them_in_utc(text, expected):
    assert parse.parse_datetime(text) == expected


@pytest.mark.parametrize("text", [
    "2026/03/02 08:30", "03-02-26 08:30", "31/02/2026 08:00", "02/03/2026 25:00", "kemarin",
    "02/03-2026 08:30", "", "2026-03-02 08",
])
def test_it_refuses_dates_in_other_formats(text):
    assert parse.parse_datetime(text) is None


def test_a_date_with_no_utc_instant_is_refused_not_raised():
    assert parse.parse_datetime("01/01/0001 00:00") is None
    assert parse.parse_datetime("0001-01-01") is None


@pytest.mark.parametrize("received, completed, column", [
    ("01/01/1850 08:00", "2026-03-02 09:00", "diterima"),
    ("2026-03-02 08:00", "2206-03-02 09:00", "selesai"),
    ("0001-01-02 08:00", "9999-12-31 23:59", "diterima"),
])
def test_a_year_outside_the_plausible_range_is_a_problem_of_its_column(received, completed,
                                                                      column):
    row = parse.parse_row(4, {"layanan": "KK", "nip": "199001102015031003",
                              "diterima": received, "selesai": completed, "koreksi": "0"})

    assert (4, column, "date_range") in [(p.row_no, p.column, p.problem) for p in row.problems]
    assert row.received is None or row.completed is None


def test_it_takes_excel_datetimes_as_jambi_time():
    assert parse.parse_datetime(dt.datetime(2026, 3, 2, 8, 30)) == dt.datetime(
        2026, 3, 2, 1, 30, tzinfo=UTC)
    assert parse.parse_datetime(dt.date(2026, 3, 2)) == dt.datetime(2026, 3, 1, 17, tzinfo=UTC)


@pytest.mark.parametrize("value, expected", [
    ("199001102015031003", "199001102015031003"),
    ("19900110 201503 1 003", "199001102015031003"),
    (199001102015031003, "199001102015031003"),
    ("1990011020150310", None),
    ("19900110201503100X", None),
    (1.990011020150310e17, None),
])
def test_it_normalises_nips_by_removing_spaces(value, expected):
    assert parse.normalise_nip(value) == expected


@pytest.mark.parametrize("value, expected", [
    (None, 0), ("", 0), ("  ", 0), ("3", 3), (" 2 ", 2), (4, 4), (2.0, 2),
    ("-1", None), (-1, None), ("1,5", None), (1.5, None), ("dua", None), (True, None),
    (str(2**31 - 1), 2**31 - 1), (str(2**31), None), (10**20, None), (1e30, None),
])
def test_it_reads_corrections_as_whole_numbers_from_zero(value, expected):
    assert parse.parse_corrections(value) == expected


@pytest.mark.parametrize("header, column", [
    ("layanan", "layanan"), ("LAYANAN", "layanan"), ("Service", "layanan"),
    (" NIP ", "nip"), ("Diterima", "diterima"), ("received at", "diterima"),
    ("received_at", "diterima"), ("Selesai", "selesai"), ("completed-at", "selesai"),
    ("Koreksi", "koreksi"), ("Corrections", "koreksi"), ("catatan", None), (None, None),
])
def test_it_knows_the_columns_by_indonesian_and_english_names(header, column):
    assert parse.column_of(header) == column


def test_it_sniffs_the_semicolon_that_indonesian_spreadsheets_use(tmp_path):
    content = ("\ufeffLayanan;NIP;Diterima;Selesai;Koreksi\n"
               'KTP;"19900110 201503 1 003";02/03/2026 08:30;02/03/2026 09:00;1\n').encode()

    total, rows = rows_of(tmp_path, content)

    assert total == 1
    assert rows == [(2, {"layanan": "KTP", "nip": "19900110 201503 1 003",
                         "diterima": "02/03/2026 08:30", "selesai": "02/03/2026 09:00",
                         "koreksi": "1"})]


def test_it_reads_quoted_commas_and_skips_blank_rows_keeping_the_row_numbers(tmp_path):
    content = (HEADER + '"Akta, Kelahiran",199001102015031003,2026-03-02 08:30,'
               "2026-03-02 09:00,\n,,,,\n\nKK,199001102015031003,2026-03-03,2026-03-04,0\n"
               ).encode()

    total, rows = rows_of(tmp_path, content)

    assert total == 2
    assert [(row_no, cells["layanan"]) for row_no, cells in rows] == [
        (2, "Akta, Kelahiran"), (5, "KK")]


def test_columns_may_come_in_any_order_with_others_between(tmp_path):
    content = (b"koreksi,catatan,selesai,NIP,received,service\n"
               b"0,x,2026-03-02,199001102015031003,2026-03-01,KK\n")

    _total, rows = rows_of(tmp_path, content)

    assert rows[0][1] == {"koreksi": "0", "selesai": "2026-03-02", "nip": "199001102015031003",
                          "diterima": "2026-03-01", "layanan": "KK"}


def test_a_header_without_a_required_column_refuses_the_whole_file(tmp_path):
    with pytest.raises(MissingColumns) as refused:
        rows_of(tmp_path, b"layanan,nip,diterima\nKK,199001102015031003,2026-03-01\n")

    assert refused.value.columns == ["selesai", "koreksi"]


def test_it_reads_the_first_sheet_of_an_excel_workbook(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Layanan", "NIP", "Diterima", "Selesai", "Koreksi"])
    sheet.append(["KTP", "199001102015031003", dt.datetime(2026, 3, 2, 8, 30),
                  "02/03/2026 10:00", 2])
    sheet.append([None, None, None, None, None])
    sheet.append(["KK", 199001102015031003, dt.datetime(2026, 3, 3), None, None])
    book.create_sheet("Lain").append(["bukan", "ini"])
    data = io.BytesIO()
    book.save(data)

    assert parse.file_kind(data.getvalue()) == "xlsx"
    total, rows = rows_of(tmp_path, data.getvalue(), "xlsx")

    assert total == 3  # the sheet's dimension, blank row included: an estimate for progress
    assert rows[0] == (2, {"layanan": "KTP", "nip": "199001102015031003",
                           "diterima": dt.datetime(2026, 3, 2, 8, 30),
                           "selesai": "02/03/2026 10:00", "koreksi": 2})
    row_no, cells = rows[1]
    assert (row_no, cells["layanan"], cells["diterima"]) == (4, "KK", dt.datetime(2026, 3, 3))
    # A NIP typed as a number is a float of 15 significant digits: no longer the NIP.
    assert [p.problem for p in parse.parse_row(row_no, cells).problems] == [
        "nip_format", "required"]


@pytest.mark.parametrize("content, key", [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "import_type"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "import_type"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "import_xls"),
    (b"layanan;nip\nKantor Catatan Sipil \xe9\n", "import_encoding"),
    (b"layanan\x00nip", "import_type"),
])
def test_it_judges_the_file_by_its_content(content, key):
    with pytest.raises(FileRefused) as refused:
        parse.file_kind(content)

    assert refused.value.key == key


def zipped(*names: str) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return data.getvalue()


@pytest.mark.parametrize("content", [
    zipped("catatan.csv"),
    zipped("[Content_Types].xml", "_rels/.rels", "word/document.xml"),
    zipped("mimetype", "content.xml"),
    b"PK\x03\x04" + b"\x00" * 100,  # a damaged archive
])
def test_archives_other_than_a_workbook_are_refused(content):
    with pytest.raises(FileRefused) as refused:
        parse.file_kind(content)

    assert refused.value.key == "import_type"


def test_a_workbook_is_recognised_whatever_the_order_of_its_parts(tmp_path):
    """SharePoint and OneDrive save customXml parts before xl/, past where sniffers look."""
    book = openpyxl.Workbook()
    book.active.append(list(parse.COLUMNS))
    book.active.append(["KK", "199001102015031003", "2026-03-02 08:00", "2026-03-02 09:00", 0])
    saved = io.BytesIO()
    book.save(saved)
    original = zipfile.ZipFile(saved)
    parts = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
             "customXml/item1.xml", "customXml/_rels/item1.xml.rels",
             *sorted(n for n in original.namelist() if n.startswith("xl/"))]
    reordered = io.BytesIO()
    with zipfile.ZipFile(reordered, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in parts:
            archive.writestr(name, original.read(name) if name in original.namelist()
                             else "<x/>")

    assert parse.file_kind(reordered.getvalue()) == "xlsx"
    _total, rows = rows_of(tmp_path, reordered.getvalue(), "xlsx")
    assert rows[0][1]["layanan"] == "KK"


def test_csv_text_in_utf8_is_a_csv_whatever_its_name():
    assert parse.file_kind("\ufefflayanan,nip\nAkta Kelahiran — WNI,1\n".encode()) == "csv"


def test_a_row_reports_each_of_its_problems_by_column():
    row = parse.parse_row(7, {"layanan": "", "nip": "12345", "diterima": "2026-03-02 09:00",
                              "selesai": "02/03/2026 08:00", "koreksi": "-2"})

    assert [(p.row_no, p.column, p.problem, p.value) for p in row.problems] == [
        (7, "layanan", "required", ""),
        (7, "nip", "nip_format", "12345"),
        (7, "selesai", "completed_before_received", "02/03/2026 08:00"),
        (7, "koreksi", "corrections_invalid", "-2"),
    ]


def test_a_good_row_gives_its_values():
    row = parse.parse_row(2, {"layanan": " KK ", "nip": "19900110 201503 1 003",
                              "diterima": "2026-03-02 08:00", "selesai": "2026-03-02 08:45",
                              "koreksi": ""})

    assert row.problems == []
    assert (row.service, row.nip, row.received, row.completed, row.corrections) == (
        "KK", "199001102015031003", dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 2, 1, 45, tzinfo=UTC), 0)
