"""The head's approval queue: one by one, or a whole unit at once (all or nothing)."""
import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, AuditEvent, Unit
from tests.http.helpers import advance, set_state, stored


def _bidang_id(org) -> int:
    return db.session.scalar(sa.select(Unit.id).where(
        Unit.agency_id == org.agency_id, Unit.parent_id.is_not(None)))


def _calibrated_bidang(org) -> tuple[int, int, int]:
    """The ASN and the peer calibrated through the workflow; the supervisor's own put there."""
    asn, peer = advance(org, "calibrated"), advance(org, "calibrated", employee="peer")
    own = org.assessment_id(org.supervisor)
    set_state(own, "calibrated", rating_hasil_kerja="meets", rating_perilaku="meets",
              predikat="baik")
    return asn, peer, own


def test_it_lists_the_calibrated_assessments_of_the_heads_agency(org, login_as):
    asn, peer, own = _calibrated_bidang(org)

    response = login_as(org.head).get("/approvals/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for aid in (asn, peer, own):
        assert f'href="/assessments/{aid}"' in html
    assert "Setujui semua penilaian unit ini" in html


def test_it_approves_a_whole_unit_with_one_audit_event_each(org, login_as):
    ids = _calibrated_bidang(org)
    client = login_as(org.head)

    response = client.post("/approvals/unit", data={"unit_id": _bidang_id(org)}, htmx=False)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/approvals/?period={org.period_id}")
    assert ("3 penilaian Bidang Pelayanan Pendaftaran Penduduk disetujui dan kini final. Setiap "
            "pegawai dan pejabat penilainya diberi tahu; keberatan dapat diajukan sampai") in \
        client.get("/approvals/").get_data(as_text=True)
    for aid in ids:
        after = stored(aid)
        assert after.state == "approved"
        event = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.assessment_id == aid).order_by(AuditEvent.id.desc())).first()
        assert (event.trigger, event.from_state, event.to_state, event.actor_id) == (
            "approve", "calibrated", "approved", org.head.user_id)
        assert db.session.get(Assessment, aid).finalised_at is not None


def test_it_approves_none_when_one_is_not_ready_and_names_it(org, login_as):
    asn, peer = advance(org, "calibrated"), advance(org, "calibrated", employee="peer")
    before = {aid: stored(aid) for aid in (asn, peer)}
    own = org.assessment_id(org.supervisor)
    assert stored(own).state == "targets_approved"  # the supervisor's own is far from calibrated

    response = login_as(org.head).post("/approvals/unit", data={"unit_id": _bidang_id(org)},
                                       htmx=False)

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Tidak ada yang disetujui: 1 penilaian belum dapat disetujui." in html
    assert re.search(rf'href="/assessments/{own}">Rahmawati, S.Sos</a> — masih pada tahap '
                     r"SKP ditetapkan", html)
    for aid, was in before.items():
        assert stored(aid) == was


def test_it_refuses_bulk_approval_to_anyone_but_the_agencys_head(org, login_as):
    _calibrated_bidang(org)
    for persona in (org.supervisor, org.committee, org.asn, org.outsider):
        response = login_as(persona).post("/approvals/unit", data={"unit_id": _bidang_id(org)},
                                           htmx=False)
        assert response.status_code == 403
    assert stored(org.assessment_id(org.asn)).state == "calibrated"


def test_it_refuses_a_unit_of_another_agency(org, login_as):
    other_unit = db.session.scalar(sa.select(Unit.id).where(Unit.agency_id == org.other_agency_id))

    response = login_as(org.head).post("/approvals/unit", data={"unit_id": other_unit},
                                       htmx=False)

    assert response.status_code == 403


def test_an_approved_assessment_refuses_every_edit(org, login_as):
    aid = advance(org, "approved")
    before = stored(aid)
    attempts = [
        (org.asn, "rhks", {"kind": "utama", "rhk_text": "x", "aspect": "kuantitas", "text": "y",
                           "target_value": "1", "target_unit": "dok"}),
        (org.asn, "realisations", {}),
        (org.supervisor, "ratings", {"rating_hasil_kerja": "above", "rating_perilaku": "above",
                                     "hasil_kerja_note": "x", "perilaku_note": "y"}),
        (org.committee, "calibration", {"rating_hasil_kerja": "below",
                                        "rating_perilaku": "below", "reason": "x"}),
        (org.head, "actions/approve", {}),
        (org.supervisor, "actions/return_self_assessment", {"reason": "x"}),
    ]
    for persona, path, data in attempts:
        response = login_as(persona).post(f"/assessments/{aid}/{path}",
                                          data={**data, "version": before.version})
        assert response.status_code in (403, 409), (path, response.status_code)
        assert "tidak dapat" in response.get_data(as_text=True) or "bukan wewenang" in \
            response.get_data(as_text=True), path
    assert stored(aid) == before


def test_only_an_admin_reopens_an_approved_assessment_with_a_reason(org, login_as):
    aid = advance(org, "approved")
    before = stored(aid)

    refused = login_as(org.head).post(f"/assessments/{aid}/actions/reopen_to_reviewed",
                                      data={"confirmed": "y", "version": before.version, "reason": "Salah input"})
    no_reason = login_as(org.admin).post(f"/assessments/{aid}/actions/reopen_to_reviewed",
                                         data={"confirmed": "y", "version": before.version, "reason": ""})
    assert refused.status_code == 403
    assert no_reason.status_code == 422
    assert stored(aid) == before

    response = login_as(org.admin).post(f"/assessments/{aid}/actions/reopen_to_reviewed",
                                        data={"confirmed": "y", "version": before.version,
                                              "reason": "Salah input rating; dibuka atas surat BKD."})

    assert response.status_code == 200
    after = stored(aid)
    assert after.state == "reviewed"
    assert db.session.get(Assessment, aid).finalised_at is None
