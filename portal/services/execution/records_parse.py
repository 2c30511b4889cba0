"""Reading a file of service records: what kind of file it is, its header, its rows and each
cell's value, with the problems of each row named by column.

No database here: the import service (records_import) looks the services and NIPs up, a chunk of
rows at a time. Row numbers are the ones the admin sees in Excel: the header is row 1.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import filetype
import openpyxl

from portal.services.clock import JAMBI

# The columns, in the order of the template file.
COLUMNS = ("layanan", "nip", "diterima", "selesai", "koreksi")
# Header names accepted for each column (compared lower-cased, spaces and dashes as "_").
ALIASES = {
    "layanan": "layanan", "service": "layanan", "kode_layanan": "layanan",
    "nip": "nip", "nip_petugas": "nip", "officer_nip": "nip", "officer": "nip",
    "diterima": "diterima", "waktu_diterima": "diterima", "received": "diterima",
    "received_at": "diterima",
    "selesai": "selesai", "waktu_selesai": "selesai", "completed": "selesai",
    "completed_at": "selesai",
    "koreksi": "koreksi", "jumlah_koreksi": "koreksi", "corrections": "koreksi",
}
# Shown to the admin wherever a date is refused.
DATE_FORMATS = ("YYYY-MM-DD HH:MM[:SS]", "DD/MM/YYYY HH:MM", "DD-MM-YYYY HH:MM")
# The years a service record may fall in: a typo such as 0226 or 2206 is refused rather than
# stored, and durations stay within the integer column (a century is ~53 million minutes).
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Corrections are stored in an integer column; beyond it PostgreSQL would fail the whole import.
CORRECTIONS_MAX = 2**31 - 1

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DMY = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?: +(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls (and .doc)
_ZIP = b"PK\x03\x04"  # the container of .xlsx (and .docx, .ods, plain archives)
_VALUE_MAX = 200  # ImportProblem.value


class FileRefused(Exception):
    """The file as a whole cannot be read; key is the refusal's message key (labels.REFUSALS)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class MissingColumns(FileRefused):
    """The header row lacks required columns (listed in `columns`), so no row is read."""

    def __init__(self, columns: list[str]):
        super().__init__("import_missing_columns")
        self.columns = columns


@dataclass(frozen=True)
class Problem:
    """Why one row (or the header, row 1) was refused or noted: column and a message key."""

    row_no: int
    column: str
    problem: str
    value: str = ""


@dataclass
class ParsedRow:
    """One data row read: each field None where its cell was refused (see problems)."""

    row_no: int
    service: str | None = None
    nip: str | None = None
    received: dt.datetime | None = None
    completed: dt.datetime | None = None
    corrections: int | None = None
    problems: list[Problem] = field(default_factory=list)


def file_kind(data: bytes) -> str:
    """'csv' or 'xlsx', judged by the content, never by the file's name.

    Raises:
        FileRefused: import_xls for an old binary Excel file, import_encoding for text that is not
            UTF-8, import_type for anything else (PDF, images, other archives, binary data).
    """
    if data.startswith(_OLE):
        raise FileRefused("import_xls")
    if data.startswith(_ZIP):
        return _workbook_kind(data)
    if filetype.guess(data) is not None:
        raise FileRefused("import_type")
    head = data[:65536]
    if b"\x00" in head:
        raise FileRefused("import_type")
    try:  # an incremental decoder tolerates a character cut in two at the sample's end
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise FileRefused("import_encoding") from None
    return "csv"


def _workbook_kind(data: bytes) -> str:
    """'xlsx' for a zip holding a workbook, by its entries: the signature sniffers look only at
    the first few entries, whose order varies by producer (files with customXml parts, as
    SharePoint and OneDrive save them, list xl/ later and pass for a plain zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise FileRefused("import_type") from None
    if "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names):
        return "xlsx"
    raise FileRefused("import_type")


def column_of(header: object) -> str | None:
    """The column a header cell names (case-insensitive, Indonesian or English), else None."""
    text = re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())
    return ALIASES.get(text)


def _columns(header: tuple) -> dict[str, int]:
    """Column name -> index in the row; the first of two cells naming one column wins."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = column_of(cell)
        if name and name not in found:
            found[name] = index
    missing = [name for name in COLUMNS if name not in found]
    if missing:
        raise MissingColumns(missing)
    return found


