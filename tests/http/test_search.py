"""Cari pegawai: finding an employee and their assessments by NIP or name (issue 10.7).

Personas (tests/conftest.py): the BKD admin searches the whole province; Dukcapil's committee
member and its head (approver) search Dukcapil; Dinas Kesehatan's committee member searches
Dinas Kesehatan; the supervisor (Kepala Bidang) searches the two staff he assesses; the ASN and
the outsider hold no role and assess nobody.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Employee, Period, Position, Unit
from portal.services.people.org import SEARCH_LIMIT
from tests.http.helpers import counting_queries


def _names(html: str) -> list[str]:
    return re.findall(r'<li class="card" data-employee="\d+">\s*<h2>([^<]+)</h2>', html)


def _assessment_links(html: str) -> list[str]:
    return re.findall(r'<a href="/assessments/(\d+)">', html)


def _search(client, query: str, htmx: bool = False):
    return client.get("/search/", query_string={"q": query}, htmx=htmx)


def test_the_admin_finds_anyone_by_the_nip_as_printed_with_their_assessment(org, login_as):
    response = _search(login_as(org.admin), "19881109 201001 1 005")  # Budi, Dinas Kesehatan

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _names(html) == ["Budi Hartono"]
    assert "19881109 201001 1 005" in html  # the NIP shown as printed
    assert "Pranata Komputer" in html and "Dinas Kesehatan" in html
    assessment_id = org.assessment_id(org.outsider)
    assert f'<a href="/assessments/{assessment_id}">SKP 2026</a>' in html
    assert db.session.get(Assessment, assessment_id).state == "draft_targets"
    assert 'data-state="draft_targets">Penyusunan SKP</span>' in html


@pytest.mark.parametrize("query", ["198811092010011005", "19881109", "hartono", "Budi  Hart"])
def test_it_matches_the_nip_without_spaces_its_start_or_a_part_of_the_name(org, login_as, query):
    assert _names(_search(login_as(org.admin), query).get_data(as_text=True)) == ["Budi Hartono"]


def test_an_agency_committee_never_finds_another_agencys_people(org, login_as):
    dukcapil_committee = login_as(org.committee)
    dinkes_committee = login_as(org.other_committee)

    assert _names(_search(dukcapil_committee, "Budi").get_data(as_text=True)) == []
    assert _names(_search(dukcapil_committee, "1988").get_data(as_text=True)) == []
    assert _names(_search(dukcapil_committee, "Andi").get_data(as_text=True)) == ["Andi Pratama"]
    assert _names(_search(dinkes_committee, "Budi").get_data(as_text=True)) == ["Budi Hartono"]
    assert _names(_search(dinkes_committee, "Andi").get_data(as_text=True)) == []


def test_the_head_finds_his_agency_and_a_supervisor_only_his_own_team(org, login_as):
    everyone = ["Hendra", "Rahmawati", "Andi", "Siti", "Budi", "Yuliana"]
    head, supervisor = login_as(org.head), login_as(org.supervisor)

    head_sees = {n for q in everyone for n in _names(_search(head, q).get_data(as_text=True))}
    supervisor_sees = {n for q in everyone
                       for n in _names(_search(supervisor, q).get_data(as_text=True))}

    assert head_sees == {"Drs. Hendra Saputra", "Rahmawati, S.Sos", "Andi Pratama",
                         "Siti Nurhaliza"}
    assert supervisor_sees == {"Andi Pratama", "Siti Nurhaliza"}


def test_a_supervisor_sees_only_the_assessments_he_may_open(org, login_as):
    # Andi moved under another supervisor for 2027: that assessment is not the supervisor's.
    other_period = db.session.scalar(sa.select(Assessment).where(
        Assessment.employee_id == org.asn.employee_id))
    db.session.add(Assessment(employee_id=org.asn.employee_id, period_id=_period_2027(org),
                              assessor_id=org.head.employee_id,
                              agency_id=other_period.agency_id))
    db.session.commit()

    html = _search(login_as(org.supervisor), "Andi").get_data(as_text=True)
    admin_html = _search(login_as(org.admin), "Andi").get_data(as_text=True)

    assert len(_assessment_links(html)) == 1 and "SKP 2026" in html
    assert len(_assessment_links(admin_html)) == 2 and "SKP 2027" in admin_html
    assert admin_html.index("SKP 2027") < admin_html.index("SKP 2026")  # newest period first


def _period_2027(org) -> int:
    period = db.session.get(Period, org.period_id)
    later = Period(year=2027, status="draft", targets_due=period.targets_due.replace(year=2027),
                   self_assessment_due=period.self_assessment_due.replace(year=2027),
                   review_due=period.review_due.replace(year=2027),
                   calibration_due=period.calibration_due.replace(year=2028),
                   approval_due=period.approval_due.replace(year=2028))
    db.session.add(later)
    db.session.flush()
    return later.id


@pytest.mark.parametrize("persona", ["asn", "outsider"])
def test_an_asn_without_a_role_or_a_team_is_refused_and_has_no_menu(org, login_as, persona):
    client = login_as(getattr(org, persona))

    response = _search(client, "Siti")
    home = client.get("/").get_data(as_text=True)

    assert response.status_code == 403
    assert _names(response.get_data(as_text=True)) == []
    assert 'href="/search/"' not in home


@pytest.mark.parametrize("persona", ["admin", "committee", "head", "supervisor"])
def test_the_menu_offers_the_search_to_those_who_may_search(org, login_as, persona):
    home = login_as(getattr(org, persona)).get("/").get_data(as_text=True)

    assert '<a href="/search/">Cari pegawai</a>' in home


def test_htmx_gets_the_results_alone_and_a_plain_form_the_page(org, login_as):
    client = login_as(org.admin)

    fragment = _search(client, "Andi", htmx=True)
    page = _search(client, "Andi")

    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="search-results"') and "<html" not in body
    assert _names(body) == ["Andi Pratama"]
    page_html = page.get_data(as_text=True)
    assert "<html" in page_html and 'value="Andi"' in page_html  # the query kept in the box
    assert '<form method="get" action="/search/"' in page_html


def test_a_query_too_short_searches_nothing(org, login_as):
    client = login_as(org.admin)

    with counting_queries() as statements:
        html = _search(client, "a", htmx=True).get_data(as_text=True)

    assert "Ketik minimal 2 huruf" in html and _names(html) == []
    assert not [s for s in statements if "employees" in s and "LIMIT" in s.upper()]


def _add_staff(org, first: int, count: int) -> None:
    """count more staff of Dukcapil named "Zainal Staf NN", each with an assessment."""
    unit = db.session.scalar(sa.select(Unit).where(Unit.agency_id == org.agency_id))
    for number in range(first, first + count):
        position = Position(unit=unit, title="Pengadministrasi Umum", jenis_jabatan="Pelaksana")
        employee = Employee(nip=f"1995010120200110{number:02d}", name=f"Zainal Staf {number:02d}",
                            golongan="II/c", jenis_jabatan="Pelaksana", position=position)
        db.session.add_all([position, employee])
        db.session.flush()
        db.session.add(Assessment(employee_id=employee.id, period_id=org.period_id,
                                  agency_id=org.agency_id))
    db.session.commit()


def test_it_takes_as_many_queries_for_many_results_as_for_one_and_caps_them(org, login_as):
    client = login_as(org.admin)
    _add_staff(org, 0, 1)
    _search(client, "Zainal", htmx=True)  # warm up
    db.session.remove()
    with counting_queries() as one:
        one_html = _search(client, "Zainal", htmx=True).get_data(as_text=True)
    _add_staff(org, 1, SEARCH_LIMIT + 5)
    db.session.remove()
    with counting_queries() as many:
        many_html = _search(client, "Zainal", htmx=True).get_data(as_text=True)

    assert len(_names(one_html)) == 1
    assert len(_names(many_html)) == SEARCH_LIMIT
    assert f"Hanya {SEARCH_LIMIT} pegawai pertama yang ditampilkan" in many_html
    assert len(many) == len(one)
