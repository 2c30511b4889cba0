"""What the HTTP benchmarks share: gunicorn servers (the portal and a one-route bare Flask app,
same settings), real logins (the login form's POST with its CSRF token), and wrk driven by
bench/wrk_mix.lua with per-kind statistics.

wrk runs one thread per connection, so that in each thread a request and its response alternate
and the Lua script can time every request and file it under its kind (wrk's own summary only
knows all requests together). Each thread replays its own list of prepared requests; a request
marked `once` (a POST, which changes a version) is sent only on the first lap through the list,
later laps repeat only the GETs, and the report says when a list ran out.
"""
from __future__ import annotations

import dataclasses
import html
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# The portal of this checkout, as gunicorn (--pythonpath) serves it, even where the venv has
# another checkout installed in editable mode.
sys.path.insert(0, str(ROOT))
WORKERS = 2  # gunicorn workers, as in the measurements
# Threads per worker: 0 for sync workers (the measurements); N for gthread workers with N
# threads each, as `make run` serves the portal (scripts/run.sh: 2 workers, 4 threads).
THREADS = 0
# Seconds of unmeasured requests before a measured run: the workers warm (templates compiled,
# statements cached and prepared, the heap frozen after GC_FREEZE_AFTER requests), as those of
# a server that has run for a while are; else the first run measured pays the warming.
WARM_UP = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A gunicorn serving app_spec on 127.0.0.1 with WORKERS workers (sync, or gthread with
    THREADS threads each), no access log."""

    def __init__(self, app_spec: str, env: dict[str, str], health: str = "/healthz",
                 pythonpath: Path = ROOT):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log",
                                               delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS),
             *(["--worker-class", "gthread", "--threads", str(THREADS)] if THREADS
               else ["--worker-class", "sync"]),
             "--bind", f"127.0.0.1:{self.port}",
             "--pythonpath", str(pythonpath), "--timeout", "120", app_spec],
            cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = request(self.port, "GET", health)
                if status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn for {app_spec} did not start; see {self.log.name}")
            time.sleep(0.3)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.unlink(self.log.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) used so far by this machine's gunicorn and PostgreSQL
    processes, by those names: read before and after a run, whether the run was bound by the
    app servers or by the database (on one machine the two share its cores)."""
    found = {"gunicorn": 0.0, "postgres": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        name = "postgres" if command.startswith(b"postgres") else (
            "gunicorn" if b"gunicorn" in command else None)
        if name:
            fields = stat[stat.rindex(")") + 2:].split()
            found[name] += (int(fields[11]) + int(fields[12])) / tick
    return found


def bare_flask() -> Server:
    """The reference: a one-route Flask app (bench/bare_flask.py) under the same gunicorn."""
    return Server("bare_flask:app", {}, health="/", pythonpath=BENCH)


def request(port: int, method: str, path: str, headers: dict | None = None,
            body: str | None = None) -> tuple[int, dict, str]:
    """One HTTP request; returns status, headers (lower-case names, Set-Cookie joined) and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        found = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, data
    finally:
        connection.close()


@dataclasses.dataclass
class Session:
    """A logged-in user: the Cookie header to send and the CSRF token of the session."""

    login: str
    cookie: str
    csrf: str

    def headers(self, htmx: bool = False) -> dict[str, str]:
        found = {"Cookie": self.cookie}
        if htmx:
            found.update({"HX-Request": "true", "X-CSRFToken": self.csrf})
        return found


def _cookies(found: dict, jar: dict[str, str]) -> None:
    for line in found.get("set-cookie", []):
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def login(port: int, login_name: str, password: str) -> Session:
    """Log in through the login form: GET it for the CSRF token, POST it. The token stays the
    session's (Flask-WTF keeps it in the session across the login), so it is the one htmx would
    send in X-CSRFToken."""
    jar: dict[str, str] = {}
    status, found, page = request(port, "GET", "/auth/login")
    _cookies(found, jar)
    token = html.unescape(
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1))
    body = urllib.parse.urlencode({"login": login_name, "password": password,
                                   "csrf_token": token})
    status, found, page = request(port, "POST", "/auth/login", {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}, body)
    _cookies(found, jar)
    if status != 302 or "/auth/" in found.get("location", [""])[0]:
        raise SystemExit(f"login of {login_name} refused ({status})")
    return Session(login_name, "; ".join(f"{k}={v}" for k, v in jar.items()), token)


def login_all(port: int, logins: list[str], password: str) -> dict[str, Session]:
    """Log every distinct login in, four at a time."""
    distinct = sorted(set(logins))
    with ThreadPoolExecutor(4) as pool:
        sessions = pool.map(lambda name: login(port, name, password), distinct)
        return dict(zip(distinct, sessions))


@dataclasses.dataclass
class Req:
    """One prepared request of a wrk list; once: send it on the first lap only (a POST)."""

    kind: str
    method: str
    path: str
    headers: dict[str, str]
    body: str = ""
    once: bool = False


def form(fields: dict) -> str:
    return urllib.parse.urlencode(fields)


def post(kind: str, session: Session, path: str, fields: dict) -> Req:
    """An htmx POST as the page sends it: the CSRF header, HX-Request, a urlencoded form."""
    return Req(kind, "POST", path, {**session.headers(htmx=True),
                                    "Content-Type": "application/x-www-form-urlencoded"},
               form(fields), once=True)


def get(kind: str, session: Session | None, path: str) -> Req:
    return Req(kind, "GET", path, session.headers() if session else {})


def _lua_string(text: str) -> str:
    return "\"" + "".join(c if c.isalnum() or c in " /?=&-_.:;%,+" else f"\\{ord(c)}"
                          for c in text) + "\""


def _lua_list(requests: list[Req]) -> str:
    rows = []
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers.items())
        rows.append(f"{{{_lua_string(r.kind)}, {_lua_string(r.method)}, {_lua_string(r.path)}, "
                    f"{{{headers}}}, {'true' if r.once else 'false'}, {_lua_string(r.body)}}}")
    return "return {\n" + ",\n".join(rows) + "\n}\n"


@dataclasses.dataclass
class Stats:
    """What wrk saw of one kind of request (or of all, kind 'overall')."""

    kind: str
    count: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx responses
    statuses: dict[int, int]


@dataclasses.dataclass
class Run:
    """One wrk run: stats per kind and overall, socket errors, and how many connections ran out
    of prepared POSTs (and repeated only their GETs after that)."""

    duration: float
    stats: dict[str, Stats]
    socket_errors: dict[str, int]
    exhausted_threads: int
    timeline: list[tuple[int, float]]  # (requests, p99 ms) sent in each sixth of the run


def _percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def wrk(port: int, lists: list[list[Req]], duration: int) -> Run:
    """Run wrk with one connection per list (thread) for duration seconds; per-kind stats."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        for n, requests in enumerate(lists):
            Path(folder, f"thread-{n}.lua").write_text(_lua_list(requests))
        completed = subprocess.run(
            ["wrk", "-t", str(len(lists)), "-c", str(len(lists)), "-d", f"{duration}s",
             "--timeout", "60s", "-s", str(BENCH / "wrk_mix.lua"), f"http://127.0.0.1:{port}"],
            env={**os.environ, "BENCH_REQUESTS": folder}, capture_output=True, text=True)
        if completed.returncode:
            raise SystemExit(f"wrk failed: {completed.stderr}")
        seconds = float(Path(folder, "duration.txt").read_text()) / 1e6
        by_kind: dict[str, list[tuple[int, float]]] = {}
        sent_at: list[tuple[int, float]] = []
        exhausted = 0
        for n in range(len(lists)):
            for line in Path(folder, f"samples-{n}.txt").read_text().splitlines():
                if line == "lap":
                    exhausted += 1
                    continue
                kind, status, latency, sent = line.rsplit(" ", 3)
                by_kind.setdefault(kind, []).append((int(status), int(latency) / 1000))
                sent_at.append((int(sent), int(latency) / 1000))
    socket_errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      completed.stdout)
    if match:
        socket_errors = dict(zip(socket_errors, map(int, match.groups())))
    everything = [sample for samples in by_kind.values() for sample in samples]
    stats = {kind: _stats(kind, samples, seconds)
             for kind, samples in sorted(by_kind.items())}
    stats["overall"] = _stats("overall", everything, seconds)
    return Run(seconds, stats, socket_errors, exhausted, _timeline(sent_at))


