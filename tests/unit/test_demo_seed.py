"""The demo organisation: valid people, every workflow state, complete SKPs in both approaches
cascaded top-down, audit trail, idempotent, logins work; public services with a year of records
and citizen answers, objective indicators computed from them, and peer feedback.

One app on a copy of the run's seeded demo (tests/e2e/conftest.py demo_snapshot: the seed runs
once per run, for these tests, the browser tests and the page budget alike).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

import portal
from portal.extensions import db
from portal.models import (
    Agency, Assessment, AuditEvent, BehaviourExpectation, Employee, Indicator, PeerReview,
    PeerScore, Period, PeriodAgency, Position, Realisation, Rhk, RoleGrant, Service, ServiceOfficer,
    ServiceRecord, SkpAttachment, SurveyResponse, Unit, User,
)
from portal.rules.berakhlak import BY_CODE as BERAKHLAK
from portal.rules.nip import nip_problem
from portal.rules.reference import GOLONGAN, JENIS_JABATAN
from tests.e2e.conftest import demo_seed_result, demo_snapshot  # noqa: F401
from workflows.assessment import STATES

ALL_MODELS = (Agency, Unit, Position, Employee, User, RoleGrant, Period, Assessment, Rhk,
              Indicator, Realisation, AuditEvent, SkpAttachment, BehaviourExpectation, Service,
              ServiceOfficer, ServiceRecord, SurveyResponse, PeerReview, PeerScore)
FIXED = STATES[STATES.index("targets_approved"):]
LEADERS = ("JPT Madya", "JPT Pratama", "Administrator")


@pytest.fixture(scope="module")
def app(tmp_path_factory, demo_snapshot):
    path = tmp_path_factory.mktemp("demo") / "t.sqlite"
    shutil.copyfile(demo_snapshot, path)
    shutil.copytree(demo_snapshot.parent / "demo-evidence", path.parent / "evidence")
    return portal.create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(path),
                              "SECRET_KEY": "test", "EVIDENCE_DIR": str(path.parent / "evidence")})


@pytest.fixture(scope="module")
def seeded(demo_seed_result):
    """What seed() returned when it seeded the demo (the run's one seeded snapshot)."""
    return demo_seed_result


@pytest.fixture
def ctx(app, seeded):
    with app.app_context():
        yield
        db.session.remove()


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _employee(nip: str) -> Employee:
    return db.session.scalar(sa.select(Employee).where(Employee.nip == nip))


def _assessment_of(employee: Employee) -> Assessment:
    return db.session.scalar(sa.select(Assessment).where(Assessment.employee_id == employee.id))


def test_first_seed_creates_data(seeded):
    assert seeded is True


def test_at_least_sixty_employees_in_the_named_agencies(ctx):
    assert _count(Employee) >= 60
    names = set(db.session.scalars(sa.select(Agency.name)))
    for expected in ("Sekretariat Daerah", "Dinas Kependudukan dan Pencatatan Sipil",
                     "Dinas Pendidikan", "Dinas Kesehatan", "Badan Kepegawaian Daerah",
                     "Inspektorat"):
        assert any(name.startswith(expected) for name in names), expected
    bkd = db.session.scalar(sa.select(Agency).where(Agency.code == "BKD"))
    assert bkd.address == "Jl. RM. Noer Atmadibrata No. 2, Telanaipura, Kota Jambi"
    # Each agency has staff of its own.
    per_agency = dict(db.session.execute(
        sa.select(Unit.agency_id, sa.func.count(Employee.id))
        .join(Position, Position.unit_id == Unit.id)
        .join(Employee, Employee.position_id == Position.id)
        .group_by(Unit.agency_id)).all())
    assert len(per_agency) >= 4 and min(per_agency.values()) >= 5


def test_every_nip_is_valid_and_fits_the_person(ctx):
    from portal.demo.people import ROSTER

    employees = db.session.scalars(sa.select(Employee)).all()
    assert len({e.nip for e in employees}) == len(employees)
    for employee in employees:
        assert nip_problem(employee.nip) is None, (employee.nip, employee.name)
        assert employee.golongan in GOLONGAN
        assert employee.jenis_jabatan in JENIS_JABATAN
        born, appointed = int(employee.nip[:4]), int(employee.nip[8:12])
        assert appointed - born >= 17
    for person in ROSTER:  # sex digit as written in the spec
        assert person.nip[14] == person.post.sex
    serials = [p.nip[15:] for p in ROSTER]
    assert len(set(serials)) == len(serials)


def test_golongan_fits_the_jabatan(ctx):
    allowed = {
        "JPT Madya": {"IV/c", "IV/d", "IV/e"}, "JPT Pratama": {"IV/c", "IV/d"},
        "Administrator": {"IV/a", "IV/b"}, "Pengawas": {"III/c", "III/d"},
        "Pelaksana": {"II/c", "II/d", "III/a", "III/b"},
        "Fungsional Ahli Pertama": {"III/a", "III/b"}, "Fungsional Terampil": {"II/c", "II/d"},
        "Fungsional Ahli Madya": {"IV/a", "IV/b", "IV/c"},
    }
    for jenis, golongan in db.session.execute(sa.select(Employee.jenis_jabatan,
                                                        Employee.golongan)):
        assert golongan in allowed[jenis], (jenis, golongan)


def test_every_workflow_state_is_present(ctx):
    states = set(db.session.scalars(sa.select(Assessment.state).distinct()))
    assert states == set(STATES)
    predikat = set(db.session.scalars(
        sa.select(Assessment.predikat).where(Assessment.predikat.is_not(None)).distinct()))
    assert len(predikat) >= 4


def test_the_demo_period_is_open_for_every_agency(ctx):
    period_id = db.session.scalar(sa.select(Period.id))
    opened = set(db.session.scalars(sa.select(PeriodAgency.agency_id)
                                    .where(PeriodAgency.period_id == period_id)))
    assert opened == set(db.session.scalars(sa.select(Agency.id)))


def test_demo_employee_has_an_empty_draft_assessed_by_the_demo_supervisor(ctx):
    from portal.demo import DEMO_EMPLOYEE_NIP, DEMO_SUPERVISOR_NIP

    employee, supervisor = _employee(DEMO_EMPLOYEE_NIP), _employee(DEMO_SUPERVISOR_NIP)
    assert employee.position.unit.agency.code == "DISDUKCAPIL"
    assert employee.position.parent_id == supervisor.position_id
    assessment = _assessment_of(employee)
    assert assessment.state == "draft_targets"
    assert assessment.rhks == []
    assert assessment.assessor_id == supervisor.id
    # The supervisor's SKP is fixed, with RHK for the employee to cascade from.
    upper = _assessment_of(supervisor)
    assert upper.state in FIXED and upper.rhks
    team = {a.state for a in db.session.scalars(
        sa.select(Assessment).where(Assessment.assessor_id == supervisor.id,
                                    Assessment.employee_id != employee.id))}
    assert {"targets_submitted", "self_assessed"} <= team


def test_roles_are_granted_as_the_demo_needs(ctx):
    from portal.demo import DEMO_ADMIN_EMAIL, DEMO_APPROVER_NIP, DEMO_COMMITTEE_LOGIN

    dukcapil = db.session.scalar(sa.select(Agency).where(Agency.code == "DISDUKCAPIL"))
    approver = db.session.scalar(sa.select(User).where(
        User.employee_id == _employee(DEMO_APPROVER_NIP).id))
    assert dukcapil.id in approver.agencies_with("approver")
    committee_employee = _employee(DEMO_COMMITTEE_LOGIN)
    assert committee_employee.position.unit.agency.code in ("INSPEKTORAT", "BKD")
    committee = db.session.scalar(sa.select(User).where(
        User.employee_id == committee_employee.id))
    all_agencies = set(db.session.scalars(sa.select(Agency.id)))
    own_agency = committee_employee.position.unit.agency_id
    # Every agency but the member's own: nobody calibrates their own team; BKD covers that one.
    assert committee.agencies_with("committee") == all_agencies - {own_agency}
    committees = db.session.execute(sa.select(RoleGrant.agency_id).where(
        RoleGrant.role == "committee")).scalars().all()
    assert sorted(committees) == sorted(all_agencies)
    admin = db.session.scalar(sa.select(User).where(User.email == DEMO_ADMIN_EMAIL))
    assert admin.is_admin and all(g.agency_id is None for g in admin.grants)
    # Every agency's head approves for it.
    approvers = db.session.execute(sa.select(RoleGrant.agency_id).where(
        RoleGrant.role == "approver")).scalars().all()
    assert set(approvers) == all_agencies


def test_every_assessment_past_the_draft_has_audit_events(ctx):
    moved = db.session.scalars(sa.select(Assessment).where(
        Assessment.state != "draft_targets")).all()
    assert moved
    audited = set(db.session.scalars(sa.select(AuditEvent.assessment_id).distinct()))
    for assessment in moved:
        assert assessment.id in audited
        last = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id,
                                        AuditEvent.trigger != "adjust_ratings")
            .order_by(AuditEvent.id.desc()).limit(1))
        assert last.to_state == assessment.state


