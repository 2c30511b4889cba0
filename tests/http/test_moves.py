"""Moves during the year (issue 11, domain.md 12): a mutasi or promotion mid-year keeps the earlier
assessor's periodic ratings and documents and routes the remaining steps to the new assessor; an
acting official assesses the reports of a vacant post; a leaver is deactivated, never deleted.
Admins only."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Assessment, AuditEvent, Employee, Feedback, Notification, PeriodicRating, Position,
    Unit, User,
)
from portal.models.moves import PeriodAssessor, Posting
from tests.conftest import PASSWORD
from tests.http.helpers import RATING_FORM, advance, counting_queries, stored
from tests.http.test_documents import pdf_text

PERIODIC = {
    "periodic-rating_hasil_kerja": "above",
    "periodic-hasil_kerja_note": "Target triwulan terlampaui.",
    "periodic-rating_perilaku": "above",
    "periodic-perilaku_note": "Sangat kooperatif.",
}
OLD_NAME, OLD_NIP = "Rahmawati, S.Sos", "19780512 200312 2 001"
NEW_NAME, NEW_NIP = "Budi Hartono", "19881109 201001 1 005"


def _vacant_post(agency_code: str, title: str, parent_title: str | None = None) -> int:
    """A new vacant post in the agency's root unit (test set-up)."""
    unit = db.session.scalar(sa.select(Unit).join(Unit.agency).where(
        Unit.parent_id.is_(None), sa.text("agencies.code = :code")).params(code=agency_code))
    parent = db.session.scalar(sa.select(Position).where(Position.title == parent_title)) \
        if parent_title else None
    position = Position(unit=unit, title=title, jenis_jabatan="Administrator", parent=parent)
    db.session.add(position)
    db.session.commit()
    return position.id


def _post_of(title: str) -> int:
    return db.session.scalar(sa.select(Position.id).where(Position.title == title))


def _move(client, employee_id: int, position_id: int, kind: str = "mutasi",
          on: str = "2026-07-01"):
    return client.post(f"/people/employees/{employee_id}/move", htmx=False, data={
        "kind": kind, "position_id": position_id, "starts_on": on})


def _assessor(aid: int) -> int | None:
    db.session.expire_all()
    return db.session.get(Assessment, aid).assessor_id


def _period_assessors(aid: int) -> dict[int, int]:
    db.session.expire_all()
    return dict(db.session.execute(sa.select(PeriodAssessor.period_no, PeriodAssessor.assessor_id)
                                   .where(PeriodAssessor.assessment_id == aid)).all())


@pytest.fixture
def rated_first_quarter(org, login_as) -> int:
    """The ASN's SKP fixed and triwulan I rated by the supervisor, through the page."""
    aid = advance(org, "targets_approved")
    response = login_as(org.supervisor).post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-version": stored(aid).version, "periodic-period_no": "1"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return aid


