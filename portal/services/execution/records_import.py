"""Importing service records: an admin's upload is stored, then checked row by row and written.

The job runs on the job queue (services.queue: a worker, or inline with JOBS_IMMEDIATE) so the
import page can show its progress and state. It reads the file a chunk of rows at a time, with one
query per chunk for the NIPs and one for the records already stored, and writes with
INSERT ... ON CONFLICT on (service, officer, received_at): importing a file twice counts each
record once. Mode 'valid_only' commits chunk by chunk (progress and what was written together);
mode 'all' validates the whole file first and then writes everything in one transaction, so it
imports all rows or none.
"""
from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from portal import signals
from portal.extensions import db
from portal.models import Employee, ImportProblem, Service, ServiceImport, ServiceRecord, User
from portal.services.execution import records_parse
from portal.services.clock import as_utc
from portal.services import queue
from portal.services.errors import Invalid
from portal.services.imports import jobs
from portal.services.execution.evidence import display_name
from portal.services.execution.records_parse import FileRefused, MissingColumns, Problem

log = logging.getLogger(__name__)

CHUNK_ROWS = 1000
SPANS_PER_QUERY = 200  # officers per lookup of stored records (see _write)
# Problems that are notes: the row is not refused for them.
NOTES = frozenset({"duplicate_row"})

Progress = Callable[[ServiceImport], None]


@dataclass(frozen=True)
class Record:
    """One valid row, ready to write."""

    service_id: int
    officer_id: int
    received_at: dt.datetime
    completed_at: dt.datetime
    corrections: int


max_bytes, import_dir, stored_path = jobs.max_bytes, jobs.import_dir, jobs.stored_path
max_rows = jobs.max_rows
REQUEST_OVERHEAD, RUNNING = jobs.REQUEST_OVERHEAD, jobs.RUNNING


def max_problems() -> int:
    """The most problems stored per import (IMPORT_MAX_PROBLEMS); the rest are only counted."""
    return int(current_app.config["IMPORT_MAX_PROBLEMS"])


def submit(user: User, filename: str | None, stream: BinaryIO | None, mode: str,
           begin: bool = True) -> ServiceImport:
    """Store an uploaded file, record the import and, if begin, start it (see start()).

    Raises:
        Invalid: import_empty, import_too_large (details: limit), import_too_many_rows
            (details: rows, limit), import_type, import_xls, import_encoding,
            import_unknown_mode.
    """
    if mode not in ServiceImport.MODES:
        raise Invalid("import_unknown_mode")
    data = jobs.read_upload(stream)
    service_import = jobs.save(ServiceImport(uploaded_by_id=user.id, mode=mode,
                                             filename=display_name(filename)), data)
    try:
        jobs.check_row_count(service_import, data, records_parse.LAYOUT)
    except Invalid:
        jobs.discard(service_import)  # refused whole: neither the file nor the import is kept
        raise
    if begin:
        start(service_import)
    return service_import



def start(service_import: ServiceImport):
    """Send the import to the job queue (its BackgroundJob returned)."""
    return queue.enqueue("service_import", service_import.id)


def _give_up(import_id: int) -> None:
    """The queue gave up the import's job (its worker died on each attempt): say so."""
    service_import = db.session.get(ServiceImport, import_id)
    if service_import is not None and service_import.status in RUNNING:
        _finish(service_import, "failed", "import_failed")


def run(import_id: int, progress: Progress | None = None) -> ServiceImport:
    """Check and write the import's rows; progress(import) is called after each chunk commits.

    Ends 'done', 'rejected' (the header lacks a column, the file is unreadable, or mode 'all'
    met a refused row: nothing written; or the file holds more than max_rows() rows: nothing
    written in mode 'all', the rows up to the limit in mode 'valid_only') or 'failed' (an unexpected error, logged; the message
    says how many rows mode 'valid_only' had written already). service_records_imported is
    sent after the last commit when records were inserted or changed (by a failed 'valid_only'
    import too: its committed chunks stay).
    """
    service_import = db.session.get(ServiceImport, import_id)
    touched = Touched(set())
    try:
        _import(service_import, progress or (lambda _import: None), touched)
    except FileRefused as refused:
        db.session.rollback()
        if refused.key == "import_row_limit":
            service_import.total_rows = service_import.processed_rows
        if isinstance(refused, MissingColumns):  # reported as problems of the header, row 1
            _record_problems(service_import, [Problem(1, column, "missing_column")
                                              for column in refused.columns])
        _finish(service_import, "rejected", refused.key)
        return service_import
    except Exception:
        log.exception("service-record import %s failed", import_id)
        db.session.rollback()
        _finish(service_import, "failed", "import_failed")
        if service_import.mode != "valid_only":
            return service_import
    if touched.officer_ids:
        signals.service_records_imported.send(service_import, officer_ids=touched.officer_ids,
                                              start=touched.start, end=touched.end)
    return service_import


_finish = jobs.finish
queue.register("service_import",
               lambda import_id: run(import_id, lambda _import: queue.heartbeat()), _give_up)


