"""The Format Penetapan Predikat Kinerja of an agency, signed by its head."""
import subprocess

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, OrgPredikat


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "penetapan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_the_head_downloads_the_agencys_penetapan_with_the_final_spread(org, login_as, tmp_path):
    db.session.execute(sa.update(Assessment).where(Assessment.agency_id == org.agency_id)
                       .values(state="approved", rating_hasil_kerja="meets",
                               rating_perilaku="meets", predikat="baik"))
    db.session.add(OrgPredikat(agency_id=org.agency_id, period_id=org.period_id,
                               predikat="baik", basis="Capaian perjanjian kinerja 2026: 96 %",
                               set_by_id=org.head.user_id))
    db.session.commit()
    client = login_as(org.head)

    response = client.get(f"/documents/agencies/{org.agency_id}/penetapan-2026.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "Penetapan-Predikat-Kinerja-2026-DUKCAPIL.pdf" in response.headers[
        "Content-Disposition"]
    text = _text(response.data, tmp_path)
    assert "PENETAPAN PREDIKAT KINERJA PEGAWAI" in text
    assert "BAIK" in text and "Capaian perjanjian kinerja 2026" in text
    assert "Andi Pratama" in text and "19900110 201503 1 003" in text
    assert "Drs. Hendra Saputra" in text  # the head signs
    assert "KONSEP" not in text
    assert f"/documents/agencies/{org.agency_id}/penetapan-2026.pdf" in client.get(
        "/approvals/").get_data(as_text=True)


def test_a_penetapan_with_assessments_still_open_is_marked_konsep(org, login_as, tmp_path):
    response = login_as(org.head).get(f"/documents/agencies/{org.agency_id}/penetapan-2026.pdf")

    text = _text(response.data, tmp_path)
    assert "KONSEP" in text
    assert "belum ditetapkan" in text
    assert "belum final" in text


def test_the_penetapan_is_refused_to_staff_and_other_agencies(org, login_as):
    url = f"/documents/agencies/{org.agency_id}/penetapan-2026.pdf"
    for persona in (org.asn, org.supervisor, org.outsider, org.other_committee):
        assert login_as(persona).get(url).status_code == 403
    assert login_as(org.admin).get(url).status_code == 200
    assert login_as(org.head).get(
        f"/documents/agencies/{org.agency_id}/penetapan-1999.pdf").status_code == 404
