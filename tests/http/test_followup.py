"""Tindak lanjut over HTTP: the proposal an approved predikat makes, the decision on it with its
reason, a shortlist's outcome, a development plan's whole life (agree, check-in, overdue,
close), who may see a plan, the list's statement count, the export and the assessment page.

Personas (tests/conftest.py): the ASN (the employee), the supervisor (their assessor), the head
(the supervisor's own superior and Dukcapil's approver), the peer (a colleague), the outsider
(Dinas Kesehatan; made its head here), the committee members, the BKD admin.
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from flask import render_template
from openpyxl import load_workbook

from portal.extensions import db
from portal.models import (
    Assessment,
    DevelopmentPlan,
    Employee,
    FollowUp,
    FollowUpEvent,
    PeerReview,
    PeerScore,
    PlanCheckin,
    RoleGrant,
)
from portal.rules.predikat import predikat
from portal.services.careers import followup as service
from portal.services.review import assessments
from tests.http.helpers import actor, advance, counting_queries, set_state


def approved(org, hasil: str, perilaku: str, employee: str = "asn") -> int:
    """The employee's assessment approved with the supervisor's two ratings, along the workflow
    (services only): the approval's signal proposes the follow-up."""
    assessment_id = advance(org, "self_assessed", employee)
    a = assessments.load(assessment_id)
    assessments.save_ratings(a, actor(org.supervisor), version=a.version, hasil_kerja=hasil,
                             hasil_kerja_note="Catatan hasil kerja.", perilaku=perilaku,
                             perilaku_note="Catatan perilaku.")
    return advance(org, "approved", employee)


def approved_quickly(org, hasil: str, perilaku: str, employee: str = "asn") -> int:
    """As approved(), the assessment put in its final state directly (a set-up shortcut for the
    tests of what follows the proposal), then proposed as the approval would."""
    assessment_id = org.assessment_id(getattr(org, employee))
    set_state(assessment_id, "approved", rating_hasil_kerja=hasil, rating_perilaku=perilaku,
              predikat=predikat(hasil, perilaku))
    service.propose(db.session.get(Assessment, assessment_id))
    return assessment_id


def followup_of(assessment_id: int) -> FollowUp:
    db.session.expire_all()
    return db.session.scalar(sa.select(FollowUp).where(FollowUp.assessment_id == assessment_id))


def plan_of(assessment_id: int) -> DevelopmentPlan | None:
    return followup_of(assessment_id).plan


def accept(client, followup_id: int, **form):
    return client.post(f"/followup/{followup_id}/decide", {"decision": "accept", **form},
                       htmx=False)


def test_an_approved_butuh_perbaikan_proposes_a_plan_with_the_needs_the_ratings_show(org):
    assessment_id = approved(org, "below", "meets")

    found = followup_of(assessment_id)
    assert (found.predikat, found.proposed_kind, found.kind, found.status) == (
        "butuh_perbaikan", "development_plan", "development_plan", "proposed")
    assert found.needs == ["hasil_kerja"]
    assert found.plan is None  # opened once BKD or the head accepts it
    [event] = service.events(found.id)
    assert (event.action, event.actor_id, event.to_status) == ("proposed", None, "proposed")


def test_an_approved_sangat_baik_is_shortlisted_and_its_outcome_recorded(org, login_as):
    assessment_id = approved(org, "above", "above")
    found = followup_of(assessment_id)
    assert (found.predikat, found.kind) == ("sangat_baik", "recognition")
    head = login_as(org.head)

    response = accept(head, found.id, track="seminar")
    assert response.status_code == 303
    response = head.post(f"/followup/{found.id}/outcome", {"outcome": "attended"}, htmx=False)

    assert response.status_code == 303
    found = followup_of(assessment_id)
    assert (found.status, found.track, found.outcome) == ("accepted", "seminar", "attended")
    assert found.decided_by_id == org.head.user_id
    actions = [(e.action, e.actor_id) for e in service.events(found.id)]
    assert actions == [("proposed", None), ("accept", org.head.user_id),
                       ("outcome", org.head.user_id)]


