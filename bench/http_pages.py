"""HTTP benchmark of the demo's heaviest pages against a one-route bare Flask app (issue 12).

Not part of `make test`. Seeds the demo into a fresh database (`flask db upgrade` and
`flask seed-demo`), serves the portal under gunicorn (2 sync workers), logs the users in through
the login form, and measures each page with wrk at 16 connections; the bare Flask app, served
beside it under the same gunicorn settings, is measured before the first page, between pages and
after the last. Prints req/s, p50, p99, errors (non-2xx responses, socket errors) and each page's
share of the mean of the bare Flask runs just before and just after it: this machine's speed
drifts by a third within minutes, so a page is compared with the bare app measured next to it,
not with a mean taken minutes away.

    .venv/bin/python bench/http_pages.py                      # SQLite in a temporary folder
    .venv/bin/python bench/http_pages.py --database-url postgresql+psycopg://user@127.0.0.1/fresh

The assessments measured are found by state, not by id (the demo changes): the fullest
assessment under review (self-assessed, waiting for the supervisor's rating) as its supervisor,
the fullest one still in draft as its employee, the fullest one recording realisations as its
employee; the calibration of Dinas Dukcapil as its committee member, the team of the supervisor
with the largest team, the home page as that supervisor, the monitoring page as the BKD admin.
"""
from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

import httpbench as hb

DEMO_PASSWORD = "kinerja2026"  # portal.demo.build.DEMO_PASSWORD


def seed(database_url: str) -> None:
    """Migrate and seed the demo into database_url (must be empty)."""
    env = {**os.environ, "DATABASE_URL": database_url}
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(flask + command, cwd=hb.ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fullest(connection, state: str) -> tuple[int, int, int | None]:
    """(assessment id, employee id, assessor id) of the assessment in state with the most
    realisations, feedback and indicators."""
    return connection.execute(sa.text("""
        SELECT a.id, a.employee_id, a.assessor_id FROM assessments a
        JOIN periods p ON p.id = a.period_id AND p.status = 'open'
        WHERE a.state = :state
        ORDER BY (SELECT count(*) FROM rhks r JOIN indicators i ON i.rhk_id = r.id
                  LEFT JOIN realisations re ON re.indicator_id = i.id
                  WHERE r.assessment_id = a.id)
                 + (SELECT count(*) FROM feedback f WHERE f.assessment_id = a.id) DESC, a.id
        LIMIT 1"""), {"state": state}).one()


def pages(database_url: str) -> list[tuple[str, str, str]]:
    """(label, login, path) of each page measured, looked up in the seeded demo."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        def nip(employee_id: int) -> str:
            return connection.scalar(sa.text("SELECT nip FROM employees WHERE id = :id"),
                                     {"id": employee_id})

        review, _, review_assessor = fullest(connection, "self_assessed")
        draft, draft_employee, _ = fullest(connection, "draft_targets")
        recording, recording_employee, _ = fullest(connection, "targets_approved")
        dukcapil = connection.scalar(sa.text(
            "SELECT id FROM agencies WHERE code = 'DISDUKCAPIL'"))
        committee = connection.execute(sa.text("""
            SELECT e.nip, u.email FROM role_grants g JOIN users u ON u.id = g.user_id
            LEFT JOIN employees e ON e.id = u.employee_id
            WHERE g.role = 'committee' AND g.agency_id = :agency ORDER BY u.id LIMIT 1"""),
            {"agency": dukcapil}).one()
        supervisor = connection.scalar(sa.text("""
            SELECT a.assessor_id FROM assessments a
            JOIN periods p ON p.id = a.period_id AND p.status = 'open'
            WHERE a.assessor_id IS NOT NULL GROUP BY a.assessor_id
            ORDER BY count(*) DESC, a.assessor_id LIMIT 1"""))
        admin = connection.scalar(sa.text("""
            SELECT u.email FROM role_grants g JOIN users u ON u.id = g.user_id
            WHERE g.role = 'admin' ORDER BY u.id LIMIT 1"""))
        result = [
            ("assessment under review, supervisor", nip(review_assessor),
             f"/assessments/{review}"),
            ("assessment in draft, employee", nip(draft_employee), f"/assessments/{draft}"),
            ("assessment recording, employee", nip(recording_employee),
             f"/assessments/{recording}"),
            ("calibration of Dinas Dukcapil", committee[0] or committee[1],
             f"/calibration/?agency={dukcapil}"),
            ("team, supervisor", nip(supervisor), "/team/"),
            ("home, supervisor", nip(supervisor), "/"),
            ("monitoring, admin", admin, "/monitoring/"),
        ]
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="an empty database (default: SQLite in a temporary folder)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        print(f"seeding the demo into {url.split('@')[-1]} ...", flush=True)
        seed(url)
        measured = pages(url)
        env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16)}
        results = []
        with hb.Server("app:app", env) as server, hb.bare_flask() as bare_server:
            sessions = hb.login_all(server.port, [login for _, login, _ in measured],
                                    DEMO_PASSWORD)
            answers = []
            for label, login, path in measured:
                status, _, body = hb.request(server.port, "GET", path,
                                             sessions[login].headers())
                if status != 200:
                    raise SystemExit(f"{path} as {login} answered {status}")
                answers.append((label, path, len(body.encode()),
                                hb.get(label, sessions[login], path)))
            # Unmeasured, every page in turn: the workers warm (templates compiled, statements
            # cached, the heap frozen after GC_FREEZE_AFTER requests), as a server that has run
            # for a while is; else the first page measured pays the warming for all.
            hb.wrk(server.port, [[page for *_, page in answers]] * args.connections, hb.WARM_UP)
            bare_request = hb.Req("bare", "GET", "/", {})

            def bare_rate() -> float:
                run = hb.wrk(bare_server.port, [[bare_request]] * args.connections, args.duration)
                return run.stats["overall"].rate

            bare = [bare_rate()]
            for label, path, size, page in answers:
                run = hb.wrk(server.port, [[page]] * args.connections, args.duration)
                bare.append(bare_rate())
                results.append((label, path, size, run, (bare[-2] + bare[-1]) / 2))
    print(f"\nbare Flask: {min(bare):.0f} to {max(bare):.0f} req/s over the run, measured before, "
          f"between and after the pages; each share below uses the mean of the runs just "
          f"before and after its page ({args.connections} connections, {args.duration} s each, "
          f"gunicorn {hb.WORKERS} sync workers)")
    print(f"{'page':<40} {'path':<24} {'KB':>5} {'req/s':>7} {'bare':>7} {'share':>7} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for label, path, size, run, beside in results:
        stats = run.stats["overall"]
        errors = stats.errors + sum(run.socket_errors.values())
        print(f"{label:<40} {path:<24} {size / 1024:>5.0f} {stats.rate:>7.1f} {beside:>7.0f} "
              f"{100 * stats.rate / beside:>6.1f}% {stats.p50_ms:>7.0f} {stats.p99_ms:>7.0f} "
              f"{errors:>6}")


if __name__ == "__main__":
    main()
