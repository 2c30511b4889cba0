"""Importing the organisation (agencies, units, positions and their reporting lines) and an
agency's employees from CSV or Excel, as a job on the queue with progress (services.imports.jobs,
services.queue).

Every row is read and checked first (status 'validating', a chunk of rows at a time); then the
whole file is planned against the database: what each row adds, changes or leaves as it is,
and the problems that need the other rows (a supervisor further down the file, a NIP twice).
A dry run stores that report and writes nothing. An import writes the rows without problems
(status 'importing', committing chunk by chunk) and stores the same report. Writing is an
upsert by the file's keys (agency code, unit path, post; the NIP), so the same file twice
changes nothing the second time.
"""
from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Agency, PeopleImport, PeopleImportRow, User
from portal.models.base import utcnow
from portal.services import queue
from portal.services.errors import Invalid, NotNow
from portal.services.execution.evidence import display_name
from portal.services.imports import jobs, sheets
from portal.rules.reference import jabatan_kind
from portal.services.imports.sheets import (
    FileRefused, Layout, MissingColumns, Problem, RowProblems, cell_text,
)

log = logging.getLogger(__name__)

CHUNK_ROWS = 1000
# Report lines that say what a row does rather than what is wrong with it.
OUTCOMES = frozenset({"new", "changed", "reactivated", "account_created"})
# A dry run's file is kept for the import that may follow it, this long at most.
KEEP_DRY_RUN_FILE = dt.timedelta(days=1)

Progress = Callable[[PeopleImport], None]


@dataclass(frozen=True)
class Line:
    """What the report says of one row's cell: a change (key 'new', 'changed'...) or a problem."""

    row_no: int
    column: str
    key: str
    value: str = ""
    before: str = ""


@dataclass
class Plan:
    """What importing the checked rows would do: problems found across rows, the report's lines
    of what changes, each accepted row's outcome ('new', 'changed', 'unchanged'), and the
    writes as a generator of the outcomes of each committed chunk."""

    problems: list[Problem] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    outcomes: dict[int, str] = field(default_factory=dict)
    write: Callable[[], Iterator[Counter]] | None = None


class ParsedRow(Protocol):
    row_no: int
    problems: list[Problem]


class FileKind(Protocol):
    """An organisation or employee file: its columns, one row's check, the whole file's plan."""

    LAYOUT: Layout

    def parse(self, row_no: int, cells: dict) -> ParsedRow: ...

    def plan(self, rows: list, job: PeopleImport) -> Plan: ...


def read_jabatan(found: RowProblems) -> tuple[str, str | None] | None:
    """The (jenis jabatan, jenjang) of a row's two cells, both files alike; None with the
    problem noted on its column."""
    jenis = cell_text(found.cells, "jenis_jabatan")
    kind = jabatan_kind(jenis, cell_text(found.cells, "jenjang"))
    if not jenis:
        found.add("jenis_jabatan", "required")
    elif isinstance(kind, str):
        found.add("jenis_jabatan" if kind == "unknown_jenis_jabatan" else "jenjang", kind)
    else:
        return kind
    return None


def _kinds() -> dict[str, FileKind]:
    from portal.services.people import employee_file, org_file
    return {"org": org_file, "employees": employee_file}


def layout_of(kind: str) -> Layout:
    return _kinds()[kind].LAYOUT


def submit(user: User, kind: str, filename: str | None, stream: BinaryIO | None, *,
           agency_id: int | None = None, dry_run: bool = True,
           begin: bool = True) -> PeopleImport:
    """Store an uploaded file, record the import and, if begin, start it.

    Raises:
        Invalid: import_unknown_kind, import_agency_required (an employee file names no
            agency), import_empty, import_too_large (details: limit), import_too_many_rows
            (details: rows, limit), import_type, import_xls, import_encoding.
    """
    if kind not in PeopleImport.KINDS:
        raise Invalid("import_unknown_kind")
    if kind == "employees" and (agency_id is None or db.session.get(Agency, agency_id) is None):
        raise Invalid("import_agency_required")
    data = jobs.read_upload(stream)
    _forget_old_dry_runs()
    job = jobs.save(PeopleImport(uploaded_by_id=user.id, kind=kind, dry_run=dry_run,
                                 agency_id=agency_id if kind == "employees" else None,
                                 filename=display_name(filename)), data)
    try:
        jobs.check_row_count(job, data, layout_of(kind))
    except Invalid:
        jobs.discard(job)  # refused whole: neither the file nor the import is kept
        raise
    if begin:
        start(job)
    return job



