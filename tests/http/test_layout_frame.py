"""The frame around every page (templates/_layout_frame.html) is made once per language, script
root and whether someone is signed in (portal.templating.page_frame); each request still gets its
own CSRF token in the frame's three places, its own address to come back to after switching the
language, its own user's name and unread count, its flashed messages once, and links under the
script root it is served at."""
from __future__ import annotations

import re

from portal.extensions import db
from portal.models import Notification, User
from portal.models.base import utcnow


def _tokens(html: str) -> set[str]:
    found = re.findall(r'"X-CSRFToken": "([^"]+)"', html)
    found += re.findall(r'<input type="hidden" name="csrf_token" value="([^"]+)">', html)
    return set(found), len(found)


def test_each_request_gets_its_own_token_address_and_user(app, org, login_as):
    asn, head = login_as(org.asn), login_as(org.head)
    first = asn.get("/team/?q=<b>&x=1").get_data(as_text=True)
    second = head.get("/").get_data(as_text=True)

    (mine,), count = _tokens(first)
    assert count == 3  # the htmx header, the language form and the logout form
    (theirs,), _count = _tokens(second)
    assert mine != theirs
    assert '<input type="hidden" name="next" value="/team/?q=&lt;b&gt;&amp;x=1">' in first
    assert '<span class="who">Andi Pratama</span>' in first
    assert '<span class="who">Drs. Hendra Saputra</span>' in second
    assert '<html lang="id">' in first and 'action="/auth/logout"' in first


def test_the_badge_counts_each_users_unread(app, org, login_as):
    user = db.session.query(User).filter_by(employee_id=org.asn.employee_id).one()
    db.session.add_all([Notification(user_id=user.id, kind="reminder", params={},
                                     created_at=utcnow()) for _ in range(2)])
    db.session.commit()
    with_unread = login_as(org.asn).get("/").get_data(as_text=True)
    without = login_as(org.peer).get("/").get_data(as_text=True)
    assert 'class="notification-badge has-unread"' in with_unread
    assert "Notifikasi (2 belum dibaca)" in with_unread
    assert 'class="notification-badge"' in without and "belum dibaca" not in without


def test_signed_out_the_frame_has_no_menu_and_shows_a_flashed_message_once(app):
    client = app.test_client()
    assert client.get("/team/").status_code == 302  # login required: a message is flashed
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<p class="alert alert-info" role="status">Silakan masuk untuk membuka halaman ini.</p>' \
        in page
    assert 'class="who"' not in page and "notification-badge" not in page
    again = client.get("/auth/login").get_data(as_text=True)
    assert "alert-info" not in again


def test_under_a_script_root_the_frames_links_carry_it(app, org, login_as):
    client = login_as(org.asn)
    rooted = client.get("/", base_url="http://localhost/kinerja").get_data(as_text=True)
    plain = client.get("/").get_data(as_text=True)
    assert 'href="/kinerja/static/css/portal.css"' in rooted
    assert 'action="/kinerja/auth/logout"' in rooted
    assert 'href="/static/css/portal.css"' in plain and "/kinerja/" not in plain
