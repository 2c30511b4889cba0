"""The links in e-mail carry the portal's public address: PORTAL_BASE_URL when set, else the
host of the request that caused the message; never a made-up 127.0.0.1."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Notification
from portal.services.messaging import mail
from tests.http.helpers import advance
from tests.http.test_public_links import HOST, signed_in_at
from tests.integration.test_mail import give_email


def test_without_a_setting_an_email_sent_in_a_request_links_to_the_requests_host(
        app, org, smtp_server):
    app.config["PORTAL_BASE_URL"] = ""
    give_email(org.asn, "andi.pratama@jambiprov.go.id")
    aid = advance(org, "calibrated")
    head = signed_in_at(app, org.head, HOST)

    head.post(f"/assessments/{aid}/actions/approve",
              {"confirmed": "y", "version": db.session.get(Assessment, aid).version})

    [message] = [m for m in smtp_server.to("andi.pratama@jambiprov.go.id")
                 if m.subject == "[Kinerja] Penilaian kinerja disetujui"]
    assert f"Buka di portal: http://{HOST}/assessments/{aid}" in message.body
    assert f"http://{HOST}/notifications/" in message.body
    assert "127.0.0.1" not in message.body


def test_from_cron_without_a_setting_an_email_carries_paths_and_a_warning_is_logged(
        app, org, smtp_server, caplog):
    app.config["PORTAL_BASE_URL"] = ""
    give_email(org.asn, "andi.pratama@jambiprov.go.id")
    aid = advance(org, "draft_targets")
    notification = Notification(
        user_id=org.asn.user_id, kind="targets_returned", assessment_id=aid,
        params={"actor": "Rahmawati", "year": 2026, "reason": "Lengkapi target."})
    db.session.add(notification)
    db.session.commit()

    with caplog.at_level(logging.WARNING, logger=app.logger.name):
        queued = mail.queue_mail(db.session, [notification.id])
        db.session.commit()  # the outbox's sender runs after the commit (inline in the tests)

    assert queued == 1
    [message] = smtp_server.to("andi.pratama@jambiprov.go.id")
    assert f"Buka di portal: /assessments/{aid}" in message.body
    assert "127.0.0.1" not in message.body
    assert any("PORTAL_BASE_URL is not set" in r.getMessage() for r in caplog.records)
    assert db.session.scalar(sa.select(Notification.emailed_at)
                             .where(Notification.id == notification.id)) is not None
