"""Editing the sections of an assessment: targets (RHK, indicators), realisations, ratings."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import Indicator, Rhk
from tests.conftest import fill_targets
from tests.http.helpers import (
    RATING_FORM,
    RHK_FORM,
    advance,
    audit_events,
    indicator_ids,
    rhk_form,
    stored,
    versions_in,
)


def test_it_adds_an_rhk_with_its_first_indicator(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org), "target_value": "12,5", "version": before.version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "RHK ditambahkan." in html
    assert RHK_FORM["rhk_text"] in html
    assert "12,5 hari" in html
    after = stored(aid)
    assert after.version == before.version + 1
    assert [r[1:] for r in after.rhks] == [("utama", RHK_FORM["rhk_text"])]
    assert [i[1:] for i in after.indicators] == [
        ("waktu", RHK_FORM["text"], Decimal("12.5"), "hari")]
    assert set(versions_in(html)) == {after.version}
    assert after.audit_events == 0  # edits are not transitions


@pytest.mark.parametrize("typed", ["dua belas", "12.5", "12,5,0"])
def test_it_keeps_the_typed_rhk_when_the_target_is_not_a_number(org, login_as, typed):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org), "target_value": typed, "version": before.version})

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert "Periksa isian RHK." in html
    assert "Isi angka, misalnya 1.234,5." in html
    assert f'value="{typed}"' in html
    assert RHK_FORM["rhk_text"] in html
    assert f'value="{RHK_FORM["text"]}"' in html
    assert 'value="hari"' in html
    assert re.search(r'<option selected value="waktu">', html)
    assert stored(aid) == before


@pytest.mark.parametrize("field, message", [
    ("rhk_text", "Isi rencana hasil kerja."),
    ("text", "Isi indikator kinerja."),
    ("target_value", "Isi target berupa angka."),
    ("target_unit", "Isi satuan target"),
])
def test_it_refuses_an_rhk_with_a_missing_field(org, login_as, field, message):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org), field: "", "version": before.version})

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored(aid) == before


def test_it_adds_an_indicator_to_an_rhk(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/rhks", data={**rhk_form(org), "version": stored(aid).version})
    before = stored(aid)
    rhk_id = before.rhks[0][0]

    response = client.post(f"/assessments/{aid}/rhks/{rhk_id}/indicators", data={
        f"rhk{rhk_id}-version": before.version, f"rhk{rhk_id}-aspect": "kualitas",
        f"rhk{rhk_id}-text": "Persentase akta tanpa perbaikan",
        f"rhk{rhk_id}-target_value": "98,5", f"rhk{rhk_id}-target_unit": "%"})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    assert "Persentase akta tanpa perbaikan" in response.get_data(as_text=True)
    after = stored(aid)
    assert [i[1:] for i in after.indicators if i[0] not in {x[0] for x in before.indicators}] == [
        ("kualitas", "Persentase akta tanpa perbaikan", Decimal("98.5"), "%")]
    assert after.version == before.version + 1


def test_it_keeps_the_typed_indicator_when_its_target_is_not_a_number(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/rhks", data={**rhk_form(org), "version": stored(aid).version})
    before = stored(aid)
    rhk_id = before.rhks[0][0]

    response = client.post(f"/assessments/{aid}/rhks/{rhk_id}/indicators", data={
        f"rhk{rhk_id}-version": before.version, f"rhk{rhk_id}-aspect": "kualitas",
        f"rhk{rhk_id}-text": "Persentase akta tanpa perbaikan",
        f"rhk{rhk_id}-target_value": "sembilan puluh", f"rhk{rhk_id}-target_unit": "%"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Periksa isian indikator." in html
    assert 'value="sembilan puluh"' in html
    assert 'value="Persentase akta tanpa perbaikan"' in html
    assert "<details open>" in html  # the sub-form stays open to show the error
    assert stored(aid) == before


def test_it_deletes_an_indicator(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/rhks", data={**rhk_form(org), "version": stored(aid).version})
    before = stored(aid)
    indicator_id = before.indicators[0][0]

    response = client.post(f"/assessments/{aid}/indicators/{indicator_id}/delete",
                           data={"version": before.version})

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "Indikator dihapus." in html
    assert "Belum ada indikator." in html
    after = stored(aid)
    assert after.indicators == ()
    assert after.rhks == before.rhks
    assert after.version == before.version + 1


def test_it_deletes_an_rhk_with_its_indicators(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/rhks", data={**rhk_form(org), "version": stored(aid).version})
    before = stored(aid)

    response = client.post(f"/assessments/{aid}/rhks/{before.rhks[0][0]}/delete",
                           data={"version": before.version})

    assert response.status_code == 200
    assert "RHK dihapus." in response.get_data(as_text=True)
    assert "Belum ada Rencana Hasil Kerja." in response.get_data(as_text=True)
    after = stored(aid)
    assert (after.rhks, after.indicators) == ((), ())
    db.session.expire_all()
    assert db.session.get(Indicator, before.indicators[0][0]) is None


def test_it_refuses_to_delete_an_rhk_of_another_assessment_through_its_own(org, login_as):
    own, peers = org.assessment_id(org.asn), org.assessment_id(org.peer)
    fill_targets(peers)
    peers_before, own_before = stored(peers), stored(own)
    rhk_of_peer = peers_before.rhks[0][0]

    response = login_as(org.asn).post(f"/assessments/{own}/rhks/{rhk_of_peer}/delete",
                                      data={"version": own_before.version})

    assert response.status_code == 409
    assert "RHK tidak ditemukan pada SKP ini." in response.get_data(as_text=True)
    assert stored(peers) == peers_before
    assert stored(own) == own_before
    assert db.session.get(Rhk, rhk_of_peer) is not None


def test_it_refuses_to_delete_an_indicator_of_another_assessment(org, login_as):
    own, peers = org.assessment_id(org.asn), org.assessment_id(org.peer)
    fill_targets(peers)
    peers_before, own_before = stored(peers), stored(own)

    response = login_as(org.asn).post(
        f"/assessments/{own}/indicators/{peers_before.indicators[0][0]}/delete",
        data={"version": own_before.version})

    assert response.status_code == 409
    assert "Indikator tidak ditemukan pada SKP ini." in response.get_data(as_text=True)
    assert stored(peers) == peers_before
    assert stored(own) == own_before


def test_it_refuses_to_edit_targets_once_submitted(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org), "version": before.version})

    assert response.status_code == 409
    assert "Bagian ini tidak dapat diubah pada tahap sekarang." in response.get_data(as_text=True)
    assert stored(aid) == before


def _with_two_indicators(org, login_as):
    """The ASN's SKP fixed with two indicators; returns (assessment id, ASN client, ids)."""
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/rhks", data={**rhk_form(org), "version": stored(aid).version})
    advance(org, "targets_approved")
    return aid, client, indicator_ids(aid)


