"""CSV downloads of reports and templates, safe to open in Excel."""
from __future__ import annotations

import csv
import io
import re

from flask import current_app

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
