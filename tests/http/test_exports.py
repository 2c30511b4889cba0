""".xlsx exports of lists (issue 11.4): each opens with openpyxl, holds the documented columns
and the rows of its page (every page of them), obeys the page's scope, and costs a number of
SQL statements that does not grow with the rows; the SKP22 export holds one row per approved
assessment with SIASN's codes (README, "Ekspor SKP22").

Personas (tests/conftest.py): the BKD admin sees the province; Dukcapil's committee member and
head see Dukcapil; the supervisor rates the ASN and the peer; the head has no assessor in the
portal; Dinas Kesehatan's outsider and committee member see nothing of Dukcapil.
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from portal.downloads import XLSX_MIMETYPE
from portal.extensions import db
from portal.models import Assessment, Employee, PeriodAssessor, Position, User
from portal.rules import skp22
from tests.http.helpers import add_staff, advance, counting_queries, set_state

FEB_10 = dt.date(2026, 2, 10)


@pytest.fixture(autouse=True)
def _tenth_of_february(monkeypatch):
    """Ten days past the SKP deadline (31 January)."""
    monkeypatch.setattr("portal.services.clock.today", lambda: FEB_10)


def _sheet(response):
    """The response's workbook: (its first sheet, the rows as values)."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == XLSX_MIMETYPE
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    return sheet, list(sheet.iter_rows(values_only=True))


def _nip(persona) -> str:
    return db.session.get(Employee, persona.employee_id).nip


# --- the monitoring list -------------------------------------------------------------------------

def test_the_monitoring_export_holds_every_filtered_row_with_typed_cells(org, login_as):
    client = login_as(org.committee)

    sheet, rows = _sheet(client.get("/monitoring/export.xlsx",
                                    query_string={"agency": org.agency_id}))

    assert rows[0] == ("Pegawai", "NIP", "Instansi", "Unit kerja", "Tahap", "Pejabat penilai",
                       "Tenggat", "Hari terlambat")
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    stored = set(db.session.scalars(sa.select(Employee.nip).join(
        Assessment, Assessment.employee_id == Employee.id).where(
        Assessment.period_id == org.period_id, Assessment.agency_id == org.agency_id)))
    assert {row[1] for row in rows[1:]} == stored and len(rows) - 1 == len(stored)
    asn = next(row for row in rows if row[1] == _nip(org.asn))
    assert asn[2] == "DUKCAPIL" and asn[4] == "Penyusunan SKP"
    assert asn[5] == "Rahmawati, S.Sos"
    assert asn[6] == dt.datetime(2026, 1, 31)  # a real date: openpyxl reads it back as one
    assert sheet.cell(row=rows.index(asn) + 1, column=7).number_format == "DD/MM/YYYY"
    assert asn[7] == 10  # a number, not text


def test_the_monitoring_export_applies_the_page_filters(org, login_as):
    set_state(org.assessment_id(org.supervisor), "targets_approved")

    _s, rows = _sheet(login_as(org.admin).get("/monitoring/export.xlsx", query_string={
        "agency": org.agency_id, "state": "targets_approved"}))

    assert [row[1] for row in rows[1:]] == [_nip(org.supervisor)]


@pytest.mark.parametrize("persona,agency", [
    ("asn", None), ("supervisor", None), ("committee", "other"), ("other_committee", "own"),
])
def test_those_who_cannot_see_monitoring_cannot_export_it(org, login_as, persona, agency):
    args = {"agency": {"other": org.other_agency_id, "own": org.agency_id}[agency]} if agency else {}

    client = login_as(getattr(org, persona))
    for url in ("/monitoring/export.xlsx", "/monitoring/skp22.xlsx"):
        assert client.get(url, query_string=args).status_code == 403


def test_an_export_needs_a_login(app):
    client = app.test_client()
    for url in ("/monitoring/export.xlsx", "/monitoring/skp22.xlsx", "/team/export.xlsx",
                "/calibration/export.xlsx", "/people/accounts/export.xlsx"):
        response = client.get(url)
        assert response.status_code in (302, 401) and response.mimetype != XLSX_MIMETYPE


def test_the_page_links_its_export_with_its_filters(org, login_as):
    html = login_as(org.committee).get("/monitoring/", query_string={
        "agency": org.agency_id, "state": "draft_targets"}).get_data(as_text=True)

    assert (f'href="/monitoring/export.xlsx?agency={org.agency_id}&amp;state=draft_targets'
            f'&amp;period={org.period_id}"') in html
    assert f'href="/monitoring/skp22.xlsx?agency={org.agency_id}' in html
    assert "Unduh Excel (.xlsx)" in html


# --- SKP22 ---------------------------------------------------------------------------------------

