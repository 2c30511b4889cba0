"""The history and the timeline say what every audit entry changed: the step it moved, or for a
calibration's rating change and an objection's decision, which rating from what to what; by
whom and why. Entries stored before changes were recorded still render."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import AuditEvent
from tests.http.helpers import audit_events, stored
from tests.http.test_calibration import add_unit, row_form, staff, version_of
from tests.http.test_objections import decide_as, filed

REASON = "Bukti dukung menunjukkan target KTP-el tidak tercapai."
NONSENSE = "Dinilai atasan → Dinilai atasan"


def _views(client, aid: int) -> list[str]:
    """The history page and the timeline page of an assessment."""
    pages = [client.get(f"/assessments/{aid}/history"), client.get(f"/assessments/{aid}/timeline")]
    assert [page.status_code for page in pages] == [200, 200]
    return [page.get_data(as_text=True) for page in pages]


def test_a_calibration_change_names_the_ratings_changed_from_what_to_what_by_whom_and_why(
        org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["baik"])  # Sesuai / Sesuai -> Baik, rated by the supervisor
    committee = login_as(org.committee)

    response = committee.post(f"/calibration/assessments/{aid}/ratings",
                              row_form(aid, version_of(aid), "below", "meets", REASON))

    assert response.status_code == 200
    event = audit_events(aid)[-1]
    assert (event.trigger, event.actor_id, event.reason) == (
        "adjust_ratings", org.committee.user_id, REASON)
    assert event.changes == [
        {"field": "rating_hasil_kerja", "from": "meets", "to": "below"},
        {"field": "predikat", "from": "baik", "to": "butuh_perbaikan"},
    ]
    committee_name = db.session.get(AuditEvent, event.id).actor.display_name
    for html in _views(committee, aid):
        entry = html[html.index("Ubah rating (kalibrasi)") - 200:]
        entry = entry[:entry.index("</blockquote>") + len("</blockquote>")]
        assert f"<strong>{committee_name}</strong>" in entry
        assert ("Rating hasil kerja: Sesuai Ekspektasi → <strong>Di Bawah Ekspektasi</strong>"
                in entry)
        assert "Predikat: Baik → <strong>Butuh Perbaikan</strong>" in entry
        assert "Rating perilaku kerja" not in entry  # unchanged: not listed
        assert f"Alasan:</span> {REASON}" in entry
        assert NONSENSE not in html


def test_an_objection_decision_names_the_ratings_it_changed(org, login_as):
    aid, objection = filed(org, login_as)
    head = login_as(org.head)

    assert decide_as(head, objection).status_code == 200  # Sesuai / Sesuai -> Di Atas / Di Atas

    assert audit_events(aid)[-1].changes == [
        {"field": "rating_hasil_kerja", "from": "meets", "to": "above"},
        {"field": "rating_perilaku", "from": "meets", "to": "above"},
        {"field": "predikat", "from": "baik", "to": "sangat_baik"},
    ]
    history, timeline = _views(head, aid)
    for html in (history, timeline):
        assert ("Rating perilaku kerja: Sesuai Ekspektasi → <strong>Di Atas Ekspektasi</strong>"
                in html)
        assert "Predikat: Baik → <strong>Sangat Baik</strong>" in html
        assert "Disetujui → Disetujui" not in html


def test_an_upheld_objection_says_the_ratings_did_not_change(org, login_as):
    aid, objection = filed(org, login_as)
    head = login_as(org.head)
    before = stored(aid).ratings

    decide_as(head, objection, decision="upheld", text="Rating sesuai bukti; dikuatkan.")

    assert stored(aid).ratings == before
    assert audit_events(aid)[-1].changes == []
    for html in _views(head, aid):
        assert "Keputusan atas keberatan" in html and "(rating tidak berubah)" in html
        assert "Alasan:</span> Rating sesuai bukti; dikuatkan." in html


@pytest.mark.parametrize("trigger", ["adjust_ratings", "decide_objection"])
def test_an_entry_stored_before_changes_were_recorded_still_renders(org, login_as, rules,
                                                                     trigger):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["baik"])
    db.session.add(AuditEvent(assessment_id=aid, actor_id=org.committee.user_id,
                              trigger=trigger, from_state="reviewed", to_state="reviewed",
                              reason="Disesuaikan dengan sebaran unit.", changes=None))
    db.session.commit()

    for html in _views(login_as(org.committee), aid):
        assert "Alasan:</span> Disesuaikan dengan sebaran unit." in html
        assert NONSENSE not in html
        assert "rating tidak berubah" not in html  # unknown, not "unchanged"


def test_a_step_change_still_reads_from_and_to(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["baik"])
    db.session.add(AuditEvent(assessment_id=aid, actor_id=org.supervisor.user_id,
                              trigger="submit_review", from_state="self_assessed",
                              to_state="reviewed"))
    db.session.commit()

    history, timeline = _views(login_as(org.supervisor), aid)

    for html in (history, timeline):
        assert "Kirim penilaian</span>: Penilaian mandiri diajukan → Dinilai atasan" in html
