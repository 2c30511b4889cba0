"""The public citizen survey (SKM) over HTTP, as a phone without JavaScript sends it: a plain
form POST and a redirect to the thanks page; each element's own answer words and the optional
respondent profile; the rate limit, honeypot, signed one-time form token and duplicate
suppression that contain abuse; comments kept as text.

The citizen is an anonymous test client with its own cookies, User-Agent and address (the rate
limit and the duplicate check count per address only: the User-Agent is the client's to choose).
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import request

from portal import create_app, signals
from portal.extensions import db, limiter
from portal.models import RateLimitCount, Service, SurveyResponse
from portal.services.feedback import catalogue, surveys
from tests.http.helpers import make_service

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) Mobile Safari/537.36"
OTHER_PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148"
ADDRESS = "127.0.0.1"  # the test client's own
OTHER_ADDRESS = "36.85.1.2"
ANSWERS = [4, 3, 3, 4, 3, 4, 4, 2, 3]
LIMITED = "Terlalu banyak penilaian dikirim dari perangkat ini"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    """Each test starts with no submissions counted (the limiter is a module-level singleton)."""
    limiter.reset()
    yield
    limiter.reset()


class Citizen:
    """A browser without JavaScript: opens the survey page, then posts its form."""

    def __init__(self, app, user_agent: str = PHONE, address: str = ADDRESS):
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = address
        self.headers = {"User-Agent": user_agent}
        self.tokens: dict[str, str] = {}

    def open(self, url: str):
        response = self.client.get(url, headers=self.headers)
        html = response.get_data(as_text=True)
        for name in ("csrf_token", "form_token"):
            found = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html)
            if found:
                self.tokens[name] = found.group(1)
        return response

    def submit(self, url: str, answers=ANSWERS, comment: str = "", reopen: bool = True,
               **extra):
        """Post the form (opening the page first for a fresh form token, unless reopen=False)."""
        if reopen:
            self.open(url)
        data = {**self.tokens, "comment": comment, "website": "", **extra}
        data.update({f"u{n}": str(a) for n, a in enumerate(answers, start=1) if a is not None})
        return self.client.post(url, data=data, headers=self.headers)


@pytest.fixture
def service(org) -> Service:
    return make_service(org, officers=(org.asn, org.peer))


def link(service: Service, officer_persona=None) -> str:
    if officer_persona is None:
        return f"/s/{service.code}"
    code = next(o.code for o in service.officers if o.employee_id == officer_persona.employee_id)
    return f"/s/{service.code}/{code}"


def responses() -> list[SurveyResponse]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(SurveyResponse).order_by(SurveyResponse.id)))


def checked_answers(html: str) -> list[int | None]:
    """The answers the page shows as chosen, u1..u9 (None where none is checked)."""
    chosen = dict(re.findall(r'<input checked [^>]*name="u(\d)"[^>]*value="(\d)"', html))
    return [int(chosen[str(n)]) if str(n) in chosen else None for n in range(1, 10)]


def answers_of(response: SurveyResponse) -> list[int | None]:
    return [getattr(response, name) for name in SurveyResponse.ELEMENTS]


# --- submitting -------------------------------------------------------------------------------

def test_the_survey_page_shows_the_service_the_officer_and_nine_required_questions(
        app, org, service):
    html = Citizen(app).open(link(service, org.asn)).get_data(as_text=True)

    assert "Penerbitan KTP-el" in html
    assert "Bidang Pelayanan Pendaftaran Penduduk" in html
    assert "Andi Pratama" in html
    assert html.count('<fieldset class="skm-element') == 9
    assert "<legend>1. Persyaratan</legend>" in html
    assert "<legend>9. Sarana dan Prasarana</legend>" in html
    assert html.count('type="radio"') == 36 and html.count("required") >= 36
    assert 'name="viewport"' in html
    honeypot = re.search(r'<div class="hp" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def answer_words(html: str) -> list[list[str]]:
    """The words of the four answers of each element, in the order shown."""
    elements = re.findall(r'<fieldset class="skm-element.*?</fieldset>', html, re.S)
    return [re.findall(r"<strong>\d</strong> ([^<]+)</span>", element) for element in elements]


def test_each_element_is_answered_in_its_own_words(app, service):
    html = Citizen(app).open(link(service)).get_data(as_text=True)

    assert answer_words(html) == [
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
        ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
        ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
        ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
        ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
        ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
         "Sangat sopan dan ramah"],
        ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
         "Dikelola dengan baik"],
        ["Buruk", "Cukup", "Baik", "Sangat baik"],
    ]


def test_the_survey_offers_an_optional_respondent_profile(app, service):
    html = Citizen(app).open(link(service)).get_data(as_text=True)

    profile = re.search(r'<fieldset class="skm-profile">.*?</fieldset>', html, re.S).group(0)
    assert "Tentang Anda (tidak wajib)" in profile
    assert "tidak dipakai untuk mengenali Anda" in profile
    for name, choice in [("age_band", "30–39 tahun"), ("sex", "Perempuan"),
                         ("education", "SMA/SMK"), ("occupation", "Wirausaha")]:
        select = re.search(rf'<select id="{name}" name="{name}">.*?</select>', profile, re.S)
        assert select and choice in select.group(0)
        assert '<option selected value="">Tidak diisi</option>' in select.group(0)
    assert "required" not in profile


def test_the_profile_is_stored_with_the_answers_and_may_be_left_empty(app, service):
    profile = {"age_band": "30_39", "sex": "f", "education": "sma", "occupation": "wirausaha"}
    Citizen(app).submit(link(service), **profile)
    Citizen(app, address=OTHER_ADDRESS).submit(link(service), sex="m")

    [chosen, partial] = responses()
    assert {name: getattr(chosen, name) for name in SurveyResponse.PROFILE} == profile
    assert answers_of(chosen) == ANSWERS
    assert {name: getattr(partial, name) for name in SurveyResponse.PROFILE} == {
        "age_band": None, "sex": "m", "education": None, "occupation": None}


def test_a_profile_choice_not_on_the_list_is_refused_with_the_answers_kept(app, service):
    response = Citizen(app).submit(link(service), education="profesor", comment="Bagus.")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Pilih jawaban tentang diri Anda dari daftar" in html
    assert "Mohon jawab kesembilan" not in html
    assert checked_answers(html) == ANSWERS and "Bagus." in html
    assert responses() == []


@pytest.mark.parametrize("named", [True, False])
def test_a_citizen_submits_without_javascript_and_sees_the_thanks_page(
        app, org, service, named):
    sent = []
    citizen = Citizen(app)
    url = link(service, org.asn if named else None)

    with signals.survey_submitted.connected_to(lambda response: sent.append(response.id)):
        response = citizen.submit(url, comment="Petugas ramah, antrean cepat.")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/s/{service.code}/terima-kasih"
    thanks = citizen.client.get(response.headers["Location"], headers=citizen.headers)
    assert thanks.status_code == 200
    assert "Terima kasih" in thanks.get_data(as_text=True)
    [stored] = responses()
    assert stored.service_id == service.id
    assert stored.officer_id == (org.asn.employee_id if named else None)
    assert answers_of(stored) == ANSWERS
    assert stored.comment == "Petugas ramah, antrean cepat."
    assert re.fullmatch(r"[0-9a-f]{64}", stored.client_key)
    assert stored.form_token == nonce_of(service, citizen.tokens["form_token"])
    assert sent == [stored.id]


def nonce_of(service: Service, token: str) -> str:
    """The single-use part of a signed form token, which the response stores."""
    return surveys._nonce(service, token)


def test_the_client_is_stored_as_a_keyed_hash_of_its_address_only(app, service):
    Citizen(app).submit(link(service))

    [stored] = responses()
    assert ADDRESS not in stored.client_key
    assert stored.client_key == surveys.client_key(ADDRESS)
    assert stored.client_key != surveys.client_key(OTHER_ADDRESS)


def test_incomplete_answers_are_refused_with_a_message_and_the_input_kept(app, service):
    answers = list(ANSWERS)
    answers[2] = None

    response = Citizen(app).submit(link(service), answers=answers, comment="Cukup baik.")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Mohon jawab kesembilan pertanyaan" in html
    assert re.search(r'<fieldset class="skm-element has-error"[^>]*>\s*<legend>3\. ', html)
    assert "Pilih salah satu jawaban." in html
    assert checked_answers(html) == answers
    assert "Cukup baik." in html
    assert responses() == []


def test_a_comment_over_the_limit_is_refused_with_the_input_kept(app, service):
    response = Citizen(app).submit(link(service), comment="x" * 1001)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Paling banyak 1.000 karakter; isian ini 1.001 karakter." in html
    assert "Mohon jawab kesembilan" not in html  # the heading names the real problem
    assert checked_answers(html) == ANSWERS
    assert "x" * 1001 in html
    assert responses() == []


def test_a_form_submitted_twice_stores_one_response(app, service):
    citizen = Citizen(app)
    first = citizen.submit(link(service))

    second = citizen.submit(link(service), reopen=False)

    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == f"/s/{service.code}/terima-kasih"
    assert len(responses()) == 1


def test_the_same_form_stored_meanwhile_by_a_parallel_request_gives_the_thanks(app, service):
    """Two requests with one form token pass the check together: the unique token stores one,
    and the loser's IntegrityError becomes the same thanks, not an error."""
    citizen = Citizen(app)
    citizen.open(link(service))
    token = citizen.tokens["form_token"]

    def the_other_request_commits_first(session, _context, _instances):
        with db.engine.begin() as other:
            other.execute(sa.insert(SurveyResponse).values(
                service_id=service.id, client_key="c" * 64, form_token=nonce_of(service, token),
                **dict(zip(SurveyResponse.ELEMENTS, [2] * 9, strict=True))))

    sa.event.listen(db.session, "before_flush", the_other_request_commits_first, once=True)
    try:
        response = citizen.submit(link(service), reopen=False)
    finally:
        if sa.event.contains(db.session, "before_flush", the_other_request_commits_first):
            sa.event.remove(db.session, "before_flush", the_other_request_commits_first)

    assert response.status_code == 303
    assert response.headers["Location"] == f"/s/{service.code}/terima-kasih"
    assert [answers_of(r) for r in responses()] == [[2] * 9]


