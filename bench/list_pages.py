"""Benchmark: the list pages (calibration, team, home, monitoring) and the per-request floor.

Not part of `make test`. Three commands, on the database named by DATABASE_URL:

    # a 5,000-employee agency whose assessments all wait for calibration (fresh database)
    DATABASE_URL=sqlite:////tmp/agency.sqlite .venv/bin/python bench/list_pages.py build --employees 5000
    # in-process: SQL statements, HTML size and CPU time of each page (--profile: cProfile)
    DATABASE_URL=sqlite:////tmp/agency.sqlite .venv/bin/python bench/list_pages.py pages \
        --login komite@bench --password bench-password /calibration/?agency=1 /
    # over HTTP: gunicorn (2 sync workers) and wrk (16 connections) against a bare Flask route
    DATABASE_URL=sqlite:////tmp/agency.sqlite .venv/bin/python bench/list_pages.py http \
        --login komite@bench --password bench-password /calibration/?agency=1 /

On the seeded demo (`flask --app app seed-demo`) log in with a demo login and its password
(kinerja2026) instead.
"""
from __future__ import annotations

import argparse
import contextvars
import functools
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from profiling import print_profile

from portal import create_app
from portal.extensions import db
from portal.models import Agency, Assessment, RoleGrant, User
from portal.rules.predikat import predikat
from portal.services.planning.periods import open_period

HERE = Path(__file__).resolve().parent
RATINGS = ("above", "meets", "meets", "meets", "below")  # most meet expectations


def build_agency(employees: int) -> None:
    """One agency of employees (province.py's builders) whose assessments were all rated by
    their supervisors and wait for calibration; the committee is komite@bench, the head is
    kepala@bench (both with province.py's password)."""
    import province

    app = create_app()
    with app.app_context():
        province.prepare_database()
        province.build(employees, 1)
        period = province.add_period()
        open_period(period)
        # Ratings spread over the five values by id, set-based (one UPDATE per value).
        ids = sa.select(Assessment.id)
        for remainder, rating in enumerate(RATINGS):
            behaviour = RATINGS[(remainder + 1) % len(RATINGS)]
            db.session.execute(sa.update(Assessment).where(
                Assessment.id.in_(ids.where(Assessment.id % len(RATINGS) == remainder)))
                .values(state="reviewed", rating_hasil_kerja=rating, rating_perilaku=behaviour,
                        predikat=predikat(rating, behaviour),
                        rating_hasil_kerja_note="Sesuai target.",
                        rating_perilaku_note="Sesuai ekspektasi."))
        committee = db.session.scalar(sa.select(User).where(User.email == "komite@bench"))
        head = User(email="kepala@bench", display_name="Kepala",
                    password_hash=committee.password_hash)
        db.session.add(head)
        db.session.flush()
        db.session.add(RoleGrant(user_id=head.id, role="approver", agency_id=1))
        db.session.commit()
        agency = db.session.get(Agency, 1)
        print(f"{agency.name}: {employees} employees, all reviewed; "
              "log in as komite@bench or kepala@bench (password bench-password)")


def _logged_in_client(app, login: str, password: str):
    client = app.test_client()
    fresh = contextvars.Context

    def get(url):
        return fresh().run(client.get, url)

    page = get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = fresh().run(client.post, "/auth/login",
                           data={"login": login, "password": password, "csrf_token": token})
    assert response.status_code == 302, "login failed"
    return get


def pages(login: str, password: str, urls: list[str], repeat: int, profile: bool) -> None:
    """SQL statements, HTML size and CPU milliseconds (median) of each URL, in-process."""
    app = create_app()
    get = _logged_in_client(app, login, password)
    statements: list[str] = []
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute",
                        lambda _c, _cur, statement, *a: statements.append(statement))
    for url in urls:
        times = []
        for _ in range(repeat):
            statements.clear()
            start = time.process_time()
            response = get(url)
            times.append(time.process_time() - start)
            assert response.status_code == 200, (url, response.status_code)
        size = len(response.get_data())
        print(f"{url:<44} {len(statements):3d} statements {size / 1024:6.1f} KB "
              f"{statistics.median(times) * 1000:7.1f} ms CPU")
        if profile:
            print_profile(functools.partial(get, url), repeat)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(target: str, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         target], cwd=HERE.parent, env=os.environ | {"PYTHONPATH": str(HERE)},
        start_new_session=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{target} did not start")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()


def _wrk(url: str, seconds: int, cookie: str | None = None) -> tuple[float, str]:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)$", out, re.M).group(1)
    for problem in (r"Non-2xx or 3xx responses: (\d+)", r"timeout (\d+)"):
        found = re.search(problem, out)
        if found and int(found.group(1)):
            p50 += f" ({found.group(0)})"
    return rate, p50


def _session_cookie(port: int, login: str, password: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/auth/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    opener.open(f"{base}/auth/login", urllib.parse.urlencode(
        {"login": login, "password": password, "csrf_token": token}).encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def http(login: str, password: str, urls: list[str], seconds: int) -> None:
    """req/s and p50 of each URL under gunicorn and wrk, and its share of a bare Flask route
    measured in the same run (before and after the pages)."""
    bare_port, port = _free_port(), _free_port()
    bare = _serve("bare_flask:app", bare_port)
    try:
        bare_rate, bare_p50 = _wrk(f"http://127.0.0.1:{bare_port}/", seconds)
    finally:
        _stop(bare)
    portal = _serve("app:app", port)
    try:
        cookie = _session_cookie(port, login, password)
        results = [(url, *_wrk(f"http://127.0.0.1:{port}{url}", seconds, cookie))
                   for url in urls]
    finally:
        _stop(portal)
    print(f"{'bare Flask /':<44} {bare_rate:8.0f} req/s  p50 {bare_p50}")
    for url, rate, p50 in results:
        print(f"{url:<44} {rate:8.1f} req/s  {rate / bare_rate * 100:5.1f} % of bare  p50 {p50}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build")
    build.add_argument("--employees", type=int, default=5000)
    for name in ("pages", "http"):
        command = commands.add_parser(name)
        command.add_argument("--login", required=True)
        command.add_argument("--password", default="kinerja2026")
        command.add_argument("urls", nargs="+")
    commands.choices["pages"].add_argument("--repeat", type=int, default=20)
    commands.choices["pages"].add_argument("--profile", action="store_true")
    commands.choices["http"].add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if args.command == "build":
        build_agency(args.employees)
    elif args.command == "pages":
        pages(args.login, args.password, args.urls, args.repeat, args.profile)
    else:
        http(args.login, args.password, args.urls, args.seconds)


if __name__ == "__main__":
    main()
