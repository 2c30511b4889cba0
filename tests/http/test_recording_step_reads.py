"""The recording step reads what it only shows (the period's feedback, the evidence, the periodic
evaluations) as rows, not ORM objects, in statements that do not grow with them; the answer to a
POST that has read the evidence already shows it without another statement."""
from __future__ import annotations

import contextlib

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Evidence, Feedback, Indicator, PeriodicRating, Realisation, Rhk
from tests.http.helpers import counting_queries, stored
from tests.http.test_execution import PERIODIC, fixed_skp, realisation_id, save


@contextlib.contextmanager
def objects_built(*models):
    """The ORM objects of models built from rows while the block runs."""
    built: list[object] = []

    def record(target, _context):
        built.append(target)

    for model in models:
        sa.event.listen(model, "load", record)
    try:
        yield built
    finally:
        for model in models:
            sa.event.remove(model, "load", record)


def test_the_recording_step_shows_feedback_evidence_and_ratings_read_as_rows(org, login_as):
    aid, indicator = fixed_skp(org)
    asn, supervisor = login_as(org.asn), login_as(org.supervisor)
    save(asn, aid, indicator, period_no="2", value="300")
    with counting_queries() as empty:
        asn.get(f"/assessments/{aid}?p=2")
    rid = realisation_id(indicator, 2)
    for data in ({"realisation_id": rid, "text": "Bagus; lampirkan rekap SIAK."},
                 {"value_code": "akuntabel", "text": "Laporan selalu tepat waktu."}):
        assert supervisor.post(f"/assessments/{aid}/feedback", data={
            "version": stored(aid).version, "period_no": "2", **data}).status_code == 200
    assert supervisor.post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-version": stored(aid).version,
        "periodic-period_no": "2"}).status_code == 200
    assert asn.post(f"/assessments/{aid}/evidence/links", data={
        "version": stored(aid).version, "period_no": "2", "indicator_id": indicator,
        "url": "https://siak.example.go.id/rekap?q=1&t=2",
        "title": "Rekap SIAK <April>"}).status_code == 200

    with objects_built(Feedback, Evidence, PeriodicRating) as built, counting_queries() as full:
        html = asn.get(f"/assessments/{aid}?p=2").get_data(as_text=True)

    assert built == []
    assert len(full) == len(empty)
    assert "Bagus; lampirkan rekap SIAK." in html
    assert "Laporan selalu tepat waktu." in html
    assert html.count("Rahmawati, S.Sos") >= 2  # the author of each feedback
    assert ('<a href="https://siak.example.go.id/rekap?q=1&amp;t=2" rel="noopener noreferrer '
            'nofollow" target="_blank">Rekap SIAK &lt;April&gt;</a>') in html
    assert "Target triwulan terlampaui." in html  # the periodic evaluation of the quarter
    # The three in one statement (execution.page_rows), not one each.
    shown = [s for s in full if "FROM feedback" in s or "FROM evidence" in s
             or "FROM periodic_ratings" in s and "realisations.period_no" not in s]
    assert len(shown) == 1, shown
    assert "FROM evidence" in shown[0] and "FROM periodic_ratings" in shown[0]


def test_the_answer_to_a_deleted_evidence_lists_the_rest_without_another_statement(
        org, login_as):
    aid, indicator = fixed_skp(org)
    asn = login_as(org.asn)
    for title in ("Rekap April", "Rekap Mei"):
        assert asn.post(f"/assessments/{aid}/evidence/links", data={
            "version": stored(aid).version, "period_no": "2", "indicator_id": indicator,
            "url": "https://siak.example.go.id/rekap", "title": title}).status_code == 200
    first, second = stored_evidence_ids(aid)

    with counting_queries() as statements:
        response = asn.post(f"/assessments/{aid}/evidence/{first}/delete", data={
            "version": stored(aid).version, "period_no": "2"},
            headers={"HX-Request": "true"})

    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Rekap Mei" in html and "Rekap April" not in html
    assert stored_evidence_ids(aid) == [second]
    # The evidence the delete read (one statement) is what the answer lists: not read again.
    assert len([s for s in statements if s.startswith("SELECT") and "FROM evidence" in s]) == 1


def stored_evidence_ids(aid: int) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(Evidence.id).join(Realisation).join(Indicator).join(Rhk)
        .where(Rhk.assessment_id == aid).order_by(Evidence.id)))
