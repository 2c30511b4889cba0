"""Angka kredit konversi (issue 13.2) and the employee's record across years (13.3): the AK of
each evaluation on the history, the total in the jenjang and what is left, the admin's data and
its audit, the Penetapan Angka Kredit PDF and the SIASN export, and who may see them.

Personas (tests/conftest.py): here the ASN holds an Ahli Pertama post (functional); the peer's
post is Pelaksana (not functional). The supervisor, the head and BKD may read the ASN's record;
the peer, the outsider and Dinas Kesehatan's committee may not.
"""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from portal.extensions import db
from portal.models import Assessment, Employee, Period
from portal.models.assessments import PeriodicRating
from portal.models.careers import AngkaKreditEvent, AngkaKreditJenjang
from portal.rules.angka_kredit import FIELDS
from portal.services.careers import angka_kredit
from portal.services.people import history
from portal.services.careers import followup
from tests.http.helpers import actor, counting_queries
from tests.http.test_documents import pdf_text


@pytest.fixture
def official(org):
    """The ASN in an Ahli Pertama post, the angka kredit data seeded."""
    angka_kredit.seed_defaults()
    asn = db.session.get(Employee, org.asn.employee_id)
    asn.jenis_jabatan = asn.position.jenis_jabatan = "Fungsional Ahli Pertama"
    asn.position.jenjang = "Ahli Pertama"
    db.session.commit()
    return org


def _approve(org, predikat: str = "sangat_baik", persona: str = "asn") -> int:
    """The persona's 2026 assessment approved with predikat (test set-up, in the database)."""
    assessment = db.session.get(Assessment, org.assessment_id(getattr(org, persona)))
    assessment.state, assessment.predikat = "approved", predikat
    assessment.rating_hasil_kerja, assessment.rating_perilaku = "above", "above"
    db.session.commit()
    return assessment.id


def _periodic(assessment_id: int, org, *numbers: int, predikat: str = "baik") -> None:
    db.session.add_all(PeriodicRating(
        assessment_id=assessment_id, period_no=n, rating_hasil_kerja="meets",
        rating_hasil_kerja_note="Sesuai.", rating_perilaku="meets", rating_perilaku_note="Sesuai.",
        predikat=predikat, rated_by_id=org.supervisor.user_id) for n in numbers)
    db.session.commit()


def _standing(org) -> angka_kredit.Standing:
    asn = db.session.get(Employee, org.asn.employee_id)
    return angka_kredit.standing(asn, history.entries(actor(org.asn), asn),
                                 angka_kredit.load_table())


def _history(client, org) -> str:
    response = client.get(f"/people/employees/{org.asn.employee_id}/history")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_official_sees_the_ak_of_an_approved_year_and_what_is_left(official, login_as):
    _approve(official)

    html = _history(login_as(official.asn), official)

    assert 'data-ak-jenjang>Ahli Pertama' in html
    assert 'data-ak-total="18.75">18,75' in html  # 150 % x 12,5
    assert "kurang 31,25 dari minimal 50,00" in html  # to the next pangkat
    assert "kurang 81,25 dari minimal 100,00" in html  # to the next jenjang
    assert 'data-ak="18.75">18,75' in html  # the year's row of the record
    assert "data-ak-unverified" in html  # the seed is not verified yet


def test_periodic_evaluations_count_their_months_until_the_annual_one_is_approved(official):
    aid = official.assessment_id(official.asn)
    _periodic(aid, official, 1, 2)  # two quarters at Baik, the year still running
    _periodic(aid, official, 7)  # left from a monthly year: no quarter of this one

    running = _standing(official)

    assert [(c.period_no, c.first_month, c.last_month, c.angka_kredit)
            for c in running.conversions] == [(1, 1, 3, Decimal("3.13")),
                                              (2, 4, 6, Decimal("3.13"))]
    assert running.total == Decimal("6.26")

    _approve(official, "baik")
    approved = _standing(official)

    assert [(c.period_no, c.months, c.angka_kredit) for c in approved.conversions] == [
        (0, 12, Decimal("12.50"))]  # the annual evaluation covers the quarters: no double count
    assert approved.total == Decimal("12.50")


def test_a_monthly_evaluation_counts_one_month(official):
    period = db.session.get(Period, official.period_id)
    period.evaluation_frequency = "monthly"
    _periodic(official.assessment_id(official.asn), official, 2, predikat="baik")

    assert [(c.first_month, c.last_month, c.angka_kredit)
            for c in _standing(official).conversions] == [(2, 2, Decimal("1.04"))]