def import_checked(dry_run: PeopleImport, user: User, begin: bool = True) -> PeopleImport:
    """Import the file a finished dry run checked (its stored file passes to the new import).

    Raises:
        NotNow: import_not_dry_run, import_file_gone (the file is no longer kept: upload it
            again).
    """
    if not dry_run.dry_run or dry_run.status != "done":
        raise NotNow("import_not_dry_run")
    if not dry_run.stored_name or not jobs.stored_path(dry_run).exists():
        raise NotNow("import_file_gone")
    job = PeopleImport(uploaded_by_id=user.id, kind=dry_run.kind, dry_run=False,
                       agency_id=dry_run.agency_id, filename=dry_run.filename,
                       stored_name=dry_run.stored_name, sha256=dry_run.sha256)
    dry_run.stored_name = ""
    db.session.add(job)
    db.session.commit()
    if begin:
        start(job)
    return job


def _forget_old_dry_runs() -> None:
    """Delete the files of dry runs nobody imported within KEEP_DRY_RUN_FILE."""
    old = db.session.scalars(sa.select(PeopleImport).where(
        PeopleImport.dry_run, PeopleImport.stored_name != "",
        PeopleImport.finished_at < utcnow() - KEEP_DRY_RUN_FILE)).all()
    for job in old:
        jobs.stored_path(job).unlink(missing_ok=True)
        job.stored_name = ""


def start(job: PeopleImport):
    """Send the import to the job queue (its BackgroundJob returned)."""
    return queue.enqueue("people_import", job.id)


def _give_up(import_id: int) -> None:
    """The queue gave up the import's job (its worker died on each attempt): say so."""
    job = db.session.get(PeopleImport, import_id)
    if job is not None and job.status in jobs.RUNNING:
        jobs.finish(job, "failed", "import_failed")


queue.register("people_import", lambda import_id: run(import_id, lambda _job: queue.heartbeat()),
               _give_up)


def _finish(job: PeopleImport, status: str, message: str = "") -> None:
    """As jobs.finish, but a finished dry run keeps its file for the import that may follow."""
    if job.dry_run and status == "done":
        job.status, job.message, job.finished_at = status, message, utcnow()
        db.session.commit()
    else:
        jobs.finish(job, status, message)


def run(import_id: int, progress: Progress | None = None) -> PeopleImport:
    """Check the file, plan it and, unless a dry run, write it; progress(job) after each commit.

    Ends 'done', 'rejected' (the header lacks a column or the file is unreadable: nothing
    written) or 'failed' (an unexpected error, logged; the chunks committed before it stay,
    and importing the same file again completes them).
    """
    job = db.session.get(PeopleImport, import_id)
    progress = progress or (lambda _job: None)
    try:
        _import(job, _kinds()[job.kind], progress)
    except FileRefused as refused:
        db.session.rollback()
        if isinstance(refused, MissingColumns):  # reported as problems of the header, row 1
            _record(job, [Line(1, column, "missing_column") for column in refused.columns])
        _finish(job, "rejected", refused.key)
    except Exception:
        log.exception("%s import %s failed", job.kind, import_id)
        db.session.rollback()
        _finish(job, "failed", "import_failed")
    return job


