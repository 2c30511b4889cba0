"""The e-mail outbox: messages written in the transaction that causes them, sent by a job.

add() writes messages (models.OutboxMessage) in the caller's transaction; once it commits, the
job queue's send_mail task runs send_pending(), which the worker also runs every minute. A
sender claims each message for OUTBOX_LEASE_SECONDS in one conditional UPDATE (so two senders
never take the same one), sends it and records sent_at with the notifications' emailed_at in
one commit. A sender that crashes before that commit leaves its claimed messages to be claimed
again after the lease; a sent message is never claimed again. A failed attempt records its
error; after OUTBOX_ATTEMPTS attempts the message is given up (failed_at), listed on the admin's
job page (portal.admin, /admin/jobs).
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from portal.extensions import db
from portal.models import Notification, OutboxMessage
from portal.models.base import utcnow
from portal.services.messaging import mail

log = logging.getLogger(__name__)

BATCH = 100  # messages claimed per run; the next run takes the rest
PENDING_FLAG = "outbox_pending"


def add(session: so.Session, messages: list[OutboxMessage]) -> None:
    """Write messages in session's transaction (no commit); the sender starts after it commits."""
    if messages:
        session.add_all(messages)
        session.info[PENDING_FLAG] = True


@sa.event.listens_for(so.Session, "after_commit")
def _after_commit(session: so.Session) -> None:
    """Start the sender once messages written in this transaction are committed: by the
    outermost COMMIT, not a savepoint's release (the notifications of a transition are written
    in one), which SQLAlchemy reports as a commit too."""
    if session.in_nested_transaction():
        return
    if session.info.pop(PENDING_FLAG, False):
        try:
            current_app.extensions["huey_tasks"]["send_mail"]()
        except Exception:  # noqa: BLE001  (the messages wait for the worker's next minute)
            log.exception("the e-mail sender could not be started; the worker will send them")


@sa.event.listens_for(so.Session, "after_rollback")
def _after_rollback(session: so.Session) -> None:
    session.info.pop(PENDING_FLAG, None)


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(current_app.config["OUTBOX_LEASE_SECONDS"]))


def _open(now: dt.datetime):
    """The messages a sender may take now: unsent, not given up, unclaimed or lease over."""
    return sa.and_(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                   sa.or_(OutboxMessage.claimed_until.is_(None),
                          OutboxMessage.claimed_until < now))


def claim(now: dt.datetime | None = None, limit: int = BATCH) -> list[int]:
    """Claim up to limit pending messages for this sender (committed); their ids."""
    now = now or utcnow()
    candidates = db.session.scalars(sa.select(OutboxMessage.id).where(_open(now))
                                    .order_by(OutboxMessage.id).limit(limit)).all()
    claimed = []
    for message_id in candidates:
        taken = db.session.execute(
            sa.update(OutboxMessage).where(OutboxMessage.id == message_id, _open(now))
            .values(claimed_until=now + _lease(), attempts=OutboxMessage.attempts + 1)).rowcount
        if taken:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def send_pending(now: dt.datetime | None = None) -> int:
    """Claim the pending messages and send them over one SMTP connection; returns how many
    were sent. Without MAIL_SERVER nothing is sent (the messages wait)."""
    config = mail.settings()
    if config is None:
        return 0
    ids = claim(now)
    if not ids:
        return 0
    messages = list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                       .order_by(OutboxMessage.id)))
    sent = 0
    try:
        with mail.connect(config) as smtp:
            for message in messages:
                try:
                    smtp.send_message(mail.message(config, message.to_name, message.to_address,
                                                   message.subject, message.body))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                        smtplib.SMTPSenderRefused) as error:
                    _failed(message, error)
                    continue
                _sent(message)
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        log.exception("sending e-mail through %s:%s failed; %d of %d sent",
                      config.server, config.port, sent, len(messages))
        for message in messages:
            if message.sent_at is None and message.failed_at is None:
                _failed(message, error)
    return sent


def _sent(message: OutboxMessage) -> None:
    now = utcnow()
    message.sent_at, message.claimed_until, message.last_error = now, None, ""
    if message.notification_ids:
        db.session.execute(sa.update(Notification)
                           .where(Notification.id.in_(message.notification_ids))
                           .values(emailed_at=now))
    db.session.commit()


def _failed(message: OutboxMessage, error: Exception) -> None:
    """Record a failed attempt; the message is tried again by the next run, or given up."""
    log.warning("e-mail %s to %s failed (attempt %s): %s", message.id, message.to_address,
                message.attempts, error)
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.claimed_until = None
    if message.attempts >= int(current_app.config["OUTBOX_ATTEMPTS"]):
        message.failed_at = utcnow()
    db.session.commit()


def given_up(limit: int = 50) -> list[OutboxMessage]:
    """The latest messages given up after their last attempt, newest first (one query)."""
    return list(db.session.scalars(sa.select(OutboxMessage)
                                   .where(OutboxMessage.failed_at.is_not(None))
                                   .order_by(OutboxMessage.id.desc()).limit(limit)))