def test_the_demo_audit_log_verifies_as_one_hash_chain(ctx):
    from portal.services.review import audit_chain

    verdict = audit_chain.verify()
    assert verdict.broken is None
    assert verdict.events == db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) > 0


def test_rated_assessments_have_targets_realisations_and_predikat(ctx):
    rated = db.session.scalars(sa.select(Assessment).where(
        Assessment.state.in_(("reviewed", "calibrated", "approved")))).all()
    for assessment in rated:
        assert assessment.predikat is not None and assessment.rating_hasil_kerja_note
        indicators = [i for rhk in assessment.rhks for i in rhk.indicators]
        assert indicators and all(i.realisation_for(0) is not None for i in indicators)
        assert 1 <= len(assessment.rhks) <= 3


def test_each_demo_login_authenticates(ctx):
    from portal.demo import DEMO_LOGINS, DEMO_PASSWORD

    roles = [role for role, _, _ in DEMO_LOGINS]
    for needed in ("Pegawai", "Pejabat Penilai (atasan)", "Tim Penilai Kinerja",
                   "Pimpinan (Kepala Dinas)", "Admin BKD"):
        assert needed in roles
    for role, login, name in DEMO_LOGINS:
        user = db.session.scalar(
            sa.select(User).outerjoin(Employee, User.employee_id == Employee.id)
            .where(sa.or_(User.email == login, Employee.nip == login)))
        assert user is not None, role
        assert user.display_name == name
        assert user.check_password(DEMO_PASSWORD), role
        assert not user.check_password(DEMO_PASSWORD + "x")


