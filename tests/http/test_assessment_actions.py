"""Workflow actions on the assessment page: POST /assessments/<id>/actions/<trigger>."""
from __future__ import annotations

import re

import pytest

from tests.http.helpers import (
    RATING_FORM,
    advance,
    audit_events,
    indicator_ids,
    prepare_to_leave,
    rhk_form,
    stored,
    versions_in,
)

# trigger, who takes it, from state, to state, the reason typed (return paths need one), who
# acts next as the confirmation names them, and what the message after it says happens next
ACTIONS = [
    ("submit_targets", "asn", "draft_targets", "targets_submitted", "",
     "SKP akan dikirim ke Rahmawati, S.Sos untuk ditetapkan.",
     "SKP diajukan. Rahmawati, S.Sos akan menetapkannya; Anda diberi tahu bila SKP ditetapkan "
     "atau dikembalikan. Rahmawati, S.Sos telah diberi tahu."),
    ("approve_targets", "supervisor", "targets_submitted", "targets_approved", "",
     "SKP Andi Pratama akan ditetapkan dan tidak dapat diubah lagi; Andi Pratama lalu",
     "SKP Andi Pratama ditetapkan. Andi Pratama kini mencatat realisasinya."),
    ("return_targets", "supervisor", "targets_submitted", "draft_targets",
     "Target kuantitas terlalu rendah dibanding tahun lalu.",
     "SKP akan dikembalikan ke Andi Pratama untuk diperbaiki",
     "SKP dikembalikan ke Andi Pratama untuk diperbaiki."),
    ("submit_self_assessment", "asn", "targets_approved", "self_assessed", "",
     "Penilaian mandiri akan dikirim ke Rahmawati, S.Sos untuk dinilai.",
     "Penilaian mandiri diajukan. Rahmawati, S.Sos akan memberi rating;"),
    ("submit_review", "supervisor", "self_assessed", "reviewed", "",
     "Rating akan dikirim ke tim penilai kinerja (Yuliana Sitompul) untuk dikalibrasi",
     "Tim penilai kinerja (Yuliana Sitompul) akan mengalibrasinya; Anda diberi tahu bila "
     "dikembalikan. Andi Pratama dan Yuliana Sitompul telah diberi tahu."),
    ("return_self_assessment", "supervisor", "self_assessed", "targets_approved",
     "Bukti dukung realisasi belum dilampirkan.",
     "Penilaian mandiri akan dikembalikan ke Andi Pratama",
     "Penilaian mandiri dikembalikan ke Andi Pratama untuk dilengkapi;"),
    ("calibrate", "committee", "reviewed", "calibrated", "",
     "penilaiannya dikirim ke Drs. Hendra Saputra untuk disetujui.",
     "Kalibrasi selesai. Drs. Hendra Saputra akan menyetujui penilaian ini."),
    ("return_review", "committee", "reviewed", "self_assessed",
     "Rating hasil kerja tidak sesuai realisasi.",
     "ke pejabat penilai Rahmawati, S.Sos untuk dinilai ulang.",
     "Penilaian dikembalikan ke pejabat penilai Rahmawati, S.Sos untuk dinilai ulang."),
    ("approve", "head", "calibrated", "approved", "",
     "Penilaian Andi Pratama akan disetujui dan menjadi final",
     "Penilaian Andi Pratama disetujui dan final. Keberatan dapat diajukan sampai"),
    ("return_calibration", "head", "calibrated", "reviewed",
     "Sebaran predikat unit ini perlu ditinjau ulang.",
     "Penilaian akan dikembalikan ke tim penilai kinerja (Yuliana Sitompul)",
     "Penilaian dikembalikan ke tim penilai kinerja (Yuliana Sitompul) untuk dikalibrasi ulang."),
]


def url(assessment_id: int, trigger: str) -> str:
    return f"/assessments/{assessment_id}/actions/{trigger}"


CONFIRMED = {"confirmed": "y"}  # the confirmation's own button: the action is taken


