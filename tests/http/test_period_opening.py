"""Opening a period per agency (services.planning.periods): set-based whatever the number of
employees, safe to repeat, limited to the agencies chosen, with the assessor resolved in SQL as
people.org.resolve_assessor resolves it in Python."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Agency, Assessment, Employee, Period, PeriodAgency, PeriodOpening, Position, Posting, Unit,
    User,
)
from portal.models.base import utcnow
from portal.services import queue
from portal.services.errors import Invalid, NotNow
from portal.services.people.org import (
    assessor_of, holders_by_position, position_parents, resolve_assessor,
)
from portal.services.planning import periods as service
from tests.http.helpers import counting_queries


def new_period(year: int = 2027) -> Period:
    period = Period(year=year, status="draft", targets_due=dt.date(year, 1, 31),
                    self_assessment_due=dt.date(year, 12, 15), review_due=dt.date(year, 12, 31),
                    calibration_due=dt.date(year + 1, 1, 15),
                    approval_due=dt.date(year + 1, 1, 31))
    db.session.add(period)
    db.session.commit()
    return period


def admin(org) -> User:
    return db.session.get(User, org.admin.user_id)


def assessments(period_id: int) -> dict[int, tuple[int, int | None, str]]:
    """employee id -> (agency, assessor, state) of every assessment of the period."""
    db.session.expire_all()
    return {e: (a, s, st) for e, a, s, st in db.session.execute(
        sa.select(Assessment.employee_id, Assessment.agency_id, Assessment.assessor_id,
                  Assessment.state).where(Assessment.period_id == period_id))}


def agencies_of(period_id: int) -> dict[int, tuple]:
    db.session.expire_all()
    return {row.agency_id: (row.opened_at, row.opened_by_id) for row in db.session.scalars(
        sa.select(PeriodAgency).where(PeriodAgency.period_id == period_id))}


def bulk_agency(code: str, staff: int) -> int:
    """An agency of staff employees built with a few multi-row INSERTs (fast at 10,000): a head,
    a Kepala Bidang per 50 staff of whom every fifth post is vacant (its staff are assessed by
    the head, as the Plt would be), and the staff. Returns the agency's id."""
    agency = Agency(code=code, name=f"Badan {code}")
    db.session.add(agency)
    db.session.flush()
    unit = Unit(agency_id=agency.id, name=f"Sekretariat {code}")
    head = Position(unit=unit, title="Kepala", jenis_jabatan="JPT Pratama")
    db.session.add_all([unit, head])
    db.session.flush()
    first = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Position.id), 0))) + 1
    bosses = -(-staff // 50)
    positions, people = [], []
    for i in range(bosses):
        positions.append(dict(id=first + i, unit_id=unit.id, parent_id=head.id,
                              title="Kepala Bidang", jenis_jabatan="Administrator"))
        if i % 5:
            people.append(first + i)
    for i in range(staff):
        pid = first + bosses + i
        positions.append(dict(id=pid, unit_id=unit.id, parent_id=first + i // 50,
                              title="Pelaksana", jenis_jabatan="Pelaksana"))
        people.append(pid)
    db.session.execute(sa.insert(Position), positions)
    first_employee = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Employee.id), 0)))
    db.session.execute(sa.insert(Employee), [
        dict(id=first_employee + 1 + n, nip=f"{code}{pid:0{18 - len(code)}d}", name=f"P {pid}",
             golongan="III/a", jenis_jabatan="Pelaksana", position_id=pid, active=True)
        for n, pid in enumerate(people)])
    db.session.execute(sa.insert(Employee), [dict(
        id=first_employee + 1 + len(people), nip=f"{code}{head.id:0{18 - len(code)}d}",
        name="Kepala", golongan="IV/c", jenis_jabatan="JPT Pratama", position_id=head.id)])
    if db.engine.dialect.name == "postgresql":
        for table in ("positions", "employees"):
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"))
    db.session.commit()
    return agency.id


def test_it_opens_a_period_only_for_the_agencies_chosen(org):
    period = new_period()

    opening = service.start_opening(period, [org.agency_id], admin(org))

    made = assessments(period.id)
    assert {agency for agency, _, _ in made.values()} == {org.agency_id}
    assert set(made) == {org.asn.employee_id, org.peer.employee_id,
                         org.supervisor.employee_id, org.head.employee_id}
    assert made[org.asn.employee_id] == (org.agency_id, org.supervisor.employee_id,
                                         "draft_targets")
    assert set(agencies_of(period.id)) == {org.agency_id}
    db.session.refresh(opening)
    assert (opening.status, opening.done_agencies, opening.created_rows) == ("done", 1, 4)
    assert db.session.get(Period, period.id).status == "open"


