"""A development plan's notifications are e-mailed as the assessment's are, linking to the plan
(through a real SMTP server, aiosmtpd on 127.0.0.1)."""
from __future__ import annotations

from tests.http.test_followup import accept, approved_quickly, followup_of, plan_of
from tests.integration.test_mail import BASE, give_email


def test_an_opened_plan_emails_the_employee_a_link_to_the_plan(org, login_as, smtp_server):
    give_email(org.asn, "andi.pratama@jambiprov.go.id")
    assessment_id = approved_quickly(org, "below", "meets")

    assert accept(login_as(org.admin), followup_of(assessment_id).id).status_code == 303

    [message] = smtp_server.to("andi.pratama@jambiprov.go.id")
    assert message.subject == "[Kinerja] Rencana pengembangan menunggu persetujuan Anda"
    assert "setujui rencana ini" in message.body
    assert f"Buka di portal: {BASE}/followup/plans/{plan_of(assessment_id).id}" in message.body