@pytest.mark.parametrize("trigger, who, from_state, to_state, reason, confirm, done", ACTIONS,
                         ids=[a[0] for a in ACTIONS])
def test_it_takes_each_action_for_the_right_person_after_a_confirmation(
        org, login_as, trigger, who, from_state, to_state, reason, confirm, done):
    aid = advance(org, from_state)
    prepare_to_leave(aid, org)
    before = stored(aid)
    client = login_as(getattr(org, who))

    asked = client.post(url(aid, trigger), data={"version": before.version, "reason": reason})

    assert asked.status_code == 200, asked.get_data(as_text=True)
    assert "HX-Trigger" not in asked.headers
    html = asked.get_data(as_text=True)
    assert "<html" not in html
    assert f'data-confirm="{trigger}"' in html
    assert confirm in html
    assert re.search(rf'<button type="submit" name="confirmed" value="y" class="primary" '
                     rf'autofocus\s+aria-describedby="confirm-text" data-confirmed="{trigger}"',
                     html)
    if reason:
        assert f'<input type="hidden" name="reason" value="{reason}">' in html
    assert stored(aid) == before  # asking changes nothing

    response = client.post(url(aid, trigger), data={
        "version": before.version, "reason": reason, "confirmed": "y"})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'id="assessment-step"' in html
    assert f'data-state="{to_state}"' in html
    assert done in html
    assert "Berhasil:" not in html
    after = stored(aid)
    assert after.state == to_state
    assert after.version == before.version + 1
    assert after.audit_events == before.audit_events + 1
    event = audit_events(aid)[-1]
    assert (event.actor_id, event.trigger, event.from_state, event.to_state, event.reason) == (
        getattr(org, who).user_id, trigger, from_state, to_state, reason)


def test_it_names_the_supervisor_in_the_confirmation_of_submitting_the_skp(org, login_as):
    aid = org.assessment_id(org.asn)
    prepare_to_leave(aid, org)
    before = stored(aid)

    asked = login_as(org.asn).post(url(aid, "submit_targets"), data={"version": before.version})

    html = asked.get_data(as_text=True)
    confirmation = re.search(r'<p id="confirm-text">(.*?)</p>', html, re.S).group(1)
    assert confirmation == ("SKP akan dikirim ke Rahmawati, S.Sos untuk ditetapkan. Selama "
                            "menunggu, SKP tidak dapat Anda ubah. Rahmawati, S.Sos akan diberi "
                            "tahu lewat portal.")
    assert f'href="/assessments/{aid}" hx-get="/assessments/{aid}">Batal</a>' in html
    assert stored(aid) == before


def test_it_refuses_at_the_first_step_what_it_would_refuse_at_the_second(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)

    asked = login_as(org.supervisor).post(url(aid, "return_targets"),
                                          data={"version": before.version, "reason": " "})

    assert asked.status_code == 422
    assert "Alasan wajib diisi." in asked.get_data(as_text=True)
    assert 'data-confirm="return_targets"' not in asked.get_data(as_text=True)
    assert stored(aid) == before


def test_it_confirms_without_javascript_on_a_page_of_its_own(org, login_as):
    aid = advance(org, "targets_submitted")
    client = login_as(org.supervisor)
    before = stored(aid)

    asked = client.post(url(aid, "approve_targets"), htmx=False, csrf=False,
                        data={"version": before.version, "csrf_token": client.csrf})

    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert "<html" in html
    assert "SKP Andi Pratama akan ditetapkan" in html
    assert stored(aid) == before
    # "Batal" is a plain link back to the page; the assessment stays as it was.
    assert client.get(f"/assessments/{aid}", htmx=False).status_code == 200
    assert stored(aid) == before


