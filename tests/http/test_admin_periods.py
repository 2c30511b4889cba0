"""The BKD admin's period page: list, create and open appraisal periods."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Employee, Period

NEW_PERIOD = {
    "year": "2027", "targets_due": "2027-01-31", "self_assessment_due": "2027-12-15",
    "review_due": "2027-12-31", "calibration_due": "2028-01-15", "approval_due": "2028-01-31",
}


def period(year: int) -> Period | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Period).where(Period.year == year))


def assessments_of(period_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)
                             .where(Assessment.period_id == period_id))


def create(client, **changes):
    return client.post("/admin/periods", htmx=False, csrf=False,
                       data={**NEW_PERIOD, **changes, "csrf_token": client.csrf})


@pytest.mark.parametrize("who", ["asn", "supervisor", "head", "committee", "other_committee"])
def test_it_refuses_the_period_page_to_non_admins(org, login_as, who):
    client = login_as(getattr(org, who))

    page = client.get("/admin/periods")
    created = create(client)

    assert page.status_code == 403
    assert "Halaman ini untuk admin BKD." in page.get_data(as_text=True)
    assert created.status_code == 403
    assert period(2027) is None


def test_it_lists_periods_with_their_assessments_by_state(org, login_as):
    response = login_as(org.admin).get("/admin/periods")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<a href="/admin/periods/%d">SKP 2026</a></th>' % org.period_id in html
    assert "Dibuka" in html
    # all six employees with a post are drafting their targets
    assert '<td class="num">6</td>' in html


def test_it_creates_a_period(org, login_as):
    client = login_as(org.admin)

    response = create(client)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/periods"
    created = period(2027)
    assert created is not None
    assert created.status == "draft"
    assert str(created.approval_due) == "2028-01-31"
    assert assessments_of(created.id) == 0  # nothing happens until it is opened
    html = client.get("/admin/periods").get_data(as_text=True)
    assert "Periode 2027 dibuat." in html
    assert "Buka untuk semua instansi" in html


def test_it_keeps_the_input_when_the_deadlines_are_out_of_order(org, login_as):
    client = login_as(org.admin)

    response = create(client, review_due="2027-11-30")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Batas waktu setiap tahap harus berurutan." in html
    assert 'value="2027"' in html
    assert 'value="2027-11-30"' in html
    assert 'value="2028-01-15"' in html
    assert period(2027) is None


@pytest.mark.parametrize("changes, message", [
    ({"year": "2026"}, "Periode tahun ini sudah ada."),
    ({"year": "dua ribu"}, None),
    ({"year": "1999"}, "Tahun tidak wajar."),
    ({"targets_due": ""}, "Isi tanggal."),
    ({"targets_due": "31-01-2027"}, None),
], ids=["year-taken", "year-not-a-number", "year-implausible", "date-missing",
        "date-not-iso"])
def test_it_refuses_a_bad_period(org, login_as, changes, message):
    client = login_as(org.admin)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Period))

    response = create(client, **changes)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error"' in html
    assert "Not a valid" not in html  # every message in Indonesian, WTForms' own ones too
    if message:
        assert message in html
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Period)) == count


def test_it_opens_a_period_with_an_assessment_for_every_employee(org, login_as):
    client = login_as(org.admin)
    create(client)
    new = period(2027)
    employees = db.session.scalar(sa.select(sa.func.count()).select_from(Employee)
                                  .where(Employee.position_id.is_not(None)))

    response = client.post(f"/admin/periods/{new.id}/open", htmx=False, csrf=False,
                           data={"csrf_token": client.csrf})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/periods/{new.id}"
    assert period(2027).status == "open"
    assert assessments_of(new.id) == employees == 6
    asn = db.session.scalar(sa.select(Assessment).where(
        Assessment.period_id == new.id, Assessment.employee_id == org.asn.employee_id))
    assert (asn.state, asn.assessor_id) == ("draft_targets", org.supervisor.employee_id)
    html = client.get(f"/admin/periods/{new.id}").get_data(as_text=True)
    assert "Periode 2027 dibuka untuk 3 instansi." in html
    assert "6 penilaian dibuat." in html


def test_it_refuses_to_open_a_period_for_non_admins(org, login_as):
    admin, head = login_as(org.admin), login_as(org.head)
    create(admin)
    new = period(2027)

    response = head.post(f"/admin/periods/{new.id}/open", htmx=False, csrf=False,
                         data={"csrf_token": head.csrf})

    assert response.status_code == 403
    assert period(2027).status == "draft"
    assert assessments_of(new.id) == 0


def test_it_answers_404_for_opening_a_period_that_does_not_exist(org, login_as):
    client = login_as(org.admin)
    missing = db.session.scalar(sa.select(sa.func.max(Period.id))) + 1000

    response = client.post(f"/admin/periods/{missing}/open", htmx=False, csrf=False,
                           data={"csrf_token": client.csrf})

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_it_refuses_to_close_a_period_with_unapproved_assessments(org, login_as):
    client = login_as(org.admin)

    response = client.post(f"/admin/periods/{org.period_id}/close", htmx=False)

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "belum dapat ditutup" in html
    # named per agency: Dukcapil's four and Dinkes' one, Inspektorat's one are drafting
    assert f'<li data-agency="{org.agency_id}"><strong>Dinas Kependudukan' in html
    assert "Penyusunan SKP 4" in html
    db.session.expire_all()
    assert db.session.get(Period, org.period_id).status == "open"


def test_it_closes_a_period_when_every_assessment_is_approved(org, login_as):
    db.session.execute(sa.update(Assessment).where(Assessment.period_id == org.period_id)
                       .values(state="approved"))
    db.session.commit()

    response = login_as(org.admin).post(f"/admin/periods/{org.period_id}/close", htmx=False)

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Period, org.period_id).status == "closed"


def test_only_an_admin_closes_a_period(org, login_as):
    response = login_as(org.head).post(f"/admin/periods/{org.period_id}/close", htmx=False)

    assert response.status_code == 403
