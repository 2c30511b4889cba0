"""Overlapping periods (issue 10, item 1): SKP 2027 opened before 2026 is finished hides nothing.

Every period-scoped page takes ?period=<id>, remembers the choice on the user (so it survives
logins), falls back quietly on an id it does not know, and the home page lists what waits in
every open period, oldest first.
"""
import datetime as dt
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Period, User
from portal.services.planning.periods import open_period, period_columns, period_of
from tests.http.helpers import advance, counting_queries, set_state


def _period(year: int, status: str) -> Period:
    """A period of year with its deadlines in that year (calibration and approval the next)."""
    return Period(year=year, status=status, targets_due=dt.date(year, 1, 31),
                  self_assessment_due=dt.date(year, 12, 15), review_due=dt.date(year, 12, 31),
                  calibration_due=dt.date(year + 1, 1, 15), approval_due=dt.date(year + 1, 1, 31))


def _open_2027() -> int:
    period = _period(2027, "draft")
    db.session.add(period)
    db.session.commit()
    open_period(period)
    return period.id


def _remembered(persona) -> int | None:
    db.session.expire_all()
    return db.session.get(User, persona.user_id).chosen_period_id


def test_the_team_page_reaches_the_older_periods_waiting_self_assessment(org, login_as):
    aid = advance(org, "self_assessed")
    _open_2027()
    client = login_as(org.supervisor)

    page = client.get(f"/team/?period={org.period_id}").get_data(as_text=True)

    assert "Tim saya · SKP 2026" in page
    assert f'href="/assessments/{aid}"' in page
    assert '<select id="period-choice" name="period">' in page
    assert _remembered(org.supervisor) == org.period_id


def test_the_chosen_period_is_remembered_across_logins(org, login_as):
    advance(org, "self_assessed")
    new = _open_2027()
    login_as(org.supervisor).get(f"/team/?period={new}")

    page = login_as(org.supervisor).get("/team/").get_data(as_text=True)  # a new session

    assert "Tim saya · SKP 2027" in page
    assert _remembered(org.supervisor) == new


def test_the_url_wins_over_the_remembered_choice(org, login_as):
    new = _open_2027()
    client = login_as(org.head)
    client.get(f"/approvals/?period={new}")

    page = client.get(f"/approvals/?period={org.period_id}").get_data(as_text=True)

    assert "Persetujuan · SKP 2026" in page
    assert _remembered(org.head) == org.period_id


@pytest.mark.parametrize("bad", ["999999", "abc", "", "-1"])
def test_an_unknown_period_falls_back_to_the_remembered_one(org, login_as, bad):
    new = _open_2027()
    client = login_as(org.committee)
    client.get(f"/calibration/?period={new}")

    response = client.get(f"/calibration/?period={bad}")

    assert response.status_code == 200
    assert "Kalibrasi · SKP 2027" in response.get_data(as_text=True)
    assert _remembered(org.committee) == new


def test_a_draft_period_cannot_be_chosen(org, login_as):
    draft = _period(2028, "draft")
    db.session.add(draft)
    db.session.commit()

    page = login_as(org.supervisor).get(f"/team/?period={draft.id}").get_data(as_text=True)

    assert "Tim saya · SKP 2026" in page
    assert _remembered(org.supervisor) is None


def test_without_a_choice_the_oldest_open_period_is_shown(org, login_as):
    _open_2027()

    page = login_as(org.supervisor).get("/team/").get_data(as_text=True)

    assert "Tim saya · SKP 2026" in page


def test_the_calibration_page_of_the_older_period_lists_its_reviewed_work(org, login_as):
    aid = advance(org, "reviewed")
    new = _open_2027()
    client = login_as(org.committee)
    assert f"calibration-row-{aid}" not in client.get(
        f"/calibration/?period={new}").get_data(as_text=True)

    page = client.get(f"/calibration/?period={org.period_id}").get_data(as_text=True)

    assert f"calibration-row-{aid}" in page
    assert f'name="view" value="period={org.period_id}&amp;agency={org.agency_id}"' in page


def test_the_calibration_page_follows_its_default_period_when_the_periods_change(org, login_as):
    # The page presumes the period it last showed by default (periods.presumed_period) and
    # reads its facts with the periods it may show: when the oldest open period closes, the
    # next one is shown at once, its facts read again that once.
    aid = advance(org, "reviewed")
    _open_2027()
    client = login_as(org.committee)
    assert f"calibration-row-{aid}" in client.get("/calibration/").get_data(as_text=True)
    db.session.get(Period, org.period_id).status = "closed"
    db.session.commit()

    db.session.remove()
    with counting_queries() as moved:
        page = client.get("/calibration/").get_data(as_text=True)
    db.session.remove()
    with counting_queries() as settled:
        again = client.get("/calibration/").get_data(as_text=True)

    assert "Kalibrasi · SKP 2027" in page and f"calibration-row-{aid}" not in page
    assert again == page
    assert len(moved) == len(settled) + 1  # the facts of 2026, then those of 2027
    assert _remembered(org.committee) is None  # a default, not the user's choice