def test_it_submits_the_self_assessment_after_realisations_saved_over_http(org, login_as):
    aid = advance(org, "targets_approved")
    client = login_as(org.asn)
    [indicator] = indicator_ids(aid)
    version = stored(aid).version

    saved = client.post(f"/assessments/{aid}/realisations", data={
        "version": version, f"value-{indicator}": "1.180", f"note-{indicator}": "Rekap SIAK"})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert set(versions_in(saved.get_data(as_text=True))) == {version + 1}
    submitted = client.post(url(aid, "submit_self_assessment"),
                            data={"version": version + 1, "confirmed": "y"})

    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    assert submitted.headers["HX-Trigger"] == "assessment-changed"
    assert 'data-state="self_assessed"' in submitted.get_data(as_text=True)
    after = stored(aid)
    assert after.state == "self_assessed"
    assert [(r[1], r[2]) for r in after.realisations] == [(1180, "Rekap SIAK")]
    event = audit_events(aid)[-1]
    assert (event.actor_id, event.trigger, event.from_state, event.to_state) == (
        org.asn.user_id, "submit_self_assessment", "targets_approved", "self_assessed")


def test_it_submits_the_review_after_ratings_saved_over_http(org, login_as):
    aid = advance(org, "self_assessed")
    client = login_as(org.supervisor)
    version = stored(aid).version

    rated = client.post(f"/assessments/{aid}/ratings", data={
        **RATING_FORM, "rating_hasil_kerja": "above", "version": version})
    assert rated.status_code == 200, rated.get_data(as_text=True)
    submitted = client.post(url(aid, "submit_review"),
                            data={"version": version + 1, "confirmed": "y"})

    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    assert 'data-state="reviewed"' in submitted.get_data(as_text=True)
    after = stored(aid)
    assert after.state == "reviewed"
    assert after.ratings == ("above", "meets", RATING_FORM["hasil_kerja_note"],
                             RATING_FORM["perilaku_note"], "baik")
    event = audit_events(aid)[-1]
    assert (event.actor_id, event.from_state, event.to_state) == (
        org.supervisor.user_id, "self_assessed", "reviewed")


def test_it_runs_a_whole_cycle_over_http(org, login_as):
    aid = org.assessment_id(org.asn)
    asn, supervisor = login_as(org.asn), login_as(org.supervisor)
    committee, head = login_as(org.committee), login_as(org.head)

    def version():
        return stored(aid).version

    steps = [
        (asn, f"/assessments/{aid}/rhks", rhk_form(org)),
        (asn, url(aid, "submit_targets"), CONFIRMED),
        (supervisor, url(aid, "approve_targets"), CONFIRMED),
        (asn, f"/assessments/{aid}/realisations", "realisations"),
        (asn, url(aid, "submit_self_assessment"), CONFIRMED),
        (supervisor, f"/assessments/{aid}/ratings", RATING_FORM),
        (supervisor, url(aid, "submit_review"), CONFIRMED),
        (committee, url(aid, "calibrate"), CONFIRMED),
        (head, url(aid, "approve"), CONFIRMED),
    ]
    for client, path, data in steps:
        if data == "realisations":
            data = {f"value-{i}": "2,5" for i in indicator_ids(aid)}
        response = client.post(path, data={**data, "version": version()})
        assert response.status_code == 200, (path, response.get_data(as_text=True))
        assert response.headers["HX-Trigger"] == "assessment-changed"

    assert stored(aid).state == "approved"
    assert [(e.trigger, e.actor_id) for e in audit_events(aid)] == [
        ("submit_targets", org.asn.user_id), ("approve_targets", org.supervisor.user_id),
        ("submit_self_assessment", org.asn.user_id), ("submit_review", org.supervisor.user_id),
        ("calibrate", org.committee.user_id), ("approve", org.head.user_id)]
    final = asn.get(f"/assessments/{aid}").get_data(as_text=True)
    assert 'data-state="approved"' in final
    assert "Penilaian final." in final
    assert 'data-predikat="baik"' in final