def test_a_change_or_a_refusal_needs_its_reason_and_keeps_it(org, login_as):
    assessment_id = approved_quickly(org, "meets", "meets")  # Baik: regular development
    found = followup_of(assessment_id)
    admin = login_as(org.admin)

    response = admin.post(f"/followup/{found.id}/decide",
                          {"decision": "change", "kind": "recognition", "track": "award"},
                          htmx=False)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tulis alasan bila usulan diubah atau ditolak." in html and '<option selected value="award">' in html
    assert followup_of(assessment_id).status == "proposed"

    response = admin.post(f"/followup/{found.id}/decide", {
        "decision": "change", "kind": "recognition", "track": "award",
        "reason": "Inovasi layanan daring diakui gubernur."}, htmx=False)
    assert response.status_code == 303
    found = followup_of(assessment_id)
    assert (found.status, found.kind, found.track) == ("changed", "recognition", "award")
    event = service.events(found.id)[-1]
    assert (event.action, event.actor_id, event.from_status, event.to_status, event.reason) == (
        "change", org.admin.user_id, "proposed", "changed",
        "Inovasi layanan daring diakui gubernur.")
    assert {"field": "kind", "from": "regular", "to": "recognition"} in event.changes

    response = admin.post(f"/followup/{found.id}/decide", {
        "decision": "refuse", "reason": "Anggaran pelatihan tahun ini habis."}, htmx=False)
    assert response.status_code == 303
    found = followup_of(assessment_id)
    assert (found.status, found.reason) == ("refused", "Anggaran pelatihan tahun ini habis.")


def test_a_development_plan_lives_from_agreement_to_closing(org, login_as, monkeypatch):
    assessment_id = approved_quickly(org, "below", "meets")
    followup_id = followup_of(assessment_id).id
    employee, supervisor = login_as(org.asn), login_as(org.supervisor)
    admin = login_as(org.admin)
    assert accept(admin, followup_id).status_code == 303
    plan = plan_of(assessment_id)
    assert plan.state == "draft" and [i.need for i in plan.items] == ["hasil_kerja"]
    url = f"/followup/plans/{plan.id}"

    response = employee.post(f"{url}/items", {
        "goal": "Menguasai aplikasi SIAK terpusat", "action": "Belajar bersama operator senior",
        "support": "mentoring", "due_on": plan.end_on.isoformat()}, htmx=False)
    assert response.status_code == 303
    assert employee.post(f"{url}/agree", htmx=False).status_code == 303
    assert plan_of(assessment_id).state == "draft"  # waits for the assessor
    assert supervisor.post(f"{url}/agree", htmx=False).status_code == 303

    plan = plan_of(assessment_id)
    assert plan.state == "agreed" and len(plan.items) == 2
    assert [c.due_on for c in plan.checkins] == service.rules.checkin_dates(plan.start_on,
                                                                            plan.end_on)
    response = supervisor.post(f"{url}/checkins", {"note": "Target triwulan I tercapai 80%."},
                               htmx=False)
    assert response.status_code == 303
    held = [c for c in plan_of(assessment_id).checkins if c.held_on]
    assert [c.note for c in held] == ["Target triwulan I tercapai 80%."]

    # Five months on, the second check-in has passed unrecorded: the plan is overdue.
    later = plan.start_on + dt.timedelta(days=200)
    monkeypatch.setattr(service, "today", lambda: later)
    overdue = admin.get("/followup/overdue", htmx=True).get_data(as_text=True)
    assert f'data-plan="{plan.id}"' in overdue
    assert service.summary_for_assessment(assessment_id).overdue

    response = supervisor.post(f"{url}/close", {"judgement": "partly_achieved",
                                                "closing_note": "Sebagian sasaran tercapai."},
                               htmx=False)
    assert response.status_code == 303
    plan = plan_of(assessment_id)
    assert (plan.state, plan.judgement) == ("closed", "partly_achieved")
    assert f'data-plan="{plan.id}"' not in admin.get("/followup/overdue").get_data(as_text=True)
    actions = [e.action for e in service.events(followup_id)]
    assert actions == ["proposed", "accept", "plan_item_added", "plan_agreed_by_employee",
                       "plan_agreed_by_assessor", "plan_checkin", "plan_closed"]


def test_an_edit_after_one_party_agreed_asks_both_again_and_an_agreed_plan_is_fixed(org,
                                                                                 login_as):
    assessment_id = approved_quickly(org, "below", "meets")
    accept(login_as(org.admin), followup_of(assessment_id).id)
    plan = plan_of(assessment_id)
    url = f"/followup/plans/{plan.id}"
    employee, supervisor = login_as(org.asn), login_as(org.supervisor)
    employee.post(f"{url}/agree", htmx=False)

    supervisor.post(f"{url}/dates", {"start_on": plan.start_on.isoformat(),
                                     "end_on": (plan.end_on - dt.timedelta(days=30)).isoformat()},
                    htmx=False)
    assert plan_of(assessment_id).employee_agreed_at is None

    employee.post(f"{url}/agree", htmx=False)
    supervisor.post(f"{url}/agree", htmx=False)
    response = employee.post(f"{url}/items", {"goal": "x", "action": "y", "support": "coaching",
                                              "due_on": plan.start_on.isoformat()}, htmx=False)
    assert response.status_code == 409
    assert len(plan_of(assessment_id).items) == 1


