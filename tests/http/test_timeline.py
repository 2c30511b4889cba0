"""The timeline of an assessment: realisations, evidence, feedback, periodic ratings and workflow
transitions in time order, each with who and when; as page and as fragment, in a fixed number of
queries."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Employee, Position, Realisation
from tests.conftest import fill_targets
from tests.http.helpers import advance, counting_queries, indicator_ids, stored
from tests.http.test_objective_indicators import FEBRUARY, add_records, add_service, bind


@pytest.fixture(autouse=True)
def evidence_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_DIR", str(tmp_path / "evidence"))


def kinds(html: str) -> list[str]:
    return re.findall(r'<li class="timeline-entry" data-kind="([a-z_]+)">', html)


def run_a_quarter(org, login_as) -> int:
    """Fix the ASN's SKP, then: a Q2 realisation, a link, feedback and the Q2 evaluation."""
    aid = advance(org, "targets_approved")
    [indicator] = indicator_ids(aid)
    asn, supervisor = login_as(org.asn), login_as(org.supervisor)
    asn.post(f"/assessments/{aid}/realisations", data={
        "version": stored(aid).version, "period_no": "2", f"value-{indicator}": "300",
        f"note-{indicator}": "Rekap April-Juni"})
    asn.post(f"/assessments/{aid}/evidence/links", data={
        "version": stored(aid).version, "period_no": "2", "indicator_id": indicator,
        "url": "https://siak.jambiprov.go.id/rekap", "title": "Dasbor SIAK"})
    realisation = db.session.scalar(sa.select(Realisation.id).where(
        Realisation.indicator_id == indicator, Realisation.period_no == 2))
    supervisor.post(f"/assessments/{aid}/feedback", data={
        "version": stored(aid).version, "period_no": "2", "realisation_id": realisation,
        "text": "Tambahkan rekap per kecamatan."})
    supervisor.post(f"/assessments/{aid}/periodic-ratings", data={
        "periodic-version": stored(aid).version, "periodic-period_no": "2",
        "periodic-rating_hasil_kerja": "above", "periodic-hasil_kerja_note": "Terlampaui.",
        "periodic-rating_perilaku": "meets", "periodic-perilaku_note": "Sesuai."})
    return aid


def test_it_lists_what_happened_in_time_order_with_who_and_when(org, login_as):
    aid = run_a_quarter(org, login_as)

    response = login_as(org.asn).get(f"/assessments/{aid}/timeline", htmx=True)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert kinds(html) == ["transition", "transition", "realisation", "evidence", "feedback",
                           "periodic_rating"]
    entries = re.findall(r'<li class="timeline-entry".*?</li>', html, re.S)
    assert "Ajukan SKP" in entries[0] and "Andi Pratama" in entries[0]
    assert "Tetapkan SKP" in entries[1] and "Rahmawati, S.Sos" in entries[1]
    assert "Realisasi Triwulan II" in entries[2] and "300 dokumen" in entries[2]
    assert "Andi Pratama" in entries[2]
    assert "Bukti dukung Triwulan II" in entries[3] and "Dasbor SIAK" in entries[3]
    assert "Umpan balik Triwulan II" in entries[4] and "Tambahkan rekap per kecamatan." in \
        entries[4] and "Rahmawati, S.Sos" in entries[4]
    assert "Evaluasi periodik Triwulan II" in entries[5] and "<strong>Baik</strong>" in entries[5]
    times = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert [iso for iso, _ in times] == sorted(iso for iso, _ in times)
    months = "Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des"
    assert all(re.match(rf"\d{{1,2}} ({months}) \d{{4}}", shown) for _, shown in times)


def test_it_serves_the_timeline_as_a_page_on_reload(org, login_as):
    aid = run_a_quarter(org, login_as)

    response = login_as(org.supervisor).get(f"/assessments/{aid}/timeline")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert "Linimasa SKP 2026: Andi Pratama" in html
    assert len(kinds(html)) == 6
    assert f'href="/assessments/{aid}"' in html


def test_it_says_when_nothing_has_happened_yet(org, login_as):
    aid = org.assessment_id(org.asn)

    html = login_as(org.asn).get(f"/assessments/{aid}/timeline", htmx=True).get_data(
        as_text=True)

    assert "Belum ada catatan." in html


@pytest.mark.parametrize("who", ["peer", "outsider", "other_committee"])
def test_it_refuses_the_timeline_to_someone_without_a_part_in_the_assessment(org, login_as,
                                                                             who):
    aid = run_a_quarter(org, login_as)

    response = login_as(getattr(org, who)).get(f"/assessments/{aid}/timeline")

    assert response.status_code == 403
    assert "Tambahkan rekap per kecamatan." not in response.get_data(as_text=True)


def test_it_reads_a_long_timeline_in_as_many_queries_as_a_short_one(org, login_as):
    aid = run_a_quarter(org, login_as)
    client = login_as(org.asn)
    client.get(f"/assessments/{aid}/timeline", htmx=True)  # warm up
    with counting_queries() as short:
        client.get(f"/assessments/{aid}/timeline", htmx=True)

    [indicator] = indicator_ids(aid)
    supervisor = login_as(org.supervisor)
    for n in (1, 3, 4):
        client.post(f"/assessments/{aid}/realisations", data={
            "version": stored(aid).version, "period_no": str(n), f"value-{indicator}": "10"})
        client.post(f"/assessments/{aid}/evidence/links", data={
            "version": stored(aid).version, "period_no": str(n), "indicator_id": indicator,
            "url": f"https://siak.jambiprov.go.id/q{n}"})
        supervisor.post(f"/assessments/{aid}/feedback", data={
            "version": stored(aid).version, "period_no": str(n), "value_code": "kompeten",
            "text": f"Catatan triwulan {n}."})
    with counting_queries() as long:
        response = client.get(f"/assessments/{aid}/timeline", htmx=True)

    assert len(kinds(response.get_data(as_text=True))) == 6 + 9
    assert len(long) == len(short)


def test_a_computed_value_is_marked_as_such_where_the_employee_noted_on_it(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    unit_id = db.session.scalar(sa.select(Position.unit_id).join(Employee)
                                .where(Employee.id == org.asn.employee_id))
    ktp = add_service(unit_id, "Penerbitan KTP-el", standard_minutes=120)
    add_records(ktp, org.asn.employee_id, FEBRUARY, [60, 120])
    bind(indicator, "records_avg_hours", service_id=ktp)
    advance(org, "targets_approved")
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/realisations", data={
        "version": stored(aid).version, "period_no": "0",
        f"note-{indicator}": "Antrean panjang di bulan Februari"})

    html = client.get(f"/assessments/{aid}/timeline", htmx=True).get_data(as_text=True)

    assert "1,5 jam (dihitung otomatis)" in html
    assert "Antrean panjang di bulan Februari" in html
