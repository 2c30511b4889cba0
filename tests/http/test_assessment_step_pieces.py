"""The pieces of the assessment page that are the same for every assessment in a state (the
stepper with the step's name and hint, the step's help), a section (the heading and link of a
section on demand) or a shape (the identity blocks) are made once per language, key and script
root (portal.templating.made_once) and reused, each page's values put in their slots:
each page still shows its own state, language, people and links, and its own deadline in the
help."""
from __future__ import annotations

import re

from flask_babel import force_locale

from portal.extensions import db
from portal.help.content import STEP_HELP
from portal.i18n import per_catalogue
from portal.labels import STATE_LABELS
from portal.models import Assessment


def _set_state(assessment_id: int, state: str) -> None:
    db.session.get(Assessment, assessment_id).state = state
    db.session.commit()


def _shown(html: str) -> tuple[str, str, str]:
    """(the stepper's current step, the step's title, the help's first answer) of a page."""
    current = re.search(r'<li class="current"\s+aria-current="step">([^<]+)</li>', html).group(1)
    title = re.search(r'<span class="state" data-state="[^"]+">([^<]+)</span>', html).group(1)
    what = re.search(r"<dd>([^<]+)</dd>", html[html.index('class="step-help"'):]).group(1)
    return current, title, what


def _expected(app, state: str, lang: str) -> tuple[str, str, str]:
    with app.test_request_context("/"), force_locale(lang):
        label = str(STATE_LABELS[state])
        return label, label, str(STEP_HELP[state]["what"])


def test_each_page_shows_its_own_state_in_its_own_language(app, org, login_as):
    assessment_id = org.assessment_id(org.asn)
    client = login_as(org.asn)
    for lang in ("id", "en"):
        if lang == "en":
            client.post("/auth/language/en", data={"next": "/"}, htmx=False)
        for state in ("draft_targets", "targets_submitted", "draft_targets"):
            _set_state(assessment_id, state)

            html = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)

            assert _shown(html) == _expected(app, state, lang), (lang, state)


def test_the_help_links_follow_the_script_root_and_the_deadline_is_each_pages(app, org, login_as):
    assessment_id = org.assessment_id(org.asn)
    client = login_as(org.asn)

    plain = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    rooted = client.get(f"/assessments/{assessment_id}",
                        base_url="http://localhost/kinerja").get_data(as_text=True)

    help_links = re.compile(r'<a href="([^"]+)">[^<]+</a> · <a href="([^"]+)">')
    assert help_links.search(plain).group(2) == "/help/glossary"
    assert help_links.search(rooted).group(2) == "/kinerja/help/glossary"
    deadline = re.search(r'<dt>Batas waktu</dt><dd>([^<]+)</dd>', plain)
    due = re.search(r'data-due="([^"]+)"', plain)
    assert (deadline is None) == (due is None)  # written when the step has one, with the page


def test_the_pieces_are_made_once_per_language_and_state(app, org, login_as):
    assessment_id = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.get(f"/assessments/{assessment_id}")
    with app.test_request_context("/"):
        made = per_catalogue()
        kept = dict(made)
        made.clear()  # forget them, then count what the next pages make

    for _ in range(3):
        client.get(f"/assessments/{assessment_id}")
    with app.test_request_context("/"):
        made = per_catalogue()
        # Other per-catalogue texts (the draft forms' translated choices) are not the step's.
        pieces = sorted(key[0] for key in made if str(key[0]).endswith(".html"))
        # The layout's frame, its badge and its (no) flashed messages are made once too.
        assert pieces == ["_flashed.html", "_layout_frame.html",
                          "assessments/_approach.html", "assessments/_identity.html",
                          "assessments/_lampiran_collapsed.html",
                          "assessments/_loaded_later.html", "assessments/_on_demand.html",
                          "assessments/_stepper.html", "followup/_assessment_slot.html",
                          "help/_step_help.html", "notifications/_badge.html"]
        made.update(kept)


def test_each_page_shows_its_own_people_and_section_links(app, org, login_as):
    """The supervisor sees the ASN's and the peer's pages, each with its own employee in the
    identity blocks and its own URL in the links of the sections on demand, the timeline and
    the history (under a script root too); the supervisor's own SKP names the head as its
    assessor."""
    client = login_as(org.supervisor)
    for persona, name, assessor in [(org.asn, "Andi Pratama", "Rahmawati, S.Sos"),
                                    (org.peer, "Siti Nurhaliza", "Rahmawati, S.Sos"),
                                    (org.supervisor, "Rahmawati, S.Sos", "Drs. Hendra Saputra")]:
        assessment_id = org.assessment_id(persona)
        for root in ("", "/kinerja"):
            html = client.get(f"/assessments/{assessment_id}",
                              base_url=f"http://localhost{root}").get_data(as_text=True)

            blocks = re.findall(r"<dt>Nama</dt><dd>([^<]+)</dd>", html)
            assert blocks == [name, assessor], (persona, root)
            links = re.findall(r'<a href="([^"]+)" hx-get="\1" hx-target="#section-(\w+)"', html)
            assert links, (persona, root)
            assert all(href == f"{root}/assessments/{assessment_id}/sections/{section}"
                       for href, section in links), (persona, root, links)
            later = re.findall(r'<a href="([^"]+)" hx-get="\1" hx-target="#(\w+)-body"', html)
            assert later == [(f"{root}/assessments/{assessment_id}/{name}", name)
                             for name in ("timeline", "history")], (persona, root)
