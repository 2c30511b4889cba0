"""Asking the head for the organisation predikat (issue 10, item 2): the committee sees who
must set it and asks them (a notification, once a day); the head's home shows it as a task."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Notification, OrgPredikat
from portal.services import clock
from portal.services.messaging import notifications
from tests.http.helpers import actor


def requests_to(persona) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).where(
        Notification.user_id == persona.user_id,
        Notification.kind == "org_predikat_requested")))


def ask(client, org, **kwargs):
    return client.post("/calibration/org-predikat/ask",
                       {"view": f"period={org.period_id}&agency={org.agency_id}"}, **kwargs)


def test_the_committee_sees_who_sets_the_predikat_and_a_button_to_ask_them(org, login_as):
    page = login_as(org.committee).get("/calibration/").get_data(as_text=True)

    assert "Yang menetapkan: Drs. Hendra Saputra (pimpinan instansi)" in page
    assert 'action="/calibration/org-predikat/ask"' in page
    assert "Minta Drs. Hendra Saputra menetapkan" in page


def test_asking_notifies_the_head_with_a_link_to_the_form(org, login_as):
    response = ask(login_as(org.committee), org)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="organisation-predikat"')
    assert "Permintaan dikirim kepada Drs. Hendra Saputra" in html
    assert "Sudah diminta hari ini" in html
    [sent] = requests_to(org.head)
    assert sent.params["agency_id"] == org.agency_id
    assert sent.params["period_id"] == org.period_id
    assert sent.params["actor"] == "Yuliana Sitompul"
    listing = login_as(org.head).get("/notifications/").get_data(as_text=True)
    assert "meminta Anda menetapkan predikat kinerja organisasi" in listing
    assert f'href="/calibration/?agency={org.agency_id}&amp;period={org.period_id}"' in listing


def test_asking_twice_the_same_day_sends_once_and_says_so(org, login_as):
    client = login_as(org.committee)
    ask(client, org)

    response = ask(client, org)

    assert response.status_code == 200
    assert "sudah diminta hari ini" in response.get_data(as_text=True)
    assert "tidak dikirim ulang" in response.get_data(as_text=True)
    assert len(requests_to(org.head)) == 1


def test_the_next_day_the_head_can_be_asked_again(org):
    agency, period = _agency_and_period(org)
    first = notifications.ask_for_org_predikat(actor(org.committee), agency, period)
    tomorrow = clock.today() + dt.timedelta(days=1)

    again = notifications.ask_for_org_predikat(actor(org.committee), agency, period, tomorrow)

    assert first.sent and again.sent
    assert len(requests_to(org.head)) == 2


def test_a_plain_form_post_redirects_back_with_the_message(org, login_as):
    response = ask(login_as(org.committee), org, htmx=False)

    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/calibration/?period={org.period_id}&agency={org.agency_id}")
    assert len(requests_to(org.head)) == 1


def test_only_the_agencys_committee_may_ask(org, login_as):
    for persona in (org.other_committee, org.asn):
        response = ask(login_as(persona), org)
        assert response.status_code == 403
    assert requests_to(org.head) == []


def test_asking_without_the_csrf_token_is_refused(org, login_as):
    response = ask(login_as(org.committee), org, csrf=False)

    assert response.status_code == 400
    assert requests_to(org.head) == []


def test_asking_once_the_predikat_is_set_is_refused(org, login_as):
    login_as(org.head).post("/calibration/org-predikat", {
        "org-predikat": "baik", "org-basis": "Capaian perjanjian kinerja.",
        "view": f"agency={org.agency_id}"})

    response = ask(login_as(org.committee), org)

    assert response.status_code == 409
    assert requests_to(org.head) == []


def test_the_heads_home_shows_the_task_until_the_predikat_is_set(org, login_as):
    client = login_as(org.head)
    home = client.get("/").get_data(as_text=True)
    assert 'data-task="org-predikat"' in home
    assert "Tetapkan predikat kinerja organisasi Dinas Kependudukan dan Pencatatan Sipil" in home
    assert (f'href="/calibration/?agency={org.agency_id}&amp;period={org.period_id}'
            '#organisation-predikat"') in home

    client.post("/calibration/org-predikat", {
        "org-predikat": "baik", "org-basis": "Capaian perjanjian kinerja.",
        "view": f"period={org.period_id}&agency={org.agency_id}"})

    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrgPredikat)) == 1
    assert 'data-task="org-predikat"' not in client.get("/").get_data(as_text=True)


def test_the_committee_and_staff_get_no_such_task(org, login_as):
    for persona in (org.committee, org.asn):
        assert 'data-task="org-predikat"' not in login_as(persona).get("/").get_data(
            as_text=True)


def _agency_and_period(org):
    from portal.models import Agency, Period
    return db.session.get(Agency, org.agency_id), db.session.get(Period, org.period_id)