def _final_results(org) -> None:
    """The ASN approved through the workflow (Sesuai/Sesuai: Baik); the peer approved Di Atas /
    Di Atas (Sangat Baik), their annual rating given by the head before a move made the
    supervisor their assessor; the head (no assessor in the portal) approved Di Bawah / Di Bawah
    (Sangat Kurang); the supervisor rated but not approved; the outsider approved in Dinas
    Kesehatan."""
    advance(org, "approved")
    peer = org.assessment_id(org.peer)
    set_state(peer, "approved", rating_hasil_kerja="above", rating_perilaku="above",
              predikat="sangat_baik")
    db.session.add(PeriodAssessor(assessment_id=peer, period_no=0,
                                  assessor_id=org.head.employee_id))
    set_state(org.assessment_id(org.head), "approved", rating_hasil_kerja="below",
              rating_perilaku="below", predikat="sangat_kurang")
    set_state(org.assessment_id(org.supervisor), "reviewed", rating_hasil_kerja="meets",
              rating_perilaku="meets", predikat="baik")
    set_state(org.assessment_id(org.outsider), "approved", rating_hasil_kerja="meets",
              rating_perilaku="above", predikat="baik")


def test_skp22_has_one_row_per_approved_assessment_with_siasn_codes(org, login_as):
    _final_results(org)

    _s, rows = _sheet(login_as(org.committee).get("/monitoring/skp22.xlsx"))

    assert rows[0] == skp22.FIELDS == (
        "tahun", "pnsDinilaiOrang", "hasilKinerjaNilai", "perilakuKerjaNilai",
        "kuadranKinerjaNilai", "penilaiNipNrp", "penilaiNama", "penilaiJabatan",
        "penilaiGolongan", "penilaiUnorNama", "statusPenilai")
    by_nip = {row[1]: row for row in rows[1:]}
    assert len(by_nip) == len(rows) - 1 == 3  # Dukcapil's approved only: not the supervisor's
    bidang = "Bidang Pelayanan Pendaftaran Penduduk"
    assert by_nip[_nip(org.asn)] == (
        2026, _nip(org.asn), 2, 2, 2, "197805122003122001", "Rahmawati, S.Sos",
        "Kepala Bidang Pelayanan Pendaftaran Penduduk", "IV/a", bidang, "ASN")
    assert by_nip[_nip(org.peer)] == (  # the annual rating's assessor, not today's
        2026, _nip(org.peer), 1, 1, 1, "197003151995031002", "Drs. Hendra Saputra",
        "Kepala Dinas", "IV/c", "Dinas Kependudukan dan Pencatatan Sipil", "ASN")
    assert by_nip[_nip(org.head)] == (
        2026, _nip(org.head), 3, 3, 5, None, None, None, None, None, "NON ASN")
    stored = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment).where(
        Assessment.period_id == org.period_id, Assessment.agency_id == org.agency_id,
        Assessment.state == "approved"))
    assert stored == 3


def test_the_admin_exports_skp22_for_the_province_and_a_head_for_his_agency(org, login_as):
    _final_results(org)

    _s, everything = _sheet(login_as(org.admin).get("/monitoring/skp22.xlsx"))
    _s, dinkes = _sheet(login_as(org.admin).get("/monitoring/skp22.xlsx",
                                                query_string={"agency": org.other_agency_id}))
    _s, head = _sheet(login_as(org.head).get("/monitoring/skp22.xlsx"))

    assert {row[1] for row in everything[1:]} == {
        _nip(org.asn), _nip(org.peer), _nip(org.head), _nip(org.outsider)}
    assert [row[1:5] for row in dinkes[1:]] == [(_nip(org.outsider), 2, 1, 2)]
    assert _nip(org.outsider) not in {row[1] for row in head[1:]} and len(head) == 4


def test_the_skp22_export_ignores_the_state_filter(org, login_as):
    _final_results(org)

    _s, rows = _sheet(login_as(org.committee).get("/monitoring/skp22.xlsx",
                                                  query_string={"state": "draft_targets"}))

    assert len(rows) - 1 == 3


# --- the team list -------------------------------------------------------------------------------

def test_a_supervisors_export_holds_only_their_team(org, login_as):
    _s, rows = _sheet(login_as(org.supervisor).get("/team/export.xlsx"))

    assert rows[0] == ("Pegawai", "NIP", "Jabatan", "Unit kerja", "Tahap", "Tenggat",
                       "Hari terlambat", "Predikat")
    assert sorted(row[1] for row in rows[1:]) == sorted([_nip(org.asn), _nip(org.peer)])


def test_someone_without_a_team_exports_an_empty_list_and_an_admin_without_a_post_nothing(
        org, login_as):
    _s, rows = _sheet(login_as(org.asn).get("/team/export.xlsx"))

    assert rows[1:] == []
    assert login_as(org.admin).get("/team/export.xlsx").status_code == 404


def test_the_team_page_links_its_export(org, login_as):
    html = login_as(org.supervisor).get("/team/").get_data(as_text=True)

    assert f'href="/team/export.xlsx?period={org.period_id}"' in html


# --- calibration ---------------------------------------------------------------------------------