def test_it_saves_realisations_written_the_indonesian_way(org, login_as):
    aid, client, (first, second) = _with_two_indicators(org, login_as)
    before = stored(aid)

    response = client.post(f"/assessments/{aid}/realisations", data={
        "version": before.version, f"value-{first}": "1.150", f"note-{first}": "Laporan SIAK",
        f"value-{second}": "2,5", f"note-{second}": "  Rekap bulanan  "})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "Realisasi disimpan." in html
    assert 'value="1.150"' in html
    assert 'value="2,5"' in html
    after = stored(aid)
    assert after.realisations == ((first, Decimal(1150), "Laporan SIAK"),
                                  (second, Decimal("2.5"), "Rekap bulanan"))
    assert after.version == before.version + 1
    assert after.state == "targets_approved"


def test_it_keeps_every_typed_realisation_when_one_is_not_a_number(org, login_as):
    aid, client, (first, second) = _with_two_indicators(org, login_as)
    before = stored(aid)

    response = client.post(f"/assessments/{aid}/realisations", data={
        "version": before.version, f"value-{first}": "seribu", f"note-{first}": "Catatan satu",
        f"value-{second}": "2,5", f"note-{second}": "Catatan dua"})

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert "Periksa isian realisasi." in html
    assert 'value="seribu"' in html
    assert f'aria-describedby="value-{first}-error"' in html
    assert "Isi angka, misalnya 1.234,5." in html
    assert 'value="2,5"' in html
    assert "Catatan satu</textarea>" in html
    assert "Catatan dua</textarea>" in html
    assert stored(aid) == before


def test_it_refuses_to_submit_the_self_assessment_with_a_realisation_missing(org, login_as):
    aid, client, (first, _second) = _with_two_indicators(org, login_as)
    version = stored(aid).version
    client.post(f"/assessments/{aid}/realisations", data={
        "version": version, f"value-{first}": "10"})
    before = stored(aid)

    response = client.post(f"/assessments/{aid}/actions/submit_self_assessment",
                           data={"confirmed": "y", "version": before.version})

    assert response.status_code == 409
    assert "data belum lengkap" in response.get_data(as_text=True)
    assert stored(aid) == before


