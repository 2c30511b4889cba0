"""Benchmark: a whole province (default 100,000 employees) opening a period and its busiest pages.

Not part of `make test`. Run on an empty database, e.g.

    DATABASE_URL=sqlite:////tmp/province.sqlite .venv/bin/python bench/province.py --employees 100000

It builds agencies, a position tree and employees with set-based inserts, opens a period (which
creates every assessment in one INSERT), then times the pages people open at deadline time as a
supervisor, a committee member and an admin: wall time per request and SQL statements per request.
"""
from __future__ import annotations

import argparse
import contextvars
import datetime as dt
import statistics
import time

import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db
from portal.models import Agency, Assessment, Employee, Period, Position, RoleGrant, Unit, User
from portal.services.planning.periods import open_period

PASSWORD = "bench-password"


def prepare_database() -> None:
    """Bring the schema up to date; refuse a database holding data (timings need a fresh one).

    A PostgreSQL database gets the planner setting README.md asks of production on SSDs
    (random_page_cost = 1.1; with the default 4 an agency's pages read every employee of the
    province), for the connections opened after this one."""
    upgrade()
    if db.session.scalar(sa.select(sa.func.count()).select_from(Employee)):
        raise SystemExit("the database is not empty; point DATABASE_URL at a fresh one")
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            name = connection.exec_driver_sql("SELECT current_database()").scalar()
            connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


def gather_statistics() -> None:
    """On PostgreSQL, VACUUM ANALYZE the freshly built province, as autovacuum would have done
    to a production database long before deadline day. Without it a load run starts on the
    planner's guesses (an indicator "per RHK" estimated at 3,000 rows) and autovacuum's own
    passes land at random moments of the measurement."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def advance_sequences(*models) -> None:
    """Move PostgreSQL's id sequences past rows inserted with explicit ids, so that later
    INSERTs get fresh ids (SQLite takes max(id) + 1 by itself)."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        db.session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT max(id) FROM {table}))"))


def build(employees: int, agencies: int) -> dict:
    """Insert the organisation with executemany INSERTs; returns ids the timings need."""
    per_agency = employees // agencies
    probe = User(display_name="x", password_hash="")
    probe.set_password(PASSWORD)
    db.session.execute(sa.insert(Agency), [
        dict(id=a, code=f"OPD{a:03d}", name=f"Perangkat Daerah {a}") for a in range(1, agencies + 1)])
    units, positions, people, users = [], [], [], []
    unit_id = position_id = 0
    for agency in range(1, agencies + 1):
        unit_id += 1
        units.append(dict(id=unit_id, agency_id=agency, parent_id=None, name=f"OPD {agency}"))
        root_unit = unit_id
        position_id += 1
        head = position_id
        positions.append(dict(id=head, unit_id=root_unit, parent_id=None, title="Kepala",
                              jenis_jabatan="JPT Pratama"))
        # Bidang of ~25 staff each under a Kepala Bidang, who reports to the head.
        made = 1
        while made < per_agency:
            unit_id += 1
            units.append(dict(id=unit_id, agency_id=agency, parent_id=root_unit,
                              name=f"Bidang {unit_id}"))
            position_id += 1
            kabid = position_id
            positions.append(dict(id=kabid, unit_id=unit_id, parent_id=head,
                                  title="Kepala Bidang", jenis_jabatan="Administrator"))
            made += 1
            for _ in range(min(25, per_agency - made)):
                position_id += 1
                positions.append(dict(id=position_id, unit_id=unit_id, parent_id=kabid,
                                      title="Pelaksana", jenis_jabatan="Pelaksana"))
                made += 1
    for pid in range(1, position_id + 1):  # NIPs unique by id: nothing here validates them
        people.append(dict(id=pid, nip=f"{pid:018d}", name=f"Pegawai {pid}", golongan="III/a",
                           jenis_jabatan="Pelaksana", position_id=pid, active=True))
        users.append(dict(id=pid, employee_id=pid, display_name=f"Pegawai {pid}",
                          password_hash=probe.password_hash, enabled=True))
    db.session.execute(sa.insert(Unit), units)
    db.session.execute(sa.insert(Position), positions)
    db.session.execute(sa.insert(Employee), people)
    db.session.execute(sa.insert(User), users)
    advance_sequences(Agency, Unit, Position, Employee, User)
    committee = User(email="komite@bench", display_name="Komite", password_hash=probe.password_hash)
    db.session.add(committee)
    db.session.flush()
    db.session.add(RoleGrant(user_id=committee.id, role="committee", agency_id=1))
    db.session.commit()
    return {"supervisor_login": f"{2:018d}", "committee_login": "komite@bench"}


def add_period() -> Period:
    """The 2026 period, still closed: open_period (timed) opens it and makes the assessments."""
    period = Period(year=2026, targets_due=dt.date(2026, 1, 31),
                    self_assessment_due=dt.date(2026, 12, 15),
                    review_due=dt.date(2026, 12, 31), calibration_due=dt.date(2027, 1, 15),
                    approval_due=dt.date(2027, 1, 31))
    db.session.add(period)
    db.session.commit()
    return period


def timed_pages(app, login: str, urls: list[str], repeat: int) -> None:
    """Log in as login and time each URL; each request gets its own app context, as in a server."""
    client = app.test_client()
    fresh = contextvars.Context
    get = lambda url: fresh().run(client.get, url)  # noqa: E731
    page = get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    fresh().run(client.post, "/auth/login",
                data={"login": login, "password": PASSWORD, "csrf_token": token})
    statements = []
    sa.event.listen(db.engine, "before_cursor_execute",
                    lambda *args, **kwargs: statements.append(1))
    for url in urls:
        times = []
        for _ in range(repeat):
            statements.clear()
            start = time.perf_counter()
            response = get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        print(f"  {url:<40} median {statistics.median(times) * 1000:7.1f} ms, "
              f"{len(statements)} SQL statements")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        prepare_database()
        start = time.perf_counter()
        logins = build(args.employees, args.agencies)
        print(f"organisation of {args.employees} employees: {time.perf_counter() - start:.1f} s")
        period = add_period()
        start = time.perf_counter()
        created = open_period(period)
        print(f"open_period: {created} assessments in {time.perf_counter() - start:.1f} s")
        some = db.session.scalar(sa.select(Assessment.id).where(Assessment.assessor_id == 2))
        print("supervisor pages:")
        timed_pages(app, logins["supervisor_login"], ["/", "/team/", f"/assessments/{some}"],
                    args.repeat)
        print("committee pages:")
        timed_pages(app, logins["committee_login"], ["/calibration/"], args.repeat)


if __name__ == "__main__":
    main()
