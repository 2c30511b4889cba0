"""The BKD admin's period page: list, create and open appraisal periods."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Employee, Period, PeriodAgency, PeriodOpening

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
    assert f'<a href="/admin/periods/{org.period_id}">SKP 2026</a></th>' in html
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


# --- one period: opening per agency, deadlines, progress ----------------------------------


def period_agencies(period_id: int) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(sa.select(PeriodAgency.agency_id)
                                  .where(PeriodAgency.period_id == period_id)))


def agencies_assessed(period_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(Assessment.agency_id)
                                  .where(Assessment.period_id == period_id).distinct()))


def inspektorat() -> int:
    return db.session.scalar(sa.select(sa.func.max(PeriodAgency.agency_id)))


def opened_for_dukcapil(client, org) -> Period:
    """SKP 2027, created and opened for the persona's agency (Dukcapil) only by the admin."""
    create(client)
    new = period(2027)
    client.post(f"/admin/periods/{new.id}/open", htmx=False,
                data={"scope": "chosen", "agencies": [str(org.agency_id)]})
    return new


DEADLINES = {key: value for key, value in NEW_PERIOD.items() if key != "year"}


@pytest.mark.parametrize("who", ["asn", "supervisor", "head", "committee", "other_committee"])
def test_it_refuses_one_periods_page_and_actions_to_non_admins(org, login_as, who):
    admin = login_as(org.admin)
    create(admin)
    new = period(2027)
    client = login_as(getattr(org, who))

    page = client.get(f"/admin/periods/{new.id}")
    opened = client.post(f"/admin/periods/{new.id}/open", htmx=False,
                         data={"scope": "chosen", "agencies": [str(org.agency_id)]})
    changed = client.post(f"/admin/periods/{new.id}/deadlines", htmx=False,
                          data={**DEADLINES, "targets_due": "2027-01-15"})

    assert (page.status_code, opened.status_code, changed.status_code) == (403, 403, 403)
    assert period(2027).status == "draft"
    assert str(period(2027).targets_due) == "2027-01-31"
    assert period_agencies(new.id) == set()


def test_it_refuses_to_open_a_period_without_the_csrf_token(org, login_as):
    client = login_as(org.admin)
    create(client)
    new = period(2027)

    response = client.post(f"/admin/periods/{new.id}/open", htmx=False, csrf=False,
                           data={"scope": "all"})

    assert response.status_code == 400
    assert period(2027).status == "draft"
    assert assessments_of(new.id) == 0


def test_it_opens_a_period_for_the_agencies_ticked_and_shows_how_far_it_went(org, login_as):
    client = login_as(org.admin)
    create(client)
    new = period(2027)

    response = client.post(f"/admin/periods/{new.id}/open", htmx=False,
                           data={"scope": "chosen", "agencies": [str(org.agency_id)]})

    assert response.status_code == 303
    assert period_agencies(new.id) == agencies_assessed(new.id) == {org.agency_id}
    assert assessments_of(new.id) == 4
    html = client.get(f"/admin/periods/{new.id}").get_data(as_text=True)
    assert "Periode 2027 dibuka untuk 1 instansi." in html
    assert "Dibuka untuk 1 dari 3 instansi." in html
    assert "Pembukaan periode selesai" in html
    assert "1 dari 1 instansi selesai; 4 dari 4 pegawai memiliki penilaian (100 %)." in html
    assert 'hx-trigger="load delay:500ms"' not in html  # finished: no more polling
    listing = client.get("/admin/periods").get_data(as_text=True)
    assert "1 dari 3 instansi" in listing


def test_opening_more_agencies_later_keeps_the_first_ones(org, login_as):
    client = login_as(org.admin)
    new = opened_for_dukcapil(client, org)

    response = client.post(f"/admin/periods/{new.id}/open", htmx=False, data={"scope": "all"})

    assert response.status_code == 303
    assert period_agencies(new.id) == agencies_assessed(new.id) == {
        org.agency_id, org.other_agency_id, inspektorat()}
    assert assessments_of(new.id) == 6
    html = client.get(f"/admin/periods/{new.id}").get_data(as_text=True)
    assert "Dibuka untuk 3 dari 3 instansi." in html
    assert "2 penilaian dibuat." in html


