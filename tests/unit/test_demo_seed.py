"""The demo organisation: valid people, every workflow state, complete SKPs in both approaches
cascaded top-down, audit trail, idempotent, logins work.

Self-contained on purpose (no conftest fixtures): one app on a temporary SQLite file, seeded once
for the module.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import portal
from portal.extensions import db
from portal.models import (
    Agency, Assessment, AuditEvent, BehaviourExpectation, Employee, Indicator, Period, Position,
    Realisation, Rhk, RoleGrant, SkpAttachment, Unit, User,
)
from portal.rules.berakhlak import BY_CODE as BERAKHLAK
from portal.rules.nip import nip_problem
from portal.rules.reference import GOLONGAN, JENIS_JABATAN
from workflows.assessment import STATES

ALL_MODELS = (Agency, Unit, Position, Employee, User, RoleGrant, Period, Assessment, Rhk,
              Indicator, Realisation, AuditEvent, SkpAttachment, BehaviourExpectation)
FIXED = STATES[STATES.index("targets_approved"):]
LEADERS = ("JPT Madya", "JPT Pratama", "Administrator")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "t.sqlite"
    app = portal.create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(path),
                             "SECRET_KEY": "test"})
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="module")
def seeded(app):
    """Seed once; yields the value seed() returned the first time."""
    from portal.demo import seed

    with app.app_context():
        created = seed()
    return created


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
    assert seed() is False
    db.session.expire_all()
    assert {model.__tablename__: _count(model) for model in ALL_MODELS} == before
    assert dict(db.session.execute(sa.select(Assessment.id, Assessment.version)).all()) == versions


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
    from portal.services.assessments import cascade_required

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
        indicators = [i for rhk in a.rhks for i in rhk.indicators]
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
