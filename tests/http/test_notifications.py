"""The notification centre: an entry for every event that concerns a user, the header's badge,
marking read, and nobody seeing anyone else's notifications.

Personas (tests/conftest.py): asn is assessed by supervisor, calibrated by committee, approved by
head; peer shares the supervisor; admin reopens.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal import signals
from portal.extensions import db
from portal.models import Assessment, Employee, Feedback, Notification, Objection
from portal.services.messaging import notifications as notifications_service
from portal.services.review import assessments as service
from tests.http.helpers import actor, advance, counting_queries


def notifications_of(persona) -> list[Notification]:
    """The persona's stored notifications, oldest first."""
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification)
                                   .where(Notification.user_id == persona.user_id)
                                   .order_by(Notification.id)))


def kinds_of(persona) -> list[str]:
    return [n.kind for n in notifications_of(persona)]


def version_of(assessment_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Assessment, assessment_id).version


def act(client, assessment_id: int, trigger: str, reason: str = ""):
    response = client.post(f"/assessments/{assessment_id}/actions/{trigger}",
                           {"confirmed": "y", "version": version_of(assessment_id), "reason": reason})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def entries(html: str) -> list[str]:
    """The text of each entry of the notification list, newest first, whitespace collapsed."""
    items = re.findall(r'<li id="notification-\d+".*?</li>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_it_tells_the_employee_their_targets_were_returned_with_the_reason(org, login_as):
    aid = advance(org, "targets_submitted")
    act(login_as(org.supervisor), aid, "return_targets", "Target terlalu rendah.")

    response = login_as(org.asn).get("/notifications/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    [newest, *_] = entries(html)
    assert "SKP dikembalikan" in newest
    assert "Rahmawati, S.Sos mengembalikan SKP 2026 Anda untuk diperbaiki." in newest
    assert "Alasan: Target terlalu rendah." in newest
    assert f'href="/assessments/{aid}"' in html
    assert 'class="notification unread"' in html
    assert kinds_of(org.supervisor) == ["targets_submitted"]  # not told of their own action


def test_it_tells_the_supervisor_what_waits_for_them(org, login_as):
    aid = advance(org, "targets_submitted")

    [entry] = notifications_of(org.supervisor)

    assert (entry.kind, entry.assessment_id) == ("targets_submitted", aid)
    html = login_as(org.supervisor).get("/notifications/").get_data(as_text=True)
    assert "Andi Pratama mengajukan SKP 2026 untuk Anda tetapkan." in html


def test_it_tells_the_employee_they_were_rated_and_the_committee_it_may_calibrate(org, login_as):
    advance(org, "reviewed")

    assert kinds_of(org.asn)[-1] == "rated"
    assert kinds_of(org.committee) == ["review_ready"]
    assert "review_ready" not in kinds_of(org.other_committee)  # another agency's committee
    html = login_as(org.asn).get("/notifications/").get_data(as_text=True)
    assert "Kinerja Anda telah dinilai" in html
    assert "dengan predikat Baik" in html


def test_it_shows_a_rating_changed_in_calibration_with_the_reason(org, login_as):
    aid = advance(org, "reviewed")
    response = login_as(org.committee).post(f"/assessments/{aid}/calibration", {
        "version": version_of(aid), "rating_hasil_kerja": "above", "rating_perilaku": "meets",
        "reason": "Capaian tertinggi di bidangnya."})
    assert response.status_code == 200

    for persona in (org.asn, org.supervisor):
        html = login_as(persona).get("/notifications/").get_data(as_text=True)
        [newest, *_] = entries(html)
        assert "Rating diubah dalam kalibrasi" in newest
        assert ("rating hasil kerja: Sesuai Ekspektasi → Di Atas Ekspektasi; rating perilaku "
                "kerja: Sesuai Ekspektasi → Sesuai Ekspektasi.") in newest
        assert "Alasan: Capaian tertinggi di bidangnya." in newest
    assert "rating_calibrated" not in kinds_of(org.committee)


def test_it_tells_the_approvers_a_calibrated_assessment_waits(org):
    advance(org, "calibrated")

    assert kinds_of(org.head) == ["calibrated"]


def test_it_tells_employee_and_supervisor_of_the_approval(org, login_as):
    advance(org, "calibrated")
    aid = org.assessment_id(org.asn)
    act(login_as(org.head), aid, "approve")

    assert kinds_of(org.asn)[-1] == "approved"
    assert kinds_of(org.supervisor)[-1] == "approved"
    assert "approved" not in kinds_of(org.head)
    html = login_as(org.asn).get("/notifications/").get_data(as_text=True)
    assert "Penilaian SKP 2026 Andi Pratama telah disetujui dengan predikat Baik." in html


def test_it_tells_employee_and_supervisor_of_a_reopening(org, login_as):
    aid = advance(org, "approved")
    act(login_as(org.admin), aid, "reopen_to_reviewed", "Salah input rating.")

    for persona in (org.asn, org.supervisor):
        [newest, *_] = entries(login_as(persona).get("/notifications/").get_data(as_text=True))
        assert ("Admin membuka kembali penilaian SKP 2026 Andi Pratama ke tahap Dinilai atasan. "
                "Alasan: Salah input rating.") in newest
    assert kinds_of(org.admin) == []


def test_a_return_reaches_whoever_must_act_next(org, login_as):
    aid = advance(org, "calibrated")
    act(login_as(org.head), aid, "return_calibration", "Periksa lagi sebaran.")
    act(login_as(org.committee), aid, "return_review", "Justifikasi kurang.")

    assert kinds_of(org.committee)[-1] == "calibration_returned"
    assert kinds_of(org.supervisor)[-1] == "review_returned"
    assert "review_returned" not in kinds_of(org.asn)


def test_it_tells_the_employee_of_feedback(org, login_as):
    aid = advance(org, "targets_approved")
    feedback = Feedback(assessment_id=aid, period_no=1, value_code="berorientasi_pelayanan",
                        author_id=org.supervisor.user_id, text="Pertahankan kecepatan layanan.")
    db.session.add(feedback)
    db.session.commit()
    signals.feedback_given.send(db.session.get(Assessment, aid), actor=actor(org.supervisor),
                                feedback=feedback)

    html = login_as(org.asn).get("/notifications/").get_data(as_text=True)
    assert ("Rahmawati, S.Sos memberi umpan balik pada SKP 2026 Anda: Pertahankan kecepatan "
            "layanan.") in html
    assert "feedback_given" not in kinds_of(org.supervisor)


def test_it_tells_the_parties_of_an_objection_except_who_acted(org, login_as):
    aid = advance(org, "approved")
    objection = Objection(assessment_id=aid, reasons="Bukti dukung belum dipertimbangkan.",
                          decider_id=org.head.employee_id)
    db.session.add(objection)
    db.session.commit()

    signals.objection_changed.send(objection, actor=actor(org.asn), event="filed")
    assert kinds_of(org.supervisor)[-1] == kinds_of(org.head)[-1] == "objection_filed"
    assert "objection_filed" not in kinds_of(org.asn)

    objection.state, objection.decision = "decided", "changed"
    db.session.commit()
    signals.objection_changed.send(objection, actor=actor(org.head), event="decided")
    assert kinds_of(org.asn)[-1] == kinds_of(org.supervisor)[-1] == "objection_decided"
    assert "objection_decided" not in kinds_of(org.head)
    html = login_as(org.asn).get("/notifications/").get_data(as_text=True)
    assert ("Drs. Hendra Saputra telah memutus keberatan Andi Pratama terhadap penilaian SKP "
            "2026: rating diubah. Keputusan ini final.") in html


def test_an_objection_through_the_portal_notifies_each_step(org):
    from portal.services.review import assessments, objections

    aid = advance(org, "approved")
    assessment = assessments.load(aid)
    objection = objections.file(assessment, actor(org.asn), version=assessment.version,
                                reasons="Bukti dukung belum dipertimbangkan.")
    assert kinds_of(org.supervisor)[-1] == kinds_of(org.head)[-1] == "objection_filed"

    db.session.expire_all()
    objection, assessment = db.session.get(Objection, objection.id), assessments.load(aid)
    objections.request_explanations(objection, assessment, actor(org.head),
                                    version=objection.version)
    assert kinds_of(org.asn)[-1] == kinds_of(org.supervisor)[-1] == (
        "objection_explanations_requested")

    objections.add_statement(objection, assessment, actor(org.supervisor),
                             text="Bukti sudah diperiksa.")
    assert kinds_of(org.asn)[-1] == kinds_of(org.head)[-1] == "objection_statement"
    assert kinds_of(org.supervisor)[-1] == "objection_explanations_requested"


def test_a_failure_in_notifying_never_undoes_the_action(org, login_as, monkeypatch):
    aid = advance(org, "targets_submitted")

    def broken(*_args, **_kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(notifications_service, "notify", broken)
    act(login_as(org.supervisor), aid, "approve_targets")

    db.session.expire_all()
    assert db.session.get(Assessment, aid).state == "targets_approved"
    assert "targets_approved" not in kinds_of(org.asn)


def test_the_badge_counts_the_unread_notifications(org, login_as):
    advance(org, "reviewed")  # asn: targets approved, rated
    client = login_as(org.asn)

    response = client.get("/notifications/badge", htmx=True)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "Notifikasi (2 belum dibaca)" in html
    assert 'hx-trigger="every 30s, assessment-changed from:body, notifications-changed from:body"' \
        in html
    assert 'href="/notifications/"' in html


def test_the_badge_without_unread_notifications_says_just_notifications(org, login_as):
    html = login_as(org.peer).get("/notifications/badge", htmx=True).get_data(as_text=True)

    assert re.search(r">\s*Notifikasi\s*</a>", html)


def test_the_badge_stops_polling_once_signed_out(app, org):
    response = app.test_client().get("/notifications/badge", headers={"HX-Request": "true"})

    assert response.status_code == 286  # htmx stops polling and removes the badge
    assert response.get_data(as_text=True) == ""


def test_the_layout_shows_the_unread_count_and_polls_the_badge(org, login_as):
    advance(org, "reviewed")
    unread = len([n for n in notifications_of(org.asn) if n.read_at is None])
    assert unread

    html = login_as(org.asn).get("/").get_data(as_text=True)

    # Counted with the user (no request of its own per page), then polled every 30 s.
    badge = re.search(r'<a id="notification-badge"[^>]*>(.*?)</a>', html, re.S)
    assert 'hx-get="/notifications/badge"' in badge.group(0)
    assert 'hx-trigger="every 30s' in badge.group(0)
    assert f"Notifikasi ({unread} belum dibaca)" in badge.group(1)


def test_it_marks_one_notification_read(org, login_as):
    advance(org, "reviewed")
    first, second = notifications_of(org.asn)
    client = login_as(org.asn)

    response = client.post(f"/notifications/{first.id}/read", {"page": "1"}, htmx=False)

    assert response.status_code == 303
    assert response.headers["Location"] == "/notifications/?page=1"
    first_now, second_now = notifications_of(org.asn)
    assert first_now.read_at is not None and second_now.read_at is None
    assert "Notifikasi (1 belum dibaca)" in client.get("/notifications/badge", htmx=True).get_data(
        as_text=True)


def test_marking_read_with_htmx_returns_the_entry_and_the_fresh_count(org, login_as):
    advance(org, "reviewed")
    first, _ = notifications_of(org.asn)

    response = login_as(org.asn).post(f"/notifications/{first.id}/read", {"page": "1"})

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "notifications-changed"
    html = response.get_data(as_text=True)
    assert f'<li id="notification-{first.id}" class="notification" tabindex="-1" autofocus>' \
        in html  # takes the focus of the button it replaces
    assert "Tandai dibaca" not in html
    assert '<div id="notification-tools" class="notification-tools" hx-swap-oob="true">' in html
    assert '<p id="notification-summary">1 belum dibaca.</p>' in html


def test_it_marks_all_read(org, login_as):
    advance(org, "reviewed")
    client = login_as(org.asn)

    response = client.post("/notifications/read-all", {"page": "1"})

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "notifications-changed"
    html = response.get_data(as_text=True)
    assert '<section id="notification-list"' in html
    assert "Semua pemberitahuan sudah dibaca." in html
    assert "unread" not in html
    assert all(n.read_at is not None for n in notifications_of(org.asn))
    assert all(n.read_at is None for n in notifications_of(org.supervisor))


def test_nobody_sees_or_marks_anyone_elses_notifications(org, login_as):
    advance(org, "targets_submitted")
    [theirs] = notifications_of(org.supervisor)
    peer = login_as(org.peer)

    assert "Andi Pratama" not in peer.get("/notifications/").get_data(as_text=True)
    assert peer.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert peer.post("/notifications/999999/read").status_code == 404
    peer.post("/notifications/read-all")
    assert notifications_of(org.supervisor)[0].read_at is None


def test_marking_read_needs_the_csrf_token(org, login_as):
    advance(org, "targets_submitted")
    [theirs] = notifications_of(org.supervisor)
    client = login_as(org.supervisor)

    assert client.post(f"/notifications/{theirs.id}/read", csrf=False).status_code == 400
    assert client.post("/notifications/read-all", csrf=False).status_code == 400
    assert notifications_of(org.supervisor)[0].read_at is None


def test_it_pages_the_list_newest_first(app, org, login_as):
    app.config["PAGE_SIZE"] = 2
    for n in range(5):
        notifications_service.notify([org.asn.user_id], "targets_approved", None,
                                     actor=f"Atasan {n}", year=2026)
    db.session.commit()
    client = login_as(org.asn)

    first = client.get("/notifications/").get_data(as_text=True)
    last = client.get("/notifications/?page=3").get_data(as_text=True)

    assert [e.split(" menetapkan")[0].split()[-2:] for e in entries(first)] == [
        ["Atasan", "4"], ["Atasan", "3"]]
    assert 'href="/notifications/?page=2" rel="next"' in first
    assert len(entries(last)) == 1 and "Atasan 0" in last
    assert 'rel="next"' not in last and 'href="/notifications/?page=2" rel="prev"' in last


def test_the_list_renders_in_the_readers_language(org, login_as):
    aid = advance(org, "targets_submitted")
    act(login_as(org.supervisor), aid, "return_targets", "Target terlalu rendah.")
    client = login_as(org.asn)
    client.post("/auth/language/en", {"next": "/notifications/"}, htmx=False)

    html = client.get("/notifications/").get_data(as_text=True)

    assert "Reason: Target terlalu rendah." in html
    assert "Target terlalu rendah." in html


@pytest.mark.parametrize("path", ["/notifications/", "/notifications/badge"])
def test_list_and_badge_take_as_many_queries_for_many_notifications_as_for_few(
        org, login_as, path):
    client = login_as(org.asn)
    notifications_service.notify([org.asn.user_id], "targets_approved", None, actor="A", year=1)
    db.session.commit()
    with counting_queries() as few:
        assert client.get(path).status_code == 200
    for _ in range(60):
        notifications_service.notify([org.asn.user_id], "targets_approved", None, actor="A",
                                     year=1)
    db.session.commit()
    with counting_queries() as many:
        assert client.get(path).status_code == 200

    assert len(many) == len(few) <= 5


def test_the_names_before_a_review_and_its_notifications_take_a_few_statements(org):
    # The parties' users are looked up once per transition, however often the audience asks.
    aid = advance(org, "self_assessed")
    assessment, supervisor = db.session.get(Assessment, aid), actor(org.supervisor)
    with counting_queries() as previewing:
        preview = notifications_service.transition_preview(
            assessment, "submit_review", "reviewed", supervisor)
    advance(org, "reviewed")

    assert len(previewing) <= 3  # the parties' users, the committee, the names
    names = notifications_service.names_of
    assert preview.next_names == names(db.session, [org.committee.user_id])
    assert preview.told_names == names(db.session, [org.asn.user_id, org.committee.user_id])
    assert len(preview.told_names) == 2
    assert kinds_of(org.asn)[-1] == "rated" and kinds_of(org.committee) == ["review_ready"]


def test_a_transition_does_not_reload_the_assessment_after_its_commit(org):
    # Kept as written after the commit: the listeners and the answer read it without the
    # whole reload (RHK, indicators, realisations) an expired row would cost.
    aid = advance(org, "reviewed")
    db.session.expire_all()
    assessment = service.load(aid)
    with counting_queries() as statements:
        service.perform(assessment, "calibrate", actor(org.committee), version=assessment.version)
        read = (assessment.state, assessment.employee.name, len(assessment.rhks))

    assert not [s for s in statements if "FROM rhks" in s]
    assert read == ("calibrated", db.session.get(Employee, org.asn.employee_id).name, 1)
    db.session.expire_all()
    assert db.session.get(Assessment, aid).state == "calibrated"
    assert kinds_of(org.head)[-1] == "calibrated"


def test_whether_the_head_was_asked_today_is_read_through_an_index(org):
    # The calibration page asks it on every view; without the index it read every notification.
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan is SQLite's (PostgreSQL plans by table size)")
    seen = []

    def keep(_conn, _cursor, statement, parameters, *_args):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        notifications_service.asked_today(org.agency_id, 1)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    [(statement, parameters)] = seen
    plan = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                   parameters).all()

    assert "ix_notifications_kind_created_at" in " ".join(row[-1] for row in plan)