def test_a_post_that_is_not_functional_gets_no_angka_kredit_and_the_page_says_so(official,
                                                                                 login_as):
    _approve(official, persona="peer")
    client = login_as(official.peer)

    response = client.get(f"/people/employees/{official.peer.employee_id}/history")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "data-ak-none" in html and "bukan jabatan fungsional" in html
    assert 'data-ak=""' in html  # the record's AK column is empty for the year
    pdf = client.get(f"/documents/employees/{official.peer.employee_id}/angka-kredit.pdf")
    assert pdf.status_code == 404
    assert client.get(
        f"/people/employees/{official.peer.employee_id}/angka-kredit.xlsx").status_code == 404


def test_the_admin_changes_the_koefisien_and_the_figure_follows(official, login_as):
    _approve(official)
    admin = login_as(official.admin)
    page = admin.get("/admin/angka-kredit").get_data(as_text=True)
    assert 'data-jenjang="Ahli Pertama"' in page and "belum diverifikasi" in page

    response = admin.post("/admin/angka-kredit/jenjang/3", htmx=False, data={
        "j3-koefisien": "13", "j3-target_pangkat": "50", "j3-target_jenjang": "100",
        "j3-verified": "y", "j3-reason": "Lampiran PerBKN 3/2023 dicocokkan."})

    assert response.status_code == 303
    row = db.session.get(AngkaKreditJenjang, "Ahli Pertama")
    assert (row.koefisien, row.verified) == (Decimal("13.00"), True)
    event = db.session.scalar(sa.select(AngkaKreditEvent))
    assert (event.actor_id, event.subject, event.reason) == (
        official.admin.user_id, "Ahli Pertama", "Lampiran PerBKN 3/2023 dicocokkan.")
    assert event.changes == [{"field": "koefisien", "from": "12.50", "to": "13.00"},
                             {"field": "verified", "from": False, "to": True}]
    html = _history(login_as(official.asn), official)
    assert 'data-ak-total="19.50">19,50' in html  # 150 % x 13


def test_the_admin_changes_a_percentage_and_the_figure_follows(official, login_as):
    _approve(official)
    response = login_as(official.admin).post("/admin/angka-kredit/predikat/0", htmx=False, data={
        "p0-percent": "120", "p0-reason": "Uji perubahan."})

    assert response.status_code == 303
    assert _standing(official).total == Decimal("15.00")  # 120 % x 12,5


@pytest.mark.parametrize(("data", "message"), [
    ({"j3-koefisien": "0", "j3-reason": "x"}, "Koefisien harus berupa angka lebih dari 0."),
    ({"j3-koefisien": "12,5", "j3-target_pangkat": "80", "j3-target_jenjang": "60",
      "j3-reason": "x"}, "tidak boleh lebih kecil"),
    ({"j3-koefisien": "14", "j3-reason": ""}, "Alasan wajib diisi."),
    ({"j3-koefisien": "12,5", "j3-target_pangkat": "50", "j3-target_jenjang": "100",
      "j3-reason": "Sama saja."}, "Tidak ada yang berubah."),
])
def test_the_admin_form_refuses_bad_input_and_keeps_it(official, login_as, data, message):
    response = login_as(official.admin).post("/admin/angka-kredit/jenjang/3", htmx=False,
                                             data=data)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert f'value="{data["j3-koefisien"]}"' in html  # the input kept
    assert db.session.get(AngkaKreditJenjang, "Ahli Pertama").koefisien == Decimal("12.50")
    assert db.session.scalar(sa.select(sa.func.count(AngkaKreditEvent.id))) == 0


@pytest.mark.parametrize("persona", ["asn", "head"])
def test_only_bkd_edits_the_angka_kredit_data(official, login_as, persona):
    client = login_as(getattr(official, persona))
    assert client.get("/admin/angka-kredit").status_code == 403
    assert client.post("/admin/angka-kredit/jenjang/3", data={
        "j3-koefisien": "99", "j3-reason": "x"}).status_code == 403
    assert db.session.get(AngkaKreditJenjang, "Ahli Pertama").koefisien == Decimal("12.50")