@dataclass
class Touched:
    """Whose records an import inserted or changed, and the span of their received_at."""

    officer_ids: set[int]
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def add(self, record: Record) -> None:
        self.officer_ids.add(record.officer_id)
        self.start = min(self.start or record.received_at, record.received_at)
        self.end = max(self.end or record.received_at, record.received_at)


def _import(service_import: ServiceImport, progress: Progress, touched: Touched) -> None:
    path = stored_path(service_import)
    kind = records_parse.file_kind(path.read_bytes())  # a workbook is judged by its zip index
    services = _services_by_key()
    valid_only = service_import.mode == "valid_only"
    _start_afresh(service_import)
    with records_parse.open_sheet(path, kind) as sheet:
        service_import.status = "importing" if valid_only else "validating"
        service_import.total_rows = sheet.total or 0
        db.session.commit()
        for chunk, records, problems in _checked_chunks(sheet, services):
            if service_import.processed_rows + len(chunk) > max_rows():
                raise FileRefused("import_row_limit")
            _record_problems(service_import, problems)
            service_import.processed_rows += len(chunk)
            service_import.valid_rows += len(records)
            service_import.error_rows += len({p.row_no for p in problems
                                              if p.problem not in NOTES})
            if valid_only:
                _write(service_import, records, touched)
            db.session.commit()
            progress(service_import)
    service_import.total_rows = service_import.processed_rows
    if not valid_only:
        if service_import.error_rows:
            _finish(service_import, "rejected", "import_rejected")
            return
        service_import.status = "importing"
        db.session.commit()
        progress(service_import)
        # Second pass, one transaction: the file was fully valid, so all of it or nothing.
        with records_parse.open_sheet(path, kind) as sheet:
            for _chunk, records, _problems in _checked_chunks(sheet, services):
                _write(service_import, records, touched)
    _finish(service_import, "done")


def _start_afresh(service_import: ServiceImport) -> None:
    """Forget the counts and problems of an attempt whose worker died, if any: it runs again
    from the first row (writing is an upsert, so no record is stored twice)."""
    for counter in ("total_rows", "processed_rows", "valid_rows", "error_rows", "inserted_rows",
                    "updated_rows", "unchanged_rows", "problem_count"):
        setattr(service_import, counter, 0)
    db.session.execute(sa.delete(ImportProblem).where(ImportProblem.import_id == service_import.id))


def _services_by_key() -> dict[str, int | None]:
    """Active services by lower-cased code and name; None marks a name two units share."""
    by_key: dict[str, int | None] = {}
    rows = db.session.execute(sa.select(Service.id, Service.code, Service.name)
                              .where(Service.active)).all()
    for service_id, code, name in rows:
        key = name.strip().lower()
        by_key[key] = None if key in by_key and by_key[key] != service_id else service_id
    for service_id, code, _name in rows:  # codes are unique and win over names
        by_key[code.strip().lower()] = service_id
    return by_key


def _checked_chunks(sheet: records_parse.Sheet, services: dict[str, int | None]
                    ) -> Iterator[tuple[list, list[Record], list[Problem]]]:
    """(rows, valid records, problems) per chunk of the sheet; a record repeated in the file
    (same service, officer and received_at) is kept once, its repeats noted."""
    first_row_of: dict[tuple, int] = {}
    while chunk := list(itertools.islice(sheet.rows, CHUNK_ROWS)):
        parsed = [records_parse.parse_row(row_no, cells) for row_no, cells in chunk]
        nips = {row.nip for row in parsed if row.nip}
        officers = dict(db.session.execute(
            sa.select(Employee.nip, Employee.id).where(Employee.nip.in_(nips))).all()
        ) if nips else {}
        records: list[Record] = []
        problems: list[Problem] = []
        for row, (_row_no, cells) in zip(parsed, chunk):
            problems.extend(row.problems)
            service_id = officer_id = None
            if row.service is not None:
                service_id = services.get(row.service.lower())
                if service_id is None:
                    problems.append(Problem(row.row_no, "layanan", "ambiguous_service"
                                            if row.service.lower() in services
                                            else "unknown_service", row.service))
            if row.nip is not None:
                officer_id = officers.get(row.nip)
                if officer_id is None:
                    problems.append(Problem(row.row_no, "nip", "unknown_nip",
                                            records_parse.shown(cells.get("nip"))))
            if row.problems or service_id is None or officer_id is None:
                continue
            key = (service_id, officer_id, row.received)
            if key in first_row_of:
                problems.append(Problem(row.row_no, "", "duplicate_row", str(first_row_of[key])))
                continue
            first_row_of[key] = row.row_no
            records.append(Record(service_id, officer_id, row.received, row.completed,
                                  row.corrections))
        yield chunk, records, problems


