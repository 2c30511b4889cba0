"""An employee's history across periods (issue 11.4): the post held at the time, state,
predikat, ratings, periodic ratings and documents of every period, for those who may read it.

Personas (tests/conftest.py): the ASN is assessed by the supervisor in 2026; here she also has a
finished 2025, when she held another post in another unit and was assessed by the head. The peer
and the outsider have no business with her; Dinas Kesehatan's committee neither.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.documents import service as documents
from portal.extensions import db
from portal.models import Assessment, Employee, Period, Position, Unit
from portal.models.assessments import PeriodicRating
from portal.models.moves import Posting
from portal.services.people import history
from portal.services.review import assessments as assessment_service
from tests.conftest import fill_targets
from tests.http.helpers import actor, counting_queries


def _past_year(org, year: int = 2025, assessor: str = "head") -> int:
    """A finished year for the ASN: approved Baik with a periodic rating, in another post of
    another unit (her posting then, ended when she took her present post)."""
    period = Period(year=year, status="closed", targets_due=dt.date(year, 1, 31),
                    self_assessment_due=dt.date(year, 12, 15), review_due=dt.date(year, 12, 31),
                    calibration_due=dt.date(year + 1, 1, 15),
                    approval_due=dt.date(year + 1, 1, 31))
    asn = db.session.get(Employee, org.asn.employee_id)
    unit = Unit(agency_id=org.agency_id, name=f"Seksi Arsip {year}")
    old_post = Position(unit=unit, title=f"Pengarsip {year}", jenis_jabatan="Pelaksana")
    db.session.add_all([period, unit, old_post])
    db.session.flush()
    db.session.add_all([
        Posting(employee_id=asn.id, position_id=old_post.id, kind="awal", starts_on=None,
                ends_on=dt.date(year, 12, 31)),
        Posting(employee_id=asn.id, position_id=asn.position_id, kind="mutasi",
                starts_on=dt.date(year + 1, 1, 1)),
    ])
    assessment = Assessment(
        employee_id=asn.id, period_id=period.id, agency_id=org.agency_id, state="approved",
        assessor_id=getattr(org, assessor).employee_id, rating_hasil_kerja="above",
        rating_perilaku="meets", predikat="baik")
    db.session.add(assessment)
    db.session.flush()
    db.session.add(PeriodicRating(
        assessment_id=assessment.id, period_no=2, rating_hasil_kerja="meets",
        rating_hasil_kerja_note="Sesuai.", rating_perilaku="above", rating_perilaku_note="Baik.",
        predikat="baik", rated_by_id=getattr(org, assessor).user_id))
    db.session.commit()
    return assessment.id


def _rows(html: str) -> list[int]:
    return [int(a) for a in re.findall(
        r'<section class="card history-entry" data-assessment="(\d+)"', html)]


def _row(html: str, assessment_id: int) -> str:
    return html.split(f'data-assessment="{assessment_id}"')[1].split("</section>")[0]


def test_the_employee_sees_every_period_with_post_ratings_and_documents(org, login_as):
    past = _past_year(org)
    now = org.assessment_id(org.asn)

    response = login_as(org.asn).get(f"/people/employees/{org.asn.employee_id}/history")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _rows(html) == [now, past]  # newest first
    row = _row(html, past)
    assert "Seksi Arsip 2025" in row and "Pengarsip 2025" in row  # the post held then
    assert 'data-predikat="baik">Baik' in row
    assert 'data-rating="hasil_kerja">Di Atas Ekspektasi' in row
    assert 'data-rating="perilaku">Sesuai Ekspektasi' in row
    assert re.search(r'data-period-no="2"><th scope="row">Triwulan II</th>'
                     r'<td>Sesuai Ekspektasi</td><td>Di Atas Ekspektasi</td><td>Baik</td>', row)
    assert f'href="/documents/assessments/{past}/skp.pdf"' in row
    assert f'href="/documents/assessments/{past}/evaluasi.pdf"' in row       # annual: rated
    assert f'href="/documents/assessments/{past}/evaluasi-2.pdf"' in row     # periodic rating
    current = _row(html, now)
    assert "Pengelola Data Kependudukan" in current and "Dinas Kependudukan" in current
    assert f'href="/documents/assessments/{now}/evaluasi.pdf"' not in current  # not rated


@pytest.mark.parametrize("persona", ["admin", "committee", "head"])
def test_the_agency_roles_and_bkd_see_every_period_of_the_agency(org, login_as, persona):
    past = _past_year(org)

    html = login_as(getattr(org, persona)).get(
        f"/people/employees/{org.asn.employee_id}/history").get_data(as_text=True)

    assert _rows(html) == [org.assessment_id(org.asn), past]


def test_a_supervisor_sees_only_the_periods_they_assessed(org, login_as):
    _past_year(org, assessor="head")  # 2025 was assessed by the head, not the supervisor

    response = login_as(org.supervisor).get(f"/people/employees/{org.asn.employee_id}/history")

    assert response.status_code == 200
    assert _rows(response.get_data(as_text=True)) == [org.assessment_id(org.asn)]


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_committee"])
def test_those_outside_the_supervisor_chain_and_the_agency_are_refused(org, login_as, persona):
    _past_year(org)

    response = login_as(getattr(org, persona)).get(
        f"/people/employees/{org.asn.employee_id}/history")

    assert response.status_code == 403
    assert "Andi Pratama" not in response.get_data(as_text=True)


def test_an_unknown_employee_is_not_found(org, login_as):
    assert login_as(org.admin).get("/people/employees/999999/history").status_code == 404


def test_the_history_is_linked_from_the_menu_the_team_list_and_the_employee_page(org, login_as):
    url = f"/people/employees/{org.asn.employee_id}/history"

    own = login_as(org.asn).get("/").get_data(as_text=True)
    team = login_as(org.supervisor).get("/team/").get_data(as_text=True)
    page = login_as(org.admin).get(f"/people/employees/{org.asn.employee_id}").get_data(
        as_text=True)

    assert f'<a href="{url}">Riwayat saya</a>' in own
    assert f'href="{url}"' in team
    assert f'href="{url}"' in page


def test_the_document_links_follow_the_assessment_pages_rule(org):
    past = _past_year(org)
    fill_targets(org.assessment_id(org.asn))

    entries = history.entries(actor(org.asn), db.session.get(Employee, org.asn.employee_id))

    for entry in entries:
        evaluated = entry.realised | {r.period_no for r in entry.periodic}
        shown = documents.links(entry.assessment, evaluated)
        assert shown == documents.available(assessment_service.load(entry.assessment.id))
    assert [len(documents.links(e.assessment, e.realised | {r.period_no for r in e.periodic}))
            for e in entries] == [1, 3]
    assert entries[1].assessment.id == past


def test_the_statement_count_does_not_grow_with_the_periods(org, login_as):
    client = login_as(org.asn)
    url = f"/people/employees/{org.asn.employee_id}/history"
    _past_year(org, 2025)
    with counting_queries() as few:
        client.get(url)
    for year in (2021, 2022, 2023, 2024):
        _past_year(org, year)
    with counting_queries() as many:
        html = client.get(url).get_data(as_text=True)

    assert len(_rows(html)) == 6
    assert len(many) == len(few)
