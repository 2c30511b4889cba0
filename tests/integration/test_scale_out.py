"""Several app servers, one database: two gunicorn servers and one job-queue worker on one
PostgreSQL database and one Redis take an assessment through its cycle, each step on the other
server than the last; the approval's e-mail, written to the outbox by one server, is sent by the
worker; a logout on one server ends the session on the other.

PostgreSQL only (marker scale_out: scripts/test.sh's PostgreSQL run); about 15 seconds.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Indicator, Notification, OutboxMessage, Rhk, User
from tests.conftest import PASSWORD, fill_targets
from tests.http.helpers import RATING_FORM
from tests.integration.conftest import SmtpServer, _free_port

pytestmark = pytest.mark.scale_out

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ADDRESS = "andi.pratama@jambiprov.go.id"


@pytest.fixture
def postgresql(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("several servers share one PostgreSQL database (TEST_DATABASE_URL)")


class Browser:
    """One user's cookies, sent to whichever server a request goes to (same host, other port)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def request(self, url: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, final URL, body) of a GET, or of a POST of data with the CSRF token."""
        body = None
        headers = {}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrf_token": self.csrf}).encode()
            headers["X-CSRFToken"] = self.csrf
        try:
            with self.opener.open(urllib.request.Request(url, body, headers), timeout=30) as r:
                return r.status, r.geturl(), r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()

    def login(self, server: str, login: str) -> None:
        _, _, page = self.request(f"{server}/auth/login")
        self.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        status, final, _ = self.request(f"{server}/auth/login",
                                        {"login": login, "password": PASSWORD})
        assert status == 200 and "/auth/login" not in final, final


def _start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _wait_until_serving(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/auth/login", timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"{url} did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)


@pytest.fixture
def cluster(app, postgresql, redis_url, tmp_path):
    """Two app servers and one worker on the test database and Redis, started now: (a function
    that waits for the servers and returns their URLs, the SMTP server the worker sends to)."""
    smtp = SmtpServer("127.0.0.1", _free_port())
    smtp.start()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "REDIS_URL": redis_url, "SECRET_KEY": "scale-out-secret", "JOBS_IMMEDIATE": "0",
           "MAIL_SERVER": smtp.host, "MAIL_PORT": str(smtp.port), "MAIL_USE_TLS": "0",
           "PORTAL_BASE_URL": "https://kinerja.jambiprov.go.id",
           "IMPORT_DIR": str(tmp_path / "imports"), "BUNDLE_DIR": str(tmp_path / "bundles")}
    servers = [f"http://127.0.0.1:{_free_port()}" for _ in range(2)]
    processes = [_start([str(BIN / "gunicorn"), "--workers", "1", "--threads", "2", "--bind",
                         url.removeprefix("http://"), "app:app"], env) for url in servers]
    processes.append(_start([str(BIN / "flask"), "--app", "app", "worker", "--threads", "1"],
                            env))
    def ready() -> list[str]:
        """Wait for the servers (they start while the test builds its data); their URLs."""
        for url, process in zip(servers, processes):
            _wait_until_serving(url, process)
        return servers

    try:
        yield ready, smtp
    finally:
        for process in processes:  # gunicorn's quick shutdown; the worker's immediate one
            process.send_signal(signal.SIGINT if process is not processes[-1] else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()


def _assessment(aid: int) -> Assessment:
    db.session.expire_all()
    return db.session.get(Assessment, aid)


def _act(browser: Browser, server: str, aid: int, trigger: str, state: str) -> None:
    status, _, html = browser.request(f"{server}/assessments/{aid}/actions/{trigger}",
                                      {"version": _assessment(aid).version, "confirmed": "y"})
    assert status == 200, html[-3000:]
    assert _assessment(aid).state == state


def test_two_app_servers_and_a_worker_take_an_assessment_through_its_cycle(cluster, org):
    ready, smtp = cluster
    db.session.get(User, org.asn.user_id).email = ADDRESS
    db.session.commit()
    aid = org.assessment_id(org.asn)
    fill_targets(aid)  # the SKP's RHK and indicator (set-up)
    asn, supervisor, committee, head = Browser(), Browser(), Browser(), Browser()
    a, b = ready()

    asn.login(a, org.asn.login)
    _act(asn, b, aid, "submit_targets", "targets_submitted")  # signed in on A, acts on B
    supervisor.login(b, org.supervisor.login)
    _act(supervisor, a, aid, "approve_targets", "targets_approved")
    indicator = db.session.scalar(sa.select(Indicator.id).join(Rhk).where(Rhk.assessment_id == aid))
    status, _, html = asn.request(f"{b}/assessments/{aid}/realisations", {
        "version": _assessment(aid).version, "period_no": "0",
        f"value-{indicator}": "1150", f"note-{indicator}": "Laporan bulanan"})
    assert status == 200, html[-3000:]
    _act(asn, a, aid, "submit_self_assessment", "self_assessed")
    status, _, html = supervisor.request(f"{b}/assessments/{aid}/ratings", {
        **RATING_FORM, "version": _assessment(aid).version})
    assert status == 200, html[-3000:]
    _act(supervisor, a, aid, "submit_review", "reviewed")
    committee.login(a, org.committee.login)
    _act(committee, b, aid, "calibrate", "calibrated")
    head.login(b, org.head.login)
    _act(head, a, aid, "approve", "approved")

    # The approval's e-mail: written to the outbox by server A, sent by the worker.
    deadline = time.monotonic() + 20
    while True:
        db.session.expire_all()
        approved = db.session.scalar(sa.select(OutboxMessage).where(
            OutboxMessage.subject == "[Kinerja] Penilaian kinerja disetujui"))
        if approved is not None and approved.sent_at is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert approved is not None and approved.sent_at is not None and approved.attempts == 1
    notification = db.session.get(Notification, approved.notification_ids[0])
    assert notification.emailed_at is not None
    assert [m.subject for m in smtp.to(ADDRESS)].count(approved.subject) == 1

    # A logout on A ends the session on B too.
    assert "/auth/login" not in asn.request(f"{b}/assessments/{aid}")[1]
    status, _, _ = asn.request(f"{a}/auth/logout", {})
    assert status == 200
    assert "/auth/login" in asn.request(f"{b}/assessments/{aid}")[1]
