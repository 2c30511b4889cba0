"""Benchmark: objective indicators, citizen IKM and service-record imports at province scale.

Not part of `make test`. Run on an empty database, e.g.

    DATABASE_URL=sqlite:////tmp/objective.sqlite .venv/bin/python bench/objective.py

On top of province.py's organisation (default 100,000 employees) it names front-line officers
at services, stores a year of service records and survey responses with set-based inserts, binds
three indicators of each officer's SKP to objective sources, and then times, in wall time and SQL
statements: the full and the targeted refresh of computed realisations, the IKM per officer, the
import of a CSV of service records (and its re-import), and the IKM report and catalogue pages.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import random
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal

import sqlalchemy as sa

# Run as a script, bench/ is sys.path[0]: the organisation comes from the province benchmark.
from province import (
    PASSWORD, add_period, advance_sequences, build, prepare_database, timed_pages,
)

from portal import create_app, signals
from portal.extensions import db
from portal.models import (
    Assessment, Employee, Indicator, Position, Rhk, RoleGrant, Service, ServiceOfficer,
    ServiceRecord, SurveyResponse, Unit, User,
)
from portal.services.execution import records_import
from portal.services.execution.execution import evaluation_window
from portal.services.feedback.ikm import ikm_by
from portal.services.execution.indicators import refresh_period
from portal.services.planning.periods import open_period

STANDARDS = (30, 60, 120, 240, 1440, None)  # minutes; some services have no standard
ADMIN_LOGIN = "admin@bench"


def insert_with_nulls(model) -> sa.Insert:
    """A bulk INSERT that sends None values as NULL: else every run of rows with None in other
    columns becomes its own statement."""
    return sa.insert(model).execution_options(render_nulls=True)


@contextmanager
def measured(label: str):
    """Print the wall time and SQL statements of the block (executemany counts once)."""
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        sa.event.remove(db.engine, "before_cursor_execute", count)
        print(f"  {label:<58} {elapsed * 1000:10.1f} ms, {len(statements):5d} SQL statements")


def timed(label: str, step: Callable[[], object]) -> None:
    """Run step once inside measured(label), then print what it returned."""
    with measured(label):
        result = step()
    print(f"    -> {result}")


def add_services(services: int, officers: int) -> list[tuple[int, int, int | None]]:
    """Services at the agencies' head units, each with its share of officers from its agency.

    Returns (employee id, service id, standard minutes) per officer.
    """
    roots = db.session.execute(sa.select(Unit.id, Unit.agency_id).where(Unit.parent_id.is_(None))
                               .order_by(Unit.agency_id)).all()
    rows = [dict(id=s + 1, unit_id=roots[s % len(roots)].id, code=f"L{s + 1:04d}",
                 name=f"Layanan {s + 1}", standard_minutes=STANDARDS[s % len(STANDARDS)],
                 active=True) for s in range(services)]
    db.session.execute(sa.insert(Service), rows)
    advance_sequences(Service)
    staff: dict[int, list[int]] = {}
    pelaksana = (sa.select(Employee.id, Unit.agency_id)
                 .join(Position, Employee.position_id == Position.id)
                 .join(Unit, Position.unit_id == Unit.id).where(Position.title == "Pelaksana")
                 .order_by(Employee.id))
    for employee_id, agency_id in db.session.execute(pelaksana):
        staff.setdefault(agency_id, []).append(employee_id)
    serving = []
    for k in range(officers):
        service = rows[k % services]
        agency = roots[k % services % len(roots)].agency_id
        serving.append((staff[agency].pop(), service["id"], service["standard_minutes"]))
    db.session.execute(sa.insert(ServiceOfficer), [
        dict(service_id=service_id, employee_id=employee_id, code=f"P{k + 1:06d}")
        for k, (employee_id, service_id, _standard) in enumerate(serving)])
    db.session.commit()
    return serving


def duration(rng: random.Random, standard: int | None) -> int:
    """Minutes a service took: log-normal around 70% of its standard (2 hours without one)."""
    return max(1, int(rng.lognormvariate(math.log((standard or 120) * 0.7), 0.6)))


def add_records(serving: list, records: int, year: tuple[dt.datetime, dt.datetime],
                rng: random.Random, batch: int = 50_000) -> int:
    """records service records spread evenly over the year, at :30 seconds (imports use :00)."""
    start, end = year
    per_officer = records // len(serving)
    spacing = (end - start) / per_officer
    rows = []
    for employee_id, service_id, standard in serving:
        for j in range(per_officer):
            received = (start + spacing * j + dt.timedelta(minutes=rng.randrange(
                int(spacing.total_seconds() // 120)))).replace(second=30, microsecond=0)
            minutes = duration(rng, standard)
            rows.append(dict(service_id=service_id, officer_id=employee_id, received_at=received,
                             completed_at=received + dt.timedelta(minutes=minutes),
                             duration_minutes=minutes,
                             corrections=0 if rng.random() < 0.9 else rng.randint(1, 3)))
            if len(rows) == batch:
                db.session.execute(sa.insert(ServiceRecord), rows)
                rows.clear()
    if rows:
        db.session.execute(sa.insert(ServiceRecord), rows)
    db.session.commit()
    return per_officer * len(serving)


def answer(rng: random.Random) -> int | None:
    return None if rng.random() < 0.02 else rng.choices((1, 2, 3, 4), (3, 10, 50, 37))[0]


def add_responses(serving: list, responses: int, year: tuple[dt.datetime, dt.datetime],
                  rng: random.Random, batch: int = 50_000) -> None:
    """Survey responses over the year; four in five name an officer of the service."""
    start, end = year
    officers_of: dict[int, list[int]] = {}
    for employee_id, service_id, _standard in serving:
        officers_of.setdefault(service_id, []).append(employee_id)
    services = list(officers_of)
    seconds = int((end - start).total_seconds())
    rows = []
    for i in range(responses):
        service_id = rng.choice(services)
        rows.append(dict(
            service_id=service_id,
            officer_id=rng.choice(officers_of[service_id]) if rng.random() < 0.8 else None,
            submitted_at=start + dt.timedelta(seconds=rng.randrange(seconds)),
            comment="Pelayanan cepat dan ramah." if rng.random() < 0.1 else None,
            client_key=f"{rng.getrandbits(128):032x}", form_token=f"bench-{i}",
            **{name: answer(rng) for name in SurveyResponse.ELEMENTS}))
        if len(rows) == batch:
            db.session.execute(insert_with_nulls(SurveyResponse), rows)
            rows.clear()
    if rows:
        db.session.execute(insert_with_nulls(SurveyResponse), rows)
    db.session.commit()


def bind_indicators(period_id: int, serving: list) -> int:
    """One RHK with three objective indicators on each officer's SKP, targets approved.

    Every source and query path is used: average time and accuracy for all; the third cycles
    through the officer's IKM, the officer's IKM at their service, the service's IKM and the
    share within the service standard.
    """
    officers = sa.select(ServiceOfficer.employee_id)
    theirs = sa.and_(Assessment.period_id == period_id, Assessment.employee_id.in_(officers))
    assessments = dict(db.session.execute(
        sa.select(Assessment.employee_id, Assessment.id).where(theirs)).all())
    db.session.execute(sa.insert(Rhk), [
        dict(assessment_id=assessments[employee_id], kind="utama",
             text="Terselenggaranya pelayanan administrasi kependudukan yang cepat dan akurat")
        for employee_id, _service, _standard in serving])
    rhk_of = dict(db.session.execute(
        sa.select(Rhk.assessment_id, Rhk.id).join(Assessment).where(theirs)).all())
    third = (("ikm_officer", False, 80), ("ikm_officer", True, 80), ("ikm_service", True, 82),
             ("records_within_standard", False, 90))
    rows = []
    for k, (employee_id, service_id, standard) in enumerate(serving):
        rhk_id = rhk_of[assessments[employee_id]]
        hours = Decimal((standard or 120) / 60 * 0.9).quantize(Decimal("0.01"))
        source, at_service, target = third[k % len(third)]
        rows += [
            dict(rhk_id=rhk_id, aspect="waktu", text="Rata-rata waktu penyelesaian layanan",
                 target_value=hours, target_unit="jam", lower_is_better=True,
                 data_source="records_avg_hours", source_service_id=None),
            dict(rhk_id=rhk_id, aspect="kualitas", text="Persentase data tanpa koreksi",
                 target_value=Decimal(95), target_unit="%", lower_is_better=False,
                 data_source="records_accuracy", source_service_id=None),
            dict(rhk_id=rhk_id, aspect="kualitas", text="Kepuasan masyarakat / ketepatan waktu",
                 target_value=Decimal(target),
                 target_unit="%" if source.startswith("records") else "nilai IKM",
                 lower_is_better=False, data_source=source,
                 source_service_id=service_id if at_service else None),
        ]
    db.session.execute(insert_with_nulls(Indicator), rows)
    db.session.execute(sa.update(Assessment).where(theirs).values(state="targets_approved")
                       .execution_options(synchronize_session=False))
    db.session.commit()
    return len(rows)


def add_admin() -> None:
    admin = User(email=ADMIN_LOGIN, display_name="Admin BKD", password_hash="")
    admin.set_password(PASSWORD)
    db.session.add(admin)
    db.session.flush()
    db.session.add(RoleGrant(user_id=admin.id, role="admin", agency_id=None))
    db.session.commit()


def import_csv(serving: list, rows: int, rng: random.Random) -> bytes:
    """A CSV of rows new service records of 2026 in time order, as a unit's system exports them;
    on whole minutes of Jambi local time, so none is already stored (see add_records)."""
    codes = dict(db.session.execute(sa.select(Service.id, Service.code)).all())
    nips = dict(db.session.execute(sa.select(Employee.id, Employee.nip).where(
        Employee.id.in_(sa.select(ServiceOfficer.employee_id)))).all())
    first = dt.datetime(2026, 1, 1, 7, 30)
    per_officer = -(-rows // len(serving))
    spacing = dt.timedelta(days=360) / per_officer
    jitter = int(spacing.total_seconds() // 120)  # minutes: at most half the spacing
    lines = sorted(
        ((first + spacing * j + dt.timedelta(minutes=rng.randrange(jitter))).replace(
            second=0, microsecond=0), employee_id, service_id, standard)
        for j in range(per_officer) for employee_id, service_id, standard in serving)[:rows]
    out = io.StringIO()
    out.write("layanan,nip,diterima,selesai,koreksi\n")
    for received, employee_id, service_id, standard in lines:
        completed = received + dt.timedelta(minutes=duration(rng, standard))
        out.write(f"{codes[service_id]},{nips[employee_id]},{received:%Y-%m-%d %H:%M},"
                  f"{completed:%Y-%m-%d %H:%M},{0 if rng.random() < 0.9 else 1}\n")
    return out.getvalue().encode()


def run_import(admin: User, data: bytes) -> str:
    """The upload route's service call, with the import run inline (JOBS_IMMEDIATE)."""
    done = records_import.submit(admin, "catatan-layanan.csv", io.BytesIO(data), "all")
    return (f"{done.status}: {done.inserted_rows} inserted, {done.updated_rows} updated, "
            f"{done.unchanged_rows} unchanged, {done.error_rows} refused")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--officers", type=int, default=5_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2026)
    app = create_app({"JOBS_IMMEDIATE": True})
    with app.app_context(), tempfile.TemporaryDirectory() as imports:
        app.config.update(IMPORT_DIR=imports)
        prepare_database()
        print("building:")
        with measured(f"organisation of {args.employees} employees"):
            build(args.employees, args.agencies)
        period = add_period()
        with measured("open_period"):
            open_period(period)
        year = evaluation_window(period, 0)
        with measured(f"{args.services} services, {args.officers} officers"):
            serving = add_services(args.services, args.officers)
        with measured(f"{args.records} service records"):
            stored = add_records(serving, args.records, year, rng)
        with measured(f"{args.responses} survey responses"):
            add_responses(serving, args.responses, year, rng)
        with measured(f"{len(serving)} assessments with 3 bound indicators each"):
            indicators = bind_indicators(period.id, serving)
        add_admin()
        print(f"  ({stored} records, {indicators} bound indicators, "
              f"{len(period.evaluation_periods)} evaluation periods + the year)")

        print("refreshing computed realisations:")
        timed("(1) refresh_period, full, first time", lambda: refresh_period(period))
        timed("(1) refresh_period, full, nothing changed", lambda: refresh_period(period))
        officer, service_id, _standard = serving[1]  # bound to its service's IKM too (k % 4)
        timed("(2) refresh_period, one officer and one service",
              lambda: refresh_period(period, officer_ids={officer}, service_ids={service_id}))
        response = SurveyResponse(
            service_id=service_id, officer_id=officer, client_key="bench", form_token="bench-one",
            submitted_at=dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.timezone.utc),
            **{name: 4 for name in SurveyResponse.ELEMENTS})
        db.session.add(response)
        db.session.commit()
        timed("(2) survey_submitted listeners after one answer",
              lambda: f"{len(signals.survey_submitted.send(response))} listener(s)")

        print("IKM per officer over the year:")
        timed("(3) ikm_by('officer'), every officer", lambda: len(ikm_by("officer", *year)))
        timed("(3) ikm_by('officer'), one officer",
              lambda: ikm_by("officer", *year, [officer])[officer].converted)

        print(f"importing a CSV of {args.import_rows} service records (mode 'all'):")
        data = import_csv(serving, args.import_rows, rng)
        admin = db.session.scalar(sa.select(User).where(User.email == ADMIN_LOGIN))
        timed("(4) first import (with the indicator refresh it triggers)",
              lambda: run_import(admin, data))
        timed("(4) the same file again", lambda: run_import(admin, data))

        print(f"(5) pages as the admin (median of {args.repeat}):")
        timed_pages(app, ADMIN_LOGIN, ["/catalogue/ikm", "/catalogue/"], args.repeat)


if __name__ == "__main__":
    main()