def test_identical_answers_sent_at_once_from_two_forms_are_stored_once(app, org, service):
    """Two tabs, two forms, the same answers, one address, at the same moment: both requests
    pass the look-up for a repeat; the unique repeat key stores one, the other gets the thanks."""
    citizen = Citizen(app)

    def the_other_tab_commits_first(session, _context, _instances):
        [mine] = [r for r in session.new if isinstance(r, SurveyResponse)]
        with db.engine.begin() as other:
            other.execute(sa.insert(SurveyResponse).values(
                service_id=service.id, officer_id=mine.officer_id, client_key=mine.client_key,
                form_token="the-other-tabs-form", repeat_key=mine.repeat_key,
                **{name: getattr(mine, name) for name in SurveyResponse.ELEMENTS}))

    sa.event.listen(db.session, "before_flush", the_other_tab_commits_first, once=True)
    try:
        response = citizen.submit(link(service, org.asn))
    finally:
        if sa.event.contains(db.session, "before_flush", the_other_tab_commits_first):
            sa.event.remove(db.session, "before_flush", the_other_tab_commits_first)

    assert response.status_code == 303
    assert response.headers["Location"] == f"/s/{service.code}/terima-kasih"
    assert [r.form_token for r in responses()] == ["the-other-tabs-form"]