def test_a_mid_year_move_keeps_the_old_assessors_period_and_gives_the_year_to_the_new_one(
        org, login_as, rated_first_quarter, tmp_path):
    aid = rated_first_quarter
    assert _period_assessors(aid) == {1: org.supervisor.employee_id}
    admin = login_as(org.admin)
    kabid = _post_of("Kepala Bidang Pelayanan Pendaftaran Penduduk")

    # The Kepala Bidang moves to Dinas Kesehatan; the outsider is promoted into her post.
    away = _move(admin, org.supervisor.employee_id, _vacant_post("DINKES", "Sekretaris Dinas"))
    assert away.status_code == 303, away.get_data(as_text=True)
    assert _assessor(aid) == org.head.employee_id  # the post is vacant: the one above assesses
    into = _move(admin, org.outsider.employee_id, kabid, kind="promosi", on="2026-07-02")
    assert into.status_code == 303, into.get_data(as_text=True)

    assert _assessor(aid) == org.outsider.employee_id
    assert _period_assessors(aid) == {1: org.supervisor.employee_id}
    postings = db.session.execute(
        sa.select(Posting.kind, Posting.starts_on, Posting.ends_on)
        .where(Posting.employee_id == org.supervisor.employee_id)
        .order_by(Posting.id)).all()
    assert postings == [("awal", None, dt.date(2026, 7, 1)), ("mutasi", dt.date(2026, 7, 1), None)]

    # Triwulan I's document still names the assessor of triwulan I.
    periodic = pdf_text(login_as(org.asn).get(
        f"/documents/assessments/{aid}/evaluasi-1.pdf").data, tmp_path)
    assert OLD_NAME in periodic and OLD_NIP in periodic
    assert NEW_NAME not in periodic, periodic

    # The old assessor can no longer act; the new one rates the next quarter and the year.
    old = login_as(org.supervisor).post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-version": stored(aid).version, "periodic-period_no": "2"})
    assert old.status_code == 403
    new = login_as(org.outsider)
    second = new.post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-version": stored(aid).version, "periodic-period_no": "2"})
    assert second.status_code == 200, second.get_data(as_text=True)
    advance(org, "self_assessed")  # the employee sends the self-assessment
    refused = login_as(org.supervisor).post(f"/assessments/{aid}/ratings", data={
        **RATING_FORM, "version": stored(aid).version})
    assert refused.status_code == 403
    annual = new.post(f"/assessments/{aid}/ratings", data={
        **RATING_FORM, "version": stored(aid).version})
    assert annual.status_code == 200, annual.get_data(as_text=True)
    assert _period_assessors(aid) == {1: org.supervisor.employee_id, 2: org.outsider.employee_id,
                                      0: org.outsider.employee_id}
    year = pdf_text(login_as(org.asn).get(f"/documents/assessments/{aid}/evaluasi.pdf").data,
                    tmp_path)
    assert NEW_NAME in year and NEW_NIP in year
    quarter_one = pdf_text(login_as(org.asn).get(
        f"/documents/assessments/{aid}/evaluasi-1.pdf").data, tmp_path)
    assert OLD_NAME in quarter_one and NEW_NAME not in quarter_one
    # Triwulan I's evaluation is still the old assessor's own: the ratings and notes they gave.
    first = db.session.scalar(sa.select(PeriodicRating).where(
        PeriodicRating.assessment_id == aid, PeriodicRating.period_no == 1))
    assert (first.rating_hasil_kerja, first.rating_hasil_kerja_note, first.rated_by_id) == (
        "above", "Target triwulan terlampaui.", org.supervisor.user_id)
    sent = new.post(f"/assessments/{aid}/actions/submit_review",
                    data={"version": stored(aid).version, "confirmed": "y"})
    assert sent.status_code == 200, sent.get_data(as_text=True)
    assert stored(aid).state == "reviewed"

    # The audit names both assessors, in the order the assessor changed.
    changes = [e.changes for e in db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == aid,
                                    AuditEvent.trigger == "assessor_changed")
        .order_by(AuditEvent.id))]
    assert changes == [[{"field": "assessor", "from": OLD_NAME, "to": "Drs. Hendra Saputra"}],
                       [{"field": "assessor", "from": "Drs. Hendra Saputra", "to": NEW_NAME}]]
    page = login_as(org.asn).get(f"/assessments/{aid}/history").get_data(as_text=True)
    assert "Pejabat penilai berganti (mutasi)" in page
    assert OLD_NAME in page and NEW_NAME in page
    submitted = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.assessment_id == aid, AuditEvent.trigger == "submit_review"))
    assert submitted.actor_id == org.outsider.user_id  # the year's rating is the new one's
    # The timeline shows both at work: triwulan I rated by the old, the year sent by the new.
    timeline = login_as(org.asn).get(f"/assessments/{aid}/timeline").get_data(as_text=True)
    entries = re.findall(r'data-kind="(\w+)">.*?<strong>([^<]+)</strong>', timeline, re.S)
    assert ("periodic_rating", OLD_NAME) in entries
    assert ("periodic_rating", NEW_NAME) in entries
    assert ("transition", NEW_NAME) in entries


