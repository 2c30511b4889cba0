"""E-mail of notifications over SMTP when MAIL_SERVER is configured (standard library only).

Settings (app config): MAIL_SERVER (no server: no e-mail, notifications stay in-app),
MAIL_PORT (25), MAIL_USE_TLS (0/1: STARTTLS), MAIL_USERNAME, MAIL_PASSWORD, MAIL_FROM,
MAIL_TIMEOUT (seconds, 10); the links take the portal's public address from portal.links.
A notification's e-mail is written to the outbox (models.OutboxMessage) in the transaction that
writes the notification (queue_mail); the outbox's sender (services.messaging.outbox), on the job
queue, sends it and marks the notification emailed_at.
"""
from __future__ import annotations

import smtplib
import ssl
from collections import defaultdict
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.links import public_url
from portal.models import Notification, OutboxMessage, User
from portal.services.messaging.texts import render, target, title

CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True)
class Settings:
    server: str
    port: int
    use_tls: bool
    username: str
    password: str
    sender: str
    timeout: float


def settings() -> Settings | None:
    """The SMTP settings of the current app, or None when e-mail is not configured."""
    config = current_app.config
    server = (config.get("MAIL_SERVER") or "").strip()
    if not server:
        return None
    return Settings(
        server=server,
        port=int(config.get("MAIL_PORT") or 25),
        use_tls=str(config.get("MAIL_USE_TLS", "0")).strip().lower() in ("1", "true", "yes", "on"),
        username=config.get("MAIL_USERNAME") or "",
        password=config.get("MAIL_PASSWORD") or "",
        sender=config.get("MAIL_FROM") or "kinerja@localhost",
        timeout=float(config.get("MAIL_TIMEOUT") or 10),
    )


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True)
class Letter:
    """One e-mail to write to the outbox: to whom, what, and the notifications it tells of."""

    user_id: int
    to_name: str
    to_email: str
    subject: str
    body: str
    notification_ids: list[int]


def queue_mail(session: so.Session, notification_ids: list[int], *, digest: bool = False) -> int:
    """Write the e-mail of the given notifications, to their users who have an address, to the
    outbox in session's transaction (no commit: the caller commits it with the notifications;
    the outbox's sender is started after the commit). Returns the messages written.

    digest=True writes each user one message listing all of theirs (reminders); otherwise one
    message per notification.
    """
    if settings() is None or not notification_ids:
        return 0
    rows = []
    for chunk in _chunks(sorted(set(notification_ids))):
        rows += session.execute(
            sa.select(Notification.id, Notification.user_id, Notification.kind,
                      Notification.params, Notification.assessment_id, User.email,
                      User.display_name)
            .join(User, User.id == Notification.user_id)
            .where(Notification.id.in_(chunk), Notification.emailed_at.is_(None),
                   User.email.is_not(None), User.email != "", User.enabled)
            .order_by(Notification.id)).all()
    if not rows:
        return 0
    with force_locale("id"):  # the e-mail goes out in Indonesian, the portal's own language
        letters = _digests(rows) if digest else [_single(row) for row in rows]
    from portal.services.messaging import outbox
    outbox.add(session, [OutboxMessage(
        user_id=letter.user_id, to_address=letter.to_email, to_name=letter.to_name,
        subject=letter.subject, body=letter.body, notification_ids=letter.notification_ids)
        for letter in letters])
    return len(letters)


def _link(row) -> str:
    endpoint, values = target(row.kind, row.assessment_id, row.params) or (
        "notifications.index", {})
    return public_url(endpoint, **values)


def message(config: Settings, to_name: str, to_email: str, subject: str,
            body: str) -> EmailMessage:
    """The e-mail as sent (its date and id are the sending's)."""
    email = EmailMessage()
    email["Subject"] = subject
    email["From"] = config.sender
    email["To"] = formataddr((to_name, to_email))
    email["Date"] = formatdate(localtime=True)
    domain = config.sender.rpartition("@")[2].strip(" >") or "localhost"
    email["Message-ID"] = make_msgid(domain=domain)
    email.set_content(body)
    return email


def _footer() -> str:
    notifications = public_url("notifications.index")
    return _("Pesan ini dikirim otomatis oleh portal Kinerja ASN Provinsi Jambi; jangan dibalas. "
             "Semua pemberitahuan Anda: %(url)s", url=notifications)


def _single(row) -> Letter:
    body = "\n\n".join([
        _("Yth. %(name)s,", name=row.display_name),
        render(row.kind, row.params),
        _("Buka di portal: %(url)s", url=_link(row)),
        "-- \n" + _footer(),
    ])
    return Letter(row.user_id, row.display_name, row.email,
                  _("[Kinerja] %(title)s", title=title(row.kind)), body, [row.id])


def _digests(rows) -> list[Letter]:
    """One message per user listing all their notifications (used for the daily reminders)."""
    by_user = defaultdict(list)
    for row in rows:
        by_user[row.user_id].append(row)
    letters = []
    for own in by_user.values():
        first = own[0]
        if len(own) == 1:
            letters.append(_single(first))
            continue
        items = "\n\n".join(f"- {render(r.kind, r.params)}\n  {_link(r)}" for r in own)
        body = "\n\n".join([
            _("Yth. %(name)s,", name=first.display_name),
            _("Ada %(count)s langkah SKP yang menunggu Anda:", count=len(own)),
            items,
            "-- \n" + _footer(),
        ])
        subject = _("[Kinerja] %(count)s pengingat tenggat SKP", count=len(own))
        letters.append(Letter(first.user_id, first.display_name, first.email, subject, body,
                              [r.id for r in own]))
    return letters


def connect(config: Settings) -> smtplib.SMTP:
    """An SMTP connection through the configured server, secured and logged in as set."""
    smtp = smtplib.SMTP(config.server, config.port, timeout=config.timeout)
    try:
        if config.use_tls:
            smtp.starttls(context=ssl.create_default_context())
        if config.username:
            smtp.login(config.username, config.password)
    except BaseException:
        smtp.close()
        raise
    return smtp