def test_identical_answers_from_one_client_within_ten_minutes_are_stored_once(app, org, service):
    citizen = Citizen(app)
    citizen.submit(link(service, org.asn))

    again = citizen.submit(link(service, org.asn))  # a fresh form, the same answers

    assert again.status_code == 303
    assert len(responses()) == 1


def test_identical_answers_from_one_address_are_stored_once_whatever_the_user_agent(
        app, org, service):
    Citizen(app).submit(link(service, org.asn))

    again = Citizen(app, OTHER_PHONE).submit(link(service, org.asn))

    assert again.status_code == 303
    assert len(responses()) == 1


def test_different_answers_or_another_officer_or_another_client_are_stored(app, org, service):
    citizen = Citizen(app)
    citizen.submit(link(service, org.asn))
    citizen.submit(link(service, org.asn), answers=[3] * 9)
    citizen.submit(link(service, org.peer))
    Citizen(app, address=OTHER_ADDRESS).submit(link(service, org.asn))

    assert [(r.officer_id, answers_of(r)) for r in responses()] == [
        (org.asn.employee_id, ANSWERS), (org.asn.employee_id, [3] * 9),
        (org.peer.employee_id, ANSWERS), (org.asn.employee_id, ANSWERS)]


# --- abuse ------------------------------------------------------------------------------------

