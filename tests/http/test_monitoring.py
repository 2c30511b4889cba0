"""Pemantauan (issue 11.3): the counts per state, who is late and for how long, the exceptions,
completion over time, and reminding a filtered set, each in the actor's scope.

Personas (tests/conftest.py): the BKD admin watches the province; Dukcapil's committee member
and its head (approver) watch Dukcapil; Dinas Kesehatan's committee member watches Dinas
Kesehatan; the ASN holds no role. The period's SKP deadline is 31 January 2026.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Agency, Assessment, AuditEvent, BackgroundJob, Employee, MonitoringFigure, Notification,
    Period, Position, ReminderLog, Unit, User,
)
from portal.models.base import utcnow
from portal.services.review import monitoring
from tests.http.helpers import add_staff, counting_queries, set_state

FEB_10 = dt.date(2026, 2, 10)


@pytest.fixture(autouse=True)
def _tenth_of_february(monkeypatch):
    """Ten days past the SKP deadline (31 January), before every later one."""
    monkeypatch.setattr("portal.services.clock.today", lambda: FEB_10)


def _total(html: str) -> int:
    return int(re.search(r"<td data-total>([\d.]+)</td>", html).group(1).replace(".", ""))


def _listed(html: str) -> list[int]:
    return [int(a) for a in re.findall(r'<tr data-assessment="(\d+)"', html)]


def _exception_ids(html: str, kind: str) -> list[int]:
    section = html.split(f'data-exception="{kind}"')[1].split("<h3")[0]
    return [int(e) for e in re.findall(r'data-employee="(\d+)"', section)]


def test_the_admin_sees_every_agency_and_a_committee_member_only_theirs(org, login_as):
    everything = login_as(org.admin).get("/monitoring/").get_data(as_text=True)
    dukcapil = login_as(org.committee).get("/monitoring/").get_data(as_text=True)

    stored_all = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)
                                   .where(Assessment.period_id == org.period_id))
    stored_dukcapil = db.session.scalar(
        sa.select(sa.func.count()).select_from(Assessment)
        .where(Assessment.period_id == org.period_id, Assessment.agency_id == org.agency_id))
    assert _total(everything) == stored_all
    assert _total(dukcapil) == stored_dukcapil < stored_all
    assert org.assessment_id(org.outsider) not in _listed(dukcapil)
    assert org.assessment_id(org.outsider) in _listed(everything)


def test_the_admin_narrows_to_one_agency_and_the_head_sees_his_own(org, login_as):
    admin = login_as(org.admin).get("/monitoring/", query_string={"agency": org.other_agency_id})
    head = login_as(org.head).get("/monitoring/")

    assert _listed(admin.get_data(as_text=True)) == [org.assessment_id(org.outsider)]
    assert org.assessment_id(org.asn) in _listed(head.get_data(as_text=True))


@pytest.mark.parametrize("persona,agency", [
    ("asn", None), ("supervisor", None), ("committee", "other"), ("other_committee", "own"),
])
def test_those_outside_the_scope_are_refused(org, login_as, persona, agency):
    args = {"agency": {"other": org.other_agency_id, "own": org.agency_id}[agency]} if agency else {}

    client = login_as(getattr(org, persona))
    for url in ("/monitoring/", "/monitoring/chart.svg", "/monitoring/remind",
                "/monitoring/exceptions/no_skp"):
        assert client.get(url, query_string=args).status_code == 403
    assert client.post("/monitoring/remind", query_string=args).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReminderLog)) == 0


def test_the_late_are_listed_with_their_days_late_and_the_state_filter_narrows(org, login_as):
    asn, supervisor = org.assessment_id(org.asn), org.assessment_id(org.supervisor)
    set_state(supervisor, "targets_approved")  # the next deadline is in December: not late

    client = login_as(org.committee)
    late = client.get("/monitoring/", query_string={"agency": org.agency_id, "overdue": 1},
                      htmx=True).get_data(as_text=True)
    approved = client.get("/monitoring/", query_string={
        "agency": org.agency_id, "state": "targets_approved"}).get_data(as_text=True)

    assert asn in _listed(late) and supervisor not in _listed(late)
    row = late.split(f'data-assessment="{asn}"')[1].split("</tr>")[0]
    assert 'data-days-late="10"' in row  # 31 January + 10 days, the deadlines rule
    assert late.lstrip().startswith('<div id="monitoring">')  # the htmx swap gets the partial alone
    assert _listed(approved) == [supervisor]


def test_the_exceptions_name_who_lacks_a_supervisor_an_active_one_or_an_skp(org, login_as):
    # The supervisor leaves; the peer's supervisor becomes Dinas Kesehatan's employee; a new
    # employee joins the bidang after the period was opened (no SKP).
    db.session.execute(sa.update(Employee).where(Employee.id == org.supervisor.employee_id)
                       .values(active=False))
    set_state(org.assessment_id(org.peer), "draft_targets", assessor_id=org.outsider.employee_id)
    bidang = db.session.scalar(sa.select(Position.unit_id)
                               .where(Position.id == db.session.get(
                                   Employee, org.asn.employee_id).position_id))
    position = Position(unit_id=bidang, title="Analis", jenis_jabatan="Pelaksana")
    newcomer = Employee(nip="199503032020121001", name="Pegawai Baru", golongan="III/a",
                        jenis_jabatan="Pelaksana", position=position)
    db.session.add_all([position, newcomer])
    db.session.commit()

    html = login_as(org.committee).get("/monitoring/").get_data(as_text=True)

    assert org.head.employee_id in _exception_ids(html, "no_supervisor")
    assert _exception_ids(html, "inactive_supervisor") == [org.asn.employee_id]
    assert _exception_ids(html, "other_agency") == [org.peer.employee_id]
    assert _exception_ids(html, "no_skp") == [newcomer.id]


def test_completion_over_time_comes_from_the_audit_events(org, login_as):
    asn, peer = org.assessment_id(org.asn), org.assessment_id(org.peer)
    for aid, at in ((asn, dt.datetime(2027, 1, 20, 3, tzinfo=dt.UTC)),
                    (peer, dt.datetime(2027, 1, 22, 18, tzinfo=dt.UTC))):  # 23 Jan WIB
        set_state(aid, "approved")
        db.session.add(AuditEvent(assessment_id=aid, actor_id=org.head.user_id, at=at,
                                  trigger="approve", from_state="calibrated",
                                  to_state="approved"))
    db.session.commit()

    client = login_as(org.committee)
    html = client.get("/monitoring/").get_data(as_text=True)
    chart = client.get("/monitoring/chart.svg")

    table = html.split('class="monitoring-completion-table"')[1].split("</table>")[0]
    assert re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", table) == [
        ("20 Januari 2027", "1"), ("23 Januari 2027", "2")]
    assert '<img src="/monitoring/chart.svg' in html
    svg = chart.get_data(as_text=True)
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert "<title>Penilaian disetujui, kumulatif</title>" in svg
    assert "23 Jan" in svg  # the dates label the axis
    assert "style" not in svg and "<script" not in svg and " on" not in svg.lower().replace(
        " one", "")


def test_reminding_a_filtered_set_sends_what_the_preview_showed_once_a_day(org, login_as):
    client = login_as(org.committee)
    args = {"agency": org.agency_id, "overdue": 1}

    preview = client.get("/monitoring/remind", query_string=args).get_data(as_text=True)
    planned = int(re.search(r'data-planned="(\d+)"', preview).group(1))
    sent = client.post("/monitoring/remind", query_string=args).get_data(as_text=True)
    again = client.get("/monitoring/remind", query_string=args).get_data(as_text=True)
    resent = client.post("/monitoring/remind", query_string=args).get_data(as_text=True)

    logged = db.session.execute(sa.select(ReminderLog.user_id, ReminderLog.kind)).all()
    assert planned > 0
    assert f'data-sent="{planned}"' in sent
    assert len(logged) == planned
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == planned
    assert (org.asn.user_id, "overdue") in logged  # the late ASN herself
    assert all(kind in ("overdue", "escalation") for _user, kind in logged)
    outsider = db.session.scalar(sa.select(User.id).where(User.employee_id
                                                          == org.outsider.employee_id))
    assert outsider not in {user for user, _kind in logged}  # Dinas Kesehatan is not in the set
    assert 'data-planned="0"' in again and 'data-sent="0"' in resent


def test_the_remind_post_needs_the_csrf_token(org, login_as):
    response = login_as(org.committee).post("/monitoring/remind", csrf=False)

    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReminderLog)) == 0


def _grow(org, staff: int, batch: int) -> None:
    """Add staff to Dukcapil's bidang under the supervisor, each with an account and an
    assessment in one of three states (the approved ones with their audit event), every fifth
    without an SKP."""
    for i, employee in enumerate(add_staff(org, staff, batch)):
        if i % 5 == 4:
            continue
        state = ("approved", "draft_targets", "targets_approved")[i % 3]
        assessment = Assessment(employee_id=employee.id, period_id=org.period_id,
                                assessor_id=org.supervisor.employee_id, agency_id=org.agency_id,
                                state=state)
        db.session.add(assessment)
        db.session.flush()
        if state == "approved":
            db.session.add(AuditEvent(assessment_id=assessment.id, actor_id=org.head.user_id,
                                      at=dt.datetime(2027, 1, 1 + i % 28, tzinfo=dt.UTC),
                                      trigger="approve", from_state="calibrated",
                                      to_state="approved"))
    db.session.commit()


def _statements(client, org) -> tuple[int, ...]:
    counts = []
    for url, args in (("/monitoring/", {"agency": org.agency_id}), ("/monitoring/chart.svg", {}),
                      ("/monitoring/remind", {}),
                      ("/monitoring/", {"agency": org.agency_id, "overdue": 1, "page": 2}),
                      ("/monitoring/exceptions/no_skp", {"agency": org.agency_id, "page": 2})):
        with counting_queries() as statements:
            assert client.get(url, query_string=args).status_code == 200
        counts.append(len(statements))
    return tuple(counts)


def test_the_statement_count_does_not_grow_with_the_agency(org, login_as):
    client = login_as(org.committee)
    _grow(org, 5, batch=0)
    small = _statements(client, org)
    _grow(org, 80, batch=1)
    large = _statements(client, org)

    html = client.get("/monitoring/").get_data(as_text=True)
    assert len(_listed(html)) == 25 and 'rel="next"' in html  # paged
    assert large == small


def test_a_unit_filter_covers_every_unit_below_it(org, login_as):
    # A seksi below the bidang, and an UPTD below the seksi, each with one new employee; the
    # one in the UPTD has no SKP yet.
    bidang = db.session.scalar(sa.select(Unit).where(Unit.name.like("Bidang%")))
    seksi = Unit(agency_id=org.agency_id, parent=bidang, name="Seksi Identitas Penduduk")
    uptd = Unit(agency_id=org.agency_id, parent=seksi, name="UPTD Perekaman KTP-el")
    sup = db.session.get(Employee, org.supervisor.employee_id)
    staff = []
    for unit, nip, name in ((seksi, "199201012015031001", "Pegawai Seksi"),
                            (uptd, "199302022016032002", "Pegawai UPTD")):
        position = Position(unit=unit, parent_id=sup.position_id, title=f"Staf {unit.name}",
                            jenis_jabatan="Pelaksana")
        staff.append(Employee(nip=nip, name=name, golongan="II/a", jenis_jabatan="Pelaksana",
                              position=position))
        db.session.add_all([unit, position, staff[-1]])
    db.session.flush()
    in_seksi = Assessment(employee_id=staff[0].id, period_id=org.period_id, assessor_id=sup.id,
                          agency_id=org.agency_id)
    db.session.add(in_seksi)
    db.session.commit()
    client = login_as(org.committee)

    def shown(unit: Unit) -> str:
        return client.get("/monitoring/", query_string={"agency": org.agency_id,
                                                       "unit": unit.id}).get_data(as_text=True)

    whole_bidang, only_seksi, only_uptd = shown(bidang), shown(seksi), shown(uptd)

    in_bidang = set(db.session.scalars(
        sa.select(Assessment.id).join(Employee, Employee.id == Assessment.employee_id)
        .join(Position, Position.id == Employee.position_id)
        .where(Position.unit_id == bidang.id, Assessment.period_id == org.period_id)))
    assert in_bidang  # the bidang has staff of its own
    assert set(_listed(whole_bidang)) == in_bidang | {in_seksi.id}
    assert _total(whole_bidang) == len(in_bidang) + 1
    assert _exception_ids(whole_bidang, "no_skp") == [staff[1].id]
    assert _listed(only_seksi) == [in_seksi.id]
    assert _exception_ids(only_seksi, "no_skp") == [staff[1].id]
    assert _listed(only_uptd) == [] and _exception_ids(only_uptd, "no_skp") == [staff[1].id]
    picker = only_uptd.split('id="monitoring-unit"')[1].split(">")[0]
    assert ("Bidang Pelayanan Pendaftaran Penduduk › Seksi Identitas Penduduk › "
            "UPTD Perekaman KTP-el") in picker  # the unit shown, by its path


# --- the unit picker (shared with calibration: portal/services/people/units.py) ------------------

def _dukcapil_units(org, *names: str) -> list[int]:
    """Units of Dukcapil under the supervisor's bidang; their ids in the order given."""
    bidang = db.session.get(Employee, org.supervisor.employee_id).position.unit_id
    units = [Unit(agency_id=org.agency_id, parent_id=bidang, name=name) for name in names]
    db.session.add_all(units)
    db.session.commit()
    return [unit.id for unit in units]