def test_a_later_opening_adds_agencies_and_leaves_those_in_untouched(org):
    period = new_period()
    service.start_opening(period, [org.agency_id], admin(org))
    first = agencies_of(period.id)[org.agency_id]
    db.session.execute(sa.update(Assessment).where(
        Assessment.period_id == period.id, Assessment.employee_id == org.asn.employee_id)
        .values(state="targets_submitted"))
    db.session.commit()

    opening = service.start_opening(period, [org.agency_id, org.other_agency_id], None)

    recorded = agencies_of(period.id)
    assert recorded[org.agency_id] == first  # opened when and by whom it was first
    assert recorded[org.other_agency_id][1] is None
    made = assessments(period.id)
    assert len(made) == 5
    assert made[org.asn.employee_id][2] == "targets_submitted"
    assert made[org.outsider.employee_id][0] == org.other_agency_id
    db.session.refresh(opening)
    assert opening.created_rows == 1


def test_opening_again_adds_nothing(org):
    before = assessments(org.period_id)
    period = db.session.get(Period, org.period_id)

    assert service.open_period(period) == 0
    opening = service.start_opening(period, None, admin(org))

    assert assessments(org.period_id) == before
    db.session.refresh(opening)
    assert (opening.status, opening.created_rows) == ("done", 0)
    assert len(agencies_of(org.period_id)) == 3


def test_an_employee_who_joined_an_opened_agency_gets_an_assessment_on_reopening(org):
    unit = db.session.scalar(sa.select(Unit).where(Unit.agency_id == org.agency_id,
                                                   Unit.parent_id.is_not(None)))
    boss = db.session.get(Employee, org.supervisor.employee_id)
    post = Position(unit=unit, title="Analis", jenis_jabatan="Pelaksana",
                    parent_id=boss.position_id)
    newcomer = Employee(nip="199501012020121001", name="Dewi", golongan="III/a",
                        jenis_jabatan="Pelaksana", position=post)
    db.session.add_all([post, newcomer])
    db.session.commit()

    created = service.open_period(db.session.get(Period, org.period_id), [org.agency_id])

    assert created == 1
    assert assessments(org.period_id)[newcomer.id][1] == boss.id


def test_the_sql_assessor_is_the_one_resolve_assessor_finds(org):
    """Vacant posts, an acting official (Plt) and an inactive holder, as in the Python rule."""
    supervisor = db.session.get(Employee, org.supervisor.employee_id)
    supervisor.active = False  # the bidang's post is vacant: the head assesses its staff...
    auditor = db.session.get(Employee, org.committee.employee_id)
    # ...unless someone acts in it: the auditor is Plt of the vacant post.
    db.session.add(Posting(employee_id=auditor.id, position_id=supervisor.position_id,
                           kind="plt", starts_on=dt.date(2027, 1, 2)))
    db.session.commit()
    period = new_period()

    service.open_period(period)

    parents, holders = position_parents(), holders_by_position()
    expected = {e.id: resolve_assessor(e.position_id, parents, holders)
                for e in db.session.scalars(sa.select(Employee).where(Employee.active))}
    assert {e: assessor for e, (_, assessor, _) in assessments(period.id).items()} == expected
    assert expected[org.asn.employee_id] == auditor.id
    assert supervisor.id not in expected


def test_one_posts_assessor_read_from_the_posts_above_it_is_the_one_resolve_assessor_finds(org):
    """assessor_of (the objection's decider) reads only the chain above the post, in the same
    few statements however large the province, and agrees with the whole-tree rule."""
    supervisor = db.session.get(Employee, org.supervisor.employee_id)
    asn = db.session.get(Employee, org.asn.employee_id)
    checks = {}
    for case in ("filled", "vacant", "acting"):
        if case == "vacant":
            supervisor.active = False  # the bidang's post is vacant: the head assesses
        if case == "acting":
            db.session.add(Posting(employee_id=org.committee.employee_id,
                                   position_id=supervisor.position_id, kind="plt",
                                   starts_on=dt.date(2027, 1, 2)))
        db.session.commit()
        post = asn.position_id
        with counting_queries() as statements:
            found = assessor_of(post)
        checks[case] = (found, len(statements))
        assert found == resolve_assessor(asn.position_id, position_parents(),
                                         holders_by_position())
    assert [found for found, _ in checks.values()] == [
        supervisor.id, org.head.employee_id, org.committee.employee_id]
    assert {count for _, count in checks.values()} == {3}
    assert assessor_of(None) is None