# rating hasil kerja, rating perilaku -> predikat (PermenPANRB 6/2022 matrix)
MATRIX_CASES = [
    ("above", "above", "sangat_baik", "Sangat Baik"),
    ("below", "meets", "butuh_perbaikan", "Butuh Perbaikan"),
    ("meets", "below", "kurang", "Kurang/Misconduct"),
]


@pytest.mark.parametrize("hasil_kerja, perilaku, predikat, label", MATRIX_CASES,
                         ids=[f"{h}-{p}" for h, p, _, _ in MATRIX_CASES])
def test_it_derives_the_predikat_from_the_two_ratings(org, login_as, hasil_kerja, perilaku,
                                                      predikat, label):
    aid = advance(org, "self_assessed")
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/ratings", data={
        **RATING_FORM, "rating_hasil_kerja": hasil_kerja, "rating_perilaku": perilaku,
        "version": before.version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "Penilaian disimpan." in html
    assert f'data-predikat="{predikat}">{label}</strong>' in html
    after = stored(aid)
    assert after.ratings == (hasil_kerja, perilaku, RATING_FORM["hasil_kerja_note"],
                             RATING_FORM["perilaku_note"], predikat)
    assert after.state == "self_assessed"
    assert after.version == before.version + 1


def test_it_refuses_ratings_without_a_justification(org, login_as):
    aid = advance(org, "self_assessed")
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/ratings", data={
        **RATING_FORM, "rating_hasil_kerja": "above", "perilaku_note": "   ",
        "version": before.version})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Periksa isian penilaian." in html
    assert "Justifikasi rating perilaku kerja wajib diisi." in html
    assert re.search(r'<input checked id="rating_hasil_kerja-0"[^>]*value="above"', html)
    assert stored(aid) == before


@pytest.mark.parametrize("missing", ["rating_hasil_kerja", "rating_perilaku"])
def test_it_refuses_ratings_with_one_rating_missing(org, login_as, missing):
    aid = advance(org, "self_assessed")
    before = stored(aid)
    data = {**RATING_FORM, "version": before.version}
    del data[missing]

    response = login_as(org.supervisor).post(f"/assessments/{aid}/ratings", data=data)

    assert response.status_code == 422
    assert "Pilih rating" in response.get_data(as_text=True)
    assert stored(aid) == before


def test_it_refuses_a_rating_that_is_not_on_the_scale(org, login_as):
    aid = advance(org, "self_assessed")
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/ratings", data={
        **RATING_FORM, "rating_hasil_kerja": "outstanding", "version": before.version})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Periksa isian penilaian." in html
    assert "Not a valid choice" not in html  # WTForms' own message, in English
    assert stored(aid) == before


def test_it_lets_the_committee_change_the_ratings_with_a_reason(org, login_as):
    aid = advance(org, "reviewed")
    before = stored(aid)
    reason = "Realisasi jauh melampaui target; disetarakan dengan unit lain."

    response = login_as(org.committee).post(f"/assessments/{aid}/calibration", data={
        "rating_hasil_kerja": "above", "rating_perilaku": "above", "reason": reason,
        "version": before.version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    assert "Rating kalibrasi disimpan." in response.get_data(as_text=True)
    after = stored(aid)
    # The supervisor's justification stays; the committee's reason goes to the audit trail.
    assert after.ratings == ("above", "above", *before.ratings[2:4], "sangat_baik")
    assert after.state == "reviewed"
    assert after.audit_events == before.audit_events + 1
    event = audit_events(aid)[-1]
    assert (event.actor_id, event.trigger, event.from_state, event.to_state, event.reason) == (
        org.committee.user_id, "adjust_ratings", "reviewed", "reviewed", reason)


def test_it_refuses_a_calibration_change_that_changes_nothing(org, login_as):
    aid = advance(org, "reviewed")
    before = stored(aid)

    response = login_as(org.committee).post(f"/assessments/{aid}/calibration", data={
        "rating_hasil_kerja": before.ratings[0], "rating_perilaku": before.ratings[1],
        "reason": "Sudah sesuai.", "version": before.version})

    assert response.status_code == 422
    assert "Rating tidak berubah" in response.get_data(as_text=True)
    assert stored(aid) == before


def test_it_refuses_a_calibration_change_without_a_reason(org, login_as):
    aid = advance(org, "reviewed")
    before = stored(aid)

    response = login_as(org.committee).post(f"/assessments/{aid}/calibration", data={
        "rating_hasil_kerja": "above", "rating_perilaku": "above", "reason": "",
        "version": before.version})

    assert response.status_code == 422
    assert "Alasan wajib diisi." in response.get_data(as_text=True)
    assert stored(aid) == before