def _import(job: PeopleImport, kind: FileKind, progress: Progress) -> None:
    path = jobs.stored_path(job)
    file_kind = sheets.file_kind(path.read_bytes())
    rows = []
    _start_afresh(job)
    with sheets.open_sheet(path, file_kind, kind.LAYOUT) as sheet:
        job.status = "validating"
        job.total_rows = sheet.total or 0
        db.session.commit()
        while chunk := list(itertools.islice(sheet.rows, CHUNK_ROWS)):
            parsed = [kind.parse(row_no, cells) for row_no, cells in chunk]
            rows.extend(parsed)
            _record(job, [_line(p) for row in parsed for p in row.problems])
            job.processed_rows += len(chunk)
            db.session.commit()
            progress(job)
    job.total_rows = job.processed_rows
    plan = kind.plan(rows, job)
    _record(job, [_line(p) for p in plan.problems] + plan.lines)
    refused = {row.row_no for row in rows if row.problems} | {p.row_no for p in plan.problems}
    job.error_rows = len(refused)
    job.valid_rows = job.processed_rows - job.error_rows
    if job.dry_run:
        counts = Counter(plan.outcomes.values())
        job.inserted_rows, job.updated_rows = counts["new"], counts["changed"]
        job.unchanged_rows = counts["unchanged"]
    else:
        job.status = "importing"
        db.session.commit()
        progress(job)
        for counts in plan.write():
            job.inserted_rows += counts["new"]
            job.updated_rows += counts["changed"]
            job.unchanged_rows += counts["unchanged"]
            db.session.commit()
            progress(job)
    _finish(job, "done")


def _start_afresh(job: PeopleImport) -> None:
    """Forget the counts and report of an attempt whose worker died, if any: it runs again from
    the first row (writing is an upsert, so what it wrote is not written twice)."""
    for counter in ("total_rows", "processed_rows", "valid_rows", "error_rows",
                    "inserted_rows", "updated_rows", "unchanged_rows"):
        setattr(job, counter, 0)
    db.session.execute(sa.delete(PeopleImportRow).where(PeopleImportRow.import_id == job.id))


def _line(problem: Problem) -> Line:
    return Line(problem.row_no, problem.column, problem.problem, problem.value)


def _record(job: PeopleImport, lines: list[Line]) -> None:
    if lines:
        db.session.execute(sa.insert(PeopleImportRow), [
            {"import_id": job.id, "row_no": line.row_no, "column": line.column,
             "key": line.key, "value": line.value[:200], "before": line.before[:200]}
            for line in lines])


def progress_percent(job: PeopleImport) -> int | None:
    """How far the job has gone: rows checked while validating, rows written while importing."""
    if job.status == "importing":
        written = job.inserted_rows + job.updated_rows + job.unchanged_rows
        return min(100, written * 100 // job.valid_rows) if job.valid_rows else None
    return jobs.progress_percent(job)


def report_page(import_id: int, page: int, size: int, problems_only: bool = False
                ) -> tuple[list[PeopleImportRow], bool]:
    """One page of the import's report in file order, and whether more follow."""
    statement = sa.select(PeopleImportRow).where(PeopleImportRow.import_id == import_id)
    if problems_only:
        statement = statement.where(PeopleImportRow.key.not_in(OUTCOMES))
    rows = list(db.session.scalars(
        statement.order_by(PeopleImportRow.row_no, PeopleImportRow.id)
        .limit(size + 1).offset((page - 1) * size)))
    return rows[:size], len(rows) > size


def whole_report(import_id: int) -> Iterator[tuple[int, str, str, str, str]]:
    """(row, column, before, value, key) of every report line in file order."""
    return db.session.execute(
        sa.select(PeopleImportRow.row_no, PeopleImportRow.column, PeopleImportRow.before,
                  PeopleImportRow.value, PeopleImportRow.key)
        .where(PeopleImportRow.import_id == import_id)
        .order_by(PeopleImportRow.row_no, PeopleImportRow.id)
        .execution_options(yield_per=CHUNK_ROWS))


def imports_page(page: int, size: int) -> tuple[list[PeopleImport], bool]:
    """One page of the imports, newest first, with uploader and agency (one query)."""
    rows = list(db.session.scalars(
        sa.select(PeopleImport).options(so.joinedload(PeopleImport.uploaded_by),
                                        so.joinedload(PeopleImport.agency))
        .order_by(PeopleImport.created_at.desc(), PeopleImport.id.desc())
        .limit(size + 1).offset((page - 1) * size)))
    return rows[:size], len(rows) > size