def test_it_redirects_a_plain_form_post_and_flashes_the_result(org, login_as):
    aid = advance(org, "targets_submitted")
    client = login_as(org.supervisor)
    version = stored(aid).version

    # Without JavaScript the browser posts the form itself, token in the hidden field.
    response = client.post(url(aid, "approve_targets"), htmx=False, csrf=False,
                           data={"version": version, "csrf_token": client.csrf, **CONFIRMED})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/assessments/{aid}"
    assert "HX-Trigger" not in response.headers
    assert stored(aid).state == "targets_approved"
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<html" in html
    assert "SKP Andi Pratama ditetapkan. Andi Pratama kini mencatat realisasinya." in html
    assert 'data-state="targets_approved"' in html
    # The flash is shown once.
    assert "SKP Andi Pratama ditetapkan." not in client.get(f"/assessments/{aid}").get_data(
        as_text=True)


def test_it_renders_a_plain_form_refusal_as_the_whole_page(org, login_as):
    aid = advance(org, "targets_submitted")
    client = login_as(org.supervisor)
    before = stored(aid)

    response = client.post(url(aid, "return_targets"), htmx=False, csrf=False,
                           data={"version": before.version, "reason": "",
                                 "csrf_token": client.csrf})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert "Alasan wajib diisi." in html
    assert stored(aid) == before


# who, the state, the action: valid for that person, but not in that state
WRONG_STATE = [
    ("asn", "targets_submitted", "submit_targets"),
    ("supervisor", "draft_targets", "approve_targets"),
    ("supervisor", "reviewed", "submit_review"),
    ("committee", "self_assessed", "calibrate"),
    ("head", "reviewed", "approve"),
    ("head", "approved", "return_calibration"),
]


@pytest.mark.parametrize("who, state, trigger", WRONG_STATE,
                         ids=[f"{w}-{t}-in-{s}" for w, s, t in WRONG_STATE])
def test_it_refuses_an_action_in_the_wrong_state(org, login_as, who, state, trigger):
    aid = advance(org, state)
    before = stored(aid)

    response = login_as(getattr(org, who)).post(url(aid, trigger), data={
        "version": before.version, "reason": "Alasan tertulis."})

    assert response.status_code == 409
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert "Tindakan ini tidak dapat dilakukan pada tahap sekarang." in html
    assert f'data-state="{state}"' in html
    assert stored(aid) == before


def test_it_refuses_to_submit_targets_without_an_rhk(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(url(aid, "submit_targets"),
                                      data={"version": before.version})

    assert response.status_code == 409
    assert "data belum lengkap" in response.get_data(as_text=True)
    assert stored(aid) == before


def test_it_refuses_an_unknown_action(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_version = stored(aid).version

    response = login_as(org.asn).post(url(aid, "delete_everything"),
                                      data={"version": fill_version})

    assert response.status_code == 409
    assert "Tindakan tidak dikenal." in response.get_data(as_text=True)
    assert stored(aid).state == "draft_targets"


RETURNS = [
    ("return_targets", "supervisor", "targets_submitted"),
    ("return_self_assessment", "supervisor", "self_assessed"),
    ("return_review", "committee", "reviewed"),
    ("return_calibration", "head", "calibrated"),
]


@pytest.mark.parametrize("reason", ["", "   \n "], ids=["empty", "blank"])
@pytest.mark.parametrize("trigger, who, state", RETURNS, ids=[r[0] for r in RETURNS])
def test_it_requires_a_reason_to_send_work_back(org, login_as, trigger, who, state, reason):
    aid = advance(org, state)
    before = stored(aid)

    response = login_as(getattr(org, who)).post(url(aid, trigger), data={
        "version": before.version, "reason": reason})

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert "Alasan wajib diisi." in html
    assert 'id="assessment-step"' in html
    assert stored(aid) == before


def test_it_refuses_an_action_without_a_version(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)

    response = login_as(org.supervisor).post(url(aid, "approve_targets"), data={})

    assert response.status_code == 422
    assert "Formulir tidak lengkap." in response.get_data(as_text=True)
    assert stored(aid) == before


def test_it_refuses_a_version_that_is_not_a_number(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)

    response = login_as(org.supervisor).post(url(aid, "approve_targets"),
                                             data={"version": "abc"})

    assert response.status_code == 422
    assert "Formulir tidak lengkap." in response.get_data(as_text=True)
    assert stored(aid) == before
