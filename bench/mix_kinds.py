"""The deadline-day mix of bench/http_load.py, per request kind, in-process: wall time, SQL
statements, COMMITs, SQL time, time in the database driver, CPU time and Python function calls
of each kind, and its slowest statements with the database's plan. SQL time is the statements'
execution as SQLAlchemy's events see it (not COMMIT, nor the rows SQLite hands over after the
first); "driver" is all the time inside the driver's own calls (execute, fetching, commit: "commit"
of it, SQLite's fsync), from cProfile in rounds of their own, which also count the function
calls: the measure the machine's load does not move. The total minus the CPU time is waiting
(COMMIT's fsync, the machine's other load).

Not part of `make test`. Works on a province built as http_load.py builds it (`--build` builds
one into an empty database). The POSTs change the assessments they act on (each round takes
fresh ones, as the load run does), so work on a copy of the built file to keep it:

    cp /tmp/mix100k.sqlite /tmp/mix-run.sqlite
    DATABASE_URL=sqlite:////tmp/mix-run.sqlite .venv/bin/python bench/mix_kinds.py --rounds 5
    # also: the slowest statements with EXPLAIN QUERY PLAN / EXPLAIN ANALYZE, cProfile of a kind
    ... bench/mix_kinds.py --rounds 5 --plans 3 --profile "committee: calibration page"

--profile prints the portal's own functions (PROFILE_FILTER, a regular expression on the
path; SORT: a pstats order).

Each round runs one cycle of http_load.cycle() (15 requests by six users) through the app's
test client with the same prepared requests (cookies, htmx headers, CSRF token, forms); a
response that is not 2xx/3xx stops the run. A first cycle warms up; figures are medians over
the rounds.
"""
from __future__ import annotations

import argparse
import contextvars
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import http_load  # noqa: E402
import httpbench as hb  # noqa: E402
import province_content  # noqa: E402
from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Period  # noqa: E402
from portal.services.review import monitoring  # noqa: E402