def test_it_keeps_the_choice_when_no_agency_is_ticked(org, login_as):
    client = login_as(org.admin)
    create(client)
    new = period(2027)

    response = client.post(f"/admin/periods/{new.id}/open", htmx=False,
                           data={"scope": "chosen"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Pilih sekurangnya satu instansi." in html
    assert re.search(r'<input checked[^>]* value="chosen"', html)
    assert period(2027).status == "draft"
    assert period_agencies(new.id) == set()


def test_the_progress_partial_polls_while_the_opening_runs(org, login_as):
    db.session.add(PeriodOpening(period_id=org.period_id, status="importing",
                                 agency_ids=[org.agency_id, org.other_agency_id],
                                 total_agencies=2, done_agencies=1))
    db.session.commit()
    opening_id = db.session.scalar(sa.select(sa.func.max(PeriodOpening.id)))
    client = login_as(org.admin)

    partial = client.get(f"/admin/periods/openings/{opening_id}/progress", htmx=True)
    plain = client.get(f"/admin/periods/openings/{opening_id}/progress")

    assert partial.status_code == 200
    assert "HX-Request" in partial.headers["Vary"]
    html = partial.get_data(as_text=True)
    assert "<html" not in html
    assert 'hx-trigger="load delay:500ms"' in html
    assert "1 dari 2 instansi selesai; 5 dari 5 pegawai memiliki penilaian" in html
    assert f'<tr data-agency="{org.agency_id}">' in html
    assert plain.status_code == 302
    assert plain.headers["Location"] == f"/admin/periods/{org.period_id}"


def test_it_changes_the_deadlines_of_an_open_period(org, login_as):
    client = login_as(org.admin)
    changes = {**{k: v.replace("2027", "2026").replace("2028", "2027")
                  for k, v in DEADLINES.items()}, "targets_due": "2026-02-15",
               "periodic_due_days": "14"}

    response = client.post(f"/admin/periods/{org.period_id}/deadlines", htmx=False,
                           data=changes)

    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/periods/{org.period_id}"
    stored = period(2026)
    assert (str(stored.targets_due), stored.periodic_due_days) == ("2026-02-15", 14)
    html = client.get(f"/admin/periods/{org.period_id}").get_data(as_text=True)
    assert "Batas waktu SKP 2026 disimpan." in html
    assert "Triwulan I: 14 April 2026" in html


@pytest.mark.parametrize("changes, message, kept", [
    ({"review_due": "2026-11-30"}, "Batas waktu setiap tahap harus berurutan.", "2026-11-30"),
    ({"targets_due": "2024-01-31"}, "Tanggal harus antara 1 Desember 2025 dan 31 Desember 2027.",
     "2024-01-31"),
    ({"periodic_due_days": "90"}, "Isi bilangan 0 sampai 60.", "90"),
    ({"approval_due": ""}, "Isi tanggal.", None),
], ids=["out-of-order", "out-of-range", "periodic-days", "missing"])
def test_it_refuses_bad_deadlines_and_keeps_the_input(org, login_as, changes, message, kept):
    client = login_as(org.admin)
    data = {"targets_due": "2026-01-31", "self_assessment_due": "2026-12-15",
            "review_due": "2026-12-31", "calibration_due": "2027-01-15",
            "approval_due": "2027-01-31", "periodic_due_days": "10", **changes}

    response = client.post(f"/admin/periods/{org.period_id}/deadlines", htmx=False, data=data)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    if kept:
        assert f'value="{kept}"' in html
    stored = period(2026)
    assert (str(stored.review_due), str(stored.approval_due), stored.periodic_due_days) == (
        "2026-12-31", "2027-01-31", 10)


def test_the_deadlines_of_a_closed_period_stay(org, login_as):
    db.session.get(Period, org.period_id).status = "closed"
    db.session.commit()

    response = login_as(org.admin).post(
        f"/admin/periods/{org.period_id}/deadlines", htmx=False,
        data={"targets_due": "2026-01-15", "self_assessment_due": "2026-12-15",
              "review_due": "2026-12-31", "calibration_due": "2027-01-15",
              "approval_due": "2027-01-31", "periodic_due_days": "10"})

    assert response.status_code == 409
    assert "Periode yang sudah ditutup tidak dapat diubah." in response.get_data(as_text=True)
    assert str(period(2026).targets_due) == "2026-01-31"


def test_staff_of_an_agency_the_period_is_not_open_for_do_not_see_it(org, login_as):
    opened_for_dukcapil(login_as(org.admin), org)

    outsider = login_as(org.outsider).get("/").get_data(as_text=True)
    other_committee = login_as(org.other_committee).get("/").get_data(as_text=True)
    asn = login_as(org.asn).get("/").get_data(as_text=True)

    assert 'data-period="2027"' not in outsider
    assert 'data-period="2027"' not in other_committee
    assert 'data-period="2026"' in outsider
    assert 'data-period="2027"' in asn