def test_the_movers_own_assessment_follows_them_to_the_new_agency(org, login_as):
    admin = login_as(org.admin)
    response = _move(admin, org.supervisor.employee_id, _vacant_post("DINKES", "Sekretaris Dinas"))
    assert response.status_code == 303
    aid = org.assessment_id(org.supervisor)
    db.session.expire_all()
    assert db.session.get(Assessment, aid).agency_id == org.other_agency_id


def test_a_promotion_gives_the_employee_the_new_posts_jenis_jabatan_and_an_acting_one_not(
        org, login_as):
    admin = login_as(org.admin)
    fungsional = _vacant_post("DUKCAPIL", "Analis Kebijakan Ahli Muda")
    db.session.get(Position, fungsional).jenis_jabatan = "Fungsional"
    db.session.get(Position, fungsional).jenjang = "Ahli Muda"
    db.session.commit()
    before = db.session.get(Employee, org.peer.employee_id).jenis_jabatan

    acting = _move(admin, org.peer.employee_id, _vacant_post("DINKES", "Sekretaris Dinas"),
                   kind="plt")
    db.session.expire_all()
    after_acting = db.session.get(Employee, org.peer.employee_id).jenis_jabatan
    promoted = _move(admin, org.peer.employee_id, fungsional, kind="promosi")

    assert acting.status_code == promoted.status_code == 303
    assert after_acting == before != "Fungsional"  # a Plt keeps their own post's
    db.session.expire_all()
    employee = db.session.get(Employee, org.peer.employee_id)
    assert (employee.position_id, employee.jenis_jabatan, employee.position.jenjang) == (
        fungsional, "Fungsional", "Ahli Muda")


def test_an_acting_official_assesses_the_reports_of_a_vacant_post_until_it_ends(org, login_as):
    aid = org.assessment_id(org.asn)
    admin = login_as(org.admin)
    kabid = _post_of("Kepala Bidang Pelayanan Pendaftaran Penduduk")
    _move(admin, org.supervisor.employee_id, _vacant_post("DINKES", "Sekretaris Dinas"))
    assert _assessor(aid) == org.head.employee_id

    response = _move(admin, org.peer.employee_id, kabid, kind="plt")

    assert response.status_code == 303, response.get_data(as_text=True)
    assert _assessor(aid) == org.peer.employee_id
    db.session.expire_all()
    assert db.session.get(Employee, org.peer.employee_id).position_id != kabid  # own post kept
    posting = db.session.scalar(sa.select(Posting).where(Posting.kind == "plt"))
    ended = admin.post(f"/people/postings/{posting.id}/end", htmx=False,
                       data={"ends_on": "2026-09-30"})
    assert ended.status_code == 303
    assert _assessor(aid) == org.head.employee_id


def test_a_mutasi_into_a_held_post_is_refused_with_the_holders_name(org, login_as):
    admin = login_as(org.admin)
    response = _move(admin, org.peer.employee_id, _post_of("Pengelola Data Kependudukan"))
    assert response.status_code == 409
    assert "Andi Pratama" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Posting)) == 0


