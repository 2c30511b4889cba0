"""Imports of spreadsheets run as jobs: what every import records (ImportJob), and the imports
of the organisation and of the employees with their row-by-row report."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.org import Agency
from portal.models.people import User


class JobTimes:
    """When a background job (services.imports.jobs, run on services.queue) was started, last
    wrote and finished."""

    created_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    finished_at: so.Mapped[dt.datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    # When the job last wrote its progress (each chunk commits); the job queue's BackgroundJob
    # (services.queue) tells whether it is still running.
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ImportJob(JobTimes):
    """The columns every import job has: the upload, its status and its counts of rows.

    The job is validated and written in the background with progress (services.imports.jobs).
    """

    STATUSES = ("queued", "validating", "importing", "done", "rejected", "failed")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    filename: so.Mapped[str] = so.mapped_column(sa.String(255))
    stored_name: so.Mapped[str] = so.mapped_column(sa.String(80))
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="queued")
    total_rows: so.Mapped[int] = so.mapped_column(default=0)
    processed_rows: so.Mapped[int] = so.mapped_column(default=0)
    valid_rows: so.Mapped[int] = so.mapped_column(default=0)
    error_rows: so.Mapped[int] = so.mapped_column(default=0)
    inserted_rows: so.Mapped[int] = so.mapped_column(default=0)
    updated_rows: so.Mapped[int] = so.mapped_column(default=0)
    unchanged_rows: so.Mapped[int] = so.mapped_column(default=0)
    message: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    @so.declared_attr
    def uploaded_by(cls) -> so.Mapped[User]:
        return so.relationship(User)


class PeopleImport(ImportJob, db.Model):
    """One upload of an organisation file (agencies, units, positions) or of an agency's
    employees. A dry run checks every row and reports what would change, writing nothing."""

    __tablename__ = "people_imports"
    KINDS = ("org", "employees")

    kind: so.Mapped[str] = so.mapped_column(sa.String(12))
    # The agency whose employees the file lists (an organisation file names its agencies).
    agency_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("agencies.id"))
    dry_run: so.Mapped[bool] = so.mapped_column(default=True)

    agency: so.Mapped[Agency | None] = so.relationship()


class PeopleImportRow(db.Model):
    """One line of an import's report: a problem of a row's cell, or what the row adds or
    changes (key 'new', or 'changed' with the value before and after)."""

    __tablename__ = "people_import_rows"
    __table_args__ = (sa.Index("ix_people_import_rows_import_row", "import_id", "row_no"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    import_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("people_imports.id", ondelete="CASCADE"))
    row_no: so.Mapped[int]
    column: so.Mapped[str] = so.mapped_column(sa.String(40))
    key: so.Mapped[str] = so.mapped_column(sa.String(40))  # portal.people.labels key
    value: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    before: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
