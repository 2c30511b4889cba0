"""Reading an uploaded spreadsheet: what kind of file it is, its header by a column layout, its
rows and each cell as the admin typed it, with the problems of each row named by column.

No database here. Row numbers are the ones the admin sees in Excel: the header is row 1.
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

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls (and .doc)
_ZIP = b"PK\x03\x04"  # the container of .xlsx (and .docx, .ods, plain archives)
_VALUE_MAX = 200  # the value column of a stored problem


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


@dataclass(frozen=True)
class Layout:
    """The columns of a kind of file: the required ones in the template's order, the optional
    ones after them, and the header names accepted for each (see column_of)."""

    required: tuple[str, ...]
    aliases: dict[str, str]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass
class Sheet:
    """The rows of an opened file: (row number, {column: cell}) for each non-blank data row;
    total is the number of data rows if known beforehand (for the progress bar), else None."""

    rows: Iterator[tuple[int, dict[str, object]]]
    total: int | None


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


def header_key(header: object) -> str:
    """A header cell as compared with the aliases: lower-cased, spaces, dashes, dots and
    slashes as one "_" ("NIP Atasan", "nip-atasan" and "Nip.Atasan" are all nip_atasan)."""
    return re.sub(r"[\s\-./]+", "_", str(header or "").strip().lower()).strip("_")


def column_of(header: object, aliases: dict[str, str]) -> str | None:
    """The column a header cell names (case-insensitive, Indonesian or English), else None."""
    return aliases.get(header_key(header))


def _columns(header: tuple, layout: Layout) -> dict[str, int]:
    """Column name -> index in the row; the first of two cells naming one column wins."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = column_of(cell, layout.aliases)
        if name and name not in found:
            found[name] = index
    missing = [name for name in layout.required if name not in found]
    if missing:
        raise MissingColumns(missing)
    return found


def delimiter_of(first_line: str) -> str:
    """';' or ',' (spreadsheets in Indonesian locales save CSV with ';'): the one the header uses
    more. Header names never contain either, so counting them is enough."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


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
def open_sheet(path: Path, kind: str, layout: Layout) -> Iterator[Sheet]:
    """Open a stored upload of kind ('csv' or 'xlsx') and give its rows; closes it afterwards.

    Raises:
        MissingColumns: the header lacks a required column of layout.
        FileRefused: import_unreadable when the file is damaged or empty.
    """
    if kind == "xlsx":
        with _open_xlsx(path, layout) as sheet:
            yield sheet
    else:
        with open(path, encoding="utf-8-sig", newline="") as text:
            yield _csv_sheet(text, layout)


def _csv_sheet(text: io.TextIOBase, layout: Layout) -> Sheet:
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
    return Sheet(rows=_rows(records, _columns(tuple(header), layout)), total=max(total - 1, 0))


@contextmanager
def _open_xlsx(path: Path, layout: Layout) -> Iterator[Sheet]:
    # A file object, not the path: openpyxl would judge a path by its extension, and stored
    # uploads have random names without one.
    with open(path, "rb") as stream:
        try:
            book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001  (a damaged upload fails openpyxl in many ways)
            raise FileRefused("import_unreadable") from None
        with _closing(book, layout) as sheet:
            yield sheet


@contextmanager
def _closing(book, layout: Layout) -> Iterator[Sheet]:
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
        yield Sheet(rows=_rows(records, _columns(header, layout)), total=total)
    finally:
        book.close()


def shown(value: object) -> str:
    """A cell as the admin typed it, for the report (an Excel date as ISO text)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()[:_VALUE_MAX]


def cell_text(cells: dict[str, object], column: str) -> str:
    """A cell as text with its spaces tidied ('' for an empty or missing cell)."""
    return " ".join(shown(cells.get(column)).split())


def normalise_nip(value: object) -> str | None:
    """The 18-digit NIP in a cell (spaces removed), or None when it is not one.

    An Excel number cell holding the NIP is accepted as a whole number; a fraction is not a NIP.
    """
    if isinstance(value, bool) or isinstance(value, float):
        return None
    text = re.sub(r"\s+", "", str(value))
    return text if re.fullmatch(r"[0-9]{18}", text) else None


@dataclass
class RowProblems:
    """The problems of one row as they are found, each with the cell's value as typed."""

    row_no: int
    cells: dict[str, object]
    problems: list[Problem] = field(default_factory=list)

    def add(self, column: str, key: str, value: str | None = None) -> None:
        self.problems.append(Problem(self.row_no, column, key,
                                     shown(self.cells.get(column)) if value is None else value))
