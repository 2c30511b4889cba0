"""`flask send-reminders`: once a day, to whoever must act and, when overdue, to the one above
them; by e-mail through a real SMTP server (aiosmtpd on 127.0.0.1).

In the test organisation every SKP starts in draft; the period's targets are due 31 January 2026.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Assessment, BackgroundJob, Employee, Notification, Position, ReminderLog, Unit, User,
)
from portal.services.messaging.reminders import send_reminders
from tests.http.helpers import advance, counting_queries, set_state

ANDI, RAHMA, HENDRA = ("andi.pratama@jambiprov.go.id", "rahmawati@jambiprov.go.id",
                       "hendra.saputra@jambiprov.go.id")


def give_emails(org) -> None:
    for persona, address in ((org.asn, ANDI), (org.supervisor, RAHMA), (org.head, HENDRA)):
        db.session.get(User, persona.user_id).email = address
    db.session.commit()


def run(app, *args: str):
    result = app.test_cli_runner().invoke(args=["send-reminders", *args])
    assert result.exit_code == 0, result.output
    return result.output


def logs() -> set[tuple[int, int, str, dt.date]]:
    db.session.expire_all()
    return {tuple(row) for row in db.session.execute(sa.select(
        ReminderLog.user_id, ReminderLog.assessment_id, ReminderLog.kind, ReminderLog.sent_on))}


def reminders_of(persona) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).where(
        Notification.user_id == persona.user_id, Notification.kind.like("reminder_%"))
        .order_by(Notification.id)))


def test_running_twice_the_same_day_reminds_once(app, org, smtp_server):  # noqa: F811
    give_emails(org)

    first = run(app, "--today", "2026-02-03")
    logged, received = logs(), len(smtp_server.messages)
    second = run(app, "--today", "2026-02-03")

    assert "SKP 2026, 2026-02-03: 6 assessment(s)" in first
    # Six overdue drafts; the supervisor hears of the ASN's and the peer's, the head of the
    # supervisor's; the head's own has nobody above it in the agency.
    assert ("Reminders sent: 9 (due soon 0, overdue 6, to supervisors 3, peer feedback due 0, "
            "peer feedback unanswered 0)") in first
    assert len(logged) == 9
    assert received == 3  # one digest each for the three users with an address
    assert ("Reminders sent: 0 (due soon 0, overdue 0, to supervisors 0, peer feedback due 0, "
            "peer feedback unanswered 0); already sent today: 9") \
        in second
    assert logs() == logged
    assert len(smtp_server.messages) == received
    assert len(reminders_of(org.supervisor)) == 3


def test_the_next_day_reminds_again(app, org):
    run(app, "--today", "2026-02-03")

    output = run(app, "--today", "2026-02-04")

    assert "Reminders sent: 9" in output
    assert {sent_on for *_, sent_on in logs()} == {dt.date(2026, 2, 3), dt.date(2026, 2, 4)}
    # Each run is recorded as the worker's daily run is (/admin/jobs).
    assert db.session.execute(sa.select(BackgroundJob.kind, BackgroundJob.state,
                                        BackgroundJob.attempts)).all() == [
        ("reminders", "done", 1), ("reminders", "done", 1)]


def test_an_overdue_step_reaches_the_supervisor(app, org, smtp_server):  # noqa: F811
    give_emails(org)

    run(app, "--today", "2026-02-03")

    told = {(n.kind, n.assessment_id) for n in reminders_of(org.supervisor)}
    assert told == {("reminder_overdue", org.assessment_id(org.supervisor)),
                    ("reminder_escalation", org.assessment_id(org.asn)),
                    ("reminder_escalation", org.assessment_id(org.peer))}
    [digest] = smtp_server.to(RAHMA)
    assert digest.subject == "[Kinerja] 3 pengingat tenggat SKP"
    assert ("SKP 2026 Andi Pratama tertahan pada tahap «Penyusunan SKP»: tenggatnya 31 Januari "
            "2026 telah lewat. Langkah ini menunggu Andi Pratama.") in digest.body
    assert (f"https://kinerja.jambiprov.go.id/assessments/{org.assessment_id(org.asn)}"
            in digest.body)
    [andi] = smtp_server.to(ANDI)
    assert andi.subject == "[Kinerja] Tenggat SKP terlewati"
    assert "Tenggat tahap «Penyusunan SKP» SKP 2026 Andi Pratama telah lewat (31 Januari 2026)" \
        in andi.body


def test_the_supervisors_own_overdue_step_reaches_their_supervisor(app, org):
    advance(org, "targets_submitted")  # now waiting for the supervisor

    run(app, "--today", "2026-02-03")

    kinds = {(n.kind, n.assessment_id, n.params.get("waiting_for")) for n in reminders_of(org.head)}
    assert ("reminder_escalation", org.assessment_id(org.asn), "Rahmawati, S.Sos") in kinds
    assert ("reminder_overdue", org.assessment_id(org.asn)) in {
        (n.kind, n.assessment_id) for n in reminders_of(org.supervisor)}
    assert org.assessment_id(org.asn) not in {n.assessment_id for n in reminders_of(org.asn)}


def test_a_step_due_soon_reminds_without_escalating(app, org):
    run(app, "--today", "2026-01-29")

    [own] = reminders_of(org.asn)
    assert own.kind == "reminder_due"
    assert [n.kind for n in reminders_of(org.supervisor)] == ["reminder_due"]


def test_steps_due_later_are_left_alone(app, org):
    output = run(app, "--today", "2026-01-10")

    assert "Reminders sent: 0" in output
    assert logs() == set()


def test_an_overdue_calibration_reminds_the_committee_and_tells_the_head(app, org):
    aid = org.assessment_id(org.asn)
    set_state(aid, "reviewed")

    run(app, "--today", "2027-01-20")

    assert [n.kind for n in reminders_of(org.committee) if n.assessment_id == aid] == [
        "reminder_overdue"]
    [escalation] = [n for n in reminders_of(org.head) if n.assessment_id == aid]
    assert escalation.kind == "reminder_escalation"
    assert escalation.params["waiting_role"] == "committee"


def test_it_says_so_when_no_period_is_open(app, org):
    from portal.models import Period

    db.session.get(Period, org.period_id).status = "closed"
    db.session.commit()

    assert run(app).strip() == "No open period: no reminders sent."


def _hire(org, count: int) -> None:
    """count more staff under the supervisor, each with a login and a draft SKP (bulk inserts)."""
    supervisor = db.session.get(Employee, org.supervisor.employee_id)
    unit_id, parent_id = supervisor.position.unit_id, supervisor.position_id
    agency_id = db.session.get(Unit, unit_id).agency_id
    first = db.session.scalar(sa.select(sa.func.max(Position.id))) + 1
    db.session.execute(sa.insert(Position), [
        dict(id=first + n, unit_id=unit_id, parent_id=parent_id, title=f"Staf {n}",
             jenis_jabatan="Pelaksana") for n in range(count)])
    employees = list(db.session.scalars(sa.insert(Employee).returning(Employee.id), [
        dict(nip=f"19950101202001{n:04d}", name=f"Staf {n}", golongan="II/a",
             jenis_jabatan="Pelaksana", position_id=first + n) for n in range(count)]))
    db.session.execute(sa.insert(User), [
        dict(employee_id=e, display_name=f"Staf {n}", password_hash="x", enabled=True)
        for n, e in enumerate(employees)])
    db.session.execute(sa.insert(Assessment), [
        dict(employee_id=e, period_id=org.period_id, agency_id=agency_id,
             assessor_id=org.supervisor.employee_id, state="draft_targets", version=1,
             approach="kuantitatif") for e in employees])
    db.session.commit()


def test_a_run_takes_as_many_queries_for_hundreds_of_assessments_as_for_a_few(app, org):
    with counting_queries() as few:
        small = send_reminders(dt.date(2026, 2, 3))
    _hire(org, 300)
    with counting_queries() as many:
        large = send_reminders(dt.date(2026, 2, 4))

    assert (small.total, large.total) == (9, 9 + 300 * 2)
    assert len(many) == len(few)