def login(app, name: str) -> hb.Session:
    """A session through the login form, as httpbench.login does over HTTP."""
    client = app.test_client()
    page = contextvars.Context().run(client.get, "/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = contextvars.Context().run(client.post, "/auth/login", data={
        "login": name, "password": province_content.PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and "/auth/" not in response.location, name
    return hb.Session(name, f"session={client.get_cookie('session').value}", token)


class Recorder:
    """SQL statements and their time, by the kind of request running."""

    def __init__(self):
        self.kind = None
        self.runs = defaultdict(list)  # kind -> [(wall ms, statements, SQL ms, CPU ms, commits)]
        self.slow = defaultdict(list)  # kind -> [(ms, statement, parameters)]
        self.last = {}  # kind -> the statements of its last request
        self._statements = []
        self._commits = 0

    def committed(self, conn):
        """A COMMIT of any connection (the request's session, or a session of its own)."""
        self._commits += 1

    def before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_start"] = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany):
        took = (time.perf_counter() - conn.info.pop("bench_start")) * 1000
        self._statements.append((took, statement, parameters))

    def run(self, kind, call):
        self._statements, self._commits = [], 0
        start, cpu = time.perf_counter(), time.process_time()
        response = call()
        wall = (time.perf_counter() - start) * 1000
        self.runs[kind].append((wall, len(self._statements),
                                sum(t for t, _, _ in self._statements),
                                (time.process_time() - cpu) * 1000, self._commits))
        self.slow[kind].extend(self._statements)
        self.last[kind] = self._statements
        return response


def driver_ms(stats: pstats.Stats) -> tuple[float, float]:
    """Milliseconds spent inside the database driver's own calls (SQLite: execute, the rows'
    fetching, commit; psycopg: its functions), and of them in COMMIT."""
    inside = committing = 0.0
    for (path, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        if "sqlite3." in name or "psycopg" in path:
            inside += tottime
            if "commit" in name:
                committing += tottime
    return inside * 1000, committing * 1000


def explain(statement: str, parameters) -> str:
    """The plan of one recorded statement (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN
    ANALYZE, which runs it: only SELECTs)."""
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        if db.engine.dialect.name == "sqlite":
            rows = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            return "\n".join(f"      {row[3]}" for row in rows)
        if not statement.lstrip().upper().startswith("SELECT"):
            return "      (not a SELECT)"
        with raw.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + statement, parameters)
            return "\n".join(f"      {row[0]}" for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--build", type=int, metavar="EMPLOYEES",
                        help="first build a province of this size into the (empty) database")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plans", type=int, default=0, metavar="N",
                        help="show the N slowest distinct statements of each kind with their plan")
    parser.add_argument("--statements", action="append", default=[], metavar="KIND",
                        help="list the statements of the last request of this kind (repeatable)")
    parser.add_argument("--save", metavar="FOLDER",
                        help="write each measured response (status, HX headers, body) to FOLDER, "
                             "to compare two checkouts' answers")
    parser.add_argument("--profile", action="append", default=[], metavar="KIND",
                        help="cProfile the requests of this kind (repeatable)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = url = args.database_url
    if args.build:
        http_load.build(url, args.build, 50)
    work = http_load.pools(url)
    plans = http_load.cycles(work, 1 + args.rounds * 2)
    app = create_app()
    recorder = Recorder()
    with app.app_context():
        # Fresh monitoring figures, as a running worker keeps them (none runs here).
        monitoring.refresh_figures(db.session.scalar(sa.select(sa.func.max(Period.id))))
        sa.event.listen(db.engine, "before_cursor_execute", recorder.before)
        sa.event.listen(db.engine, "after_cursor_execute", recorder.after)
        sa.event.listen(db.engine, "commit", recorder.committed)
    names = {work["admin"]}
    for plan in plans:
        names |= {plan["submit"].nip, plan["record"].nip, plan["rate"].assessor_nip,
                  plan["committee"], plan["approver"]}
    sessions = {name: login(app, name) for name in sorted(names)}
    client = app.test_client(use_cookies=False)
    profiles = defaultdict(list)  # kind -> the cProfile.Profile of each profiled request
    calls = defaultdict(list)  # kind -> Python function calls of each profiled request
    driver = defaultdict(list)  # kind -> ms inside the database driver, of which COMMIT

    def replay(plan, recording: bool, profiling: bool) -> None:
        for group in http_load.cycle(plan, sessions, work):
            for req in group:
                profiler = cProfile.Profile() if profiling else None

                def call(req=req, profiler=profiler):
                    if profiler:
                        profiler.enable()
                    try:
                        return contextvars.Context().run(
                            client.open, req.path, method=req.method, headers=req.headers,
                            data=req.body or None)
                    finally:
                        if profiler:
                            profiler.disable()
                response = recorder.run(req.kind, call) if recording else call()
                if recording and args.save:
                    saved = Path(args.save) / f"{len(recorder.runs[req.kind]):02d} {req.kind}.html"
                    saved.parent.mkdir(parents=True, exist_ok=True)
                    saved.write_text(f"{response.status_code} {response.headers.get('Location')} "
                                     f"{response.headers.get('HX-Trigger')}\n"
                                     + response.get_data(as_text=True))
                if response.status_code >= 400:
                    raise SystemExit(f"{req.kind} {req.path}: {response.status_code}\n"
                                     f"{response.get_data(as_text=True)[:2000]}")
                if profiler:
                    stats = pstats.Stats(profiler)
                    calls[req.kind].append(stats.total_calls)
                    driver[req.kind].append(driver_ms(stats))
                    if req.kind in args.profile:
                        profiles[req.kind].append(profiler)

    # A first cycle warms the process (templates compiled, statements cached), as a worker's
    # first requests do; then the measured rounds; then as many profiled ones (apart, so that
    # the profiler's overhead stays out of the times): Python function calls per request, a
    # measure the machine's load does not move.
    replay(plans[0], recording=False, profiling=False)
    for plan in plans[1:args.rounds + 1]:
        replay(plan, recording=True, profiling=False)
    for plan in plans[args.rounds + 1:]:
        replay(plan, recording=False, profiling=True)
    plans = plans[1:args.rounds + 1]
    print(f"{len(plans)} rounds, {url.split(':')[0]}; medians per request")
    print(f"{'kind':<40} {'statements':>10} {'commits':>7} {'SQL ms':>7} {'driver':>7} "
          f"{'commit':>7} {'total ms':>8} {'CPU ms':>7} {'calls':>8}")
    total = [0.0] * 8
    for kind, runs in recorder.runs.items():
        wall, count, sql, cpu, commits = (statistics.median(r[i] for r in runs) for i in range(5))
        python = statistics.median(calls[kind])
        inside, committing = (statistics.median(d[i] for d in driver[kind]) for i in (0, 1))
        row = (count, commits, sql, inside, committing, wall, cpu, python)
        for i, value in enumerate(row):
            total[i] += value * (len(runs) / len(plans))
        print(f"{kind:<40} {count:>10.0f} {commits:>7.0f} {sql:>7.1f} {inside:>7.1f} "
              f"{committing:>7.1f} {wall:>8.1f} {cpu:>7.1f} {python:>8,.0f}")
    print(f"{'a cycle of ' + str(http_load.CYCLE) + ' requests':<40} {total[0]:>10.0f} "
          f"{total[1]:>7.0f} {total[2]:>7.1f} {total[3]:>7.1f} {total[4]:>7.1f} {total[5]:>8.1f} "
          f"{total[6]:>7.1f} {total[7]:>8,.0f}")
    per = [value / http_load.CYCLE for value in total]
    print(f"  per request: {per[0]:.1f} statements, {per[1]:.2f} commits, {per[2]:.1f} ms SQL, "
          f"{per[3]:.1f} ms in the driver ({per[4]:.1f} committing), {per[5]:.1f} ms, "
          f"CPU {per[6]:.1f} ms, {per[7]:,.0f} calls")
    if args.plans:
        with app.app_context():
            for kind, statements in recorder.slow.items():
                by_text = defaultdict(list)
                for took, statement, parameters in statements:
                    by_text[statement].append((took, parameters))
                slowest = sorted(by_text.items(), key=lambda item: -max(t for t, _ in item[1]))
                print(f"\n== {kind}")
                for statement, found in slowest[:args.plans]:
                    took, parameters = max(found, key=lambda f: f[0])
                    print(f"  {took:7.1f} ms (x{len(found) / len(recorder.runs[kind]):.0f} per "
                          f"request) {' '.join(statement.split())[:600]}")
                    print(f"    parameters {str(parameters)[:200]}")
                    print(explain(statement, parameters))
    for kind in args.statements:
        print(f"\n== statements of the last '{kind}'")
        for took, statement, parameters in recorder.last[kind]:
            print(f"  {took:6.2f} ms {' '.join(statement.split())[:160]}  {str(parameters)[:60]}")
    for kind, profiled in profiles.items():
        out = io.StringIO()
        stats = pstats.Stats(*profiled, stream=out)
        stats.sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            os.environ.get("PROFILE_FILTER", "/portal/|/workflows/|/templates/"), 40)
        print(f"\n== cProfile: {kind} ({len(profiled)} requests)\n{out.getvalue()}")


if __name__ == "__main__":
    main()