def test_the_honeypot_drops_bots_behind_the_thanks_page(app, service):
    response = Citizen(app).submit(link(service), website="http://spam.example")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/s/{service.code}/terima-kasih"
    assert responses() == []


def test_a_burst_from_one_client_is_limited_with_a_clear_message_and_the_answers_kept(
        app, org, service):
    app.config["SURVEY_RATE_LIMIT"] = "3 per 10 minutes"
    citizen = Citizen(app)
    for answer in (1, 2, 3):
        assert citizen.submit(link(service), answers=[answer] * 9).status_code == 303

    response = citizen.submit(link(service, org.asn), answers=ANSWERS, comment="Tolong dibaca")

    assert response.status_code == 429
    assert "Retry-After" in response.headers
    html = response.get_data(as_text=True)
    assert LIMITED in html
    assert "<fieldset" in html and "Andi Pratama" in html  # the survey page itself
    assert checked_answers(html) == ANSWERS
    assert "Tolong dibaca" in html
    assert len(responses()) == 3


def test_the_rate_limit_counts_per_client_address(app, service):
    app.config["SURVEY_RATE_LIMIT"] = "2 per 10 minutes"
    phone = Citizen(app)
    for answer in (1, 2):
        phone.submit(link(service), answers=[answer] * 9)
    assert phone.submit(link(service), answers=[3] * 9).status_code == 429

    response = Citizen(app, address=OTHER_ADDRESS).submit(link(service), answers=[3] * 9)

    assert response.status_code == 303
    assert len(responses()) == 3


def test_a_client_changing_its_user_agent_on_every_post_is_still_limited(app, service):
    app.config["SURVEY_RATE_LIMIT"] = "3 per 10 minutes"
    for n in range(3):
        assert Citizen(app, f"{PHONE} bot/{n}").submit(link(service), answers=[n + 1] * 9
                                                       ).status_code == 303

    response = Citizen(app, f"{PHONE} bot/3").submit(link(service), answers=[4] * 9)

    assert response.status_code == 429
    assert LIMITED in response.get_data(as_text=True)
    assert len(responses()) == 3


def test_a_forwarded_for_header_is_ignored_without_a_trusted_proxy(app, service):
    app.config["SURVEY_RATE_LIMIT"] = "2 per 10 minutes"
    statuses = []
    for n in range(3):
        citizen = Citizen(app)
        citizen.headers["X-Forwarded-For"] = f"36.85.1.{n}"
        statuses.append(citizen.submit(link(service), answers=[n + 1] * 9).status_code)

    assert statuses == [303, 303, 429]
    assert {r.client_key for r in responses()} == {surveys.client_key(ADDRESS)}


# --- form tokens ------------------------------------------------------------------------------

FORGED = "Formulir ini tidak dikeluarkan oleh portal untuk layanan ini"


def fresh_token(html: str) -> str:
    return re.search(r'name="form_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("token", [
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",             # the random kind the portal used to issue
    "WyJ6enp6enoiLCJ4In0.aAbBcC.c2lnbmF0dXJlLW1hZGUtdXA",  # shaped like ours, signed by nobody
])
def test_a_form_token_the_portal_did_not_issue_is_refused_with_a_fresh_form(app, service, token):
    citizen = Citizen(app)
    citizen.open(link(service))
    citizen.tokens["form_token"] = token

    response = citizen.submit(link(service), comment="Cepat.", reopen=False)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert FORGED in html
    assert checked_answers(html) == ANSWERS and "Cepat." in html
    assert responses() == []
    citizen.tokens["form_token"] = fresh_token(html)  # the form given back is a real one
    assert citizen.submit(link(service), reopen=False).status_code == 303
    assert len(responses()) == 1


def test_a_form_token_issued_for_another_service_is_refused(app, org, service):
    other = make_service(org, name="Penerbitan Kartu Keluarga")
    citizen = Citizen(app)
    citizen.open(f"/s/{other.code}")

    response = citizen.submit(link(service), reopen=False)

    assert response.status_code == 400
    assert FORGED in response.get_data(as_text=True)
    assert responses() == []


def test_a_form_without_its_token_is_refused_with_the_answers_kept(app, service):
    citizen = Citizen(app)
    citizen.open(link(service))
    del citizen.tokens["form_token"]

    response = citizen.submit(link(service), reopen=False)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "kode formulir hilang" in html and checked_answers(html) == ANSWERS
    assert responses() == []


