"""What the layout shows and how it says it (issue 10.13): the navigation offers *Tim saya* only
to those who assess someone, and a length of time kept in minutes reads as people say it."""
from __future__ import annotations

import pytest
from flask import session
from flask_babel import refresh

from portal.extensions import db
from portal.templating import duration
from tests.http.helpers import make_service

TEAM_LINK = '<a href="/team/">Tim saya</a>'


@pytest.mark.parametrize("persona", ["asn", "peer", "outsider"])
def test_staff_who_assess_nobody_have_no_team_menu(org, login_as, persona):
    assert TEAM_LINK not in login_as(getattr(org, persona)).get("/").get_data(as_text=True)


@pytest.mark.parametrize("persona", ["supervisor", "head"])
def test_those_who_assess_someone_have_the_team_menu(org, login_as, persona):
    assert TEAM_LINK in login_as(getattr(org, persona)).get("/").get_data(as_text=True)


@pytest.mark.parametrize(("minutes", "indonesian", "english"), [
    (1440, "1 hari", "1 day"),
    (2880, "2 hari", "2 days"),
    (60, "1 jam", "1 hour"),
    (1500, "25 jam", "25 hours"),
    (90, "1 jam 30 menit", "1 hour 30 minutes"),
    (45, "45 menit", "45 minutes"),
    (0, "0 menit", "0 minutes"),
    (None, "", ""),
])
def test_a_duration_in_minutes_reads_in_days_hours_and_minutes(app, minutes, indonesian,
                                                                english):
    for lang, expected in (("id", indonesian), ("en", english)):
        with app.test_request_context():
            session["lang"] = lang
            refresh()  # the test's app context (and its cached locale) outlives the request
            assert duration(minutes) == expected


def test_the_catalogue_shows_a_service_standard_of_a_day_as_one_day(org, login_as):
    service = make_service(org)
    service.standard_minutes = 1440
    db.session.commit()

    html = login_as(org.admin).get(f"/catalogue/?agency={org.agency_id}").get_data(as_text=True)

    assert "<td>1 hari</td>" in html
    assert "1.440 menit" not in html