def _picker_value(html: str) -> str:
    return re.search(r'id="monitoring-unit" name="unit_q"[^>]*value="([^"]*)"', html).group(1)


def test_the_unit_picker_suggests_the_units_whose_path_holds_the_text(org, login_as):
    _dukcapil_units(org, "Seksi Identitas Penduduk", "Seksi Pindah Datang")
    client = login_as(org.committee)

    found = client.get("/monitoring/units", htmx=True,
                       query_string={"agency": org.agency_id, "unit_q": "IDENTITAS"})
    plain = client.get("/monitoring/units", query_string={"agency": org.agency_id,
                                                          "unit_q": "identitas"})
    outsider = login_as(org.other_committee).get("/monitoring/units", htmx=True, query_string={
        "agency": org.agency_id, "unit_q": "Seksi"})

    options = re.findall(r'<option value="([^"]+)">', found.get_data(as_text=True))
    assert found.status_code == 200 and len(options) == 1
    assert options[0].endswith(" › Seksi Identitas Penduduk")
    assert plain.status_code == 303 and "unit_q=identitas" in plain.headers["Location"]
    assert outsider.status_code == 403


def test_a_typed_unit_naming_one_unit_narrows_the_page_to_it(org, login_as):
    (seksi,) = _dukcapil_units(org, "Seksi Identitas Penduduk")
    sup = db.session.get(Employee, org.supervisor.employee_id)
    position = Position(unit_id=seksi, parent_id=sup.position_id, title="Staf Seksi",
                        jenis_jabatan="Pelaksana")
    employee = Employee(nip="199201012015031001", name="Pegawai Seksi", golongan="II/a",
                        jenis_jabatan="Pelaksana", position=position)
    db.session.add_all([position, employee])
    db.session.flush()
    in_seksi = Assessment(employee_id=employee.id, period_id=org.period_id, assessor_id=sup.id,
                          agency_id=org.agency_id)
    db.session.add(in_seksi)
    db.session.commit()
    client = login_as(org.committee)

    plain = client.get("/monitoring/", query_string={
        "agency": org.agency_id, "unit_q": " identitas  penduduk", "state": "draft_targets"})
    swapped = client.get("/monitoring/", htmx=True, query_string={
        "agency": org.agency_id, "unit_q": "Seksi Identitas Penduduk"})

    html = plain.get_data(as_text=True)
    assert plain.status_code == 200 and _listed(html) == [in_seksi.id]
    assert f'<input type="hidden" name="unit" value="{seksi}">' in html
    assert _picker_value(html).endswith(" › Seksi Identitas Penduduk")
    assert 'value="draft_targets" selected' in html  # the other filters hold
    assert swapped.headers["HX-Push-Url"] == (
        f"/monitoring/?agency={org.agency_id}&unit={seksi}&period={org.period_id}")