def _record_problems(service_import: ServiceImport, problems: list[Problem]) -> None:
    """Count every problem; store them only up to max_problems() (the report says so)."""
    room = max(max_problems() - service_import.problem_count, 0)
    service_import.problem_count += len(problems)
    if not problems or not room:
        return
    db.session.execute(sa.insert(ImportProblem), [
        {"import_id": service_import.id, "row_no": p.row_no, "column": p.column,
         "problem": p.problem, "value": p.value} for p in problems[:room]])


def _write(service_import: ServiceImport, records: list[Record], touched: Touched) -> None:
    """Insert the chunk's records, update those stored with other values, count each kind."""
    if not records:
        return
    # Per officer, the span of received_at the chunk holds: each term is one range scan of the
    # (officer_id, received_at) index, whether the file is sorted by time or by officer.
    # (IN lists per key column made SQLite walk every combination of the three lists.) The terms
    # go in batches: SQLite refuses an expression tree deeper than 1,000.
    spans: dict[int, list[dt.datetime]] = {}
    for r in records:
        span = spans.setdefault(r.officer_id, [r.received_at, r.received_at])
        span[0], span[1] = min(span[0], r.received_at), max(span[1], r.received_at)
    terms = [sa.and_(ServiceRecord.officer_id == officer,
                     ServiceRecord.received_at.between(first, last))
             for officer, (first, last) in spans.items()]
    stored = {}
    for offset in range(0, len(terms), SPANS_PER_QUERY):
        batch = terms[offset:offset + SPANS_PER_QUERY]
        stored.update({
            (service_id, officer_id, as_utc(received)): (as_utc(completed), corrections)
            for service_id, officer_id, received, completed, corrections in db.session.execute(
                sa.select(ServiceRecord.service_id, ServiceRecord.officer_id,
                          ServiceRecord.received_at, ServiceRecord.completed_at,
                          ServiceRecord.corrections).where(sa.or_(*batch)))})
    for record in records:
        before = stored.get((record.service_id, record.officer_id, record.received_at))
        if before is None:
            service_import.inserted_rows += 1
        elif before != (record.completed_at, record.corrections):
            service_import.updated_rows += 1
        else:
            service_import.unchanged_rows += 1
            continue
        touched.add(record)
    insert = (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)
    statement = insert(ServiceRecord)
    new = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=[ServiceRecord.service_id, ServiceRecord.officer_id,
                        ServiceRecord.received_at],
        set_={"completed_at": new.completed_at, "duration_minutes": new.duration_minutes,
              "corrections": new.corrections, "import_id": new.import_id},
        where=sa.or_(ServiceRecord.completed_at != new.completed_at,
                     ServiceRecord.corrections != new.corrections))
    db.session.execute(statement, [
        {"service_id": r.service_id, "officer_id": r.officer_id, "received_at": r.received_at,
         "completed_at": r.completed_at, "corrections": r.corrections,
         "duration_minutes": int((r.completed_at - r.received_at).total_seconds() // 60),
         "import_id": service_import.id} for r in records])


progress_percent = jobs.progress_percent


def problems_stored(import_id: int) -> int:
    """How many of the import's problems are stored (the first max_problems() found)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(ImportProblem)
                             .where(ImportProblem.import_id == import_id))


def duplicate_rows(service_import: ServiceImport) -> int:
    """Rows counted once because an earlier row of the file holds the same record."""
    return max(0, service_import.processed_rows - service_import.valid_rows
               - service_import.error_rows)


def problems_page(import_id: int, page: int, size: int) -> tuple[list[ImportProblem], bool]:
    """One page of the import's problems in file order, and whether more follow."""
    rows = list(db.session.scalars(
        sa.select(ImportProblem).where(ImportProblem.import_id == import_id)
        .order_by(ImportProblem.row_no, ImportProblem.id).limit(size + 1)
        .offset((page - 1) * size)))
    return rows[:size], len(rows) > size


def all_problems(import_id: int) -> Iterator[tuple[int, str, str, str]]:
    """(row, column, value, problem) of every problem of the import in file order."""
    return db.session.execute(
        sa.select(ImportProblem.row_no, ImportProblem.column, ImportProblem.value,
                  ImportProblem.problem)
        .where(ImportProblem.import_id == import_id)
        .order_by(ImportProblem.row_no, ImportProblem.id)
        .execution_options(yield_per=CHUNK_ROWS))


def imports_page(page: int, size: int) -> tuple[list[ServiceImport], bool]:
    """One page of the imports, newest first, with their uploaders (two queries)."""
    rows = list(db.session.scalars(
        sa.select(ServiceImport).options(so.joinedload(ServiceImport.uploaded_by))
        .order_by(ServiceImport.created_at.desc(), ServiceImport.id.desc())
        .limit(size + 1).offset((page - 1) * size)))
    return rows[:size], len(rows) > size


def earlier_same_file(service_import: ServiceImport) -> ServiceImport | None:
    """The latest earlier import of the same content, to tell the admin it was seen before."""
    return db.session.scalar(
        sa.select(ServiceImport)
        .where(ServiceImport.sha256 == service_import.sha256,
               ServiceImport.id < service_import.id)
        .order_by(ServiceImport.id.desc()).limit(1))
