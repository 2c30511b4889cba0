"""Public services: the catalogue of services units give citizens, the citizen-satisfaction
survey (SKM) answers about them, and the service records imported from the units' systems.

These are the objective data sources an indicator can be bound to (see Indicator.data_source).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.imports import ImportJob
from portal.models.org import Unit
from portal.models.people import Employee


class Service(db.Model):
    """A service a unit gives the public (e.g. KTP-el at Dinas Dukcapil), with its short code."""

    __tablename__ = "services"
    __table_args__ = (sa.UniqueConstraint("unit_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    unit_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("units.id"), index=True)
    # The short, unguessable code of the survey link /s/<code> printed as a QR code.
    code: so.Mapped[str] = so.mapped_column(sa.String(12), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    # The service standard (standar pelayanan) for completion, in minutes; None if not set.
    standard_minutes: so.Mapped[int | None]
    active: so.Mapped[bool] = so.mapped_column(default=True)

    unit: so.Mapped[Unit] = so.relationship()
    officers: so.Mapped[list[ServiceOfficer]] = so.relationship(
        back_populates="service", cascade="all, delete-orphan")


class ServiceOfficer(db.Model):
    """An officer who serves at a service's counter; code names them in the survey link."""

    __tablename__ = "service_officers"
    __table_args__ = (sa.UniqueConstraint("service_id", "employee_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    service_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("services.id", ondelete="CASCADE"))
    employee_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"), index=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(12), unique=True)

    service: so.Mapped[Service] = so.relationship(back_populates="officers")
    employee: so.Mapped[Employee] = so.relationship()


class SurveyResponse(db.Model):
    """One citizen's answers to the nine SKM elements (u1..u9, 1-4) about one service.

    Responses are never edited (an update raises); comments are plain text. client_key is a keyed
    hash of the client's address, never the address itself; form_token holds the nonce of the
    signed form token, unique so a form submitted twice is stored once. The respondent profile
    (age_band, sex, education, occupation: codes of portal.rules.ikm.PROFILE, each optional) is
    for the IKM by group of respondents only.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (
        sa.Index("ix_survey_responses_service_at", "service_id", "submitted_at"),
        sa.Index("ix_survey_responses_officer_at", "officer_id", "submitted_at"),
        sa.Index("ix_survey_responses_client_at", "client_key", "submitted_at"),
        sa.Index("ix_survey_responses_repeat_key", "repeat_key", unique=True),
    )
    ELEMENTS = tuple(f"u{n}" for n in range(1, 10))
    PROFILE = ("age_band", "sex", "education", "occupation")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    service_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("services.id"))
    officer_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("employees.id"))
    submitted_at: so.Mapped[dt.datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow)
    u1: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u2: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u3: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u4: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u5: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u6: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u7: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u8: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    u9: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    comment: so.Mapped[str | None] = so.mapped_column(sa.Text)
    age_band: so.Mapped[str | None] = so.mapped_column(sa.String(12))
    sex: so.Mapped[str | None] = so.mapped_column(sa.String(12))
    education: so.Mapped[str | None] = so.mapped_column(sa.String(12))
    occupation: so.Mapped[str | None] = so.mapped_column(sa.String(12))
    client_key: so.Mapped[str] = so.mapped_column(sa.String(64))
    form_token: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # A keyed hash of the client, the service and officer, the answers and the DUPLICATE_WINDOW
    # the response came in (portal.services.feedback.surveys.repeat_key), unique: of two
    # identical answers sent at once from one address, the database stores one (None: older).
    repeat_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))

    service: so.Mapped[Service] = so.relationship()
    officer: so.Mapped[Employee | None] = so.relationship()


@sa.event.listens_for(SurveyResponse, "before_update")
def _responses_are_final(_mapper, _connection, _target):
    """A citizen's answer is evidence about someone's career: nobody may change it afterwards."""
    raise ValueError("survey responses are never edited")


class ServiceRecord(db.Model):
    """One service delivered: who served, when it was received and completed, and how many data
    corrections it needed. (service, officer, received_at) identifies it, so a file imported
    twice counts each record once."""

    __tablename__ = "service_records"
    __table_args__ = (
        sa.UniqueConstraint("service_id", "officer_id", "received_at"),
        sa.Index("ix_service_records_officer_received", "officer_id", "received_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    service_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("services.id"))
    officer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("employees.id"))
    received_at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True))
    completed_at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True))
    # completed_at - received_at, kept so averages and the service standard need no date maths
    # in SQL (which differs between SQLite and PostgreSQL).
    duration_minutes: so.Mapped[int]
    corrections: so.Mapped[int] = so.mapped_column(default=0)
    import_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("service_imports.id", ondelete="SET NULL"))


class ServiceImport(ImportJob, db.Model):
    """One upload of service records, validated and imported in the background with progress.

    mode 'all' imports only if every row is valid; 'valid_only' imports the valid rows.
    """

    __tablename__ = "service_imports"
    MODES = ("all", "valid_only")

    mode: so.Mapped[str] = so.mapped_column(sa.String(12))
    # Every problem found, although only the first IMPORT_MAX_PROBLEMS are stored.
    problem_count: so.Mapped[int] = so.mapped_column(default=0, server_default="0")

    problems: so.Mapped[list[ImportProblem]] = so.relationship(
        order_by="ImportProblem.row_no", cascade="all, delete-orphan")


class ImportProblem(db.Model):
    """Why one row of an import was refused: its row number, the column and a message key."""

    __tablename__ = "import_problems"
    # The report pages list an import's problems in row order, tens of thousands for a bad file.
    __table_args__ = (sa.Index("ix_import_problems_import_row", "import_id", "row_no"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    import_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("service_imports.id", ondelete="CASCADE"))
    row_no: so.Mapped[int]
    column: so.Mapped[str] = so.mapped_column(sa.String(40))
    problem: so.Mapped[str] = so.mapped_column(sa.String(40))  # portal.records.labels key
    value: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