def test_a_typed_unit_naming_several_offers_them_and_keeps_the_unit_shown(org, login_as):
    first, second = _dukcapil_units(org, "Seksi Umum Satu", "Seksi Umum Dua")
    client = login_as(org.committee)

    page = client.get("/monitoring/", query_string={"agency": org.agency_id, "unit": first,
                                                    "unit_q": "seksi umum", "overdue": 1})

    html = page.get_data(as_text=True)
    choice = html.split('id="unit-choice"')[1].split("</div>")[0]
    assert page.status_code == 200
    assert f"unit={first}" in choice and f"unit={second}" in choice and "overdue=1" in choice
    assert f'<input type="hidden" name="unit" value="{first}">' in html  # still the unit shown
    assert _picker_value(html) == "seksi umum"  # the text typed is kept


def test_a_typed_unit_naming_none_is_refused_with_the_text_kept(org, login_as):
    (seksi,) = _dukcapil_units(org, "Seksi Lain")
    client = login_as(org.committee)

    page = client.get("/monitoring/", query_string={"agency": org.agency_id,
                                                    "unit_q": "Bidang Tak Ada"})
    blank = client.get("/monitoring/", query_string={"agency": org.agency_id, "unit": seksi,
                                                     "unit_q": ""})

    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Tidak ada unit kerja di instansi ini yang namanya memuat “Bidang Tak Ada”." in html
    assert _picker_value(html) == "Bidang Tak Ada"
    assert _total(html) == _total(blank.get_data(as_text=True))  # still the whole agency
    assert 'name="unit" value=' not in blank.get_data(as_text=True)  # blank: the whole agency