def test_every_employee_can_log_in(ctx):
    users = db.session.scalars(sa.select(User).where(User.employee_id.is_not(None))).all()
    assert len(users) == _count(Employee)
    assert len({u.password_hash for u in users}) == 1  # hashed once, shared


def test_seeding_again_changes_nothing(ctx):
    from portal.demo import seed

    before = {model.__tablename__: _count(model) for model in ALL_MODELS}
    versions = dict(db.session.execute(sa.select(Assessment.id, Assessment.version)).all())
    computed = dict(db.session.execute(sa.select(Realisation.id, Realisation.computed_at)).all())
    assert seed() is False
    db.session.expire_all()
    assert {model.__tablename__: _count(model) for model in ALL_MODELS} == before
    assert dict(db.session.execute(sa.select(Assessment.id, Assessment.version)).all()) == versions
    assert dict(db.session.execute(
        sa.select(Realisation.id, Realisation.computed_at)).all()) == computed


def _past_draft() -> list[Assessment]:
    return db.session.scalars(sa.select(Assessment).where(
        Assessment.state != "draft_targets")).all()


def test_leaders_plan_qualitatively_and_staff_quantitatively(ctx):
    assessments = db.session.scalars(sa.select(Assessment).join(Assessment.employee)).all()
    approaches = {a.approach for a in assessments}
    assert approaches == {"kuantitatif", "kualitatif"}
    kinds = {"range": 0, "lower_is_better": 0}
    for a in assessments:
        assert a.approach == ("kualitatif" if a.employee.jenis_jabatan in LEADERS
                              else "kuantitatif"), a.employee.name
        for indicator in (i for rhk in a.rhks for i in rhk.indicators):
            if a.approach == "kualitatif":
                assert indicator.target_text and indicator.perspective
                assert indicator.target_value is None
            else:
                assert indicator.target_value is not None and indicator.target_unit
                assert indicator.target_text is None
                kinds["range"] += indicator.target_max is not None
                kinds["lower_is_better"] += indicator.lower_is_better
    assert kinds["range"] >= 3 and kinds["lower_is_better"] >= 10


def test_every_rhk_cascades_from_the_assessors_fixed_skp(ctx):
    from portal.services.review.assessments import cascade_required

    checked = 0
    for a in _past_draft():
        if not cascade_required(a):
            continue
        upper = db.session.scalar(sa.select(Assessment).where(
            Assessment.employee_id == a.assessor_id, Assessment.period_id == a.period_id))
        assert upper.state in FIXED, (a.employee.name, upper.state)
        for rhk in a.rhks:
            assert rhk.parent is not None and rhk.parent.assessment_id == upper.id, rhk.text
            checked += 1
    assert checked >= 80


def test_every_skp_past_the_draft_has_expectations_and_a_lampiran(ctx):
    for a in _past_draft():
        assert {line.kind for line in a.attachments} == set(SkpAttachment.KINDS)
        if a.assessor_id is None:  # the Sekda: the Governor writes no expectations here
            continue
        assert {e.value_code for e in a.expectations} == set(BERAKHLAK)
        assert all(e.text.strip() for e in a.expectations)