def test_only_the_people_concerned_see_a_plan(org, login_as):
    assessment_id = approved_quickly(org, "below", "below")  # Sangat Kurang
    accept(login_as(org.admin), followup_of(assessment_id).id)
    plan = plan_of(assessment_id)
    # The outsider heads Dinas Kesehatan: another agency's head.
    db.session.add(RoleGrant(user_id=org.outsider.user_id, role="approver",
                             agency_id=org.other_agency_id))
    db.session.commit()
    url = f"/followup/plans/{plan.id}"

    for persona in (org.asn, org.supervisor, org.head, org.admin):
        assert login_as(persona).get(url).status_code == 200
    for persona in (org.peer, org.outsider, org.other_committee, org.committee):
        response = login_as(persona).get(url)
        assert response.status_code == 403, persona
        assert "Andi Pratama" not in response.get_data(as_text=True)


def test_the_steps_of_a_plan_are_its_parties_own(org, login_as):
    assessment_id = approved_quickly(org, "below", "meets")
    followup_id = followup_of(assessment_id).id
    # The employee, their assessor and another agency's committee do not decide follow-up.
    for persona in (org.asn, org.supervisor, org.other_committee):
        assert accept(login_as(persona), followup_id).status_code == 403
    accept(login_as(org.head), followup_id)
    plan = plan_of(assessment_id)
    url = f"/followup/plans/{plan.id}"
    employee, supervisor, head = login_as(org.asn), login_as(org.supervisor), login_as(org.head)
    employee.post(f"{url}/agree", htmx=False)
    supervisor.post(f"{url}/agree", htmx=False)

    assert employee.post(f"{url}/checkins", {"note": "Saya sudah belajar."},
                         htmx=False).status_code == 403
    assert head.post(f"{url}/close", {"judgement": "achieved", "closing_note": "x"},
                     htmx=False).status_code == 403
    assert login_as(org.peer).post(f"{url}/agree", htmx=False).status_code == 403
    response = supervisor.post(f"{url}/checkins", {"note": ""}, htmx=False)
    assert response.status_code == 422
    assert not [c for c in plan_of(assessment_id).checkins if c.held_on]


def test_a_plan_is_linked_from_the_approved_assessment_and_the_employees_record(org, login_as):
    assessment_id = approved_quickly(org, "below", "meets")
    employee = login_as(org.asn)
    page = employee.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f'/followup/assessments/{assessment_id}' in page

    html = employee.get(f"/followup/assessments/{assessment_id}", htmx=True).get_data(
        as_text=True)
    assert "Diusulkan" in html and "Rencana pengembangan dibuka" in html
    accept(login_as(org.admin), followup_of(assessment_id).id)
    plan_id = plan_of(assessment_id).id
    html = employee.get(f"/followup/assessments/{assessment_id}", htmx=True).get_data(
        as_text=True)
    assert f"/followup/plans/{plan_id}" in html
    assert login_as(org.outsider).get(f"/followup/assessments/{assessment_id}").status_code == 403

    record = service.followup_for_employee(org.asn.employee_id)
    assert list(record) == [assessment_id]
    assert (record[assessment_id].kind, record[assessment_id].status,
            record[assessment_id].plan_id) == ("development_plan", "accepted", plan_id)


def _approved_rows(org, count: int) -> None:
    """count approved Dukcapil assessments with a proposal each, inserted in bulk."""
    start = db.session.scalar(sa.select(sa.func.count(Employee.id)))
    for n in range(count):
        employee = Employee(nip=f"19900101201501{start + n:04d}", name=f"Pegawai {n:03d}",
                            golongan="III/a", jenis_jabatan="Pelaksana")
        db.session.add(employee)
        db.session.flush()
        assessment = Assessment(employee_id=employee.id, period_id=org.period_id,
                                agency_id=org.agency_id, state="approved", predikat="baik")
        db.session.add(assessment)
        db.session.flush()
        db.session.add(FollowUp(assessment_id=assessment.id, employee_id=employee.id,
                                agency_id=org.agency_id, predikat="baik",
                                proposed_kind="regular", kind="regular", needs=[],
                                status="proposed", reason=""))
    db.session.commit()


def test_the_list_is_paged_and_its_statement_count_does_not_grow_with_it(org, login_as):
    admin = login_as(org.admin)
    _approved_rows(org, 2)
    admin.get("/followup/")
    with counting_queries() as few:
        response = admin.get("/followup/?kind=regular")
    assert response.get_data(as_text=True).count("data-followup=") == 2
    _approved_rows(org, 30)
    with counting_queries() as many:
        response = admin.get("/followup/?kind=regular")
    html = response.get_data(as_text=True)
    assert html.count("data-followup=") == service.PAGE_SIZE and 'rel="next"' in html
    assert len(many) == len(few)


