"""What the supervisor adds while planning: the ekspektasi khusus pimpinan per BerAKHLAK value,
and comments on single RHK of a submitted SKP that the employee sees after the return."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import BehaviourExpectation, Rhk
from portal.rules.berakhlak import VALUES
from tests.http.helpers import advance, audit_events, stored

EXPECTATIONS = {
    "exp-berorientasi_pelayanan": "Melayani pemohon KTP-el tanpa antrean lebih dari 30 menit.",
    "exp-akuntabel": "Melaporkan stok blangko setiap Jumat.",
    "exp-kolaboratif": "  Berbagi data dengan Bidang Capil setiap bulan.  ",
}


def _expectations(assessment_id: int) -> dict[str, str]:
    db.session.expire_all()
    return dict(db.session.execute(
        sa.select(BehaviourExpectation.value_code, BehaviourExpectation.text)
        .where(BehaviourExpectation.assessment_id == assessment_id)).all())


def _comments(assessment_id: int) -> list[str | None]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Rhk.supervisor_comment)
                                   .where(Rhk.assessment_id == assessment_id).order_by(Rhk.id)))


def test_it_shows_the_seven_values_with_their_21_guides_to_everyone_who_may_view(org, login_as):
    aid = org.assessment_id(org.asn)

    for persona in (org.asn, org.supervisor, org.committee):
        # Shown on the page to the supervisor who writes the expectations, on demand to others.
        html = login_as(persona).get(f"/assessments/{aid}/sections/behaviours",
                                     htmx=True).get_data(as_text=True)
        behaviours = html[html.index('aria-labelledby="behaviours-title"'):]
        behaviours = behaviours[:behaviours.index("</section>")]
        assert behaviours.count("<tr data-value=") == 7
        assert len(re.findall(r"<li>[^<]+</li>", behaviours)) == 21
        for value in VALUES:
            assert f"<strong>{value.name}</strong>" in behaviours
        assert "Memahami dan memenuhi kebutuhan masyarakat" in behaviours


@pytest.mark.parametrize("state", ["draft_targets", "targets_submitted"])
def test_it_saves_the_supervisors_expectations_while_planning(org, login_as, state):
    aid = advance(org, state)
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/expectations", data={
        **EXPECTATIONS, "exp-version": before.version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "Ekspektasi khusus pimpinan disimpan." in html
    assert "Melaporkan stok blangko setiap Jumat.</textarea>" in html
    assert _expectations(aid) == {
        "berorientasi_pelayanan": EXPECTATIONS["exp-berorientasi_pelayanan"],
        "akuntabel": EXPECTATIONS["exp-akuntabel"],
        "kolaboratif": "Berbagi data dengan Bidang Capil setiap bulan.",
    }
    after = stored(aid)
    assert (after.state, after.version) == (state, before.version + 1)
    # The employee reads them, without a form.
    page = login_as(org.asn).get(f"/assessments/{aid}/sections/behaviours").get_data(as_text=True)
    assert "Melaporkan stok blangko setiap Jumat." in page
    assert 'name="exp-akuntabel"' not in page


def test_it_removes_an_expectation_emptied_by_the_supervisor(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.supervisor)
    client.post(f"/assessments/{aid}/expectations", data={
        **EXPECTATIONS, "exp-version": stored(aid).version})

    response = client.post(f"/assessments/{aid}/expectations", data={
        **EXPECTATIONS, "exp-akuntabel": " ", "exp-version": stored(aid).version})

    assert response.status_code == 200
    assert set(_expectations(aid)) == {"berorientasi_pelayanan", "kolaboratif"}


def test_it_refuses_expectations_written_by_the_employee(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/expectations", data={
        **EXPECTATIONS, "exp-version": before.version})

    assert response.status_code == 403
    assert "Tindakan ini bukan wewenang Anda pada penilaian ini." in response.get_data(
        as_text=True)
    assert _expectations(aid) == {}
    assert stored(aid) == before


def test_it_refuses_expectations_once_the_skp_is_fixed(org, login_as):
    aid = advance(org, "targets_approved")
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/expectations", data={
        **EXPECTATIONS, "exp-version": before.version})

    assert response.status_code == 409
    assert "Bagian ini tidak dapat diubah pada tahap sekarang." in response.get_data(
        as_text=True)
    assert _expectations(aid) == {}


def test_it_keeps_a_too_long_expectation_as_typed(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)
    long_text = "x" * 2001

    response = login_as(org.supervisor).post(f"/assessments/{aid}/expectations", data={
        **EXPECTATIONS, "exp-loyal": long_text, "exp-version": before.version})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Periksa isian ekspektasi." in html
    assert f"{long_text}</textarea>" in html
    assert 'aria-describedby="exp-loyal-error"' in html
    assert _expectations(aid) == {}


# --- comments on RHK --------------------------------------------------------------------------

def _comment(client, aid: int, rhk_id: int, text: str):
    return client.post(f"/assessments/{aid}/rhks/{rhk_id}/comment", data={
        f"c{rhk_id}-version": stored(aid).version, f"c{rhk_id}-comment": text})


def test_it_shows_the_supervisors_rhk_comment_to_the_employee_after_the_return(org, login_as):
    aid = advance(org, "targets_submitted")
    [rhk_id] = [r[0] for r in stored(aid).rhks]
    supervisor = login_as(org.supervisor)
    comment = "Tambahkan indikator kualitas: persentase data tanpa koreksi."

    commented = _comment(supervisor, aid, rhk_id, comment)
    assert commented.status_code == 200, commented.get_data(as_text=True)
    assert "Komentar disimpan." in commented.get_data(as_text=True)
    returned = supervisor.post(f"/assessments/{aid}/actions/return_targets", data={
        "confirmed": "y",
        "version": stored(aid).version, "reason": "Lihat komentar pada RHK 1."})
    assert returned.status_code == 200, returned.get_data(as_text=True)

    page = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)
    assert 'data-state="draft_targets"' in page
    assert re.search(r'<p class="rhk-comment" data-rhk-comment="%d"><strong>Komentar atasan:'
                     r'</strong> %s</p>' % (rhk_id, re.escape(comment)), page)
    assert 'name="c%d-comment"' % rhk_id not in page  # the employee reads it, cannot edit it
    assert _comments(aid) == [comment]
    assert audit_events(aid)[-1].reason == "Lihat komentar pada RHK 1."


def test_it_clears_a_comment_the_supervisor_empties(org, login_as):
    aid = advance(org, "targets_submitted")
    [rhk_id] = [r[0] for r in stored(aid).rhks]
    supervisor = login_as(org.supervisor)
    _comment(supervisor, aid, rhk_id, "Perjelas satuan target.")

    response = _comment(supervisor, aid, rhk_id, "  ")

    assert response.status_code == 200
    assert "Komentar dihapus." in response.get_data(as_text=True)
    assert 'class="rhk-comment"' not in response.get_data(as_text=True)
    assert _comments(aid) == [None]


@pytest.mark.parametrize("who, state, status", [
    ("asn", "targets_submitted", 403),
    ("peer", "targets_submitted", 403),
    ("supervisor", "draft_targets", 409),
    ("supervisor", "targets_approved", 409),
])
def test_it_refuses_rhk_comments_from_others_or_outside_the_review(org, login_as, who, state,
                                                                   status):
    aid = advance(org, "targets_submitted" if state == "draft_targets" else state)
    if state == "draft_targets":  # returned: the comments are written before the return
        login_as(org.supervisor).post(f"/assessments/{aid}/actions/return_targets", data={
            "confirmed": "y",
            "version": stored(aid).version, "reason": "Perbaiki."})
    [rhk_id] = [r[0] for r in stored(aid).rhks]
    before = stored(aid)

    response = _comment(login_as(getattr(org, who)), aid, rhk_id, "Komentar.")

    assert response.status_code == status
    assert _comments(aid) == [None]
    assert stored(aid) == before


def test_it_refuses_a_comment_on_an_rhk_of_another_skp(org, login_as):
    aid, peers = advance(org, "targets_submitted"), advance(org, "targets_submitted", "peer")
    [peer_rhk] = [r[0] for r in stored(peers).rhks]
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/rhks/{peer_rhk}/comment",
                                             data={f"c{peer_rhk}-version": before.version,
                                                   f"c{peer_rhk}-comment": "Salah SKP."})

    assert response.status_code == 409
    assert "RHK tidak ditemukan pada SKP ini." in response.get_data(as_text=True)
    assert _comments(peers) == [None]
    assert stored(aid) == before
