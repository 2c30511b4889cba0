"""Import jobs (models.ImportJob): the upload checked and stored outside the web root, its
outcome recorded and its file deleted, and its progress. The job runs on the job queue
(portal.services.queue), which records its state and tries it again if its worker dies."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from portal.extensions import db
from portal.models.base import utcnow
from portal.services.errors import Invalid
from portal.services.execution.evidence import store_upload
from portal.services.imports.sheets import FileRefused, Layout, file_kind, open_sheet

# Room for the other fields of the multipart upload above the file itself.
REQUEST_OVERHEAD = 256 * 1024
RUNNING = ("queued", "validating", "importing")


def max_bytes() -> int:
    return int(current_app.config["IMPORT_MAX_BYTES"])


def max_rows() -> int:
    """The most data rows a file may have (IMPORT_MAX_ROWS): a larger one is refused whole."""
    return int(current_app.config["IMPORT_MAX_ROWS"])


def check_row_count(job, data: bytes, layout: Layout) -> None:
    """Refuse at once the job's stored file if it has more data rows than max_rows(), as far as
    they can be counted before the import (a CSV's all, a workbook's recorded dimension); a file
    that cannot be opened is left to the import, which reports why.

    Raises:
        Invalid: import_too_many_rows (details: rows, limit).
    """
    try:
        with open_sheet(stored_path(job), file_kind(data), layout) as sheet:
            total = sheet.total
    except FileRefused:
        return
    if total is not None and total > max_rows():
        raise Invalid("import_too_many_rows", rows=total, limit=max_rows())


def discard(job) -> None:
    """Remove a refused upload: its stored file and its row (committed)."""
    stored_path(job).unlink(missing_ok=True)
    db.session.delete(job)
    db.session.commit()


def import_dir() -> Path:
    return Path(current_app.config.get("IMPORT_DIR")
                or os.path.join(current_app.instance_path, "imports"))


def stored_path(job) -> Path:
    return import_dir() / job.stored_name


def read_upload(stream: BinaryIO | None) -> bytes:
    """The uploaded file's bytes, refused unless a CSV or .xlsx file within the size limit.

    Raises:
        Invalid: import_empty, import_too_large (details: limit), import_type, import_xls,
            import_encoding.
    """
    data = stream.read(max_bytes() + 1) if stream is not None else b""
    if not data:
        raise Invalid("import_empty")
    if len(data) > max_bytes():
        raise Invalid("import_too_large", limit=max_bytes())
    try:
        file_kind(data)
    except FileRefused as refused:
        raise Invalid(refused.key) from None
    return data


def save(job, data: bytes):
    """Store data as the job's file and record the job (committed); nothing stays on disk if
    the commit fails."""
    path = store_upload(import_dir(), data)
    job.stored_name = path.name
    job.sha256 = hashlib.sha256(data).hexdigest()
    db.session.add(job)
    try:
        db.session.commit()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return job


def finish(job, status: str, message: str = "") -> None:
    """Record the outcome and delete the uploaded file, if the job has one: the report lives in
    the database, and a file of NIPs is personal data kept no longer than needed."""
    job.status = status
    job.message = message
    job.finished_at = utcnow()
    db.session.commit()
    if getattr(job, "stored_name", None):
        stored_path(job).unlink(missing_ok=True)


def progress_percent(job) -> int | None:
    """How far the check has gone, 0-100; None while the number of rows is unknown."""
    if job.status in ("done", "rejected"):
        return 100
    if not job.total_rows:
        return None
    return min(100, job.processed_rows * 100 // job.total_rows)