def test_realisations_follow_the_year_and_the_approach(ctx):
    for a in _past_draft():
        # Objective indicators are computed whatever the state (see the tests further down).
        indicators = [i for rhk in a.rhks for i in rhk.indicators if i.data_source == "manual"]
        if a.state in ("draft_targets", "targets_submitted") or a.assessor_id is None:
            assert not any(i.realisations for i in indicators)
            continue
        for indicator in indicators:
            periods = {r.period_no for r in indicator.realisations}
            assert {1, 2, 3} <= periods
            assert (0 in periods) == (a.state != "targets_approved")
            for r in indicator.realisations:
                if a.approach == "kualitatif":
                    assert r.value is None and r.note
                else:
                    assert r.value is not None


def test_a_returned_skp_keeps_the_supervisors_comment(ctx):
    returned = db.session.scalars(sa.select(AuditEvent.assessment_id).where(
        AuditEvent.trigger == "return_targets")).all()
    assert returned
    for assessment_id in returned:
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.rhks[0].supervisor_comment


# --- public services, objective indicators and peer feedback ----------------------------------

def _year_window() -> tuple:
    from portal.services.execution.execution import evaluation_window

    return evaluation_window(db.session.scalar(sa.select(Period).where(Period.year == 2026)), 0)


def test_the_catalogue_has_the_dukcapil_counters_a_laboratory_and_a_school(ctx):
    from portal.services.feedback.catalogue import CODE_ALPHABET

    services = db.session.scalars(sa.select(Service)).all()
    names = {}
    for service in services:
        names.setdefault(service.unit.agency.code, []).append(service.name)
        assert service.active and service.standard_minutes > 0
    for document in ("KTP-el", "Kartu Keluarga", "Akta Kelahiran"):
        assert any(document in name for name in names["DISDUKCAPIL"]), document
    assert names["DINKES"] and names["DISDIK"]
    officers = db.session.scalars(sa.select(ServiceOfficer)).all()
    assert len(officers) >= 6
    for officer in officers:  # the counter staff of the agency giving the service
        assert officer.service.unit.agency.code == "DISDUKCAPIL"
        assert officer.employee.position.unit.agency_id == officer.service.unit.agency_id
    codes = [s.code for s in services] + [o.code for o in officers]
    assert len(set(codes)) == len(codes)
    assert all(len(code) <= 12 and set(code) <= set(CODE_ALPHABET) for code in codes)


def test_the_survey_link_printed_for_a_counter_officer_opens_the_form(app, ctx):
    from portal.demo import DEMO_SURVEY_PATH

    response = app.test_client().get(DEMO_SURVEY_PATH)
    assert response.status_code == 200
    assert "Penerbitan KTP-el" in response.text and "Hotman Sitompul" in response.text


def test_every_counter_officer_has_a_year_of_records_mostly_on_time_and_accurate(ctx):
    start, end = _year_window()
    within = sa.func.sum(sa.case(
        (ServiceRecord.duration_minutes <= Service.standard_minutes, 1), else_=0))
    accurate = sa.func.sum(sa.case((ServiceRecord.corrections == 0, 1), else_=0))
    rows = db.session.execute(
        sa.select(ServiceRecord.officer_id, sa.func.count(), within, accurate)
        .join(Service, Service.id == ServiceRecord.service_id)
        .group_by(ServiceRecord.officer_id)).all()
    assert {officer for officer, *_ in rows} == set(
        db.session.scalars(sa.select(ServiceOfficer.employee_id)))
    for _officer, count, on_time, correct in rows:
        assert count >= 200
        assert 0.8 <= on_time / count < 1
        assert 0.94 <= correct / count < 1
    assert len({(on_time, correct) for _, _, on_time, correct in rows}) == len(rows)
    outside = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceRecord).where(
        sa.or_(ServiceRecord.received_at < start, ServiceRecord.received_at >= end,
               ServiceRecord.completed_at <= ServiceRecord.received_at)))
    assert outside == 0
    for record in db.session.scalars(sa.select(ServiceRecord).limit(200)):
        assert (record.completed_at - record.received_at).total_seconds() == \
            record.duration_minutes * 60