def delimiter_of(first_line: str) -> str:
    """';' or ',' (spreadsheets in Indonesian locales save CSV with ';'): the one the header uses
    more. Header names never contain either, so counting them is enough."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


@dataclass
class Sheet:
    """The rows of an opened file: (row number, {column: cell}) for each non-blank data row;
    total is the number of data rows if known beforehand (for the progress bar), else None."""

    rows: Iterator[tuple[int, dict[str, object]]]
    total: int | None


def _blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _rows(records: Iterator[tuple], columns: dict[str, int]) -> Iterator[tuple[int, dict]]:
    """Each non-blank record after the header, numbered as the spreadsheet shows it."""
    for row_no, record in enumerate(records, start=2):
        if _blank(record):
            continue
        yield row_no, {name: record[i] if i < len(record) else None
                       for name, i in columns.items()}


@contextmanager
def open_sheet(path: Path, kind: str) -> Iterator[Sheet]:
    """Open a stored upload of kind ('csv' or 'xlsx') and give its rows; closes it afterwards.

    Raises:
        MissingColumns: the header lacks a required column.
        FileRefused: import_unreadable when the file is damaged or empty.
    """
    if kind == "xlsx":
        with _open_xlsx(path) as sheet:
            yield sheet
    else:
        with open(path, encoding="utf-8-sig", newline="") as text:
            yield _csv_sheet(text)


def _csv_sheet(text: io.TextIOBase) -> Sheet:
    try:
        first_line = text.readline()
        delimiter = delimiter_of(first_line)
        text.seek(0)
        total = sum(1 for record in csv.reader(text, delimiter=delimiter) if not _blank(record))
        text.seek(0)
    except UnicodeDecodeError:
        raise FileRefused("import_encoding") from None
    except csv.Error:  # e.g. a field beyond the csv module's size limit
        raise FileRefused("import_unreadable") from None
    records = csv.reader(text, delimiter=delimiter)
    header = next(records, None)
    if header is None:
        raise FileRefused("import_unreadable")
    return Sheet(rows=_rows(records, _columns(tuple(header))), total=max(total - 1, 0))


@contextmanager
def _open_xlsx(path: Path) -> Iterator[Sheet]:
    # A file object, not the path: openpyxl would judge a path by its extension, and stored
    # uploads have random names without one.
    with open(path, "rb") as stream:
        try:
            book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001  (a damaged upload fails openpyxl in many ways)
            raise FileRefused("import_unreadable") from None
        with _closing(book) as sheet:
            yield sheet


@contextmanager
def _closing(book) -> Iterator[Sheet]:
    try:
        if not book.worksheets:
            raise FileRefused("import_unreadable")
        sheet = book.worksheets[0]
        records = sheet.iter_rows(values_only=True)
        header = next(records, None)
        if header is None:
            raise FileRefused("import_unreadable")
        # The sheet's recorded dimension: it may count trailing blank rows, an estimate is enough.
        total = sheet.max_row - 1 if sheet.max_row else None
        yield Sheet(rows=_rows(records, _columns(header)), total=total)
    finally:
        book.close()


def shown(value: object) -> str:
    """A cell as the admin typed it, for the report (an Excel date as ISO text)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()[:_VALUE_MAX]


def parse_datetime(value: object) -> dt.datetime | None:
    """A cell as an aware UTC instant; None when it is none of the accepted formats.

    Text and Excel dates without a zone are Jambi local time (Asia/Jakarta); a date alone is 00:00.
    """
    if isinstance(value, dt.datetime):
        local = value if value.tzinfo else value.replace(tzinfo=JAMBI)
        return local.astimezone(dt.timezone.utc)
    if isinstance(value, dt.date):
        value = dt.datetime(value.year, value.month, value.day)
        return value.replace(tzinfo=JAMBI).astimezone(dt.timezone.utc)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _ISO.fullmatch(text):
        year, month, day, hour, minute, second = match.groups()
    elif match := _DMY.fullmatch(text):
        day, _sep, month, year, hour, minute, second = match.groups()
    else:
        return None
    try:
        local = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                            int(second or 0), tzinfo=JAMBI)
        return local.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):  # 31/02/2026, 25:00; 01/01/0001 has no UTC instant
        return None


def normalise_nip(value: object) -> str | None:
    """The 18-digit NIP in a cell (spaces removed), or None when it is not one.

    An Excel number cell holding the NIP is accepted as a whole number; a fraction is not a NIP.
    """
    if isinstance(value, bool) or isinstance(value, float):
        return None
    text = re.sub(r"\s+", "", str(value))
    return text if re.fullmatch(r"[0-9]{18}", text) else None


def parse_corrections(value: object) -> int | None:
    """The number of data corrections: a whole number >= 0, an empty cell being 0; else None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        number = int(value) if value.is_integer() else -1
    elif isinstance(value, int):
        number = value
    elif re.fullmatch(r"\s*[0-9]+\s*", str(value)):
        number = int(value)
    else:
        return None
    return number if 0 <= number <= CORRECTIONS_MAX else None


def parse_row(row_no: int, cells: dict[str, object]) -> ParsedRow:
    """Read one row's cells, noting every problem found (a row may have several)."""
    row = ParsedRow(row_no)

    def problem(column: str, key: str) -> None:
        row.problems.append(Problem(row_no, column, key, shown(cells.get(column))))

    service = shown(cells.get("layanan"))
    if service:
        row.service = service
    else:
        problem("layanan", "required")
    if cells.get("nip") is None or not shown(cells.get("nip")):
        problem("nip", "required")
    elif (nip := normalise_nip(cells["nip"])) is None:
        problem("nip", "nip_format")
    else:
        row.nip = nip
    for column in ("diterima", "selesai"):
        if not shown(cells.get(column)):
            problem(column, "required")
        elif (moment := parse_datetime(cells[column])) is None:
            problem(column, "date_format")
        elif not FIRST_YEAR <= moment.astimezone(JAMBI).year <= LAST_YEAR:
            problem(column, "date_range")
        else:
            setattr(row, "received" if column == "diterima" else "completed", moment)
    if row.received and row.completed and row.completed < row.received:
        problem("selesai", "completed_before_received")
        row.completed = None
    row.corrections = parse_corrections(cells.get("koreksi"))
    if row.corrections is None:
        problem("koreksi", "corrections_invalid")
    return row
