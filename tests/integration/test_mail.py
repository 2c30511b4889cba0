"""Notifications by e-mail, through a real SMTP server (aiosmtpd on 127.0.0.1)."""
from __future__ import annotations

import socket

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Notification, User
from tests.http.helpers import advance

BASE = "https://kinerja.jambiprov.go.id"


def give_email(persona, address: str) -> None:
    db.session.get(User, persona.user_id).email = address
    db.session.commit()


def approve_over_http(org, login_as) -> int:
    aid = advance(org, "calibrated")
    db.session.expire_all()
    version = db.session.get(Assessment, aid).version
    response = login_as(org.head).post(f"/assessments/{aid}/actions/approve",
                                       {"confirmed": "y", "version": version})
    assert response.status_code == 200
    return aid


def approved_notification(persona) -> Notification:
    db.session.expire_all()
    return db.session.scalar(sa.select(Notification).where(
        Notification.user_id == persona.user_id, Notification.kind == "approved"))


def test_an_approval_emails_the_employee(org, login_as, smtp_server):  # noqa: F811
    give_email(org.asn, "andi.pratama@jambiprov.go.id")

    aid = approve_over_http(org, login_as)

    received = smtp_server.to("andi.pratama@jambiprov.go.id")
    assert [m.subject for m in received] == [  # one message per event on the way
        "[Kinerja] SKP ditetapkan", "[Kinerja] Kinerja Anda telah dinilai",
        "[Kinerja] Penilaian kinerja disetujui"]
    message = received[-1]
    assert message.message["To"] == "Andi Pratama <andi.pratama@jambiprov.go.id>"
    assert message.message["From"] == "Kinerja <kinerja@bkd.jambiprov.go.id>"
    assert message.mail_from == "kinerja@bkd.jambiprov.go.id"
    assert "Yth. Andi Pratama," in message.body
    assert "Penilaian SKP 2026 Andi Pratama telah disetujui dengan predikat Baik." in message.body
    assert f"Buka di portal: {BASE}/assessments/{aid}" in message.body
    assert approved_notification(org.asn).emailed_at is not None


def test_users_without_an_address_get_the_notification_in_app_only(org, login_as,
                                                                   smtp_server):  # noqa: F811
    give_email(org.asn, "andi.pratama@jambiprov.go.id")

    approve_over_http(org, login_as)

    assert {r for m in smtp_server.messages for r in m.rcpt_tos} == {
        "andi.pratama@jambiprov.go.id"}
    supervisors = approved_notification(org.supervisor)
    assert supervisors is not None and supervisors.emailed_at is None


def test_every_message_is_in_indonesian_whatever_the_actors_language(org, login_as,
                                                                     smtp_server):  # noqa: F811
    give_email(org.supervisor, "rahmawati@jambiprov.go.id")
    aid = advance(org, "targets_submitted")
    client = login_as(org.supervisor)
    client.post("/auth/language/en", {"next": "/"}, htmx=False)
    db.session.expire_all()
    version = db.session.get(Assessment, aid).version
    # The ASN resubmits after a return, so the supervisor is told again: in Indonesian.
    client.post(f"/assessments/{aid}/actions/return_targets",
                {"confirmed": "y", "version": version, "reason": "Lengkapi target."})
    db.session.expire_all()
    asn_client = login_as(org.asn)
    asn_client.post(f"/assessments/{aid}/actions/submit_targets",
                    {"confirmed": "y", "version": db.session.get(Assessment, aid).version})

    subjects = [m.subject for m in smtp_server.to("rahmawati@jambiprov.go.id")]
    assert subjects == ["[Kinerja] SKP diajukan untuk ditetapkan"] * 2


def test_without_a_mail_server_nothing_is_sent(org, login_as):
    give_email(org.asn, "andi.pratama@jambiprov.go.id")

    approve_over_http(org, login_as)

    assert approved_notification(org.asn).emailed_at is None


def test_an_smtp_failure_leaves_the_notification_in_app_and_the_action_done(app, org, login_as):
    give_email(org.asn, "andi.pratama@jambiprov.go.id")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port, MAIL_TIMEOUT=2)

    aid = approve_over_http(org, login_as)

    db.session.expire_all()
    assert db.session.get(Assessment, aid).state == "approved"
    notification = approved_notification(org.asn)
    assert notification is not None and notification.emailed_at is None
