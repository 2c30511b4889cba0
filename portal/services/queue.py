"""The job queue: background work (imports, period openings, PDF zips, reminders, indicator
refreshes, e-mail) runs in a worker process, on Huey.

Huey carries the work: SqliteHuey in a file beside the database (JOB_QUEUE_FILE) for `make run`,
RedisHuey when REDIS_URL is set (several app servers and workers), or inline in the process that
asks (JOBS_IMMEDIATE, and always in TESTING). The worker is `flask --app app worker`.

A BackgroundJob row records each job: the page of the work shows its state (queued, running,
retrying with its attempt, failed with its error, done). The row, not Huey, decides whether a
job runs: a worker claims it in one UPDATE (state running, lease_until), so a job sent twice runs
once. A job whose run raises is tried again after JOB_RETRY_DELAY seconds (growing with each
attempt), up to JOB_ATTEMPTS attempts, then failed and handed to its kind's give_up. A worker
that dies mid-job (a crash, a kill) leaves its lease to expire: the job's progress extends it
(heartbeat), and the sweep, every minute in the worker, sends an expired job again (as another
attempt) or gives it up when it had its last one.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.exceptions import RetryTask

from portal.extensions import db
from portal.models import BackgroundJob
from portal.models.base import utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Kind:
    """What a job of one kind does: run(target_id), and give_up(target_id) after its last
    failed attempt (to mark the row it worked on as failed), if anything must be said."""

    run: Callable[[int | None], object]
    give_up: Callable[[int | None], None] | None = None


KINDS: dict[str, Kind] = {}
# The error of an attempt whose worker died (its lease expired before it ended).
LEASE_EXPIRED = "lease_expired"
_current_job: contextvars.ContextVar[int | None] = contextvars.ContextVar("job", default=None)


def register(kind: str, run: Callable[[int | None], object],
             give_up: Callable[[int | None], None] | None = None) -> None:
    """Make jobs of kind runnable (each service module registers its own on import)."""
    KINDS[kind] = Kind(run, give_up)


def init_app(app: Flask) -> None:
    """Give app its Huey (app.extensions['huey']) with the job runner and the periodic tasks."""
    from portal.services.messaging import outbox  # noqa: F401  (its after-commit hook)
    config = app.config
    if config["JOBS_IMMEDIATE"] or config.get("TESTING"):
        huey = MemoryHuey("kinerja", immediate=True, results=False)
    elif config["REDIS_URL"]:
        huey = RedisHuey("kinerja", url=config["REDIS_URL"], results=False)
    else:
        huey = SqliteHuey("kinerja", results=False, filename=config["JOB_QUEUE_FILE"]
                          or os.path.join(app.instance_path, "jobs.sqlite"))

    @huey.task(name="run_job")
    def run_job(job_id: int) -> None:
        with app.app_context():
            _run(job_id)

    @huey.task(name="send_mail")
    def send_mail() -> None:
        with app.app_context():
            outbox.send_pending()

    @huey.periodic_task(crontab(minute="*"), name="sweep")
    def every_minute() -> None:
        with app.app_context():
            sweep()
            outbox.send_pending()  # messages whose sender died, once their lease is over

    hour = _utc_hour(config["REMINDERS_HOUR"], config["BABEL_DEFAULT_TIMEZONE"])

    @huey.periodic_task(crontab(minute="0", hour=str(hour)), name="daily")
    def daily() -> None:
        with app.app_context():
            enqueue("reminders")
            enqueue("indicator_refresh")

    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = {"run_job": run_job, "send_mail": send_mail}


def _utc_hour(local_hour: int, timezone: str) -> int:
    """The UTC hour of local_hour today in timezone (the portal's; WIB has no summer time)."""
    offset = dt.datetime.now(zoneinfo.ZoneInfo(timezone)).utcoffset() or dt.timedelta()
    return int(local_hour - offset.total_seconds() // 3600) % 24


def huey():
    return current_app.extensions["huey"]


def enqueue(kind: str, target_id: int | None = None) -> BackgroundJob:
    """Record a job of kind for target_id and send it to the queue; commits the session (the
    caller's pending changes with it), so that a worker finds both. Inline in JOBS_IMMEDIATE."""
    if kind not in KINDS:
        raise KeyError(kind)
    job = BackgroundJob(kind=kind, target_id=target_id,
                        max_attempts=int(current_app.config["JOB_ATTEMPTS"]),
                        lease_until=utcnow() + lease())
    db.session.add(job)
    db.session.commit()
    _send(job.id)
    db.session.expire_all()  # an inline run wrote in its own session
    return job


def _send(job_id: int) -> None:
    """Put the job on the queue; if the queue is unreachable the job stays queued and the sweep
    sends it again once its lease is over."""
    try:
        current_app.extensions["huey_tasks"]["run_job"](job_id)
    except Exception:  # noqa: BLE001  (the row is the record; the sweep retries)
        log.exception("job %s could not be queued; the sweep will send it again", job_id)


def run_here(kind: str, target_id: int | None, work: Callable[[], T]) -> T:
    """Run work now in this process (a `flask` command), recorded as the queue records a job of
    kind: a BackgroundJob row, running while work runs (its heartbeat() extends the lease), then
    done, or failed with the error, which is raised again so that the command fails. One
    attempt: whoever ran the command sees the error and may run it again; should the process
    die, the sweep finds the lease expired and gives the job up as it would a worker's."""
    if kind not in KINDS:
        raise KeyError(kind)
    now = utcnow()
    job = BackgroundJob(kind=kind, target_id=target_id, state="running", attempts=1,
                        max_attempts=1, started_at=now, lease_until=now + lease())
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    token = _current_job.set(job_id)
    try:
        result = work()
    except BaseException as error:
        db.session.rollback()
        failed = db.session.get(BackgroundJob, job_id)
        failed.state, failed.finished_at, failed.lease_until = "failed", utcnow(), None
        failed.error = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        raise
    finally:
        _current_job.reset(token)
    _done(job_id)
    return result


def _done(job_id: int) -> None:
    job = db.session.get(BackgroundJob, job_id)
    job.state, job.finished_at, job.lease_until = "done", utcnow(), None
    db.session.commit()


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(current_app.config["JOB_LEASE_SECONDS"]))


def _run(job_id: int) -> None:
    """Claim the job and run it; on an error, retry it later or give it up (see module doc)."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(BackgroundJob)
        .where(BackgroundJob.id == job_id,
               BackgroundJob.attempts < BackgroundJob.max_attempts,
               sa.or_(BackgroundJob.state.in_(("queued", "retrying")),
                      sa.and_(BackgroundJob.state == "running",
                              BackgroundJob.lease_until < now)))
        .values(state="running", attempts=BackgroundJob.attempts + 1, started_at=now,
                lease_until=now + lease())).rowcount
    db.session.commit()
    if not claimed:
        return  # done, failed, or running in another worker
    job = db.session.get(BackgroundJob, job_id)
    kind = KINDS.get(job.kind)
    if kind is None:  # a kind this version no longer has: nothing can run it
        _fail_for_good(job, f"unknown job kind {job.kind!r}")
        return
    token = _current_job.set(job_id)
    try:
        kind.run(job.target_id)
    except Exception as error:
        log.exception("%s job %s failed (attempt %s of %s)", job.kind, job_id, job.attempts,
                      job.max_attempts)
        db.session.rollback()
        delay = _fail(db.session.get(BackgroundJob, job_id), f"{type(error).__name__}: {error}")
        if delay is not None:
            raise RetryTask(delay=delay or None) from error  # None: at once (no eta)
        return
    finally:
        _current_job.reset(token)
    _done(job_id)


def _fail(job: BackgroundJob, error: str) -> int | None:
    """Record a failed attempt (committed): the delay in seconds before the next one, or None
    when it was the last (the job is failed and its kind's give_up told)."""
    job.error = error[:2000]
    now = utcnow()
    if job.attempts < job.max_attempts:
        delay = int(current_app.config["JOB_RETRY_DELAY"]) * job.attempts
        job.state, job.lease_until = "retrying", now + dt.timedelta(seconds=delay) + lease()
        db.session.commit()
        return delay
    job.state, job.finished_at, job.lease_until = "failed", now, None
    db.session.commit()
    kind = KINDS.get(job.kind)  # None: a kind this version no longer has
    give_up = kind.give_up if kind is not None else None
    if give_up is not None:
        try:
            give_up(job.target_id)
        except Exception:  # noqa: BLE001  (the job's own row says it failed already)
            log.exception("giving up %s job %s failed", job.kind, job.id)
            db.session.rollback()
    return None


def _fail_for_good(job: BackgroundJob, error: str) -> None:
    job.attempts = job.max_attempts
    _fail(job, error)


def heartbeat() -> None:
    """Extend the lease of the job running in this context, if any, with the caller's next
    commit: the long jobs call it as they make progress, so that only a dead one expires."""
    job_id = _current_job.get()
    if job_id is not None:
        db.session.execute(sa.update(BackgroundJob).where(BackgroundJob.id == job_id)
                           .values(lease_until=utcnow() + lease()))


def sweep(now: dt.datetime | None = None) -> int:
    """Send again every open job whose lease is over (its worker died, or the queue lost it),
    or give it up when it had its last attempt; returns how many were sent again."""
    now = now or utcnow()
    expired = list(db.session.scalars(sa.select(BackgroundJob).where(
        BackgroundJob.state.in_(BackgroundJob.OPEN), BackgroundJob.lease_until < now)))
    again = []
    for job in expired:
        if job.state == "running":  # its worker died: that attempt failed
            if job.attempts >= job.max_attempts:
                _fail(job, LEASE_EXPIRED)
                continue
            job.state, job.error = "retrying", LEASE_EXPIRED
        job.lease_until = now + lease()
        again.append(job.id)
    db.session.commit()
    for job_id in again:
        _send(job_id)
    return len(again)


def latest(kind: str, target_id: int | None) -> BackgroundJob | None:
    """The latest job of kind for target_id (one query): what its page shows."""
    return db.session.scalar(
        sa.select(BackgroundJob).where(BackgroundJob.kind == kind,
                                       BackgroundJob.target_id == target_id)
        .order_by(BackgroundJob.id.desc()).limit(1))


def recent(limit: int = 50) -> list[BackgroundJob]:
    """The latest jobs of every kind, newest first (one query)."""
    return list(db.session.scalars(
        sa.select(BackgroundJob).order_by(BackgroundJob.id.desc()).limit(limit)))
