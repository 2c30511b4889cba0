"""The templates' helpers that remember their answers (portal.templating, portal.i18n) answer
what flask_babel and Jinja answer: numbers and dates formatted once per locale, pattern and
value; label mappings translated once per catalogue; a macro import without context reusing
Jinja's module of the imported template."""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal

import pytest
from flask import render_template_string, session, url_for
from flask_babel import (
    force_locale, format_date, format_datetime, format_decimal, format_time, gettext,
)
from jinja2 import DictLoader, Environment, pass_context, pass_environment, pass_eval_context
from markupsafe import Markup, escape

from portal.i18n import translated
from portal.labels import STATE_LABELS
from portal.templating import PortalContext, PortalTemplate


def _request(app):
    """A request of its own: a fresh application context too (the fixture's is active), so
    flask_babel chooses the locale anew."""
    stack = contextlib.ExitStack()
    stack.enter_context(app.app_context())
    stack.enter_context(app.test_request_context("/"))
    return stack


NUMBERS = [0, 7, 1234, 1234567, -5, Decimal("1.5"), Decimal("1.50"), Decimal("1234.567"),
           Decimal("-0"), 0.1 + 0.2, 1000.0, 2.5]
PATTERNS = [None, "#,##0.00", "#,##0.#"]
DAYS = [dt.date(2027, 1, 31), dt.date(2026, 12, 3)]
DATE_FORMATS = ["long", "short", "medium", "d MMM", "EEEE, d MMMM y"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_numbers_and_dates_are_written_as_flask_babel_writes_them(app, lang):
    number, date = app.jinja_env.filters["number"], app.jinja_env.filters["date"]
    with _request(app):
        session["lang"] = lang
        for value in NUMBERS:
            for pattern in PATTERNS:
                # Twice: the second answer is the remembered one.
                assert number(value, pattern) == format_decimal(value, pattern), (value, pattern)
                assert number(value, pattern) == format_decimal(value, pattern), (value, pattern)
        for day in DAYS:
            for fmt in DATE_FORMATS:
                assert date(day, fmt) == date(day, fmt) == format_date(day, fmt), (day, fmt)
        moment = dt.datetime(2026, 12, 31, 20, 30, tzinfo=dt.UTC)  # 1 January in Jambi
        assert date(moment) == format_date(moment, "long")
        assert number(None) == "" and date(None) == ""


def test_a_remembered_number_or_date_follows_the_locale_of_each_request(app):
    number, date = app.jinja_env.filters["number"], app.jinja_env.filters["date"]
    seen = {}
    for lang in ("id", "en", "id", "en"):
        with _request(app):
            session["lang"] = lang
            seen.setdefault(lang, set()).add((number(1234567), date(DAYS[0])))
    assert seen == {"id": {("1.234.567", "31 Januari 2027")},
                    "en": {("1,234,567", "January 31, 2027")}}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_moments_are_written_as_flask_babel_writes_them_in_the_apps_time_zone(app, lang):
    moment_filter = app.jinja_env.filters["datetime"]
    moments = [dt.datetime(2026, 12, 31, 20, 30, tzinfo=dt.UTC),  # 1 January in Jambi
               dt.datetime(2026, 3, 5, 1, 2, 3), dt.datetime(2026, 3, 5, 1, 2, 3, 999)]
    with _request(app):
        session["lang"] = lang
        for moment in moments:
            for fmt in ("medium", "short", "long", "d MMM y HH:mm"):
                # Twice: the second answer is the remembered one.
                assert moment_filter(moment, fmt) == format_datetime(moment, fmt), (moment, fmt)
                assert moment_filter(moment, fmt) == format_datetime(moment, fmt), (moment, fmt)
        assert moment_filter(moments[0]) == format_datetime(moments[0], "medium")
        assert moment_filter(None) == ""
    app.config["BABEL_DEFAULT_TIMEZONE"] = "UTC"  # another zone: not the remembered text
    with _request(app):
        session["lang"] = lang
        assert moment_filter(moments[0]) == format_datetime(moments[0], "medium")


def test_a_time_of_day_is_written_in_the_readers_locale_and_the_apps_time_zone(app):
    time_filter = app.jinja_env.filters["time"]
    moment = dt.datetime(2026, 12, 3, 23, 44, 6, tzinfo=dt.UTC)  # 06.44 on 4 December in Jambi
    written = {}
    for lang in ("id", "en", "id"):
        with _request(app):
            session["lang"] = lang
            written.setdefault(lang, set()).add(time_filter(moment))
            assert time_filter(moment) == format_time(moment, "medium")
            assert time_filter(None) == ""
    assert written["id"] == {"06.44.06"}
    assert written["en"] == {"6:44:06\u202fAM"} or written["en"] == {"6:44:06 AM"}


def test_a_true_is_not_taken_for_the_number_one(app):
    number = app.jinja_env.filters["number"]
    with _request(app):
        assert number(1) == "1"
        with pytest.raises(Exception):  # noqa: B017 - Babel's own refusal, as before
            number(True)


def test_labels_are_translated_as_a_template_writes_a_lazy_label(app):
    for lang, reviewed in (("id", "Dinilai atasan"), ("en", None), ("id", "Dinilai atasan")):
        with _request(app):
            session["lang"] = lang
            labels = translated(STATE_LABELS)
            assert labels == {state: Markup(str(label)) for state, label in STATE_LABELS.items()}
            assert all(isinstance(text, Markup) for text in labels.values())
            if reviewed:
                assert labels["reviewed"] == reviewed
            else:
                assert labels["reviewed"] != "Dinilai atasan"
            with force_locale("en" if lang == "id" else "id"):
                other = translated(STATE_LABELS)
                assert other == {state: Markup(str(label))
                                 for state, label in STATE_LABELS.items()}
                assert other != labels


TEMPLATES = {
    "macros.html": "{% macro hello(name) %}Hello {{ name }}{{ suffix or '' }}{% endmacro %}",
    "page.html": '{% from "macros.html" import hello %}{{ hello(who) }}',
}


def test_a_macro_import_reuses_the_imported_templates_module():
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.template_class = PortalTemplate
    page = env.get_template("page.html")

    assert page.render(who="<Ani>") == "Hello &lt;Ani&gt;"
    module = env.get_template("macros.html")._module
    assert page.render(who="Budi") == "Hello Budi"
    assert env.get_template("macros.html")._module is module


def test_a_macro_import_still_sees_globals_the_imported_template_lacks():
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.template_class = PortalTemplate
    env.get_template("macros.html")  # loaded (and cached) without the page's own globals
    page = env.get_template("page.html", globals={"suffix": "!"})

    assert page.render(who="Ani") == "Hello Ani!"
    assert isinstance(page, PortalTemplate)


def test_a_templates_own_globals_win_over_the_environments_in_the_page_and_its_includes():
    env = Environment(loader=DictLoader({
        "part.html": "{{ who }} {{ where }}",
        "page.html": '{{ who }} {{ where }}|{% include "part.html" %}'}), autoescape=True)
    env.template_class = PortalTemplate
    env.globals.update(who="Ani", where="Jambi")
    page = env.get_template("page.html", globals={"who": "Budi"})

    assert page.render() == "Budi Jambi|Budi Jambi"
    assert page.render(where="Muaro") == "Budi Muaro|Budi Muaro"
    env.globals["where"] = "Kerinci"  # read at each render, as Jinja's ChainMap is
    assert page.render() == "Budi Kerinci|Budi Kerinci"


class _Html:
    def __html__(self):
        return "<b>safe</b>"


class _Text(str):
    pass


# Values as templates write them: plain text with every character to escape, Markup, numbers,
# None, a lazy label, a str subclass and an object with __html__.
WRITTEN = ["", "Ani", 'a<b>&"c\'d', "  \n<", Markup("<i>x</i> &amp;"), Markup(""), 0, -12,
           10**30, True, 2.5, Decimal("1.50"), None, STATE_LABELS["draft_targets"], _Html(),
           _Text("<x>")]


def test_a_templates_values_are_escaped_as_markupsafe_escapes_them():
    env = Environment(autoescape=True)
    env.template_class = PortalTemplate
    plain = Environment(autoescape=True)  # Jinja's own template: markupsafe's escape
    source = "{{ value }}|{{ [value] | first }}|{% set held %}{{ value }}{% endset %}{{ held }}"
    template = env.from_string(source)
    ours = template.root_render_func.__globals__["escape"]
    assert ours is not escape  # the compiled template writes its values through ours
    for value in WRITTEN:
        assert template.render(value=value) == plain.from_string(source).render(value=value)
        made = ours(value)
        assert type(made) is Markup and made == escape(value), value


class _Shout:
    """A callable object whose __call__ takes the context (Jinja looks at __call__ too)."""

    @pass_context
    def __call__(self, context, text):
        return f"{text}:{context.get('who')}"


class _Host:
    @pass_context
    def named(self, context, text):
        return f"{text}/{context.get('who')}"


def _stop():
    raise StopIteration


CALLS = """{% macro twice(x) %}{{ x }}{{ x }}{% endmacro -%}
{{ ctx("a") }} {{ ev("b") }} {{ en("c") }} {{ plain("d", e="f") }} {{ d.get("k") }}
{{ host.named("m") }} {{ shout("s") }} {{ twice("t") }} {{ stop() is undefined }}
{% for who in ["loop"] %}{{ ctx("in") }}{% set inner = "set" %}{{ ctx(inner) }}{% endfor %}
{% block body %}{% set who = "block" %}{{ ctx("b") }}{{ twice(ctx("c")) }}{% endblock %}"""


def test_a_templates_calls_pass_what_jinjas_own_context_passes():
    helpers = {
        "ctx": pass_context(
            lambda context, text: f"{text}={context.get('who')}/{context.get('inner')}"),
        "ev": pass_eval_context(lambda eval_ctx, text: f"{text}:{eval_ctx.autoescape}"),
        "en": pass_environment(lambda environment, text: f"{text}:{environment.autoescape}"),
        "plain": lambda text, e: text + e, "d": {"k": "v"}, "host": _Host(), "shout": _Shout(),
        "stop": _stop, "who": "page"}
    ours = Environment(autoescape=True)
    ours.context_class = PortalContext
    plain = Environment(autoescape=True)  # Jinja's own Context.call
    written = ours.from_string(CALLS).render(**helpers)
    assert written == plain.from_string(CALLS).render(**helpers)
    # The variables set in a loop or a block reach a pass_context function, as in Jinja.
    assert "a=page/None" in written and "set=page/set" in written and "b=block/None" in written


# Texts as templates give them to `_()`: placeholders plain, with flags, doubled percent signs.
TEXTS = ["Beranda", "Selamat datang, %(name)s", "%(count)s dari %(total)s", "Naik 5%%",
         "Batas %(max)d berkas", "%(name)s (%(count)s)", "Lebih dari %(value).1f"]
VALUES = {"name": 'Ani <b>"Rahmawati"</b> & co', "count": 7, "total": Markup("<i>9</i>"),
          "max": 3, "value": 2.25}


SOURCE = "{{ _(text, **variables) }}|{{ _(text) if not variables }}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_templates_translation_is_filled_as_jinjas_gettext_fills_it(app, lang):
    jinja = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_callables(gettext, lambda s, p, n: s, newstyle=True)
    with _request(app):
        session["lang"] = lang
        for text in TEXTS:
            variables = {name: VALUES[name] for name in re.findall(r"%\((\w+)\)", text)}
            ours = app.jinja_env.from_string(SOURCE).render(text=text, variables=variables)
            # Twice: the second time from the texts remembered for the catalogue.
            assert ours == app.jinja_env.from_string(SOURCE).render(text=text,
                                                                   variables=variables)
            assert ours == jinja.from_string(SOURCE).render(text=text, variables=variables), text


LINKS = ("{{ url_for('monitoring.index', state='reviewed', agency=2) }}|"
         "{{ url_for('assessments.show', assessment_id=5) }}|"
         "{{ url_for('home.index', _external=True) }}|{{ url_for('static', filename='x.css') }}")


def test_a_templates_links_are_flask_url_for_under_each_script_root(app):
    for base in ("http://localhost/", "http://localhost/kinerja/", "http://localhost/"):
        with app.app_context(), app.test_request_context("/", base_url=base):
            expected = "|".join([
                url_for("monitoring.index", state="reviewed", agency=2),
                url_for("assessments.show", assessment_id=5),
                url_for("home.index", _external=True), url_for("static", filename="x.css")])
            assert render_template_string(LINKS) == expected.replace("&", "&amp;")
            assert expected.startswith(base[len("http://localhost"):] + "monitoring/?state=")
