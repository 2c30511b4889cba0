"""The e-mail outbox (portal.services.messaging.outbox): written with the notification, sent
after the commit, sent again after a crashed sender's lease, never sent twice, given up after
OUTBOX_ATTEMPTS failures and listed for the admin."""
from __future__ import annotations

import datetime as dt
import socket

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Notification, OutboxMessage
from portal.models.base import utcnow
from portal.services.messaging import mail, outbox
from tests.integration.test_mail import approve_over_http, approved_notification, give_email

ADDRESS = "andi.pratama@jambiprov.go.id"


def messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def letter(org, **state) -> OutboxMessage:
    message = OutboxMessage(user_id=org.asn.user_id, to_address=ADDRESS, to_name="Andi",
                            subject=state.pop("subject"), body="Isi", **state)
    db.session.add(message)
    db.session.commit()
    return message


def test_an_approvals_email_goes_through_the_outbox_and_is_marked_sent(org, login_as,
                                                                       smtp_server):
    give_email(org.asn, ADDRESS)

    approve_over_http(org, login_as)

    [message] = [m for m in messages() if m.subject == "[Kinerja] Penilaian kinerja disetujui"]
    notification = approved_notification(org.asn)
    assert message.notification_ids == [notification.id]
    assert (message.attempts, message.sent_at is not None, message.failed_at) == (1, True, None)
    assert notification.emailed_at is not None
    assert [m.subject for m in smtp_server.to(ADDRESS)].count(message.subject) == 1


def test_the_message_is_written_in_the_transaction_of_its_notification(org, smtp_server):
    give_email(org.asn, ADDRESS)
    notification = Notification(user_id=org.asn.user_id, kind="approved",
                                params={"actor": "Kepala", "year": 2026})
    db.session.add(notification)
    db.session.flush()

    assert mail.queue_mail(db.session, [notification.id]) == 1
    db.session.rollback()  # what caused it did not happen: neither is kept, nothing is sent

    assert messages() == [] and smtp_server.messages == []


def test_a_crashed_senders_message_is_sent_after_its_lease_and_a_sent_one_never_again(
        org, smtp_server):
    past, future = utcnow() - dt.timedelta(seconds=1), utcnow() + dt.timedelta(minutes=5)
    crashed = letter(org, subject="claimed, lease over", attempts=1, claimed_until=past)
    letter(org, subject="sent already", attempts=1, sent_at=past)
    letter(org, subject="held by a live sender", attempts=1, claimed_until=future)

    assert outbox.send_pending() == 1
    assert outbox.send_pending() == 0  # a second run finds nothing left to send

    assert [m.subject for m in smtp_server.messages] == ["claimed, lease over"]
    crashed, sent, held = messages()
    assert (crashed.attempts, crashed.sent_at is not None, crashed.claimed_until) == (2, True, None)
    assert (sent.attempts, held.attempts, held.sent_at) == (1, 1, None)


def test_a_failing_message_is_tried_again_then_given_up_and_listed_for_the_admin(
        app, org, login_as):
    give_email(org.asn, ADDRESS)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port, MAIL_TIMEOUT=2,
                      OUTBOX_ATTEMPTS=2)

    approve_over_http(org, login_as)

    [message] = [m for m in messages() if m.subject == "[Kinerja] Penilaian kinerja disetujui"]
    assert (message.attempts, message.sent_at, message.failed_at) == (1, None, None)
    assert "ConnectionRefusedError" in message.last_error
    outbox.send_pending()  # the worker's next minute
    [message] = [m for m in messages() if m.subject == "[Kinerja] Penilaian kinerja disetujui"]
    assert (message.attempts, message.sent_at, message.failed_at is not None) == (2, None, True)
    assert outbox.send_pending() == 0 and messages()[-1].attempts == 2  # given up: left alone
    html = login_as(org.admin).get("/admin/jobs").get_data(as_text=True)
    assert "E-mail yang tidak terkirim" in html and ADDRESS in html
    assert "ConnectionRefusedError" in html
