"""The htmx answers of the deadline day's POSTs (saving realisations, saving the ratings, taking
an action) show the step as it now stands at the cost of the step first shown: the assessment
they committed is answered as it stands, not loaded again, and the realisations answer leaves
the peer feedback on demand."""
from __future__ import annotations

import re

from tests.http.helpers import (
    RATING_FORM, advance, counting_queries, indicator_ids, stored,
)


def assessment_loads(statements: list[str]) -> int:
    """How many statements loaded the assessment by its id with the page's eager loads (the
    route's load; a reload for the answer would be a second)."""
    return sum(1 for s in statements
               if re.search(r"\bFROM assessments LEFT OUTER JOIN\b", s)
               and "WHERE assessments.id =" in s)


def test_the_saved_realisations_answer_leaves_the_peer_feedback_on_demand_for_that_quarter(
        org, login_as):
    aid = advance(org, "targets_approved")
    [indicator] = indicator_ids(aid)
    client = login_as(org.asn)
    version = stored(aid).version

    with counting_queries() as statements:
        response = client.post(f"/assessments/{aid}/realisations", data={
            "version": version, "period_no": "2", f"value-{indicator}": "300",
            f"note-{indicator}": "Rekap April-Juni"})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Realisasi disimpan." in html and 'value="300"' in html
    assert 'id="peer-feedback"' not in html  # not opened in full
    link = f"/assessments/{aid}/sections/peers?p=2"
    assert f'href="{link}" hx-get="{link}"' in html
    assert assessment_loads(statements) == 1, statements
    panel = client.get(link, htmx=True).get_data(as_text=True)
    assert 'id="peer-feedback"' in panel and "· Triwulan II" in panel


def test_the_saved_ratings_answer_shows_them_without_loading_the_assessment_again(org, login_as):
    aid = advance(org, "self_assessed")
    client = login_as(org.supervisor)
    version = stored(aid).version

    with counting_queries() as statements:
        response = client.post(f"/assessments/{aid}/ratings", data={
            **RATING_FORM, "version": version})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Penilaian disimpan." in html
    assert f'name="version" type="hidden" value="{stored(aid).version}"' in html
    assert stored(aid).ratings[:2] == (RATING_FORM["rating_hasil_kerja"],
                                       RATING_FORM["rating_perilaku"])
    assert assessment_loads(statements) == 1, statements


def test_an_action_taken_is_answered_from_the_assessment_it_moved(org, login_as):
    aid = advance(org, "targets_submitted")
    client = login_as(org.supervisor)
    version = stored(aid).version

    with counting_queries() as statements:
        response = client.post(f"/assessments/{aid}/actions/approve_targets", data={
            "version": version, "confirmed": "1"})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert 'data-state="targets_approved"' in html
    assert stored(aid).state == "targets_approved"
    assert f'name="version" type="hidden" value="{stored(aid).version}"' in html
    assert assessment_loads(statements) == 1, statements


def test_calibrated_ratings_are_answered_from_the_assessment_they_changed(org, login_as):
    aid = advance(org, "reviewed")
    client = login_as(org.committee)
    before = stored(aid)
    changed = "above" if before.ratings[0] != "above" else "below"

    with counting_queries() as statements:
        response = client.post(f"/assessments/{aid}/calibration", data={
            "version": before.version, "rating_hasil_kerja": changed,
            "rating_perilaku": before.ratings[1], "reason": "Bukti dukung lengkap."})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Rating kalibrasi disimpan." in html
    assert stored(aid).ratings[:2] == (changed, before.ratings[1])
    assert f'name="version" type="hidden" value="{stored(aid).version}"' in html
    assert assessment_loads(statements) == 1, statements


def test_the_realisations_sections_other_answers_show_what_they_saved_loading_it_once(
        org, login_as):
    # A link as evidence (the employee), then feedback and a periodic rating (the supervisor),
    # each answered from the assessment it committed.
    aid = advance(org, "targets_approved")
    [indicator] = indicator_ids(aid)
    posts = [
        (login_as(org.asn), f"/assessments/{aid}/evidence/links", {
            "period_no": "2", "indicator_id": indicator, "title": "Dasbor SIAK",
            "url": "https://siak.jambiprov.go.id/rekap"}, "Tautan bukti dukung disimpan.",
         "Dasbor SIAK"),
        (login_as(org.supervisor), f"/assessments/{aid}/feedback", {
            "period_no": "2", "value_code": "kompeten", "text": "Lampirkan rekap per kecamatan."},
         "Umpan balik disimpan.", "Lampirkan rekap per kecamatan."),
        (login_as(org.supervisor), f"/assessments/{aid}/periodic-ratings", {
            "periodic-period_no": "2", "periodic-rating_hasil_kerja": "above",
            "periodic-hasil_kerja_note": "Target triwulan terlampaui.",
            "periodic-rating_perilaku": "above", "periodic-perilaku_note": "Kooperatif."},
         "Evaluasi periodik disimpan.", 'data-predikat="sangat_baik"'),
    ]
    for client, path, data, message, shown in posts:
        version = stored(aid).version
        data = {**data, "periodic-version" if "periodic" in path else "version": version}

        with counting_queries() as statements:
            response = client.post(path, data=data)

        assert response.status_code == 200, response.get_data(as_text=True)
        html = response.get_data(as_text=True)
        assert message in html and shown in html
        assert stored(aid).version == version + 1
        assert f'value="{version + 1}"' in html
        assert assessment_loads(statements) == 1, (path, statements)
