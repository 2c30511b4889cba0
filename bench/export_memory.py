"""Benchmark: peak memory of an .xlsx export at 10,000 and 100,000 rows (it should stay flat).

Not part of `make test`. For each size, one child process seeds a fresh SQLite database (bulk
INSERTs through province.py's builder, one agency, every assessment approved with its ratings)
and two fresh child processes export it through the portal's own routes (`/monitoring/export.xlsx`,
the monitoring list, and `/monitoring/skp22.xlsx`), reading the response in chunks as a client
would: one under tracemalloc (peak of Python allocations during the export alone), one without
it (wall time, and the process's peak resident size, ru_maxrss, start-up included).

    .venv/bin/python bench/export_memory.py                     # 10,000 and 100,000 rows
    .venv/bin/python bench/export_memory.py --sizes 1000 10000
"""
from __future__ import annotations

import argparse
import contextvars
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's portal, whatever the venv points at

import sqlalchemy as sa  # noqa: E402

from bench.province import PASSWORD, add_period, build, prepare_database  # noqa: E402
from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Assessment  # noqa: E402
from portal.services.planning.periods import open_period  # noqa: E402

URLS = ("/monitoring/export.xlsx", "/monitoring/skp22.xlsx")


def seed(employees: int) -> None:
    """A fresh database of employees in one agency, with every assessment approved."""
    app = create_app()
    with app.app_context():
        prepare_database()
        build(employees, agencies=1)
        period = add_period()
        open_period(period)
        db.session.execute(sa.update(Assessment).values(
            state="approved", rating_hasil_kerja="meets", rating_perilaku="above",
            predikat="baik"))
        db.session.commit()


def measure(traced: bool) -> dict:
    """Log in as the agency's committee member and download each export in 64 KB chunks."""
    app = create_app()
    result = {}
    with app.app_context():
        client = app.test_client()
        fresh = contextvars.Context
        page = fresh().run(client.get, "/auth/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        fresh().run(client.post, "/auth/login", data={
            "login": "komite@bench", "password": PASSWORD, "csrf_token": token})
        for url in URLS:
            if traced:
                tracemalloc.start()
            start = time.perf_counter()
            response = fresh().run(client.get, url, buffered=False)
            assert response.status_code == 200, (url, response.status_code)
            size = sum(len(chunk) for chunk in response.iter_encoded())
            response.close()
            seconds = time.perf_counter() - start
            entry = {"bytes": size, "seconds": round(seconds, 1)}
            if traced:
                entry["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
                tracemalloc.stop()
            result[url] = entry
    result["maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def child(*args: str, database: str) -> dict | None:
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "PAGE_SIZE": "50"}
    out = subprocess.run([sys.executable, __file__, *args], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1]) if out.strip() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", choices=["seed", "traced", "plain"])
    parser.add_argument("--employees", type=int)
    args = parser.parse_args()
    if args.child == "seed":
        seed(args.employees)
        return
    if args.child:
        print(json.dumps(measure(args.child == "traced")))
        return
    print(f"{'rows':>8} {'export':<26} {'file':>8} {'time':>7} {'tracemalloc peak':>17} "
          f"{'ru_maxrss':>10}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            database = f"{folder}/export.sqlite"
            start = time.perf_counter()
            child("--child", "seed", "--employees", str(size), database=database)
            print(f"seeded {size} employees in {time.perf_counter() - start:.1f} s")
            traced = child("--child", "traced", database=database)
            plain = child("--child", "plain", database=database)
            for url in URLS:
                print(f"{size:>8} {url:<26} {plain[url]['bytes'] / 2**20:>6.1f}MB "
                      f"{plain[url]['seconds']:>6.1f}s {traced[url]['peak_mb']:>15.1f}MB "
                      f"{plain['maxrss_mb']:>8.1f}MB")


if __name__ == "__main__":
    main()