def test_the_export_holds_the_filtered_rows(org, login_as):
    approved_quickly(org, "below", "meets")
    approved_quickly(org, "above", "above", employee="peer")
    head = login_as(org.head)

    response = head.get("/followup/export?kind=development_plan")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["NIP", "Nama", "Instansi", "Predikat"]
    assert [(r[0], r[3], r[5], r[7]) for r in rows[1:]] == [
        ("199001102015031003", "Butuh Perbaikan", "Rencana pengembangan", "Diusulkan")]
    every = load_workbook(io.BytesIO(head.get("/followup/export").get_data())).worksheets[0]
    assert every.max_row == 3


@pytest.mark.parametrize("persona", ["committee", "other_committee", "asn"])
def test_the_lists_are_for_bkd_and_the_heads_only(org, login_as, persona):
    client = login_as(getattr(org, persona))
    assert client.get("/followup/").status_code == 403
    assert client.get("/followup/export").status_code == 403
    assert client.get("/followup/overdue").status_code == 403


def test_a_head_cannot_list_another_agency(org, login_as):
    response = login_as(org.head).get(f"/followup/?agency={org.other_agency_id}")
    assert response.status_code == 403


def test_a_plan_overdue_in_the_database_is_found_by_the_overdue_query(org, login_as):
    assessment_id = approved_quickly(org, "meets", "below")  # Kurang/Misconduct
    assert followup_of(assessment_id).needs == ["perilaku"]
    accept(login_as(org.admin), followup_of(assessment_id).id)
    plan = plan_of(assessment_id)
    plan.state = "agreed"
    plan.checkins = [PlanCheckin(due_on=dt.date(2000, 1, 1), note="")]
    db.session.commit()
    assert [row[0] for row in service.overdue_plans(None)] == [plan.id]
    assert [row[0] for row in service.overdue_plans((org.other_agency_id,))] == []
    assert db.session.scalar(sa.select(sa.func.count(FollowUpEvent.id))) == 2


def test_a_berakhlak_value_rated_below_expectation_is_suggested_as_a_plan_item(org, login_as):
    assessment_id = org.assessment_id(org.asn)
    # Three colleagues answered the annual round (published: closed, at the threshold); two
    # rated Akuntabel below expectation.
    for reviewer, akuntabel in ((org.peer, 1), (org.supervisor, 1), (org.head, 2)):
        db.session.add(PeerReview(
            assessment_id=assessment_id, period_no=0, reviewer_id=reviewer.employee_id,
            requested_by_id=org.supervisor.user_id, approved_by_id=org.supervisor.user_id,
            deadline=dt.date(2026, 11, 30), answered_at=dt.datetime(2026, 11, 20),
            scores=[PeerScore(value_code="akuntabel", score=akuntabel),
                    PeerScore(value_code="kolaboratif", score=3)]))
    db.session.commit()

    approved_quickly(org, "below", "meets")

    assert followup_of(assessment_id).needs == ["hasil_kerja", "akuntabel"]
    accept(login_as(org.admin), followup_of(assessment_id).id)
    items = plan_of(assessment_id).items
    assert [(i.need, i.support) for i in items] == [("hasil_kerja", "coaching"),
                                                   ("akuntabel", "coaching")]
    assert items[1].goal == "Meningkatkan perilaku Akuntabel"


def test_a_new_predikat_after_approval_is_proposed_again_and_a_draft_plan_dropped(org,
                                                                                 login_as):
    assessment_id = approved_quickly(org, "below", "meets")
    accept(login_as(org.admin), followup_of(assessment_id).id)
    assert plan_of(assessment_id) is not None
    # An objection's decision changes the ratings: Baik now.
    set_state(assessment_id, "approved", rating_hasil_kerja="meets", predikat="baik")

    service.propose(db.session.get(Assessment, assessment_id))

    found = followup_of(assessment_id)
    assert (found.predikat, found.kind, found.status, found.plan) == (
        "baik", "regular", "proposed", None)
    event = service.events(found.id)[-1]
    assert event.action == "proposed_again"
    assert {"field": "predikat", "from": "butuh_perbaikan", "to": "baik"} in event.changes


def test_the_record_cell_names_the_follow_up_and_links_its_plan(app, org, login_as):
    assessment_id = approved_quickly(org, "below", "meets")
    accept(login_as(org.admin), followup_of(assessment_id).id)
    summary = service.followup_for_employee(org.asn.employee_id)[assessment_id]

    with app.test_request_context():
        html = render_template("followup/_record_cell.html", summary=summary)
        empty = render_template("followup/_record_cell.html", summary=None)

    assert "Rencana pengembangan · Diterima" in html
    assert f'href="/followup/plans/{summary.plan_id}"' in html and "Disusun" in html
    assert empty.strip() == "—"
