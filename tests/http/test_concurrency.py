"""Two people (or two tabs) acting on one assessment: the version they saw decides who wins."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Assessment
from tests.conftest import fill_targets
from tests.http.helpers import (
    RATING_FORM, RHK_FORM, advance, audit_events, rhk_form, stored, versions_in,
)

CONFLICT = "baru saja diubah oleh orang lain"


def test_it_refuses_an_action_on_a_stale_version_and_shows_the_fresh_state(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    seen = stored(aid).version
    first_tab, second_tab = login_as(org.asn), login_as(org.asn)
    added = first_tab.post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org), "rhk_text": "RHK dari tab pertama", "version": seen})
    assert added.status_code == 200
    before = stored(aid)

    response = second_tab.post(f"/assessments/{aid}/actions/submit_targets",
                               data={"confirmed": "y", "version": seen})

    assert response.status_code == 409
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert CONFLICT in html
    assert "RHK dari tab pertama" in html  # the fresh state, with the other tab's change
    assert versions_in(html)  # the user can retry from here ...
    assert set(versions_in(html)) == {before.version}  # ... with the version now stored
    assert stored(aid) == before


def test_it_refuses_an_edit_on_a_stale_version_and_keeps_the_typed_input(org, login_as):
    aid = org.assessment_id(org.asn)
    seen = stored(aid).version
    first_tab, second_tab = login_as(org.asn), login_as(org.asn)
    first_tab.post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "rhk_text": "RHK dari tab pertama", "version": seen})
    before = stored(aid)

    response = second_tab.post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "rhk_text": "RHK dari tab kedua", "version": seen})

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert CONFLICT in html
    assert "RHK dari tab pertama" in html
    assert "RHK dari tab kedua</textarea>" in html  # not lost: the user can submit it again
    assert set(versions_in(html)) == {before.version}
    assert stored(aid) == before


def test_it_refuses_ratings_on_a_stale_version(org, login_as):
    aid = advance(org, "self_assessed")
    seen = stored(aid).version
    first_tab, second_tab = login_as(org.supervisor), login_as(org.supervisor)
    first_tab.post(f"/assessments/{aid}/ratings", data={**RATING_FORM, "version": seen})
    before = stored(aid)

    response = second_tab.post(f"/assessments/{aid}/ratings", data={
        **RATING_FORM, "rating_hasil_kerja": "below", "version": seen})

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert CONFLICT in html
    assert set(versions_in(html)) == {before.version}
    assert stored(aid) == before


def test_it_acts_once_on_a_double_submit_and_answers_the_second_as_done(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)
    client = login_as(org.supervisor)
    url = f"/assessments/{aid}/actions/approve_targets"

    first = client.post(url, data={"confirmed": "y", "version": before.version})
    second = client.post(url, data={"confirmed": "y", "version": before.version})

    assert first.status_code == 200
    assert first.headers["HX-Trigger"] == "assessment-changed"
    assert second.status_code == 200
    assert CONFLICT not in second.get_data(as_text=True)
    assert "SKP Andi Pratama ditetapkan." in second.get_data(as_text=True)
    after = stored(aid)
    assert after.state == "targets_approved"
    assert after.version == before.version + 1
    assert after.audit_events == before.audit_events + 1
    assert [e.trigger for e in audit_events(aid)].count("approve_targets") == 1


def test_it_refuses_a_stale_action_that_someone_else_took(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)
    login_as(org.supervisor).post(f"/assessments/{aid}/actions/return_targets", data={
        "confirmed": "y", "version": before.version, "reason": "Perbaiki target."})

    response = login_as(org.supervisor).post(f"/assessments/{aid}/actions/approve_targets",
                                             data={"confirmed": "y", "version": before.version})

    assert response.status_code == 409
    assert CONFLICT in response.get_data(as_text=True)
    assert stored(aid).state == "draft_targets"


def test_it_refuses_an_action_that_loses_the_race_after_its_checks(org, login_as):
    """Another writer commits between the version check and the UPDATE: the version column wins."""
    aid = advance(org, "targets_submitted")
    client = login_as(org.supervisor)
    before = stored(aid)
    raced = []

    def another_writer_commits_first(_session, _flush_context, _instances):
        if not raced:
            raced.append(True)
            with db.engine.begin() as connection:
                connection.execute(sa.update(Assessment).where(Assessment.id == aid)
                                   .values(version=Assessment.version + 1))

    # First among the flush hooks: the other writer commits before this flush takes the audit
    # chain's write lock (portal.services.review.audit_chain), as a second server would.
    sa.event.listen(so.Session, "before_flush", another_writer_commits_first, insert=True)
    try:
        response = client.post(f"/assessments/{aid}/actions/return_targets",
                               data={"confirmed": "y", "version": before.version,
                                     "reason": "Perbaiki target."})
    finally:
        sa.event.remove(so.Session, "before_flush", another_writer_commits_first)

    assert raced
    assert response.status_code == 409
    assert CONFLICT in response.get_data(as_text=True)
    after = stored(aid)
    assert (after.state, after.version) == ("targets_submitted", before.version + 1)
    assert after.audit_events == before.audit_events


def test_it_acts_once_when_two_requests_arrive_together(org, login_as):
    aid = advance(org, "targets_submitted")
    before = stored(aid)
    tabs = [login_as(org.supervisor), login_as(org.supervisor)]
    start = threading.Barrier(2)

    def approve(client):
        start.wait(timeout=5)
        return client.post(f"/assessments/{aid}/actions/approve_targets",
                           data={"confirmed": "y", "version": before.version}).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(approve, tabs))

    # The same user's second request is answered as done, whichever check it lost at.
    assert statuses == [200, 200]
    after = stored(aid)
    assert (after.state, after.version) == ("targets_approved", before.version + 1)
    assert after.audit_events == before.audit_events + 1
