"""The job queue (portal.services.queue): retries with their visible state, a job given up after
its last attempt, a job sent twice run once, and the admin's page of jobs."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import BackgroundJob
from portal.models.base import utcnow
from portal.services import queue


@pytest.fixture
def flaky(monkeypatch):
    """A kind of job 'flaky' that fails its first `fails` runs; what it ran and gave up."""
    seen = {"runs": [], "given_up": [], "fails": 1}

    def run(target_id):
        seen["runs"].append(target_id)
        if len(seen["runs"]) <= seen["fails"]:
            raise ConnectionError(f"SMTP down (run {len(seen['runs'])})")

    monkeypatch.setitem(queue.KINDS, "flaky", queue.Kind(run, seen["given_up"].append))
    return seen


def test_a_job_that_fails_once_is_tried_again_and_done_on_its_second_attempt(app, flaky):
    job = queue.enqueue("flaky", 7)

    assert flaky["runs"] == [7, 7]
    assert (job.state, job.attempts, job.finished_at is not None) == ("done", 2, True)
    assert flaky["given_up"] == []


def test_a_job_that_fails_every_attempt_is_failed_with_its_error_and_given_up(app, flaky):
    flaky["fails"] = 99

    job = queue.enqueue("flaky", 7)

    assert len(flaky["runs"]) == app.config["JOB_ATTEMPTS"] == 3
    assert (job.state, job.attempts, job.error) == ("failed", 3, "ConnectionError: SMTP down (run 3)")
    assert flaky["given_up"] == [7]
    assert db.session.scalar(sa.select(BackgroundJob.state)) == "failed"  # stored, not cached


def test_a_failed_attempt_waits_its_delay_as_retrying_with_its_attempt(app, flaky, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_RETRY_DELAY", 30)

    job = queue.enqueue("flaky", 7)

    assert (job.state, job.attempts, flaky["runs"]) == ("retrying", 1, [7])
    assert queue.sweep() == 0  # the retry is Huey's to send once its delay is over...
    assert queue.sweep(now=utcnow() + dt.timedelta(hours=1)) == 1  # ...or the sweep's if lost
    db.session.expire_all()
    assert (job.state, job.attempts) == ("done", 2)


def test_a_job_sent_twice_runs_once(app, flaky):
    flaky["fails"] = 0
    job = queue.enqueue("flaky", 7)

    queue._send(job.id)  # a duplicate delivery (e.g. the sweep re-sent it meanwhile)

    assert flaky["runs"] == [7]


def test_a_running_job_whose_lease_runs_is_left_to_its_worker(app, flaky):
    flaky["fails"] = 0
    job = BackgroundJob(kind="flaky", target_id=7, state="running", attempts=1,
                        lease_until=utcnow() + dt.timedelta(minutes=5))
    db.session.add(job)
    db.session.commit()

    queue._send(job.id)
    assert queue.sweep() == 0

    assert flaky["runs"] == []


def test_the_admins_job_page_shows_each_jobs_state_and_error(app, org, login_as, flaky):
    flaky["fails"] = 99
    queue.enqueue("flaky", 7)
    flaky["fails"] = 0
    queue.enqueue("reminders")

    response = login_as(org.admin).get("/admin/jobs")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "gagal setelah 3 percobaan." in html
    assert "Kesalahan terakhir: ConnectionError: SMTP down (run 3)" in html
    assert "Pengingat harian" in html and "selesai." in html
    assert login_as(org.head).get("/admin/jobs").status_code == 403


def test_a_job_of_a_kind_this_version_no_longer_has_is_failed_not_retried(app):
    job = BackgroundJob(kind="gone", state="queued", max_attempts=3)
    db.session.add(job)
    db.session.commit()

    queue._send(job.id)

    db.session.expire_all()
    assert (job.state, job.attempts, job.error) == ("failed", 3, "unknown job kind 'gone'")


def test_work_run_here_by_a_command_is_recorded_as_a_job_and_its_failure_too(app, flaky):
    assert queue.run_here("flaky", 3, lambda: 42) == 42
    flaky["fails"] = 99
    with pytest.raises(ConnectionError):
        queue.run_here("flaky", 4, lambda: queue.KINDS["flaky"].run(4))

    done, failed = db.session.scalars(sa.select(BackgroundJob).order_by(BackgroundJob.id)).all()
    assert (done.kind, done.target_id, done.state, done.attempts) == ("flaky", 3, "done", 1)
    assert (failed.state, failed.error) == ("failed", "ConnectionError: SMTP down (run 1)")
    assert failed.finished_at is not None and failed.lease_until is None
    assert flaky["given_up"] == []  # the command's caller saw the error; nothing to give up