def test_citizens_answered_about_every_counter_officer_and_their_ikm_grades_differ(ctx):
    from portal.services.feedback.ikm import ikm_by

    start, end = _year_window()
    officers = set(db.session.scalars(sa.select(ServiceOfficer.employee_id)))
    results = ikm_by("officer", start, end, officers)
    assert set(results) == officers
    assert all(result.respondents >= 30 for result in results.values())
    assert {"A", "B", "C"} <= {result.grade for result in results.values()}
    assert set(ikm_by("service", start, end)) == set(db.session.scalars(sa.select(Service.id)))
    responses = db.session.scalars(sa.select(SurveyResponse)).all()
    answers = {getattr(r, element) for r in responses for element in SurveyResponse.ELEMENTS}
    assert answers == {1, 2, 3, 4}
    comments = [r.comment for r in responses if r.comment]
    assert 0 < len(comments) < len(responses)
    assert all(len(r.client_key) == 64 and len(r.form_token) == 64 for r in responses)
    assert all(start <= r.submitted_at.replace(tzinfo=start.tzinfo) < end for r in responses)


def test_objective_indicators_of_the_dukcapil_staff_have_computed_realisations(ctx):
    from portal.rules.sources import SOURCES

    rows = db.session.execute(
        sa.select(Indicator, Realisation).join(Realisation)
        .where(Indicator.data_source != "manual", Realisation.period_no == 0)).all()
    assert {indicator.data_source for indicator, _ in rows} == set(SOURCES)
    for indicator, realisation in rows:
        source = SOURCES[indicator.data_source]
        assert indicator.target_unit == source.unit
        assert indicator.lower_is_better == source.lower_is_better
        assert indicator.rhk.assessment.employee.position.unit.agency.code == "DISDUKCAPIL"
        assert realisation.value is not None and realisation.source_count > 0
        assert realisation.computed_at is not None


def test_the_operators_average_time_is_computed_from_his_records(ctx):
    from portal.demo.people import BY_POST

    operator = _employee(BY_POST["dukcapil.operator_ktp"].nip)
    assessment = _assessment_of(operator)
    assert assessment.state == "self_assessed"  # waiting for the demo supervisor's rating
    bound = {i.data_source: i for rhk in assessment.rhks for i in rhk.indicators
             if i.data_source != "manual"}
    assert set(bound) == {"records_avg_hours", "records_within_standard", "records_accuracy",
                          "ikm_officer"}
    count, minutes = db.session.execute(
        sa.select(sa.func.count(), sa.func.sum(ServiceRecord.duration_minutes))
        .where(ServiceRecord.officer_id == operator.id,
               ServiceRecord.service_id == bound["records_avg_hours"].source_service_id)).one()
    annual = bound["records_avg_hours"].realisation_for(0)
    assert annual.source_count == count
    assert abs(float(annual.value) - minutes / count / 60) < 0.01


def test_peer_feedback_is_published_for_one_employee_and_still_open_for_the_other(ctx):
    import datetime as dt

    from portal.demo.peers import REQUESTS
    from portal.demo.people import BY_POST
    from portal.services.feedback.peers import published_round

    shown = []
    for request in REQUESTS:
        assessment = _assessment_of(_employee(BY_POST[request.employee].nip))
        assert assessment.state == "self_assessed"
        reviews = db.session.scalars(sa.select(PeerReview).where(
            PeerReview.assessment_id == assessment.id)).all()
        assert all(r.approved_by_id is not None and r.deadline > dt.date.today()
                   for r in reviews)
        answered = [r for r in reviews if r.answered_at is not None]
        assert len(answered) == len(request.answers)
        assert len(reviews) - len(answered) == len(request.waiting)
        for review in answered:
            assert {s.value_code for s in review.scores} == set(BERAKHLAK)
            assert all(1 <= s.score <= 3 for s in review.scores)
        shown.append(published_round(assessment).aggregate is not None)
    assert sorted(shown) == [False, True]


def test_the_demo_pegawai_finds_a_peer_request_to_answer(ctx):
    from portal.demo import DEMO_EMPLOYEE_NIP
    from portal.services.feedback.peers import asked_of

    assert [asked.state for asked in asked_of(_employee(DEMO_EMPLOYEE_NIP).id)] == ["open"]


def test_the_governors_decision_on_the_sekdas_skp_is_recorded_with_its_paper(ctx, app):
    from portal.models import OutsideDecision

    decision = db.session.scalar(sa.select(OutsideDecision))
    sekda = decision.assessment
    assert sekda.assessor_id is None and sekda.state in FIXED
    assert (decision.step, decision.official_title) == ("approve_targets", "Gubernur Jambi")
    event = decision.audit_event
    assert event.trigger == "approve_targets" and event.actor.email == "admin@bkd.jambiprov.go.id"
    assert event.reason.startswith("Atas nama Dr. H. Al Haris, S.Sos., M.H. (Gubernur Jambi)")
    scan = Path(app.config["EVIDENCE_DIR"]) / decision.scan_stored_name
    assert scan.read_bytes().startswith(b"%PDF")
