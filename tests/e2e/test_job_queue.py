"""The admin's page of background jobs in Chromium (issue 12, item 3): each job's state with its
attempts and error, and the e-mail the outbox gave up, on a phone and on a desktop."""
import datetime as dt

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import BackgroundJob, OutboxMessage
from portal.models.base import utcnow
from tests.e2e.conftest import ARTIFACTS, accessibility_violations
from tests.e2e.test_outside_and_bundles import log_in  # the test organisation's password
from tests.e2e.steps import DESKTOP

pytestmark = pytest.mark.e2e


@DESKTOP
def test_an_admin_sees_each_jobs_state_and_the_email_given_up(org, live_server, new_page,
                                                              width):
    now = utcnow()
    db.session.add_all([
        BackgroundJob(kind="reminders", state="done", attempts=1, finished_at=now),
        BackgroundJob(kind="people_import", target_id=1, state="retrying", attempts=1,
                      error="OperationalError: server closed the connection unexpectedly",
                      lease_until=now + dt.timedelta(minutes=5)),
        BackgroundJob(kind="document_bundle", target_id=2, state="failed", attempts=3,
                      error="lease_expired", finished_at=now),
        OutboxMessage(user_id=org.asn.user_id, to_address="andi.pratama@jambiprov.go.id",
                      to_name="Andi Pratama", subject="[Kinerja] Penilaian kinerja disetujui",
                      body="…", attempts=5, failed_at=now,
                      last_error="SMTPRecipientsRefused: {'andi.pratama@jambiprov.go.id': "
                                 "(550, b'mailbox unavailable')}"),
    ])
    db.session.commit()
    page = new_page(viewport={"width": width, "height": 900})
    log_in(page, live_server, org.admin.login)

    page.goto(f"{live_server}/admin/jobs")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tugas latar belakang")
    expect(page.get_by_text("percobaan 1 dari 3 gagal; dicoba lagi sebentar lagi.")).to_be_visible()
    expect(page.get_by_text("Kesalahan terakhir: pekerja berhenti sebelum tugas selesai")) \
        .to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Andi Pratama")).to_contain_text(
        "mailbox unavailable")
    assert accessibility_violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"admin-jobs-{width}.png", full_page=True)
