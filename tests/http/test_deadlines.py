"""Phase deadlines and lateness on the pages (issue 10, item 5): the assessment shows its step's
deadline; the assessment, the home page, the team and calibration lists mark what is late, and
the lists keep a statement count that does not grow with them.

The test period's SKP deadline is 31 January 2026; the clock is moved with monkeypatch.
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.http.helpers import advance, counting_queries, set_state

DECEMBER = dt.date(2026, 12, 3)   # 306 days after the SKP deadline
JANUARY = dt.date(2026, 1, 20)    # 11 days before it


@pytest.fixture
def today(monkeypatch):
    def move(day: dt.date):
        monkeypatch.setattr("portal.services.clock.today", lambda: day)
    return move


def test_the_assessment_shows_its_steps_deadline_and_days_left(org, login_as, today):
    today(JANUARY)

    html = login_as(org.asn).get(f"/assessments/{org.assessment_id(org.asn)}").get_data(
        as_text=True)

    assert 'class="step-deadline" data-due="2026-01-31" data-days-late="0"' in html
    assert "Batas waktu tahap ini 31 Januari 2026 (sisa 11 hari)." in html


def test_a_draft_in_december_is_marked_late_on_the_assessment(org, login_as, today):
    today(DECEMBER)

    html = login_as(org.asn).get(f"/assessments/{org.assessment_id(org.asn)}",
                                 htmx=True).get_data(as_text=True)

    assert 'class="step-deadline late" data-due="2026-01-31" data-days-late="306"' in html
    assert "Batas waktu tahap ini 31 Januari 2026: terlambat 306 hari." in html


def test_the_deadline_line_follows_the_day_it_is_seen(org, login_as, today):
    """The line is kept per language and deadline (its due date and the day it is seen): the
    same page seen on another day says that day's."""
    client = login_as(org.asn)
    url = f"/assessments/{org.assessment_id(org.asn)}"
    for day, said in [(JANUARY, "(sisa 11 hari)."), (DECEMBER, ": terlambat 306 hari."),
                      (dt.date(2026, 1, 31), "Batas waktu tahap ini hari ini, 31 Januari 2026."),
                      (JANUARY, "(sisa 11 hari).")]:
        today(day)

        html = client.get(url).get_data(as_text=True)

        assert said in html, day


def test_an_approved_assessment_shows_no_deadline(org, login_as, today):
    today(DECEMBER)
    aid = advance(org, "approved")

    html = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)

    assert "step-deadline" not in html


def test_the_home_page_marks_the_employees_late_skp(org, login_as, today):
    today(DECEMBER)

    home = login_as(org.asn).get("/").get_data(as_text=True)

    assert '<strong class="tag late" data-days-late="306">terlambat 306 hari</strong>' in home


def test_the_home_page_counts_the_supervisors_late_team(org, login_as, today):
    today(DECEMBER)

    home = login_as(org.supervisor).get("/").get_data(as_text=True)

    assert "2 melewati batas waktu" in home


def test_the_team_list_marks_each_late_report(org, login_as, today):
    today(DECEMBER)
    advance(org, "targets_submitted")
    advance(org, "targets_approved", employee="peer")  # self-assessment due 15 December

    html = login_as(org.supervisor).get("/team/").get_data(as_text=True)

    assert html.count('class="tag late"') == 1
    assert 'data-days-late="306"' in html


def test_nothing_is_late_before_the_deadline(org, login_as, today):
    today(JANUARY)

    assert 'class="tag late"' not in login_as(org.supervisor).get("/team/").get_data(
        as_text=True)
    assert 'class="tag late"' not in login_as(org.asn).get("/").get_data(as_text=True)


def test_the_calibration_list_marks_reviews_past_the_calibration_deadline(org, login_as, today):
    aid = advance(org, "reviewed")
    today(dt.date(2027, 1, 20))  # calibration was due on 15 January 2027

    html = login_as(org.committee).get("/calibration/").get_data(as_text=True)

    row = html.split(f'id="calibration-row-{aid}"', 1)[1].split("</tr>", 1)[0]
    assert '<strong class="tag late" data-days-late="5">terlambat 5 hari</strong>' in row


def test_the_team_list_keeps_its_statement_count_flat(org, login_as, today):
    today(DECEMBER)
    client = login_as(org.supervisor)
    set_state(org.assessment_id(org.peer), "approved")
    client.get("/team/")
    with counting_queries() as few:
        client.get("/team/")
    set_state(org.assessment_id(org.peer), "draft_targets")
    with counting_queries() as more:
        client.get("/team/")

    assert len(more) == len(few)


def test_the_calibration_list_keeps_its_statement_count_flat(org, login_as, today):
    today(dt.date(2027, 1, 20))
    advance(org, "reviewed")
    client = login_as(org.committee)
    with counting_queries() as one:
        client.get("/calibration/")
    advance(org, "reviewed", employee="peer")
    with counting_queries() as two:
        client.get("/calibration/")

    assert len(two) == len(one)


def test_an_unrated_quarter_past_its_periodic_deadline_is_marked_late(org, login_as, today):
    aid = advance(org, "targets_approved")
    today(dt.date(2026, 4, 20))  # the first quarter's evaluation was due on 10 April
    client = login_as(org.supervisor)

    first = client.get(f"/assessments/{aid}?p=1").get_data(as_text=True)
    second = client.get(f"/assessments/{aid}?p=2").get_data(as_text=True)

    assert "Batas evaluasi periodik ini 10 April 2026." in first
    assert 'data-days-late="10"' in first
    assert "Batas evaluasi periodik ini 10 Juli 2026." in second
    assert "data-days-late" not in second.split('id="periodic-title"')[1]