def test_an_old_form_is_refused_as_expired_and_given_back_fresh(app, service):
    citizen = Citizen(app)
    citizen.open(link(service))
    app.config["SURVEY_FORM_MAX_AGE"] = -1  # every form issued is now too old

    response = citizen.submit(link(service), reopen=False)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Formulir kedaluwarsa" in html and checked_answers(html) == ANSWERS
    assert responses() == []
    app.config["SURVEY_FORM_MAX_AGE"] = 3600
    citizen.tokens["form_token"] = fresh_token(html)
    assert citizen.submit(link(service), reopen=False).status_code == 303
    assert len(responses()) == 1


def test_reading_the_survey_is_not_limited(app, service):
    app.config["SURVEY_RATE_LIMIT"] = "1 per 10 minutes"
    citizen = Citizen(app)

    statuses = {citizen.open(link(service)).status_code for _ in range(3)}

    assert statuses == {200}


def test_a_script_in_a_comment_is_stored_as_text_and_shown_escaped(app, org, service, login_as):
    script = '<script>alert("xss")</script> & <b>tebal</b>'
    Citizen(app).submit(link(service), comment=script)
    [stored] = responses()
    assert stored.comment == script

    html = login_as(org.admin).get(
        f"/catalogue/services/{service.id}/comments?period={period_covering(stored)}"
    ).get_data(as_text=True)

    assert ("&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;"
            in html)
    assert "<script>alert" not in html and "<b>tebal</b>" not in html


def period_covering(response: SurveyResponse) -> int:
    """The id of the period of the response's year in Jambi (made, as a draft, if missing)."""
    import datetime as dt

    from portal.models import Period
    from portal.services.clock import JAMBI

    year = response.submitted_at.astimezone(JAMBI).year
    period = db.session.scalar(sa.select(Period).where(Period.year == year))
    if period is None:
        period = Period(year=year, targets_due=dt.date(year, 1, 31),
                        self_assessment_due=dt.date(year, 12, 15),
                        review_due=dt.date(year, 12, 31), calibration_due=dt.date(year + 1, 1, 15),
                        approval_due=dt.date(year + 1, 1, 31))
        db.session.add(period)
        db.session.commit()
    return period.id


def test_a_response_is_never_edited(app, service):
    Citizen(app).submit(link(service))
    [stored] = responses()

    stored.u1 = 1
    with pytest.raises(ValueError):
        db.session.commit()
    db.session.rollback()
    assert answers_of(responses()[0]) == ANSWERS


# --- links that name nothing ------------------------------------------------------------------

def test_an_unknown_service_code_is_not_found(app, service):
    citizen = Citizen(app)

    assert citizen.open("/s/zzzzzz").status_code == 404
    assert citizen.open("/s/zzzzzz/terima-kasih").status_code == 404


def test_an_officer_code_of_another_service_is_not_found(app, org, service):
    other = make_service(org, name="Penerbitan Kartu Keluarga", officers=(org.asn,))
    other_code = other.officers[0].code
    citizen = Citizen(app)
    citizen.open(link(service))

    assert citizen.open(f"/s/{service.code}/{other_code}").status_code == 404
    assert citizen.open(f"/s/{service.code}/zzzzzz").status_code == 404
    response = citizen.submit(f"/s/{service.code}/{other_code}", reopen=False)
    assert response.status_code == 404
    assert responses() == []


def test_posts_to_a_link_that_names_nothing_are_not_found_even_when_refused_early(app, service):
    """The rate limit and the CSRF check answer before the view: a bot posting to made-up
    codes must still get a plain 404, not a server error."""
    app.config["SURVEY_RATE_LIMIT"] = "1 per 10 minutes"
    citizen = Citizen(app)
    citizen.open(link(service))

    without_token = citizen.client.post("/s/zzzzzz", data={"u1": "4"}, headers=citizen.headers)
    citizen.submit(link(service))
    over_the_limit = citizen.submit("/s/zzzzzz", reopen=False)

    assert without_token.status_code == 404
    assert over_the_limit.status_code == 404
    assert "Retry-After" in over_the_limit.headers  # it was the limit that answered
    assert len(responses()) == 1