def test_the_calibration_export_holds_the_rated_list_with_the_original_ratings(org, login_as):
    set_state(org.assessment_id(org.asn), "reviewed", rating_hasil_kerja="above",
              rating_perilaku="meets", predikat="baik", original_rating_hasil_kerja="meets",
              original_rating_perilaku="meets")
    client = login_as(org.committee)

    _s, rows = _sheet(client.get("/calibration/export.xlsx",
                                 query_string={"agency": org.agency_id}))
    html = client.get("/calibration/", query_string={"agency": org.agency_id}).get_data(
        as_text=True)

    assert rows[0][0] == "Pegawai" and rows[0][-2:] == ("Rating hasil kerja semula",
                                                        "Rating perilaku kerja semula")
    assert rows[1:] == [("Andi Pratama", _nip(org.asn), "Bidang Pelayanan Pendaftaran Penduduk",
                         "III/a", "Pelaksana", "Dinilai atasan", "Di Atas Ekspektasi",
                         "Sesuai Ekspektasi", "Baik", "Sesuai Ekspektasi", "Sesuai Ekspektasi")]
    assert "/calibration/export.xlsx?" in html


@pytest.mark.parametrize("persona", ["asn", "supervisor", "other_committee"])
def test_those_outside_dukcapils_calibration_cannot_export_it(org, login_as, persona):
    response = login_as(getattr(org, persona)).get("/calibration/export.xlsx",
                                                   query_string={"agency": org.agency_id})

    assert response.status_code == 403


# --- accounts and an agency's people -------------------------------------------------------------

def test_the_accounts_export_finds_what_the_search_finds_with_roles(org, login_as):
    client = login_as(org.admin)

    _s, everyone = _sheet(client.get("/people/accounts/export.xlsx"))
    _s, found = _sheet(client.get("/people/accounts/export.xlsx", query_string={"q": "hendra"}))

    assert everyone[0] == ("Nama", "NIP", "E-mail", "Peran", "Status")
    assert len(everyone) - 1 == db.session.scalar(sa.select(sa.func.count()).select_from(User))
    role = "Pimpinan yang menetapkan (DUKCAPIL — Dinas Kependudukan dan Pencatatan Sipil)"
    assert found[1:] == [("Drs. Hendra Saputra", "197003151995031002", None, role, "Aktif")]


def test_the_agency_export_lists_every_post_with_holder_and_superior(org, login_as):
    _s, rows = _sheet(login_as(org.admin).get(f"/people/agencies/{org.agency_id}/export.xlsx"))

    assert rows[0][:6] == ("Unit", "Jabatan", "Jenis jabatan", "Jenjang", "NIP", "Pemegang")
    asn = next(row for row in rows if row[4] == _nip(org.asn))
    assert asn == ("Bidang Pelayanan Pendaftaran Penduduk", "Pengelola Data Kependudukan",
                   "Pelaksana", None, _nip(org.asn), "Andi Pratama", "III/a", "PNS", "ya",
                   "Kepala Bidang Pelayanan Pendaftaran Penduduk", "197805122003122001",
                   "Rahmawati, S.Sos")
    assert len(rows) - 1 == db.session.scalar(sa.select(sa.func.count()).select_from(Position)
                                              .join(Position.unit).where(
        Position.unit.has(agency_id=org.agency_id)))


@pytest.mark.parametrize("persona", ["asn", "committee", "head"])
def test_only_admins_export_accounts_and_agencies(org, login_as, persona):
    client = login_as(getattr(org, persona))

    assert client.get("/people/accounts/export.xlsx").status_code == 403
    assert client.get(f"/people/agencies/{org.agency_id}/export.xlsx").status_code == 403


# --- statements ----------------------------------------------------------------------------------

def _grow(org, staff: int, batch: int) -> None:
    """Add approved staff to Dukcapil's bidang under the supervisor, each with an account."""
    for employee in add_staff(org, staff, batch):
        db.session.add(Assessment(employee_id=employee.id, period_id=org.period_id,
                                  assessor_id=org.supervisor.employee_id, agency_id=org.agency_id,
                                  state="approved", rating_hasil_kerja="meets",
                                  rating_perilaku="meets", predikat="baik",
                                  original_rating_hasil_kerja="meets",
                                  original_rating_perilaku="meets"))
    db.session.commit()


EXPORTS = {
    "monitoring": ("committee", "/monitoring/export.xlsx", {}),
    "skp22": ("committee", "/monitoring/skp22.xlsx", {}),
    "team": ("supervisor", "/team/export.xlsx", {}),
    "calibration": ("committee", "/calibration/export.xlsx", {}),
    "accounts": ("admin", "/people/accounts/export.xlsx", {}),
    "agency": ("admin", "/people/agencies/{agency}/export.xlsx", {}),
}


@pytest.mark.parametrize("name", EXPORTS)
def test_the_statement_count_of_an_export_does_not_grow_with_its_rows(org, login_as, name):
    persona, url, args = EXPORTS[name]
    client = login_as(getattr(org, persona))
    url = url.format(agency=org.agency_id)

    def measure() -> tuple[int, int]:
        with counting_queries() as statements:
            _s, rows = _sheet(client.get(url, query_string=args))
        return len(statements), len(rows)

    _grow(org, 3, batch=0)
    small, small_rows = measure()
    _grow(org, 60, batch=1)
    large, large_rows = measure()

    assert large_rows - small_rows == 60
    assert large == small
