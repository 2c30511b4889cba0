"""Reading a file of service records: what kind of file it is, its header, its rows and each
cell's value, with the problems of each row named by column.

No database here: the import service (records_import) looks the services and NIPs up, a chunk of
rows at a time. Row numbers are the ones the admin sees in Excel: the header is row 1.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from portal.services.clock import JAMBI
from portal.services.imports import sheets
from portal.services.imports.sheets import (  # noqa: F401  (the names this module always offered)
    FileRefused, Layout, MissingColumns, Problem, Sheet, delimiter_of, file_kind, normalise_nip,
    shown,
)

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


LAYOUT = Layout(COLUMNS, ALIASES)


def column_of(header: object) -> str | None:
    """The column a header cell names (case-insensitive, Indonesian or English), else None."""
    return sheets.column_of(header, ALIASES)


def open_sheet(path: Path, kind: str):
    """Open a stored upload of service records (see sheets.open_sheet)."""
    return sheets.open_sheet(path, kind, LAYOUT)


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
