"""Peer feedback by e-mail: a colleague asked for feedback gets a message, through a real SMTP
server (aiosmtpd on 127.0.0.1)."""
from __future__ import annotations

from portal.extensions import db
from portal.models import User
from portal.services.feedback import peers
from tests.http.helpers import advance


def test_a_colleague_asked_for_feedback_is_emailed(org, login_as, smtp_server):
    db.session.get(User, org.peer.user_id).email = "siti.nurhaliza@jambiprov.go.id"
    db.session.commit()
    aid = advance(org, "targets_approved")
    deadline = peers.today()

    response = login_as(org.supervisor).post(f"/peers/assessments/{aid}/requests", {
        "reviewer_ids": [org.peer.employee_id], "period_no": 0, "deadline": deadline.isoformat()})

    assert response.status_code == 200
    [message] = smtp_server.to("siti.nurhaliza@jambiprov.go.id")
    assert message.subject == "[Kinerja] Permintaan umpan balik rekan"
    assert "Rahmawati, S.Sos meminta umpan balik Anda tentang perilaku kerja Andi Pratama" in (
        message.body)
    assert "Isi melalui menu Umpan balik rekan." in message.body
    assert "Buka di portal: https://kinerja.jambiprov.go.id/peers/" in message.body
