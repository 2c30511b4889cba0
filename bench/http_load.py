"""HTTP load benchmark: the deadline-day mix on a province of realistic assessments.

Not part of `make test`. Builds a province (default 100,000 employees in 50 agencies) with
bench/province_content.py into an empty database, serves it under gunicorn (2 sync workers, or
--workers N of them; with --threads N gthread workers of N threads each, as `make run` serves
it) on 127.0.0.1 and drives it with wrk at 64 connections (one per wrk thread), each replaying
its own list of prepared requests: cycles of

- an employee opening their assessment, saving the annual realisations and submitting the
  self-assessment; another opening the running quarter and saving its realisations, then home;
- a supervisor opening the team page and an assessment of their team, rating it, submitting the
  review;
- a committee member opening the calibration of their agency and calibrating one assessment;
- an approver opening their approvals and approving one;
- the BKD admin opening monitoring.

Every user is logged in beforehand through the login form, with the session's CSRF token, and
the mix's GETs run unmeasured for httpbench.WARM_UP seconds before the measured run; every
POST is an htmx POST (X-CSRFToken, HX-Request) with the version the assessment has, on an
assessment no other connection touches, so a refusal (a stale version included) is an error.
The lists hold enough cycles for --max-rate req/s over --duration; a connection that runs out
repeats its GETs and the report says so. Afterwards the database is asked whether every
accepted POST was stored.

    DATABASE_URL=sqlite:////tmp/load.sqlite .venv/bin/python bench/http_load.py
    .venv/bin/python bench/http_load.py --database-url postgresql+psycopg://u@127.0.0.1/fresh
    .venv/bin/python bench/http_load.py --employees 10000 --duration 30   # a quick run
    # the same province again: a copy of a built one (--employees must match it)
    .venv/bin/python bench/http_load.py --copy-of /tmp/built.sqlite
    .venv/bin/python bench/http_load.py --copy-of built --database-url postgresql+psycopg://u@127.0.0.1/run2
"""
from __future__ import annotations

import argparse
import itertools
import math
import os
import secrets
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa

import httpbench as hb
import province
import province_content

CYCLE = 15  # requests per cycle (see cycle())
# The POST kinds whose accepted count is checked against the database (stored()).
STORED = {"employee: save year's realisations": "year saved",
          "employee: save quarter's realisations": "quarter saved",
          "employee: submit": "submitted", "supervisor: rate": "rated",
          "supervisor: submit review": "reviewed", "committee: calibrate": "calibrated",
          "approver: approve": "approved"}


def pools(database_url: str) -> dict:
    """The assessments each kind of POST works on, read once from the built province."""
    engine = sa.create_engine(database_url)
    with engine.connect() as c:
        rows = c.execute(sa.text("""
            SELECT a.id, a.state, a.version, a.agency_id, e.nip, s.nip AS assessor_nip,
                   a.rating_hasil_kerja
            FROM assessments a JOIN employees e ON e.id = a.employee_id
            LEFT JOIN employees s ON s.id = a.assessor_id
            WHERE a.state IN ('targets_approved', 'self_assessed', 'reviewed', 'calibrated')
              AND a.assessor_id IS NOT NULL
            ORDER BY a.id""")).all()
        manual = defaultdict(list)
        for assessment_id, indicator_id, target in c.execute(sa.text("""
                SELECT r.assessment_id, i.id, i.target_value FROM indicators i
                JOIN rhks r ON r.id = i.rhk_id JOIN assessments a ON a.id = r.assessment_id
                WHERE a.state = 'targets_approved' AND i.data_source = 'manual'
                ORDER BY i.id""")):
            manual[assessment_id].append((indicator_id, int(target)))
        committee = dict(c.execute(sa.text("""
            SELECT g.agency_id, u.email FROM role_grants g JOIN users u ON u.id = g.user_id
            WHERE g.role = 'committee'""")).all())
        approver = dict(c.execute(sa.text("""
            SELECT g.agency_id, e.nip FROM role_grants g JOIN users u ON u.id = g.user_id
            JOIN employees e ON e.id = u.employee_id WHERE g.role = 'approver'""")).all())
        admin = c.scalar(sa.text("""SELECT u.email FROM role_grants g JOIN users u
                                    ON u.id = g.user_id WHERE g.role = 'admin'"""))
    engine.dispose()
    recording = [r for r in rows if r.state == "targets_approved"]
    # Supervisors rate the unrated ones of their team, one after another.
    to_rate = sorted((r for r in rows if r.state == "self_assessed" and r.rating_hasil_kerja is None
                      and r.assessor_nip not in approver.values()),
                     key=lambda r: (r.assessor_nip, r.id))
    by_agency = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.state in ("reviewed", "calibrated") and r.nip != approver.get(r.agency_id):
            by_agency[r.state][r.agency_id].append(r)
    return dict(submit=recording[0::2], record=recording[1::2], rate=to_rate,
                calibrate=by_agency["reviewed"], approve=by_agency["calibrated"],
                manual=manual, committee=committee, approver=approver, admin=admin)