def test_the_statement_count_does_not_grow_with_the_number_of_employees(org):
    small, large = bulk_agency("S", 20), bulk_agency("L", 10_000)
    counts = []
    for year, agency in ((2027, small), (2028, large)):
        period = new_period(year)
        with counting_queries() as statements:
            service.start_opening(period, [agency], None)
        counts.append(len(statements))

    made = assessments(period.id)
    assert len(made) == 10_000 + 200 - 40 + 1  # staff, the filled bosses, the head
    assert counts[0] == counts[1]
    with counting_queries() as statements:
        service.open_period(period, [large])
    assert len(assessments(period.id)) == len(made)  # again: nothing added
    assert len(statements) < counts[1]


def test_an_empty_choice_is_refused(org):
    period = new_period()

    with pytest.raises(Invalid) as refused:
        service.start_opening(period, [], admin(org))

    assert refused.value.message == "no_agency_chosen"
    assert db.session.get(Period, period.id).status == "draft"


def test_a_closed_period_is_not_opened_again(org):
    period = db.session.get(Period, org.period_id)
    period.status = "closed"
    db.session.commit()

    with pytest.raises(NotNow):
        service.start_opening(period, None, admin(org))


def test_a_failed_opening_keeps_the_finished_agencies_and_a_repeat_completes_it(org, monkeypatch):
    period = new_period()
    real = service._insert_assessments
    calls = []

    def failing(period_id, agency_ids):
        calls.append(agency_ids)
        if len(calls) >= 2:
            raise RuntimeError("database gone")
        return real(period_id, agency_ids)

    monkeypatch.setattr(service, "_insert_assessments", failing)
    service.start_opening(period, None, admin(org))
    opening = db.session.scalar(sa.select(PeriodOpening).where(PeriodOpening.period_id == period.id))
    assert (opening.status, opening.done_agencies, opening.message) == (
        "failed", 1, "opening_failed")
    job = queue.latest("period_opening", opening.id)  # each attempt went on from agency 2
    assert (job.state, job.attempts, job.error) == ("failed", 3, "RuntimeError: database gone")
    assert len(calls) == 4
    assert len(assessments(period.id)) == len(
        [e for e, (a, _, _) in assessments(org.period_id).items() if a == opening.agency_ids[0]])

    monkeypatch.setattr(service, "_insert_assessments", real)
    service.start_opening(period, None, admin(org))
    assert len(assessments(period.id)) == 6


def test_an_opening_that_fails_is_tried_again_later_and_shows_it_meanwhile(app, org, login_as,
                                                                          monkeypatch):
    period = db.session.get(Period, org.period_id)
    real = service._insert_assessments
    calls = []

    def fails_once(period_id, agency_ids):
        calls.append(agency_ids)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return real(period_id, agency_ids)
    monkeypatch.setattr(service, "_insert_assessments", fails_once)
    monkeypatch.setitem(app.config, "JOB_RETRY_DELAY", 60)  # the retry waits in the schedule

    opening = service.start_opening(period, None, admin(org))

    job = queue.latest("period_opening", opening.id)
    assert (job.state, job.attempts, job.error) == ("retrying", 1,
                                                    "RuntimeError: database went away")
    html = login_as(org.admin).get(f"/admin/periods/{period.id}").get_data(as_text=True)
    assert "percobaan 1 dari 3 gagal; dicoba lagi sebentar lagi." in html
    assert "Kesalahan terakhir: RuntimeError: database went away" in html

    queue.sweep(now=utcnow() + dt.timedelta(hours=1))  # the retry is due (or was lost)

    db.session.expire_all()
    assert (job.state, job.attempts) == ("done", 2)
    assert db.session.get(PeriodOpening, opening.id).status == "done"
    assert len(assessments(period.id)) == 6


def test_closing_names_per_agency_what_is_not_approved(org):
    db.session.execute(sa.update(Assessment).where(
        Assessment.period_id == org.period_id, Assessment.agency_id != org.agency_id)
        .values(state="approved"))
    db.session.execute(sa.update(Assessment).where(
        Assessment.employee_id == org.asn.employee_id).values(state="calibrated"))
    db.session.commit()

    blocking = service.close_period(db.session.get(Period, org.period_id))

    assert blocking == {org.agency_id: {"draft_targets": 3, "calibrated": 1}}
    assert db.session.get(Period, org.period_id).status == "open"
