"""Laporan (issue 11.4): the spread of predikat against the allowed spread, indicator achievement
and completion, per agency or per unit of one agency, each chart an SVG beside its table.

Personas (tests/conftest.py): the BKD admin sees every agency; Dukcapil's committee member and
its head see Dukcapil; Dinas Kesehatan's committee member sees Dinas Kesehatan; the ASN and the
supervisor hold no role. Staff are rated directly in the database (test_calibration's helpers).
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Agency, Assessment, Employee, Indicator, Period, Position, Realisation, Rhk, Unit,
)
from portal.services.review import reports
from tests.conftest import fill_targets
from tests.http.helpers import counting_queries, set_state
from tests.http.test_calibration import add_unit, set_org_predikat, staff


def _groups(html: str, table: str) -> list[int]:
    body = html.split(f'class="{table}"')[1].split("</table>")[0]
    return [int(g) for g in re.findall(r'<tr data-group="(\d+)"', body)]


def _row(html: str, table: str, group: int) -> str:
    body = html.split(f'class="{table}"')[1].split("</table>")[0]
    return body.split(f'data-group="{group}"')[1].split("</tr>")[0]


def _annual(aid: int, value: str, source: str = "manual") -> None:
    """Give the assessment's first indicator a year's realisation (and a data source)."""
    if not db.session.scalars(sa.select(Rhk.id).where(Rhk.assessment_id == aid)).first():
        fill_targets(aid)
    indicator = db.session.scalar(sa.select(Indicator).join(Rhk).where(Rhk.assessment_id == aid)
                                  .order_by(Indicator.id))
    indicator.data_source = source
    db.session.add(Realisation(indicator_id=indicator.id, period_no=0, value=Decimal(value),
                               note=""))
    db.session.commit()


# --- who may read it -----------------------------------------------------------------------------

def test_the_admin_sees_every_agency_and_a_committee_member_only_theirs(org, login_as):
    everything = login_as(org.admin).get("/reports/").get_data(as_text=True)
    dukcapil = login_as(org.committee).get("/reports/").get_data(as_text=True)

    agencies = list(db.session.scalars(sa.select(Agency.id).order_by(Agency.name)))
    assert _groups(everything, "report-completion") == agencies
    assert _groups(dukcapil, "report-completion") == [org.agency_id]
    assert _groups(dukcapil, "report-spread") == [org.agency_id]


@pytest.mark.parametrize("persona,agency", [
    ("asn", None), ("supervisor", None), ("committee", "other"), ("other_committee", "own"),
])
def test_those_outside_the_scope_are_refused(org, login_as, persona, agency):
    agencies = {"other": org.other_agency_id, "own": org.agency_id}
    args = {"agency": agencies[agency]} if agency else {}

    response = login_as(getattr(org, persona)).get("/reports/", query_string=args)

    assert response.status_code == 403


def test_the_menu_offers_the_reports_to_the_roles_only(org, login_as):
    assert 'href="/reports/"' in login_as(org.head).get("/").get_data(as_text=True)
    assert 'href="/reports/"' not in login_as(org.asn).get("/").get_data(as_text=True)


# --- the spread against the allowed spread -----------------------------------------------------

def test_a_unit_out_of_the_allowed_spread_is_marked_and_one_within_is_not(org, login_as, rules):
    # Organisation predikat Baik: Baik at most 70 %, and some Butuh Perbaikan or Kurang.
    set_org_predikat(org, "baik")
    seksi_a = add_unit(org, "Seksi A")
    seksi_b = add_unit(org, "Seksi B")
    staff(org, seksi_a, ["baik", "baik", "baik", "baik"])
    staff(org, seksi_b, ["sangat_baik", "baik", "butuh_perbaikan", None])

    html = login_as(org.committee).get(
        "/reports/", query_string={"agency": org.agency_id}).get_data(as_text=True)

    a, b = _row(html, "report-spread", seksi_a), _row(html, "report-spread", seksi_b)
    assert a.startswith(' class="out-of-bounds" data-out-of-bounds>')
    assert "data-out-of-bounds" not in b
    # The summary counts the units out of bounds: Seksi A, and the bidang and the agency's root
    # above it (5 Baik of 7 rated, more than 70 %).
    assert 'data-out-of-bounds="3"' in html
    assert "Di luar sebaran" in a and "Baik paling banyak 70 %" in a
    assert "Harus ada Butuh Perbaikan dan/atau Kurang/Misconduct" in a
    assert "Di luar sebaran" not in b and "Sesuai" in b
    assert re.search(r'data-predikat="baik">4 <small>\(100 %\)', a)
    assert '<td data-rated>3</td>' in b  # the unrated one is not counted
    stored = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment).join(
        Employee, Employee.id == Assessment.employee_id).join(
        Position, Position.id == Employee.position_id).where(
        Position.unit_id == seksi_a, Assessment.predikat == "baik"))
    assert stored == 4


def test_a_unit_counts_the_units_below_it(org, login_as, rules):
    bidang = db.session.get(Employee, org.supervisor.employee_id).position.unit_id
    seksi = add_unit(org, "Seksi A")
    staff(org, seksi, ["baik", "kurang"])

    report = reports.report(db.session.get(Period, org.period_id), [], org.agency_id)

    by_id = {row.group.id: row for row in report.rows}
    assert by_id[seksi].counts == {"baik": 1, "kurang": 1}
    assert by_id[bidang].counts == {"baik": 1, "kurang": 1}  # the bidang's own are not rated
    assert by_id[bidang].assessments == by_id[seksi].assessments + 3  # supervisor, ASN, peer
    assert [row.group.depth for row in report.rows] == [0, 1, 2]


def test_without_an_organisation_predikat_the_counts_show_unjudged(org, login_as, rules):
    staff(org, add_unit(org, "Seksi A"), ["baik", "baik"])

    html = login_as(org.admin).get("/reports/").get_data(as_text=True)

    row = _row(html, "report-spread", org.agency_id)
    assert "Predikat organisasi belum ditetapkan" in row and "Di luar sebaran" not in row
    assert re.search(r'data-predikat="baik">2 <small>\(100 %\)', row)


# --- indicator achievement and completion ------------------------------------------------------

def test_indicator_achievement_averages_the_annual_capaian_and_the_objective_ones(org, login_as):
    asn, peer = org.assessment_id(org.asn), org.assessment_id(org.peer)
    _annual(asn, "1260")                        # 1260 of 1200: 105 %
    _annual(peer, "600", "records_accuracy")    # 600 of 1200: 50 %, computed from records

    html = login_as(org.committee).get("/reports/").get_data(as_text=True)

    row = _row(html, "report-capaian", org.agency_id)
    assert "<td data-average>77,5 %</td>" in row
    assert "<td data-objective-average>50 %</td>" in row


def test_completion_is_the_share_of_assessments_approved(org, login_as):
    set_state(org.assessment_id(org.asn), "approved")
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment).where(
        Assessment.agency_id == org.agency_id, Assessment.period_id == org.period_id))

    html = login_as(org.committee).get("/reports/").get_data(as_text=True)

    row = _row(html, "report-completion", org.agency_id)
    assert f"<td data-assessments>{total}</td>" in row and "<td data-approved>1</td>" in row
    share = (Decimal(100) / total).quantize(Decimal("0.1"))
    assert f"<td data-completion>{str(share).replace('.', ',').replace(',0', '')} %</td>" in row


# --- the charts ----------------------------------------------------------------------------------

def test_each_chart_is_an_accessible_svg_beside_its_captioned_table(org, login_as, rules):
    staff(org, add_unit(org, "Seksi A"), ["baik", "sangat_baik"])

    html = login_as(org.admin).get("/reports/").get_data(as_text=True)

    svgs = re.findall(r"<svg role=\"img\".*?</svg>", html, re.DOTALL)
    assert len(svgs) == 3
    for svg, title, axis in zip(svgs, ("Sebaran predikat pegawai", "Rata-rata capaian indikator",
                                       "Penilaian disetujui"),
                                ("Persen pegawai yang dinilai", "Capaian tahunan (%)",
                                 "Persen penilaian yang disetujui"), strict=True):
        assert f'aria-label="{title}"' in svg and f"<title>{title}</title>" in svg
        assert axis in svg and "DUKCAPIL" in svg  # the axes name the measure and the agencies
        assert "style=" not in svg and "<script" not in svg
    assert html.count("<caption") == 3
    assert "Sangat Baik</li>" in html  # the legend beside the spread chart


def test_an_htmx_change_of_agency_swaps_only_the_report(org, login_as):
    response = login_as(org.admin).get("/reports/", query_string={"agency": org.agency_id},
                                       htmx=True)

    assert response.get_data(as_text=True).lstrip().startswith('<div id="reports">')
    assert "HX-Request" in response.headers["Vary"]


# --- statements ----------------------------------------------------------------------------------

def _grow(org, agencies: int, batch: int) -> None:
    """More agencies, each with two units and three rated, approved assessments with an
    indicator; and more units and staff in Dukcapil."""
    period = db.session.get(Period, org.period_id)
    for a in range(agencies):
        agency = Agency(code=f"A{batch}{a}", name=f"Badan {batch}-{a}")
        root = Unit(agency=agency, name=f"Badan {batch}-{a}")
        child = Unit(agency=agency, parent=root, name="Bagian Umum")
        db.session.add_all([agency, root, child])
        for i in range(3):
            position = Position(unit=child, title=f"Staf {i}", jenis_jabatan="Pelaksana")
            employee = Employee(nip=f"19850{batch}{a:02d}2015031{i:03d}", name=f"S {batch}{a}{i}",
                                golongan="II/a", jenis_jabatan="Pelaksana", position=position)
            db.session.add_all([position, employee])
            db.session.flush()
            assessment = Assessment(employee_id=employee.id, period_id=period.id,
                                    agency_id=agency.id, state="approved", predikat="baik")
            rhk = Rhk(kind="utama", text="RHK")
            indicator = Indicator(aspect="kuantitas", text="IKI", target_value=Decimal(10),
                                  target_unit="dokumen")
            indicator.realisations.append(Realisation(period_no=0, value=Decimal(9), note=""))
            rhk.indicators.append(indicator)
            assessment.rhks.append(rhk)
            db.session.add(assessment)
    db.session.commit()
    staff(org, add_unit(org, f"Seksi {batch}"), ["baik", "kurang", "sangat_baik"])


def _statements(client, org) -> tuple[int, int]:
    counts = []
    for args in ({}, {"agency": org.agency_id}):
        with counting_queries() as statements:
            assert client.get("/reports/", query_string=args).status_code == 200
        counts.append(len(statements))
    return tuple(counts)


def test_the_statement_count_does_not_grow_with_agencies_units_or_assessments(
        org, login_as, rules):
    set_org_predikat(org, "baik")
    client = login_as(org.admin)
    _grow(org, 1, batch=1)
    small = _statements(client, org)
    _grow(org, 6, batch=2)
    large = _statements(client, org)

    html = client.get("/reports/").get_data(as_text=True)
    assert len(_groups(html, "report-spread")) == 3 + 7
    assert large == small
