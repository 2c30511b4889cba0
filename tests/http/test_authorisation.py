"""Who may see and change an assessment: every role is refused outside its own step."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment
from tests.http.helpers import RATING_FORM, RHK_FORM, advance, stored

NOT_YOURS = "Anda tidak berhak melihat atau mengubah penilaian ini."
NOT_YOUR_STEP = "Tindakan ini bukan wewenang Anda pada penilaian ini."

# who, the ASN's assessment in which state, what they post, and why it is not theirs.
REFUSED = [
    # the ASN approving their own SKP
    ("asn", "targets_submitted", "actions/approve_targets", {}, NOT_YOUR_STEP),
    # the ASN rating themself
    ("asn", "self_assessed", "ratings", RATING_FORM, NOT_YOUR_STEP),
    # the supervisor writing the ASN's targets for them
    ("supervisor", "draft_targets", "rhks", RHK_FORM, NOT_YOUR_STEP),
    # the supervisor submitting the ASN's self-assessment
    ("supervisor", "targets_approved", "actions/submit_self_assessment", {}, NOT_YOUR_STEP),
    # the supervisor recording realisations
    ("supervisor", "targets_approved", "realisations", {}, NOT_YOUR_STEP),
    # the supervisor calibrating their own rating
    ("supervisor", "reviewed", "actions/calibrate", {}, NOT_YOUR_STEP),
    # a peer (same bidang, same supervisor) may not even see the ASN's SKP
    ("peer", "targets_submitted", "actions/approve_targets", {}, NOT_YOURS),
    ("peer", "draft_targets", "rhks", RHK_FORM, NOT_YOURS),
    # the committee may not fix targets or rate in the supervisor's place
    ("committee", "targets_submitted", "actions/approve_targets", {}, NOT_YOUR_STEP),
    ("committee", "self_assessed", "ratings", RATING_FORM, NOT_YOUR_STEP),
    # the committee may not approve its own calibration
    ("committee", "calibrated", "actions/approve", {}, NOT_YOUR_STEP),
    # the head approves, but does not calibrate or rate
    ("head", "reviewed", "actions/calibrate", {}, NOT_YOUR_STEP),
    ("head", "reviewed", "calibration", RATING_FORM, NOT_YOUR_STEP),
    ("head", "self_assessed", "ratings", RATING_FORM, NOT_YOUR_STEP),
    # someone from another agency
    ("outsider", "draft_targets", "rhks", RHK_FORM, NOT_YOURS),
    ("outsider", "calibrated", "actions/approve", {}, NOT_YOURS),
    # the committee of another agency
    ("other_committee", "reviewed", "actions/calibrate", {}, NOT_YOURS),
    ("other_committee", "reviewed", "calibration", RATING_FORM, NOT_YOURS),
    # the BKD admin sees everything but takes no part in the assessment
    ("admin", "calibrated", "actions/approve", {}, NOT_YOUR_STEP),
    ("admin", "draft_targets", "rhks", RHK_FORM, NOT_YOUR_STEP),
    ("admin", "reviewed", "calibration", RATING_FORM, NOT_YOUR_STEP),
]


@pytest.mark.parametrize("who, state, path, data, message", REFUSED,
                         ids=[f"{r[0]}-{r[2]}-in-{r[1]}" for r in REFUSED])
def test_it_refuses_an_action_or_edit_outside_the_persons_role(org, login_as, who, state, path,
                                                               data, message):
    aid = advance(org, state)
    before = stored(aid)

    response = login_as(getattr(org, who)).post(f"/assessments/{aid}/{path}", data={
        **data, "version": before.version, "reason": "Alasan tertulis."})

    assert response.status_code == 403
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert message in html
    assert "<html" not in html  # an htmx request gets the refusal as a fragment
    assert stored(aid) == before


@pytest.mark.parametrize("who", ["peer", "outsider", "other_committee"])
@pytest.mark.parametrize("path", ["", "/history"], ids=["page", "history"])
def test_it_refuses_the_page_to_someone_without_a_part_in_the_assessment(org, login_as, who,
                                                                          path):
    aid = org.assessment_id(org.asn)

    response = login_as(getattr(org, who)).get(f"/assessments/{aid}{path}")

    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert "Akses ditolak" in html
    assert NOT_YOURS in html
    assert "Andi Pratama" not in html  # nothing of the assessment leaks


@pytest.mark.parametrize("who", ["asn", "supervisor", "committee", "head", "admin"])
def test_it_shows_the_page_to_each_party_of_the_assessment(org, login_as, who):
    aid = org.assessment_id(org.asn)

    response = login_as(getattr(org, who)).get(f"/assessments/{aid}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Andi Pratama" in html
    assert 'id="assessment-step"' in html


@pytest.mark.parametrize("path, method", [
    ("", "get"), ("/history", "get"), ("/actions/submit_targets", "post"), ("/rhks", "post"),
])
def test_it_answers_404_in_the_layout_for_an_assessment_that_does_not_exist(org, login_as, path,
                                                                            method):
    missing = db.session.scalar(sa.select(sa.func.max(Assessment.id))) + 1000
    client = login_as(org.admin)

    if method == "get":
        response = client.get(f"/assessments/{missing}{path}")
    else:
        response = client.post(f"/assessments/{missing}{path}", data={"version": 1},
                               htmx=False)

    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert "Halaman tidak ditemukan" in html
    assert "Alamat yang Anda buka tidak ada atau sudah dipindahkan." in html


def test_it_lists_only_the_users_own_assessments_under_skp_saya(org, login_as):
    response = login_as(org.asn).get("/assessments/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/assessments/{org.assessment_id(org.asn)}"' in html
    assert f'href="/assessments/{org.assessment_id(org.peer)}"' not in html
    assert "SKP 2026" in html