def _timeline(sent_at: list[tuple[int, float]], parts: int = 6) -> list[tuple[int, float]]:
    """Count and p99 of the requests sent in each sixth of the run: whether the tail is the
    workers' first requests (templates compiled, caches filled) or the whole run's."""
    if not sent_at:
        return []
    first = min(sent for sent, _ in sent_at)
    span = max(sent for sent, _ in sent_at) - first + 1
    windows: list[list[float]] = [[] for _ in range(parts)]
    for sent, latency in sent_at:
        windows[(sent - first) * parts // span].append(latency)
    return [(len(w), _percentile(sorted(w), 0.99)) for w in windows]


def _stats(kind: str, samples: list[tuple[int, float]], seconds: float) -> Stats:
    latencies = sorted(latency for _, latency in samples)
    statuses: dict[int, int] = {}
    for status, _ in samples:
        statuses[status] = statuses.get(status, 0) + 1
    return Stats(kind, len(samples), len(samples) / seconds, _percentile(latencies, 0.5),
                 _percentile(latencies, 0.99),
                 sum(n for status, n in statuses.items() if not 200 <= status < 300), statuses)


def bare_rate(connections: int, duration: int) -> float:
    """req/s of the bare Flask app at this many connections (started and stopped here)."""
    with bare_flask() as server:
        run = wrk(server.port, [[Req("bare", "GET", "/", {})]] * connections, duration)
    return run.stats["overall"].rate


def table(run: Run, bare: float, title: str) -> str:
    """The report of one run: one line per kind and the overall line."""
    lines = [title, f"  {'request':<40} {'count':>6} {'req/s':>7} {'bare %':>7} "
                    f"{'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"]
    for stats in run.stats.values():
        lines.append(f"  {stats.kind:<40} {stats.count:>6} {stats.rate:>7.1f} "
                     f"{100 * stats.rate / bare:>6.1f}% {stats.p50_ms:>8.0f} {stats.p99_ms:>8.0f} "
                     f"{stats.errors:>6}")
        bad = {s: n for s, n in stats.statuses.items() if not 200 <= s < 300}
        if bad and stats.kind != "overall":
            lines.append(f"  {'':<40} statuses: {bad}")
    errors = run.socket_errors
    lines.append(f"  bare Flask: {bare:.0f} req/s; socket errors: {errors}; "
                 f"run {run.duration:.0f} s")
    if len(run.timeline) > 1:
        lines.append("  p99 ms of the requests sent in each sixth of the run: "
                     + ", ".join(f"{p99:.0f} ({count})" for count, p99 in run.timeline))
    if run.exhausted_threads:
        lines.append(f"  note: {run.exhausted_threads} connections ran out of prepared POSTs and "
                     "repeated their GETs (prepare more with a higher --max-rate)")
    return "\n".join(lines)
