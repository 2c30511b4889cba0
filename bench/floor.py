"""Benchmark: the signed-in floor (session, user loader, hooks, the layout), in-process.

Not part of `make test`. On a seeded demo (`flask --app app seed-demo`, password kinerja2026):

    # Python function calls, SQL statements and CPU ms per request of each URL, per login
    DATABASE_URL=sqlite:////tmp/demo.sqlite .venv/bin/python bench/floor.py calls \
        --login 197008051995041061 /notifications/badge /auth/password /
    # the same with cProfile's table (SORT=tottime to sort by own time)
    DATABASE_URL=... .venv/bin/python bench/floor.py calls --profile --login ... /auth/password
    # the HTML of each URL for each login, in Indonesian and English, CSRF tokens masked, one
    # file per (login, language, URL) in a folder: run before and after a change, then diff -r
    DATABASE_URL=... .venv/bin/python bench/floor.py html --out /tmp/before \
        --login 198605232010052073 --login admin@bkd.jambiprov.go.id / /auth/password

The function calls are deterministic (the load of the machine does not move them); the CPU time
is the median of the repeats' process time.
"""
from __future__ import annotations

import argparse
import contextvars
import cProfile
import functools
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from profiling import print_profile

from portal import create_app
from portal.extensions import db

PASSWORD = "kinerja2026"  # portal.demo.build.DEMO_PASSWORD
CSRF = re.compile(r'(csrf_token" (?:type="hidden" )?value="|X-CSRFToken": ")[^"]+')


def client_for(app, login: str, password: str, lang: str = "id"):
    """A function GETting a URL as login (each request in a fresh context, as a server does)."""
    client = app.test_client()

    def get(url, headers=None):
        return contextvars.Context().run(client.get, url, headers=headers)

    def post(url, data):
        return contextvars.Context().run(client.post, url, data=data)

    page = get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = post("/auth/login", {"login": login, "password": password, "csrf_token": token})
    assert response.status_code == 302, f"login of {login} failed"
    if lang != "id":
        post(f"/auth/language/{lang}", {"csrf_token": token, "next": "/"})
    return get


def calls(logins: list[str], urls: list[str], repeat: int, profile: bool) -> None:
    """Function calls, statements and CPU per request of each URL for each login."""
    app = create_app()
    statements: list[str] = []
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute",
                        lambda _c, _cur, statement, *a: statements.append(statement))
    for login in logins:
        get = client_for(app, login, PASSWORD)
        for url in urls:
            for _ in range(3):  # warm: templates compiled, statements cached
                response = get(url)
            assert response.status_code == 200, (url, response.status_code)
            profiler = cProfile.Profile()
            profiler.enable()
            get(url)
            profiler.disable()
            stats = pstats.Stats(profiler)
            times = []
            for _ in range(repeat):
                statements.clear()
                start = time.process_time()
                get(url)
                times.append(time.process_time() - start)
            print(f"{login[:26]:<26} {url:<28} {stats.total_calls:7d} calls "
                  f"{len(statements):3d} statements {len(response.get_data()) / 1024:6.1f} KB "
                  f"{statistics.median(times) * 1000:6.2f} ms CPU", flush=True)
            if profile:
                print_profile(functools.partial(get, url), repeat, int(os.environ.get("LINES", "60")))


def html(logins: list[str], urls: list[str], out: Path) -> None:
    """Each URL's HTML per login and language, CSRF tokens masked, into out/."""
    app = create_app()
    out.mkdir(parents=True, exist_ok=True)
    for login in logins:
        for lang in ("id", "en"):
            get = client_for(app, login, PASSWORD, lang)
            for url in urls:
                for htmx in (False, True):
                    response = get(url, {"HX-Request": "true"} if htmx else None)
                    text = CSRF.sub(r"\1MASKED", response.get_data(as_text=True))
                    name = re.sub(r"[^A-Za-z0-9]+", "_", f"{login}-{lang}-{url}-{htmx}")
                    (out / f"{name}.html").write_text(f"{response.status_code}\n{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("calls", "html"):
        command = sub.add_parser(name)
        command.add_argument("--login", action="append", required=True)
        command.add_argument("urls", nargs="+")
    sub.choices["calls"].add_argument("--repeat", type=int, default=30)
    sub.choices["calls"].add_argument("--profile", action="store_true")
    sub.choices["html"].add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "calls":
        calls(args.login, args.urls, args.repeat, args.profile)
    else:
        html(args.login, args.urls, args.out)


if __name__ == "__main__":
    main()