def test_a_period_read_within_another_pages_statement_is_the_stored_one(org):
    # The calibration page reads its periods in its own UNION (period_columns): each column
    # comes back as stored, dates too (PostgreSQL's DateStyle does not matter), detached.
    stored = db.session.get(Period, org.period_id)
    if db.session.get_bind().dialect.name == "postgresql":  # a CAST would write 31/01/2026
        db.session.execute(sa.text("SET LOCAL DateStyle = 'SQL, DMY'"))
    row = db.session.execute(sa.select(*period_columns().values())
                             .where(Period.id == org.period_id)).one()

    read = period_of(*row)

    columns = [column.key for column in Period.__table__.columns]
    assert [getattr(read, key) for key in columns] == [getattr(stored, key) for key in columns]
    assert sa.inspect(read).detached


def test_finishing_calibration_acts_on_the_period_the_form_came_from(org, login_as, rules):
    aid = advance(org, "reviewed")
    new = _open_2027()
    client = login_as(org.committee)
    client.get(f"/calibration/?period={new}")  # remembered: 2027

    response = client.post("/calibration/finish", data={
        "view": f"period={org.period_id}&agency={org.agency_id}",
        "finish-justification": "Sidang TPK."}, htmx=False)

    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/calibration/?period={org.period_id}&agency={org.agency_id}")
    db.session.expire_all()
    assert db.session.get(Assessment, aid).state == "calibrated"


def test_the_approvals_page_of_the_older_period_lists_its_calibrated_work(org, login_as):
    aid = advance(org, "calibrated")
    _open_2027()
    client = login_as(org.head)

    page = client.get(f"/approvals/?period={org.period_id}").get_data(as_text=True)

    assert f'href="/assessments/{aid}"' in page
    assert f'<input type="hidden" name="period" value="{org.period_id}">' in page


def test_the_home_page_lists_every_open_period_oldest_first(org, login_as):
    old = advance(org, "self_assessed")
    _open_2027()
    new_own = db.session.scalar(sa.select(Assessment.id).where(
        Assessment.employee_id == org.supervisor.employee_id,
        Assessment.period_id != org.period_id))

    page = login_as(org.supervisor).get("/").get_data(as_text=True)

    assert page.index('data-period="2026"') < page.index('data-period="2027"')
    section_2026 = page.split('data-period="2026"', 1)[1].split('data-period="2027"', 1)[0]
    assert f'href="/team/?period={org.period_id}"' in section_2026
    assert "1 menunggu Anda." in section_2026
    assert f'href="/assessments/{new_own}"' in page.split('data-period="2027"', 1)[1]
    assert old  # waiting in 2026 for the supervisor


def test_the_home_page_keeps_its_statement_count_flat(org, login_as):
    _open_2027()
    client = login_as(org.head)
    client.get("/")
    with counting_queries() as few:
        client.get("/")
    for persona in (org.asn, org.peer):
        set_state(org.assessment_id(persona), "calibrated")
    with counting_queries() as more:
        client.get("/")

    assert len(more) == len(few)


def _open_2027_for(agency_id: int) -> int:
    period = _period(2027, "draft")
    db.session.add(period)
    db.session.commit()
    open_period(period, [agency_id])
    return period.id


def _choices(html: str) -> list[int]:
    select = html.split('<select id="period-choice"')[1].split("</select>")[0] \
        if 'id="period-choice"' in html else ""
    return [int(i) for i in re.findall(r'<option value="(\d+)"', select)]


@pytest.mark.parametrize("persona,url", [
    ("supervisor", "/team/"), ("committee", "/calibration/"), ("head", "/approvals/"),
])
def test_a_period_opened_only_for_another_agency_is_not_offered_nor_shown(
        org, login_as, persona, url):
    elsewhere = _open_2027_for(org.other_agency_id)  # Dinas Kesehatan only
    client = login_as(getattr(org, persona))

    page = client.get(url).get_data(as_text=True)
    asked = client.get(url, query_string={"period": elsewhere}).get_data(as_text=True)

    assert _choices(page) == []  # one period of theirs: no selector at all
    assert "SKP 2027" not in page and "SKP 2026" in page
    assert "SKP 2027" not in asked and "SKP 2026" in asked  # asked for: falls back to theirs
    assert _remembered(getattr(org, persona)) != elsewhere


def test_the_selector_offers_the_periods_of_the_agency_asked_for(org, login_as):
    both = _open_2027()  # opened for every agency
    client = login_as(org.committee)

    page = client.get("/calibration/", query_string={"agency": org.agency_id})

    assert sorted(_choices(page.get_data(as_text=True))) == sorted([org.period_id, both])


def test_each_supervisor_chooses_among_the_periods_of_their_own_team(org, login_as):
    # A period opened for no agency, where only the supervisor assesses someone: theirs to
    # choose on the team page, not the head's, whichever of them asked last in this process
    # (the team's condition is built once, its supervisor a parameter).
    extra = _period(2027, "open")
    db.session.add(extra)
    db.session.flush()
    db.session.add(Assessment(employee_id=org.asn.employee_id, period_id=extra.id,
                              assessor_id=org.supervisor.employee_id,
                              agency_id=org.agency_id))
    db.session.commit()
    option = f'<option value="{extra.id}"'

    for _round in range(2):
        assert option in login_as(org.supervisor).get("/team/").get_data(as_text=True)
        assert option not in login_as(org.head).get("/team/").get_data(as_text=True)