def test_a_text_typed_for_another_agency_is_dropped_with_its_unit(org, login_as):
    (seksi,) = _dukcapil_units(org, "Seksi Identitas Penduduk")
    other = db.session.get(Employee, org.outsider.employee_id).position.unit.agency_id
    client = login_as(org.admin)

    page = client.get("/monitoring/", query_string={
        "agency": other, "unit_of": org.agency_id, "unit": seksi, "unit_q": "Seksi Identitas"})

    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="unit-choice"' not in html
    assert _picker_value(html) == "" and 'name="unit" value=' not in html


def _crowd(org, staff: int, with_skp: bool, prefix: str, series: int) -> list[int]:
    """Add staff to Dukcapil's bidang under the supervisor: each with an SKP still in draft
    (late on 10 February), or with none; series (a digit) keeps their NIPs apart from another
    crowd's. Returns the employee ids."""
    sup = db.session.get(Employee, org.supervisor.employee_id)
    people = []
    for i in range(staff):
        position = Position(unit_id=sup.position.unit_id, parent_id=sup.position_id,
                            title=f"{prefix} {i}", jenis_jabatan="Pelaksana")
        people.append(Employee(nip=f"19900101201501{series}{i:03d}",
                               name=f"{prefix} {i:03d}", golongan="II/a",
                               jenis_jabatan="Pelaksana", position=position))
        db.session.add_all([position, people[-1]])
    db.session.flush()
    if with_skp:
        db.session.add_all([Assessment(employee_id=e.id, period_id=org.period_id,
                                       assessor_id=sup.id, agency_id=org.agency_id)
                            for e in people])
    db.session.commit()
    return [e.id for e in people]


