"""Translations found once per request (portal.i18n) still follow the request's language and
force_locale, in templates and in the labels' lazy strings."""
from __future__ import annotations

from flask import render_template_string, session
from flask_babel import force_locale, refresh

from portal.labels import STATE_LABELS


def _texts() -> tuple[str, str]:
    return (render_template_string('{{ _("Keluar") }}|{{ STATE_LABELS["approved"] }}'),
            str(STATE_LABELS["approved"]))


def test_templates_and_labels_follow_the_request_language_and_force_locale(app):
    with app.test_request_context():
        session["lang"] = "en"
        refresh()  # the test's app context (and its cached locale) outlives the request
        assert _texts() == ("Log out|Approved", "Approved")
        with force_locale("id"):  # documents and e-mail are Indonesian whatever the reader's
            assert _texts() == ("Keluar|Disetujui", "Disetujui")
        assert _texts() == ("Log out|Approved", "Approved")


def test_a_request_in_indonesian_after_one_in_english_is_in_indonesian(app):
    for lang, expected in (("en", "Log out|Approved"), ("id", "Keluar|Disetujui")):
        with app.test_request_context():
            session["lang"] = lang
            refresh()
            assert _texts()[0] == expected
