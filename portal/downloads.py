"""Downloads safe to open in Excel: CSV reports and templates, and .xlsx exports of lists
written row by row (openpyxl's write-only mode) so that no list sits in memory whole."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from dataclasses import dataclass

from flask import current_app
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.extensions import db
from portal.services import clock

_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"-?[0-9]+([.,][0-9]+)?")


def inert(cell):
    """A cell Excel will not run: a report repeats what an uploaded file held, and a value
    such as =HYPERLINK(...) would otherwise become a live formula on the admin's computer."""
    if isinstance(cell, str) and _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_response(rows, filename: str):
    """rows (lists) as a CSV download, UTF-8 with a BOM so that Excel reads it as UTF-8.

    Built in memory: a report is bounded by the size of the upload (IMPORT_MAX_BYTES).
    """
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows([inert(cell) for cell in row] for row in rows)
    response = current_app.response_class(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- .xlsx exports of lists ----------------------------------------------------------------------

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How a date reads in Jambi (the cell stays a real Excel date: it sorts and filters as one).
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Rows fetched from the database at a time (yield_per; a server-side cursor on PostgreSQL).
FETCH_ROWS = 1000
_XLSX_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (a lazy text, translated when written) and width."""

    header: object
    width: int = 18


def streamed(statement):
    """The rows of statement fetched FETCH_ROWS at a time, never all at once (for xlsx_rows)."""
    return db.session.execute(statement.execution_options(yield_per=FETCH_ROWS))


def _cell(sheet, value, bold: Font | None = None):
    """value as the cell Excel should read: dates as dates (shown the Indonesian way, in Jambi's
    time for a moment), numbers as numbers, text as text even when it starts with '='."""
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the moment as read in Jambi (stored ones are UTC).
        value = clock.local(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("=") or bold:
            # Written as a formula otherwise: a name typed as "=HYPERLINK(...)" stays text.
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            if bold:
                cell.font = bold
            return cell
    return value  # None, numbers (int, Decimal, float) and plain text need no cell object


def write_xlsx(target, columns: list[Column], rows, title: str) -> int:
    """Write the header and rows (an iterable of sequences, consumed once) to target, a path or
    binary file, as one sheet of a write-only workbook: each row goes to disk as it comes, so
    memory does not grow with the rows. Returns the number of rows written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])  # Excel's limit on a sheet name
    sheet.freeze_panes = "A2"
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    bold = Font(bold=True)
    sheet.append([_cell(sheet, str(column.header), bold) for column in columns])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    book.save(target)
    return count


def xlsx_response(columns: list[Column], rows, filename: str, title: str):
    """rows as an .xlsx download: the workbook is written to an anonymous temporary file (gone
    from the disk as soon as it is closed) while the rows stream in, then sent in chunks."""
    # Not a `with` block: the response closes it once sent (or when the client goes away).
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        write_xlsx(spool, columns, rows, title)
        size = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise

    def chunks():
        with spool:
            while block := spool.read(_XLSX_CHUNK):
                yield block

    response = current_app.response_class(chunks(), mimetype=XLSX_MIMETYPE,
                                          direct_passthrough=True)
    response.content_length = size
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename)  # codes and names may hold anything
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.call_on_close(spool.close)  # a client gone before the end leaves no file open
    return response
