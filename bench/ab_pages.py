"""A/B HTTP benchmark: the pages of http_pages.py (and the signed-in floor) served by two
checkouts side by side, against bare Flask in the same minutes.

Not part of `make test`. Seeds the demo once (with this checkout's code), copies it for each
server, starts gunicorn (2 sync workers) for this checkout ("after") and for another one
("before", e.g. `git worktree add --detach /tmp/base <commit>`, translations compiled), and for
each page runs rounds of [bare Flask, before, after] (the order of before and after alternating)
with wrk at 16 connections. Prints, per page, the medians over the rounds of each one's share of
bare Flask's req/s and of the gunicorn workers' CPU time per request (read from /proc: steadier
than req/s on a shared machine).

    .venv/bin/python bench/ab_pages.py --before /tmp/base --rounds 3 --duration 4
    .venv/bin/python bench/ab_pages.py --before /tmp/base --seeded /tmp/demo.sqlite --only home
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import tempfile
from pathlib import Path

import http_pages
import httpbench as hb

TICKS = os.sysconf("SC_CLK_TCK")


def worker_cpu(server: hb.Server) -> float:
    """CPU seconds the server's gunicorn workers have used so far."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    total = 0
    for pid in children.read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def measure(server: hb.Server | None, port: int, request: hb.Req, connections: int,
            duration: int) -> tuple[float, float]:
    """(req/s, worker CPU ms per request) of one wrk run."""
    before = worker_cpu(server) if server else 0.0
    run = hb.wrk(port, [[request]] * connections, duration)
    stats = run.stats["overall"]
    errors = stats.errors + sum(run.socket_errors.values())
    if errors:
        raise SystemExit(f"{request.path}: {errors} errors")
    cpu = (worker_cpu(server) - before) if server else 0.0
    return stats.rate, 1000 * cpu / max(stats.count, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=4, help="seconds of wrk per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    parser.add_argument("--seeded", type=Path,
                        help="a seeded demo (SQLite file) to copy instead of seeding anew")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as folder:
        seeded = Path(folder) / "demo.sqlite"
        if args.seeded:
            shutil.copy(args.seeded, seeded)
        else:
            print("seeding the demo ...", flush=True)
            http_pages.seed(f"sqlite:///{seeded}")
        measured = http_pages.pages(f"sqlite:///{seeded}")
        supervisor = next(login for label, login, _ in measured if label.startswith("home"))
        measured += [("notification badge, supervisor", supervisor, "/notifications/badge"),
                     ("password page, supervisor", supervisor, "/auth/password"),
                     ("/healthz, no session", None, "/healthz")]
        if args.only:
            measured = [page for page in measured if any(
                word in page[0] for word in args.only.split(","))]
        servers = {}
        for name, checkout in (("before", args.before), ("after", hb.ROOT)):
            copy = Path(folder) / f"{name}.sqlite"
            shutil.copy(seeded, copy)
            servers[name] = hb.Server("app:app", {"DATABASE_URL": f"sqlite:///{copy}",
                                                  "SECRET_KEY": secrets.token_hex(16)},
                                      pythonpath=checkout)
        bare = hb.bare_flask()
        try:
            logins = [login for _, login, _ in measured if login]
            sessions = {name: hb.login_all(server.port, logins, http_pages.DEMO_PASSWORD)
                        for name, server in servers.items()}
            print(f"{'page':<38} {'before':>7} {'after':>7}   worker CPU ms/request")
            for label, login, path in measured:
                shares = {"before": [], "after": []}
                cpus = {"before": [], "after": []}
                for n in range(args.rounds):
                    bare_rate, _ = measure(None, bare.port, hb.Req("bare", "GET", "/", {}),
                                           args.connections, args.duration)
                    order = ("before", "after") if n % 2 == 0 else ("after", "before")
                    for name in order:
                        session = sessions[name][login] if login else None
                        rate, cpu = measure(servers[name], servers[name].port,
                                            hb.get(label, session, path), args.connections,
                                            args.duration)
                        shares[name].append(100 * rate / bare_rate)
                        cpus[name].append(cpu)
                before, after = (statistics.median(shares[k]) for k in ("before", "after"))
                cpu_before, cpu_after = (statistics.median(cpus[k]) for k in ("before", "after"))
                print(f"{label:<38} {before:>6.1f}% {after:>6.1f}%   "
                      f"{cpu_before:5.2f} -> {cpu_after:5.2f}", flush=True)
            bare_cpu = []
            for _ in range(args.rounds):
                bare_cpu.append(measure(bare, bare.port, hb.Req("bare", "GET", "/", {}),
                                        args.connections, args.duration)[1])
            print(f"bare Flask: {statistics.median(bare_cpu):.2f} ms of worker CPU per request")
        finally:
            bare.stop()
            for server in servers.values():
                server.stop()


if __name__ == "__main__":
    main()