def test_each_exception_list_is_paged_and_a_page_costs_the_same_statements(org, login_as):
    client = login_as(org.committee)
    args = {"agency": org.agency_id}

    def page(no: int) -> tuple[str, int]:
        with counting_queries() as statements:
            response = client.get("/monitoring/exceptions/no_skp", query_string={**args,
                                                                                  "page": no})
        assert response.status_code == 200
        return response.get_data(as_text=True), len(statements)

    without_skp = _crowd(org, 3, with_skp=False, prefix="Awal", series=1)
    _small, few = page(1)
    without_skp += _crowd(org, 42, with_skp=False, prefix="Tanpa SKP", series=2)
    expected = db.session.scalars(sa.select(Employee.id).where(Employee.id.in_(without_skp))
                                  .order_by(Employee.name, Employee.id)).all()

    monitoring = client.get("/monitoring/", query_string=args).get_data(as_text=True)
    (first, one), (second, two), (third, three) = page(1), page(2), page(3)

    def ids(html: str) -> list[int]:
        return [int(e) for e in re.findall(r'data-employee="(\d+)"', html)]

    assert _exception_ids(monitoring, "no_skp") == expected[:20] == ids(first)
    assert ids(second) == expected[20:40] and ids(third) == expected[40:]
    section = monitoring.split('data-exception="no_skp"')[1].split("<h3")[0]
    assert 'href="/monitoring/exceptions/no_skp?page=2' in section and 'rel="next"' in section
    assert 'rel="next"' not in third and 'rel="prev"' in third
    assert "Pegawai aktif tanpa SKP pada periode ini (45)" in second
    assert few == one == two == three  # a page costs the same whatever the list's length
    assert client.get("/monitoring/exceptions/no_skp", htmx=True,
                      query_string=args).get_data(as_text=True).lstrip().startswith(
        '<div id="exceptions-no_skp"')  # an htmx swap gets the list alone
    assert client.get("/monitoring/exceptions/unknown").status_code == 404