def test_an_inactive_service_takes_no_answers(app, org, service):
    catalogue.update_service(service, unit_id=service.unit_id, name=service.name,
                             standard_minutes=service.standard_minutes, active=False)

    assert Citizen(app).open(link(service)).status_code == 404


def test_an_expired_session_gives_the_form_back_with_the_answers_and_a_fresh_token(app, service):
    citizen = Citizen(app)
    url = link(service)
    citizen.open(url)
    citizen.tokens["csrf_token"] = "expired"

    response = citizen.submit(url, comment="Antre sebentar saja.", reopen=False)

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in html
    assert checked_answers(html) == ANSWERS
    assert "Antre sebentar saja." in html
    assert responses() == []
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    citizen.tokens["csrf_token"] = fresh  # the form given back is all the citizen needs
    assert citizen.submit(url, reopen=False).status_code == 303
    assert len(responses()) == 1


def test_behind_a_trusted_proxy_citizens_are_told_apart_by_their_forwarded_address(database_url):
    proxied = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                          "SQLALCHEMY_DATABASE_URI": database_url, "TRUSTED_PROXIES": 1})
    seen = []

    @proxied.route("/whoami")
    def whoami():
        seen.append(request.remote_addr)
        return ""

    proxied.test_client().get("/whoami", headers={"X-Forwarded-For": "36.85.1.2"},
                              environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert seen == ["36.85.1.2"]


# --- several app servers share one count ------------------------------------------------------

def _another_server(app, **settings):
    """A second app server on the same database (and settings), as another process starts one:
    create_app() binds the limiter again, so a count kept in process memory would start at 0."""
    return create_app({"TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"],
                       "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "SURVEY_RATE_LIMIT": app.config["SURVEY_RATE_LIMIT"], **settings})


def test_the_rate_limit_is_counted_in_the_database_and_shared_by_every_app_server(app, service):
    app.config["SURVEY_RATE_LIMIT"] = "2 per 10 minutes"
    for answer in (1, 2):
        assert Citizen(app).submit(link(service), answers=[answer] * 9).status_code == 303

    other = _another_server(app)
    on_the_other = Citizen(other).submit(link(service), answers=[3] * 9)
    back_on_the_first = Citizen(app).submit(link(service), answers=[4] * 9)

    assert on_the_other.status_code == 429
    assert LIMITED in on_the_other.get_data(as_text=True)
    assert 0 < int(on_the_other.headers["Retry-After"]) <= 600
    assert back_on_the_first.status_code == 429
    assert len(responses()) == 2
    counts = db.session.execute(sa.select(RateLimitCount.key, RateLimitCount.count)).all()
    assert [count for _key, count in counts] == [4]  # every post counts, the refused ones too
    assert ADDRESS in counts[0].key


def test_with_redis_configured_the_rate_limit_is_counted_in_redis_and_shared(
        app, service, redis_url):
    import redis

    app.config["SURVEY_RATE_LIMIT"] = "2 per 10 minutes"
    first = _another_server(app, REDIS_URL=redis_url)
    for answer in (1, 2):
        assert Citizen(first).submit(link(service), answers=[answer] * 9).status_code == 303

    second = _another_server(app, REDIS_URL=redis_url)
    response = Citizen(second).submit(link(service), answers=[3] * 9)

    assert response.status_code == 429
    assert LIMITED in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
    assert len(responses()) == 2
    with redis.Redis.from_url(redis_url) as client:
        keys = [key.decode() for key in client.keys("LIMITS*")]
        assert len(keys) == 1 and ADDRESS in keys[0] and int(client.get(keys[0])) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RateLimitCount)) == 0


def test_with_redis_down_the_rate_limit_counts_in_the_database_and_says_so_in_the_log(
        app, service, caplog):
    app.config["SURVEY_RATE_LIMIT"] = "2 per 10 minutes"
    server = _another_server(app, REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there

    with caplog.at_level("WARNING", logger="portal.ratelimits"):
        posts = [Citizen(server).submit(link(service), answers=[answer] * 9)
                 for answer in (1, 2, 3)]

    assert [post.status_code for post in posts] == [303, 303, 429]  # limited, not failing
    assert len(responses()) == 2
    assert [count for (count,) in db.session.execute(sa.select(RateLimitCount.count))] == [3]
    warnings = [r.getMessage() for r in caplog.records if r.name == "portal.ratelimits"]
    assert len(warnings) == 1 and "Redis unreachable" in warnings[0]