def test_a_move_without_a_date_is_refused_and_keeps_the_choice(org, login_as):
    admin = login_as(org.admin)
    target = _vacant_post("DUKCAPIL", "Analis Kebijakan")
    response = admin.post(f"/people/employees/{org.peer.employee_id}/move", htmx=False,
                          data={"kind": "mutasi", "position_id": target, "starts_on": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Isi tanggal mulai berlaku." in html
    assert f'<option selected value="{target}">' in html
    db.session.expire_all()
    assert db.session.get(Employee, org.peer.employee_id).position_id != target


def test_a_leaver_is_deactivated_cannot_log_in_and_their_history_stays_readable(
        org, login_as, app, rated_first_quarter):
    aid = rated_first_quarter
    admin = login_as(org.admin)
    supervisor = login_as(org.supervisor)

    response = admin.post(f"/people/employees/{org.supervisor.employee_id}/leave", htmx=False,
                          data={"ends_on": "2026-08-31"})

    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    leaver = db.session.get(Employee, org.supervisor.employee_id)
    assert leaver is not None and not leaver.active and leaver.position_id is None
    user = db.session.get(User, org.supervisor.user_id)
    assert not user.enabled
    assert supervisor.get("/").status_code in (302, 401)  # the open session ended
    fresh = app.test_client()
    page = fresh.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    login = fresh.post("/auth/login", data={"login": org.supervisor.login, "password": PASSWORD,
                                            "csrf_token": csrf})
    assert login.status_code != 302
    assert _assessor(aid) == org.head.employee_id
    assert _period_assessors(aid) == {1: org.supervisor.employee_id}
    history = admin.get(f"/people/employees/{org.supervisor.employee_id}").get_data(as_text=True)
    assert "tidak aktif" in history
    assert "Kepala Bidang Pelayanan Pendaftaran Penduduk" in history
    assert "31 Agustus 2026" in history
    assert db.session.get(PeriodAssessor, 1) is not None  # nothing deleted


@pytest.mark.parametrize("persona", ["asn", "supervisor", "head", "committee"])
def test_only_an_admin_sees_or_records_moves(org, login_as, persona):
    client = login_as(getattr(org, persona))
    target = _vacant_post("DUKCAPIL", "Analis Kebijakan")
    assert client.get(f"/people/employees/{org.peer.employee_id}").status_code == 403
    assert _move(client, org.peer.employee_id, target).status_code == 403
    assert client.post(f"/people/employees/{org.peer.employee_id}/leave", htmx=False,
                       data={"ends_on": "2026-08-31"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Employee, org.peer.employee_id).active
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Posting)) == 0


def test_a_move_needs_the_csrf_token(org, login_as):
    admin = login_as(org.admin)
    target = _vacant_post("DUKCAPIL", "Analis Kebijakan")
    response = admin.post(f"/people/employees/{org.peer.employee_id}/move", htmx=False,
                          csrf=False, data={"kind": "mutasi", "position_id": target,
                                            "starts_on": "2026-07-01"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Posting)) == 0


def _staff_under_the_supervisor(org, count: int) -> None:
    """count new staff ("Staf 00", ...) in the bidang reporting to the Kepala Bidang, each with
    an assessment of the period she assesses (test set-up)."""
    unit = db.session.scalar(sa.select(Unit).where(Unit.name.like("Bidang%")))
    boss = db.session.get(Position, _post_of("Kepala Bidang Pelayanan Pendaftaran Penduduk"))
    for n in range(count):
        position = Position(unit=unit, title=f"Staf {n}", jenis_jabatan="Pelaksana", parent=boss)
        employee = Employee(nip=f"19950101202001{n + 1:04d}", name=f"Staf {n:02d}",
                            golongan="II/a", jenis_jabatan="Pelaksana", position=position)
        db.session.add_all([position, employee])
        db.session.flush()
        db.session.add(Assessment(employee_id=employee.id, period_id=org.period_id,
                                  assessor_id=org.supervisor.employee_id,
                                  agency_id=org.agency_id))
    db.session.commit()


def test_resolving_assessors_after_a_move_costs_as_many_queries_for_many_staff(org, login_as):
    admin = login_as(org.admin)
    first = _vacant_post("DUKCAPIL", "Analis Kebijakan")
    second = _vacant_post("DUKCAPIL", "Analis Kebijakan Kedua")

    def queries(employee_id: int, target: int) -> int:
        with counting_queries() as counted:
            assert _move(admin, employee_id, target).status_code == 303
        return len(counted)

    few = queries(org.peer.employee_id, first)
    _staff_under_the_supervisor(org, 15)
    many = queries(org.supervisor.employee_id, second)
    # Whatever the staff: the mover's own posting is recorded once (2), and their new
    # assessor is told of them by one SELECT and one multi-row INSERT (2).
    assert many <= few + 4


def test_the_old_assessor_keeps_reading_what_they_rated_but_can_take_no_step(
        org, login_as, rated_first_quarter, tmp_path):
    aid = rated_first_quarter
    moved = _move(login_as(org.admin), org.supervisor.employee_id,
                  _vacant_post("DINKES", "Sekretaris Dinas"))
    assert moved.status_code == 303
    assert _assessor(aid) == org.head.employee_id
    old = login_as(org.supervisor)

    # Reading: the assessment, its history, the documents and triwulan I's evaluation.
    page = old.get(f"/assessments/{aid}")
    assert page.status_code == 200
    assert "Target triwulan terlampaui." in old.get(
        f"/assessments/{aid}", query_string={"p": 1}).get_data(as_text=True)
    assert old.get(f"/assessments/{aid}/history").status_code == 200
    assert old.get(f"/documents/assessments/{aid}").status_code == 200
    assert old.get(f"/documents/assessments/{aid}/skp.pdf").status_code == 200
    quarter_one = old.get(f"/documents/assessments/{aid}/evaluasi-1.pdf")
    assert quarter_one.status_code == 200 and OLD_NAME in pdf_text(quarter_one.data, tmp_path)

    # Acting: no step of the assessor's, in either state that waits on the assessor's work.
    def refused_steps() -> list[tuple[str, int]]:
        version = stored(aid).version
        posts = {
            "periodic-ratings": {**PERIODIC, "periodic-version": version,
                                 "periodic-period_no": "2"},
            "feedback": {"version": version, "period_no": "1", "value_code": "akuntabel",
                         "text": "Masih saya pantau."},
            "ratings": {**RATING_FORM, "version": version},
            "actions/submit_review": {"version": version},
            "actions/return_self_assessment": {"version": version, "reason": "Lengkapi."},
        }
        return [(path, old.post(f"/assessments/{aid}/{path}", data=data).status_code)
                for path, data in posts.items()]

    before = stored(aid).version
    during_the_year = refused_steps()
    advance(org, "self_assessed")
    at_rating_time = stored(aid).version
    when_rating = refused_steps()

    assert {status for _path, status in during_the_year + when_rating} <= {403, 409}  # 409: not now
    assert dict(during_the_year)["periodic-ratings"] == 403
    assert dict(during_the_year)["feedback"] == 403
    assert dict(when_rating)["ratings"] == 403
    assert dict(when_rating)["actions/submit_review"] == 403
    assert dict(when_rating)["actions/return_self_assessment"] == 403
    assessment = stored(aid)
    assert assessment.version == at_rating_time and at_rating_time > before
    assert assessment.state == "self_assessed" and assessment.ratings[0] is None
    assert _period_assessors(aid) == {1: org.supervisor.employee_id}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0


def test_the_new_assessor_is_told_of_each_assessment_now_waiting_on_them_in_one_insert(
        org, login_as):
    admin = login_as(org.admin)
    _staff_under_the_supervisor(org, 12)
    theirs = set(db.session.scalars(sa.select(Assessment.id).where(
        Assessment.assessor_id == org.supervisor.employee_id)))

    with counting_queries() as statements:
        moved = _move(admin, org.supervisor.employee_id, _vacant_post("DINKES", "Sekretaris"))
    assert moved.status_code == 303, moved.get_data(as_text=True)

    told = db.session.execute(sa.select(Notification.user_id, Notification.assessment_id,
                                        Notification.params)
                              .where(Notification.kind == "assessor_assigned")).all()
    assert {aid for user, aid, _params in told if user == org.head.user_id} == theirs
    assert len(theirs) == 14  # the ASN, the peer and the twelve new staff
    assert all(params["previous"] == OLD_NAME for user, _aid, params in told
               if user == org.head.user_id)
    assert org.admin.user_id not in {user for user, _aid, _params in told}
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert len(inserts) == 1  # one multi-row insert, not one per assessment

    page = login_as(org.head).get("/notifications/").get_data(as_text=True)
    assert "Anda kini pejabat penilai" in page
    assert f"penilaian SKP 2026 Staf 00 kini menunggu Anda sebagai pejabat penilai " \
           f"(sebelumnya: {OLD_NAME})" in page