def test_the_late_list_is_paged(org, login_as):
    late = _crowd(org, 30, with_skp=True, prefix="Terlambat", series=3)
    client = login_as(org.committee)
    args = {"agency": org.agency_id, "overdue": 1}

    first = client.get("/monitoring/", query_string=args).get_data(as_text=True)
    second = client.get("/monitoring/", query_string={**args, "page": 2}).get_data(as_text=True)

    listed = _listed(first) + _listed(second)
    stored = set(db.session.scalars(sa.select(Assessment.id).where(
        Assessment.employee_id.in_(late))))
    assert len(_listed(first)) == 25 and stored <= set(listed)
    assert len(listed) == len(set(listed)) == _total_late(first)
    assert 'rel="next"' in first and "overdue=1" in first.split('rel="next"')[0].rsplit("<a", 1)[1]


def _total_late(html: str) -> int:
    return int(re.search(r"<td data-overdue-total>([\d.]+)</td>", html).group(1).replace(".", ""))


def test_the_admins_pages_across_agencies_list_in_the_same_order_as_the_whole_list(org, login_as):
    # Dukcapil grows past a page; the list runs by agency code, so a page may straddle two.
    _crowd(org, 50, with_skp=True, prefix="Antre", series=4)
    client = login_as(org.admin)
    pages = [_listed(client.get("/monitoring/", query_string={"page": no}).get_data(as_text=True))
             for no in (1, 2, 3)]

    period = db.session.get(Period, org.period_id)
    every = monitoring.Filters(tuple(sorted(a.id for a in db.session.scalars(sa.select(Agency)))))
    whole = [row[0] for row in db.session.execute(monitoring.listing(period, every, FEB_10))]
    assert len(whole) > 2 * monitoring.PAGE_SIZE
    assert pages[0] + pages[1] + pages[2] == whole
    assert len(pages[0]) == len(pages[1]) == monitoring.PAGE_SIZE
    agencies = dict(db.session.execute(sa.select(Assessment.id, Assessment.agency_id)).all())
    assert len({agencies[a] for a in pages[2]}) == 2  # the last page straddles both agencies