def cycles(work: dict, count: int) -> list[dict]:
    """count cycles: which user does what to which assessment (no assessment twice)."""
    agencies = sorted(set(work["calibrate"]) & set(work["approve"]))
    plans = []
    submit, record, rate = iter(work["submit"]), iter(work["record"]), iter(work["rate"])
    for n, agency in zip(range(count), itertools.cycle(agencies)):
        try:
            plans.append(dict(submit=next(submit), record=next(record), rate=next(rate),
                              calibrate=work["calibrate"][agency].pop(),
                              approve=work["approve"][agency].pop(), agency=agency,
                              committee=work["committee"][agency],
                              approver=work["approver"][agency]))
        except (StopIteration, IndexError):
            break  # a small province: fewer cycles
    return plans


def cycle(plan: dict, sessions: dict, work: dict) -> list[list[hb.Req]]:
    """The CYCLE requests of one plan in groups, one per user; a group's requests depend on
    each other (a save before the submit that needs it) and are sent in order."""
    a1, a2, c, d, e = (plan[k] for k in ("submit", "record", "rate", "calibrate", "approve"))
    s1, s2, sup = sessions[a1.nip], sessions[a2.nip], sessions[c.assessor_nip]
    com, app, admin = (sessions[plan["committee"]], sessions[plan["approver"]],
                       sessions[work["admin"]])

    def values(assessment, period_no, share):
        fields = {"version": assessment.version, "period_no": period_no}
        for indicator_id, target in work["manual"][assessment.id]:
            fields[f"value-{indicator_id}"] = str(max(1, target * share // 100))
            fields[f"note-{indicator_id}"] = "Kegiatan terlaksana sesuai rencana; laporan dan " \
                                            "dokumentasi terlampir."
        return fields

    act = {"reason": "", "confirmed": "y"}
    rating = {"rating_hasil_kerja": "meets", "rating_perilaku": "meets",
              "hasil_kerja_note": "Seluruh RHK tercapai sesuai target dengan bukti lengkap.",
              "perilaku_note": "Menunjukkan perilaku kerja sesuai ekspektasi."}
    return [[
        hb.get("employee: open assessment", s1, f"/assessments/{a1.id}"),
        hb.post("employee: save year's realisations", s1,
                f"/assessments/{a1.id}/realisations",
                values(a1, 0, 95)),
        hb.post("employee: submit", s1,
                f"/assessments/{a1.id}/actions/submit_self_assessment",
                {"version": a1.version + 1, **act}),
    ], [
        hb.get("employee: open assessment", s2, f"/assessments/{a2.id}?p=4"),
        hb.post("employee: save quarter's realisations", s2,
                f"/assessments/{a2.id}/realisations",
                values(a2, 4, 30)),
        hb.get("home", s2, "/"),
    ], [
        hb.get("supervisor: team", sup, "/team/"),
        hb.get("supervisor: open assessment", sup, f"/assessments/{c.id}"),
        hb.post("supervisor: rate", sup, f"/assessments/{c.id}/ratings",
                {"version": c.version, **rating}),
        hb.post("supervisor: submit review", sup, f"/assessments/{c.id}/actions/submit_review",
                {"version": c.version + 1, **act}),
    ], [
        hb.get("committee: calibration page", com, f"/calibration/?agency={plan['agency']}"),
        hb.post("committee: calibrate", com, f"/assessments/{d.id}/actions/calibrate",
                {"version": d.version, **act}),
    ], [
        hb.get("approver: approvals page", app, "/approvals/"),
        hb.post("approver: approve", app, f"/assessments/{e.id}/actions/approve",
                {"version": e.version, **act}),
    ], [
        hb.get("monitoring", admin, "/monitoring/"),
    ]]


def stored(database_url: str, plans: list[dict]) -> dict[str, int]:
    """How many of the planned changes the database holds after the run."""
    def count(sql, ids):
        if not ids:
            return 0
        with engine.connect() as c:
            return c.scalar(sa.text(sql).bindparams(sa.bindparam("ids", expanding=True)),
                            {"ids": ids})
    engine = sa.create_engine(database_url)
    ids = {k: [p[k].id for p in plans] for k in ("submit", "record", "rate", "calibrate",
                                                 "approve")}
    saved = ("SELECT count(DISTINCT r.assessment_id) FROM realisations re "
             "JOIN indicators i ON i.id = re.indicator_id JOIN rhks r ON r.id = i.rhk_id "
             "WHERE re.period_no = {} AND re.note LIKE 'Kegiatan terlaksana sesuai rencana%' "
             "AND r.assessment_id IN :ids")
    result = {
        "year saved": count(saved.format(0), ids["submit"]),
        "quarter saved": count(saved.format(4), ids["record"]),
        "rated": count("SELECT count(*) FROM assessments WHERE rating_perilaku_note = "
                       "'Menunjukkan perilaku kerja sesuai ekspektasi.' AND id IN :ids",
                       ids["rate"]),
        "submitted": count("SELECT count(*) FROM assessments WHERE state = 'self_assessed' "
                           "AND id IN :ids", ids["submit"]),
        "reviewed": count("SELECT count(*) FROM assessments WHERE state = 'reviewed' "
                          "AND id IN :ids", ids["rate"]),
        "calibrated": count("SELECT count(*) FROM assessments WHERE state = 'calibrated' "
                            "AND id IN :ids", ids["calibrate"]),
        "approved": count("SELECT count(*) FROM assessments WHERE state = 'approved' "
                          "AND id IN :ids", ids["approve"]),
    }
    engine.dispose()
    return result


def build(database_url: str, employees: int, agencies: int) -> None:
    """Migrate the empty database and build the province into it (timed)."""
    os.environ["DATABASE_URL"] = database_url
    from portal import create_app
    from portal.extensions import db
    from portal.services.review import monitoring
    app = create_app()
    with app.app_context():
        province.prepare_database()
        start = time.perf_counter()
        period = province_content.build(employees, agencies)
        # The monitoring figures across agencies, as the worker's job stores them (a load run
        # starts no worker: without them the monitoring page would show none).
        monitoring.refresh_figures(period.id)
        province.gather_statistics()
        took = time.perf_counter() - start
        found = province_content.counts(period)
        db.session.remove()
        db.engine.dispose()
    print(f"province of {employees:,} employees built in {took:.0f} s:")
    print("  " + ", ".join(f"{k} {v:,}" for k, v in found.items()), flush=True)


def copy_province(source: str, database_url: str) -> None:
    """Start from a province built before instead of building one (a minute on SQLite, three
    or four on PostgreSQL): a copy of the SQLite file source, or on PostgreSQL a new database
    named as database_url names it, cloned from the database source on the same server
    (CREATE DATABASE ... TEMPLATE: its planner statistics come along, its settings do not).
    The copy is then migrated to the code's head and, on PostgreSQL, analysed again."""
    os.environ["DATABASE_URL"] = database_url
    target = sa.engine.make_url(database_url)
    if target.get_backend_name() == "sqlite":
        shutil.copyfile(source, target.database)
    else:
        engine = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{target.database}" TEMPLATE "{source}"')
        engine.dispose()
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    app = create_app()
    with app.app_context():
        upgrade()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as c:
                c.exec_driver_sql(f'ALTER DATABASE "{target.database}" SET random_page_cost = 1.1')
        province.gather_statistics()
        db.session.remove()
        db.engine.dispose()
    print(f"province copied from {source}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="an empty database (default: SQLite in a temporary folder)")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60, help="seconds of the mix")
    parser.add_argument("--bare-duration", type=int, default=10)
    parser.add_argument("--max-rate", type=int, default=300,
                        help="req/s the prepared POSTs must last for over --duration (above "
                             "the portal's rate, or the connections run out and repeat GETs)")
    parser.add_argument("--threads", type=int, default=0,
                        help="gthread workers with this many threads each, portal and bare Flask "
                             "alike (make run's 4), instead of sync workers")
    parser.add_argument("--copy-of", metavar="PROVINCE",
                        help="a province built before to start from (see copy_province): a "
                             "SQLite file, or the name of a PostgreSQL database on the server "
                             "of --database-url, which must not exist yet")
    parser.add_argument("--workers", type=int, default=hb.WORKERS,
                        help="gunicorn workers, portal and bare Flask alike (the issue's 2; "
                             "gunicorn's guide suggests 2 x cores + 1)")
    args = parser.parse_args()
    hb.THREADS = args.threads
    hb.WORKERS = args.workers
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'province.sqlite'}"
        if args.copy_of:
            copy_province(args.copy_of, url)
        else:
            build(url, args.employees, args.agencies)
        work = pools(url)
        wanted = math.ceil(args.max_rate * args.duration / CYCLE)
        plans = cycles(work, wanted)
        logins = {work["admin"]}
        for plan in plans:
            logins |= {plan["submit"].nip, plan["record"].nip, plan["rate"].assessor_nip,
                       plan["committee"], plan["approver"]}
        bare_before = hb.bare_rate(args.connections, args.bare_duration)
        env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16)}
        with hb.Server("app:app", env) as server:
            start = time.perf_counter()
            sessions = hb.login_all(server.port, sorted(logins), province_content.PASSWORD)
            print(f"{len(sessions)} users logged in in {time.perf_counter() - start:.0f} s; "
                  f"{len(plans)} cycles of {CYCLE} requests prepared "
                  f"(for {args.max_rate} req/s over {args.duration} s)", flush=True)
            lists = [[] for _ in range(args.connections)]
            for n, plan in enumerate(plans):
                # Each connection starts its cycles with another user's group, so that the
                # kinds are mixed from the first second.
                groups = cycle(plan, sessions, work)
                start = (n % args.connections) % len(groups)
                for group in groups[start:] + groups[:start]:
                    lists[n % args.connections].extend(group)
            lists = [requests for requests in lists if requests]
            # Unmeasured, the mix's GETs (its POSTs are each sent once, in the measured run):
            # else the workers' first requests, slow while they warm, queue the first seconds.
            hb.wrk(server.port, [[r for r in requests if r.method == "GET"] for requests in lists],
                   hb.WARM_UP)
            before = hb.cpu_seconds()
            run = hb.wrk(server.port, lists, args.duration)
            used = {name: seconds - before[name] for name, seconds in hb.cpu_seconds().items()}
        bare_after = hb.bare_rate(args.connections, args.bare_duration)
        bare = (bare_before + bare_after) / 2
        found = stored(url, plans)
    print()
    workers = (f"{hb.WORKERS} gthread workers × {hb.THREADS} threads" if hb.THREADS
               else f"{hb.WORKERS} sync workers")
    print(hb.table(run, bare, f"deadline-day mix, {args.employees:,} employees, {workers}, "
                              f"{len(lists)} connections, {args.duration} s, "
                              f"{url.split(':')[0]}"))
    print(f"  bare Flask {bare_before:.0f} req/s before, {bare_after:.0f} after (mean used)")
    served = run.stats["overall"].count
    print("  CPU during the run (of {:.0f} core-seconds): ".format(run.duration * os.cpu_count())
          + ", ".join(f"{name} {seconds:.0f} s ({1000 * seconds / served:.1f} ms a request)"
                      for name, seconds in used.items()))
    print("  POSTs accepted (2xx seen by wrk) / changes stored in the database (a POST in flight "
          "when wrk stopped may be stored unseen):")
    lost = False
    for kind, change in STORED.items():
        seen = run.stats[kind].count - run.stats[kind].errors if kind in run.stats else 0
        lost |= found[change] < seen
        print(f"    {kind:<40} {seen:>5} / {found[change]:>5} {change}")
    if lost:
        print("  LOST: the database holds fewer changes than the POSTs accepted")
    overall = run.stats["overall"]
    errors = overall.errors + sum(run.socket_errors.values())
    verdict = "met" if errors == 0 and overall.p99_ms < 500 else "NOT met"
    print(f"  targets (0 errors, p99 < 500 ms at {len(lists)} connections): {verdict} "
          f"({errors} errors, p99 {overall.p99_ms:.0f} ms)")


if __name__ == "__main__":
    main()