def test_the_penetapan_angka_kredit_pdf_holds_the_figures(official, login_as, tmp_path):
    _approve(official)
    response = login_as(official.asn).get(
        f"/documents/employees/{official.asn.employee_id}/angka-kredit.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.get_data(), tmp_path)
    assert "PENETAPAN ANGKA KREDIT" in text and "AHLI PERTAMA" in text
    assert "Andi Pratama" in text and "19900110 201503 1 003" in text
    assert "Januari – Desember (12 bulan)" in text
    assert "Sangat Baik" in text and "150 %" in text and "12,50" in text and "18,75" in text
    assert "Kenaikan pangkat 50,00 31,25" in text  # left to the next pangkat
    assert "Kenaikan jenjang jabatan 100,00 81,25" in text  # and to the next jenjang


def test_the_siasn_export_holds_the_figures(official, login_as):
    aid = official.assessment_id(official.asn)
    _periodic(aid, official, 1)

    response = login_as(official.admin).get(
        f"/people/employees/{official.asn.employee_id}/angka-kredit.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == list(FIELDS)
    assert rows[1:] == [["199001102015031003", 2026, 1, 3, 2, 12.5, 3.13]]


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_committee"])
def test_people_with_no_business_see_neither_the_record_nor_the_angka_kredit(official, login_as,
                                                                             persona):
    _approve(official)
    client = login_as(getattr(official, persona))
    eid = official.asn.employee_id
    for url in (f"/people/employees/{eid}/history", f"/documents/employees/{eid}/angka-kredit.pdf",
                f"/people/employees/{eid}/angka-kredit.xlsx"):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["supervisor", "head", "admin"])
def test_the_supervisor_the_head_and_bkd_see_the_record_and_the_angka_kredit(official, login_as,
                                                                             persona):
    _approve(official)
    client = login_as(getattr(official, persona))
    eid = official.asn.employee_id
    assert 'data-ak-total="18.75"' in _history(client, official)
    assert client.get(f"/people/employees/{eid}/angka-kredit.xlsx").status_code == 200


def _past_year(org, year: int, predikat: str = "baik") -> None:
    """An approved year before 2026 for the ASN, in the same post, with a periodic rating."""
    past = Period(year=year, status="closed", targets_due=dt.date(year, 1, 31),
                  self_assessment_due=dt.date(year, 12, 15), review_due=dt.date(year, 12, 31),
                  calibration_due=dt.date(year + 1, 1, 15), approval_due=dt.date(year + 1, 1, 31))
    db.session.add(past)
    db.session.flush()
    assessment = Assessment(employee_id=org.asn.employee_id, period_id=past.id,
                            agency_id=org.agency_id, state="approved", predikat=predikat,
                            rating_hasil_kerja="meets", rating_perilaku="meets")
    db.session.add(assessment)
    db.session.commit()
    _periodic(assessment.id, org, 1)


def test_the_record_shows_the_trend_and_the_follow_up_of_each_year(official, login_as):
    _past_year(official, 2025)
    now = _approve(official)
    followup.propose(db.session.get(Assessment, now))  # as the approval proposes it

    html = _history(login_as(official.asn), official)

    row = html.split(f'data-record="{now}"')[1].split("</tr>")[0]
    assert 'data-trend="up"' in row and "naik" in row
    assert "Penghargaan · Diusulkan" in row
    assert 'data-ak="18.75"' in row
    assert 'data-ak="12.50"' in html  # 2025 at Baik, in the same jenjang
    assert 'data-ak-total="31.25"' in html


def test_the_monitoring_export_gives_siasn_the_approved_years_of_functional_officials(
        official, login_as):
    _approve(official)  # the ASN, Ahli Pertama, Sangat Baik
    _approve(official, "baik", persona="peer")  # Pelaksana: no angka kredit
    head = login_as(official.head)
    assert "/monitoring/angka-kredit.xlsx" in head.get("/monitoring/").get_data(as_text=True)

    response = head.get("/monitoring/angka-kredit.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [list(FIELDS), ["199001102015031003", 2026, 1, 12, 1, 12.5, 18.75]]


def test_the_record_keeps_its_statement_count_whatever_the_number_of_years(official, login_as):
    _approve(official)
    client = login_as(official.asn)
    _past_year(official, 2025)
    with counting_queries() as few:
        _history(client, official)
    for year in (2021, 2022, 2023, 2024):
        _past_year(official, year)
    with counting_queries() as many:
        html = _history(client, official)

    assert 'data-ak-total="81.25"' in html  # five years at Baik (12,50 each) and 2026 (18,75)
    assert len(many) == len(few)