def test_the_admins_exceptions_and_completion_come_from_a_refresh_job_and_say_how_old(
        org, login_as, monkeypatch):
    client = login_as(org.admin)
    first = client.get("/monitoring/").get_data(as_text=True)
    jobs = db.session.scalars(sa.select(BackgroundJob).where(
        BackgroundJob.kind == monitoring.FIGURES_JOB)).all()
    assert [(job.target_id, job.state) for job in jobs] == [(org.period_id, "done")]
    assert "data-figures-at" in first
    stored = db.session.scalar(sa.select(sa.func.sum(MonitoringFigure.count)).where(
        MonitoringFigure.kind == "exception", MonitoringFigure.key == "no_skp"))
    assert stored is None  # nobody lacks an SKP yet

    # A newcomer without an SKP: the page minutes later still shows the stored figures ...
    _crowd(org, 1, with_skp=False, prefix="Baru", series=5)
    soon = client.get("/monitoring/").get_data(as_text=True)
    assert "Pegawai aktif tanpa SKP pada periode ini (0)" in soon
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BackgroundJob)) == 1

    # ... and once they are older than FIGURES_MAX_AGE a view asks for a refresh.
    later = utcnow() + monitoring.FIGURES_MAX_AGE + dt.timedelta(seconds=1)
    monkeypatch.setattr("portal.services.review.monitoring.utcnow", lambda: later)
    fresh = client.get("/monitoring/").get_data(as_text=True)
    assert "Pegawai aktif tanpa SKP pada periode ini (1)" in fresh
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BackgroundJob)) == 2
    # The list is behind a link (the stored figures hold counts, not names).
    assert 'href="/monitoring/exceptions/no_skp' in fresh.split('data-exception="no_skp"')[1]
    # One agency is counted live: no stored figures, no age.
    one = client.get("/monitoring/", query_string={"agency": org.agency_id}).get_data(as_text=True)
    assert "data-figures-at" not in one and "Pegawai aktif tanpa SKP pada periode ini (1)" in one


def test_stale_figures_ask_for_no_second_refresh_while_one_is_open(org, login_as):
    # A refresh waits on the queue (no worker has taken it) and nothing is stored yet: the page
    # says the figures are being computed, and asks for no other refresh, in its one statement
    # for the figures.
    db.session.add(BackgroundJob(kind=monitoring.FIGURES_JOB, target_id=org.period_id))
    db.session.commit()
    client = login_as(org.admin)

    with counting_queries() as statements:
        html = client.get("/monitoring/").get_data(as_text=True)

    assert "data-figures-pending" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BackgroundJob)) == 1
    assert sum("background_jobs" in statement for statement in statements) == 1


def _in_state(html: str, state: str) -> int:
    return int(re.search(rf'<tr data-state="{state}"><th scope="row">[^<]*</th><td>([\d.]+)</td>',
                         html).group(1).replace(".", ""))


def test_the_admins_counts_across_agencies_are_recounted_after_a_while_and_say_when(
        org, login_as, monkeypatch):
    client = login_as(org.admin)
    first = client.get("/monitoring/").get_data(as_text=True)
    reviewed = _in_state(first, "reviewed")
    assert "data-counts-at" in first and "dihitung ulang paling lama setiap 20 detik" in first
    assert re.search(r"Jumlah per pukul \d\d\.\d\d\.\d\d,", first)  # Indonesian time of day

    set_state(org.assessment_id(org.asn), "reviewed")
    # Within COUNTS_MAX_AGE this process shows the counts it has (and the list stays live) ...
    soon = client.get("/monitoring/").get_data(as_text=True)
    assert _in_state(soon, "reviewed") == reviewed
    # ... one agency is counted live, and says no time ...
    one = client.get("/monitoring/", query_string={"agency": org.agency_id}).get_data(as_text=True)
    assert "data-counts-at" not in one
    assert _in_state(one, "reviewed") == reviewed + 1
    # ... and past it the province is counted again.
    monkeypatch.setattr(monitoring, "COUNTS_MAX_AGE", 0)
    later = client.get("/monitoring/").get_data(as_text=True)
    assert _in_state(later, "reviewed") == reviewed + 1


def test_a_refresh_replaces_the_figures_of_every_agency(org):
    _grow(org, 10, batch=0)  # approvals on several days in January, two without an SKP
    period = db.session.get(Period, org.period_id)

    monitoring.refresh_figures(period.id)
    monitoring.refresh_figures(period.id)  # again: replaced, not added to

    every = monitoring.Filters((org.agency_id, org.other_agency_id))
    live_counts, _lists = monitoring._exceptions(period, every)
    figures = monitoring._read_figures(period, every)
    assert figures.exception_counts == live_counts and live_counts["no_skp"] == 2
    live_completion = monitoring.completion(period, monitoring.Filters((org.agency_id,)))
    assert figures.completion == live_completion and live_completion[-1][1] == 3
