"""Benchmark: opening a period for 10,000 and for 100,000 employees, per agency, as the admin's
button does it (services.planning.periods.start_opening, run inline), and in one call
(open_period): wall time and SQL statements.

Not part of `make test`. Run on an empty database, e.g.

    DATABASE_URL=sqlite:////tmp/open-period.sqlite .venv/bin/python bench/open_period.py

It builds province.py's organisation (default 100,000 employees in 50 agencies), then opens
- period 2026 for the first agencies holding about 10,000 employees (one run),
- period 2027 for every agency (one run, one INSERT ... SELECT per agency),
- period 2027 again (nothing to add: it must stay cheap),
- period 2028 for every agency with open_period (one INSERT ... SELECT for all).
The statement count depends on the number of agencies, never on the number of employees.
"""
from __future__ import annotations

import argparse
import datetime as dt
import time

import sqlalchemy as sa

# Run as a script, bench/ is sys.path[0]: the organisation comes from the province benchmark.
from objective import measured
from province import build, prepare_database

from portal import create_app
from portal.extensions import db
from portal.models import Agency, Assessment, Period, PeriodOpening
from portal.services.planning.periods import open_period, start_opening


def new_period(year: int) -> Period:
    period = Period(year=year, targets_due=dt.date(year, 1, 31),
                    self_assessment_due=dt.date(year, 12, 15), review_due=dt.date(year, 12, 31),
                    calibration_due=dt.date(year + 1, 1, 15), approval_due=dt.date(year + 1, 1, 31))
    db.session.add(period)
    db.session.commit()
    return period


def timed(label: str, call) -> None:
    """Run call() inside objective.measured (wall time, SQL statements), then print how many
    assessments it created."""
    with measured(label):
        created = call()
    print(f"  {'':<58} {created:10d} assessments created")


def run(period: Period, agency_ids) -> int:
    opening = start_opening(period, agency_ids, None)
    db.session.refresh(opening)
    assert opening.status == "done", opening.status
    return opening.created_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--small", type=int, default=10_000,
                        help="employees of the first, partial opening")
    args = parser.parse_args()
    app = create_app({"JOBS_IMMEDIATE": True})
    with app.app_context():
        prepare_database()
        start = time.perf_counter()
        build(args.employees, args.agencies)
        print(f"organisation of {args.employees} employees in {args.agencies} agencies: "
              f"{time.perf_counter() - start:.1f} s ({db.engine.dialect.name})")
        agencies = list(db.session.scalars(sa.select(Agency.id).order_by(Agency.name)))
        few = agencies[:max(1, round(len(agencies) * args.small / args.employees))]
        first, second, third = new_period(2026), new_period(2027), new_period(2028)
        timed(f"start_opening, {len(few)} agencies (~{args.small} employees)",
                 lambda: run(first, few))
        timed(f"start_opening, all {len(agencies)} agencies", lambda: run(second, None))
        timed("start_opening again, all agencies (nothing to add)",
                 lambda: run(second, None))
        timed("open_period, all agencies in one INSERT", lambda: open_period(third))
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment))
        runs = db.session.scalar(sa.select(sa.func.count()).select_from(PeriodOpening))
        print(f"{total} assessments in all, {runs} opening runs")


if __name__ == "__main__":
    main()
